"""The report summed from stored per-province figures is the engine's direct answer, field by
field, and a write makes only its own province's figures stale."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from hamahang.accounts.models import User
from hamahang.core.jalali import Period, today
from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.organizations.models import Agency, Province
from hamahang.outcomes.models import AssignmentBlock, Outcome, ProducerCommitment
from hamahang.projects.models import Project
from hamahang.reports import partials
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.models import ProvinceFigures
from hamahang.units.models import SupportCase
from hamahang.units.obstacles import Obstacle

WHOLE = Period.between(dt.date(2015, 3, 21), dt.date(2031, 3, 20))


@pytest.fixture
def country(db):
    call_command("generate_load", scale=2, fraction=0.01, workers=1, stdout=io.StringIO())
    provinces = list(Province.objects.filter(committees__isnull=False).distinct())
    assert len(provinces) == 2
    # A national body working in both provinces (its median is over both) and owning a
    # project in each (its projects, money and sectors are summed).
    national = Agency.objects.create(name="وزارت صمت", kind=Agency.Kind.NATIONAL)
    for province in provinces:
        done = Assignment.objects.filter(
            resolution__committee__province=province, status=Assignment.Status.VERIFIED_DONE
        ).order_by("pk")
        chosen = {}  # one per resolution (an agency is assigned a resolution once)
        for pk, resolution_id in done.values_list("pk", "resolution_id"):
            chosen.setdefault(resolution_id, pk)
        Assignment.objects.filter(pk__in=list(chosen.values())[:7]).update(agency=national)
        project = Project.objects.filter(province=province).order_by("pk").first()
        Project.objects.filter(pk=project.pk).update(owner=national)
        _obstacles_reliefs_and_outcomes(province, national)
    return provinces


def _obstacles_reliefs_and_outcomes(province, national):
    """What the outcomes, obstacles and reliefs sections count, in each province: coded
    obstacles (a cluster among them), reliefs expiring, expired and without a date, outcomes
    of resolutions and of a case alone, and assignments held up by a producer."""
    day = today()
    cases = SupportCase.objects.filter(province=province).order_by("pk")
    SupportCase.objects.filter(pk__in=list(cases.values_list("pk", flat=True)[:4])).update(
        obstacle=Obstacle.TAX
    )
    held = Resolution.objects.filter(
        committee__province=province, meeting__status__in=Meeting.HELD_STATUSES, case__isnull=True
    ).order_by("pk")
    picked = list(held.values_list("pk", flat=True)[:12])
    Resolution.objects.filter(pk__in=picked[:3]).update(obstacle=Obstacle.BANK_FINANCE)
    Resolution.objects.filter(pk__in=picked[3:4]).update(obstacle=Obstacle.WATER)
    for pk, expires in zip(
        picked[4:8],
        [
            day + dt.timedelta(days=5),
            day + dt.timedelta(days=12),
            day - dt.timedelta(days=40),
            None,
        ],
        strict=True,
    ):
        Resolution.objects.filter(pk=pk).update(
            type=Resolution.Type.DEFERRAL, relief_expires_on=expires
        )
    K = Outcome.Kind
    for pk, kind, quantity, currency in zip(
        picked[8:12],
        [K.JOBS_KEPT, K.JOBS_CREATED, K.MONEY_RELEASED, K.MONEY_RELEASED],
        [Decimal(12), Decimal(3), Decimal("5000000"), Decimal("1200.50")],
        ["", "", "IRR", "EUR"],
        strict=True,
    ):
        Outcome.objects.create(
            kind=kind,
            quantity=quantity,
            currency=currency,
            date=day,
            source="آزمون",
            resolution_id=pk,
        )
    Outcome.objects.create(
        kind=K.UNIT_REVIVED, quantity=Decimal(1), date=day, source="آزمون", case=cases.last()
    )
    lead = Assignment.objects.filter(resolution_id=picked[8]).first()
    Assignment.objects.filter(pk=lead.pk).update(agency=national, role=Assignment.Role.LEAD)
    user = User.objects.filter(agency__province=province).first()
    due = Assignment.objects.filter(
        resolution__committee__province=province,
        status__in=Assignment.OPEN_STATUSES,
        deadline__lt=day,
    ).order_by("pk")[:2]
    for assignment in due:
        commitment = ProducerCommitment.objects.create(
            unit=cases.first().unit,
            kind=ProducerCommitment.Kind.OTHER,
            description="آزمون",
            deadline=day,
        )
        AssignmentBlock.objects.create(
            assignment=assignment, commitment=commitment, reason="آزمون", blocked_by=user
        )


def both(period: Period, scope: Scope, as_of: dt.date) -> tuple[dict, dict]:
    stored = build_report(period=period, scope=scope, as_of=as_of).to_dict()
    direct = build_report(period=period, scope=scope, as_of=as_of, stored=False).to_dict()
    return stored, direct


@pytest.mark.django_db
def test_the_summed_report_is_the_engines_answer(country):
    as_of = today()
    periods = [WHOLE, Period.half(1400, 1), Period.fiscal_year(1401)]
    for period in periods:
        for scope in (Scope(), *(Scope(province_id=p.pk) for p in country)):
            stored, direct = both(period, scope, as_of)
            assert stored == direct, (period.key, scope)
    national, _ = both(WHOLE, Scope(), as_of)
    # 7 done assignments and one led resolution's in each province
    shared = [a for a in national["accountability"] if a["name"] == "وزارت صمت"]
    assert shared and shared[0]["due"] == 16 and shared[0]["median_days_to_close"] is not None
    owners = [o for o in national["projects"]["sent_by_owner"] if o["name"] == "وزارت صمت"]
    portfolio = sum(g["projects"] for g in national["projects"]["portfolio_by_sector"])
    assert portfolio == Project.objects.count()
    assert len(owners) <= 1  # one owner row for the body, however many provinces it owns in
    # The sections summed from the provinces' own: each province's cluster is a national one.
    clusters = {(c["label"], c["place"]) for c in national["obstacles"]["clusters"]}
    assert {("مالیات", p.name) for p in country} <= clusters
    assert national["reliefs_expiring"]["expiring"] == 4
    assert national["reliefs_expiring"]["without_expiry"] >= 2
    assert national["outcomes"]["totals"]["jobs_kept"] == 24
    assert national["outcomes"]["totals"]["unit_revived"] == 2
    blocked = {row["name"]: row["assignments"] for row in national["outcomes"]["producer_blocked"]}
    assert sum(blocked.values()) == 4
    led = [a for a in national["outcomes"]["by_agency"] if a["name"] == "وزارت صمت"]
    assert led and led[0]["resolutions"] == 2


@pytest.mark.django_db
def test_a_write_makes_only_its_province_stale(country, django_assert_max_num_queries):
    first, second = country
    as_of = today()
    period = Period.half(1400, 1)
    build_report(period=period, scope=Scope(), as_of=as_of)
    assert ProvinceFigures.objects.filter(as_of=as_of).count() == Province.objects.count()
    before = dict(ProvinceFigures.objects.values_list("province_id", "version"))

    # Every province's figures current: the national report reads them and computes nothing.
    # A fixed number of queries, however many provinces: the versions, the provinces, the
    # stored rows, the shared body's median, the names and the database's order of the summed
    # lists (owners, banks' contracts, sectors, statuses, held-up agencies), and the one
    # section computed directly (referrals, 4).
    with django_assert_max_num_queries(13):
        build_report(period=period, scope=Scope(), as_of=as_of)

    assignment = (
        Assignment.objects.filter(resolution__committee__province=first)
        .exclude(status=Assignment.Status.VERIFIED_DONE)
        .first()
    )
    assignment.notes = "ویرایش"
    assignment.save()
    after_write = dict(ProvinceFigures.objects.values_list("province_id", "version"))
    assert after_write == before  # nothing recomputed yet: the readers or the worker will

    assert partials.refresh(as_of) == 1  # the worker recomputes the written province only
    refreshed = dict(ProvinceFigures.objects.values_list("province_id", "version"))
    assert refreshed[first.pk] != before[first.pk]
    assert refreshed[second.pk] == before[second.pk]
    assert partials.refresh(as_of) == 0

    stored, direct = both(period, Scope(), as_of)
    assert stored == direct


@pytest.mark.django_db
def test_a_stale_province_is_recomputed_by_the_reader(country):
    first, _ = country
    as_of = today()
    build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    assignment = Assignment.objects.filter(
        resolution__committee__province=first, status__in=Assignment.OPEN_STATUSES
    ).first()
    Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.NOT_FEASIBLE)
    assignment.refresh_from_db()
    assignment.save()  # through the model: the province's version moves
    stored, direct = both(WHOLE, Scope(), as_of)
    assert stored == direct
    not_done = sum(a["not_done"] for a in stored["accountability"])
    assert not_done == sum(a["not_done"] for a in direct["accountability"]) > 0


@pytest.mark.django_db
def test_a_country_without_provinces_reports_nothing_rather_than_failing():
    Province.objects.all().delete()
    stored, direct = both(WHOLE, Scope(), today())
    assert stored == direct and stored["meetings"] == [] and stored["accountability"] == []
