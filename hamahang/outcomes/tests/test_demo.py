"""The demo's outcomes: the seed-period report's `outcomes` section is filled and stated, and
this year's failed commitment holds up an assignment outside the ranking."""

import pytest

from hamahang.core.jalali import Period
from hamahang.organizations.models import Province
from hamahang.outcomes.models import AssignmentBlock, ProducerCommitment
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def qom(demo_db):
    return Province.objects.get(code="qom")


def test_the_seed_period_report_has_outcomes_and_the_statement_states_them(qom):
    report = build_report(
        period=Period.parse("1399/01/01", "1399/06/31"), scope=Scope(province_id=qom.pk)
    )
    data = report.to_dict()["outcomes"]
    totals = data["totals"]
    assert totals["jobs_kept"] > 0 and totals["jobs_created"] > 0
    assert set(totals["money_released"]) == {"IRR", "USD"}
    assert {row["name"] for row in data["by_committee"]} == {
        "ستاد تسهیل و رفع موانع تولید استان قم",
        "ستاد فرماندهی اقتصاد مقاومتی استان قم",
    }
    assert data["by_agency"]
    text = build_statement(report)
    assert "حفظ اشتغال ۸۷۰ نفر، ایجاد اشتغال برای ۱۴۷ نفر" in text
    assert "۴۵۰ میلیارد ریال و ۳۵۰ هزار دلار منابع" in text


def test_the_current_year_has_a_failed_commitment_holding_up_an_assignment(qom):
    block = AssignmentBlock.objects.select_related("commitment", "assignment__agency").get()
    assert block.commitment.status == ProducerCommitment.Status.FAILED
    report = build_report(period=Period.fiscal_year(1405), scope=Scope(province_id=qom.pk))
    assert report.outcomes["producer_blocked"] == [
        {
            "agency_id": block.assignment.agency_id,
            "name": block.assignment.agency.short_name or block.assignment.agency.name,
            "assignments": 1,
        }
    ]
    assert report.outcomes["totals"]["jobs_kept"] > 0
