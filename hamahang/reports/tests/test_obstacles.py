"""The obstacles and reliefs_expiring sections, the systemic-obstacle report and its proposal."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.jalali import Period, jalali_to_gregorian
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.organizations.models import Province
from hamahang.reports.engine import Scope, build_report
from hamahang.units import services as unit_services
from hamahang.units.models import ProductionUnit, SupportCase

pytestmark = pytest.mark.django_db

SEED = Period.between(jalali_to_gregorian(1399, 1, 1), jalali_to_gregorian(1399, 6, 31))
CUSTOMS_BASIS = "ماده ۲۴ قانون امور گمرکی"


def test_the_seed_period_report_has_both_sections_filled_from_the_demo(demo_db):
    qom = Province.objects.get(code="qom")
    data = build_report(period=SEED, scope=Scope(province_id=qom.pk)).to_dict()
    obstacles, reliefs = data["obstacles"], data["reliefs_expiring"]
    by_obstacle = {row["obstacle"]: row for row in obstacles["by_obstacle"]}
    assert by_obstacle["bank_finance"]["cases"] + by_obstacle["bank_finance"]["resolutions"] > 0
    assert obstacles["clusters"] and obstacles["cluster_min"] == 3
    # Reliefs are seen from the period's end (1399/06/31), 30 days ahead.
    assert reliefs["reference_day"] == "2020-09-21" and reliefs["until"] == "2020-10-21"
    assert reliefs["expiring"] == sum(t["count"] for t in reliefs["by_type"]) > 0
    assert all("2020-09-21" <= r["expires_on"] <= "2020-10-21" for r in reliefs["nearest"])
    assert reliefs["without_expiry"] == 1  # the demo's one relief recorded without a date


def test_today_the_demo_has_reliefs_expiring_within_10_to_30_days(demo_db):
    qom = Province.objects.get(code="qom")
    today = dt.date(2026, 11, 11)  # the demo's load day (DEMO_TODAY)
    data = build_report(
        period=Period.fiscal_year(1405), scope=Scope(province_id=qom.pk), as_of=today
    ).to_dict()["reliefs_expiring"]
    days = [r["days_left"] for r in data["nearest"]]
    assert {10, 18, 25, 29} <= set(days)


def _cases_in_kahak(user, count, obstacle, legal_basis=""):
    unit = (
        ProductionUnit.objects.filter(county__name="کهک").order_by("pk").first()
        or ProductionUnit.objects.order_by("pk").first()
    )
    return [
        unit_services.case_create(
            unit=unit,
            type="licences_land",
            description="تأخیر در ترخیص ماشین‌آلات وارداتی از گمرک",
            received_on=jalali_to_gregorian(1399, 4, 10 + n),
            obstacle=obstacle,
            legal_basis=legal_basis,
            acting_user=user,
        )
        for n in range(count)
    ], unit


def test_the_systemic_report_counts_and_highlights_a_recurring_cluster(
    client, demo_db, django_assert_max_num_queries
):
    dabir = User.objects.get(username="dabir")
    before = SupportCase.objects.filter(obstacle="customs").count()
    cases, unit = _cases_in_kahak(dabir, 3, "customs", CUSTOMS_BASIS)
    client.force_login(dabir)
    query = {"date_from": "1399/01/01", "date_to": "1399/06/31"}
    with django_assert_max_num_queries(20):
        page = client.get(reverse("reports:obstacles"), query).content.decode()
    rows = [row for row in page.split("<tr") if "گمرک" in row and unit.county.name in row]
    assert len(rows) == 1 and before == 0
    row = rows[0]
    assert 'data-cluster="1"' in row and "خوشه تکرارشونده" in row
    assert '<td class="num fw-bold">۳</td>' in row
    assert reverse("units:case_detail", args=[cases[-1].pk]) in row
    assert CUSTOMS_BASIS in row
    # Two of them are not a cluster.
    SupportCase.objects.filter(pk=cases[0].pk).update(obstacle="other")
    page = client.get(reverse("reports:obstacles"), query).content.decode()
    row = next(r for r in page.split("<tr") if "گمرک" in r and unit.county.name in r)
    assert "data-cluster" not in row and '<td class="num fw-bold">۲</td>' in row


def test_a_county_secretariat_sees_only_its_own_county_whatever_it_asks(client, demo_db):
    from hamahang.organizations.models import County

    dabir = User.objects.get(username="dabir")
    _, unit = _cases_in_kahak(dabir, 3, "customs", CUSTOMS_BASIS)
    county_user = User.objects.get(username="dabir-jafarabad")
    assert county_user.county_id and county_user.county_id != unit.county_id
    client.force_login(county_user)
    query = {"date_from": "1399/01/01", "date_to": "1399/06/31", "county": unit.county_id}
    for query_ in (query, {k: v for k, v in query.items() if k != "county"}):
        page = client.get(reverse("reports:obstacles"), query_).content.decode()
        assert f"شهرستان {County.objects.get(pk=county_user.county_id).name}" in page
        assert not [r for r in page.split("<tr") if "گمرک" in r and unit.county.name in r]
    # The provincial secretariat asking for the same county sees its cluster.
    client.force_login(dabir)
    page = client.get(reverse("reports:obstacles"), query).content.decode()
    assert [r for r in page.split("<tr") if "گمرک" in r and unit.county.name in r]


def test_the_proposal_is_written_in_word_and_pdf(client, demo_db):
    from docx import Document

    dabir = User.objects.get(username="dabir")
    _cases_in_kahak(dabir, 3, "customs", CUSTOMS_BASIS)
    client.force_login(dabir)
    query = {"date_from": "1399/01/01", "date_to": "1399/06/31"}
    response = client.get(reverse("reports:obstacles_proposal", args=["docx"]), query)
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "پیش‌نویس پیشنهاد رفع موانع نظام‌مند تولید به ستاد ملی" in text
    assert "۱۳۹۹/۰۱/۰۱ تا ۱۳۹۹/۰۶/۳۱" in text
    assert "مانع «گمرک» در شهرستان" in text and f"با استناد به {CUSTOMS_BASIS}" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["مانع", "محل"]
    assert any(row.cells[0].text == "گمرک" for row in table.rows[1:])
    pdf = client.get(reverse("reports:obstacles_proposal", args=["pdf"]), query).content
    assert pdf.startswith(b"%PDF")
    key = pdf_text_key(pdf)
    assert pdf_key("پیشنهادها") in key and pdf_key("گمرک") in key


def test_the_systemic_report_refuses_a_malformed_period_in_persian(client, demo_db):
    client.force_login(User.objects.get(username="dabir"))
    response = client.get(reverse("reports:obstacles"), {"date_from": "1399/13/40"})
    assert response.status_code == 400
    assert "تاریخ" in response.content.decode()


def test_a_liaison_may_not_open_the_systemic_report(client, demo_db):
    client.force_login(User.objects.get(username="maliat"))
    assert client.get(reverse("reports:obstacles")).status_code == 403
