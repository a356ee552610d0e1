"""Every write of the meetings domain. Keyword-only, validated, atomic, with an event row.

One module per area: `meetings` (meetings, attendance, agenda), `resolutions` (resolutions,
their assignments and the state derived from them), `assignments` (reports, review,
deadlines, status), `bulk` (imports: many rows through the same rules). Callers import from
this package.
"""

from hamahang.meetings.services._common import require_held
from hamahang.meetings.services.assignments import (
    assignment_allowed_statuses,
    assignment_extend_deadline,
    assignment_report,
    assignment_set_status,
    assignments_bulk_extend,
    assignments_bulk_set_status,
    followup_accept,
    followup_return,
)
from hamahang.meetings.services.bulk import (
    AssignmentRow,
    MeetingRow,
    ResolutionRow,
    meetings_bulk_upsert,
)
from hamahang.meetings.services.inbox import inbox_visit
from hamahang.meetings.services.meetings import (
    AttendanceRow,
    agenda_add_resolutions,
    agenda_carry_over,
    agenda_item_add,
    agenda_refer_cases,
    meeting_create,
    meeting_record_attendance,
    meeting_transition,
    meeting_update,
)
from hamahang.meetings.services.objections import (
    objection_decide,
    objection_file,
    objection_window_end,
)
from hamahang.meetings.services.referrals import (
    referral_decide,
    referral_receive,
    referral_resend,
    referral_send,
    referral_withdraw,
)
from hamahang.meetings.services.reliefs import (
    agenda_add_reliefs,
    reliefs_schedule_all,
    resolution_code_obstacle,
    resolution_set_relief_expiry,
)
from hamahang.meetings.services.resolutions import (
    AssignmentSpec,
    resolution_assign,
    resolution_code,
    resolution_create,
    resolution_derived_state,
    resolution_publish,
    resolution_roll_up,
    resolution_unpublish,
    resolution_update,
    resolutions_bulk_publish,
    working_day_count,
)

__all__ = [
    "AssignmentRow",
    "AssignmentSpec",
    "AttendanceRow",
    "MeetingRow",
    "ResolutionRow",
    "agenda_add_reliefs",
    "agenda_add_resolutions",
    "agenda_carry_over",
    "agenda_item_add",
    "agenda_refer_cases",
    "assignment_allowed_statuses",
    "assignment_extend_deadline",
    "assignment_report",
    "assignment_set_status",
    "assignments_bulk_extend",
    "assignments_bulk_set_status",
    "followup_accept",
    "followup_return",
    "inbox_visit",
    "meeting_create",
    "meeting_record_attendance",
    "meeting_transition",
    "meeting_update",
    "meetings_bulk_upsert",
    "objection_decide",
    "objection_file",
    "objection_window_end",
    "referral_decide",
    "referral_receive",
    "referral_resend",
    "referral_send",
    "referral_withdraw",
    "reliefs_schedule_all",
    "require_held",
    "resolution_assign",
    "resolution_code",
    "resolution_code_obstacle",
    "resolution_create",
    "resolution_derived_state",
    "resolution_publish",
    "resolution_roll_up",
    "resolution_set_relief_expiry",
    "resolution_unpublish",
    "resolution_update",
    "resolutions_bulk_publish",
    "working_day_count",
]
