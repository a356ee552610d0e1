# The data version moved to core (core.DataVersion); reports keeps no tables of its own.
