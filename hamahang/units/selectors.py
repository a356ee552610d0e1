"""Reads of units and cases, scoped to the acting user (revivals and launches are figures: the
report engine, `hamahang.reports.engine`, counts them from the status history).

- Office staff see their province's units and cases; the national secretariat every province.
- An agency or bank liaison sees the cases in which their agency is the creditor, and those
  cases' units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import is_liaison, scope_by_province, scope_resolutions
from hamahang.accounts.models import User
from hamahang.core.jalali import Period
from hamahang.core.lookups import Lookup, code_label
from hamahang.core.models import filter_by_search
from hamahang.units.models import (
    CaseEvent,
    ProductionUnit,
    SupportCase,
    UnitEvent,
)


def case_list_for_user(*, user: User) -> QuerySet[SupportCase]:
    queryset = scope_by_province(SupportCase.objects.all(), user, county="unit__county_id")
    if is_liaison(user):
        queryset = queryset.filter(creditor_agency_id=user.agency_id)
    return queryset


def unit_list_for_user(*, user: User) -> QuerySet[ProductionUnit]:
    queryset = scope_by_province(ProductionUnit.objects.all(), user, county="county_id")
    if is_liaison(user):
        queryset = queryset.filter(cases__creditor_agency_id=user.agency_id).distinct()
    return queryset


def open_case_list_for_user(*, user: User) -> QuerySet[SupportCase]:
    """The cases a resolution may still decide."""
    return case_list_for_user(user=user).filter(status__in=SupportCase.OPEN_STATUSES)


# Choosing a unit or a case by a word of its name or its code (core.lookups), within
# unit_list_for_user / case_list_for_user.
UNIT_LOOKUP = Lookup(
    "units:unit_lookup",
    label=lambda unit: code_label(unit.legal_id or unit.national_code, unit.name),
    ordering=("name", "pk"),
    code_field="legal_id",
)
CASE_LOOKUP = Lookup(
    "units:case_lookup",
    label=lambda case: code_label(case.code, case.unit.name),
    ordering=("code", "pk"),
    code_field="code",
    related=("unit",),
)


@dataclass
class UnitFilters:
    county: int | None = None
    estate: int | None = None
    status: str | None = None
    ownership: str | None = None
    kind: str | None = None
    covid: bool = False
    text: str = ""


def unit_list(*, user: User, filters: UnitFilters) -> QuerySet[ProductionUnit]:
    queryset = unit_list_for_user(user=user)
    for name in ("county", "estate"):
        if getattr(filters, name):
            queryset = queryset.filter(**{f"{name}_id": getattr(filters, name)})
    for name in ("status", "ownership", "kind"):
        if getattr(filters, name):
            queryset = queryset.filter(**{name: getattr(filters, name)})
    if filters.covid:
        queryset = queryset.filter(covid_affected=True)
    if filters.text:
        queryset = filter_by_search(queryset, filters.text)
    return queryset.select_related("county", "estate").order_by("name")


def with_open_case_counts(units: list[ProductionUnit]) -> list[ProductionUnit]:
    """Open cases of the units on one page, in one grouped query (not a join over all units)."""
    counts = dict(
        SupportCase.objects.filter(unit__in=units, status__in=SupportCase.OPEN_STATUSES)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    for unit in units:
        unit.open_cases = counts.get(unit.pk, 0)
    return units


def unit_detail(*, user: User, pk: int) -> ProductionUnit:
    cases = case_list_for_user(user=user).prefetch_related(
        Prefetch("resolutions", queryset=_resolutions_queryset(user))
    )
    queryset = (
        unit_list_for_user(user=user)
        .select_related("county", "estate")
        .prefetch_related(
            Prefetch(
                "events", queryset=UnitEvent.objects.select_related("actor").order_by("date", "pk")
            ),
            Prefetch("cases", queryset=cases.order_by("-received_on")),
            Prefetch("resolutions", queryset=_resolutions_queryset(user)),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def _resolutions_queryset(user: User):
    """The resolutions of a unit or case the user may read, through the one resolution rule
    (`scope_resolutions`): a viewer no confidential text, a liaison only its own agency's."""
    # Resolutions point at units and cases (meetings depends on units), read back here.
    from django.apps import apps

    Resolution = apps.get_model("meetings", "Resolution")
    return (
        scope_resolutions(Resolution.objects.all(), user)
        .select_related("committee", "meeting")
        .order_by("meeting_date")
    )


@dataclass
class CaseFilters:
    type: str | None = None
    creditor: str | None = None
    obstacle: str | None = None
    status: str | None = None
    county: int | None = None
    period: Period | None = None
    open_only: bool = False
    text: str = ""
    ids: list[int] = field(default_factory=list)


def case_list(*, user: User, filters: CaseFilters) -> QuerySet[SupportCase]:
    queryset = case_list_for_user(user=user)
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    if filters.creditor:
        queryset = queryset.filter(creditor=filters.creditor)
    if filters.obstacle:
        queryset = queryset.filter(obstacle=filters.obstacle)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.county:
        queryset = queryset.filter(unit__county_id=filters.county)
    if filters.period:
        queryset = queryset.filter(received_on__range=(filters.period.start, filters.period.end))
    if filters.open_only:
        queryset = queryset.filter(status__in=SupportCase.OPEN_STATUSES)
    if filters.text:
        queryset = filter_by_search(queryset, filters.text)
    return queryset.select_related("unit__county", "creditor_agency").order_by(
        "-received_on", "-pk"
    )


def case_detail(*, user: User, pk: int) -> SupportCase:
    queryset = (
        case_list_for_user(user=user)
        .select_related("unit", "creditor_agency")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch("resolutions", queryset=_resolutions_queryset(user)),
            "agenda_items__meeting__committee",
            # Referrals up the tiers and their answers (meetings.Referral).
            "referrals__from_committee",
            "referrals__to_committee",
        )
    )
    return get_object_or_404(queryset, pk=pk)
