"""One meeting whose minutes went through sign-off: sent to the attendees, approved by each
with a one-time code, approved by the chair and signed with the office's certificate (a
self-signed one, written if the configured file is missing). Signed once, so the demo stays
quick to load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django_otp.plugins.otp_email.models import EmailDevice

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.demo.moments import at
from hamahang.meetings.models import Meeting
from hamahang.signoff import codes, services
from hamahang.signoff.certificates import write_self_signed_p12
from hamahang.signoff.models import Signer

SITE_URL = "http://127.0.0.1:8000"


def _ensure_certificate() -> None:
    path = Path(settings.HAMAHANG_SIGNING_P12)
    if not path.is_file():
        write_self_signed_p12(
            path, password=settings.HAMAHANG_SIGNING_P12_PASSWORD, now=dt.datetime.now(dt.UTC)
        )


def _answer(signer: Signer, when: dt.datetime):
    """The signer's approval with a code issued to them (the demo reads it instead of mail)."""
    device = codes._device(EmailDevice, signer.user)
    device.generate_token(valid_secs=settings.OTP_EMAIL_TOKEN_VALIDITY)
    with clock.frozen(when):
        return services.signoff_respond(
            signer=signer,
            acting_user=signer.user,
            decision=services.Decision.APPROVE,
            code=device.token,
            site_url=settings.HAMAHANG_BASE_URL or SITE_URL,
        )


def sign_minutes(meeting: Meeting, *, secretary: User, chair: User) -> None:
    """Send `meeting`'s draft to one liaison per present agency and `chair`, then sign."""
    _ensure_certificate()
    present = meeting.attendances.filter(status__in=["present", "substitute"])
    signers = {}
    for attendance in present:
        user = (
            User.objects.filter(agency_id=attendance.agency_id, is_active=True)
            .exclude(email="")
            .order_by("username")
            .first()
        )
        if user is not None and user != chair:
            signers[attendance.agency_id] = user
    day = meeting.date
    with clock.frozen(at(day, 16)):
        round_ = services.signoff_start(
            meeting=meeting, attendee_signers=signers, chair=chair, acting_user=secretary
        )
    for signer in round_.signers.filter(role=Signer.Role.ATTENDEE):
        _answer(signer, at(day + dt.timedelta(days=1), 9))
    _answer(round_.signers.get(role=Signer.Role.CHAIR), at(day + dt.timedelta(days=2), 11))
