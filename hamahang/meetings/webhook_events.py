"""What the meetings app tells other government systems (hamahang.webhooks): a resolution
issued, an assignment closed. Explicit public-safe fields only: codes, dates, statuses, the
committee's and agencies' names; never a person, never the resolution's free text (it may
name people), and nothing at all about a confidential resolution."""

from __future__ import annotations

from hamahang.core.jalali import format_jalali
from hamahang.meetings.models import Assignment, Resolution
from hamahang.webhooks import events
from hamahang.webhooks.models import Event


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _jalali(value) -> str | None:
    return format_jalali(value) if value else None


def _resolution_fields(resolution: Resolution) -> dict:
    committee = resolution.committee
    return {
        "code": resolution.code,
        "committee": committee.name,
        "province": committee.province.name,
        "meeting_date": _date(resolution.meeting_date),
        "meeting_date_jalali": _jalali(resolution.meeting_date),
        "type": resolution.type,
        "type_label": resolution.get_type_display(),
    }


def emit_resolution_issued(resolution: Resolution, *, key: str) -> None:
    """After a resolution is recorded with its assignments (or issued to one more agency)."""
    resolution = Resolution.objects.select_related("committee__province").get(pk=resolution.pk)
    if resolution.is_confidential:
        return
    assignments = resolution.assignments.select_related("agency").order_by("pk")
    events.emit(
        Event.RESOLUTION_ISSUED,
        province_id=resolution.committee.province_id,
        key=key,
        payload={
            **_resolution_fields(resolution),
            "status": resolution.status,
            "status_label": resolution.get_status_display(),
            "assignments": [
                {
                    "agency": row.agency.name,
                    "role": row.role,
                    "role_label": row.get_role_display(),
                    "deadline": _date(row.deadline),
                    "deadline_jalali": _jalali(row.deadline),
                }
                for row in assignments
            ],
        },
    )


def emit_assignment_closed(assignment: Assignment) -> None:
    """When an assignment reaches a closed status (verified done, not implemented, cancelled,
    not feasible). Keyed by its version: reopened and closed again is a new event."""
    row = Assignment.objects.select_related("agency", "resolution__committee__province").get(
        pk=assignment.pk
    )
    if row.status not in Assignment.CLOSED_STATUSES or row.resolution.is_confidential:
        return
    events.emit(
        Event.ASSIGNMENT_CLOSED,
        province_id=row.resolution.committee.province_id,
        key=f"assignment.closed:{row.pk}:{row.version}",
        payload={
            "resolution": _resolution_fields(row.resolution),
            "agency": row.agency.name,
            "role": row.role,
            "role_label": row.get_role_display(),
            "deadline": _date(row.deadline),
            "deadline_jalali": _jalali(row.deadline),
            "status": row.status,
            "status_label": row.get_status_display(),
            "progress": row.progress,
            "closed_on": _date(row.closed_on),
            "closed_on_jalali": _jalali(row.closed_on),
        },
    )
