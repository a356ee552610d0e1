"""The sunset ledger (دفتر سررسید مهلت‌های حمایتی): reads only, scoped to the user.

Three lists of the reliefs (`Resolution.RELIEF_TYPES`) the user may see: expiring within N
days from today; expired in the last `EXPIRED_LOOKBACK_DAYS` days without renewal (no later
relief of the same type for the same case or unit with a later expiry); recorded without an
expiry date (the gap list). Each row carries its working days left on its committee's
calendar and the coming meeting whose agenda holds it. Fixed queries: the three lists, the
committees' calendars (two), whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from hamahang.accounts.models import User
from hamahang.core.digits import to_ascii_digits
from hamahang.core.jalali import today
from hamahang.meetings.deadlines import calendars_for
from hamahang.meetings.models import AgendaItem, Meeting, Resolution
from hamahang.meetings.selectors import resolution_list_for_user
from hamahang.organizations.models import Committee

DEFAULT_DAYS = 30
MAX_DAYS = 365
EXPIRED_LOOKBACK_DAYS = 90
LIST_LIMIT = 200


class LedgerInputError(ValueError):
    """A bad «within N days»: the message is Persian."""


def parse_days(raw) -> int:
    """The «within N days» picker: 1–365, Persian digits accepted; empty → the default."""
    if raw in (None, ""):
        return DEFAULT_DAYS
    text = to_ascii_digits(str(raw)).strip()
    if not text.isdigit():
        raise LedgerInputError("تعداد روز باید عدد صحیح باشد.")
    days = int(text)
    if not 1 <= days <= MAX_DAYS:
        raise LedgerInputError("تعداد روز باید از ۱ تا ۳۶۵ باشد.")
    return days


@dataclass
class Ledger:
    day: dt.date
    days: int
    expiring: list[Resolution] = field(default_factory=list)
    expired: list[Resolution] = field(default_factory=list)
    without_expiry: list[Resolution] = field(default_factory=list)


def _reliefs(user: User) -> QuerySet[Resolution]:
    coming = AgendaItem.objects.filter(
        carried_resolution=OuterRef("pk"),
        reason=AgendaItem.Reason.RELIEF_EXPIRY,
        meeting__status=Meeting.Status.PLANNED,
    ).order_by("meeting__date")
    return (
        resolution_list_for_user(user=user)
        .filter(type__in=Resolution.RELIEF_TYPES, meeting__status__in=Meeting.HELD_STATUSES)
        .exclude(status=Resolution.Status.CANCELLED)
        .annotate(
            agenda_meeting_id=Subquery(coming.values("meeting_id")[:1]),
            agenda_meeting_date=Subquery(coming.values("meeting__date")[:1]),
        )
        .select_related("committee", "meeting", "case", "unit")
        .order_by("committee__name", "relief_expires_on", "pk")
    )


def relief_ledger(*, user: User, days: int = DEFAULT_DAYS, day: dt.date | None = None) -> Ledger:
    day = day or today()
    reliefs = _reliefs(user)
    renewed = Resolution.objects.filter(
        Q(case_id=OuterRef("case_id"), case__isnull=False)
        | Q(unit_id=OuterRef("unit_id"), unit__isnull=False),
        type=OuterRef("type"),
        relief_expires_on__gt=OuterRef("relief_expires_on"),
    ).exclude(pk=OuterRef("pk"))
    ledger = Ledger(
        day=day,
        days=days,
        expiring=list(
            reliefs.filter(relief_expires_on__range=(day, day + dt.timedelta(days=days)))[
                :LIST_LIMIT
            ]
        ),
        expired=list(
            reliefs.filter(
                relief_expires_on__lt=day,
                relief_expires_on__gte=day - dt.timedelta(days=EXPIRED_LOOKBACK_DAYS),
            )
            .exclude(Exists(renewed))
            .order_by("committee__name", F("relief_expires_on").desc(), "pk")[:LIST_LIMIT]
        ),
        without_expiry=list(reliefs.filter(relief_expires_on__isnull=True)[:LIST_LIMIT]),
    )
    rows = ledger.expiring + ledger.expired
    committees = Committee.objects.filter(pk__in={r.committee_id for r in rows})
    calendars = calendars_for(committees, around=day) if rows else {}
    for row in rows:
        calendar = calendars[row.committee_id]
        if row.relief_expires_on >= day:
            row.working_days_left = calendar.working_days_between(day, row.relief_expires_on)
        else:
            row.working_days_left = None
        # Expiring before the meeting that will discuss it (or with no meeting planned).
        row.expires_before_agenda = row.relief_expires_on >= day and (
            row.agenda_meeting_date is None or row.agenda_meeting_date > row.relief_expires_on
        )
    return ledger
