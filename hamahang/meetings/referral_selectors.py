"""Reads of referrals, scoped to the acting user (accounts.access.scope_referrals): the queues
of each tier (received, sent), one referral with its chain and its origin's state."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import may_act_for_tier, scope_referrals, sees_all_provinces
from hamahang.accounts.models import Role, User
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.jalali import today
from hamahang.core.workdays import WorkCalendar
from hamahang.meetings.deadlines import calendars_for
from hamahang.meetings.referral_models import Referral

Level = Referral.Level
BOXES = {"received": "ارجاع‌های دریافتی", "sent": "ارجاع‌های ارسالی"}


def referral_list_for_user(*, user: User) -> QuerySet[Referral]:
    return scope_referrals(Referral.objects.all(), user)


def tier_of(user: User) -> str:
    """The tier a user works at: the national secretariat, a county secretariat, or the
    province."""
    if user.is_authenticated and (user.role == Role.NATIONAL or sees_all_provinces(user)):
        return Level.NATIONAL
    if user.is_authenticated and user.county_id:
        return Level.COUNTY
    return Level.PROVINCE


def tiers_for(user: User) -> list[str]:
    """The tiers whose queues a user may open: the province reads its counties' too."""
    tier = tier_of(user)
    if tier == Level.PROVINCE:
        return [Level.PROVINCE, Level.COUNTY]
    if tier == Level.NATIONAL and user.is_superuser:
        return [Level.NATIONAL, Level.PROVINCE, Level.COUNTY]
    return [tier]


def referral_queue(*, user: User, box: str, tier: str) -> QuerySet[Referral]:
    """A tier's referrals received (sent to it) or sent (from it), newest deadline first for
    those still waiting."""
    queryset = referral_list_for_user(user=user)
    side = "from_level" if box == "sent" else "to_level"
    queryset = queryset.filter(**{side: tier})
    return queryset.select_related(
        "province", "county", "case__unit", "resolution", "from_committee", "to_committee"
    ).order_by("-sent_on", "-pk")


def annotate_days_left(rows, day: dt.date | None = None) -> list[Referral]:
    """Set `working_days_left` / `working_days_late` on each referral still waiting, on the
    receiving tier's working-day calendar (the national HQ: the official calendar); two
    queries for the page however many rows."""
    rows = list(rows)
    day = day or today()
    committees = {row.to_committee_id: row.to_committee for row in rows if row.to_committee_id}
    calendars = calendars_for(committees.values(), around=day)
    national = WorkCalendar()
    for row in rows:
        row.working_days_left = row.working_days_late = None
        if row.is_open:
            calendar = calendars.get(row.to_committee_id, national)
            left = calendar.working_days_between(day, row.deadline)
            row.working_days_left, row.working_days_late = (
                (left, None) if left >= 0 else (None, -left)
            )
    return rows


def referral_get_for_user(*, user: User, pk: int) -> Referral:
    queryset = referral_list_for_user(user=user).select_related(
        "province",
        "county",
        "case__unit__county",
        "resolution__committee",
        "from_committee",
        "to_committee",
        "sent_by",
        "decided_by",
        "decision_resolution",
    )
    return get_object_or_404(queryset, pk=pk)


def referral_chain(referral: Referral) -> list[Referral]:
    """Every hop of the referral's chain, from the origin tier up (a chain has at most three
    hops: a query per hop)."""
    below, hop = [], referral
    while hop.previous_id:
        hop = Referral.objects.select_related("from_committee", "to_committee").get(
            pk=hop.previous_id
        )
        below.append(hop)
    above, hop = [], referral
    while True:
        hop = (
            Referral.objects.select_related("from_committee", "to_committee")
            .filter(previous=hop)
            .first()
        )
        if hop is None:
            break
        above.append(hop)
    return [*reversed(below), referral, *above]


def referrals_of(*, user: User, case=None, resolution=None) -> list[Referral]:
    """The referrals of a case or a resolution (its page shows them with their answers)."""
    queryset = referral_list_for_user(user=user).select_related("from_committee", "to_committee")
    if case is not None:
        queryset = queryset.filter(case=case)
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    return list(queryset.order_by("sent_on", "pk"))


def may_answer(user: User, referral: Referral) -> bool:
    return may_act_for_tier(
        user, referral.to_level, referral.to_committee, committee_list_for_user(user=user)
    )


def may_act_as_sender(user: User, referral: Referral) -> bool:
    return may_act_for_tier(
        user, referral.from_level, referral.from_committee, committee_list_for_user(user=user)
    )
