"""The kinds of file an office can import (and export in the same format)."""

from hamahang.imports.kinds import followups, meetings, outcomes, projects, referrals, units

KINDS = {
    module.KEY: module for module in (units, projects, meetings, followups, outcomes, referrals)
}
# The order a full export is imported back in: units and projects before the meetings that
# refer to their cases and projects.
ORDER = ["units", "projects", "meetings", "followups", "outcomes", "referrals"]
