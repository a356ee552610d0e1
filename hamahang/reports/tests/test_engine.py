"""A report for another period or scope, checked against counts computed independently."""

import datetime as dt

import pytest

from hamahang.core.jalali import Period
from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.organizations.models import County, Province
from hamahang.projects.models import Project, SubmissionItem
from hamahang.reports.engine import Scope, build_report
from hamahang.units.models import SupportCase, UnitEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def qom(demo_db):
    return Province.objects.get(code="qom")


def test_the_third_quarter_of_1399_against_independent_counts(qom):
    period = Period.quarter(1399, 3)
    report = build_report(period=period, scope=Scope(province_id=qom.pk))
    for committee in report.meetings:
        held = [
            m
            for m in Meeting.objects.filter(committee_id=committee.committee_id)
            if m.status in ("held", "approved") and period.start <= m.date <= period.end
        ]
        assert committee.meetings == len(held)
        assert committee.resolutions == sum(m.resolutions.count() for m in held)
    due = [
        a
        for a in Assignment.objects.select_related("resolution__meeting")
        if period.start <= a.deadline <= period.end
        and a.status != "cancelled"
        and a.resolution.meeting.status in ("held", "approved")
    ]
    assert sum(a.due for a in report.accountability) == len(due)
    on_time = [a for a in due if a.status == "verified_done" and a.reported_done_on <= a.deadline]
    assert sum(a.done_on_time for a in report.accountability) == len(on_time)


def test_one_county_and_one_month_against_independent_counts(qom):
    # A county and month of the demo that have revivals (three in Qom county in Tir 1399), so
    # the oracle compares real counts, not zero with zero.
    county = County.objects.get(province=qom, name="قم")
    period = Period.month(1399, 4)
    report = build_report(period=period, scope=Scope(province_id=qom.pk, county_id=county.pk))
    revivals = {
        e.unit_id
        for e in UnitEvent.objects.select_related("unit")
        if e.unit.county_id == county.pk
        and e.kind == "status"
        and e.from_status in ("stagnant", "closed")
        and e.to_status == "active"
        and e.unit.kind == "industrial"
        and period.start <= e.date <= period.end
    }
    assert len(revivals) == 3
    assert report.units.revived_units == len(revivals)
    cases = [
        c
        for c in SupportCase.objects.select_related("unit")
        if c.unit.county_id == county.pk and period.start <= c.received_on <= period.end
    ]
    assert sum(report.units.cases_by_type.values()) == len(cases)
    portfolio = [p for p in Project.objects.all() if p.county_id == county.pk]
    assert sum(g.projects for g in report.projects.portfolio_by_sector) == len(portfolio)


def test_a_committee_scope_counts_only_that_committee(qom):
    from hamahang.organizations.models import Committee

    economy = Committee.objects.get(kind="resistance_economy")
    report = build_report(
        period=Period.fiscal_year(1399), scope=Scope(province_id=qom.pk, committee_id=economy.pk)
    )
    assert [c.kind for c in report.meetings] == ["resistance_economy"]
    expected = (
        Resolution.objects.filter(committee=economy, meeting_date__year__in=[2020, 2021])
        .filter(
            meeting_date__gte=Period.fiscal_year(1399).start,
            meeting_date__lte=Period.fiscal_year(1399).end,
        )
        .count()
    )
    assert report.meetings[0].resolutions == expected


def test_a_sector_scope_for_sent_projects(qom):
    report = build_report(
        period=Period.half(1399, 1), scope=Scope(province_id=qom.pk, sector="tourism")
    )
    expected = Project.objects.filter(
        sector="tourism", pk__in=SubmissionItem.objects.values("project")
    ).count()
    assert report.projects.sent == expected == 8


def test_the_query_count_does_not_grow_with_rows(
    qom, django_assert_max_num_queries, secretariat_user
):
    from hamahang.meetings.tests.factories import make_meeting, make_resolutions
    from hamahang.organizations.models import Agency, Committee

    period = Period.fiscal_year(1399)
    # 30, 4 for the outcomes section, 7 for obstacles (4) and reliefs_expiring (3), 4 for
    # referrals.
    with django_assert_max_num_queries(45) as small:
        build_report(period=period, scope=Scope(province_id=qom.pk), stored=False)
    committee = Committee.objects.get(kind="facilitation")
    meeting = make_meeting(committee, dt.date(2020, 10, 1), number=900)
    make_resolutions(
        meeting,
        list(Agency.objects.filter(short_name__in=["صمت", "گاز"])),
        300,
        deadline=dt.date(2020, 11, 1),
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        build_report(period=period, scope=Scope(province_id=qom.pk), stored=False)
    # Through the stored figures (reports.partials): the engine's queries and three more
    # (the versions, the stored row, storing it) the first time; once it is stored, those two
    # reads, the scope's name (its label and its phrase) and the sections not stored per
    # province (outcomes 4, obstacles 4, reliefs_expiring 3, referrals 4).
    with django_assert_max_num_queries(len(small.captured_queries) + 3):
        build_report(period=period, scope=Scope(province_id=qom.pk))
    with django_assert_max_num_queries(4 + 15):
        build_report(period=period, scope=Scope(province_id=qom.pk))
