"""Every read of the portfolio, scoped to the acting user; totals are computed in the database.

- Office staff see their province's projects; the national secretariat sees every province.
- A bank liaison sees the projects and contracts of their bank; an agency liaison the
  projects their agency owns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import (
    is_bank_liaison,
    is_liaison,
    scope_by_province,
    scope_contracts,
    scope_resolutions,
    sees_sent_submissions_only,
)
from hamahang.accounts.models import User
from hamahang.core.jalali import Period
from hamahang.core.lookups import Lookup, code_label
from hamahang.core.models import filter_by_search
from hamahang.core.versioning import versioned_for_query
from hamahang.projects.currencies import RIAL
from hamahang.projects.models import (
    BankAgencyContract,
    ExchangeRate,
    InvestmentLine,
    NationalSubmission,
    Project,
    ProjectEvent,
    SubmissionItem,
)
from hamahang.projects.money import CurrencyTotal, Money, contracts_by_bank, money_of


def project_list_for_user(*, user: User) -> QuerySet[Project]:
    queryset = scope_by_province(Project.objects.all(), user, county="county_id")
    if is_liaison(user):
        if is_bank_liaison(user):
            queryset = queryset.filter(
                Exists(
                    BankAgencyContract.objects.filter(
                        project=OuterRef("pk"), bank_id=user.agency_id
                    )
                )
            )
        else:
            queryset = queryset.filter(owner_id=user.agency_id)
    return queryset


# Choosing a project by a word of its title or its code (core.lookups): project_list_for_user.
PROJECT_LOOKUP = Lookup(
    "projects:project_lookup",
    label=lambda project: code_label(project.code, project.title),
    ordering=("code", "pk"),
    code_field="code",
)


@dataclass
class ProjectFilters:
    sector: str | None = None
    county: int | None = None
    status: str | None = None
    owner: int | None = None
    programme: int | None = None
    bank: int | None = None
    submitted_in: Period | None = None
    text: str = ""


def project_list(*, user: User, filters: ProjectFilters) -> QuerySet[Project]:
    queryset = project_list_for_user(user=user)
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters.county:
        queryset = queryset.filter(county_id=filters.county)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.owner:
        queryset = queryset.filter(owner_id=filters.owner)
    if filters.programme:
        queryset = queryset.filter(programmes__id=filters.programme)
    if filters.bank:
        queryset = queryset.filter(
            Exists(BankAgencyContract.objects.filter(project=OuterRef("pk"), bank_id=filters.bank))
        )
    if filters.submitted_in:
        sent = SubmissionItem.objects.filter(
            project=OuterRef("pk"),
            submission__status=NationalSubmission.Status.SENT,
            submission__letter_date__range=(filters.submitted_in.start, filters.submitted_in.end),
        )
        queryset = queryset.filter(Exists(sent))
    if filters.text:
        queryset = filter_by_search(queryset, filters.text)
    return queryset


def project_rows(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """What a list row shows, in a fixed number of queries."""
    return (
        queryset.select_related("county", "owner")
        .prefetch_related(
            Prefetch("investments", queryset=InvestmentLine.objects.order_by("currency"))
        )
        .order_by("code")
    )


@dataclass(frozen=True)
class ProjectTotals:
    count: int
    sectors: int
    rial: Decimal
    foreign: list[CurrencyTotal]
    jobs_direct: int
    jobs_indirect: int
    jobs_realised: int

    @property
    def jobs_planned(self) -> int:
        return self.jobs_direct + self.jobs_indirect

    def foreign_amount(self, currency: str) -> Decimal:
        return next((t.amount for t in self.foreign if t.currency == currency), Decimal(0))


def project_totals_cached(queryset: QuerySet[Project], *, province_id: int | None) -> ProjectTotals:
    """The list's totals row, computed once per data version of the province it reads
    (`province_id`; None: all) and query (scope and filters)."""
    return versioned_for_query(
        "project-totals",
        queryset,
        lambda: project_totals(queryset),
        province_id=province_id,
    )


def project_totals(queryset: QuerySet[Project]) -> ProjectTotals:
    """The totals row: rial and each foreign currency side by side, never added together.

    Aggregated on the list's own query: none of its filters joins a row more than once (a
    programme filter meets each project's one link to that programme)."""
    figures = queryset.order_by().aggregate(
        count=Count("pk"),
        sectors=Count("sector", distinct=True),
        jobs_direct=Sum("jobs_direct"),
        jobs_indirect=Sum("jobs_indirect"),
        jobs_realised=Sum("jobs_realised"),
    )
    money = money_of(queryset)
    return ProjectTotals(
        count=figures["count"],
        sectors=figures["sectors"],
        rial=money.rial,
        foreign=money.foreign_totals(),
        jobs_direct=figures["jobs_direct"] or 0,
        jobs_indirect=figures["jobs_indirect"] or 0,
        jobs_realised=figures["jobs_realised"] or 0,
    )


@dataclass
class ConvertedTotal:
    currency: str
    on: dt.date
    amount: Decimal | None
    rates: list[ExchangeRate] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def converted_total(totals: ProjectTotals, *, to_currency: str, on: dt.date) -> ConvertedTotal:
    """Everything in one currency, only when asked for, labelled with every rate used."""
    result = ConvertedTotal(currency=to_currency, on=on, amount=Decimal(0))
    parts = [CurrencyTotal(RIAL, totals.rial), *totals.foreign]
    for part in parts:
        if not part.amount:
            continue
        if part.currency == to_currency:
            result.amount += part.amount
            continue
        rate = (
            ExchangeRate.objects.filter(
                from_currency=part.currency, to_currency=to_currency, date__lte=on
            )
            .order_by("-date")
            .first()
        )
        if rate is None:
            result.missing.append(part.currency)
            continue
        result.rates.append(rate)
        result.amount += part.amount * rate.rate
    if result.missing:
        result.amount = None
    return result


def project_detail(*, user: User, pk: int) -> Project:
    contracts = contract_list_for_user(user=user).select_related("bank").prefetch_related("steps")
    queryset = (
        project_list_for_user(user=user)
        .select_related("county", "owner")
        .prefetch_related(
            "programmes",
            Prefetch(
                "investments", queryset=InvestmentLine.objects.order_by("currency", "value_date")
            ),
            Prefetch("contracts", queryset=contracts),
            Prefetch(
                "submission_items",
                queryset=SubmissionItem.objects.select_related("submission").order_by(
                    "-submission__letter_date"
                ),
            ),
            Prefetch("events", queryset=ProjectEvent.objects.select_related("actor")),
        )
    )
    project = get_object_or_404(queryset, pk=pk)
    money = Money.of((line.currency, line.amount) for line in project.investments.all())
    project.rial_total = money.rial
    project.foreign_totals = money.foreign_totals()
    return project


def project_resolutions(*, user: User, project: Project):
    """The project's resolutions the user may read (the one resolution rule: a viewer no
    confidential text, a liaison only its own agency's)."""
    return (
        scope_resolutions(project.resolutions.all(), user)
        .select_related("committee")
        .order_by("-meeting_date")
    )


def contract_list_for_user(*, user: User) -> QuerySet[BankAgencyContract]:
    """Contracts of the projects the user may see; a bank liaison only its own bank's (the
    project page, the pipeline, the export and the step forms all read them here)."""
    return scope_contracts(
        BankAgencyContract.objects.filter(project__in=project_list_for_user(user=user)), user
    )


def contract_get_for_user(*, user: User, pk: int) -> BankAgencyContract:
    queryset = contract_list_for_user(user=user)
    return get_object_or_404(queryset.select_related("project", "bank"), pk=pk)


@dataclass(frozen=True)
class PipelineCell:
    count: int
    amounts: list[CurrencyTotal]


def contract_pipeline(*, user: User) -> dict:
    """Contracts by bank and status: counts and facility amounts per currency."""
    contracts = contract_list_for_user(user=user)
    banks: dict[int, dict] = {}
    for row in contracts_by_bank(contracts):
        bank = banks.setdefault(
            row["bank_id"], {"name": row["bank"], "id": row["bank_id"], "cells": {}}
        )
        cell = bank["cells"].setdefault(row["status"], {"count": 0, "amounts": []})
        cell["count"] += row["contracts"]
        cell["amounts"].append(CurrencyTotal(row["currency"], row["amount"]))
    statuses = list(BankAgencyContract.Status)
    return {
        "statuses": statuses,
        "banks": [
            {
                **bank,
                "row": [
                    PipelineCell(**bank["cells"][s.value]) if s.value in bank["cells"] else None
                    for s in statuses
                ],
            }
            for bank in banks.values()
        ],
    }


def submission_list_for_user(*, user: User) -> QuerySet[NationalSubmission]:
    if is_liaison(user):
        return NationalSubmission.objects.none()
    queryset = scope_by_province(NationalSubmission.objects.all(), user)
    if sees_sent_submissions_only(user):
        queryset = queryset.filter(status=NationalSubmission.Status.SENT)
    return queryset.select_related("province").annotate(
        item_count=Count("items"),
        accepted=Count("items", filter=Q(items__outcome=SubmissionItem.Outcome.ACCEPTED)),
        returned=Count("items", filter=Q(items__outcome=SubmissionItem.Outcome.RETURNED)),
    )


def submission_detail(*, user: User, pk: int) -> NationalSubmission:
    queryset = submission_list_for_user(user=user).prefetch_related(
        Prefetch(
            "items",
            queryset=SubmissionItem.objects.select_related("project__owner", "project__county")
            .prefetch_related("project__investments")
            .order_by("project__code"),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def submission_item_get_for_user(*, user: User, pk: int) -> SubmissionItem:
    return get_object_or_404(
        SubmissionItem.objects.filter(submission__in=submission_list_for_user(user=user)), pk=pk
    )
