"""As the secretariat clicks it: an outcome from the resolution page, a producer commitment,
the assignment held up by it and lifted again."""

import datetime as dt

import pytest

from hamahang.accounts.models import Role, User
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.models import Agency, Committee, County
from hamahang.outcomes.models import AssignmentBlock, Outcome
from hamahang.units.models import ProductionUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_outcome_and_a_producer_block_from_the_resolution_page(page, login):
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    UserFactory(
        username="dabir5", role=Role.SECRETARIAT, agency=User.objects.get(username="dabir").agency
    )
    committee = Committee.objects.get(kind="facilitation")
    unit = ProductionUnit.objects.create(
        province=committee.province,
        county=County.objects.get(name="قم"),
        name="شرکت کاشی سینا",
        legal_id="10100340056",
        kind="industrial",
    )
    meeting = make_meeting(committee, dt.date(2026, 9, 1))
    resolution = make_resolutions(meeting, [Agency.objects.get(short_name="صمت")], 1)[0]
    resolution.unit = unit
    resolution.save()
    login("dabir5", TEST_PASSWORD)

    page.goto(resolution.get_absolute_url())
    page.locator("#outcomes").get_by_role("link", name="ثبت دستاورد").click()
    page.locator("#id_kind").select_option("jobs_kept")
    page.get_by_label("مقدار").fill("۱۲۰")
    page.get_by_label("تاریخ دستاورد").fill("1405/07/01")
    page.keyboard.press("Escape")
    page.get_by_label("منبع").fill("گزارش اداره کل تعاون")
    page.get_by_role("button", name="ثبت دستاورد").click()
    assert "حفظ اشتغال ۱۲۰ نفر" in page.locator("#outcome-list").inner_text()
    assert "ثبت دستاورد" in page.locator("#timeline").inner_text()
    assert Outcome.objects.get().quantity == 120

    page.locator("#outcomes").get_by_role("link", name="ثبت تعهد تولیدکننده").click()
    page.locator("#id_kind").select_option("repay_arrears")
    page.get_by_label("شرح تعهد").fill("بازپرداخت اقساط معوق")
    page.get_by_label("مهلت").fill("1405/08/01")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="ثبت تعهد").click()
    page.get_by_role("link", name="معطل تعهد تولیدکننده: ", exact=False).click()
    page.get_by_label("دلیل").fill("تا بازپرداخت معوقات، تسهیلات تازه پرداخت نمی‌شود.")
    page.get_by_role("button", name="ثبت توقف").click()
    assert "معطل تعهد تولیدکننده" in page.locator("#producer-blocks").inner_text()
    assert AssignmentBlock.objects.filter(lifted_at=None).count() == 1

    page.get_by_role("button", name="رفع توقف").click()
    assert "رفع توقف" in page.locator("#timeline").inner_text()
    assert not AssignmentBlock.objects.filter(lifted_at=None).exists()
