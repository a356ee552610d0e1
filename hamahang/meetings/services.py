"""Every write of the meetings domain. Keyword-only, validated, atomic, with an event row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from hamahang.accounts.access import (
    can_approve_minutes,
    can_run_secretariat,
    is_liaison,
    require_secretariat,
)
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user, committee_list_for_user
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, jalali_year, today
from hamahang.core.text import ltr_isolate, normalize_text
from hamahang.meetings import errors
from hamahang.meetings.models import (
    AgendaItem,
    Assignment,
    Attendance,
    DeadlineExtension,
    FollowUp,
    Meeting,
    Resolution,
    ResolutionEvent,
)
from hamahang.meetings.notifications import notify_assignment_issued, notify_followup_returned
from hamahang.organizations.models import Agency, Committee
from hamahang.projects.models import Project
from hamahang.projects.selectors import project_list_for_user
from hamahang.units import services as units_services
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user

Event = ResolutionEvent.Kind


def _fa(value) -> str:
    return to_persian_digits(value)


def _code(code: str) -> str:
    return ltr_isolate(to_persian_digits(code))


def _wall_time(value: dt.time | None) -> dt.time | None:
    """Meeting times are Tehran wall-clock times: an offset, if given, is dropped."""
    return value.replace(tzinfo=None) if value is not None else None


def _require_committee(user: User, committee: Committee) -> None:
    if not committee_list_for_user(user=user).filter(pk=committee.pk).exists():
        raise errors.not_allowed("این ستاد در حوزه دسترسی شما نیست.")


def _require_text(value: str, message: str) -> str:
    cleaned = normalize_text(value)
    if not cleaned:
        raise ValidationError(message, code="required")
    return cleaned


def _record(
    resolution: Resolution,
    kind: str,
    description: str,
    actor: User | None,
    assignment: Assignment | None = None,
) -> ResolutionEvent:
    return ResolutionEvent.objects.create(
        resolution=resolution,
        assignment=assignment,
        actor=actor,
        kind=kind,
        description=description,
    )


def _locked(model, pk: int, version: int | None, kind: str):
    """The row locked for update, refusing a write based on an out-of-date copy."""
    row = model.objects.select_for_update().get(pk=pk)
    if version is not None and row.version != int(version):
        raise errors.stale(kind)
    return row


# --- Meetings --------------------------------------------------------------------------------


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
            return meeting
        except IntegrityError:
            if number is not None:
                raise
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
    row.date, row.start_time = date, _wall_time(start_time)
    row.place, row.chair, row.notes = normalize_text(place), normalize_text(chair), notes
    row.version += 1
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    Resolution.objects.filter(meeting=row).update(meeting_date=date)
    return row


@transaction.atomic
def meeting_transition(*, meeting: Meeting, to_status: str, acting_user: User) -> Meeting:
    """Planned → held → minutes approved (locked); planned/held → cancelled."""
    row = Meeting.objects.select_for_update().get(pk=meeting.pk)
    target = Meeting.Status(to_status)
    if target == Meeting.Status.APPROVED:
        if not can_approve_minutes(acting_user):
            raise errors.not_allowed("تأیید صورتجلسه با دبیرخانه یا مدیر است.")
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
    require_secretariat(acting_user)
    if not meeting.is_editable:
        raise errors.locked_meeting()
    project = _concerned_project(acting_user, project)
    if project is not None and not normalize_text(title):
        title = f"بررسی طرح {_code(project.code)}: {project.title}"
    title = _require_text(title, "موضوع دستور جلسه را بنویسید.")
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title, project=project)


@transaction.atomic
def agenda_carry_over(*, meeting: Meeting, acting_user: User) -> int:
    """Put the committee's still-open resolutions of earlier meetings on this agenda."""
    open_resolutions = Resolution.objects.filter(
        committee_id=meeting.committee_id,
        status__in=Resolution.OPEN_STATUSES,
        meeting_date__lte=meeting.date,
    ).exclude(meeting=meeting)
    return agenda_add_resolutions(
        meeting=meeting, resolutions=open_resolutions, acting_user=acting_user
    )


@transaction.atomic
def agenda_add_resolutions(
    *, meeting: Meeting, resolutions: Iterable[Resolution], acting_user: User
) -> int:
    """Put resolutions (for follow-up) on a meeting's agenda, each at most once."""
    require_secretariat(acting_user)
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
                title=f"پیگیری مصوبه {_code(resolution.code)}: {resolution.text[:200]}",
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


# --- Resolutions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentSpec:
    agency: Agency
    deadline: dt.date
    role: str = Assignment.Role.LEAD


def _concerned_case(user: User, case: SupportCase | None) -> SupportCase | None:
    if case is None:
        return None
    if not case_list_for_user(user=user).filter(pk=case.pk).exists():
        raise errors.not_allowed("این پرونده در حوزه دسترسی شما نیست.")
    if case.status not in SupportCase.OPEN_STATUSES:
        raise ValidationError(
            f"پرونده {_code(case.code)} «{case.get_status_display()}» است؛ مصوبه تازه برای آن "
            "ثبت نمی‌شود.",
            code="case_closed",
        )
    return case


def _concerned_project(user: User, project: Project | None) -> Project | None:
    if project is not None and not project_list_for_user(user=user).filter(pk=project.pk).exists():
        raise errors.not_allowed("این طرح در حوزه دسترسی شما نیست.")
    return project


def resolution_code(meeting: Meeting, number: int) -> str:
    """Year, meeting and item: 1399-24-07."""
    return f"{meeting.jalali_year}-{meeting.number:02d}-{number:02d}"


@transaction.atomic
def resolution_create(
    *,
    meeting: Meeting,
    text: str,
    acting_user: User,
    type: str = Resolution.Type.DIRECTIVE,
    is_confidential: bool = False,
    assignments: Iterable[AssignmentSpec] = (),
    project: Project | None = None,
    case: SupportCase | None = None,
) -> Resolution:
    require_secretariat(acting_user)
    _require_committee(acting_user, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable:
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError("برای جلسه لغو شده مصوبه ثبت نمی‌شود.", code="meeting_cancelled")
        raise errors.locked_meeting()
    number = (meeting.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    resolution = Resolution(
        meeting=meeting,
        committee_id=meeting.committee_id,
        meeting_date=meeting.date,
        number=number,
        code=resolution_code(meeting, number),
        text=_require_text(text, "متن مصوبه را بنویسید."),
        type=type,
        is_confidential=is_confidential,
        project=_concerned_project(acting_user, project),
        case=_concerned_case(acting_user, case),
        unit_id=case.unit_id if case else None,
    )
    resolution.full_clean(validate_unique=False, validate_constraints=False)
    resolution.save()
    if case is not None:
        units_services.case_decide(
            case=case,
            resolution_label=f"مصوبه {_code(resolution.code)}",
            rejected=type == Resolution.Type.REJECTION,
            acting_user=acting_user,
        )
    _record(
        resolution,
        Event.CREATED,
        f"مصوبه {_code(resolution.code)} در {meeting} ثبت شد.",
        acting_user,
    )
    for spec in assignments:
        _assign(resolution, spec, acting_user)
    resolution_roll_up(resolution)
    return resolution


def _assign(resolution: Resolution, spec: AssignmentSpec, acting_user: User) -> Assignment:
    allowed = agency_list_for_user(user=acting_user).filter(pk=spec.agency.pk).exists()
    if not allowed:
        raise errors.not_allowed("این دستگاه در حوزه دسترسی شما نیست.")
    if resolution.assignments.filter(agency=spec.agency).exists():
        raise ValidationError(
            f"این مصوبه پیش‌تر به «{spec.agency}» ابلاغ شده است.", code="duplicate_assignment"
        )
    if spec.deadline < resolution.meeting_date:
        raise ValidationError(
            f"مهلت «{spec.agency}» ({format_jalali(spec.deadline)}) پیش از تاریخ جلسه "
            f"({format_jalali(resolution.meeting_date)}) است.",
            code="deadline_before_meeting",
        )
    assignment = Assignment(
        resolution=resolution, agency=spec.agency, role=spec.role, deadline=spec.deadline
    )
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    assignment.save()
    _record(
        resolution,
        Event.ASSIGNED,
        f"به «{spec.agency}» ({assignment.get_role_display()}) با مهلت "
        f"{format_jalali(spec.deadline)} ابلاغ شد.",
        acting_user,
        assignment,
    )
    notify_assignment_issued(assignment.pk)
    return assignment


@transaction.atomic
def resolution_assign(
    *,
    resolution: Resolution,
    agency: Agency,
    deadline: dt.date,
    acting_user: User,
    role: str = Assignment.Role.LEAD,
) -> Assignment:
    require_secretariat(acting_user)
    resolution = _locked(Resolution, resolution.pk, None, "مصوبه")
    if not resolution.meeting.is_editable:
        raise errors.locked_meeting()
    assignment = _assign(resolution, AssignmentSpec(agency, deadline, role), acting_user)
    resolution_roll_up(resolution)
    return assignment


@transaction.atomic
def resolution_update(
    *,
    resolution: Resolution,
    version: int,
    acting_user: User,
    text: str,
    type: str,
    is_confidential: bool,
    project: Project | None = None,
) -> Resolution:
    require_secretariat(acting_user)
    row = _locked(Resolution, resolution.pk, version, "مصوبه")
    if not row.meeting.is_editable:
        raise errors.locked_meeting()
    row.text = _require_text(text, "متن مصوبه را بنویسید.")
    row.type, row.is_confidential = type, is_confidential
    row.project = _concerned_project(acting_user, project)
    row.version += 1
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    _record(row, Event.EDITED, f"متن یا نوع مصوبه {_code(row.code)} ویرایش شد.", acting_user)
    return row


def resolution_derived_state(
    rows: Iterable[tuple[str, int, dt.date]],
) -> tuple[str, int, dt.date | None]:
    """A resolution's status, progress and next deadline, from its assignments'
    (status, progress, deadline): the one statement of this rule (bulk loaders use it too)."""
    rows = list(rows)
    S, R = Assignment.Status, Resolution.Status
    live = [row for row in rows if row[0] != S.CANCELLED]
    open_rows = [row for row in live if row[0] in Assignment.OPEN_STATUSES]
    if not rows:
        status = R.NO_ACTION
    elif not live:
        status = R.CANCELLED
    elif open_rows:
        started = any(row[0] != S.ISSUED or row[1] > 0 for row in live)
        status = R.IN_PROGRESS if started else R.ISSUED
    elif any(row[0] == S.NOT_IMPLEMENTED for row in live):
        status = R.NOT_IMPLEMENTED
    elif any(row[0] == S.VERIFIED_DONE for row in live):
        status = R.DONE
    else:
        status = R.NOT_FEASIBLE
    progress = round(sum(row[1] for row in live) / len(live)) if live else 0
    next_deadline = min((row[2] for row in open_rows), default=None)
    return status, progress, next_deadline


def resolution_roll_up(resolution: Resolution) -> None:
    """The resolution's status, progress and next deadline follow from its assignments."""
    status, progress, next_deadline = resolution_derived_state(
        resolution.assignments.values_list("status", "progress", "deadline")
    )
    R = Resolution.Status
    Resolution.objects.filter(pk=resolution.pk).update(
        status=status, progress=progress, next_deadline=next_deadline
    )
    if status == R.DONE:
        case_id, code = Resolution.objects.values_list("case_id", "code").get(pk=resolution.pk)
        if case_id:
            units_services.case_mark_implemented(
                case=SupportCase(pk=case_id),
                resolution_label=f"مصوبه {_code(code)}",
                acting_user=None,
            )
    resolution.status, resolution.progress, resolution.next_deadline = (
        status,
        progress,
        next_deadline,
    )


# --- Assignments and follow-ups --------------------------------------------------------------


def _may_report(user: User, assignment: Assignment) -> bool:
    if is_liaison(user):
        return user.agency_id == assignment.agency_id
    return can_run_secretariat(user)


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
    row = _locked(Assignment, assignment.pk, None, "تکلیف")
    if not _may_report(acting_user, row):
        raise errors.not_allowed("فقط رابط دستگاه مسئول می‌تواند برای این تکلیف گزارش ثبت کند.")
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


def _pending_followup(followup: FollowUp) -> FollowUp:
    row = FollowUp.objects.select_for_update().select_related("assignment").get(pk=followup.pk)
    if row.status != FollowUp.Status.SUBMITTED:
        raise ValidationError("این گزارش پیش‌تر بررسی شده است.", code="followup_reviewed")
    return row


@transaction.atomic
def followup_accept(*, followup: FollowUp, acting_user: User) -> FollowUp:
    """Accept a report; a final one closes the assignment as verified done."""
    require_secretariat(acting_user)
    row = _pending_followup(followup)
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
    return row


@transaction.atomic
def followup_return(*, followup: FollowUp, reason: str, acting_user: User) -> FollowUp:
    """Send a report back to the agency with a reason; the assignment is open again."""
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


@transaction.atomic
def assignment_set_status(
    *, assignment: Assignment, status: str, acting_user: User, version: int | None, reason: str = ""
) -> Assignment:
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
    version: int | None = None,
) -> Assignment:
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
    require_secretariat(acting_user)
    rows = list(Assignment.objects.select_for_update().filter(pk__in=[a.pk for a in assignments]))
    if not rows:
        raise ValidationError("هیچ تکلیفی انتخاب نشده است.", code="nothing_selected")
    for row in rows:
        _set_status(row, status, normalize_text(reason), acting_user)
    for resolution_id in {row.resolution_id for row in rows}:
        resolution_roll_up(Resolution(pk=resolution_id))
    return len(rows)
