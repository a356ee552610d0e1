"""A project with rial and dollar money and a bank contract, and the list's totals after it."""

import pytest
from playwright.sync_api import expect

from hamahang.accounts.models import Role, User
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.organizations.models import Agency, County

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_project_with_rial_and_dollars_changes_the_totals(page, login, choose):
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    UserFactory(
        username="dabir3", role=Role.SECRETARIAT, agency=User.objects.get(username="dabir").agency
    )
    login("dabir3", TEST_PASSWORD)

    page.goto("/projects/")
    assert page.locator('[data-total="count"]').inner_text() == "۰"

    page.get_by_role("link", name="طرح جدید").click()
    page.get_by_label("کد طرح").fill("P05-100")
    page.get_by_label("عنوان").fill("کارخانه تولید کاشی دیواری")
    page.locator("#id_sector").select_option("industry")
    page.get_by_label("شهرستان").select_option(str(County.objects.get(name="کهک").pk))
    owner = Agency.objects.get(short_name="معاونت اقتصادی")
    choose(page.get_by_label("واحد متولی"), "معاونت اقتصادی", owner.pk)
    page.get_by_label("اشتغال مستقیم پیش‌بینی‌شده").fill("120")
    page.get_by_role("button", name="ذخیره").click()
    assert page.locator("h1").inner_text() == "کارخانه تولید کاشی دیواری"

    # A rial line, typed the way people type it: Persian digits and separators.
    form = page.locator("#investment-form")
    form.get_by_label("مبلغ").fill("۱٬۲۵۰٬۰۰۰٬۰۰۰")
    expect(form.locator(".amount-words")).to_have_text("۱ میلیارد و ۲۵۰ میلیون ریال")
    form.get_by_label("تاریخ ارزش").fill("۱۴۰۵/۰۲/۱۰")
    page.keyboard.press("Escape")
    form.get_by_role("button", name="افزودن سرمایه‌گذاری").click()
    # A dollar line.
    form = page.locator("#investment-form")
    form.locator("#id_investment-currency").select_option("USD")
    form.get_by_label("مبلغ").fill("9600000")
    expect(form.locator(".amount-words")).to_have_text("۹ و شش‌دهم میلیون دلار")
    form.get_by_label("تاریخ ارزش").fill("۱۴۰۵/۰۲/۱۰")
    page.keyboard.press("Escape")
    form.get_by_label("محل تأمین").select_option("foreign")
    form.get_by_role("button", name="افزودن سرمایه‌گذاری").click()
    assert page.locator("#project-rial").inner_text() == "۱٬۲۵۰٬۰۰۰٬۰۰۰ ریال"

    # A bank agency contract.
    contract = page.locator("#contract-form")
    choose(contract.get_by_label("بانک عامل"), "ملي", Agency.objects.get(short_name="بانک ملی").pk)
    contract.get_by_label("مبلغ تسهیلات").fill("800,000,000")
    contract.get_by_label("تاریخ معرفی به بانک").fill("1405/03/01")
    page.keyboard.press("Escape")
    contract.get_by_role("button", name="معرفی به بانک").click()
    assert "قرارداد عاملیت ثبت شد" in page.content()
    assert "بانک ملی" in page.locator("main").inner_text()

    # The list's totals row now counts it, rial and dollars apart.
    page.goto("/projects/")
    assert page.locator('[data-total="count"]').inner_text() == "۱"
    assert page.locator('[data-total="IRR"]').inner_text() == "۱٬۲۵۰٬۰۰۰٬۰۰۰ ریال"
    assert page.locator('[data-total="USD"]').inner_text().startswith("۹٬۶۰۰٬۰۰۰ دلار")
    assert page.locator('[data-total="jobs"]').inner_text() == "۱۲۰"
    # Filtering by the bank keeps it; another sector hides it, and the totals follow.
    page.locator("#id_sector").select_option("tourism")
    expect(page.locator('[data-total="count"]')).to_have_text("۰")
    assert page.locator('[data-total="IRR"]').inner_text() == "۰ ریال"
