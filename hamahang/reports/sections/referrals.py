"""The report's `referrals` section: referrals sent in the period between the tiers (county
working group → provincial HQ → national HQ), by hop — sent, decided (accepted, rejected),
pending, overdue, median days to a decision — and a few decided examples.

Four queries whatever the number of referrals: counts by hop, the median per hop, the median
overall, the examples."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from hamahang.core.db import DaysBetween, Median
from hamahang.core.jalali import Period, format_jalali
from hamahang.core.text import display_code
from hamahang.meetings.models import Referral

S = Referral.Status
LEVELS = dict(Referral.Level.choices)
EXAMPLES = 5


@dataclass
class ReferralFigures:
    sent: int = 0
    decided: int = 0
    accepted: int = 0
    rejected: int = 0
    referred_on: int = 0
    pending: int = 0
    returned: int = 0
    overdue: int = 0
    withdrawn: int = 0
    median_days_to_decision: float | None = None
    by_hop: list[dict] = field(default_factory=list)
    examples: list[dict] = field(default_factory=list)


def _in_scope(period: Period, scope) -> QuerySet[Referral]:
    queryset = Referral.objects.filter(sent_on__range=(period.start, period.end))
    if scope.province_id:
        queryset = queryset.filter(province_id=scope.province_id)
    if scope.county_id:
        queryset = queryset.filter(county_id=scope.county_id)
    if scope.committee_id:
        queryset = queryset.filter(
            Q(from_committee_id=scope.committee_id) | Q(to_committee_id=scope.committee_id)
        )
    return queryset


def _median(value) -> float | None:
    return round(float(value), 1) if value is not None else None


def referral_figures(period: Period, scope, as_of: dt.date) -> ReferralFigures:
    referrals = _in_scope(period, scope)
    waiting = Q(status__in=[S.SENT, S.UNDER_REVIEW])
    counts = (
        referrals.order_by()
        .values("from_level", "to_level")
        .annotate(
            sent=Count("pk"),
            decided=Count("pk", filter=Q(status=S.DECIDED)),
            accepted=Count("pk", filter=Q(outcome=Referral.Outcome.ACCEPTED)),
            rejected=Count("pk", filter=Q(outcome=Referral.Outcome.REJECTED)),
            referred_on=Count("pk", filter=Q(status=S.REFERRED_ON)),
            pending=Count("pk", filter=waiting | Q(status=S.RETURNED)),
            returned=Count("pk", filter=Q(status=S.RETURNED)),
            overdue=Count("pk", filter=waiting & Q(deadline__lt=as_of)),
            withdrawn=Count("pk", filter=Q(status=S.WITHDRAWN)),
        )
        .order_by("from_level", "to_level")
    )
    decided = referrals.filter(status=S.DECIDED, decided_on__isnull=False).order_by()
    days = DaysBetween("decided_on", "sent_on")
    medians = {
        (row["from_level"], row["to_level"]): row["median"]
        for row in decided.values("from_level", "to_level").annotate(median=Median(days))
    }
    figures = ReferralFigures(
        median_days_to_decision=_median(decided.aggregate(median=Median(days))["median"])
    )
    totals = ("sent", "decided", "accepted", "rejected", "referred_on", "pending", "returned",
              "overdue", "withdrawn")  # fmt: skip
    for row in counts:
        hop = (row["from_level"], row["to_level"])
        figures.by_hop.append(
            {
                **row,
                "label": f"{LEVELS[hop[0]]} ← {LEVELS[hop[1]]}",
                "median_days_to_decision": _median(medians.get(hop)),
            }
        )
        for name in totals:
            setattr(figures, name, getattr(figures, name) + row[name])
    examples = decided.select_related("case", "resolution", "from_committee", "to_committee")
    for referral in examples.order_by("-decided_on", "-pk")[:EXAMPLES]:
        figures.examples.append(
            {
                "id": referral.pk,
                "origin": (
                    f"پرونده {display_code(referral.case.code)}"
                    if referral.case_id
                    else f"مصوبه {display_code(referral.resolution.code)}"
                ),
                "hop": f"{LEVELS[referral.from_level]} ← {LEVELS[referral.to_level]}",
                "from": str(referral.from_committee),
                "to": referral.to_label,
                "outcome": referral.get_outcome_display(),
                "decision_level": LEVELS.get(referral.decision_level, ""),
                "decision": referral.decision,
                "sent_on": format_jalali(referral.sent_on),
                "decided_on": format_jalali(referral.decided_on),
            }
        )
    return figures


def referral_rows(report) -> dict:
    """The section as labelled rows (Excel sheet, CSV, PDF table)."""
    figures = report.referrals
    rows = [
        ["ارجاع‌های ارسالی", figures.sent],
        ["تصمیم‌گیری شده", figures.decided],
        ["پذیرفته", figures.accepted],
        ["رد شده", figures.rejected],
        ["ارجاع به سطح بالاتر", figures.referred_on],
        ["در انتظار پاسخ", figures.pending],
        ["بازگشت برای تکمیل اطلاعات", figures.returned],
        ["گذشته از مهلت", figures.overdue],
        ["میانه روزهای تا تصمیم", figures.median_days_to_decision],
    ]
    for hop in figures.by_hop:
        rows.append([f"ارجاع {hop['label']}", hop["sent"]])
        rows.append([f"تصمیم‌گیری شده ({hop['label']})", hop["decided"]])
        rows.append([f"در انتظار پاسخ ({hop['label']})", hop["pending"]])
    for example in figures.examples:
        rows.append(
            [
                f"نمونه: {example['origin']} ({example['hop']})",
                f"{example['outcome']} — {example['decision']}",
            ]
        )
    return {"key": "referrals", "title": "ارجاع‌ها", "headers": ["شاخص", "مقدار"], "rows": rows}
