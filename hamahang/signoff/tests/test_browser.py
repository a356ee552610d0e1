"""Sign-off as people click it: two attendees approve with codes from their mail, the chair
approves, the signed PDF downloads, pdfsig finds its signature valid, and the public page
accepts it and rejects a copy with one byte changed."""

import shutil
import subprocess

import pytest

from hamahang.accounts.tests.factories import TEST_PASSWORD
from hamahang.meetings.models import Meeting
from hamahang.signoff.tests.conftest import last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_attendees_and_the_chair_sign_then_the_pdf_verifies(
    page, login, world, tmp_path, mailoutbox
):
    login(world.secretariat.username, TEST_PASSWORD)
    page.goto(world.meeting.get_absolute_url())
    page.get_by_role("link", name="تأیید و امضای صورتجلسه").click()
    page.get_by_role("button", name="ارسال برای تأیید").click()
    page.get_by_text("پیش‌نویس صورتجلسه برای تأیید حاضران و رئیس جلسه فرستاده شد.").wait_for()

    for user in (world.liaison_a, world.liaison_b, world.chair):
        page.context.clear_cookies()
        login(user.username, TEST_PASSWORD)
        page.goto("/signoff/")
        page.get_by_role("link", name=str(world.meeting)).click()
        page.get_by_role("button", name="دریافت کد یک‌بارمصرف").click()
        page.get_by_text("کد یک‌بارمصرف به").wait_for()
        page.get_by_label("کد یک‌بارمصرف").fill(last_code(user.email))
        page.get_by_role("button", name="ثبت پاسخ").click()
        if user == world.chair:
            page.get_by_text(
                "صورتجلسه تأیید نهایی، قفل و با گواهی دفتر امضای دیجیتال شد."
            ).wait_for()
        else:
            page.get_by_text("تأیید شما ثبت شد.").wait_for()

    assert world.refresh().status == Meeting.Status.APPROVED
    with page.expect_download() as download_info:
        page.locator("#signed-pdf").click()
    signed = tmp_path / "signed.pdf"
    download_info.value.save_as(signed)
    data = signed.read_bytes()
    if shutil.which("pdfsig"):
        report = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True).stdout
        assert "Signature is Valid." in report

    page.get_by_role("link", name="بررسی اصالت").click()
    page.context.clear_cookies()  # the public page needs no login
    page.reload()
    page.get_by_label("پرونده PDF صورتجلسه").set_input_files(str(signed))
    page.get_by_role("button", name="بررسی").click()
    assert "همان صورتجلسه امضاشده است" in page.locator("#verdict").inner_text()
    altered = tmp_path / "altered.pdf"
    changed = bytearray(data)
    changed[len(changed) // 3] ^= 0x01
    altered.write_bytes(bytes(changed))
    page.get_by_label("پرونده PDF صورتجلسه").set_input_files(str(altered))
    page.get_by_role("button", name="بررسی").click()
    assert "یکی نیست" in page.locator("#verdict").inner_text()
