"""The demo's obstacle coding, legal bases and reliefs' expiry dates (issue 18, part B).

Deterministic and drawing nothing from the story's random generator (the seed's figures stay
as the article states them): cases are coded from their creditor or type when taken in, a
resolution takes its case's coding or one from its type and number, and each relief gets an
expiry from the kind of relief. `load_obstacles` then places a few reliefs so that the ledger
looks alive today (several expiring within 10–30 days, one expired without renewal, one
recorded without a date) and two seed reliefs expire just after the seed period.
"""

from __future__ import annotations

import datetime as dt

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import jalali_to_gregorian, jalali_year
from hamahang.demo.moments import at
from hamahang.meetings import services
from hamahang.meetings.models import Resolution
from hamahang.units.obstacles import Obstacle

ARTICLE_61 = "ماده ۶۱ قانون رفع موانع تولید رقابت‌پذیر و ارتقای نظام مالی کشور"
LEGAL_BASES = {
    Obstacle.BANK_FINANCE: "ماده ۱۲ قانون رفع موانع تولید رقابت‌پذیر و ارتقای نظام مالی کشور",
    Obstacle.TAX: "ماده ۱۶۷ قانون مالیات‌های مستقیم",
    Obstacle.SOCIAL_SECURITY: "ماده ۴۹ قانون تأمین اجتماعی",
    Obstacle.ELECTRICITY: ARTICLE_61,
    Obstacle.GAS: ARTICLE_61,
    Obstacle.WATER: ARTICLE_61,
    Obstacle.PERMITS_LAND: "ماده ۷ قانون بهبود مستمر محیط کسب‌وکار",
}

BY_CREDITOR = {
    "bank": Obstacle.BANK_FINANCE,
    "tax": Obstacle.TAX,
    "social_security": Obstacle.SOCIAL_SECURITY,
    "electricity": Obstacle.ELECTRICITY,
    "gas": Obstacle.GAS,
    "water": Obstacle.WATER,
    "customs": Obstacle.CUSTOMS,
    "municipality": Obstacle.PERMITS_LAND,
    "other": Obstacle.OTHER,
}
BY_CASE_TYPE = {
    "working_capital": Obstacle.BANK_FINANCE,
    "collateral": Obstacle.BANK_FINANCE,
    "seized_unit_return": Obstacle.BANK_FINANCE,
    "licences_land": Obstacle.PERMITS_LAND,
    "raw_materials_fx": Obstacle.RAW_MATERIAL_FX,
    "revival": Obstacle.MARKET,
}
BY_RESOLUTION_TYPE = {
    "bank_referral": Obstacle.BANK_FINANCE,
    "deferral": Obstacle.BANK_FINANCE,
    "no_utility_cutoff": Obstacle.ELECTRICITY,
    "enforcement_postponement": Obstacle.TAX,
}
# Directives and the rest, by their number within the meeting.
ROTATION = [
    Obstacle.BANK_FINANCE,
    Obstacle.TAX,
    Obstacle.PERMITS_LAND,
    Obstacle.RAW_MATERIAL_FX,
    Obstacle.SOCIAL_SECURITY,
    Obstacle.MARKET,
    Obstacle.WATER,
    Obstacle.CUSTOMS,
    Obstacle.GAS,
    Obstacle.OTHER,
]
# How long each kind of relief holds.
RELIEF_DAYS = {"deferral": 182, "enforcement_postponement": 90, "no_utility_cutoff": 120}


def case_obstacle(case_type: str, creditor: str = "") -> dict:
    obstacle = BY_CREDITOR.get(creditor) or BY_CASE_TYPE.get(case_type, Obstacle.OTHER)
    return {"obstacle": obstacle, "legal_basis": LEGAL_BASES.get(obstacle, "")}


def resolution_obstacle(kind: str, number: int, day: dt.date, with_case: bool = False) -> dict:
    """A resolution's coding (none when it decides a case: the service takes the case's) and,
    for a relief, its expiry."""
    obstacle = "" if with_case else BY_RESOLUTION_TYPE.get(kind) or ROTATION[number % len(ROTATION)]
    cited = LEGAL_BASES.get(obstacle, "") if obstacle and number % 2 else ""
    days = RELIEF_DAYS.get(kind)
    return {
        "obstacle": obstacle,
        "legal_basis": cited,
        "relief_expires_on": day + dt.timedelta(days=days) if days else None,
    }


def load_obstacles(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    secretary = User.objects.get(username="dabir")
    reliefs = Resolution.objects.filter(type__in=Resolution.RELIEF_TYPES).order_by("pk")
    with clock.frozen(at(today, 8, 15)):
        # Today: reliefs of this year expiring in 10, 18, 25 and 29 days, one expired last
        # week without renewal. They go onto the next planned meeting's agenda by themselves.
        current = list(
            reliefs.filter(meeting_date__year__gte=today.year - 1, meeting_date__lt=today)
        )
        current = [r for r in current if jalali_year(r.meeting_date) == jalali_year(today)]
        for resolution, days in zip(current, [10, 18, 25, 29, -6], strict=False):
            services.resolution_set_relief_expiry(
                resolution=resolution,
                expires_on=max(
                    today + dt.timedelta(days=days), resolution.meeting_date + dt.timedelta(days=1)
                ),
                acting_user=secretary,
            )
        # The seed: two reliefs expire in the month after 1399/06/31.
        seed_end = jalali_to_gregorian(1399, 6, 31)
        seed = list(reliefs.filter(meeting_date__lte=seed_end).order_by("meeting_date", "pk")[:2])
        for resolution, days in zip(seed, [9, 23], strict=False):
            services.resolution_set_relief_expiry(
                resolution=resolution,
                expires_on=seed_end + dt.timedelta(days=days),
                acting_user=secretary,
            )
    # One relief of 1399 recorded before the office kept expiry dates: the ledger's gap list.
    legacy = reliefs.filter(meeting_date__gt=seed_end, meeting_date__year__lt=2022).first()
    if legacy is not None:
        Resolution.objects.filter(pk=legacy.pk).update(relief_expires_on=None)
