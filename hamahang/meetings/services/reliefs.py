"""Temporary reliefs and their sunset (سررسید مهلت حمایتی).

A deferral, enforcement postponement or no-cut-off resolution holds until its expiry date
(`Resolution.relief_expires_on`). The rules every write path (screens, API, Excel) goes
through are here: the expiry is required for a new relief and falls after the meeting; and a
relief expiring before the committee's next planned meeting + `AGENDA_MARGIN_DAYS` goes onto
that meeting's agenda by itself, the same way open resolutions are carried over (an agenda
item that carries the resolution, with the reason «پایان اعتبار مصوبه»).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from hamahang.accounts.access import require_secretariat
from hamahang.core.jalali import format_jalali, today
from hamahang.meetings.models import AgendaItem, Meeting, Resolution, ResolutionEvent
from hamahang.meetings.services._common import (
    Event,
    _code,
    _lock,
    _record,
    _require_resolutions,
)
from hamahang.units.obstacles import clean_obstacle

# A relief expiring up to this many days after a planned meeting is discussed at it (the
# committee decides on a renewal before the relief lapses, not after).
AGENDA_MARGIN_DAYS = 30

__all__ = ["clean_obstacle"]


def clean_relief_expiry(
    *, type: str, expires_on: dt.date | None, meeting_date: dt.date, required: bool = True
) -> dt.date | None:
    """The expiry date of a relief: required (for new ones), after the meeting; none for a
    resolution that is not a relief."""
    if type not in Resolution.RELIEF_TYPES:
        return None
    if expires_on is None:
        if required:
            raise ValidationError(
                {
                    "relief_expires_on": ValidationError(
                        "تاریخ پایان اعتبار این مهلت حمایتی را بنویسید.",
                        code="relief_expiry_required",
                    )
                }
            )
        return None
    if expires_on <= meeting_date:
        raise ValidationError(
            {
                "relief_expires_on": ValidationError(
                    f"تاریخ پایان اعتبار ({format_jalali(expires_on)}) باید "
                    f"پس از تاریخ جلسه ({format_jalali(meeting_date)}) باشد.",
                    code="relief_expiry_before_meeting",
                )
            }
        )
    return expires_on


def expiry_title(resolution: Resolution) -> str:
    """The agenda title of an expiring relief: its code and date, never its text."""
    return (
        f"پایان اعتبار مصوبه {_code(resolution.code)} "
        f"در {format_jalali(resolution.relief_expires_on)}"
    )


def reliefs_due_for(meeting: Meeting) -> QuerySet[Resolution]:
    """The committee's reliefs to discuss at `meeting`: expiring from today (or the meeting,
    if earlier) to the meeting + the margin, not already on another coming agenda for expiry
    (one discussed at a past meeting and renewed comes again as its new expiry nears)."""
    start = min(today(), meeting.date)
    elsewhere = (
        AgendaItem.objects.filter(reason=AgendaItem.Reason.RELIEF_EXPIRY, meeting__date__gte=start)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .exclude(meeting=meeting)
    )
    return (
        Resolution.objects.filter(
            committee_id=meeting.committee_id,
            type__in=Resolution.RELIEF_TYPES,
            relief_expires_on__gte=start,
            relief_expires_on__lte=meeting.date + dt.timedelta(days=AGENDA_MARGIN_DAYS),
            meeting_date__lt=meeting.date,
        )
        .exclude(status=Resolution.Status.CANCELLED)
        .exclude(pk__in=elsewhere.values("carried_resolution"))
    )


def agenda_add_reliefs(*, meeting: Meeting, acting_user=None) -> int:
    """Put the reliefs expiring soon on a planned or held (editable) meeting's agenda, each
    once; a resolution already carried there for follow-up is marked as expiring instead."""
    if not meeting.is_editable:
        return 0
    due = list(reliefs_due_for(meeting).order_by("relief_expires_on", "pk"))
    if not due:
        return 0
    carried = {
        item.carried_resolution_id: item
        for item in meeting.agenda_items.exclude(carried_resolution=None)
    }
    order = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    added = []
    for resolution in due:
        item = carried.get(resolution.pk)
        if item is not None:
            if item.reason != AgendaItem.Reason.RELIEF_EXPIRY:
                item.reason = AgendaItem.Reason.RELIEF_EXPIRY
                item.title = expiry_title(resolution)
                item.save(update_fields=["reason", "title"])
            continue
        order += 1
        added.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                title=expiry_title(resolution),
                carried_resolution=resolution,
                reason=AgendaItem.Reason.RELIEF_EXPIRY,
            )
        )
    AgendaItem.objects.bulk_create(added)
    ResolutionEvent.objects.bulk_create(
        ResolutionEvent(
            resolution=item.carried_resolution,
            actor=acting_user,
            kind=Event.CARRIED_OVER,
            description=f"پایان اعتبار این مصوبه در دستور {meeting} قرار گرفت.",
        )
        for item in added
    )
    return len(added)


def next_planned_meeting(committee_id: int, after: dt.date | None = None) -> Meeting | None:
    """The committee's next planned meeting on or after `after` (today by default)."""
    return (
        Meeting.objects.filter(
            committee_id=committee_id,
            status=Meeting.Status.PLANNED,
            date__gte=after or today(),
        )
        .order_by("date", "number")
        .first()
    )


def relief_schedule(resolution: Resolution, acting_user=None) -> int:
    """A relief just recorded or changed: onto the next planned meeting's agenda if due."""
    if resolution.type not in Resolution.RELIEF_TYPES or resolution.relief_expires_on is None:
        return 0
    meeting = next_planned_meeting(resolution.committee_id)
    if meeting is None:
        return 0
    return agenda_add_reliefs(meeting=meeting, acting_user=acting_user)


def reliefs_schedule_all(*, as_of: dt.date | None = None) -> int:
    """Every committee's next planned meeting takes its expiring reliefs (the daily command
    and the demo): what a relief recorded long ago needs as its expiry comes near."""
    as_of = as_of or today()
    committees = (
        Resolution.objects.filter(
            Q(relief_expires_on__gte=as_of),
            type__in=Resolution.RELIEF_TYPES,
        )
        .values_list("committee_id", flat=True)
        .distinct()
    )
    total = 0
    for committee_id in set(committees):
        meeting = next_planned_meeting(committee_id, as_of)
        if meeting is not None:
            total += agenda_add_reliefs(meeting=meeting)
    return total


@transaction.atomic
def resolution_code_obstacle(
    *, resolution: Resolution, obstacle: str, legal_basis: str, acting_user
) -> Resolution:
    """Code a resolution by obstacle and legal basis. A classification, not the minutes' text:
    allowed after the minutes are approved (the office codes its back catalogue)."""
    _require_resolutions(acting_user, resolution)
    require_secretariat(acting_user)
    obstacle, legal_basis = clean_obstacle(obstacle, legal_basis)
    row = _lock(Resolution, resolution.pk)
    if (row.obstacle, row.legal_basis) == (obstacle, legal_basis):
        return row
    row.obstacle, row.legal_basis = obstacle, legal_basis
    row.save(update_fields=["obstacle", "legal_basis", "updated_at"])
    label = row.get_obstacle_display() if obstacle else "بدون مانع"
    _record(row, Event.EDITED, f"مانع مصوبه {_code(row.code)}: «{label}».", acting_user)
    return row


@transaction.atomic
def resolution_set_relief_expiry(
    *, resolution: Resolution, expires_on: dt.date | None, acting_user
) -> Resolution:
    """Record (or correct) the expiry of a relief, also on approved minutes: the date the
    minutes state, filled in for reliefs recorded without one (the ledger's gap list)."""
    _require_resolutions(acting_user, resolution)
    require_secretariat(acting_user)
    row = _lock(Resolution, resolution.pk)
    if row.type not in Resolution.RELIEF_TYPES:
        raise ValidationError(
            {
                "relief_expires_on": ValidationError(
                    "این مصوبه مهلت حمایتی نیست و تاریخ پایان اعتبار ندارد.", code="not_a_relief"
                )
            }
        )
    expires_on = clean_relief_expiry(
        type=row.type, expires_on=expires_on, meeting_date=row.meeting_date
    )
    if row.relief_expires_on == expires_on:
        return row
    row.relief_expires_on = expires_on
    row.save(update_fields=["relief_expires_on", "updated_at"])
    _record(
        row,
        Event.EDITED,
        f"تاریخ پایان اعتبار مصوبه {_code(row.code)}: {format_jalali(expires_on)}.",
        acting_user,
    )
    relief_schedule(row, acting_user)
    return row
