"""The report's `outcomes` section, the producer block and the statement's sentence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hamahang.core.jalali import Period
from hamahang.meetings.escalation import escalate_overdue
from hamahang.meetings.models import Assignment, Resolution
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.tests.factories import CommitteeFactory
from hamahang.outcomes import services
from hamahang.outcomes.models import Outcome
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement

pytestmark = pytest.mark.django_db
Y1399 = Period.fiscal_year(1399)
Y1400 = Period.fiscal_year(1400)


def record(user, kind, quantity, day, **subject):
    return services.outcome_record(
        kind=kind,
        quantity=quantity,
        date=day,
        source="گزارش اداره کل تعاون",
        acting_user=user,
        **subject,
    )


@pytest.fixture
def economy(province, office):
    return CommitteeFactory(
        province=province, secretariat=office, name="ستاد اقتصاد مقاومتی", kind="resistance_economy"
    )


def test_outcomes_roll_up_to_the_right_committee_and_period(
    committee, economy, agency_a, agency_b, case, secretariat_user, province
):
    # Given a facilitation resolution led by agency A, an economy one led by agency B, and a
    # case whose latest resolution is the economy one.
    facil = make_resolutions(make_meeting(committee, dt.date(2020, 6, 1)), [agency_a], 1)[0]
    econ_meeting = make_meeting(economy, dt.date(2020, 7, 1))
    econ = make_resolutions(econ_meeting, [agency_b], 1)[0]
    older = make_resolutions(make_meeting(committee, dt.date(2020, 5, 1)), [agency_a], 1)[0]
    Resolution.objects.filter(pk__in=[econ.pk, older.pk]).update(case=case)
    # When outcomes are recorded in 1399 and, for the facilitation one, also in 1400.
    record(secretariat_user, "jobs_kept", 300, dt.date(2020, 8, 1), resolution=facil)
    record(secretariat_user, "jobs_created", 40, dt.date(2020, 9, 1), resolution=econ)
    record(secretariat_user, "jobs_kept", 25, dt.date(2020, 10, 1), case=case)
    record(
        secretariat_user, "money_released", "5000", dt.date(2020, 10, 2), case=case, currency="USD"
    )
    record(
        secretariat_user,
        "money_released",
        "9000000",
        dt.date(2020, 10, 3),
        resolution=facil,
        currency="IRR",
    )
    record(secretariat_user, "jobs_kept", 1000, dt.date(2021, 5, 1), resolution=facil)

    scope = Scope(province_id=province.pk)
    data = build_report(period=Y1399, scope=scope).to_dict()["outcomes"]
    # Then 1399 counts only what is dated in 1399 (not the 1400 jobs of a 1399 resolution).
    totals = data["totals"]
    assert (totals["jobs_kept"], totals["jobs_created"]) == (325, 40)
    assert totals["money_released"] == {"IRR": "9000000", "USD": "5000"}
    committees = {row["name"]: row for row in data["by_committee"]}
    # The case's outcome belongs to its latest resolution: the economy HQ's.
    assert committees["ستاد اقتصاد مقاومتی"]["jobs_kept"] == 25
    assert committees["ستاد اقتصاد مقاومتی"]["jobs_created"] == 40
    assert committees["ستاد اقتصاد مقاومتی"]["money_released"] == {"USD": "5000"}
    assert committees["ستاد تسهیل و رفع موانع تولید استان قم"]["jobs_kept"] == 300
    agencies = {row["name"]: row for row in data["by_agency"]}
    assert (agencies["صمت"]["jobs_kept"], agencies["مالیات"]["jobs_kept"]) == (300, 25)
    assert agencies["مالیات"]["jobs_per_resolution"] == 65.0  # (25 + 40) over one resolution
    assert totals["resolutions"] == 2
    # And 1400 holds the later outcome only, under the facilitation HQ.
    later = build_report(period=Y1400, scope=scope).to_dict()["outcomes"]
    assert later["totals"]["jobs_kept"] == 1000
    assert [row["name"] for row in later["by_committee"]] == [
        "ستاد تسهیل و رفع موانع تولید استان قم"
    ]
    # A committee scope takes only its own.
    only = build_report(period=Y1399, scope=Scope(province_id=province.pk, committee_id=economy.pk))
    assert only.outcomes["totals"]["jobs_kept"] == 25


def test_a_producer_blocked_assignment_is_out_of_the_ranking(
    committee, agency_a, agency_b, unit, secretariat_user, province
):
    meeting = make_meeting(committee, dt.date(2020, 6, 1))
    rows = make_resolutions(meeting, [agency_a, agency_b], 2, deadline=dt.date(2020, 7, 1))
    Resolution.objects.filter(pk=rows[0].pk).update(unit=unit)
    blocked = Assignment.objects.get(resolution=rows[0], agency=agency_a)
    scope = Scope(province_id=province.pk)

    def due_of(report):
        return {a.name: (a.due, a.overdue) for a in report.accountability}

    assert due_of(build_report(period=Y1399, scope=scope))["صمت"] == (2, 2)
    commitment = services.commitment_create(
        unit=unit,
        kind="repay_arrears",
        description="بازپرداخت معوقات بانکی",
        deadline=dt.date(2020, 6, 20),
        acting_user=secretariat_user,
    )
    services.commitment_set_status(
        commitment=commitment, status="failed", acting_user=secretariat_user
    )
    services.assignment_block(
        assignment=blocked,
        commitment=commitment,
        reason="تا بازپرداخت معوقات، تسهیلات تازه پرداخت نمی‌شود.",
        acting_user=secretariat_user,
    )
    report = build_report(period=Y1399, scope=scope)
    assert due_of(report)["صمت"] == (1, 1)
    assert due_of(report)["مالیات"] == (2, 2)
    assert report.outcomes["producer_blocked"] == [
        {"agency_id": agency_a.pk, "name": "صمت", "assignments": 1}
    ]
    assert blocked.resolution.events.filter(kind="producer_blocked").exists()
    # A second block of the same assignment is refused; unblocking restores the ranking.
    with pytest.raises(ValidationError, match="معطل تعهد تولیدکننده ثبت شده"):
        services.assignment_block(
            assignment=blocked, commitment=commitment, reason="دوباره", acting_user=secretariat_user
        )
    # Nor is it escalated to the agency's head, while the other overdue one is.
    committee.escalate_head_days = 7
    committee.save()
    run = escalate_overdue(day=dt.date(2020, 8, 1))
    assert blocked.pk not in run.agency_head
    assert Assignment.objects.get(resolution=rows[1], agency=agency_a).pk in run.agency_head
    services.assignment_unblock(assignment=blocked, acting_user=secretariat_user)
    report = build_report(period=Y1399, scope=scope)
    assert due_of(report)["صمت"] == (2, 2)
    assert report.outcomes["producer_blocked"] == []
    assert blocked.pk in escalate_overdue(day=dt.date(2020, 8, 1)).agency_head


def test_a_commitment_unrelated_to_the_resolution_cannot_block_it(
    resolution, unit, secretariat_user
):
    commitment = services.commitment_create(
        unit=unit,
        kind="hire",
        headcount=10,
        description="به‌کارگیری ده نیرو",
        deadline=dt.date(2020, 6, 20),
        acting_user=secretariat_user,
    )
    with pytest.raises(ValidationError, match="مربوط نیست"):
        services.assignment_block(
            assignment=resolution.assignments.get(),
            commitment=commitment,
            reason="معطل",
            acting_user=secretariat_user,
        )
    assert not resolution.assignments.get().blocks.exists()


def test_the_statement_states_outcomes_as_officials_write_them(
    resolution, secretariat_user, province
):
    scope = Scope(province_id=province.pk)
    before = build_statement(build_report(period=Y1399, scope=scope))
    assert "حفظ اشتغال" not in before and "صفر" not in before
    record(secretariat_user, "jobs_kept", 55000, dt.date(2020, 8, 1), resolution=resolution)
    record(secretariat_user, "jobs_created", 2500, dt.date(2020, 8, 2), resolution=resolution)
    text = build_statement(build_report(period=Y1399, scope=scope))
    assert "حفظ اشتغال ۵۵ هزار نفر و ایجاد اشتغال برای ۲ هزار و ۵۰۰ نفر" in text


def test_the_section_query_count_does_not_grow_with_rows(
    committee, agency_a, secretariat_user, province, django_assert_num_queries
):
    meeting = make_meeting(committee, dt.date(2020, 6, 1))
    first, *rest = make_resolutions(meeting, [agency_a], 30)
    record(secretariat_user, "jobs_kept", 10, dt.date(2020, 8, 1), resolution=first)
    scope = Scope(province_id=province.pk)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        build_report(period=Y1399, scope=scope)
    for index, resolution in enumerate(rest):
        record(
            secretariat_user, "jobs_created", index + 1, dt.date(2020, 8, 1), resolution=resolution
        )
        record(
            secretariat_user,
            "money_released",
            100,
            dt.date(2020, 8, 1),
            resolution=resolution,
            currency=["IRR", "USD", "EUR"][index % 3],
        )
    assert Outcome.objects.count() == 59
    with django_assert_num_queries(len(small.captured_queries)):
        build_report(period=Y1399, scope=scope)


def test_a_commitment_raises_its_provinces_data_version(unit, secretariat_user, province):
    """Cached reports and pages key on the province's data version (core.versioning)."""
    from hamahang.core.models import DataVersion

    def version():
        row = DataVersion.objects.filter(scope=province.pk).first()
        return row.number if row else 0

    before = version()
    services.commitment_create(
        unit=unit,
        kind="other",
        description="تعهد",
        deadline=dt.date(2020, 9, 1),
        acting_user=secretariat_user,
    )
    assert version() > before
