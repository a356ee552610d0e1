"""Intake → referral to a meeting → a deciding resolution → the unit's page shows it all."""

import pytest

from hamahang.accounts.models import Role, User
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.organizations.models import Agency, Committee, County

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_from_intake_to_the_resolution_that_decides_it(page, login, choose):
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    UserFactory(
        username="dabir4", role=Role.SECRETARIAT, agency=User.objects.get(username="dabir").agency
    )
    tax = Agency.objects.get(short_name="امور مالیاتی")
    login("dabir4", TEST_PASSWORD)

    # The unit.
    page.goto("/units/new/")
    page.get_by_label("نام واحد").fill("شركت كاشي سينا")  # typed with Arabic letters
    page.get_by_label("شناسه ملی (۱۱ رقم)").fill("۱۰۱۰۰۳۴۰۰۵۶")
    page.locator("#id_county").select_option(str(County.objects.get(name="قم").pk))
    page.get_by_label("اشتغال فعلی").fill("40")
    page.get_by_label("تاریخ ثبت / راه‌اندازی").fill("1405/01/20")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="ذخیره").click()
    assert page.locator("h1").inner_text() == "شرکت کاشی سینا"

    # The case is taken in from the unit's page.
    page.get_by_role("link", name="پرونده جدید").click()
    page.locator("#id_type").select_option("enforcement_postponement")
    page.locator("#id_creditor").select_option("tax")
    choose(page.locator("#id_creditor_agency"), "مالیات", tax.pk)
    page.get_by_label("مبلغ (ریال)").fill("۳٬۵۰۰٬۰۰۰٬۰۰۰")
    page.get_by_label("شرح درخواست").fill("درخواست تعویق اجراییه مالیاتی به دلیل کاهش فروش")
    page.get_by_role("button", name="ثبت پرونده").click()
    assert "دریافت شده" in page.locator("#case-status").inner_text()

    # A meeting takes it up.
    page.goto("/meetings/new/")
    page.locator("#id_committee").select_option(str(Committee.objects.get(kind="facilitation").pk))
    page.get_by_label("تاریخ جلسه").fill("1405/09/01")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="ذخیره").click()
    page.locator("#refer-cases").get_by_label("شرکت کاشی سینا", exact=False).check()
    page.get_by_role("button", name="ارجاع موارد انتخاب‌شده به دستور جلسه").click()
    assert "۱ پرونده به دستور جلسه ارجاع شد." in page.content()

    # …is held, and decides it with a resolution.
    page.get_by_role("button", name="ثبت برگزاری جلسه").click()
    assert "برگزار شده" in page.content()
    page.get_by_role("link", name="ثبت مصوبه").click()
    page.get_by_label("متن مصوبه").fill(
        "اداره کل امور مالیاتی اجراییه شرکت کاشی سینا را سه ماه به تعویق اندازد."
    )
    page.locator("#id_type").select_option("enforcement_postponement")
    # A relief is temporary: the sunset ledger needs the day it ends (issue 18).
    page.locator("#id_relief_expires_on").fill("1406/01/15")
    page.keyboard.press("Escape")
    choose(page.get_by_label("دستگاه ردیف ۱"), "مالیات", tax.pk)
    page.get_by_label("مهلت ردیف ۱").fill("1405/10/01")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="ذخیره و ابلاغ").click()
    assert "ثبت و ابلاغ شد" in page.content()

    # The unit's page shows the whole chain.
    page.goto("/units/?q=كاشي")
    page.get_by_role("link", name="شرکت کاشی سینا").click()
    chain = page.locator("#unit-cases").inner_text()
    assert "تعویق اجراییه" in chain and "تصمیم‌گیری شده" in chain
    assert "مصوبه ۱۴۰۵-۰۱-۰۱" in chain and "ستاد تسهیل" in chain
    page.locator("#unit-cases a").first.click()
    steps = page.locator("#case-timeline").inner_text()
    assert "دریافت شد" in steps and "ارجاع شد" in steps and "تصمیم‌گیری شد" in steps
