"""Outcomes from Excel: the same rules as the form, all or nothing, in Persian."""

import datetime as dt

import pytest

from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.helpers import workbook
from hamahang.outcomes.models import Outcome

pytestmark = pytest.mark.django_db

HEADERS = ["ستاد", "کد مصوبه", "شماره پرونده", "نوع دستاورد", "مقدار", "واحد سنجش تولید",
           "ارز", "تاریخ دستاورد", "منبع"]  # fmt: skip


def test_outcomes_are_imported_through_the_service(resolution, case, secretariat_user, committee):
    source = workbook(
        {
            "دستاوردها": [
                HEADERS,
                [committee.name, resolution.code, "", "حفظ اشتغال", "۱۲۰", "", "", "۱۳۹۹/۰۵/۱۰",
                 "گزارش اداره کل تعاون"],
                ["", "", case.code, "منابع آزادشده", "500000", "", "USD", "1399/05/11",
                 "گزارش بانک"],
            ]
        }
    )  # fmt: skip
    import_file(kind="outcomes", source=source, user=secretariat_user, apply=True)
    rows = {o.kind: o for o in Outcome.objects.all()}
    assert rows["jobs_kept"].resolution == resolution
    assert rows["jobs_kept"].date == dt.date(2020, 7, 31)
    assert (rows["money_released"].case, rows["money_released"].currency) == (case, "USD")
    assert resolution.events.filter(kind="outcome_recorded").exists()


def test_a_bad_row_refuses_the_whole_file_in_persian(resolution, secretariat_user, committee):
    source = workbook(
        {
            "دستاوردها": [
                HEADERS,
                [committee.name, resolution.code, "", "حفظ اشتغال", "120", "", "", "1399/05/10",
                 "گزارش"],
                [committee.name, resolution.code, "", "منابع آزادشده", "1000", "", "", "1399/05/10",
                 "گزارش"],
            ]
        }
    )  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="outcomes", source=source, user=secretariat_user, apply=True)
    assert "ارز را مشخص کنید" in " ".join(str(p) for p in refused.value.problems)
    assert not Outcome.objects.exists()
