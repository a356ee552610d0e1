"""Minutes sign-off: send the draft to the attendees, take each one's approval or comment
confirmed with a one-time code, and the chair's final approval, which moves the meeting to
"minutes approved" through `meetings.services.meeting_transition` and signs the PDF.

Every write of this app is here. One rule for approving minutes: a meeting sent for sign-off is
approved only by its chair's signature (`refuse_direct_approval`, a guard the meetings service
calls); a meeting never sent keeps the plain approval (history, imports).
"""

from __future__ import annotations

import datetime as dt
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from hamahang.accounts.access import can_approve_minutes, require_secretariat
from hamahang.accounts.models import Role, User
from hamahang.core import clock
from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.jalali import format_jalali
from hamahang.core.text import normalize_text
from hamahang.core.validation import refuse_control_chars, refuse_too_long
from hamahang.core.workdays import WorkCalendar
from hamahang.meetings import errors as meeting_errors
from hamahang.meetings import selectors as meeting_selectors
from hamahang.meetings.models import Attendance, Meeting, ResolutionEvent
from hamahang.meetings.services import meeting_transition
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_user
from hamahang.signoff import codes, documents
from hamahang.signoff.models import SignedMinutes, Signer, SignoffEvent, SignoffRound

COMMENT_MAX = 4000
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"

# The meeting (pk) whose approval the chair's signature is performing right now.
_approving: ContextVar[int | None] = ContextVar("hamahang_signoff_approving", default=None)


@contextmanager
def _chair_approval(meeting_pk: int):
    token = _approving.set(meeting_pk)
    try:
        yield
    finally:
        _approving.reset(token)


def refuse_direct_approval(*, meeting: Meeting, acting_user: User) -> None:
    """Guard of `meeting_transition` (registered in apps.py)."""
    if _approving.get() == meeting.pk:
        return
    if SignoffRound.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            "این صورتجلسه برای تأیید حاضران فرستاده شده است؛ تأیید نهایی فقط با امضای رئیس "
            "جلسه در صفحه «تأیید و امضای صورتجلسه» ممکن است.",
            code="signoff_in_use",
        )


def _fa(value) -> str:
    return to_persian_digits(value)


def _not_allowed(message="شما اجازه این کار را ندارید.") -> ValidationError:
    return meeting_errors.not_allowed(message)


def _require_held(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.APPROVED:
        raise meeting_errors.locked_meeting()
    if meeting.status != Meeting.Status.HELD:
        raise meeting_errors.not_held(meeting, "ارسال صورتجلسه برای تأیید و امضا")


def _event(round_, kind, description, actor, signer=None) -> SignoffEvent:
    return SignoffEvent.objects.create(
        round=round_, signer=signer, actor=actor, kind=kind, description=description
    )


# --- Sending the draft ------------------------------------------------------------------------


@transaction.atomic
def signoff_start(
    *,
    meeting: Meeting,
    attendee_signers: dict[int, User],
    chair: User,
    acting_user: User,
) -> SignoffRound:
    """Send the draft minutes of a held meeting to one named person per present agency
    (`attendee_signers`: agency pk → user) and the chair. A round already open is replaced."""
    require_secretariat(acting_user)
    if not meeting_selectors.meeting_list_for_user(user=acting_user).filter(pk=meeting.pk).exists():
        raise _not_allowed("این جلسه در حوزه دسترسی شما نیست.")
    row = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_held(row)
    present = {
        a.agency_id: a for a in row.attendances.filter(status__in=Attendance.PRESENT_STATUSES)
    }
    if not present:
        raise ValidationError(
            "برای این جلسه حاضری ثبت نشده است؛ نخست حضور و غیاب را ثبت کنید.",
            code="no_attendees",
        )
    if not attendee_signers:
        raise ValidationError("دست‌کم یک امضاکننده از دستگاه‌های حاضر برگزینید.", code="no_signers")
    for agency_pk, user in attendee_signers.items():
        if agency_pk not in present:
            raise ValidationError(
                "امضاکننده فقط از دستگاه‌های حاضر در جلسه برگزیده می‌شود.", code="not_present"
            )
        if not user.is_active or user.agency_id != agency_pk:
            raise ValidationError(
                f"{user} کاربر فعال دستگاه «{present[agency_pk].agency}» نیست.",
                code="signer_not_of_agency",
            )
    if not chair.is_active or not can_approve_minutes(chair):
        raise ValidationError(
            "رئیس جلسه باید کاربر فعال با نقش مدیر یا دبیرخانه باشد تا صورتجلسه را تأیید کند.",
            code="chair_cannot_approve",
        )
    if not meeting_selectors.meeting_list_for_user(user=chair).filter(pk=row.pk).exists():
        raise ValidationError("رئیس برگزیده به این جلسه دسترسی ندارد.", code="chair_out_of_scope")
    if chair.pk in {u.pk for u in attendee_signers.values()}:
        raise ValidationError(
            "رئیس جلسه جدا از نمایندگان دستگاه‌ها امضا می‌کند؛ کس دیگری را برگزینید.",
            code="chair_is_attendee",
        )

    for old in SignoffRound.objects.select_for_update().filter(
        meeting=row, status=SignoffRound.Status.OPEN
    ):
        old.status = SignoffRound.Status.SUPERSEDED
        old.save(update_fields=["status"])
        _event(
            old,
            SignoffEvent.Kind.SUPERSEDED,
            "پیش‌نویس دوباره فرستاده شد؛ این دور بسته شد.",
            acting_user,
        )

    now = clock.now()
    days = settings.HAMAHANG_SIGNOFF_DAYS
    round_ = SignoffRound(
        meeting=row,
        sent_by=acting_user,
        sent_at=now,
        due_on=WorkCalendar().add_working_days(clock.today(), days),
        content_sha256=documents.minutes_content_sha256(row.pk, acting_user),
    )
    draft = documents.draft_pdf(row.pk, acting_user, round_=round_)
    round_.draft_sha256 = documents.sha256(draft)
    round_.draft_pdf.save(
        f"draft-{row.jalali_year}-{row.number}-{row.pk}.pdf", ContentFile(draft), save=False
    )
    round_.save()
    signers = [
        Signer(round=round_, user=user, agency_id=agency_pk, role=Signer.Role.ATTENDEE)
        for agency_pk, user in attendee_signers.items()
    ]
    signers.append(Signer(round=round_, user=chair, role=Signer.Role.CHAIR))
    Signer.objects.bulk_create(signers)
    names = "، ".join(str(s.user) for s in signers)
    _event(
        round_,
        SignoffEvent.Kind.SENT,
        f"پیش‌نویس صورتجلسه برای تأیید {names} فرستاده شد؛ مهلت پاسخ حاضران "
        f"{format_jalali(round_.due_on)} ({_fa(days)} روز کاری).",
        acting_user,
    )
    text = render_to_string("signoff/email/draft_sent.txt", {"round": round_, "meeting": row})
    for signer in signers:
        notify_user(
            signer.user,
            kind=Notice.Kind.MINUTES_DRAFT,
            subject=f"صورتجلسه {row} برای تأیید شما",
            text=text,
            key=f"signoff-draft:{round_.pk}:{signer.user_id}",
        )
    return round_


# --- One-time codes ---------------------------------------------------------------------------


def _require_signer(signer: Signer, acting_user: User) -> None:
    if signer.user_id != acting_user.pk:
        raise _not_allowed("شما امضاکننده این صورتجلسه نیستید.")


def _require_open(round_: SignoffRound) -> None:
    if round_.status != SignoffRound.Status.OPEN:
        raise ValidationError(
            f"این دور تأیید «{round_.get_status_display()}» است و پاسخی نمی‌پذیرد.",
            code="round_closed",
        )
    _require_held(round_.meeting)


def _require_pending(signer: Signer) -> None:
    if signer.status != Signer.Status.PENDING:
        raise ValidationError(
            f"پاسخ شما («{signer.get_status_display()}») پیش‌تر ثبت شده است.",
            code="already_answered",
        )


def attendees_waiting(round_: SignoffRound) -> list[Signer]:
    return [
        s
        for s in round_.signers.all()
        if s.role == Signer.Role.ATTENDEE and s.status == Signer.Status.PENDING
    ]


def chair_may_approve(round_: SignoffRound, day: dt.date | None = None) -> bool:
    """Every attendee answered, or their time is over (silence is recorded as such)."""
    day = day or clock.today()
    return not attendees_waiting(round_) or day > round_.due_on


def _require_chair_turn(round_: SignoffRound) -> None:
    waiting = attendees_waiting(round_)
    if waiting and not chair_may_approve(round_):
        raise ValidationError(
            f"هنوز {_fa(len(waiting))} نماینده حاضر پاسخ نداده‌اند و مهلتشان تا "
            f"{format_jalali(round_.due_on)} است؛ تأیید رئیس جلسه پس از پاسخ همه یا پایان "
            "مهلت ممکن است.",
            code="attendees_waiting",
        )


def signoff_send_code(*, signer: Signer, acting_user: User) -> str:
    """Send the signer a one-time code (django-otp); returns where it went (Persian)."""
    _require_signer(signer, acting_user)
    round_ = signer.round
    _require_open(round_)
    _require_pending(signer)
    if signer.role == Signer.Role.CHAIR:
        _require_chair_turn(round_)
    where = codes.send_code(signer.user, subject_meeting=str(round_.meeting))
    _event(
        round_,
        SignoffEvent.Kind.CODE_SENT,
        f"کد یک‌بارمصرف به {where} فرستاده شد.",
        acting_user,
        signer,
    )
    return where


# --- Answers ----------------------------------------------------------------------------------


class Decision:
    APPROVE = "approve"
    COMMENT = "comment"
    ALL = (APPROVE, COMMENT)


@dataclass(frozen=True)
class Answer:
    signer: Signer
    signed: SignedMinutes | None = None


def signoff_respond(
    *,
    signer: Signer,
    acting_user: User,
    decision: str,
    code: str,
    comment: str = "",
    site_url: str = "",
) -> Answer:
    """An attendee's or the chair's answer, confirmed with the one-time code. The chair's
    approval approves and locks the minutes and signs the PDF."""
    _require_signer(signer, acting_user)
    if decision not in Decision.ALL:
        raise ValidationError("پاسخ نادرست است: «تأیید» یا «نظر اصلاحی».", code="bad_decision")
    comment = normalize_text(comment or "")
    if decision == Decision.COMMENT:
        if not comment:
            raise ValidationError("متن نظر اصلاحی را بنویسید.", code="required")
        refuse_control_chars(comment)
        refuse_too_long(comment, COMMENT_MAX, "نظر")
    _require_open(signer.round)
    _require_pending(signer)
    if signer.role == Signer.Role.CHAIR and decision == Decision.APPROVE:
        _require_chair_turn(signer.round)
    # The code is checked outside the transaction below: a wrong code's count (django-otp's
    # throttling) must stay even though nothing else is written.
    codes.verify_code(signer.user, to_ascii_digits(code or "").strip())
    with transaction.atomic():
        return _record_answer(signer.pk, acting_user, decision, comment, site_url)


def _record_answer(signer_pk, acting_user, decision, comment, site_url) -> Answer:
    round_ = SignoffRound.objects.select_for_update().get(signers__pk=signer_pk)
    signer = Signer.objects.select_related("user", "agency").get(pk=signer_pk)
    _require_open(round_)
    _require_pending(signer)
    now = clock.now()
    signer.responded_at = now
    who = f"{signer.user}" + (f" ({signer.agency})" if signer.agency_id else " (رئیس جلسه)")
    if decision == Decision.COMMENT:
        signer.status, signer.comment = Signer.Status.COMMENTED, comment
        signer.save(update_fields=["status", "comment", "responded_at"])
        _event(
            round_,
            SignoffEvent.Kind.COMMENTED,
            f"{who} نظر اصلاحی داد: {comment}",
            acting_user,
            signer,
        )
        return Answer(signer)
    signer.status = Signer.Status.APPROVED
    signer.save(update_fields=["status", "responded_at"])
    if signer.role == Signer.Role.ATTENDEE:
        _event(
            round_, SignoffEvent.Kind.APPROVED, f"{who} صورتجلسه را تأیید کرد.", acting_user, signer
        )
        return Answer(signer)
    _require_chair_turn(round_)
    return Answer(signer, _chair_approve(round_, signer, acting_user, site_url))


def _chair_approve(round_: SignoffRound, chair: Signer, acting_user: User, site_url: str):
    if documents.minutes_content_sha256(round_.meeting_id, round_.sent_by) != round_.content_sha256:
        raise ValidationError(
            "صورتجلسه پس از ارسال برای امضا تغییر کرده است؛ دبیرخانه باید پیش‌نویس تازه را "
            "دوباره برای امضا بفرستد.",
            code="minutes_changed",
        )
    started = clock.now()
    with _chair_approval(round_.meeting_id):
        meeting = meeting_transition(
            meeting=round_.meeting, to_status=Meeting.Status.APPROVED, acting_user=acting_user
        )
    # The resolutions' timelines name who signed (completing the approval rows the transition
    # has just written, in this transaction).
    approved = [
        f"{s.user} ({s.agency})"
        for s in round_.signers.select_related("user", "agency")
        if s.role == Signer.Role.ATTENDEE and s.status == Signer.Status.APPROVED
    ]
    ResolutionEvent.objects.filter(
        resolution__meeting=meeting,
        kind=ResolutionEvent.Kind.MINUTES_APPROVED,
        actor=acting_user,
        created_at__gte=started,
    ).update(
        description=f"صورتجلسه {meeting} با تأیید حاضران ({'، '.join(approved) or 'بی‌پاسخ'}) "
        f"و امضای رئیس جلسه ({chair.user}) تأیید، قفل و امضای دیجیتال شد."
    )
    code = _new_code()
    verify_url = site_url.rstrip("/") + reverse("signoff:verify", args=[code])
    signers = list(round_.signers.select_related("user", "agency").order_by("role", "agency__name"))
    pdf = documents.sign_pdf(
        documents.final_pdf(
            meeting.pk,
            round_.sent_by,
            round_=round_,
            signers=signers,
            verify_url=verify_url,
            code=code,
        )
    )
    signed = SignedMinutes(
        round=round_,
        meeting=meeting,
        code=code,
        sha256=documents.sha256(pdf),
        size=len(pdf),
        signed_at=clock.now(),
        certificate_subject=documents.certificate_subject()[:300],
    )
    signed.pdf.save(
        f"minutes-{meeting.jalali_year}-{meeting.number}-{code}.pdf", ContentFile(pdf), save=False
    )
    signed.save()
    round_.status = SignoffRound.Status.APPROVED
    round_.save(update_fields=["status"])
    silent = [
        s for s in signers if s.role == Signer.Role.ATTENDEE and s.status == Signer.Status.PENDING
    ]
    note = f"؛ {_fa(len(silent))} نماینده در مهلت پاسخ نداد" if silent else ""
    _event(
        round_,
        SignoffEvent.Kind.CHAIR_APPROVED,
        f"{chair.user} (رئیس جلسه) صورتجلسه را تأیید کرد{note}؛ صورتجلسه قفل و با گواهی دفتر "
        f"امضای دیجیتال شد (SHA-256: {signed.sha256}).",
        acting_user,
        chair,
    )
    return signed


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not SignedMinutes.objects.filter(code=code).exists():
            return code


# --- Public verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    message: str
    sha256: str = ""


def minutes_verify(*, signed: SignedMinutes, upload) -> Verdict:
    """Is the uploaded file (`.size`, `.read()`) the very file `signed` holds, with its
    signature intact? Read-only."""
    if upload.size > settings.HAMAHANG_VERIFY_MAX_BYTES:
        raise ValidationError(
            f"پرونده بزرگ‌تر از {_fa(settings.HAMAHANG_VERIFY_MAX_BYTES // (1024 * 1024))} "
            "مگابایت است؛ صورتجلسه امضاشده هرگز چنین بزرگ نیست.",
            code="too_large",
        )
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        raise ValidationError("پرونده بارگذاری‌شده PDF نیست.", code="not_pdf")
    digest = documents.sha256(data)
    if digest != signed.sha256:
        return Verdict(
            False,
            "این پرونده با صورتجلسه امضاشده یکی نیست: چکیده آن فرق دارد، پس پس از امضا تغییر "
            "کرده یا نسخه دیگری است. به آن اعتماد نکنید.",
            digest,
        )
    check = documents.check_signature(data)
    if not (check.intact and check.whole_file):
        return Verdict(False, "امضای دیجیتال این پرونده سالم نیست. به آن اعتماد نکنید.", digest)
    return Verdict(
        True,
        "این پرونده همان صورتجلسه امضاشده است: چکیده آن با نسخه ثبت‌شده یکی است و امضای "
        "دیجیتال آن سالم است.",
        digest,
    )


# --- Nagging ----------------------------------------------------------------------------------


def late_minutes_notify(*, day: dt.date | None = None) -> int:
    """Remind each committee's secretariat staff (a notice through the outbox) of held meetings
    whose minutes are still not approved `HAMAHANG_MINUTES_DUE_DAYS` after the meeting: once a
    meeting a day (the notice's key). Returns the notices written."""
    day = day or clock.today()
    due = day - dt.timedelta(days=settings.HAMAHANG_MINUTES_DUE_DAYS)
    late = Meeting.objects.filter(status=Meeting.Status.HELD, date__lte=due).select_related(
        "committee"
    )
    written = 0
    for meeting in late:
        staff = User.objects.filter(
            is_active=True, agency_id=meeting.committee.secretariat_id, role=Role.SECRETARIAT
        )
        text = render_to_string(
            "signoff/email/minutes_late.txt",
            {"meeting": meeting, "days": (day - meeting.date).days},
        )
        for user in staff:
            with transaction.atomic():
                notice = notify_user(
                    user,
                    kind=Notice.Kind.MINUTES_LATE,
                    subject=f"یادآوری: صورتجلسه {meeting} هنوز تأیید نشده است",
                    text=text,
                    key=f"minutes-late:{meeting.pk}:{user.pk}:{day.isoformat()}",
                )
            written += notice is not None
    return written
