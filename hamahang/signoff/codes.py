"""One-time codes for signing minutes, with django-otp's e-mail device (its throttling refuses
a run of wrong codes; a code expires after OTP_EMAIL_TOKEN_VALIDITY and is spent once used)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django_otp.models import GenerateNotAllowed
from django_otp.plugins.otp_email.models import EmailDevice

DEVICE_NAME = "تأیید صورتجلسه"


def _device(user) -> EmailDevice:
    device = EmailDevice.objects.filter(user=user, name=DEVICE_NAME).first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    return device


def mask_email(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:2]}***@{domain}"


def send_code(user, *, subject_meeting: str) -> str:
    """Send a fresh code; returns the masked address it went to."""
    if not user.email:
        raise ValidationError(
            "برای شما نشانی رایانامه ثبت نشده است؛ کد یک‌بارمصرف فرستاده نمی‌شود. از "
            "دبیرخانه بخواهید نشانی شما را ثبت کند.",
            code="no_address",
        )
    device = _device(user)
    allowed, data = device.generate_is_allowed()
    if not allowed:
        if data.get("reason") == GenerateNotAllowed.COOLDOWN_DURATION_PENDING:
            raise ValidationError(
                "کد پیشین همین الان فرستاده شد؛ یک دقیقه بعد دوباره درخواست کنید.",
                code="code_cooldown",
            )
        raise ValidationError("اکنون ارسال کد ممکن نیست.", code="code_not_allowed")
    device.generate_challenge({"meeting": subject_meeting})
    return mask_email(user.email)


def verify_code(user, code: str) -> None:
    """Raise a Persian ValidationError unless `code` is the user's current, unused code."""
    device = EmailDevice.objects.filter(user=user, name=DEVICE_NAME).first()
    if device is None or not device.token:
        raise ValidationError(
            "کد یک‌بارمصرفی برای شما فرستاده نشده یا پیش‌تر به کار رفته است؛ کد تازه بخواهید.",
            code="no_code",
        )
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            "کدهای نادرست پیاپی وارد شد؛ چند لحظه بعد دوباره بکوشید.", code="code_throttled"
        )
    if not code.isdigit() or not device.verify_token(code):
        if code.isdigit() is False:
            device.throttle_increment()
        raise ValidationError(
            "کد یک‌بارمصرف نادرست یا منقضی است (هر کد تنها یک بار و تا چند دقیقه پذیرفته می‌شود).",
            code="bad_code",
        )
