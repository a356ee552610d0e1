"""The report's `outcomes` section: what resolutions and cases produced, and the assignments
held up by producers.

Attribution (the rules, tested in hamahang/outcomes/tests/test_report.py):
- Period: an outcome counts in the period its own `date` falls in — not the date of the
  meeting that decided it — so a 1399 resolution whose jobs were kept in 1400 counts in 1400.
- The resolution it belongs to: its own resolution; an outcome recorded on a case only
  belongs to the case's latest resolution of a meeting that took place (by meeting date),
  and to none if the case has no such resolution (it then counts in the totals only).
- Committee: the committee of that resolution.
- Agency: the lead agencies («مسئول») of that resolution's assignments; an outcome of a
  resolution with two lead agencies counts for each, so agencies may add up to more than
  the total.
- Scope: the province of the resolution's committee (or of the case when there is no
  resolution); a committee scope takes that committee's outcomes; a county scope the
  outcomes whose unit (of the case, the resolution, or the resolution's case) is in the
  county; an agency scope the outcomes of resolutions it leads.
- Jobs per resolution: jobs kept plus jobs created, over the resolutions with an outcome.
Money stays in its currency (one total per currency, never converted); production restored
one total per unit of measure.

Four grouped queries whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.outcomes.models import Outcome, blocked_by_producer

if TYPE_CHECKING:
    from hamahang.core.jalali import Period
    from hamahang.reports.engine import Scope

K = Outcome.Kind
JOBS = (K.JOBS_KEPT, K.JOBS_CREATED)


def attributed_outcomes(period: Period, scope: Scope) -> QuerySet[Outcome]:
    """The outcomes dated in the period and scope, each with `res`: the resolution it is
    attributed to (its own, or its case's latest held one)."""
    latest = (
        Resolution.objects.filter(case=OuterRef("case"), meeting__status__in=Meeting.HELD_STATUSES)
        .order_by("-meeting_date", "-pk")
        .values("pk")[:1]
    )
    rows = Outcome.objects.filter(date__range=(period.start, period.end)).annotate(
        res=Coalesce(F("resolution"), Subquery(latest))
    )
    if scope.province_id:
        rows = rows.filter(
            Q(resolution__committee__province_id=scope.province_id)
            | Q(resolution__isnull=True, case__province_id=scope.province_id)
        )
    if scope.committee_id:
        rows = rows.filter(
            Exists(Resolution.objects.filter(pk=OuterRef("res"), committee_id=scope.committee_id))
        )
    if scope.county_id:
        rows = rows.filter(
            Q(case__unit__county_id=scope.county_id)
            | Q(resolution__unit__county_id=scope.county_id)
            | Q(resolution__case__unit__county_id=scope.county_id)
        )
    if scope.agency_id:
        rows = rows.filter(
            Exists(
                Assignment.objects.filter(
                    resolution=OuterRef("res"),
                    agency_id=scope.agency_id,
                    role=Assignment.Role.LEAD,
                )
            )
        )
    return rows


def _bucket() -> dict:
    return {
        K.JOBS_KEPT.value: 0,
        K.JOBS_CREATED.value: 0,
        K.UNIT_REVIVED.value: 0,
        K.UNIT_LAUNCHED.value: 0,
        K.PRODUCTION_RESTORED.value: {},
        K.MONEY_RELEASED.value: {},
        "resolutions": 0,
    }


def _add(bucket: dict, row: dict) -> None:
    kind, total = row["kind"], row["total"] or Decimal(0)
    if kind == K.MONEY_RELEASED:
        money = bucket[kind]
        money[row["currency"]] = money.get(row["currency"], Decimal(0)) + total
    elif kind == K.PRODUCTION_RESTORED:
        made = bucket[kind]
        made[row["measure"]] = made.get(row["measure"], Decimal(0)) + total
    else:
        bucket[kind] += int(total)


def _per_resolution(bucket: dict) -> float | None:
    jobs = bucket[K.JOBS_KEPT] + bucket[K.JOBS_CREATED]
    return round(jobs / bucket["resolutions"], 1) if bucket["resolutions"] else None


def _grouped(outcomes: QuerySet[Outcome]) -> list[dict]:
    """One query: the sums per attributed resolution, kind, currency and unit of measure."""
    return list(
        outcomes.order_by()
        .values("res", "kind", "currency", "measure")
        .annotate(total=Sum("quantity"), n=Count("pk"))
    )


def outcome_totals(period: Period, scope: Scope) -> dict:
    """The section's totals alone (one query), for the dashboard: the same figures as the
    report's `outcomes.totals` without the per-resolution count."""
    totals = _bucket()
    for row in _grouped(attributed_outcomes(period, scope)):
        _add(totals, row)
    return totals


def outcomes_section(period: Period, scope: Scope, blockable: QuerySet[Assignment]) -> dict:
    """The section's figures. `blockable`: the assignments the accountability ranking
    considers (due in the period); those the producer holds up are counted here instead."""
    outcomes = attributed_outcomes(period, scope)
    rows = _grouped(outcomes)
    resolution_ids = outcomes.order_by().values("res")
    committees = {
        row["pk"]: (row["committee_id"], row["committee__name"])
        for row in Resolution.objects.filter(pk__in=resolution_ids)
        .order_by()
        .values("pk", "committee_id", "committee__name")
    }
    leads: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in (
        Assignment.objects.filter(role=Assignment.Role.LEAD, resolution_id__in=resolution_ids)
        .order_by()
        .values("resolution_id", "agency_id", "agency__name", "agency__short_name")
    ):
        name = row["agency__short_name"] or row["agency__name"]
        leads[row["resolution_id"]].append((row["agency_id"], name))

    totals = _bucket()
    by_committee: dict[int, dict] = {}
    by_agency: dict[int, dict] = {}
    seen_committee: dict[int, set] = defaultdict(set)
    seen_agency: dict[int, set] = defaultdict(set)
    seen: set = set()
    for row in rows:
        _add(totals, row)
        res = row["res"]
        if res is None:
            continue
        seen.add(res)
        if res in committees:
            committee_id, name = committees[res]
            group = by_committee.setdefault(
                committee_id, {"committee_id": committee_id, "name": name, **_bucket()}
            )
            _add(group, row)
            seen_committee[committee_id].add(res)
        for agency_id, name in leads.get(res, []):
            group = by_agency.setdefault(
                agency_id, {"agency_id": agency_id, "name": name, **_bucket()}
            )
            _add(group, row)
            seen_agency[agency_id].add(res)
    totals["resolutions"] = len(seen)
    for key, group in by_committee.items():
        group["resolutions"] = len(seen_committee[key])
        group["jobs_per_resolution"] = _per_resolution(group)
    for key, group in by_agency.items():
        group["resolutions"] = len(seen_agency[key])
        group["jobs_per_resolution"] = _per_resolution(group)
    totals["jobs_per_resolution"] = _per_resolution(totals)

    blocked = [
        {
            "agency_id": row["agency_id"],
            "name": row["agency__short_name"] or row["agency__name"],
            "assignments": row["n"],
        }
        for row in blockable.filter(blocked_by_producer())
        .order_by()
        .values("agency_id", "agency__name", "agency__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency__name")
    ]

    return {
        "records": sum(row["n"] for row in rows),
        "totals": totals,
        "by_committee": sorted(by_committee.values(), key=_jobs_first),
        "by_agency": sorted(by_agency.values(), key=_jobs_first),
        "producer_blocked": blocked,
    }


def _jobs_first(group: dict):
    return (-(group[K.JOBS_KEPT] + group[K.JOBS_CREATED]), group["name"])


def _merged(a: dict, b: dict) -> dict:
    """Two buckets (or groups) added up; the resolutions of two provinces are distinct."""
    merged = dict(a)
    for kind in (K.JOBS_KEPT, K.JOBS_CREATED, K.UNIT_REVIVED, K.UNIT_LAUNCHED, "resolutions"):
        merged[kind] = a[kind] + b[kind]
    for kind in (K.PRODUCTION_RESTORED, K.MONEY_RELEASED):
        merged[kind] = dict(a[kind])
        for key, amount in b[kind].items():
            merged[kind][key] = merged[kind].get(key, Decimal(0)) + amount
    merged["jobs_per_resolution"] = _per_resolution(merged)
    return merged


def sum_outcomes(parts: list[dict]) -> dict:
    """The section of several provinces from each one's own. An outcome belongs to the
    province of its resolution (or case), so records, totals and committees add up; an agency
    leading resolutions in several provinces has its groups added; the held-up assignments
    are counted per agency and ranked as `outcomes_section` ranks them (by count, then the
    agency's name in the database's order)."""
    from hamahang.organizations.models import Agency
    from hamahang.reports.partials import db_rank

    totals = parts[0]["totals"]
    agencies: dict[int, dict] = {}
    blocked: dict[int, dict] = {}
    for part in parts[1:]:
        totals = _merged(totals, part["totals"])
    for part in parts:
        for group in part["by_agency"]:
            seen = agencies.get(group["agency_id"])
            agencies[group["agency_id"]] = group if seen is None else _merged(seen, group)
        for row in part["producer_blocked"]:
            seen = blocked.setdefault(row["agency_id"], {**row, "assignments": 0})
            seen["assignments"] += row["assignments"]
    names = dict(Agency.objects.filter(pk__in=list(blocked)).values_list("pk", "name"))
    rank = db_rank({(name,) for name in names.values()})
    return {
        "records": sum(part["records"] for part in parts),
        "totals": totals,
        "by_committee": sorted(
            (group for part in parts for group in part["by_committee"]), key=_jobs_first
        ),
        "by_agency": sorted(agencies.values(), key=_jobs_first),
        "producer_blocked": sorted(
            blocked.values(),
            key=lambda row: (-row["assignments"], rank[(names[row["agency_id"]],)]),
        ),
    }
