"""A report's main sections summed from per-province figures kept in the database.

The engine answers a national question by reading every province's rows at once; at 31
provinces the half-year report costs about 0.8 s that way, and any write anywhere makes the
next one pay it again. The sections it spends that time on (meetings, accountability, projects,
units) are sums over provinces: committees, projects, units, cases and batches each belong to
one province. So each province's sections are computed by the engine itself (a province
scope), stored in `ProvinceFigures` under the data versions they were read at, and a national
report adds the provinces' rows up. A write in one province makes only that province's row
stale: the next reader recomputes that one (about 1/31 of the work) and reuses the rest, and
the worker (`refresh_report_figures`) recomputes stale rows ahead of the readers.

Exactly the engine's answer (`tests/test_partials.py` compares every field with the direct
computation), because the sum is taken where the engine would have summed, and the two things
that are not sums are done again:
- an agency counted in more than one province (a national body or a bank serving several) has
  its median days to close computed once more, over all of its rows, in one query;
- lists the engine orders by a name in the database are ordered by the database again
  (`db_rank`), so a collation that is not Python's code-point order gives the same order.

Why per province and not per month: the figures are not all sums over time — the resolutions
and projects a period counts are distinct over its months, and a median over six months is
not made of six monthly medians. Per province they are exact. The months a reader asks for
are those of a period preset (year, half, quarter, month) or a custom range; each is one row.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from hamahang.core import freshness
from hamahang.core.db import DaysBetween, Median
from hamahang.core.jalali import Period
from hamahang.core.models import DataVersion
from hamahang.core.versioning import REFERENCE
from hamahang.meetings.models import Assignment
from hamahang.organizations.models import Agency, Province
from hamahang.projects.money import Money
from hamahang.reports.models import ProvinceFigures
from hamahang.reports.sections.obstacles import obstacles_section, sum_obstacles
from hamahang.reports.sections.outcomes import outcomes_section, sum_outcomes
from hamahang.reports.sections.reliefs import reliefs_section, sum_reliefs


@dataclass
class Sections:
    """The sections of a `Report` that are summed over provinces (all but `referrals`, whose
    medians per hop are not sums and whose few rows cost little)."""

    meetings: list
    accountability: list
    projects: object  # engine.ProjectFigures
    units: object  # engine.UnitFigures
    outcomes: dict  # sections.outcomes
    obstacles: dict  # sections.obstacles
    reliefs_expiring: dict  # sections.reliefs
    # Set when read from a row older than the data (allowed to this reader for a few seconds,
    # core.freshness): the moment (epoch seconds) the oldest such row was last known current.
    behind_since: float | None = None

    @property
    def current(self) -> bool:
        return self.behind_since is None


def province_sections(period: Period, province_id: int, as_of: dt.date) -> Sections:
    """One province's sections, from its stored row when that is current (or recent enough
    for this reader: `core.freshness`), else computed (and stored)."""
    versions = _versions()
    return _load(period, as_of, {province_id: versions(province_id)})[province_id]


def national_sections(period: Period, as_of: dt.date) -> Sections:
    """Every province's sections, summed: what the engine computes for the whole country."""
    versions = _versions()
    provinces = dict(Province.objects.order_by("name").values_list("pk", "name"))
    if not provinces:  # nothing to add up (a database without reference data)
        return compute(period, None, as_of)
    parts = _load(period, as_of, {pk: versions(pk) for pk in provinces})
    summed = _sum([(pk, name, parts[pk]) for pk, name in provinces.items()], period, as_of)
    behind = [part.behind_since for part in parts.values() if part.behind_since is not None]
    summed.behind_since = min(behind, default=None)
    return summed


def refresh(as_of: dt.date) -> int:
    """The worker's task: recompute the stored rows of `as_of` whose data changed since, and
    note on the others that they were still current (a reader may be shown a row for a few
    seconds after its data changes, counted from the last moment it is known to have been
    current: `computed_at`). The note is taken again after each recomputation, so a run that
    recomputes many provinces does not let the others age. A stale row read from the data less
    than half that age ago is left for the next run: a province written to every second is
    then recomputed every few seconds, not after each write, and no reader waits for it. The
    number recomputed."""
    settle = dt.timedelta(seconds=settings.HAMAHANG_FIGURES_MAX_AGE / 2)
    recomputed = 0
    done: set[int] = set()
    while True:
        ripe = timezone.now() - settle
        stale = [
            row for row in _confirm_current(as_of) if row.pk not in done and row.computed_at <= ripe
        ]
        if not stale:
            return recomputed
        row = stale[0]
        done.add(row.pk)  # once per run, however often its province is written meanwhile
        period = Period.between(row.period_start, row.period_end)
        _load(period, as_of, {row.province_id: _versions()(row.province_id)}, oldest=None)
        recomputed += 1


def _confirm_current(as_of: dt.date) -> list[ProvinceFigures]:
    """Note the moment on every row of `as_of` whose version is still its province's; the
    others (stale), oldest first."""
    checked = timezone.now()  # before the versions are read: they are current at least then
    versions = _versions()
    rows = list(
        ProvinceFigures.objects.filter(as_of=as_of)
        .only("province_id", "period_start", "period_end", "version", "computed_at")
        .order_by("computed_at", "pk")
    )
    current = [row.pk for row in rows if row.version == versions(row.province_id)]
    # A row a reader recomputed meanwhile is newer than `checked` and keeps its own time.
    ProvinceFigures.objects.filter(pk__in=current, computed_at__lt=checked).update(
        computed_at=checked
    )
    return [row for row in rows if row.version != versions(row.province_id)]


def drop_before(day: dt.date) -> int:
    """Forget the figures of report days before `day` (a report of today never reads them)."""
    return ProvinceFigures.objects.filter(as_of__lt=day).delete()[0]


# --- storing and loading ---------------------------------------------------------------------


# Raised when `Sections` changes shape: rows stored in an older shape are then never read.
SHAPE = 3


def _versions():
    """The current version key of each province (as `core.versioning.version_key` spells it,
    after the shape of what is stored), from one query."""
    numbers = dict(DataVersion.objects.values_list("scope", "number"))
    reference = numbers.get(REFERENCE, 0)
    return lambda province_id: f"s{SHAPE}:{reference}.{numbers.get(province_id, 0)}"


_NOT_GIVEN = object()


def _load(
    period: Period, as_of: dt.date, wanted: dict[int, str], oldest=_NOT_GIVEN
) -> dict[int, Sections]:
    """The sections of each province in `wanted` ({province: its current version}): stored
    rows of that version; rows of an older version known to have been current at `oldest`
    or later (default: what this request allows, `core.freshness`; None: none), marked not
    `current`; the others computed and stored."""
    oldest = freshness.oldest_allowed() if oldest is _NOT_GIVEN else oldest
    rows = ProvinceFigures.objects.filter(
        province_id__in=list(wanted),
        period_start=period.start,
        period_end=period.end,
        as_of=as_of,
    ).values_list("province_id", "version", "computed_at", "figures")
    found = {}
    for province_id, version, computed_at, figures in rows:
        current = version == wanted[province_id]
        recent = oldest is not None and computed_at.timestamp() >= oldest
        if current or (recent and version.startswith(f"s{SHAPE}:")):  # a row of this shape
            found[province_id] = pickle.loads(bytes(figures))
            found[province_id].behind_since = None if current else computed_at.timestamp()
    fresh = []
    for province_id, version in wanted.items():
        if province_id in found:
            continue
        # When the data was read, not when the row was saved: a reader allowed figures read
        # after some moment must not take a row whose reading began before it. (The worker
        # moves it on while the row stays current: `refresh`.)
        started = timezone.now()
        fresh.append(
            ProvinceFigures(
                province_id=province_id,
                period_start=period.start,
                period_end=period.end,
                as_of=as_of,
                version=version,
                figures=pickle.dumps(compute(period, province_id, as_of)),
                computed_at=started,
            )
        )
    if fresh:
        # A concurrent reader may store the same row: the later one wins, both are current.
        ProvinceFigures.objects.bulk_create(
            fresh,
            update_conflicts=True,
            unique_fields=["province", "period_start", "period_end", "as_of"],
            update_fields=["version", "figures", "computed_at"],
        )
        found.update({row.province_id: pickle.loads(row.figures) for row in fresh})
    return found


def compute(period: Period, province_id: int | None, as_of: dt.date, scope=None) -> Sections:
    """The sections computed from the rows (`scope`: any engine scope; default the province,
    or the country)."""
    from hamahang.reports import engine  # the engine builds national reports from this module

    scope = scope or engine.Scope(province_id=province_id)
    return Sections(
        meetings=engine._meetings(period, scope),
        accountability=engine._accountability(period, scope, as_of),
        projects=engine._projects(period, scope),
        units=engine._units(period, scope),
        outcomes=outcomes_section(period, scope, engine._due_assignments(period, scope, as_of)),
        obstacles=obstacles_section(period, scope),
        reliefs_expiring=reliefs_section(period, scope, as_of),
    )


# --- summing ---------------------------------------------------------------------------------


def _sum(provinces: list[tuple[int, str, Sections]], period: Period, as_of: dt.date) -> Sections:
    """The national sections from ({province id, its name, its sections}) in name order."""
    from hamahang.reports.engine import rank_agencies

    parts = [sections for _, _, sections in provinces]
    meetings = [committee for part in parts for committee in part.meetings]
    return Sections(
        meetings=meetings,  # by province name, then name: the provinces come in that order
        accountability=rank_agencies(
            _sum_agencies([p.accountability for p in parts], period, as_of)
        ),
        projects=_sum_projects([p.projects for p in parts]),
        units=_sum_units([p.units for p in parts]),
        outcomes=sum_outcomes([p.outcomes for p in parts]),
        obstacles=sum_obstacles([(pk, name, p.obstacles) for pk, name, p in provinces]),
        reliefs_expiring=sum_reliefs([p.reliefs_expiring for p in parts]),
    )


COUNTS = (
    "due",
    "done_on_time",
    "done_late",
    "not_done",
    "open",
    "overdue",
    "overdue_0_30",
    "overdue_31_90",
    "overdue_90_plus",
)


def _sum_agencies(parts: list[list], period: Period, as_of: dt.date) -> list:
    merged: dict[int, object] = {}
    shared: set[int] = set()
    for figures in parts:
        for agency in figures:
            seen = merged.get(agency.agency_id)
            if seen is None:
                merged[agency.agency_id] = agency
                continue
            shared.add(agency.agency_id)
            merged[agency.agency_id] = replace(
                seen, **{name: getattr(seen, name) + getattr(agency, name) for name in COUNTS}
            )
    if shared:
        for agency_id, median in _medians(shared, period, as_of).items():
            merged[agency_id] = replace(merged[agency_id], median_days_to_close=median)
    return list(merged.values())


def _medians(agency_ids: set[int], period: Period, as_of: dt.date) -> dict[int, float | None]:
    """The median days to close of agencies counted in several provinces, over all their rows
    (the engine's `_accountability` rule for `median_days_to_close`)."""
    from hamahang.reports import engine

    rows = (
        engine.accountable_assignments(period, engine.Scope(), as_of)
        .filter(agency_id__in=agency_ids)
        .order_by()
        .values("agency_id")
        .annotate(
            median=Median(
                DaysBetween("closed_on", "resolution__meeting_date"),
                filter=Q(status=Assignment.Status.VERIFIED_DONE),
            )
        )
    )
    return {
        row["agency_id"]: round(float(row["median"]), 1) if row["median"] is not None else None
        for row in rows
    }


def _money_sum(*moneys: Money) -> Money:
    total = Money()
    for money in moneys:
        total.rial += money.rial
        for currency, amount in money.foreign.items():
            total.foreign[currency] = total.foreign.get(currency, Decimal(0)) + amount
    return total


def _sum_groups(lists: list[list]) -> list:
    """GroupFigures by key, summed; ordered by key in the database's order (as `_groups`)."""
    merged: dict[str, object] = {}
    for groups in lists:
        for group in groups:
            seen = merged.get(group.key)
            merged[group.key] = group if seen is None else _add_group(seen, group)
    rank = db_rank({(key,) for key in merged})
    return sorted(merged.values(), key=lambda group: rank[(group.key,)])


def _add_group(a, b):
    return replace(
        a,
        projects=a.projects + b.projects,
        money=_money_sum(a.money, b.money),
        jobs_direct=a.jobs_direct + b.jobs_direct,
        jobs_indirect=a.jobs_indirect + b.jobs_indirect,
        jobs_realised=a.jobs_realised + b.jobs_realised,
    )


def _sum_projects(parts: list):
    from hamahang.projects.models import Sector

    owners: dict[int, object] = {}
    for part in parts:
        for owner in part.sent_by_owner:
            seen = owners.get(owner.agency_id)
            if seen is None:
                owners[owner.agency_id] = owner
                continue
            sectors = set(seen.sectors) | set(owner.sectors)
            owners[owner.agency_id] = replace(
                seen,
                projects=seen.projects + owner.projects,
                sectors=sorted(sectors, key=list(dict(Sector.choices)).index),
                money=_money_sum(seen.money, owner.money),
                jobs_planned=seen.jobs_planned + owner.jobs_planned,
            )
    # The engine: by number of projects, then the owner's name in the database's order.
    names = dict(Agency.objects.filter(pk__in=list(owners)).values_list("pk", "name"))
    rank = db_rank({(name,) for name in names.values()})
    ranked = sorted(owners.values(), key=lambda o: (-o.projects, rank[(names[o.agency_id],)]))

    contracts: dict[tuple, dict] = {}
    for part in parts:
        for row in part.contracts:
            key = (row["bank_id"], row["status"], row["currency"])
            seen = contracts.get(key)
            if seen is None:
                contracts[key] = dict(row)
            else:
                seen["contracts"] += row["contracts"]
                seen["amount"] = (seen["amount"] or 0) + (row["amount"] or 0)
    bank_names = dict(
        Agency.objects.filter(pk__in={key[0] for key in contracts}).values_list("pk", "name")
    )
    rank = db_rank({(bank_names[b], s, c) for b, s, c in contracts})

    outcomes: dict[str, int] = defaultdict(int)
    for part in parts:
        for key, n in part.outcomes.items():
            outcomes[key] += n
    first = parts[0]
    return replace(
        first,
        sent=sum(p.sent for p in parts),
        sent_batches=sum(p.sent_batches for p in parts),
        sent_by_owner=ranked,
        sent_by_sector=_sum_groups([p.sent_by_sector for p in parts]),
        sent_totals=_sum_totals([p.sent_totals for p in parts]),
        outcomes=dict(outcomes),
        portfolio_by_sector=_sum_groups([p.portfolio_by_sector for p in parts]),
        portfolio_by_status=_sum_groups([p.portfolio_by_status for p in parts]),
        contracts=[
            contracts[key]
            for key in sorted(contracts, key=lambda k: rank[(bank_names[k[0]], k[1], k[2])])
        ],
    )


def _sum_totals(totals: list):
    result = totals[0]
    for group in totals[1:]:
        result = _add_group(result, group)
    return result


def _sum_units(parts: list):
    launches: dict[tuple[str, str], list[int]] = {}
    for part in parts:
        for row in part.launches:
            total = launches.setdefault((row["kind"], row["product"]), [0, 0])
            total[0] += row["units"]
            total[1] += row["jobs"]

    def counts(name: str) -> dict[str, int]:
        summed: dict[str, int] = defaultdict(int)
        for part in parts:
            for key, n in getattr(part, name).items():
                summed[key] += n
        return dict(summed)

    return replace(
        parts[0],
        revived_units=sum(p.revived_units for p in parts),
        revived_jobs=sum(p.revived_jobs for p in parts),
        launches=[
            {"kind": kind, "product": product, "units": n, "jobs": jobs}
            for (kind, product), (n, jobs) in sorted(launches.items())
        ],
        status_counts=counts("status_counts"),
        cases_by_type=counts("cases_by_type"),
        cases_by_creditor=counts("cases_by_creditor"),
        cases_by_status=counts("cases_by_status"),
    )


def db_rank(rows: set[tuple]) -> dict[tuple, int]:
    """Each row's place when the database sorts `rows` column by column, as an ORDER BY on
    those values would (its collation, not Python's code-point order). Equal values (two
    provinces' «بانک ملی») share a place, and keep their order in a stable sort, as ties do in
    the engine's queries."""
    rows = list(rows)
    if len(rows) < 2:
        return dict.fromkeys(rows, 0)
    width = len(rows[0])
    one = "(" + ", ".join(["%s"] * width) + ")"
    columns = ", ".join(str(i + 1) for i in range(width))
    sql = f"SELECT * FROM (VALUES {', '.join([one] * len(rows))}) AS v ORDER BY {columns}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        return {tuple(row): place for place, row in enumerate(cursor.fetchall())}
