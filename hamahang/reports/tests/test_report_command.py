"""`manage.py report` covers the office's own province unless told otherwise, and says so."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamahang.organizations.models import Committee, Province
from hamahang.organizations.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

SEED = ["--from", "1399/01/01", "--to", "1399/06/31", "--format", "json"]


@pytest.fixture
def run(capsysbinary):
    def _run(*args) -> tuple[dict, str]:
        err = io.StringIO()
        call_command("report", *SEED, *args, stderr=err)
        return json.loads(capsysbinary.readouterr().out), err.getvalue()

    return _run


@pytest.fixture
def second_province_with_a_committee(demo_db):
    khuzestan = Province.objects.get(name="خوزستان")  # reference data: all 31 provinces
    office = AgencyFactory(province=khuzestan, kind="governorate", name="استانداری خوزستان")
    Committee.objects.create(
        province=khuzestan,
        kind="facilitation",
        name="ستاد تسهیل و رفع موانع تولید خوزستان",
        secretariat=office,
    )
    return khuzestan


def test_a_second_province_does_not_widen_the_default_report(second_province_with_a_committee, run):
    data, said = run()
    assert "قلمرو گزارش: استان قم" in said
    text = json.dumps(data, ensure_ascii=False)
    assert "کل کشور" not in text and "E+" not in text


def test_the_country_is_reported_only_when_asked(second_province_with_a_committee, run):
    _data, said = run("--scope", "country")
    assert "قلمرو گزارش: کل کشور" in said


def test_an_office_province_missing_from_the_database_is_named_in_persian(demo_db, settings, run):
    settings.HAMAHANG_PROVINCE = "nowhere"
    with pytest.raises(CommandError) as caught:
        run()
    assert "HAMAHANG_PROVINCE=nowhere" in str(caught.value) and "--province" in str(caught.value)


def statement_of(capsysbinary, *args) -> tuple[str, str]:
    err = io.StringIO()
    call_command("report", "--from", "1399/01/01", "--to", "1399/06/31", *args, stderr=err)
    return capsysbinary.readouterr().out.decode(), err.getvalue()


def test_scope_committee_counts_what_its_resolutions_concern(demo_db, capsysbinary):
    resistance = Committee.objects.get(province__code="qom", kind="resistance_economy")
    text, said = statement_of(capsysbinary, "--scope", "committee", "--committee", resistance.pk)
    assert f"قلمرو گزارش: استان قم، {resistance.name}" in said
    assert f"طرح مرتبط با مصوبه‌های {resistance.name}" in text
    assert "پنج جلسه ستاد فرماندهی اقتصاد مقاومتی با ۲۲ مصوبه تشکیل شده است." in text
    assert "ستاد تسهیل و رفع موانع تولید با ۱۶۵ مصوبه" not in text


def test_scope_county_names_the_county_and_says_what_is_the_provinces(demo_db, capsysbinary):
    text, said = statement_of(capsysbinary, "--scope", "county", "--county", "قم")
    assert "قلمرو گزارش: استان قم، شهرستان قم" in said
    assert text.rstrip().endswith(
        "ارقام جلسات، مصوبات و تکالیف ستادها در این گزارش مربوط به کل استان قم است."
    )


def test_scope_country_names_each_province(second_province_with_a_committee, capsysbinary):
    text, said = statement_of(capsysbinary, "--scope", "country")
    assert "قلمرو گزارش: کل کشور" in said
    assert "برای پیشبرد اهداف اقتصادی کشور" in text and "در استان قم ۲۴ جلسه" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", "county"], "نام آن را با --county بدهید"),
        (["--scope", "committee"], "شناسه آن را با --committee بدهید"),
        (["--scope", "country", "--county", "قم"], "گزارش کل کشور شهرستان یا ستاد نمی‌گیرد"),
        (["--scope", "province", "--committee", "1"], "گزارش کل استان شهرستان یا ستاد"),
        (["--scope", "committee", "--committee", "999999"], "ستادی با شناسه ۹۹۹۹۹۹ نیست"),
        (["--scope", "county", "--county", "اهواز"], "شهرستان «اهواز» در این استان شناخته نیست"),
    ],
)
def test_a_scope_without_what_it_needs_is_refused_in_persian(demo_db, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("report", "--from", "1399/01/01", "--to", "1399/06/31", *args)
    assert message in str(caught.value)
