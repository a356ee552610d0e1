"""The public portal's only reads. Public views, the feed and the open-data files read these
and nothing else, and each lists its fields explicitly (`.values(...)` into dataclasses), so
no personal field (a person's name, phone, e-mail, national code, username) and nothing
confidential can reach them by accident: a field is public only if it is named here.

- Resolutions: published (`Resolution.is_published`), never confidential, of held meetings;
  their code, text, type, committee, meeting and the progress and status of each agency's
  assignment. No people.
- Committees' meetings and resolution counts, agency accountability (the on-time rate) and
  units revived and launched: the report engine's figures for the period, as they are
  (`reports.cache.cached_report`), so the portal never states a figure of its own.
- Projects: title, sector, county, status, physical progress, jobs and investment by currency.
- Press statements as published (`PublishedStatement`).
Scope: a province (its id) or the country (None)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hamahang.core.jalali import Period, jalali_year, today
from hamahang.core.models import DataVersion
from hamahang.core.versioning import REFERENCE, versioned
from hamahang.meetings.figures import HELD
from hamahang.meetings.models import Assignment, Resolution
from hamahang.organizations.models import Province
from hamahang.projects.currencies import currency_name
from hamahang.projects.models import Project, Sector
from hamahang.projects.money import money_by
from hamahang.public.models import PublishedStatement
from hamahang.reports.cache import cached_report
from hamahang.reports.engine import Scope

PUBLISHED = Q(is_published=True, is_confidential=False, meeting__status__in=HELD)

# The fields of a published resolution that may be shown: nothing else is read.
RESOLUTION_FIELDS = (
    "id",
    "code",
    "text",
    "type",
    "status",
    "progress",
    "meeting_date",
    "published_at",
    "meeting__number",
    "meeting__jalali_year",
    "committee__name",
    "committee__province__code",
    "committee__province__name",
)
ASSIGNMENT_FIELDS = (
    "resolution_id",
    "agency__name",
    "role",
    "status",
    "progress",
    "deadline",
)
PROJECT_FIELDS = (
    "id",
    "code",
    "title",
    "sector",
    "status",
    "physical_progress",
    "jobs_direct",
    "jobs_indirect",
    "jobs_realised",
    "county__name",
    "province__code",
    "province__name",
)


# --- provinces -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicProvince:
    id: int
    code: str
    name: str
    resolutions: int = 0
    projects: int = 0


@dataclass(frozen=True)
class DataState:
    """What a public page of a scope depends on: `version` (its ETag) and `modified` (its
    Last-Modified, seconds), from the scope's data versions (core.versioning): a version is
    raised to the clock's microseconds on every write, so the largest is when the data last
    changed."""

    version: str
    modified: int | None


def data_state(province_id: int | None) -> DataState:
    rows = DataVersion.objects.order_by("scope")
    if province_id is not None:
        rows = rows.filter(scope__in=[REFERENCE, province_id])
    pairs = list(rows.values_list("scope", "number"))
    text = ",".join(f"{scope}:{number}" for scope, number in pairs)
    version = hashlib.sha256(text.encode()).hexdigest()[:20]
    latest = max((number for _scope, number in pairs), default=0) // 1_000_000
    now = int(time.time())
    # Numbers below a plausible clock reading (a fresh database) give no Last-Modified.
    return DataState(version, min(latest, now) if latest > 1_000_000_000 else None)


def province_get(code: str) -> PublicProvince:
    row = Province.objects.filter(code=code).values("id", "code", "name").first()
    if row is None:
        raise Http404("استانی با این نشانی یافت نشد.")
    return PublicProvince(**row)


def province_list() -> list[PublicProvince]:
    """Every province with its published resolutions and its projects (the country page)."""

    def compute():
        published = dict(
            Resolution.objects.filter(PUBLISHED)
            .order_by()
            .values_list("committee__province")
            .annotate(n=Count("pk"))
        )
        projects = dict(Project.objects.order_by().values_list("province").annotate(n=Count("pk")))
        return [
            PublicProvince(
                **row,
                resolutions=published.get(row["id"], 0),
                projects=projects.get(row["id"], 0),
            )
            for row in Province.objects.order_by("name").values("id", "code", "name")
        ]

    return versioned("public-provinces", province_id=None, compute=compute)


# --- resolutions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyProgress:
    agency: str
    role: str
    status: str
    progress: int
    deadline: dt.date


@dataclass(frozen=True)
class PublicResolution:
    id: int
    code: str
    text: str
    type: str
    status: str
    status_key: str
    progress: int
    meeting_date: dt.date
    published_at: dt.datetime | None
    meeting_number: int
    meeting_year: int
    committee: str
    province_code: str
    province: str
    agencies: tuple[AgencyProgress, ...] = ()


def published_resolutions(*, province_id: int | None, period: Period | None = None) -> QuerySet:
    """The published resolutions of a province (None: the country) held in the period (None:
    any), newest meeting first, as rows of `RESOLUTION_FIELDS`."""
    rows = Resolution.objects.filter(PUBLISHED)
    if province_id is not None:
        rows = rows.filter(committee__province_id=province_id)
    if period is not None:
        rows = rows.filter(meeting_date__range=(period.start, period.end))
    return rows.order_by("-meeting_date", "-meeting__number", "number").values(*RESOLUTION_FIELDS)


def _agencies(resolution_ids: list[int]) -> dict[int, list[AgencyProgress]]:
    roles, statuses = dict(Assignment.Role.choices), dict(Assignment.Status.choices)
    found: dict[int, list[AgencyProgress]] = {}
    rows = (
        Assignment.objects.filter(resolution_id__in=resolution_ids)
        .order_by("role", "agency__name")
        .values(*ASSIGNMENT_FIELDS)
    )
    for row in rows:
        found.setdefault(row["resolution_id"], []).append(
            AgencyProgress(
                agency=row["agency__name"],
                role=roles.get(row["role"], row["role"]),
                status=statuses.get(row["status"], row["status"]),
                progress=row["progress"],
                deadline=row["deadline"],
            )
        )
    return found


def resolutions_of(rows) -> list[PublicResolution]:
    """Rows of `published_resolutions` (a page of them) with their agencies: one query more."""
    rows = list(rows)
    agencies = _agencies([row["id"] for row in rows])
    types, statuses = dict(Resolution.Type.choices), dict(Resolution.Status.choices)
    return [
        PublicResolution(
            id=row["id"],
            code=row["code"],
            text=row["text"],
            type=types.get(row["type"], row["type"]),
            status=statuses.get(row["status"], row["status"]),
            status_key=row["status"],
            progress=row["progress"],
            meeting_date=row["meeting_date"],
            published_at=row["published_at"],
            meeting_number=row["meeting__number"],
            meeting_year=row["meeting__jalali_year"],
            committee=row["committee__name"],
            province_code=row["committee__province__code"],
            province=row["committee__province__name"],
            agencies=tuple(agencies.get(row["id"], ())),
        )
        for row in rows
    ]


def resolution_get(*, province_id: int, pk: int) -> PublicResolution:
    """One published resolution of the province; 404 for any other (unpublished,
    confidential, another province's), so their existence does not leak."""
    rows = published_resolutions(province_id=province_id).filter(pk=pk)
    found = resolutions_of(rows)
    if not found:
        raise Http404("مصوبه‌ای با این نشانی منتشر نشده است.")
    return found[0]


def latest_published(*, province_id: int | None, limit: int = 50) -> list[PublicResolution]:
    """The most recently published resolutions (the pages' «newest» and the Atom feed),
    cached per data version."""

    def compute():
        rows = Resolution.objects.filter(PUBLISHED)
        if province_id is not None:
            rows = rows.filter(committee__province_id=province_id)
        rows = rows.order_by("-published_at", "-pk").values(*RESOLUTION_FIELDS)[:limit]
        return resolutions_of(rows)

    return versioned("public-latest", limit, province_id=province_id, compute=compute)


def published_years(*, province_id: int | None) -> list[int]:
    """The Jalali years that have published resolutions, newest first (the period choices)."""

    def compute():
        rows = Resolution.objects.filter(PUBLISHED)
        if province_id is not None:
            rows = rows.filter(committee__province_id=province_id)
        years = rows.order_by().values_list("meeting__jalali_year", flat=True).distinct()
        return sorted(set(years), reverse=True)

    return versioned("public-years", province_id=province_id, compute=compute)


# --- figures of the report engine ------------------------------------------------------------


@dataclass(frozen=True)
class CommitteeRow:
    name: str
    province: str
    meetings: int
    resolutions: int
    open_resolutions: int


@dataclass(frozen=True)
class AgencyRow:
    name: str
    due: int
    done_on_time: int
    done_late: int
    not_done: int
    open: int
    overdue: int
    on_time_rate: float | None


@dataclass(frozen=True)
class LaunchRow:
    kind: str
    product: str
    units: int
    jobs: int


@dataclass(frozen=True)
class Figures:
    """The report engine's figures the portal shows, for a period and a scope."""

    period: Period
    committees: list[CommitteeRow]
    agencies: list[AgencyRow]
    revived_units: int
    revived_jobs: int
    launches: list[LaunchRow]


KIND_WORDS = {"industrial": "صنعتی", "workshop": "کارگاهی"}


def figures(*, province_id: int | None, period: Period) -> Figures:
    """Committees (meetings and resolutions held), agencies (accountability: the on-time rate
    as `reports.engine.AgencyFigures.on_time_rate` defines it) and units (revived, launched)."""
    report = cached_report(period=period, scope=Scope(province_id=province_id))
    return Figures(
        period=period,
        committees=[
            CommitteeRow(c.name, c.province, c.meetings, c.resolutions, c.open_resolutions)
            for c in report.meetings
        ],
        agencies=[
            AgencyRow(
                a.name,
                a.due,
                a.done_on_time,
                a.done_late,
                a.not_done,
                a.open,
                a.overdue,
                a.on_time_rate,
            )
            for a in report.accountability
        ],
        revived_units=report.units.revived_units,
        revived_jobs=report.units.revived_jobs,
        launches=[
            LaunchRow(
                KIND_WORDS.get(row["kind"], row["kind"]), row["product"], row["units"], row["jobs"]
            )
            for row in report.units.launches
        ],
    )


def default_period(*, province_id: int | None) -> Period:
    """The figures' period when none is asked for: the latest year with published
    resolutions, else the current year."""
    years = published_years(province_id=province_id)
    return Period.fiscal_year(years[0] if years else jalali_year(today()))


# --- projects --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Investment:
    currency: str
    currency_name: str
    amount: Decimal


@dataclass(frozen=True)
class PublicProject:
    id: int
    code: str
    title: str
    sector: str
    status: str
    progress: int
    jobs_direct: int
    jobs_indirect: int
    jobs_realised: int
    county: str
    province_code: str
    province: str
    investments: tuple[Investment, ...] = field(default_factory=tuple)


def projects(*, province_id: int | None) -> QuerySet:
    rows = Project.objects.all()
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    return rows.order_by("province__name", "code").values(*PROJECT_FIELDS)


def projects_of(rows) -> list[PublicProject]:
    """Rows of `projects` (a page of them) with their investment by currency: one query more."""
    rows = list(rows)
    money = money_by(Project.objects.filter(pk__in=[row["id"] for row in rows]), "id")
    sectors, statuses = dict(Sector.choices), dict(Project.Status.choices)
    result = []
    for row in rows:
        totals = money.get(row["id"])
        investments = tuple(
            Investment(t.currency, currency_name(t.currency), t.amount)
            for t in (totals.totals() if totals else [])
            if t.amount
        )
        result.append(
            PublicProject(
                id=row["id"],
                code=row["code"],
                title=row["title"],
                sector=sectors.get(row["sector"], row["sector"]),
                status=statuses.get(row["status"], row["status"]),
                progress=row["physical_progress"],
                jobs_direct=row["jobs_direct"],
                jobs_indirect=row["jobs_indirect"],
                jobs_realised=row["jobs_realised"],
                county=row["county__name"],
                province_code=row["province__code"],
                province=row["province__name"],
                investments=investments,
            )
        )
    return result


# --- statements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatement:
    id: int
    period: str
    text: str
    published_at: dt.datetime
    province: str

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


def statements(*, province_id: int | None, limit: int = 5) -> list[PublicStatement]:
    """The latest published statements of the province (None: the country's own)."""
    rows = (
        PublishedStatement.objects.filter(province_id=province_id)
        .order_by("-published_at", "-pk")
        .values("id", "period_label", "text", "published_at", "province__name")[:limit]
    )
    return [
        PublicStatement(
            row["id"],
            row["period_label"],
            row["text"],
            row["published_at"],
            row["province__name"] or "کل کشور",
        )
        for row in rows
    ]
