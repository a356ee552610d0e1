"""The sign-off flow through its services, and every refusal leaving things unchanged."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamahang.core import clock
from hamahang.meetings import services as meeting_services
from hamahang.meetings.models import Meeting
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.notices.models import Notice
from hamahang.signoff import services
from hamahang.signoff.models import (
    OutboxCodeDevice,
    SignedMinutes,
    Signer,
    SignoffEvent,
    SignoffRound,
)
from hamahang.signoff.tests.conftest import last_code

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen(NOW):
        yield


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _signer(round_, user) -> Signer:
    return round_.signers.get(user=user)


def _answer(round_, user, decision="approve", comment="", code=None):
    signer = _signer(round_, user)
    if code is None:
        services.signoff_send_code(signer=signer, acting_user=user)
        code = last_code(user.email)
    return services.signoff_respond(
        signer=signer,
        acting_user=user,
        decision=decision,
        comment=comment,
        code=code,
        site_url="https://hamahang.example.ir",
    )


def _refused(code, call):
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.code == code, error.value.messages
    return " ".join(error.value.messages)


def test_whole_flow_two_attendees_then_chair_signs_and_locks(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = world.start()
    assert round_.due_on > NOW.date()  # working days from today
    assert {s.user for s in round_.signers.all()} == {
        world.liaison_a,
        world.liaison_b,
        world.chair,
    }
    assert _read(round_.draft_pdf).startswith(b"%PDF-")
    told = Notice.objects.filter(kind=Notice.Kind.MINUTES_DRAFT, subject__contains="برای تأیید شما")
    assert sorted(told.values_list("address", flat=True)) == sorted(
        [world.liaison_a.email, world.liaison_b.email, world.chair.email]
    )

    assert _answer(round_, world.liaison_a).signed is None
    comment = "بند دوم نام دستگاه را ندارد."
    assert _answer(round_, world.liaison_b, "comment", comment).signed is None
    answer = _answer(round_, world.chair)

    meeting = world.refresh()
    assert meeting.status == Meeting.Status.APPROVED
    assert meeting.minutes_approved_by == world.chair
    signed = answer.signed
    data = _read(signed.pdf)
    assert signed.sha256 == services.documents.sha256(data)
    assert services.documents.check_signature(data).intact
    round_.refresh_from_db()
    assert round_.status == SignoffRound.Status.APPROVED
    kinds = list(round_.events.values_list("kind", flat=True))
    assert kinds.count(SignoffEvent.Kind.APPROVED) == 1
    assert SignoffEvent.Kind.COMMENTED in kinds
    assert kinds[-1] == SignoffEvent.Kind.CHAIR_APPROVED
    assert comment in round_.events.get(kind=SignoffEvent.Kind.COMMENTED).description
    # Each resolution's timeline names the attendee who approved and the chair.
    for resolution in meeting.resolutions.all():
        event = resolution.events.get(kind="minutes_approved")
        assert str(world.liaison_a) in event.description
        assert str(world.liaison_b) not in event.description  # commented, did not approve
        assert "امضای رئیس جلسه" in event.description
    # Locked: the minutes refuse change, and the stored file is the one served every time.
    with pytest.raises(ValidationError):
        meeting_services.meeting_update(
            meeting=meeting,
            version=meeting.version,
            acting_user=world.secretariat,
            date=meeting.date,
            start_time=None,
            place="جای دیگر",
            chair="",
        )
    assert _read(SignedMinutes.objects.get().pdf) == data
    # Approving twice, or sending approved minutes again, is refused.
    _refused("round_closed", lambda: _answer(round_, world.chair, code="123456"))
    _refused("meeting_locked", world.start)
    assert SignedMinutes.objects.count() == 1


def test_direct_approval_is_refused_once_sent_and_kept_without_signoff(world):
    _refused(
        "signoff_in_use",
        lambda: (
            world.start(),
            meeting_services.meeting_transition(
                meeting=world.meeting, to_status="approved", acting_user=world.secretariat
            ),
        ),
    )
    # A meeting never sent for sign-off keeps the old approval (history, imports).
    from hamahang.meetings.tests.factories import make_meeting

    other = make_meeting(world.committee, dt.date(2026, 11, 1))
    meeting_services.meeting_transition(
        meeting=other, to_status="approved", acting_user=world.secretariat
    )
    other.refresh_from_db()
    assert other.status == Meeting.Status.APPROVED


def test_codes_wrong_reused_and_expired_are_refused(world, mailoutbox):
    round_ = world.start()
    signer = _signer(round_, world.liaison_a)
    services.signoff_send_code(signer=signer, acting_user=world.liaison_a)
    good = last_code(world.liaison_a.email)
    wrong = "000000" if good != "000000" else "111111"
    message = _refused("bad_code", lambda: _answer(round_, world.liaison_a, code=wrong))
    assert "نادرست" in message
    # Throttled right after a wrong code, even with the right one (django-otp throttling).
    _refused("code_throttled", lambda: _answer(round_, world.liaison_a, code=good))
    signer.refresh_from_db()
    assert signer.status == Signer.Status.PENDING

    # Expired: a code past its validity is refused (through the service), nothing changes.
    signer_b = _signer(round_, world.liaison_b)
    services.signoff_send_code(signer=signer_b, acting_user=world.liaison_b)
    expired = last_code(world.liaison_b.email)
    OutboxCodeDevice.objects.filter(user=world.liaison_b).update(
        valid_until=timezone.now() - dt.timedelta(minutes=1)
    )
    _refused("bad_code", lambda: _answer(round_, world.liaison_b, code=expired))
    signer_b.refresh_from_db()
    assert signer_b.status == Signer.Status.PENDING

    # Spent: a code used once is refused the second time.
    device = OutboxCodeDevice.objects.get(user=world.liaison_a)
    device.throttle_reset()
    services.codes.verify_code(world.liaison_a, good)
    _refused("no_code", lambda: services.codes.verify_code(world.liaison_a, good))


def test_refusals_change_nothing(world, manager_user, secretariat_user):
    # Signing a meeting not held.
    planned = world.meeting
    Meeting.objects.filter(pk=planned.pk).update(status=Meeting.Status.PLANNED)
    world.refresh()
    message = _refused("meeting_not_held", world.start)
    assert "برگزار نشده" in message
    Meeting.objects.filter(pk=planned.pk).update(status=Meeting.Status.HELD)
    world.refresh()
    # A signer from an absent agency, a chair who may not approve.
    absent = {world.agency_c.pk: world.liaison_c}
    _refused("not_present", lambda: world.start(attendee_signers=absent))
    _refused("chair_cannot_approve", lambda: world.start(chair=world.liaison_c))
    # A liaison cannot send.
    _refused("not_allowed", lambda: world.start(acting_user=world.liaison_a))
    assert not SignoffRound.objects.exists()

    round_ = world.start()
    # A non-signer answering; the chair before the attendees within their time.
    chair = _signer(round_, world.chair)
    _refused(
        "not_allowed",
        lambda: services.signoff_respond(
            signer=chair, acting_user=world.liaison_a, decision="approve", code="123456"
        ),
    )
    message = _refused("attendees_waiting", lambda: _answer(round_, world.chair, code="123456"))
    assert "پاسخ نداده‌اند" in message
    # A comment needs its text; approving twice is refused.
    _refused("required", lambda: _answer(round_, world.liaison_a, "comment", "", code="1"))
    _answer(round_, world.liaison_a)
    _refused("already_answered", lambda: _answer(round_, world.liaison_a, code="123456"))
    assert world.refresh().status == Meeting.Status.HELD


def test_chair_after_the_window_and_minutes_changed_since_sending(world):
    round_ = world.start()
    _answer(round_, world.liaison_a)
    # liaison_b never answers; after the window the chair may approve.
    later = dt.datetime.combine(round_.due_on + dt.timedelta(days=1), dt.time(9), dt.UTC)
    # The minutes changed after sending: refused, nothing approved.
    resolution = world.meeting.resolutions.first()
    type(resolution).objects.filter(pk=resolution.pk).update(text="متن دیگر")
    with clock.frozen(later):
        message = _refused("minutes_changed", lambda: _answer(round_, world.chair))
    assert "دوباره برای امضا" in message
    assert world.refresh().status == Meeting.Status.HELD
    assert not SignedMinutes.objects.exists()

    # Sent again: the old round is superseded, the chair signs the new one after its window.
    new_round = world.start()
    round_.refresh_from_db()
    assert round_.status == SignoffRound.Status.SUPERSEDED
    later = dt.datetime.combine(new_round.due_on + dt.timedelta(days=1), dt.time(9), dt.UTC)
    with clock.frozen(later):
        signed = _answer(new_round, world.chair).signed
    text = pdf_text_key(_read(signed.pdf))
    assert pdf_key("بی‌پاسخ") in text
    assert pdf_key("امضای دیجیتال") in text


def test_no_certificate_refuses_and_leaves_minutes_held(world, settings):
    round_ = world.start()
    _answer(round_, world.liaison_a)
    _answer(round_, world.liaison_b)
    settings.HAMAHANG_SIGNING_P12 = "/nonexistent/office.p12"
    message = _refused("no_signing_certificate", lambda: _answer(round_, world.chair))
    assert "گواهی" in message
    assert world.refresh().status == Meeting.Status.HELD
    assert _signer(round_, world.chair).status == Signer.Status.PENDING


@pytest.fixture
def signed(world):
    round_ = world.start()
    _answer(round_, world.liaison_a)
    _answer(round_, world.liaison_b)
    return _answer(round_, world.chair).signed


def test_pdfsig_reports_the_signature_valid(signed):
    if not shutil.which("pdfsig"):
        pytest.skip("pdfsig (poppler-utils) is not installed")
    data = _read(signed.pdf)
    out = _pdfsig(data)
    assert "Signature is Valid." in out
    assert "Total document signed" in out


def _pdfsig(data: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdfsig", handle.name], capture_output=True, text=True).stdout


def _upload(data: bytes, name="minutes.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_verify_accepts_the_file_and_rejects_one_byte_changed(signed, settings):
    data = _read(signed.pdf)
    assert services.minutes_verify(signed=signed, upload=_upload(data)).genuine
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    verdict = services.minutes_verify(signed=signed, upload=_upload(bytes(changed)))
    assert not verdict.genuine
    assert "یکی نیست" in verdict.message
    _refused("not_pdf", lambda: services.minutes_verify(signed=signed, upload=_upload(b"GIF89a")))
    settings.HAMAHANG_VERIFY_MAX_BYTES = 100
    _refused("too_large", lambda: services.minutes_verify(signed=signed, upload=_upload(data)))


def test_signing_and_checking_work_inside_a_running_event_loop(signed):
    """pyHanko runs asyncio.run(); inside a running loop (an async view, Playwright's sync API
    during the browser tests' demo load) it used to refuse with a RuntimeError."""
    import asyncio

    from weasyprint import HTML

    from hamahang.signoff import documents

    draft = HTML(string="<p>صورتجلسه</p>").write_pdf()

    async def inside_a_loop():
        fresh = documents.sign_pdf(draft)
        return fresh, documents.check_signature(fresh), documents.check_signature(_read(signed.pdf))

    fresh, check, stored = asyncio.run(inside_a_loop())
    assert fresh.startswith(b"%PDF") and len(fresh) > len(draft)
    assert check.intact and check.whole_file
    assert stored.intact
