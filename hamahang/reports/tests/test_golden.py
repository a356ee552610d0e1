"""Golden tests on the demo for 1399/01/01–1399/06/31: every output states the seed figures."""

import csv
import io
import json
import shutil
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.jalali import Period
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.organizations.models import Province
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement

pytestmark = pytest.mark.django_db

SEED = {"period": "", "date_from": "1399/01/01", "date_to": "1399/06/31"}


@pytest.fixture
def seed_report(demo_db):
    qom = Province.objects.get(code="qom")
    return build_report(
        period=Period.parse("1399/01/01", "1399/06/31"), scope=Scope(province_id=qom.pk)
    )


@pytest.fixture
def manager(demo_db, client):
    client.force_login(User.objects.get(username="modir"))
    return client


def assert_seed_figures(data: dict) -> None:
    committees = {c["kind"]: (c["meetings"], c["resolutions"]) for c in data["meetings"]}
    assert committees["facilitation"] == (24, 165)
    assert committees["resistance_economy"] == (5, 22)
    projects = data["projects"]
    assert projects["sent"] == 27
    lead = projects["sent_by_owner"][0]
    assert lead["name"] == "معاونت هماهنگی امور اقتصادی استانداری قم"
    assert lead["projects"] == 24
    assert sorted(lead["sectors"]) == ["agriculture", "industry", "tourism"]
    assert Decimal(lead["money"]["rial"]) == Decimal("9355000000000")
    assert {k: Decimal(v) for k, v in lead["money"]["foreign"].items()} == {
        "USD": Decimal("9600000")
    }
    assert lead["jobs_planned"] == 2279
    units = data["units"]
    assert (units["revived_units"], units["revived_jobs"]) == (15, 132)
    masks = {row["kind"]: row["units"] for row in units["launches"] if row["product"] == "ماسک"}
    assert masks == {"industrial": 11, "workshop": 15}


def test_the_json_figures_equal_the_seed_table(seed_report):
    assert_seed_figures(json.loads(json.dumps(seed_report.to_dict())))


def test_the_cli_json_and_statement_agree(demo_db, capsysbinary):
    call_command("report", "--from", "1399/01/01", "--to", "1399/06/31", "--format", "json")
    assert_seed_figures(json.loads(capsysbinary.readouterr().out.decode()))


STATEMENT_PHRASES = [
    "۲۷ طرح",
    "۲۴ مورد از طرح‌های یادشده مربوط به معاونت هماهنگی امور اقتصادی استانداری قم",
    "سه بخش",
    "۹ هزار و ۳۵۵ میلیارد ریال",
    "۹ و شش‌دهم میلیون دلار",
    "۲ هزار و ۲۷۹",
    "۲۴ جلسه ستاد تسهیل و رفع موانع تولید با ۱۶۵ مصوبه",
    "پنج جلسه ستاد فرماندهی اقتصاد مقاومتی با ۲۲ مصوبه",
    "احیای ۱۵ واحد صنعتی راکد با اشتغال ۱۳۲ تن",
    "۱۱ واحد صنعتی و ۱۵ واحد کارگاهی تولید ماسک",
    "از ابتدای سال ۱۳۹۹ تا پایان شهریورماه",
]


def test_the_statement_states_every_seed_figure(seed_report):
    text = build_statement(seed_report)
    for phrase in STATEMENT_PHRASES:
        assert phrase in text, phrase


def test_the_cli_text_format_prints_the_statement(demo_db, capsysbinary):
    call_command("report", "--from", "1399/01/01", "--to", "1399/06/31", "--format", "text")
    assert "۹ هزار و ۳۵۵ میلیارد ریال" in capsysbinary.readouterr().out.decode()


def test_the_dashboard_shows_the_same_figures(manager):
    page = manager.get(reverse("reports:report"), SEED).content.decode()
    for figure, value in [
        ("meetings-facilitation", "۲۴"),
        ("resolutions-facilitation", "۱۶۵"),
        ("meetings-resistance_economy", "۵"),
        ("resolutions-resistance_economy", "۲۲"),
        ("sent", "۲۷"),
        ("revived", "۱۵"),
        ("revived-jobs", "۱۳۲"),
        ("launch-industrial", "۱۱"),
        ("launch-workshop", "۱۵"),
    ]:
        assert f'data-figure="{figure}"' in page
        assert (
            f'data-figure="{figure}"' in page
            and f">{value}<" in page.split(f'data-figure="{figure}"')[1][:200]
        ), figure
    assert "۲۴ طرح از معاونت هماهنگی امور اقتصادی استانداری قم" in page


def test_the_excel_file_is_right_to_left_with_numeric_cells(manager):
    response = manager.get(reverse("reports:report_export", args=["xlsx"]), SEED)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["خلاصه"]
    assert sheet.sheet_view.rightToLeft
    values = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value
        for r in range(4, sheet.max_row + 1)
    }
    assert values["طرح‌های ارسالی به دبیرخانه ملی"] == 27
    assert values["طرح‌های ارسالی معاونت هماهنگی امور اقتصادی استانداری قم"] == 24
    assert values["واحدهای صنعتی راکد احیاشده"] == 15 and values["اشتغال واحدهای احیاشده"] == 132
    assert values["جلسات ستاد تسهیل و رفع موانع تولید استان قم"] == 24
    assert values["مصوبات ستاد فرماندهی اقتصاد مقاومتی استان قم"] == 22
    assert sheet.cell(row=8, column=2).number_format.startswith("[$-3000429]")
    sent = book["طرح‌های ارسالی به دبیرخانه ملی"]
    row = next(
        r
        for r in sent.iter_rows(min_row=4, values_only=True)
        if r[0] == "معاونت هماهنگی امور اقتصادی استانداری قم"
    )
    assert row[1:5] == (24, 9355000000000, 9600000, 2279)


def test_the_csv_opens_in_excel_with_persian_text(manager):
    response = manager.get(reverse("reports:report_export", args=["csv"]), SEED)
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["طرح‌های ارسالی به دبیرخانه ملی", "27"] in rows


def test_the_pdf_states_the_figures(manager):
    response = manager.get(reverse("reports:report_export", args=["pdf"]), SEED)
    text = pdf_text_key(response.content)  # skips without pdftotext, fails so under CI=true
    for phrase in STATEMENT_PHRASES:
        assert pdf_key(phrase) in text, phrase


def test_a_missing_pdftotext_fails_under_ci_instead_of_skipping(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        pdf_text_key(b"%PDF-1.4")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        pdf_text_key(b"%PDF-1.4")


def test_the_statement_is_edited_and_downloaded_as_text_word_and_pdf(manager):
    import docx

    url = reverse("reports:statement") + "?date_from=1399/01/01&date_to=1399/06/31"
    page = manager.get(url).content.decode()
    assert "۹ هزار و ۳۵۵ میلیارد ریال" in page
    edited = "متن ویرایش‌شده بیانیه با ۹ هزار و ۳۵۵ میلیارد ریال سرمایه‌گذاری."
    text = manager.post(url, {"text": edited, "format": "txt"})
    assert text.content.decode("utf-8-sig") == edited
    word = manager.post(url, {"text": edited, "format": "docx"})
    document = docx.Document(io.BytesIO(word.content))
    assert document.paragraphs[0].text == edited
    pdf = manager.post(url, {"text": edited, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    empty = manager.post(url, {"text": "", "format": "txt"})
    assert "متن بیانیه خالی است." in empty.content.decode()


def test_a_bad_period_is_refused_in_persian(manager):
    page = manager.get(reverse("reports:report"), {"date_from": "1400/12/30"}).content.decode()
    assert "سال ۱۴۰۰ کبیسه نیست" in page


def test_liaisons_cannot_open_reports(client, demo_db):
    client.force_login(User.objects.get(username="samat"))
    assert client.get(reverse("reports:report")).status_code == 403
