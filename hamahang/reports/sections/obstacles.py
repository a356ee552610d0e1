"""The `obstacles` section and the systemic-obstacle report: obstacles × place × period.

One matter is counted once: a support case received in the period, or a resolution of a
held meeting in the period that does not decide a case (a case and the resolution deciding it
are the same matter, counted as the case). Its place is its unit's county (within a province)
or its province (nationally); a resolution about no unit is placed at its committee's county
(a county working group) or, failing that, at the province level («سطح استان»).

A cluster (خوشه تکرارشونده) is an obstacle met at least `CLUSTER_MIN` times in one place in
the period: what a national rule, not a case-by-case decision, would remove.

Queries are fixed: two grouped counts for the cells; the examples are one windowed query per
kind of matter (at most `EXAMPLES` per cell).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber

from hamahang.core.jalali import Period
from hamahang.meetings.models import Meeting, Resolution
from hamahang.units.models import SupportCase
from hamahang.units.obstacles import Obstacle

CLUSTER_MIN = 3
EXAMPLES = 3
TOP_CLUSTERS = 10
LABELS = dict(Obstacle.choices)
PROVINCE_LEVEL = "سطح استان"


@dataclass
class Cell:
    obstacle: str
    label: str
    place_id: int | None
    place: str
    cases: int = 0
    resolutions: int = 0
    previous: int = 0  # the same count in the previous equal period (the page fills it)
    examples: list[dict] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.cases + self.resolutions

    @property
    def is_cluster(self) -> bool:
        return self.count >= CLUSTER_MIN

    @property
    def trend(self) -> int:
        return self.count - self.previous


def _places(national: bool) -> tuple[str, str, str, str]:
    """(case place id, case place name, resolution place id, resolution place name) paths."""
    if national:
        return (
            "province_id",
            "province__name",
            "committee__province_id",
            "committee__province__name",
        )
    return "unit__county_id", "unit__county__name", "place_id", "place_name"


def matter_querysets(
    period: Period, *, province_id: int | None, county_id: int | None = None, committee_id=None
) -> tuple[QuerySet, QuerySet]:
    """The cases and resolutions the section counts (coded or not), scoped."""
    cases = SupportCase.objects.filter(received_on__range=(period.start, period.end))
    resolutions = Resolution.objects.filter(
        meeting_date__range=(period.start, period.end),
        meeting__status__in=Meeting.HELD_STATUSES,
        case__isnull=True,
    ).annotate(
        place_id=Coalesce("unit__county_id", "committee__county_id"),
        place_name=Coalesce("unit__county__name", "committee__county__name"),
    )
    if province_id:
        cases = cases.filter(province_id=province_id)
        resolutions = resolutions.filter(committee__province_id=province_id)
    if county_id:
        cases = cases.filter(unit__county_id=county_id)
        resolutions = resolutions.filter(place_id=county_id)
    if committee_id:
        resolutions = resolutions.filter(committee_id=committee_id)
    return cases, resolutions


def obstacle_cells(
    period: Period,
    *,
    province_id: int | None,
    county_id: int | None = None,
    committee_id: int | None = None,
) -> list[Cell]:
    """Every coded (obstacle, place) with its counts, largest first: two queries."""
    national = province_id is None
    case_id, case_name, res_id, res_name = _places(national)
    cases, resolutions = matter_querysets(
        period, province_id=province_id, county_id=county_id, committee_id=committee_id
    )
    cells: dict[tuple, Cell] = {}

    def add(rows, attr):
        for obstacle, place_id, place, n in rows:
            key = (obstacle, place_id)
            cell = cells.get(key) or cells.setdefault(
                key,
                Cell(obstacle, LABELS.get(obstacle, obstacle), place_id, place or PROVINCE_LEVEL),
            )
            setattr(cell, attr, getattr(cell, attr) + n)

    add(
        cases.exclude(obstacle="")
        .order_by()
        .values_list("obstacle", case_id, case_name)
        .annotate(n=Count("pk")),
        "cases",
    )
    add(
        resolutions.exclude(obstacle="")
        .order_by()
        .values_list("obstacle", res_id, res_name)
        .annotate(n=Count("pk")),
        "resolutions",
    )
    return sorted(cells.values(), key=lambda c: (-c.count, c.label, c.place))


def attach_examples(cells: list[Cell], period: Period, *, province_id, county_id=None) -> None:
    """The newest few case and resolution codes of each cell, and the legal bases cited:
    two windowed queries whatever the number of rows."""
    if not cells:
        return
    national = province_id is None
    case_id, _, res_id, _ = _places(national)
    cases, resolutions = matter_querysets(period, province_id=province_id, county_id=county_id)
    by_key = {(c.obstacle, c.place_id): c for c in cells}
    for queryset, place, date_field, kind in (
        (cases, case_id, "received_on", "case"),
        (resolutions, res_id, "meeting_date", "resolution"),
    ):
        rows = (
            queryset.exclude(obstacle="")
            .annotate(
                cell_place=F(place),
                rank=Window(
                    RowNumber(),
                    partition_by=[F("obstacle"), F(place)],
                    order_by=[F(date_field).desc(), F("pk").desc()],
                ),
            )
            .filter(rank__lte=EXAMPLES)
            .values_list("obstacle", "cell_place", "pk", "code", "legal_basis", date_field)
        )
        for obstacle, place_id, pk, code, legal_basis, day in rows:
            cell = by_key.get((obstacle, place_id))
            if cell is None:
                continue
            cell.examples.append({"kind": kind, "pk": pk, "code": code, "date": day})
            if legal_basis and legal_basis not in cell.legal_bases:
                cell.legal_bases.append(legal_basis)


def previous_period(period: Period) -> Period:
    """The equal span just before the period (the trend's baseline)."""
    days = (period.end - period.start).days
    end = period.start - dt.timedelta(days=1)
    return Period.between(end - dt.timedelta(days=days), end)


def attach_previous(cells: list[Cell], previous: list[Cell]) -> list[Cell]:
    """Fill `previous` on each cell; cells seen only before stay out (nothing now)."""
    before = {(c.obstacle, c.place_id): c.count for c in previous}
    for cell in cells:
        cell.previous = before.get((cell.obstacle, cell.place_id), 0)
    return cells


# --- The engine's section --------------------------------------------------------------------


def obstacles_section(period: Period, scope) -> dict:
    """{"by_obstacle": [{obstacle, label, cases, resolutions}], "clusters": [...],
    "uncoded_cases", "uncoded_resolutions", "cluster_min"}: four queries."""
    cells = obstacle_cells(
        period,
        province_id=scope.province_id,
        county_id=scope.county_id,
        committee_id=scope.committee_id,
    )
    totals: dict[str, dict] = defaultdict(lambda: {"cases": 0, "resolutions": 0})
    for cell in cells:
        totals[cell.obstacle]["cases"] += cell.cases
        totals[cell.obstacle]["resolutions"] += cell.resolutions
    cases, resolutions = matter_querysets(
        period,
        province_id=scope.province_id,
        county_id=scope.county_id,
        committee_id=scope.committee_id,
    )
    uncoded_cases = cases.filter(obstacle="").count()
    uncoded_resolutions = resolutions.filter(obstacle="").count()
    return {
        "by_obstacle": _by_obstacle(totals),
        "clusters": [_cluster(c) for c in cells if c.is_cluster][:TOP_CLUSTERS],
        "uncoded_cases": uncoded_cases,
        "uncoded_resolutions": uncoded_resolutions,
        "cluster_min": CLUSTER_MIN,
    }


def sum_obstacles(parts: list[tuple[int, str, dict]]) -> dict:
    """The national section from each province's own ({province id, its name, its section}):
    nationally a matter's place is its province, so a province's count of an obstacle (its
    `by_obstacle` row) is one national cell; the counts add up; the clusters are ranked as
    `obstacle_cells` ranks them."""
    totals: dict[str, dict] = defaultdict(lambda: {"cases": 0, "resolutions": 0})
    cells = []
    for province_id, name, section in parts:
        for row in section.get("by_obstacle", []):
            totals[row["obstacle"]]["cases"] += row["cases"]
            totals[row["obstacle"]]["resolutions"] += row["resolutions"]
            cell = Cell(row["obstacle"], row["label"], province_id, name)
            cell.cases, cell.resolutions = row["cases"], row["resolutions"]
            cells.append(cell)
    cells.sort(key=lambda c: (-c.count, c.label, c.place))
    return {
        "by_obstacle": _by_obstacle(totals),
        "clusters": [_cluster(c) for c in cells if c.is_cluster][:TOP_CLUSTERS],
        "uncoded_cases": sum(section["uncoded_cases"] for _, _, section in parts),
        "uncoded_resolutions": sum(section["uncoded_resolutions"] for _, _, section in parts),
        "cluster_min": CLUSTER_MIN,
    }


def _by_obstacle(totals: dict[str, dict]) -> list[dict]:
    """Each coded obstacle's cases and resolutions ({obstacle: counts}), in the taxonomy's order."""
    return [
        {
            "obstacle": value,
            "label": label,
            "cases": totals[value]["cases"],
            "resolutions": totals[value]["resolutions"],
        }
        for value, label in Obstacle.choices
        if value in totals
    ]


def _cluster(cell: Cell) -> dict:
    return {
        "obstacle": cell.obstacle,
        "label": cell.label,
        "place": cell.place,
        "count": cell.count,
        "cases": cell.cases,
        "resolutions": cell.resolutions,
    }


def obstacle_rows(report) -> list[dict]:
    """The section as labelled rows (Excel sheet, CSV, PDF table)."""
    data = report.obstacles or {}
    return [
        {
            "key": "obstacles",
            "title": "موانع تولید",
            "headers": ["مانع", "پرونده", "مصوبه"],
            "rows": [
                [r["label"], r["cases"], r["resolutions"]] for r in data.get("by_obstacle", [])
            ]
            + [
                [f"خوشه تکرارشونده: {c['label']} — {c['place']}", c["cases"], c["resolutions"]]
                for c in data.get("clusters", [])
            ],
        }
    ]
