"""What a user reads on the demo's pages: Persian digits only, no Django placeholder
«---------», no raw English keys. One demo load for the module (`demo_db`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from hamahang.accounts.models import User

pytestmark = pytest.mark.django_db

LATIN_DIGIT = re.compile(r"[0-9]")
# A currency by its ISO code where a Persian word belongs («۱۲ USD»).
CURRENCY_CODE = re.compile(r"\b(?:IRR|USD|EUR|AED|CNY|GBP|TRY|RUB|INR|JPY|CHF|IQD)\b")
# One user per role.
ROLES = ["dabir", "modir", "samat", "bankmelli", "nazer", "melli", "samaneh"]


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles, and no values of inputs
    (date inputs hold Latin digits by design: see core/forms.py)."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def first_pk(model, **filters) -> int:
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


@pytest.fixture(scope="module")
def pages(demo_db, django_db_blocker) -> dict[str, list[str]]:
    """Each user's pages: the lists, a detail of each kind, the forms, inbox and home."""
    from hamahang.meetings.models import Assignment, Meeting, Resolution
    from hamahang.projects.models import NationalSubmission, Project
    from hamahang.units.models import ProductionUnit, SupportCase

    with django_db_blocker.unblock():
        held = first_pk(Meeting, status=Meeting.Status.HELD) or first_pk(Meeting)
        meeting, resolution = first_pk(Meeting), first_pk(Resolution)
        project = first_pk(Project, contracts__isnull=False) or first_pk(Project)
        unit, case = first_pk(ProductionUnit), first_pk(SupportCase)
        submission = first_pk(NationalSubmission)
        samat_assignment = first_pk(Assignment, agency__short_name="صمت")
        assignment = first_pk(Assignment)
    common = [
        reverse("home"),
        reverse("meetings:inbox"),
        reverse("meetings:meeting_list"),
        reverse("meetings:resolution_list"),
        reverse("meetings:assignment_list"),
        reverse("projects:project_list"),
        reverse("projects:contract_pipeline"),
        reverse("projects:submission_list"),
        reverse("units:unit_list"),
        reverse("units:case_list"),
        reverse("reports:report"),
        reverse("imports:import_list"),
        reverse("meetings:meeting_detail", args=[meeting]),
        reverse("meetings:resolution_detail", args=[resolution]),
        reverse("projects:project_detail", args=[project]),
        reverse("units:unit_detail", args=[unit]),
        reverse("units:case_detail", args=[case]),
    ]
    forms = [
        reverse("meetings:meeting_create"),
        reverse("meetings:meeting_edit", args=[meeting]),
        reverse("meetings:resolution_create", args=[held]),
        reverse("meetings:resolution_edit", args=[resolution]),
        reverse("meetings:assignment_detail", args=[assignment]),
        reverse("projects:project_create"),
        reverse("projects:project_edit", args=[project]),
        reverse("projects:submission_create"),
        reverse("units:unit_create"),
        reverse("units:unit_edit", args=[unit]),
        reverse("units:case_create"),
        reverse("office:home"),
        reverse("office:agency_create"),
        reverse("office:committee_create"),
        reverse("office:user_create"),
    ]
    if submission:
        common.append(reverse("projects:submission_detail", args=[submission]))
    return {
        "common": common,
        "forms": forms,
        "liaison": [reverse("meetings:assignment_detail", args=[samat_assignment])],
    }


def read(username: str, urls: list[str]):
    """(url, html) of each page the user may open (others answer 403/404 or redirect)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield url, response.content.decode()


@pytest.mark.parametrize("username", ["dabir", "samat"])
def test_no_latin_digit_in_the_visible_text_of_the_main_pages(pages, username):
    urls = pages["common"] + pages["forms"] + pages["liaison"]
    seen, found = 0, {}
    for url, html in read(username, urls):
        seen += 1
        latin = [text for text in visible_text(html) if LATIN_DIGIT.search(text)]
        if latin:
            found[url] = latin[:5]
    assert seen >= (20 if username == "dabir" else 8)
    assert found == {}


@pytest.mark.parametrize("username", ["dabir", "samat"])
def test_no_currency_shown_by_its_iso_code(pages, username):
    found = {}
    for url, html in read(username, pages["common"] + pages["forms"]):
        # A choice may name the code after the word («دلار (USD)»); nothing else may.
        codes = [
            t for t in visible_text(html) if CURRENCY_CODE.search(re.sub(r"\([A-Z]{3}\)", "", t))
        ]
        if codes:
            found[url] = codes[:5]
    assert found == {}


def test_codes_on_the_pages_are_isolated_in_their_own_direction(pages):
    """The demo's contract numbers hold a Persian letter («ع-…»): read from the right; the
    resolution codes (۱۴۰۵-۰۳-۰۱) from the left."""
    from hamahang.projects.models import BankAgencyContract

    contract = BankAgencyContract.objects.exclude(contract_number="").order_by("pk").first()
    client = Client()
    client.force_login(User.objects.get(username="dabir"))
    project_page = client.get(reverse("projects:project_detail", args=[contract.project_id]))
    number = contract.contract_number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f'قرارداد <bdi dir="rtl">{number}</bdi>' in project_page.content.decode()
    resolutions = client.get(reverse("meetings:resolution_list")).content.decode()
    assert re.search(r'<bdi dir="ltr">۱۴۰[0-9۰-۹]-[۰-۹]+-[۰-۹]+</bdi>', resolutions)


@pytest.mark.parametrize("username", ROLES)
def test_no_django_blank_choice_on_any_form_page(pages, username):
    for url, html in read(username, pages["common"] + pages["forms"]):
        assert "---------" not in html, url


def test_the_visible_text_reader_finds_a_latin_digit_and_skips_values():
    html = (
        '<p>جلسه ۳</p><input value="1405/01/02"><script>var a = 1;</script>'
        "<style>.a{width:2px}</style><td>مصوبه 12</td>"
    )
    assert [t for t in visible_text(html) if LATIN_DIGIT.search(t)] == ["مصوبه 12"]


def test_the_report_export_names_currencies_in_persian(pages):
    client = Client()
    client.force_login(User.objects.get(username="dabir"))
    csv = client.get(reverse("reports:report_export", args=["csv"])).content.decode("utf-8-sig")
    assert "سرمایه‌گذاری ارزی (دلار)" in csv
    assert not CURRENCY_CODE.search(csv)
