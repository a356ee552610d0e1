"""The seed's portfolio figures through the code behind the list's totals row."""

from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.jalali import Period
from hamahang.organizations.models import Agency
from hamahang.projects.selectors import ProjectFilters, project_list, project_totals

pytestmark = pytest.mark.django_db

SEED = Period.parse("1399/01/01", "1399/06/31")


@pytest.fixture
def dabir(demo_db):
    return User.objects.get(username="dabir")


def test_the_seed_portfolio_figures(dabir):
    sent = project_totals(project_list(user=dabir, filters=ProjectFilters(submitted_in=SEED)))
    assert sent.count == 27
    deputy = Agency.objects.get(short_name="معاونت اقتصادی")
    own = project_totals(
        project_list(user=dabir, filters=ProjectFilters(submitted_in=SEED, owner=deputy.pk))
    )
    assert own.count == 24
    assert own.sectors == 3
    assert own.rial == Decimal("9355000000000")
    assert [(t.currency, t.amount) for t in own.foreign] == [("USD", Decimal("9600000"))]
    assert own.jobs_planned == 2279


def test_the_list_shows_rial_and_dollars_separately(client, dabir):
    deputy = Agency.objects.get(short_name="معاونت اقتصادی")
    client.force_login(dabir)
    page = client.get(
        reverse("projects:project_list"), {"period": SEED.key, "owner": deputy.pk}
    ).content.decode()
    assert 'data-total="count">۲۴<' in page
    assert "۹٬۳۵۵٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in page and "۹ هزار و ۳۵۵ میلیارد ریال" in page
    # A currency by its Persian word, never its ISO code.
    assert "۹٬۶۰۰٬۰۰۰ دلار" in page and "۹ و شش‌دهم میلیون دلار" in page
    assert " USD" not in page
    assert 'data-total="jobs">۲٬۲۷۹<' in page


def test_a_converted_total_is_only_shown_when_asked_and_names_its_rate(client, dabir):
    client.force_login(dabir)
    plain = client.get(reverse("projects:project_list"), {"period": SEED.key}).content.decode()
    assert 'id="converted"' not in plain
    converted = client.get(
        reverse("projects:project_list"), {"period": SEED.key, "convert": "IRR"}
    ).content.decode()
    assert (
        "معادل کل به ریال" in converted and "هر دلار = " in converted and "داده نمایشی" in converted
    )


def test_the_seed_batch_exports_to_excel_and_json(client, dabir):
    from hamahang.projects.models import NationalSubmission

    batch = NationalSubmission.objects.get(letter_number="۱۲۴۵۸/۹۹")
    client.force_login(dabir)
    data = client.get(reverse("projects:submission_export", args=[batch.pk, "json"])).json()
    assert len(data["projects"]) == 27 and data["letter_date_jalali"] == "1399/05/20"
    response = client.get(reverse("projects:submission_export", args=[batch.pk, "xlsx"]))
    import io

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.max_row == 3 + 27 - 1 + 1
    assert isinstance(sheet.cell(row=4, column=9).value, (int, float))
