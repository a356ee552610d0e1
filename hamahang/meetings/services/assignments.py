"""Assignments and follow-ups: report, accept, return, extend, change status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.access import (
    may_report,
    require_in_scope,
    require_secretariat,
)
from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import format_jalali, today
from hamahang.core.text import normalize_text
from hamahang.meetings import errors, selectors
from hamahang.meetings.models import (
    Assignment,
    DeadlineExtension,
    FollowUp,
    Meeting,
    Resolution,
)
from hamahang.meetings.notifications import notify_followup_returned
from hamahang.meetings.services._common import (
    Event,
    _fa,
    _lock,
    _locked,
    _record,
    _require_assignments,
    _require_text,
    require_held,
)
from hamahang.meetings.services.resolutions import resolution_roll_up
from hamahang.meetings.webhook_events import emit_assignment_closed


@transaction.atomic
def assignment_report(
    *,
    assignment: Assignment,
    acting_user: User,
    text: str,
    progress: int,
    is_final: bool = False,
    attachment=None,
) -> FollowUp:
    """The agency reports what it did; a final report says the assignment is done."""
    _require_assignments(acting_user, assignment)
    row = _lock(Assignment, assignment.pk)
    if not may_report(acting_user, row):
        raise errors.not_allowed("فقط رابط دستگاه مسئول می‌تواند برای این تکلیف گزارش ثبت کند.")
    require_held(_meeting_of(row), "ثبت گزارش پیگیری")
    if not row.is_open:
        raise ValidationError(
            f"این تکلیف «{row.get_status_display()}» و بسته است؛ گزارش تازه پذیرفته نمی‌شود.",
            code="assignment_closed",
        )
    text = _require_text(text, "شرح اقدام انجام‌شده را بنویسید.")
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        progress = -1
    if not 0 <= progress <= 100:
        raise ValidationError("درصد پیشرفت باید عددی از ۰ تا ۱۰۰ باشد.", code="invalid_progress")
    if is_final:
        progress = 100
    followup = FollowUp(
        assignment=row,
        author=acting_user,
        text=text,
        progress=progress,
        is_final=is_final,
        attachment=attachment or "",
    )
    followup.full_clean()
    followup.save()
    row.progress = progress
    if is_final:
        row.status, row.reported_done_on = Assignment.Status.REPORTED_DONE, today()
    elif row.status == Assignment.Status.ISSUED:
        row.status = Assignment.Status.IN_PROGRESS
    row.version += 1
    row.save()
    verb = "انجام کامل تکلیف را اعلام کرد" if is_final else "گزارش پیشرفت ثبت کرد"
    _record(
        row.resolution,
        Event.REPORTED,
        f"«{row.agency}» {verb} (پیشرفت {_fa(progress)}٪): {text[:300]}",
        acting_user,
        row,
    )
    resolution_roll_up(row.resolution)
    return followup


def _meeting_of(assignment: Assignment) -> Meeting:
    """The meeting whose resolution the assignment carries (one query)."""
    return Meeting.objects.select_related("committee").get(
        resolutions__assignments__pk=assignment.pk
    )


# What may still be done to an assignment of a meeting that was not held: close it.
_CLOSING_UNHELD = {Assignment.Status.CANCELLED, Assignment.Status.NOT_FEASIBLE}


def assignment_allowed_statuses(assignment: Assignment, meeting: Meeting) -> list:
    """The statuses the secretariat may move the assignment to by hand (`_set_status`'s
    rule, for the screens' choices): on a meeting that was not held, only closing it."""
    targets = Assignment.TRANSITIONS[Assignment.Status(assignment.status)]
    if not meeting.was_held:
        targets = targets & _CLOSING_UNHELD
    return [status for status in Assignment.Status if status in targets]


def _require_followup(user: User, followup: FollowUp) -> None:
    visible = FollowUp.objects.filter(
        assignment__in=selectors.assignment_list_for_user(user=user).values("pk")
    )
    require_in_scope(visible, followup)


def _pending_followup(followup: FollowUp) -> FollowUp:
    row = FollowUp.objects.select_for_update().select_related("assignment").get(pk=followup.pk)
    if row.status != FollowUp.Status.SUBMITTED:
        raise ValidationError("این گزارش پیش‌تر بررسی شده است.", code="followup_reviewed")
    return row


@transaction.atomic
def followup_accept(*, followup: FollowUp, acting_user: User) -> FollowUp:
    """Accept a report; a final one closes the assignment as verified done."""
    _require_followup(acting_user, followup)
    require_secretariat(acting_user)
    row = _pending_followup(followup)
    require_held(_meeting_of(row.assignment), "پذیرش گزارش و تأیید اجرا")
    row.status, row.reviewed_by, row.reviewed_at = (
        FollowUp.Status.ACCEPTED,
        acting_user,
        clock.now(),
    )
    row.save()
    assignment = Assignment.objects.select_for_update().get(pk=row.assignment_id)
    closes = row.is_final and assignment.status == Assignment.Status.REPORTED_DONE
    if closes:
        assignment.status, assignment.closed_on = Assignment.Status.VERIFIED_DONE, today()
        assignment.progress = 100
        assignment.version += 1
        assignment.save()
    _record(
        assignment.resolution,
        Event.ACCEPTED,
        f"گزارش «{assignment.agency}» پذیرفته شد" + ("؛ اجرای تکلیف تأیید شد." if closes else "."),
        acting_user,
        assignment,
    )
    resolution_roll_up(assignment.resolution)
    if closes:
        emit_assignment_closed(assignment)
    return row


@transaction.atomic
def followup_return(*, followup: FollowUp, reason: str, acting_user: User) -> FollowUp:
    """Send a report back to the agency with a reason; the assignment is open again."""
    _require_followup(acting_user, followup)
    require_secretariat(acting_user)
    reason = _require_text(reason, "دلیل بازگشت گزارش را بنویسید.")
    row = _pending_followup(followup)
    row.status, row.reviewed_by, row.reviewed_at, row.return_reason = (
        FollowUp.Status.RETURNED,
        acting_user,
        clock.now(),
        reason,
    )
    row.save()
    assignment = Assignment.objects.select_for_update().get(pk=row.assignment_id)
    if assignment.status == Assignment.Status.REPORTED_DONE:
        assignment.status, assignment.reported_done_on = Assignment.Status.IN_PROGRESS, None
        assignment.version += 1
        assignment.save()
    _record(
        assignment.resolution,
        Event.RETURNED,
        f"گزارش «{assignment.agency}» بازگشت داده شد: {reason}",
        acting_user,
        assignment,
    )
    notify_followup_returned(assignment.pk)
    resolution_roll_up(assignment.resolution)
    return row


def _set_status(row: Assignment, target: str, reason: str, acting_user: User) -> None:
    current = Assignment.Status(row.status)
    target = Assignment.Status(target)
    if target not in Assignment.TRANSITIONS[current]:
        raise errors.bad_transition(current.label, target.label)
    if target not in _CLOSING_UNHELD:
        require_held(_meeting_of(row), f"بردن تکلیف به وضعیت «{target.label}»")
    if (
        target == Assignment.Status.VERIFIED_DONE
        and row.followups.filter(status=FollowUp.Status.SUBMITTED).exists()
    ):
        # Verification goes through the review of the waiting report (followup_accept), or
        # the report would stay "submitted" for ever.
        raise ValidationError(
            f"گزارش «{row.agency}» در انتظار بررسی است؛ برای تأیید اجرا، آن گزارش را بپذیرید "
            "یا با ذکر دلیل بازگردانید.",
            code="followup_pending",
        )
    row.status = target
    if target in Assignment.CLOSED_STATUSES:
        row.closed_on = today()
        if target == Assignment.Status.VERIFIED_DONE:
            row.progress = 100
            row.reported_done_on = row.reported_done_on or today()
    else:
        row.closed_on = None
        if target != Assignment.Status.REPORTED_DONE:
            row.reported_done_on = None
        else:
            row.reported_done_on = today()
    row.version += 1
    row.save()
    note = f" — {reason}" if reason else ""
    _record(
        row.resolution,
        Event.STATUS_CHANGED,
        f"وضعیت تکلیف «{row.agency}» از «{current.label}» به «{target.label}» تغییر کرد{note}",
        acting_user,
        row,
    )
    if target in Assignment.CLOSED_STATUSES:
        emit_assignment_closed(row)


@transaction.atomic
def assignment_set_status(
    *, assignment: Assignment, status: str, acting_user: User, version: int | None, reason: str = ""
) -> Assignment:
    _require_assignments(acting_user, assignment)
    require_secretariat(acting_user)
    row = _locked(Assignment, assignment.pk, version, "تکلیف")
    _set_status(row, status, normalize_text(reason), acting_user)
    resolution_roll_up(row.resolution)
    return row


def _extend(row: Assignment, new_deadline: dt.date, reason: str, acting_user: User) -> None:
    if not row.is_open:
        raise ValidationError(
            f"تکلیف «{row.agency}» بسته است؛ مهلت آن تمدید نمی‌شود.", code="assignment_closed"
        )
    if new_deadline <= row.deadline:
        raise ValidationError(
            f"مهلت جدید «{row.agency}» باید پس از مهلت فعلی ({format_jalali(row.deadline)}) باشد.",
            code="deadline_not_later",
        )
    DeadlineExtension.objects.create(
        assignment=row,
        original_deadline=row.deadline,
        new_deadline=new_deadline,
        reason=reason,
        approved_by=acting_user,
    )
    _record(
        row.resolution,
        Event.EXTENDED,
        f"مهلت «{row.agency}» از {format_jalali(row.deadline)} به "
        f"{format_jalali(new_deadline)} تمدید شد: {reason}",
        acting_user,
        row,
    )
    row.deadline = new_deadline
    row.version += 1
    row.save()


@transaction.atomic
def assignment_extend_deadline(
    *,
    assignment: Assignment,
    new_deadline: dt.date,
    reason: str,
    acting_user: User,
    version: int | None,
) -> Assignment:
    _require_assignments(acting_user, assignment)
    require_secretariat(acting_user)
    reason = _require_text(reason, "دلیل تمدید مهلت را بنویسید.")
    row = _locked(Assignment, assignment.pk, version, "تکلیف")
    _extend(row, new_deadline, reason, acting_user)
    resolution_roll_up(row.resolution)
    return row


@transaction.atomic
def assignments_bulk_extend(
    *, assignments: Iterable[Assignment], new_deadline: dt.date, reason: str, acting_user: User
) -> int:
    """Extend many deadlines at once: all of them, or (on any refusal) none."""
    assignments = list(assignments)
    _require_assignments(acting_user, *assignments)
    require_secretariat(acting_user)
    reason = _require_text(reason, "دلیل تمدید مهلت را بنویسید.")
    rows = list(Assignment.objects.select_for_update().filter(pk__in=[a.pk for a in assignments]))
    if not rows:
        raise ValidationError("هیچ تکلیفی انتخاب نشده است.", code="nothing_selected")
    for row in rows:
        _extend(row, new_deadline, reason, acting_user)
    for resolution_id in {row.resolution_id for row in rows}:
        resolution_roll_up(Resolution(pk=resolution_id))
    return len(rows)


@transaction.atomic
def assignments_bulk_set_status(
    *, assignments: Iterable[Assignment], status: str, reason: str, acting_user: User
) -> int:
    assignments = list(assignments)
    _require_assignments(acting_user, *assignments)
    require_secretariat(acting_user)
    rows = list(Assignment.objects.select_for_update().filter(pk__in=[a.pk for a in assignments]))
    if not rows:
        raise ValidationError("هیچ تکلیفی انتخاب نشده است.", code="nothing_selected")
    for row in rows:
        _set_status(row, status, normalize_text(reason), acting_user)
    for resolution_id in {row.resolution_id for row in rows}:
        resolution_roll_up(Resolution(pk=resolution_id))
    return len(rows)
