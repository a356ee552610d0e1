"""The SMS channel in the outbox, against a local Kavenegar (a real HTTP server): what the
handset gets, what the timeline keeps, and what happens when Kavenegar refuses or is slow."""

import datetime as dt

import pytest

from hamahang.core import clock
from hamahang.core.text import display_code
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.notices.delivery import deliver_due
from hamahang.notices.kavenegar import (
    SMS_MAX_UNITS,
    SmsChannel,
    localid_for,
    sms_text,
    sms_units,
)
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_user
from hamahang.organizations.tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.UTC)  # 12:00 Tehran
LATE = dt.datetime(2026, 11, 30, 19, 30, tzinfo=dt.UTC)  # 23:00 Tehran
LONG_TITLE = (
    "ادارهٔ کل صنعت، معدن و تجارت استان موظف است با همکاری بانک‌های عامل و سازمان امور "
    "مالیاتی ظرف یک ماه نسبت به بررسی و رفع موانع تأمین سرمایهٔ در گردش واحدهای تولیدی "
    "نیمه‌فعال شهرک صنعتی محمودآباد اقدام و گزارش آن را به دبیرخانه ارائه کند."
)

LETTER = "متن کامل نامهٔ ابلاغ با همهٔ جزئیات که در دو پیامک نمی‌گنجد. " * 5


@pytest.fixture
def kavenegar(settings, fake_kavenegar):
    """SMS first, then e-mail, with Kavenegar on 127.0.0.1."""
    settings.HAMAHANG_NOTICE_CHANNELS = {
        "email": "hamahang.notices.channels.EmailChannel",
        "sms": "hamahang.notices.kavenegar.SmsChannel",
    }
    settings.HAMAHANG_NOTICE_CHANNEL_ORDER = ["sms", "email"]
    return fake_kavenegar


@pytest.fixture
def assignment(agency):  # agency and its liaison (mobile 09121234567): the app's conftest
    committee = CommitteeFactory(province=agency.province)
    resolution = make_resolutions(make_meeting(committee, dt.date(2026, 11, 1)), [agency], 1)[0]
    resolution.text = LONG_TITLE
    resolution.save(update_fields=["text"])
    return resolution.assignments.get()


def _issue(user, assignment, **extra):
    return notify_user(
        user,
        kind=Notice.Kind.ISSUED,
        subject="ابلاغ تکلیف",
        text=LETTER,
        key=f"issued:{assignment.pk}:{user.pk}",
        assignment=assignment,
        **extra,
    )


# --- The text --------------------------------------------------------------------------------


def test_a_long_title_is_cut_to_two_parts_keeping_the_code_and_the_link(settings, assignment):
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    notice = Notice(kind=Notice.Kind.ISSUED, assignment=assignment, subject="x", text=LETTER)

    text = sms_text(notice)

    code = display_code(assignment.resolution.code)
    assert sms_units(text) <= SMS_MAX_UNITS == 134
    assert text.startswith(f"ابلاغ تکلیف مصوبه {code}: ادارهٔ کل صنعت")
    assert text.endswith(f"… https://hamahang.example.ir/a/{assignment.pk}/")
    title = text.split(": ", 1)[1].rsplit("… ", 1)[0]
    assert LONG_TITLE.startswith(title + " ")  # cut at a word's end


def test_a_short_title_is_sent_whole(settings, assignment):
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    assignment.resolution.text = "رفع موانع\nواحد کاشی"
    notice = Notice(kind=Notice.Kind.RETURNED, assignment=assignment, subject="x", text=LETTER)

    text = sms_text(notice)

    code = display_code(assignment.resolution.code)
    link = f"https://hamahang.example.ir/a/{assignment.pk}/"
    assert text == f"بازگشت گزارش مصوبه {code}: رفع موانع واحد کاشی {link}"


@pytest.mark.parametrize("site", ["https://hamahang.example.ir", "https://" + "x" * 60 + ".ir"])
def test_any_persian_title_fits_two_parts(settings, assignment, site):
    settings.HAMAHANG_BASE_URL = site
    for length in (0, 1, 40, 67, 70, 134, 135, 2000):
        assignment.resolution.text = ("تکلیف " * 400)[:length]
        notice = Notice(kind=Notice.Kind.ESCALATION, assignment=assignment, text=LETTER)
        text = sms_text(notice)
        assert sms_units(text) <= SMS_MAX_UNITS, length
        assert display_code(assignment.resolution.code) in text
        assert text.endswith(f"{site}/a/{assignment.pk}/")


def test_a_notice_without_an_assignment_names_its_subject_and_links_the_inbox(settings):
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    notice = Notice(kind=Notice.Kind.DIGEST, subject="۳ تکلیف سررسیده دارید", text=LETTER)

    assert sms_text(notice) == (
        "یادآوری روزانه: ۳ تکلیف سررسیده دارید https://hamahang.example.ir/inbox/"
    )


def test_the_producers_short_text_is_sent_as_written(assignment):
    short = "مصوبه ۱۴۰۵-۰۱-۰۱ برای اقدام به شما ابلاغ شد؛ مهلت ۱۴۰۵/۰۹/۳۰. https://x.ir/a/1/"
    notice = Notice(kind=Notice.Kind.ISSUED, assignment=assignment, subject="x", text=short)

    assert sms_text(notice) == short


# --- The address -----------------------------------------------------------------------------


def test_the_address_is_the_validated_mobile(settings, liaison):
    settings.KAVENEGAR_API_KEY = "k"
    channel = SmsChannel()
    assert channel.address_for(liaison) == "09121234567"

    liaison.phone = ""
    assert channel.address_for(liaison) == ""
    liaison.phone = "021-1234"  # an old entry from before validation
    assert channel.address_for(liaison) == ""


def test_nobody_is_reachable_by_sms_without_a_kavenegar_key(settings, liaison):
    settings.KAVENEGAR_API_KEY = ""
    settings.KAVENEGAR_BASE_URL = "https://api.kavenegar.com/"
    assert SmsChannel().address_for(liaison) == ""


def test_a_local_kavenegar_needs_no_key(settings, kavenegar, liaison, assignment):
    """A demo run points KAVENEGAR_BASE_URL at a stand-in and sets nothing else."""
    settings.KAVENEGAR_API_KEY = ""
    kavenegar.api_key = ""  # the stand-in takes any key
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        deliver_due()

    notice.refresh_from_db()
    assert (notice.channel, notice.status) == ("sms", "sent")
    assert len(kavenegar.sent) == 1


def test_an_inactive_user_is_not_reachable(settings, liaison):
    settings.KAVENEGAR_API_KEY = "k"
    liaison.is_active = False
    assert SmsChannel().address_for(liaison) == ""


# --- Delivery through the outbox ---------------------------------------------------------------


def test_a_sent_sms_records_kavenegars_message_id_and_status(kavenegar, liaison, assignment):
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        run = deliver_due()

    notice.refresh_from_db()
    (sent,) = kavenegar.sent
    assert run.sent == 1
    assert (notice.channel, notice.status, notice.attempts) == ("sms", "sent", 1)
    assert notice.provider_message_id == str(sent["messageid"])
    assert notice.delivery_status == "در صف ارسال"
    assert sent["receptor"] == "09121234567"
    assert sent["sender"] == "10004346"
    assert sent["localid"] == localid_for(notice.idempotency_key)
    assert display_code(assignment.resolution.code) in sent["message"]
    assert sent["message"].endswith(f"/a/{assignment.pk}/")


def test_refresh_reads_the_delivery_receipt(kavenegar, liaison, assignment):
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        deliver_due()
    notice.refresh_from_db()
    channel = SmsChannel()
    assert channel.refresh(notice).delivered is False

    kavenegar.deliver(notice.provider_message_id)
    receipt = channel.refresh(notice)

    assert (receipt.delivered, receipt.delivery_status) == (True, "رسیده به گیرنده")
    assert receipt.provider_message_id == notice.provider_message_id


def test_no_credit_falls_back_to_email_with_a_persian_reason(
    kavenegar, liaison, assignment, mailoutbox
):
    kavenegar.error_code = 418
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        deliver_due()

    notice.refresh_from_db()
    assert notice.status == Notice.Status.SUPERSEDED
    assert notice.last_error == "کاوه‌نگار: اعتبار حساب پیامک کافی نیست (کد ۴۱۸)."
    fallback = notice.fallbacks.get()
    assert (fallback.channel, fallback.address, fallback.status) == (
        "email",
        "rabet@example.ir",
        "sent",
    )
    assert kavenegar.sent == []


def test_a_busy_kavenegar_is_retried_later(kavenegar, liaison, assignment):
    kavenegar.error_code = 409
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        deliver_due()

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("pending", 1)
    assert notice.last_error == "کاوه‌نگار: کارگزار کاوه‌نگار اکنون پاسخگو نیست (کد ۴۰۹)."
    assert notice.next_attempt_at > NOON


def test_a_timeout_is_retried_and_the_handset_gets_one_sms(
    settings, kavenegar, liaison, assignment
):
    settings.KAVENEGAR_TIMEOUT = 0.2
    kavenegar.delay = 2.0  # Kavenegar takes the message, the answer comes too late
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        deliver_due()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("pending", 1)
    assert "در زمان مقرر پاسخ نداد" in notice.last_error

    kavenegar.delay = 0
    with clock.frozen(notice.next_attempt_at):
        deliver_due()

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("sent", 2)
    assert len(kavenegar.requests) == 2
    (sent,) = kavenegar.sent
    assert notice.provider_message_id == str(sent["messageid"])


def test_an_html_500_is_retried(kavenegar, liaison, assignment):
    kavenegar.server_error = True
    with clock.frozen(NOON):
        notice = _issue(liaison, assignment)
        deliver_due()

    notice.refresh_from_db()
    assert notice.status == "pending"
    assert "پاسخ نامفهوم از کاوه‌نگار" in notice.last_error


def test_quiet_hours_hold_an_sms_until_seven(kavenegar, liaison, assignment):
    with clock.frozen(LATE):
        notice = _issue(liaison, assignment)
        deliver_due()

    notice.refresh_from_db()
    assert notice.status == "pending"
    assert notice.next_attempt_at == dt.datetime(2026, 12, 1, 3, 30, tzinfo=dt.UTC)  # 07:00
    assert kavenegar.requests == []

    with clock.frozen(notice.next_attempt_at):
        deliver_due()
    notice.refresh_from_db()
    assert notice.status == "sent" and len(kavenegar.sent) == 1


def test_an_urgent_sms_is_not_held(kavenegar, liaison, assignment):
    with clock.frozen(LATE):
        notice = _issue(liaison, assignment, urgent=True)
        deliver_due()

    notice.refresh_from_db()
    assert notice.status == "sent" and len(kavenegar.sent) == 1
