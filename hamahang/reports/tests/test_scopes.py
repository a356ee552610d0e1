"""Report scope is honest on the demo: a committee counts only what its resolutions concern, a
county says which parts are its province's, the country names each province; the period is
printed once and no Latin digit shows on the page, in the PDF, the Excel file or the statement."""

import datetime as dt
import io
import re
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.jalali import Period
from hamahang.meetings.models import Resolution
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.models import Committee, County, Province
from hamahang.organizations.tests.factories import AgencyFactory
from hamahang.projects.models import NationalSubmission, Project, SubmissionItem
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement
from hamahang.units.models import SupportCase

pytestmark = pytest.mark.django_db

SEED_PERIOD = Period.parse("1399/01/01", "1399/06/31")
SEED = {"period": "", "date_from": "1399/01/01", "date_to": "1399/06/31"}


@pytest.fixture
def qom(demo_db):
    return Province.objects.get(code="qom")


@pytest.fixture
def manager(demo_db, client):
    client.force_login(User.objects.get(username="modir"))
    return client


def visible_text(html: str) -> str:
    """What a reader sees: no head, scripts, styles, tags or attribute values."""
    body = re.split(r"<body[^>]*>", html, maxsplit=1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<textarea\b[^>]*>", " ", body)
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize("kind", ["facilitation", "resistance_economy"])
def test_a_committee_counts_only_the_projects_and_cases_its_resolutions_concern(qom, kind):
    committee = Committee.objects.get(province=qom, kind=kind)
    report = build_report(
        period=SEED_PERIOD, scope=Scope(province_id=qom.pk, committee_id=committee.pk)
    )
    linked = set(
        Resolution.objects.filter(committee=committee)
        .exclude(project=None)
        .values_list("project", flat=True)
    )
    sent = {
        item.project_id
        for item in SubmissionItem.objects.select_related("submission")
        if item.submission.status == NationalSubmission.Status.SENT
        and item.submission.letter_date
        and SEED_PERIOD.start <= item.submission.letter_date <= SEED_PERIOD.end
        and item.project_id in linked
    }
    assert report.projects.sent == len(sent)
    portfolio = sum(g.projects for g in report.projects.portfolio_by_sector)
    assert portfolio == Project.objects.filter(pk__in=linked).count()
    cases = {
        r.case_id
        for r in Resolution.objects.filter(committee=committee).exclude(case=None)
        if SEED_PERIOD.start <= SupportCase.objects.get(pk=r.case_id).received_on <= SEED_PERIOD.end
    }
    assert sum(report.units.cases_by_type.values()) == len(cases)
    # The province's own report counts more than either committee's.
    province = build_report(period=SEED_PERIOD, scope=Scope(province_id=qom.pk))
    assert province.projects.sent == 27 and report.projects.sent < 27
    assert report.scope_phrase == committee.name and report.wide_note == ""


def test_the_committees_own_figures_are_not_zero_in_the_demo(qom):
    # So the test above compares real counts: the resistance HQ's resolutions concern projects
    # sent in the seed period, the facilitation HQ's concern support cases received in it.
    resistance = Committee.objects.get(province=qom, kind="resistance_economy")
    facilitation = Committee.objects.get(province=qom, kind="facilitation")
    one = build_report(period=SEED_PERIOD, scope=Scope(qom.pk, committee_id=resistance.pk))
    other = build_report(period=SEED_PERIOD, scope=Scope(qom.pk, committee_id=facilitation.pk))
    assert one.projects.sent > 0 and sum(other.units.cases_by_type.values()) > 0
    text = build_statement(one)
    assert f"طرح مرتبط با مصوبه‌های {resistance.name}" in text


def test_the_national_scope_names_each_province(qom):
    khuzestan = Province.objects.get(name="خوزستان")
    office = AgencyFactory(province=khuzestan, kind="governorate", name="استانداری خوزستان")
    committee = Committee.objects.create(
        province=khuzestan,
        kind="facilitation",
        name="ستاد تسهیل و رفع موانع تولید خوزستان",
        secretariat=office,
    )
    meeting = make_meeting(committee, dt.date(2020, 5, 10), number=7)  # 1399/02/21
    make_resolutions(meeting, [office], 3)
    report = build_report(period=SEED_PERIOD, scope=Scope())
    text = build_statement(report)
    assert report.scope_phrase == "کشور"
    assert (
        "برای پیشبرد اهداف اقتصادی کشور از ابتدای سال ۱۳۹۹ تا پایان شهریورماه، در استان "
        "خوزستان هفتمین جلسه ستاد تسهیل و رفع موانع تولید با سه مصوبه و سه مصوبه" not in text
    )
    assert (
        "در استان خوزستان هفتمین جلسه ستاد تسهیل و رفع موانع تولید با سه مصوبه؛ در استان قم "
        "۲۴ جلسه ستاد تسهیل و رفع موانع تولید با ۱۶۵ مصوبه و همچنین پنج جلسه ستاد فرماندهی "
        "اقتصاد مقاومتی با ۲۲ مصوبه تشکیل شده است." in text
    )
    assert "اهداف اقتصادی استان" not in text and not re.search(r"[0-9]", text)


def test_a_county_report_says_its_meetings_are_the_provinces(manager, qom):
    county = County.objects.get(province=qom, name="قم")
    page = manager.get(reverse("reports:report"), {**SEED, "county": county.pk}).content.decode()
    note = "ارقام جلسات، مصوبات و تکالیف ستادها در این گزارش مربوط به کل استان قم است."
    assert note in page
    url = reverse("reports:statement")
    statement = manager.get(url, {**SEED, "county": county.pk}).content.decode()
    assert note in statement and "اهداف اقتصادی استان قم" in statement
    pdf = manager.get(reverse("reports:report_export", args=["pdf"]), {**SEED, "county": county.pk})
    assert pdf_key("مربوط به کل استان قم است") in pdf_text_key(pdf.content)


def test_the_period_is_printed_once_and_no_latin_digit_shows(manager):
    page = manager.get(reverse("reports:report"), SEED).content.decode()
    text = visible_text(page)
    assert text.count("۱۳۹۹/۰۱/۰۱ تا ۱۳۹۹/۰۶/۳۱") == 1
    assert not re.search(r"[0-9]", text), re.findall(r".{20}[0-9].{20}", text)[:5]
    statement = manager.get(reverse("reports:statement"), SEED).content.decode()
    assert not re.search(r"[0-9]", visible_text(statement))


def test_a_named_period_is_captioned_with_its_dates_once(manager):
    page = manager.get(reverse("reports:report"), {"period": "ytm1399-6"}).content.decode()
    caption = "ابتدای سال ۱۳۹۹ تا پایان شهریور (۱۳۹۹/۰۱/۰۱ تا ۱۳۹۹/۰۶/۳۱)"
    assert visible_text(page).count(caption) == 1


def test_the_pdf_prints_the_period_once_in_persian_digits(manager):
    response = manager.get(reverse("reports:report_export", args=["pdf"]), SEED)
    pdf_text_key(response.content)  # skips without pdftotext, fails so under CI=true
    raw = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    header = raw.split("بیانیه مطبوعاتی")[0]  # the summary table below lists «از» and «تا»
    assert header.count("۱۳۹۹/۰۶/۳۱") == 1 and header.count("۱۳۹۹/۰۱/۰۱") == 1, header
    assert not re.search(r"[0-9]", raw), re.findall(r".{20}[0-9].{20}", raw)[:5]


def test_the_excel_titles_and_headers_have_no_latin_digits(manager):
    response = manager.get(reverse("reports:report_export", args=["xlsx"]), SEED)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        assert not re.search(r"[0-9]", sheet.title)
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not re.search(r"[0-9A-Za-z]", value), (sheet.title, value)
    summary = [row[0] for row in book["خلاصه"].iter_rows(values_only=True)]
    assert "دوره" not in summary and {"از", "تا"} <= set(summary)
    headers = next(book["طرح‌های ارسالی به دبیرخانه ملی"].iter_rows(min_row=3, values_only=True))
    assert "سرمایه‌گذاری ارزی (دلار)" in headers


def test_each_scope_says_which_parts_it_does_not_narrow(qom):
    county = County.objects.get(province=qom, name="قم")
    committee = Committee.objects.get(province=qom, kind="facilitation")
    assert (
        Scope(qom.pk).wide_note() == ""
        and Scope(qom.pk, committee_id=committee.pk).wide_note() == ""
    )
    assert Scope(qom.pk, sector="industry").wide_note() == (
        "ارقام جلسات، مصوبات و تکالیف ستادها، واحدهای تولیدی و پرونده‌های حمایتی در این گزارش "
        "مربوط به کل استان قم است."
    )
    assert Scope(qom.pk, agency_id=1).wide_note() == (
        "ارقام واحدهای تولیدی در این گزارش مربوط به کل استان قم است."
    )
    # A committee's meetings are its own, in a county too.
    assert Scope(qom.pk, county_id=county.pk, committee_id=committee.pk).wide_note() == ""
    assert Scope(county_id=county.pk).phrase() == "شهرستان قم" and Scope().phrase() == "کشور"
