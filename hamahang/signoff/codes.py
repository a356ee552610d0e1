"""One-time codes for signing minutes, with django-otp devices: the user's first channel of
the notices outbox when it is not e-mail (SMS, Bale: `OutboxCodeDevice`, sent urgent through
`notify_user`), else django-otp's own e-mail device. A code expires after
OTP_EMAIL_TOKEN_VALIDITY, is spent once used, and a run of wrong codes is throttled."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django_otp.models import GenerateNotAllowed
from django_otp.plugins.otp_email.models import EmailDevice

from hamahang.core import clock
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_user, reachable_channels
from hamahang.signoff.models import OutboxCodeDevice

DEVICE_NAME = "تأیید صورتجلسه"


def _device(model, user):
    device = model.objects.filter(user=user, name=DEVICE_NAME).first()
    if device is None:
        device = model.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    return device


def mask(address: str) -> str:
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{address[:4]}***{address[-4:]}" if len(address) > 8 else "***"


def _outbox_channel(user):
    """(channel, address) of the user's first channel when it is not e-mail, else None."""
    reachable = reachable_channels(user)
    if reachable and reachable[0][0].name != "email":
        return reachable[0]
    return None


def send_code(user, *, subject_meeting: str) -> str:
    """Send a fresh code; returns where it went (Persian, the address masked)."""
    outbox = _outbox_channel(user)
    if outbox is not None:
        channel, address = outbox
        device = _device(OutboxCodeDevice, user)
        device.generate_token(valid_secs=settings.OTP_EMAIL_TOKEN_VALIDITY)
        text = render_to_string(
            "signoff/email/code.txt", {"token": device.token, "meeting": subject_meeting}
        )
        notify_user(
            user,
            kind=Notice.Kind.LINK,
            subject=settings.OTP_EMAIL_SUBJECT,
            text=text,
            key=f"signoff-code:{device.pk}:{clock.now().timestamp():.0f}:{device.token}",
            urgent=True,
        )
        return f"{channel.label} {mask(address)}"
    if not user.email:
        raise ValidationError(
            "برای شما نه رایانامه‌ای ثبت شده است نه کانال دیگری؛ کد یک‌بارمصرف فرستاده "
            "نمی‌شود. از دبیرخانه بخواهید نشانی شما را ثبت کند.",
            code="no_address",
        )
    device = _device(EmailDevice, user)
    allowed, data = device.generate_is_allowed()
    if not allowed:
        if data.get("reason") == GenerateNotAllowed.COOLDOWN_DURATION_PENDING:
            raise ValidationError(
                "کد پیشین همین الان فرستاده شد؛ یک دقیقه بعد دوباره درخواست کنید.",
                code="code_cooldown",
            )
        raise ValidationError("اکنون ارسال کد ممکن نیست.", code="code_not_allowed")
    device.generate_challenge({"meeting": subject_meeting})
    return f"رایانامه {mask(user.email)}"


def verify_code(user, code: str) -> None:
    """Raise a Persian ValidationError unless `code` is the user's current, unused code."""
    devices = [
        d
        for model in (OutboxCodeDevice, EmailDevice)
        for d in model.objects.filter(user=user, name=DEVICE_NAME)
        if d.token
    ]
    if not devices:
        raise ValidationError(
            "کد یک‌بارمصرفی برای شما فرستاده نشده یا پیش‌تر به کار رفته است؛ کد تازه بخواهید.",
            code="no_code",
        )
    if not any(d.verify_is_allowed()[0] for d in devices):
        raise ValidationError(
            "کدهای نادرست پیاپی وارد شد؛ چند لحظه بعد دوباره بکوشید.", code="code_throttled"
        )
    if code.isdigit() and any(d.verify_token(code) for d in devices):
        return
    if not code.isdigit():
        for device in devices:
            device.throttle_increment()
    raise ValidationError(
        "کد یک‌بارمصرف نادرست یا منقضی است (هر کد تنها یک بار و تا چند دقیقه پذیرفته می‌شود).",
        code="bad_code",
    )
