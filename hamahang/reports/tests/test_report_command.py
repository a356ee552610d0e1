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
