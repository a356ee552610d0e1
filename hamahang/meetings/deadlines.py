"""A committee's working-day calendar and what deadlines read from it.

One place builds the calendar of a committee (`calendar_for`): the official holidays and the
weekend of `core.workdays`, Thursday when the committee says so, and the closures the office
entered for its province (and its county, for a county working group). Lists build it once per
committee per request (`calendars_for`, one query for all closures in the range).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from hamahang.core.jalali import format_jalali, today
from hamahang.core.workdays import WorkCalendar
from hamahang.organizations.models import Committee, OfficeClosure

# The closures loaded for a calendar: a deadline is at most years ahead, never decades.
_BEFORE = dt.timedelta(days=2 * 366)
_AFTER = dt.timedelta(days=11 * 366)


def _closures_q(committee: Committee) -> Q:
    q = Q(province_id=committee.province_id, county__isnull=True)
    if committee.county_id:
        q |= Q(province_id=committee.province_id, county_id=committee.county_id)
    return q


def calendars_for(
    committees: Iterable[Committee], *, around: dt.date | None = None
) -> dict[int, WorkCalendar]:
    """Each committee's calendar by its id, with one query for the closures of them all."""
    committees = {c.pk: c for c in committees}
    if not committees:
        return {}
    around = around or today()
    q = Q(pk__in=[])
    for committee in committees.values():
        q |= _closures_q(committee)
    rows = list(
        OfficeClosure.objects.filter(q, date__gte=around - _BEFORE, date__lte=around + _AFTER)
        .values_list("province_id", "county_id", "date")
        .distinct()
    )
    calendars = {}
    for pk, committee in committees.items():
        days = {
            day
            for province_id, county_id, day in rows
            if province_id == committee.province_id
            and (county_id is None or county_id == committee.county_id)
        }
        calendars[pk] = WorkCalendar(closures=days, thursday_off=committee.thursday_off)
    return calendars


def calendar_for(committee: Committee, *, around: dt.date | None = None) -> WorkCalendar:
    """The committee's working-day calendar (one query for its closures)."""
    return calendars_for([committee], around=around)[committee.pk]


def closure_reasons(committee: Committee, days: Iterable[dt.date]) -> dict[dt.date, str]:
    """The reasons the office gave for closures on `days` (for messages naming them)."""
    return dict(
        OfficeClosure.objects.filter(_closures_q(committee), date__in=list(days)).values_list(
            "date", "reason"
        )
    )


def open_deadline(committee: Committee, deadline: dt.date, calendar: WorkCalendar | None = None):
    """(the deadline moved to the next open day, a Persian note saying why) — the note is ""
    when the day was open. A deadline never lands on a closed day."""
    calendar = calendar or calendar_for(committee, around=deadline)
    why = calendar.closed_because(deadline)
    if not why:
        return deadline, ""
    moved = calendar.next_working_day(deadline)
    if why == "تعطیلی اعلام‌شده":
        why = closure_reasons(committee, [deadline]).get(deadline) or why
    return moved, (
        f"{format_jalali(deadline)} تعطیل است ({why})؛ مهلت به نخستین روز کاری پس از آن، "
        f"{format_jalali(moved)}، منتقل شد."
    )


def annotate_working_days_left(
    rows, day: dt.date | None = None, calendars: dict[int, WorkCalendar] | None = None
) -> list:
    """Set `working_days_left` (or `working_days_late`: working days overdue) on each open,
    unpaused assignment; None otherwise. Rows need `resolution.committee` loaded or `committee_id`
    reachable; the calendars are built once per committee (two queries in all), or given by a
    page that built them already."""
    rows = list(rows)
    day = day or today()
    if calendars is None:
        committee_ids = {row.resolution.committee_id for row in rows}
        committees = Committee.objects.filter(pk__in=committee_ids) if committee_ids else []
        calendars = calendars_for(committees, around=day)
    for row in rows:
        row.working_days_left = row.working_days_late = None
        if row.is_open and not row.is_paused:
            calendar = calendars[row.resolution.committee_id]
            left = calendar.working_days_between(day, row.deadline)
            row.working_days_left, row.working_days_late = (
                (left, None) if left >= 0 else (None, -left)
            )
    return rows
