"""Meetings: create, edit, move through their states; attendance and agenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef

from hamahang.accounts.access import (
    can_approve_minutes,
    require_secretariat,
)
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user
from hamahang.core import clock
from hamahang.core.jalali import format_jalali, jalali_year, today
from hamahang.core.text import normalize_text
from hamahang.meetings import errors
from hamahang.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Objection,
    Resolution,
    ResolutionEvent,
)
from hamahang.meetings.services._common import (
    Event,
    _code,
    _concerned_project,
    _fa,
    _locked,
    _require_committee,
    _require_meeting,
    _require_resolutions,
    _require_text,
    _wall_time,
)
from hamahang.meetings.services.reliefs import agenda_add_reliefs, next_planned_meeting
from hamahang.organizations.models import Agency, Committee
from hamahang.projects.models import Project
from hamahang.units import services as units_services
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    date: dt.date,
    acting_user: User,
    start_time: dt.time | None = None,
    place: str = "",
    chair: str = "",
    notes: str = "",
    number: int | None = None,
) -> Meeting:
    """A new meeting, numbered after the committee's last meeting of that Jalali year."""
    require_secretariat(acting_user)
    _require_committee(acting_user, committee)
    year = jalali_year(date)
    taken = Meeting.objects.filter(committee=committee, jalali_year=year)
    if number is not None and taken.filter(number=number).exists():
        raise ValidationError(
            f"جلسه شماره {_fa(number)} سال {_fa(year)} این ستاد پیش‌تر ثبت شده است.",
            code="duplicate_meeting_number",
        )
    for _attempt in range(3):
        meeting = Meeting(
            committee=committee,
            jalali_year=year,
            number=number or (taken.aggregate(last=Max("number"))["last"] or 0) + 1,
            date=date,
            start_time=_wall_time(start_time),
            place=normalize_text(place),
            chair=normalize_text(chair) or committee.chair_title,
            notes=normalize_text(notes),
        )
        meeting.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:
            if number is not None:
                raise
            continue
        _agenda_take_waiting_objections(meeting)
        if meeting.date >= today() and next_planned_meeting(committee.pk) == meeting:
            agenda_add_reliefs(meeting=meeting, acting_user=acting_user)
        return meeting
    raise ValidationError("ثبت شماره جلسه با ثبت همزمان دیگری برخورد کرد؛ دوباره بکوشید.")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    version: int,
    acting_user: User,
    date: dt.date,
    start_time: dt.time | None,
    place: str,
    chair: str,
    notes: str = "",
) -> Meeting:
    _require_meeting(acting_user, meeting)
    require_secretariat(acting_user)
    row = _locked(Meeting, meeting.pk, version, "جلسه")
    if not row.is_editable:
        raise errors.locked_meeting()
    if jalali_year(date) != row.jalali_year:
        raise ValidationError(
            "سال شمسی جلسه را نمی‌توان تغییر داد (شماره جلسه و کد مصوبات به سال بسته است)؛ "
            "جلسه را لغو کنید و در سال درست ثبت کنید.",
            code="year_change",
        )
    before = (row.date, row.start_time, row.place)
    row.date, row.start_time = date, _wall_time(start_time)
    row.place, row.chair, row.notes = normalize_text(place), normalize_text(chair), notes
    row.version += 1
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    Resolution.objects.filter(meeting=row).update(meeting_date=date)
    if before != (row.date, row.start_time, row.place):
        _meeting_changed(row, MeetingChange.RESCHEDULED)
    return row


class MeetingChange:
    RESCHEDULED = "rescheduled"  # its date, time or place changed
    CANCELLED = "cancelled"


# What apps above this one do when a meeting is rescheduled or cancelled, each called inside
# the change's transaction with the saved meeting and the change (hamahang.invitations: the
# invited agencies are told, and their calendar files are updated or cancelled).
MEETING_CHANGE_HOOKS: list[Callable[..., None]] = []


def _meeting_changed(meeting: Meeting, change: str) -> None:
    for hook in MEETING_CHANGE_HOOKS:
        hook(meeting=meeting, change=change)


# Rules an app above this one adds to the approval of minutes, each called with the locked
# meeting and the acting user and raising a ValidationError to refuse (hamahang.signoff: a
# meeting sent for sign-off is approved only by its chair's signature).
MINUTES_APPROVAL_GUARDS: list[Callable[..., None]] = []


@transaction.atomic
def meeting_transition(*, meeting: Meeting, to_status: str, acting_user: User) -> Meeting:
    """Planned → held → minutes approved (locked); planned/held → cancelled."""
    _require_meeting(acting_user, meeting)
    row = Meeting.objects.select_for_update().get(pk=meeting.pk)
    target = Meeting.Status(to_status)
    if target == Meeting.Status.APPROVED:
        if not can_approve_minutes(acting_user):
            raise errors.not_allowed("تأیید صورتجلسه با دبیرخانه یا مدیر است.")
        for guard in MINUTES_APPROVAL_GUARDS:
            guard(meeting=row, acting_user=acting_user)
    else:
        require_secretariat(acting_user)
    if target not in Meeting.TRANSITIONS[Meeting.Status(row.status)]:
        raise errors.bad_transition(row.get_status_display(), target.label)
    if target == Meeting.Status.HELD and row.date > today():
        raise ValidationError(
            f"تاریخ این جلسه ({format_jalali(row.date)}) هنوز نرسیده است؛ جلسه‌ای که برگزار نشده "
            "را نمی‌توان برگزار شده ثبت کرد.",
            code="meeting_in_future",
        )
    if target == Meeting.Status.CANCELLED and row.resolutions.exists():
        raise ValidationError("جلسه‌ای که مصوبه دارد لغو نمی‌شود.", code="meeting_has_resolutions")
    row.status = target
    row.version += 1
    if target == Meeting.Status.APPROVED:
        row.minutes_approved_at, row.minutes_approved_by = clock.now(), acting_user
        ResolutionEvent.objects.bulk_create(
            ResolutionEvent(
                resolution=resolution,
                actor=acting_user,
                kind=Event.MINUTES_APPROVED,
                description=f"صورتجلسه {row} تأیید و قفل شد.",
            )
            for resolution in row.resolutions.all()
        )
    row.save()
    if target == Meeting.Status.CANCELLED:
        _meeting_changed(row, MeetingChange.CANCELLED)
    return row


@dataclass(frozen=True)
class AttendanceRow:
    agency: Agency
    status: str
    representative: str = ""


@transaction.atomic
def meeting_record_attendance(
    *, meeting: Meeting, rows: Iterable[AttendanceRow], acting_user: User
) -> list[Attendance]:
    _require_meeting(acting_user, meeting)
    require_secretariat(acting_user)
    row = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not row.is_editable:
        raise errors.locked_meeting()
    allowed = set(agency_list_for_user(user=acting_user).values_list("pk", flat=True))
    saved = []
    for entry in rows:
        if entry.agency.pk not in allowed:
            raise errors.not_allowed("این دستگاه در حوزه دسترسی شما نیست.")
        if entry.status not in Attendance.Status.values:
            raise ValidationError("وضعیت حضور نادرست است.", code="invalid_attendance")
        attendance, _ = Attendance.objects.update_or_create(
            meeting=row,
            agency=entry.agency,
            defaults={
                "status": entry.status,
                "representative": normalize_text(entry.representative),
            },
        )
        saved.append(attendance)
    return saved


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, acting_user: User, project: Project | None = None
) -> AgendaItem:
    """A free-text agenda item, optionally about a project."""
    _require_meeting(acting_user, meeting)
    require_secretariat(acting_user)
    if not meeting.is_editable:
        raise errors.locked_meeting()
    project = _concerned_project(acting_user, project)
    if project is not None and not normalize_text(title):
        title = f"بررسی طرح {_code(project.code)}: {project.title}"
    title = _require_text(title, "موضوع دستور جلسه را بنویسید.")
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title, project=project)


def carried_title(code: str) -> str:
    """The own title of an agenda item that follows up a resolution: its code, no text."""
    return f"پیگیری مصوبه {_code(code)}"


@transaction.atomic
def agenda_carry_over(*, meeting: Meeting, acting_user: User) -> int:
    """Put the committee's still-open resolutions of earlier meetings on this agenda."""
    _require_meeting(acting_user, meeting)
    open_resolutions = Resolution.objects.filter(
        committee_id=meeting.committee_id,
        status__in=Resolution.OPEN_STATUSES,
        meeting_date__lte=meeting.date,
    ).exclude(meeting=meeting)
    count = agenda_add_resolutions(
        meeting=meeting, resolutions=open_resolutions, acting_user=acting_user
    )
    # Reliefs expiring soon come along the same path, with their own reason.
    return count + agenda_add_reliefs(meeting=meeting, acting_user=acting_user)


@transaction.atomic
def agenda_add_resolutions(
    *, meeting: Meeting, resolutions: Iterable[Resolution], acting_user: User
) -> int:
    """Put resolutions (for follow-up) on a meeting's agenda, each at most once."""
    _require_meeting(acting_user, meeting)
    require_secretariat(acting_user)
    resolutions = list(resolutions)
    _require_resolutions(acting_user, *resolutions)
    if not meeting.is_editable:
        raise errors.locked_meeting()
    already = set(
        meeting.agenda_items.exclude(carried_resolution=None).values_list(
            "carried_resolution", flat=True
        )
    )
    chosen = sorted(
        (r for r in resolutions if r.pk not in already and r.meeting_id != meeting.pk),
        key=lambda r: (r.meeting_date, r.number),
    )
    order = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    items, events = [], []
    for resolution in chosen:
        order += 1
        items.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                # The item references the resolution; its text is read through the scoped
                # selector when shown, never copied (a viewer must not see confidential text).
                title=carried_title(resolution.code),
                carried_resolution=resolution,
            )
        )
        events.append(
            ResolutionEvent(
                resolution=resolution,
                actor=acting_user,
                kind=Event.CARRIED_OVER,
                description=f"برای پیگیری در دستور {meeting} قرار گرفت.",
            )
        )
    AgendaItem.objects.bulk_create(items)
    ResolutionEvent.objects.bulk_create(events)
    return len(items)


@transaction.atomic
def agenda_refer_cases(*, meeting: Meeting, cases: Iterable[SupportCase], acting_user: User) -> int:
    """Put selected support cases on a meeting's agenda in one action (all, or none)."""
    _require_meeting(acting_user, meeting)
    require_secretariat(acting_user)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable:
        raise errors.locked_meeting()
    cases = list(cases)
    if not cases:
        raise ValidationError("هیچ پرونده‌ای انتخاب نشده است.", code="nothing_selected")
    visible = set(case_list_for_user(user=acting_user).values_list("pk", flat=True))
    order = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    for case in cases:
        if case.pk not in visible:
            raise errors.not_allowed("پرونده انتخاب‌شده در حوزه دسترسی شما نیست.")
        if meeting.agenda_items.filter(case=case).exists():
            continue
        units_services.case_refer(case=case, meeting_label=str(meeting), acting_user=acting_user)
        order += 1
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            case=case,
            title=f"بررسی پرونده {_code(case.code)} ({case.get_type_display()}): {case.unit}",
        )
    return len(cases)


def objection_title(objection: Objection) -> str:
    """An objection's agenda title: the resolution's code and the agency, no text."""
    assignment = objection.assignment
    return f"رسیدگی به اعتراض «{assignment.agency}» به مصوبه {_code(assignment.resolution.code)}"


def agenda_add_objection(*, meeting: Meeting, objection: Objection) -> AgendaItem:
    """Put an objection under review on a planned meeting's agenda (by itself: the objection
    service calls this; no person chooses it)."""
    order = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting, order=order + 1, title=objection_title(objection), objection=objection
    )
    ResolutionEvent.objects.create(
        resolution_id=objection.assignment.resolution_id,
        assignment_id=objection.assignment_id,
        kind=Event.CARRIED_OVER,
        description=f"اعتراض «{objection.assignment.agency}» برای رسیدگی در دستور {meeting} "
        "قرار گرفت.",
    )
    return item


def _agenda_take_waiting_objections(meeting: Meeting) -> None:
    """A new planned meeting takes the committee's objections that wait for a meeting (filed
    when none was planned), as open resolutions are carried over."""
    if meeting.status != Meeting.Status.PLANNED or meeting.date < today():
        return
    # Waiting: on no agenda, or only on meetings that were cancelled.
    on_agenda = AgendaItem.objects.filter(objection=OuterRef("pk")).exclude(
        meeting__status=Meeting.Status.CANCELLED
    )
    waiting = (
        Objection.objects.filter(
            status=Objection.Status.UNDER_REVIEW,
            assignment__resolution__committee_id=meeting.committee_id,
        )
        .exclude(Exists(on_agenda))
        .select_related("assignment__agency", "assignment__resolution")
    )
    for objection in waiting:
        agenda_add_objection(meeting=meeting, objection=objection)
