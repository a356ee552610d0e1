"""The one place every reported figure is computed.

`build_report(period=…, scope=…)` returns one `Report`; the dashboard, the Excel/PDF/CSV
exports, the API, the CLI and the press statement all read it, so they cannot disagree.
Every figure comes from grouped queries in the database; the number of queries depends on
the report's shape (committees, agencies, sectors), never on the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum

from hamahang.core.db import DaysBetween, Median
from hamahang.core.jalali import Period, today
from hamahang.core.jsonenc import plain_decimal
from hamahang.meetings.figures import held_counts
from hamahang.meetings.models import Assignment, Meeting, Objection, Resolution
from hamahang.organizations.models import Agency, Committee, County, Province
from hamahang.outcomes.models import blocked_by_producer
from hamahang.projects.models import (
    BankAgencyContract,
    NationalSubmission,
    Project,
    Sector,
    SubmissionItem,
)
from hamahang.projects.money import Money, contracts_by_bank, money_by, money_of
from hamahang.reports import partials
from hamahang.reports.sections.referrals import ReferralFigures, referral_figures
from hamahang.units.models import (
    REVIVABLE,
    ProductionUnit,
    SupportCase,
    UnitEvent,
    UnitStatus,
)

HELD = [Meeting.Status.HELD, Meeting.Status.APPROVED]


@dataclass(frozen=True)
class Scope:
    """What the report covers: a province (None: the whole country) narrowed optionally."""

    province_id: int | None = None
    county_id: int | None = None
    committee_id: int | None = None
    agency_id: int | None = None
    sector: str | None = None

    def label(self) -> str:
        parts = []
        if self.province_id:
            parts.append(f"استان {Province.objects.get(pk=self.province_id).name}")
        else:
            parts.append("کل کشور")
        if self.county_id:
            parts.append(f"شهرستان {County.objects.get(pk=self.county_id).name}")
        if self.committee_id:
            parts.append(str(Committee.objects.get(pk=self.committee_id).name))
        if self.agency_id:
            parts.append(str(Agency.objects.get(pk=self.agency_id).name))
        if self.sector:
            parts.append(f"بخش {Sector(self.sector).label}")
        return "، ".join(parts)

    def phrase(self) -> str:
        """What the report is about, as a sentence names it: «استان قم», «شهرستان کاشان»,
        «کشور», or the committee's own name."""
        if self.committee_id:
            return str(Committee.objects.get(pk=self.committee_id).name)
        if self.county_id:
            return f"شهرستان {County.objects.get(pk=self.county_id).name}"
        if self.province_id:
            return f"استان {Province.objects.get(pk=self.province_id).name}"
        return "کشور"

    def wide_parts(self) -> list[str]:
        """The parts of the report this scope does not narrow (they cover the whole province,
        or the country): a report says so rather than let them pass for the scope's own."""
        parts = []
        if (self.county_id or self.sector) and not self.committee_id:
            parts.append("جلسات، مصوبات و تکالیف ستادها")
        if self.agency_id or self.sector:
            parts.append("واحدهای تولیدی")
        if self.sector:
            parts.append("پرونده‌های حمایتی")
        return parts

    def wide_note(self) -> str:
        """«ارقام … در این گزارش مربوط به کل استان قم است.», or "" when nothing is wider."""
        parts = self.wide_parts()
        if not parts:
            return ""
        if self.committee_id:
            whole = str(Committee.objects.get(pk=self.committee_id).name)
        elif self.province_id:
            whole = f"استان {Province.objects.get(pk=self.province_id).name}"
        else:
            whole = "کشور"
        listed = "، ".join(parts[:-1]) + " و " + parts[-1] if len(parts) > 1 else parts[0]
        return f"ارقام {listed} در این گزارش مربوط به کل {whole} است."


# --- The result ------------------------------------------------------------------------------


@dataclass
class CommitteeFigures:
    committee_id: int
    name: str
    kind: str
    meetings: int
    resolutions: int
    # Of those resolutions, the ones still issued or in progress on the report's day.
    open_resolutions: int = 0
    province: str = ""
    county: str = ""
    # The number of its latest meeting held in the period (a single meeting is named by it).
    last_meeting_number: int | None = None
    # Objections (اعتراض) filed in the period to its resolutions, and how they ended so far.
    objections_filed: int = 0
    objections_upheld: int = 0
    objections_rejected: int = 0
    objections_under_review: int = 0


@dataclass
class AgencyFigures:
    agency_id: int
    name: str
    due: int
    done_on_time: int
    done_late: int
    not_done: int
    open: int
    overdue: int
    overdue_0_30: int
    overdue_31_90: int
    overdue_90_plus: int
    median_days_to_close: float | None

    @property
    def on_time_rate(self) -> float | None:
        closed = self.done_on_time + self.done_late + self.not_done
        return round(100 * self.done_on_time / closed, 1) if closed else None


@dataclass
class GroupFigures:
    key: str
    label: str
    projects: int
    money: Money
    jobs_direct: int
    jobs_indirect: int
    jobs_realised: int

    @property
    def jobs_planned(self) -> int:
        return self.jobs_direct + self.jobs_indirect


@dataclass
class OwnerFigures:
    agency_id: int
    name: str
    kind: str
    projects: int
    sectors: list[str]
    money: Money
    jobs_planned: int


@dataclass
class ProjectFigures:
    sent: int
    sent_batches: int
    sent_by_owner: list[OwnerFigures]
    sent_by_sector: list[GroupFigures]
    sent_totals: GroupFigures
    outcomes: dict[str, int]
    portfolio_by_sector: list[GroupFigures]
    portfolio_by_status: list[GroupFigures]
    contracts: list[dict]  # projects.money.contracts_by_bank

    @property
    def lead_owner(self) -> OwnerFigures | None:
        """The governorate unit that owns the most of the sent projects (the statement's "of
        which N belong to …"); owners are ranked by their number of projects."""
        return next((o for o in self.sent_by_owner if o.kind == Agency.Kind.GOVERNORATE), None)


@dataclass
class UnitFigures:
    revived_units: int
    revived_jobs: int
    launches: list[dict]  # {"kind", "product", "units", "jobs"}
    status_counts: dict[str, int]
    cases_by_type: dict[str, int]
    cases_by_creditor: dict[str, int]
    cases_by_status: dict[str, int]

    def launched(self, kind: str, product: str | None = None) -> int:
        return sum(
            row["units"]
            for row in self.launches
            if row["kind"] == kind and (product is None or row["product"] == product)
        )


@dataclass
class Report:
    period: Period
    scope: Scope
    scope_label: str
    as_of: dt.date
    meetings: list[CommitteeFigures]
    accountability: list[AgencyFigures]
    projects: ProjectFigures
    units: UnitFigures
    referrals: ReferralFigures = field(default_factory=ReferralFigures)
    scope_phrase: str = ""  # «استان قم», «شهرستان کاشان», «کشور» or the committee's name
    wide_note: str = ""  # the parts the scope does not narrow, said in Persian (or "")
    # What resolutions and cases produced (reports.sections.outcomes).
    outcomes: dict = field(default_factory=dict)
    obstacles: dict = field(default_factory=dict)  # reports.sections.obstacles
    reliefs_expiring: dict = field(default_factory=dict)  # reports.sections.reliefs
    # Set when some province's figures were seconds behind its data (allowed to a reader who
    # did not write since: core.freshness): the moment (epoch seconds) they were last known
    # current. Such a report is cached for readers only (reports.cache).
    behind_since: float | None = None

    @property
    def current(self) -> bool:
        return self.behind_since is None

    @property
    def open_resolutions(self) -> int:
        return sum(c.open_resolutions for c in self.meetings)

    @property
    def period_is_named(self) -> bool:
        """«سال ۱۳۹۹», «سه‌ماهه دوم ۱۴۰۴»; a custom range's label is only its dates."""
        return self.period.label != f"{self.period.start_jalali} تا {self.period.end_jalali}"

    @property
    def period_caption(self) -> str:
        """The period named once: a named one with its dates beside it («سال ۱۳۹۹
        (۱۳۹۹/۰۱/۰۱ تا ۱۳۹۹/۱۲/۳۰)»), a custom range by its dates alone."""
        dates = f"{self.period.start_jalali} تا {self.period.end_jalali}"
        return f"{self.period.label} ({dates})" if self.period_is_named else dates

    def committee(self, kind: str) -> CommitteeFigures | None:
        return next((c for c in self.meetings if c.kind == kind), None)

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["behind_since"]  # how it was computed, not a figure
        data["period"] = {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "start_jalali": self.period.start_jalali,
            "end_jalali": self.period.end_jalali,
            "label": self.period.label,
            "key": self.period.key,
        }
        data["as_of"] = self.as_of.isoformat()
        for row, agency in zip(data["accountability"], self.accountability, strict=True):
            row["on_time_rate"] = agency.on_time_rate
        return _plain(data)


def _plain(value):
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# --- Building it -----------------------------------------------------------------------------


def build_report(
    *, period: Period, scope: Scope, as_of: dt.date | None = None, stored: bool = True
) -> Report:
    """The report of `period` in `scope` on the day `as_of`. A whole province or the whole
    country is summed from the provinces' stored figures (`reports.partials`: exactly these
    functions' answer, kept per province); `stored=False`, and any narrower scope, computes
    every section directly."""
    as_of = as_of or today()
    if stored and scope == Scope(province_id=scope.province_id):
        sections = (
            partials.province_sections(period, scope.province_id, as_of)
            if scope.province_id
            else partials.national_sections(period, as_of)
        )
    else:
        sections = partials.compute(period, scope.province_id, as_of, scope=scope)
    return Report(
        period=period,
        scope=scope,
        scope_label=scope.label(),
        as_of=as_of,
        meetings=sections.meetings,
        accountability=sections.accountability,
        projects=sections.projects,
        units=sections.units,
        referrals=referral_figures(period, scope, as_of),
        scope_phrase=scope.phrase(),
        wide_note=scope.wide_note(),
        outcomes=sections.outcomes,
        obstacles=sections.obstacles,
        reliefs_expiring=sections.reliefs_expiring,
        behind_since=sections.behind_since,
    )


def _in_province(queryset: QuerySet, scope: Scope, path: str = "province") -> QuerySet:
    return queryset.filter(**{f"{path}_id": scope.province_id}) if scope.province_id else queryset


def _meetings(period: Period, scope: Scope) -> list[CommitteeFigures]:
    committees = _in_province(Committee.objects.active(), scope)
    if scope.committee_id:
        committees = committees.filter(pk=scope.committee_id)
    counts = held_counts(committees, period, agency_id=scope.agency_id)
    # The resolutions `held_counts` counts, those still open: issued or in progress.
    still_open = Resolution.objects.filter(
        committee__in=committees.values("pk"),
        meeting__status__in=HELD,
        meeting_date__range=(period.start, period.end),
        status__in=Resolution.OPEN_STATUSES,
    )
    if scope.agency_id:
        still_open = still_open.filter(assignments__agency_id=scope.agency_id)
    open_counts = dict(
        still_open.order_by()
        .values_list("committee")
        .annotate(n=Count("pk", distinct=True))
        .values_list("committee", "n")
    )
    last_numbers = dict(
        Meeting.objects.filter(
            committee__in=committees.values("pk"),
            status__in=HELD,
            date__range=(period.start, period.end),
        )
        .order_by()
        .values_list("committee")
        .annotate(n=Max("number"))
        .values_list("committee", "n")
    )
    objections = _objection_counts(committees, period, scope)
    return [
        CommitteeFigures(
            c.pk,
            c.name,
            c.kind,
            *counts.get(c.pk, (0, 0)),
            open_resolutions=open_counts.get(c.pk, 0),
            province=c.province.name,
            county=c.county.name if c.county_id else "",
            last_meeting_number=last_numbers.get(c.pk),
            **objections.get(c.pk, {}),
        )
        for c in committees.select_related("province", "county").order_by("province__name", "name")
    ]


def _objection_counts(committees: QuerySet, period: Period, scope: Scope) -> dict[int, dict]:
    """Objections filed in the period per committee, by outcome: one grouped query."""
    rows = Objection.objects.filter(
        assignment__resolution__committee__in=committees.values("pk"),
        filed_at__date__range=(period.start, period.end),
    )
    if scope.agency_id:
        rows = rows.filter(assignment__agency_id=scope.agency_id)
    S = Objection.Status
    return {
        row["committee"]: {
            "objections_filed": row["filed"],
            "objections_upheld": row["upheld"],
            "objections_rejected": row["rejected"],
            "objections_under_review": row["under_review"],
        }
        for row in rows.order_by()
        .values(committee=F("assignment__resolution__committee"))
        .annotate(
            filed=Count("pk"),
            upheld=Count("pk", filter=Q(status=S.UPHELD)),
            rejected=Count("pk", filter=Q(status=S.REJECTED)),
            under_review=Count("pk", filter=Q(status=S.UNDER_REVIEW)),
        )
    }


def _due_assignments(period: Period, scope: Scope, as_of: dt.date) -> QuerySet[Assignment]:
    """The assignments due in the period. An assignment is due once its deadline has come: in
    a period still running on `as_of`, a deadline later than `as_of` is not yet due
    (core.jalali `period_presets`)."""
    due = Assignment.objects.filter(
        deadline__range=(period.start, min(period.end, as_of)),
        resolution__meeting__status__in=HELD,
    ).exclude(status=Assignment.Status.CANCELLED)
    due = _in_province(due, scope, "resolution__committee__province")
    if scope.committee_id:
        due = due.filter(resolution__committee_id=scope.committee_id)
    if scope.agency_id:
        due = due.filter(agency_id=scope.agency_id)
    return due


def accountable_assignments(period: Period, scope: Scope, as_of: dt.date) -> QuerySet[Assignment]:
    """The assignments an agency's accountability figures count: due in the period and not
    held up by the producer."""
    return _due_assignments(period, scope, as_of).exclude(blocked_by_producer())


def _accountability(period: Period, scope: Scope, as_of: dt.date) -> list[AgencyFigures]:
    """Per agency: assignments due in the period, how they ended, and what is still late.
    An assignment held up by the producer («معطل تعهد تولیدکننده», outcomes.models
    `blocked_by_producer`) is left out of the ranking and shown apart (`outcomes`)."""
    S = Assignment.Status
    due = accountable_assignments(period, scope, as_of)
    open_ = Q(status__in=Assignment.OPEN_STATUSES)
    late = Assignment.overdue_q(as_of)
    rows = (
        due.values("agency_id", "agency__name", "agency__short_name")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk", filter=Q(status=S.VERIFIED_DONE, reported_done_on__lte=F("deadline"))
            ),
            late_done=Count(
                "pk", filter=Q(status=S.VERIFIED_DONE, reported_done_on__gt=F("deadline"))
            ),
            not_done=Count("pk", filter=Q(status__in=[S.NOT_IMPLEMENTED, S.NOT_FEASIBLE])),
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=late),
            overdue_30=Count("pk", filter=late & Q(deadline__gte=as_of - dt.timedelta(days=30))),
            overdue_90=Count(
                "pk",
                filter=late
                & Q(deadline__lt=as_of - dt.timedelta(days=30))
                & Q(deadline__gte=as_of - dt.timedelta(days=90)),
            ),
            overdue_more=Count("pk", filter=late & Q(deadline__lt=as_of - dt.timedelta(days=90))),
            median_days=Median(
                DaysBetween("closed_on", "resolution__meeting_date"),
                filter=Q(status=S.VERIFIED_DONE),
            ),
        )
        .order_by()
    )
    figures = [
        AgencyFigures(
            agency_id=row["agency_id"],
            name=row["agency__short_name"] or row["agency__name"],
            due=row["due"],
            done_on_time=row["on_time"],
            done_late=row["late_done"],
            not_done=row["not_done"],
            open=row["open"],
            overdue=row["overdue"],
            overdue_0_30=row["overdue_30"],
            overdue_31_90=row["overdue_90"],
            overdue_90_plus=row["overdue_more"],
            median_days_to_close=(
                round(float(row["median_days"]), 1) if row["median_days"] is not None else None
            ),
        )
        for row in rows
    ]
    return rank_agencies(figures)


def rank_agencies(figures: list[AgencyFigures]) -> list[AgencyFigures]:
    """The ranking officials ask for: best on-time rate first, then fewest overdue (then by
    name, and two provinces' agencies of one name in a fixed order)."""
    return sorted(
        figures,
        key=lambda a: (
            -(a.on_time_rate if a.on_time_rate is not None else -1),
            a.overdue,
            a.name,
            a.agency_id,
        ),
    )


def _committee_resolutions(scope: Scope, **link) -> Exists:
    """Some resolution of the scope's committee concerns the row (`link`: project=OuterRef…)."""
    return Exists(Resolution.objects.filter(committee_id=scope.committee_id, **link))


def _project_scope(scope: Scope) -> QuerySet[Project]:
    projects = _in_province(Project.objects.all(), scope)
    if scope.committee_id:
        # A committee's report counts the projects its resolutions concern, not the province's.
        projects = projects.filter(_committee_resolutions(scope, project=OuterRef("pk")))
    if scope.county_id:
        projects = projects.filter(county_id=scope.county_id)
    if scope.sector:
        projects = projects.filter(sector=scope.sector)
    if scope.agency_id:
        projects = projects.filter(
            Q(owner_id=scope.agency_id)
            | Exists(
                BankAgencyContract.objects.filter(project=OuterRef("pk"), bank_id=scope.agency_id)
            )
        )
    return projects


def _groups(projects: QuerySet[Project], key: str, labels: dict) -> list[GroupFigures]:
    money = money_by(projects, key)
    rows = (
        projects.order_by()
        .values(key)
        .annotate(
            n=Count("pk"),
            direct=Sum("jobs_direct"),
            indirect=Sum("jobs_indirect"),
            realised=Sum("jobs_realised"),
        )
        .order_by(key)
    )
    return [
        GroupFigures(
            key=row[key],
            label=labels.get(row[key], row[key]),
            projects=row["n"],
            money=money.get(row[key], Money()),
            jobs_direct=row["direct"] or 0,
            jobs_indirect=row["indirect"] or 0,
            jobs_realised=row["realised"] or 0,
        )
        for row in rows
    ]


def _projects(period: Period, scope: Scope) -> ProjectFigures:
    projects = _project_scope(scope)
    batches = _in_province(
        NationalSubmission.objects.filter(
            status=NationalSubmission.Status.SENT,
            letter_date__range=(period.start, period.end),
        ),
        scope,
    )
    items = SubmissionItem.objects.filter(submission__in=batches, project__in=projects)
    sent = projects.filter(pk__in=items.values("project"))
    sectors = dict(Sector.choices)

    owners = list(
        sent.order_by()
        .values("owner_id", "owner__name", "owner__kind")
        .annotate(n=Count("pk"), direct=Sum("jobs_direct"), indirect=Sum("jobs_indirect"))
        .order_by("-n", "owner__name")
    )
    owner_money = money_by(sent, "owner_id")
    owner_sectors: dict[int, list[str]] = {}
    for owner_id, sector in sent.order_by().values_list("owner_id", "sector").distinct():
        owner_sectors.setdefault(owner_id, []).append(sector)
    totals = money_of(sent)
    sent_jobs = sent.aggregate(
        n=Count("pk"), d=Sum("jobs_direct"), i=Sum("jobs_indirect"), r=Sum("jobs_realised")
    )
    outcomes = dict(
        items.order_by().values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    contract_rows = contracts_by_bank(BankAgencyContract.objects.filter(project__in=projects))
    return ProjectFigures(
        sent=sent_jobs["n"],
        sent_batches=batches.count(),
        sent_by_owner=[
            OwnerFigures(
                agency_id=row["owner_id"],
                name=row["owner__name"],
                kind=row["owner__kind"],
                projects=row["n"],
                sectors=sorted(owner_sectors.get(row["owner_id"], []), key=list(sectors).index),
                money=owner_money.get(row["owner_id"], Money()),
                jobs_planned=(row["direct"] or 0) + (row["indirect"] or 0),
            )
            for row in owners
        ],
        sent_by_sector=_groups(sent, "sector", sectors),
        sent_totals=GroupFigures(
            key="all",
            label="همه",
            projects=sent_jobs["n"],
            money=totals,
            jobs_direct=sent_jobs["d"] or 0,
            jobs_indirect=sent_jobs["i"] or 0,
            jobs_realised=sent_jobs["r"] or 0,
        ),
        outcomes=outcomes,
        portfolio_by_sector=_groups(projects, "sector", sectors),
        portfolio_by_status=_groups(projects, "status", dict(Project.Status.choices)),
        contracts=contract_rows,
    )


def _units(period: Period, scope: Scope) -> UnitFigures:
    units = _in_province(ProductionUnit.objects.all(), scope)
    if scope.county_id:
        units = units.filter(county_id=scope.county_id)
    if scope.committee_id:
        # The units its resolutions concern, directly or through one of their support cases.
        units = units.filter(
            _committee_resolutions(scope, unit=OuterRef("pk"))
            | _committee_resolutions(scope, case__unit=OuterRef("pk"))
        )
    in_period = Q(date__range=(period.start, period.end))
    events = UnitEvent.objects.filter(in_period, unit__in=units.order_by().values("pk"))
    revived = events.filter(
        kind=UnitEvent.Kind.STATUS,
        from_status__in=REVIVABLE,
        to_status=UnitStatus.ACTIVE,
        unit__kind=ProductionUnit.Kind.INDUSTRIAL,
    ).aggregate(units=Count("unit", distinct=True), jobs=Sum("jobs_after"))
    launches = (
        events.filter(kind=UnitEvent.Kind.LAUNCH)
        .order_by()
        .values("unit__kind", "product")
        .annotate(n=Count("unit", distinct=True), jobs=Sum("jobs_after"))
    )
    grouped: dict[tuple[str, str], list[int]] = {}
    for row in launches:
        family = (row["product"] or "").split(" ")[0]  # «ماسک سه‌لایه» and «ماسک N95» are masks
        total = grouped.setdefault((row["unit__kind"], family), [0, 0])
        total[0] += row["n"]
        total[1] += row["jobs"] or 0
    cases = _in_province(SupportCase.objects.all(), scope).filter(
        received_on__range=(period.start, period.end)
    )
    if scope.county_id:
        cases = cases.filter(unit__county_id=scope.county_id)
    if scope.committee_id:
        cases = cases.filter(_committee_resolutions(scope, case=OuterRef("pk")))
    if scope.agency_id:
        cases = cases.filter(creditor_agency_id=scope.agency_id)

    def counts(queryset, field_name):
        return dict(
            queryset.order_by()
            .values_list(field_name)
            .annotate(n=Count("pk"))
            .values_list(field_name, "n")
        )

    return UnitFigures(
        revived_units=revived["units"] or 0,
        revived_jobs=revived["jobs"] or 0,
        launches=[
            {"kind": kind, "product": product, "units": n, "jobs": jobs}
            for (kind, product), (n, jobs) in sorted(grouped.items())
        ],
        status_counts=counts(units, "status"),
        cases_by_type=counts(cases, "type"),
        cases_by_creditor=counts(cases.exclude(creditor=""), "creditor"),
        cases_by_status=counts(cases, "status"),
    )
