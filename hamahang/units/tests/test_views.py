import datetime as dt

import pytest
from django.urls import reverse

from hamahang.core.identifiers import complete_legal_id
from hamahang.units import services
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent

pytestmark = pytest.mark.django_db


def _form(county_obj, **overrides):
    data = {
        "mode": "register",
        "name": "شرکت کاشی سینا",
        "legal_id": "۱۰۱۰۰۳۴۰۰۵۶",
        "kind": "industrial",
        "county": county_obj.pk,
        "ownership": "private",
        "utilisation": "50",
        "status": "active",
        "jobs": "۲۵",
        "on_date": "1405/02/01",
    }
    data.update(overrides)
    return data


def test_a_unit_is_registered_through_the_form(secretariat_client, county):
    response = secretariat_client.post(reverse("units:unit_create"), _form(county))
    unit = ProductionUnit.objects.get()
    assert response.url == unit.get_absolute_url() and unit.jobs == 25


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"legal_id": "10100340057"}, "معتبر نیست (رقم کنترل آن نادرست است)"),
        ({"legal_id": "", "national_code": "123"}, "کد ملی باید ۱۰ رقم باشد"),
        ({"county": "99999"}, "این شهرستان شناخته نیست."),
        ({"jobs": "-4"}, "تعداد شاغلان نمی‌تواند منفی باشد."),
        ({"on_date": "1400/12/30"}, "سال ۱۴۰۰ کبیسه نیست"),
        ({"mode": "launch", "product": ""}, "محصول واحد تازه‌راه‌اندازی‌شده را بنویسید."),
    ],
)
def test_bad_unit_input_is_refused_in_persian(secretariat_client, county, overrides, message):
    response = secretariat_client.post(reverse("units:unit_create"), _form(county, **overrides))
    assert message in response.content.decode()
    assert ProductionUnit.objects.count() == 0


def test_a_duplicate_national_id_is_refused_through_the_form(secretariat_client, county):
    secretariat_client.post(reverse("units:unit_create"), _form(county))
    response = secretariat_client.post(reverse("units:unit_create"), _form(county, name="دیگر"))
    assert "پیش‌تر ثبت شده است" in response.content.decode()
    assert ProductionUnit.objects.count() == 1


def test_unit_search_finds_arabic_letters_and_missing_zwnj(
    secretariat_client, secretariat_user, county
):
    unit = services.unit_register(
        acting_user=secretariat_user,
        registered_on=dt.date(2026, 1, 1),
        name="شرکت نیمه‌صنعتی کاشی‌سازان",
        legal_id="10100340056",
        county=county,
    )
    for query in ["كاشي", "کاشیسازان", "نيمه صنعتي", "10100340056", "۱۰۱۰۰۳۴۰۰۵۶"]:
        page = secretariat_client.get(reverse("units:unit_list"), {"q": query}).content.decode()
        assert unit.get_absolute_url() in page, query


@pytest.fixture
def many(secretariat_user, county, tax_office):
    def build(rows):
        units = ProductionUnit.objects.bulk_create(
            ProductionUnit(
                province=county.province,
                county=county,
                name=f"واحد {i}",
                legal_id=complete_legal_id(f"1420{i:06d}"),
            )
            for i in range(rows)
        )
        UnitEvent.objects.bulk_create(
            UnitEvent(unit=u, date=dt.date(2026, 1, 1), to_status="active") for u in units
        )
        SupportCase.objects.bulk_create(
            SupportCase(
                unit=u,
                province=county.province,
                code=f"1405-{i:04d}",
                type="deferral",
                creditor="tax",
                creditor_agency=tax_office,
                description="مهلت",
                received_on=dt.date(2026, 1, 1),
            )
            for i, u in enumerate(units)
        )
        return units

    return build


@pytest.mark.parametrize("rows", [10, 200])
def test_query_budgets_of_unit_list_unit_page_and_case_list(
    rows, secretariat_client, many, django_assert_max_num_queries
):
    units = many(rows)
    with django_assert_max_num_queries(12):
        assert secretariat_client.get(reverse("units:unit_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert secretariat_client.get(reverse("units:case_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert secretariat_client.get(units[0].get_absolute_url()).status_code == 200


def test_a_liaison_sees_only_cases_where_its_agency_is_the_creditor(
    client, secretariat_user, county, tax_office, province
):
    from hamahang.accounts.tests.factories import UserFactory
    from hamahang.organizations.tests.factories import AgencyFactory

    unit = services.unit_register(
        acting_user=secretariat_user,
        registered_on=dt.date(2026, 1, 1),
        name="واحد",
        legal_id="10100340056",
        county=county,
    )
    ours = services.case_create(
        unit=unit,
        type="enforcement_postponement",
        creditor="tax",
        creditor_agency=tax_office,
        description="مهلت",
        received_on=dt.date(2026, 1, 1),
        acting_user=secretariat_user,
    )
    gas = AgencyFactory(province=province, name="شرکت گاز")
    theirs = services.case_create(
        unit=unit,
        type="no_utility_cutoff",
        creditor="gas",
        creditor_agency=gas,
        description="قطع نشود",
        received_on=dt.date(2026, 1, 1),
        acting_user=secretariat_user,
    )
    client.force_login(UserFactory(agency=tax_office, role="agency_liaison"))
    page = client.get(reverse("units:case_list")).content.decode()
    assert ours.get_absolute_url() in page and theirs.get_absolute_url() not in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
