"""A liaison sets how they are told, as they click it: the user menu, the profile, save."""

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_sets_their_mobile_and_channel_order(page, login, channels):
    liaison = UserFactory(
        username="rabet-browser", role=Role.AGENCY_LIAISON, first_name="علی", last_name="رابط"
    )
    login("rabet-browser", TEST_PASSWORD)
    page.get_by_role("button", name="علی رابط").click()
    page.get_by_role("link", name="نمایه و اطلاع‌رسانی").click()
    page.get_by_label("تلفن همراه").fill("۰۹۱۲ ۳۴۵ ۶۷۸۹")
    page.get_by_label("اولویت ۱").select_option(label="رایانامه")
    page.get_by_label("اولویت ۲").select_option(label="پیامک")
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_text("تنظیمات اطلاع‌رسانی ذخیره شد.").wait_for()
    assert page.get_by_label("تلفن همراه").input_value() == "09123456789"
    channels = page.locator("#channels")
    assert "0912***6789" in channels.inner_text()
    liaison.refresh_from_db()
    assert (liaison.phone, liaison.notice_channels) == ("09123456789", ["email", "sms"])
