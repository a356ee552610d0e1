"""One-time codes for signing minutes, with a django-otp device (`OutboxCodeDevice`) whose
codes go out through the notices outbox on the user's first reachable channel (SMS, Bale,
e-mail), urgent. A code expires after OTP_EMAIL_TOKEN_VALIDITY, is spent once used, and a run
of wrong codes is throttled. (Codes sent earlier by django-otp's own e-mail device, which
mailed past the outbox, are still accepted until they expire.)"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
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


# A fresh code is not sent within this many seconds of the previous one (as django-otp's
# e-mail device did): a double click sends one message.
COOLDOWN_SECONDS = 60


def _refuse_during_cooldown(device) -> None:
    if not device.token or device.valid_until is None:
        return
    sent_at = device.valid_until - dt.timedelta(seconds=settings.OTP_EMAIL_TOKEN_VALIDITY)
    if timezone.now() < sent_at + dt.timedelta(seconds=COOLDOWN_SECONDS):
        raise ValidationError(
            "کد پیشین همین الان فرستاده شد؛ یک دقیقه بعد دوباره درخواست کنید.",
            code="code_cooldown",
        )


def send_code(user, *, subject_meeting: str) -> str:
    """Send a fresh code through the outbox on the user's first reachable channel (e-mail too:
    no code is sent past the outbox), urgent; returns where it went (Persian, masked)."""
    reachable = reachable_channels(user)
    if not reachable:
        raise ValidationError(
            "برای شما نه رایانامه‌ای ثبت شده است نه کانال دیگری؛ کد یک‌بارمصرف فرستاده "
            "نمی‌شود. از دبیرخانه بخواهید نشانی شما را ثبت کند.",
            code="no_address",
        )
    channel, address = reachable[0]
    device = _device(OutboxCodeDevice, user)
    _refuse_during_cooldown(device)
    device.generate_token(valid_secs=settings.OTP_EMAIL_TOKEN_VALIDITY)
    text = render_to_string(
        "signoff/email/code.txt", {"token": device.token, "meeting": subject_meeting}
    )
    notify_user(
        user,
        kind=Notice.Kind.SIGNOFF_CODE,
        subject=settings.OTP_EMAIL_SUBJECT,
        text=text,
        key=f"signoff-code:{device.pk}:{clock.now().timestamp():.0f}:{device.token}",
        urgent=True,
    )
    return f"{channel.label} {mask(address)}"


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
