"""The `reliefs_expiring` section: temporary reliefs about to lapse.

Defined once, here. The reference day is the earlier of the report's `as_of` and the period's
end (a past period is seen from its end, the current one from today). A relief (deferral,
enforcement postponement, no utility cut-off) of a held meeting in scope is *expiring* when
its expiry date falls within `WINDOW_DAYS` (30) days from the reference day, inclusive;
*expired* when its expiry fell inside the period before the reference day; *without expiry*
when no date was recorded (the ledger's gap list). The list holds the `NEAREST` expiring
soonest. Three queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from hamahang.core.jalali import Period
from hamahang.meetings.models import Meeting, Resolution

WINDOW_DAYS = 30
NEAREST = 10
TYPE_LABELS = dict(Resolution.Type.choices)


def reliefs_in_scope(scope):
    reliefs = Resolution.objects.filter(
        type__in=Resolution.RELIEF_TYPES,
        meeting__status__in=Meeting.HELD_STATUSES,
    ).exclude(status=Resolution.Status.CANCELLED)
    if scope.province_id:
        reliefs = reliefs.filter(committee__province_id=scope.province_id)
    if scope.committee_id:
        reliefs = reliefs.filter(committee_id=scope.committee_id)
    if scope.county_id:
        reliefs = reliefs.filter(
            Q(unit__county_id=scope.county_id) | Q(committee__county_id=scope.county_id)
        )
    if scope.agency_id:
        reliefs = reliefs.filter(
            pk__in=Resolution.objects.filter(assignments__agency_id=scope.agency_id).values("pk")
        )
    return reliefs


def reliefs_section(period: Period, scope, as_of: dt.date) -> dict:
    reference = min(as_of, period.end)
    until = reference + dt.timedelta(days=WINDOW_DAYS)
    reliefs = reliefs_in_scope(scope)
    expiring = reliefs.filter(relief_expires_on__range=(reference, until))
    by_type = dict(
        expiring.order_by().values_list("type").annotate(n=Count("pk")).values_list("type", "n")
    )
    totals = reliefs.aggregate(
        expired=Count(
            "pk",
            filter=Q(relief_expires_on__gte=period.start, relief_expires_on__lt=reference),
        ),
        without_expiry=Count("pk", filter=Q(relief_expires_on__isnull=True)),
    )
    nearest = [
        {
            "resolution_id": pk,
            "code": code,
            "type": kind,
            "type_label": TYPE_LABELS.get(kind, kind),
            "committee": committee,
            "meeting_date": meeting_date,
            "expires_on": expires_on,
            "days_left": (expires_on - reference).days,
        }
        for pk, code, kind, committee, meeting_date, expires_on in expiring.order_by(
            "relief_expires_on", "pk"
        ).values_list("pk", "code", "type", "committee__name", "meeting_date", "relief_expires_on")[
            :NEAREST
        ]
    ]
    return _section(reference, until, by_type, totals["expired"], totals["without_expiry"], nearest)


def _section(reference, until, by_type: dict, expired: int, without_expiry: int, nearest):
    """The section's dict, from its counts ({type: expiring}) and its nearest reliefs."""
    return {
        "reference_day": reference,
        "until": until,
        "window_days": WINDOW_DAYS,
        "expiring": sum(by_type.values()),
        "by_type": [
            {"type": kind, "label": TYPE_LABELS[kind], "count": by_type[kind]}
            for kind in Resolution.Type.values
            if kind in by_type
        ],
        "expired": expired,
        "without_expiry": without_expiry,
        "nearest": nearest,
    }


def sum_reliefs(parts: list[dict]) -> dict:
    """The section of several provinces from each one's own (a relief belongs to one
    province): the counts add up, the nearest are the soonest of each one's nearest."""
    first = parts[0]
    by_type: dict[str, int] = {}
    for part in parts:
        for row in part["by_type"]:
            by_type[row["type"]] = by_type.get(row["type"], 0) + row["count"]
    nearest = sorted(
        (row for part in parts for row in part["nearest"]),
        key=lambda row: (row["expires_on"], row["resolution_id"]),
    )[:NEAREST]
    return _section(
        first["reference_day"],
        first["until"],
        by_type,
        sum(part["expired"] for part in parts),
        sum(part["without_expiry"] for part in parts),
        nearest,
    )


def relief_rows(report) -> list[dict]:
    """The section as labelled rows (Excel sheet, CSV, PDF table)."""
    from hamahang.core.digits import to_persian_digits
    from hamahang.core.jalali import format_jalali

    data = report.reliefs_expiring or {}
    return [
        {
            "key": "reliefs_expiring",
            "title": "مهلت‌های حمایتی رو به پایان",
            "headers": ["مصوبه", "نوع", "ستاد", "تاریخ پایان اعتبار", "روز مانده"],
            "rows": [
                [
                    to_persian_digits(r["code"]),
                    r["type_label"],
                    r["committee"],
                    format_jalali(r["expires_on"]),
                    r["days_left"],
                ]
                for r in data.get("nearest", [])
            ],
        }
    ]
