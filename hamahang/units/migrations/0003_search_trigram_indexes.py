# Persian free-text search (LIKE '%…%' on the search key) from trigram indexes on PostgreSQL.

from django.db import migrations

from hamahang.core.db import trigram_search_index


class Migration(migrations.Migration):
    dependencies = [("units", "0002_indexes_for_open_work")]

    operations = [
        trigram_search_index("units_productionunit", "unit_search_trgm"),
        trigram_search_index("units_supportcase", "case_search_trgm"),
    ]
