"""The obstacle and legal-basis columns of the cases sheet and the relief expiry of resolutions."""

import pytest

from hamahang.imports.services import import_file
from hamahang.imports.tests.helpers import workbook
from hamahang.imports.tests.test_bad_files import UNIT_HEADERS, dabir, refused, unit_row
from hamahang.units.models import ProductionUnit, SupportCase

pytestmark = pytest.mark.django_db

__all__ = ["dabir"]

CASE_HEADERS = [
    "شماره پرونده",
    "شناسه ملی یا کد ملی واحد",
    "نوع درخواست",
    "طلبکار",
    "تاریخ دریافت",
    "وضعیت",
    "شرح درخواست",
    "مانع",
    "مستند قانونی",
]


def case_row(unit_id, obstacle, basis=""):
    return [
        "1405-9001",
        unit_id,
        "تعویق اجراییه",
        "امور مالیاتی",
        "1405/08/01",
        "دریافت شده",
        "درخواست مهلت پرداخت بدهی مالیاتی",
        obstacle,
        basis,
    ]


def test_an_unknown_obstacle_is_a_persian_error_and_nothing_is_saved(dabir):
    unit = unit_row(1)
    sheets = {
        "واحدها": [UNIT_HEADERS, unit],
        "پرونده‌ها": [CASE_HEADERS, case_row(unit[1], "خشکسالی")],
    }
    problems = refused("units", workbook(sheets), dabir)
    assert any("ستون «مانع»" in p and "«خشکسالی» از گزینه‌های مجاز نیست" in p for p in problems), (
        problems
    )
    assert not ProductionUnit.objects.exists() and not SupportCase.objects.exists()


def test_the_obstacle_is_read_by_its_persian_label(dabir):
    unit = unit_row(1)
    sheets = {
        "واحدها": [UNIT_HEADERS, unit],
        "پرونده‌ها": [CASE_HEADERS, case_row(unit[1], "مالیات", "ماده ۱۶۷ قانون مالیات‌های مستقیم")],
    }
    import_file(kind="units", source=workbook(sheets), user=dabir, apply=True)
    case = SupportCase.objects.get(code="1405-9001")
    assert case.obstacle == "tax" and case.legal_basis == "ماده ۱۶۷ قانون مالیات‌های مستقیم"
