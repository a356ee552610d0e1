"""Objections (اعتراض): an assigned agency objects to a resolution within its committee's
window; the assignment's deadline pauses and the objection goes onto the committee's next
planned meeting; the secretariat upholds it (the assignment is cancelled, or the resolution
amended through its edit screen) or rejects it (the deadline resumes, the paused days added).

The window is counted in calendar days from the resolution's meeting, as the rule says
(«ظرف ۱۵ روز»): calendar days are the safe reading of a legal period, and a window whose last
day is a closed day runs to the next working day (a period never ends on a holiday).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from hamahang.accounts.access import is_liaison, require_secretariat
from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import format_jalali, today
from hamahang.core.workdays import WorkCalendar
from hamahang.meetings import errors
from hamahang.meetings.deadlines import calendar_for, open_deadline
from hamahang.meetings.models import Assignment, DeadlineExtension, Meeting, Objection
from hamahang.meetings.notifications import notify_objection_decided
from hamahang.meetings.services._common import (
    Event,
    _code,
    _fa,
    _lock,
    _record,
    _require_assignments,
    _require_text,
    require_held,
)
from hamahang.meetings.services.assignments import _meeting_of, _set_status
from hamahang.meetings.services.meetings import agenda_add_objection
from hamahang.meetings.services.resolutions import resolution_roll_up
from hamahang.organizations.models import Committee


def objection_window_end(
    committee: Committee, meeting_date: dt.date, calendar: WorkCalendar | None = None
) -> dt.date | None:
    """The last day an agency may object to a resolution of that meeting (None: the committee
    takes no objections)."""
    if not committee.objection_days:
        return None
    last = meeting_date + dt.timedelta(days=committee.objection_days)
    return (calendar or calendar_for(committee, around=last)).next_working_day(last)


def _require_objectable(row: Assignment, user: User, meeting: Meeting) -> None:
    if not (is_liaison(user) and user.agency_id == row.agency_id):
        raise errors.not_allowed("فقط رابط دستگاهی که تکلیف به آن ابلاغ شده می‌تواند اعتراض کند.")
    require_held(meeting, "اعتراض به مصوبه")
    if not row.is_open:
        raise ValidationError(
            f"این تکلیف «{row.get_status_display()}» و بسته است؛ اعتراض به آن پذیرفته نمی‌شود.",
            code="assignment_closed",
        )
    if row.objections.filter(status=Objection.Status.UNDER_REVIEW).exists():
        raise ValidationError(
            "اعتراض پیشین این دستگاه به این تکلیف هنوز در حال رسیدگی است؛ اعتراض دوباره "
            "پذیرفته نمی‌شود.",
            code="objection_pending",
        )
    end = objection_window_end(meeting.committee, meeting.date)
    if end is None:
        raise ValidationError(
            f"«{meeting.committee}» اعتراض به مصوبات را نمی‌پذیرد.", code="objections_closed"
        )
    if today() > end:
        raise ValidationError(
            f"مهلت اعتراض به این مصوبه ({_fa(meeting.committee.objection_days)} روز از تاریخ "
            f"جلسه) در {format_jalali(end)} به پایان رسیده است.",
            code="objection_window_over",
        )


@transaction.atomic
def objection_file(
    *, assignment: Assignment, acting_user: User, reason: str, attachment=None
) -> Objection:
    """The agency's liaison objects: the deadline pauses and the objection is put on the
    committee's next planned meeting (or on the first one created later)."""
    _require_assignments(acting_user, assignment)
    row = _lock(Assignment, assignment.pk)
    meeting = _meeting_of(row)
    _require_objectable(row, acting_user, meeting)
    reason = _require_text(reason, "دلیل اعتراض را بنویسید.")
    day = today()
    objection = Objection(
        assignment=row,
        reason=reason,
        attachment=attachment or "",
        filed_by=acting_user,
        paused_at=day,
    )
    objection.full_clean()
    objection.save()
    row.paused_on = day
    row.version += 1
    row.save()
    _record(
        row.resolution,
        Event.OBJECTED,
        f"«{row.agency}» به مصوبه اعتراض کرد؛ مهلت ({format_jalali(row.deadline)}) تا رسیدگی "
        f"متوقف شد: {reason[:300]}",
        acting_user,
        row,
    )
    upcoming = (
        Meeting.objects.filter(
            committee_id=meeting.committee_id, status=Meeting.Status.PLANNED, date__gte=day
        )
        .order_by("date", "number")
        .first()
    )
    if upcoming is not None:
        agenda_add_objection(meeting=upcoming, objection=objection)
    resolution_roll_up(row.resolution)
    return objection


def _resume(row: Assignment, objection: Objection, acting_user: User, why: str) -> str:
    """End the pause: the deadline moves on by the calendar days it stood still, onto an open
    day; the change is kept as a deadline extension. Returns the timeline's words."""
    paused_days = max((today() - objection.paused_at).days, 0)
    objection.paused_days = paused_days
    row.paused_on = None
    moved, note = open_deadline(
        row.resolution.committee, row.deadline + dt.timedelta(days=paused_days)
    )
    words = f"مهلت با افزودن {_fa(paused_days)} روز توقف"
    if moved != row.deadline:
        DeadlineExtension.objects.create(
            assignment=row,
            original_deadline=row.deadline,
            new_deadline=moved,
            reason=why + (f" ({note})" if note else ""),
            approved_by=acting_user,
        )
        words += f" از {format_jalali(row.deadline)} به {format_jalali(moved)} رسید."
        row.deadline = moved
    else:
        words += f" همان {format_jalali(row.deadline)} ماند."
    row.version += 1
    row.save()
    return words + (f" {note}" if note else "")


@transaction.atomic
def objection_decide(
    *,
    objection: Objection,
    acting_user: User,
    upheld: bool,
    note: str,
    remedy: str = Objection.Remedy.CANCEL,
) -> Objection:
    """The committee's decision, recorded by the secretariat: upheld (cancel the assignment
    with the objection as reason, or amend the resolution on its edit screen) or rejected (the
    deadline resumes with the paused days added)."""
    _require_assignments(acting_user, objection.assignment_id)
    require_secretariat(acting_user)
    note = _require_text(note, "شرح تصمیم درباره اعتراض را بنویسید.")
    found = Objection.objects.select_for_update().get(pk=objection.pk)
    if not found.is_under_review:
        raise ValidationError(
            f"درباره این اعتراض پیش‌تر تصمیم گرفته شده است ({found.get_status_display()}).",
            code="objection_decided",
        )
    if upheld and remedy not in Objection.Remedy.values:
        raise ValidationError("نتیجه پذیرش اعتراض را برگزینید.", code="invalid_remedy")
    row = _lock(Assignment, found.assignment_id)
    found.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    found.remedy = remedy if upheld else ""
    found.decided_at, found.decided_by, found.decision_note = clock.now(), acting_user, note
    code = _code(row.resolution.code)
    if upheld and remedy == Objection.Remedy.CANCEL:
        found.paused_days = max((today() - found.paused_at).days, 0)
        row.paused_on = None
        _set_status(row, Assignment.Status.CANCELLED, f"پذیرش اعتراض: {found.reason}", acting_user)
        text = f"اعتراض «{row.agency}» پذیرفته و تکلیف لغو شد: {note}"
    elif upheld:
        words = _resume(row, found, acting_user, "پذیرش اعتراض و اصلاح مصوبه")
        edit = reverse("meetings:resolution_edit", args=[row.resolution_id])
        text = (
            f"اعتراض «{row.agency}» پذیرفته شد؛ مصوبه {code} باید اصلاح شود (ویرایش: {edit}): "
            f"{note} {words}"
        )
    else:
        words = _resume(row, found, acting_user, "رد اعتراض")
        text = f"اعتراض «{row.agency}» رد شد: {note} {words}"
    found.save()
    _record(
        row.resolution,
        Event.OBJECTION_UPHELD if upheld else Event.OBJECTION_REJECTED,
        text,
        acting_user,
        row,
    )
    resolution_roll_up(row.resolution)
    found.assignment = row
    notify_objection_decided(found)
    return found
