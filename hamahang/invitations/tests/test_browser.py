"""As people click it: the secretariat sends the invitations, a representative answers through
the link in the agency's e-mail (no login) with a named substitute, and the secretariat finds
the attendance form prefilled with that substitute."""

import datetime as dt
import re

import pytest

from hamahang.accounts.tests.factories import TEST_PASSWORD
from hamahang.notices.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invitation_then_rsvp_with_a_substitute_then_attendance_prefilled(page, login, world):
    # The live server reads the real clock: the meeting is ten days after the real today.
    world.meeting.date = dt.date.today() + dt.timedelta(days=10)
    world.meeting.save()

    login(world.secretariat.username, TEST_PASSWORD)
    page.goto(world.meeting.get_absolute_url())
    page.get_by_role("link", name="دعوت‌نامه‌ها").click()
    page.get_by_role("button", name="ارسال دعوت‌نامه").click()
    page.get_by_text("دعوت‌نامه برای ۴ دستگاه فرستاده شد.").wait_for()

    agency = world.agencies[1]
    letter = Notice.objects.get(kind=Notice.Kind.INVITATION, address=agency.email).text
    link = re.search(r"https?://\S+(/r/\S+/)\s", letter).group(1)

    page.context.clear_cookies()  # the representative has no account
    page.goto(link)
    page.get_by_text("بررسی تأمین گاز شهرک صنعتی").wait_for()
    page.get_by_label("جانشین می‌فرستد").check()
    page.get_by_label("نام و نام خانوادگی جانشین").fill("علی رضایی")
    page.get_by_label("سمت جانشین").fill("معاون فنی")
    page.get_by_role("button", name="ثبت پاسخ").click()
    assert "جانشین می‌فرستد" in page.locator("#rsvp-done").inner_text()
    page.reload()
    assert "قبلاً استفاده شده" in page.locator("#rsvp-refusal").inner_text()

    login(world.secretariat.username, TEST_PASSWORD)
    page.goto(world.meeting.get_absolute_url())
    assert page.get_by_label(f"حضور {agency}").input_value() == "substitute"
    assert page.get_by_label(f"نماینده {agency}").input_value() == "علی رضایی (معاون فنی)"
    page.get_by_role("button", name="ذخیره حضور و غیاب").click()
    page.get_by_text("حضور و غیاب ذخیره شد.").wait_for()
    attendance = world.meeting.attendances.get(agency=agency)
    assert attendance.status == "substitute"
    assert attendance.representative == "علی رضایی (معاون فنی)"
