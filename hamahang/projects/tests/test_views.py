import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from hamahang.projects import services
from hamahang.projects.models import InvestmentLine, Project

pytestmark = pytest.mark.django_db


def _project_data(county_obj, owner_obj, **overrides):
    data = {
        "code": "P-1",
        "title": "کارخانه کاشی",
        "sector": "industry",
        "county": county_obj.pk,
        "owner": owner_obj.pk,
        "physical_progress": "0",
        "jobs_direct": "۱۲",
        "jobs_indirect": "0",
        "jobs_realised": "0",
        "start_date": "۱۴۰۵/۰۱/۱۵",
        "planned_end_date": "1406/12/29",
    }
    data.update(overrides)
    return data


def test_a_project_is_created_through_the_form(secretariat_client, county, deputy):
    response = secretariat_client.post(
        reverse("projects:project_create"), _project_data(county, deputy)
    )
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.start_date == dt.date(2026, 4, 4) and project.jobs_direct == 12


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"physical_progress": "120"}, "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد."),
        ({"planned_end_date": "1404/01/01"}, "تاریخ پایان پیش از تاریخ شروع است."),
        ({"start_date": "1404/12/30"}, "سال ۱۴۰۴ کبیسه نیست"),
        ({"jobs_direct": "-3"}, "نمی‌تواند منفی باشد"),
        ({"county": "99999"}, "این شهرستان شناخته نیست."),
    ],
)
def test_bad_project_input_is_refused_in_persian(
    secretariat_client, county, deputy, overrides, message
):
    response = secretariat_client.post(
        reverse("projects:project_create"), _project_data(county, deputy, **overrides)
    )
    assert message in response.content.decode()
    assert Project.objects.count() == 0


@pytest.fixture
def project(secretariat_user, county, deputy):
    return services.project_create(
        acting_user=secretariat_user,
        code="P-9",
        title="گلخانه",
        sector="agriculture",
        county=county,
        owner=deputy,
    )


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        ("-۱۰۰", "IRR", "مبلغ"),
        ("دوازده", "IRR", "عدد معتبری نیست"),
        ("100", "XYZ", "کد ارز معتبر (ISO 4217) نیست"),
        ("", "IRR", "مبلغ را وارد کنید."),
    ],
)
def test_bad_amounts_are_refused_in_persian(secretariat_client, project, amount, currency, message):
    response = secretariat_client.post(
        reverse("projects:investment_add", args=[project.pk]),
        {
            "investment-amount": amount,
            "investment-currency": currency,
            "investment-value_date": "1405/02/01",
            "investment-source": "own_equity",
        },
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert InvestmentLine.objects.count() == 0


def test_amounts_typed_with_persian_digits_and_separators(secretariat_client, project):
    secretariat_client.post(
        reverse("projects:investment_add", args=[project.pk]),
        {
            "investment-amount": "۹٬۳۵۵٬۰۰۰٬۰۰۰٬۰۰۰",
            "investment-currency": "IRR",
            "investment-value_date": "1405/02/01",
            "investment-source": "own_equity",
        },
    )
    assert InvestmentLine.objects.get().amount == Decimal("9355000000000")


def test_the_amount_in_words_as_the_user_types(secretariat_client):
    url = reverse("amount_words")
    assert (
        secretariat_client.get(
            url,
            {
                "field": "x-amount",
                "x-amount": "۹٬۶۰۰٬۰۰۰",
                "currency_field": "x-currency",
                "x-currency": "USD",
            },
        ).content.decode()
        == "۹ و شش‌دهم میلیون دلار"
    )
    assert (
        "عدد معتبری نیست"
        in secretariat_client.get(url, {"field": "amount", "amount": "abc"}).content.decode()
    )


def test_a_bank_liaison_sees_only_its_banks_projects(
    client, project, secretariat_user, county, deputy, bank, bank_liaison
):
    other = services.project_create(
        acting_user=secretariat_user,
        code="P-10",
        title="دیگری",
        sector="industry",
        county=county,
        owner=deputy,
    )
    services.contract_create(
        project=project,
        bank=bank,
        facility_amount=Decimal(10),
        currency="IRR",
        on_date=dt.date(2026, 5, 1),
        acting_user=secretariat_user,
    )
    client.force_login(bank_liaison)
    page = client.get(reverse("projects:project_list")).content.decode()
    assert project.get_absolute_url() in page and other.get_absolute_url() not in page
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [10, 200])
def test_query_budgets_of_the_list_with_totals_and_the_project_page(
    rows,
    secretariat_client,
    secretariat_user,
    county,
    deputy,
    bank,
    leap,
    django_assert_max_num_queries,
):
    projects = Project.objects.bulk_create(
        Project(
            province=county.province,
            code=f"B-{i}",
            title=f"طرح {i}",
            sector="industry",
            county=county,
            owner=deputy,
            jobs_direct=i,
        )
        for i in range(rows)
    )
    InvestmentLine.objects.bulk_create(
        InvestmentLine(
            project=p,
            amount=Decimal(1000),
            currency=c,
            value_date=dt.date(2026, 1, 1),
            source="own_equity",
        )
        for p in projects
        for c in ("IRR", "USD")
    )
    with django_assert_max_num_queries(15):
        page = secretariat_client.get(reverse("projects:project_list"))
    assert 'data-total="count">' in page.content.decode()
    project = projects[0]
    for _ in range(3):
        services.contract_create(
            project=project,
            bank=bank,
            facility_amount=Decimal(10),
            currency="IRR",
            on_date=dt.date(2026, 5, 1),
            acting_user=secretariat_user,
        ) if _ == 0 else None
    with django_assert_max_num_queries(25):
        assert secretariat_client.get(project.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert secretariat_client.get(reverse("projects:contract_pipeline")).status_code == 200


def test_the_totals_row_is_cached_until_a_write_changes_the_portfolio(
    real_cache, secretariat_client, secretariat_user, county, deputy
):
    import re

    def totals(**query) -> dict[str, str]:
        page = secretariat_client.get(reverse("projects:project_list"), query).content.decode()
        return dict(re.findall(r'data-total="([A-Za-z]+)">([^<]*)<', page))

    project = services.project_create(
        acting_user=secretariat_user,
        code="P-1",
        title="کارخانه کاشی",
        sector="industry",
        county=county,
        owner=deputy,
    )
    assert totals()["count"] == "۱" and totals()["IRR"].startswith("۰")
    services.investment_add(
        project=project,
        amount=Decimal(5_000_000_000),
        currency="IRR",
        value_date=dt.date(2026, 5, 1),
        source="own_equity",
        acting_user=secretariat_user,
    )
    assert totals()["IRR"] == "۵٬۰۰۰٬۰۰۰٬۰۰۰ ریال"  # the cached row was not reused
    assert totals(sector="agriculture")["count"] == "۰"  # filters have their own entries
    assert totals()["count"] == "۱"
