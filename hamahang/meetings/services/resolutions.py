"""Resolutions: create, assign to agencies, edit, and derive their state from the assignments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from hamahang.accounts.access import (
    require_secretariat,
)
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user
from hamahang.core import clock
from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.jalali import format_jalali
from hamahang.core.workdays import MAX_WORKING_DAYS, WorkCalendar, WorkdayError
from hamahang.meetings import errors
from hamahang.meetings.deadlines import calendar_for, open_deadline
from hamahang.meetings.models import (
    Assignment,
    Meeting,
    Resolution,
)
from hamahang.meetings.notifications import notify_assignment_issued
from hamahang.meetings.services._common import (
    Event,
    _code,
    _concerned_case,
    _concerned_project,
    _lock,
    _locked,
    _record,
    _require_committee,
    _require_meeting,
    _require_resolutions,
    _require_text,
    require_held,
)
from hamahang.meetings.services.reliefs import (
    clean_obstacle,
    clean_relief_expiry,
    relief_schedule,
)
from hamahang.meetings.webhook_events import emit_resolution_issued
from hamahang.organizations.models import Agency
from hamahang.projects.models import Project
from hamahang.units import services as units_services
from hamahang.units.models import SupportCase


@dataclass(frozen=True)
class AssignmentSpec:
    """One agency's assignment: a deadline date, or a count of working days from the meeting
    (`working_days`, which wins when given; Persian digits accepted)."""

    agency: Agency
    deadline: dt.date | None = None
    role: str = Assignment.Role.LEAD
    working_days: int | str | None = None


def working_day_count(value) -> int:
    """A working-day count typed by a person or sent by a client: a whole number from 1 to
    `MAX_WORKING_DAYS`, Persian or Arabic digits accepted; else a Persian refusal."""
    text = to_ascii_digits(str(value)).strip() if value is not None else ""
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?[0-9]{1,7}", text):
        raise ValidationError("تعداد روز کاری باید عدد صحیح باشد.", code="invalid_working_days")
    count = int(text)
    if count < 1:
        raise ValidationError("تعداد روز کاری باید دست‌کم یک روز باشد.", code="invalid_working_days")
    if count > MAX_WORKING_DAYS:
        raise ValidationError(
            f"تعداد روز کاری بیش از حد مجاز ({to_persian_digits(MAX_WORKING_DAYS)} روز) است.",
            code="invalid_working_days",
        )
    return count


def spec_deadline(
    committee, meeting_date: dt.date, spec, calendar: WorkCalendar | None = None
) -> tuple[dt.date, str]:
    """The deadline date of a spec (anything with `agency`, `deadline`, `working_days`) and a
    Persian note when it was moved off a closed day: the one rule every write path (screens,
    API, Excel) goes through."""
    if spec.working_days not in (None, ""):
        count = working_day_count(spec.working_days)
        calendar = calendar or calendar_for(committee, around=meeting_date)
        try:
            return calendar.add_working_days(meeting_date, count), ""
        except WorkdayError as error:
            raise ValidationError(str(error), code="invalid_working_days") from error
    if spec.deadline is None:
        raise ValidationError(
            f"مهلت «{spec.agency}» را به تاریخ یا به روز کاری بنویسید.", code="deadline_required"
        )
    return open_deadline(committee, spec.deadline, calendar)


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
    obstacle: str = "",
    legal_basis: str = "",
    relief_expires_on: dt.date | None = None,
) -> Resolution:
    _require_meeting(acting_user, meeting)
    require_secretariat(acting_user)
    _require_committee(acting_user, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_held(meeting, "ثبت مصوبه")
    if not meeting.is_editable:
        raise errors.locked_meeting()
    number = (meeting.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    obstacle, legal_basis = clean_obstacle(obstacle, legal_basis)
    relief_expires_on = clean_relief_expiry(
        type=type, expires_on=relief_expires_on, meeting_date=meeting.date
    )
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
        obstacle=obstacle or (case.obstacle if case else ""),
        legal_basis=legal_basis or (case.legal_basis if case else ""),
        relief_expires_on=relief_expires_on,
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
    relief_schedule(resolution, acting_user)
    emit_resolution_issued(resolution, key=f"resolution.issued:{resolution.pk}")
    return resolution


def _assign(resolution: Resolution, spec: AssignmentSpec, acting_user: User) -> Assignment:
    allowed = agency_list_for_user(user=acting_user).filter(pk=spec.agency.pk).exists()
    if not allowed:
        raise errors.not_allowed("این دستگاه در حوزه دسترسی شما نیست.")
    if resolution.assignments.filter(agency=spec.agency).exists():
        raise ValidationError(
            f"این مصوبه پیش‌تر به «{spec.agency}» ابلاغ شده است.", code="duplicate_assignment"
        )
    by_date = spec.working_days in (None, "")
    if by_date and spec.deadline is not None and spec.deadline < resolution.meeting_date:
        raise ValidationError(
            f"مهلت «{spec.agency}» ({format_jalali(spec.deadline)}) پیش از تاریخ جلسه "
            f"({format_jalali(resolution.meeting_date)}) است.",
            code="deadline_before_meeting",
        )
    deadline, note = spec_deadline(resolution.committee, resolution.meeting_date, spec)
    working_days = None if by_date else working_day_count(spec.working_days)
    assignment = Assignment(
        resolution=resolution,
        agency=spec.agency,
        role=spec.role,
        deadline=deadline,
        working_days=working_days,
    )
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    assignment.save()
    given = f" ({to_persian_digits(working_days)} روز کاری)" if working_days else ""
    _record(
        resolution,
        Event.ASSIGNED,
        f"به «{spec.agency}» ({assignment.get_role_display()}) با مهلت "
        f"{format_jalali(deadline)}{given} ابلاغ شد." + (f" {note}" if note else ""),
        acting_user,
        assignment,
    )
    if note:
        # What the screens and the API tell the person: the deadline was moved.
        resolution.deadline_notes = [
            *getattr(resolution, "deadline_notes", []),
            f"«{spec.agency}»: {note}",
        ]
    notify_assignment_issued(assignment)
    return assignment


@transaction.atomic
def resolution_assign(
    *,
    resolution: Resolution,
    agency: Agency,
    deadline: dt.date | None,
    acting_user: User,
    role: str = Assignment.Role.LEAD,
    working_days: int | str | None = None,
) -> Assignment:
    _require_resolutions(acting_user, resolution)
    require_secretariat(acting_user)
    resolution = _lock(Resolution, resolution.pk)
    require_held(resolution.meeting, "ابلاغ مصوبه به دستگاه")
    if not resolution.meeting.is_editable:
        raise errors.locked_meeting()
    assignment = _assign(
        resolution, AssignmentSpec(agency, deadline, role, working_days), acting_user
    )
    assignment.deadline_notes = getattr(resolution, "deadline_notes", [])
    resolution_roll_up(resolution)
    # Issued to one more agency: subscribers hear of it with the whole list.
    emit_resolution_issued(
        resolution, key=f"resolution.issued:{resolution.pk}:agency:{assignment.agency_id}"
    )
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
    obstacle: str | None = None,
    legal_basis: str | None = None,
    relief_expires_on: dt.date | None = None,
) -> Resolution:
    """Edit a resolution; `obstacle`/`legal_basis` left None keep what is stored. An existing
    relief may stay without an expiry date (the ledger lists it as a gap) until one is set."""
    _require_resolutions(acting_user, resolution)
    require_secretariat(acting_user)
    row = _locked(Resolution, resolution.pk, version, "مصوبه")
    if not row.meeting.is_editable:
        raise errors.locked_meeting()
    row.text = _require_text(text, "متن مصوبه را بنویسید.")
    if is_confidential and row.is_published:
        raise errors.published_not_confidential(row)
    expiry = relief_expires_on or (row.relief_expires_on if type == row.type else None)
    row.relief_expires_on = clean_relief_expiry(
        type=type,
        expires_on=expiry,
        meeting_date=row.meeting_date,
        required=row.type != type and type in Resolution.RELIEF_TYPES,
    )
    row.obstacle, row.legal_basis = clean_obstacle(
        row.obstacle if obstacle is None else obstacle,
        row.legal_basis if legal_basis is None else legal_basis,
    )
    row.type, row.is_confidential = type, is_confidential
    row.project = _concerned_project(acting_user, project)
    row.version += 1
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    _record(row, Event.EDITED, f"متن یا نوع مصوبه {_code(row.code)} ویرایش شد.", acting_user)
    relief_schedule(row, acting_user)
    return row


def _publish(row: Resolution, acting_user: User) -> None:
    if row.is_confidential:
        raise errors.confidential_not_published(row)
    if row.is_published:
        return
    row.is_published, row.published_at = True, clock.now()
    row.save(update_fields=["is_published", "published_at", "updated_at"])
    _record(row, Event.PUBLISHED, f"{row} برای عموم منتشر شد.", acting_user)


@transaction.atomic
def resolution_publish(*, resolution: Resolution, acting_user: User) -> Resolution:
    """Show the resolution on the public portal (hamahang.public): its code, text, committee,
    meeting and its agencies' progress. Refused for a confidential resolution; publishing a
    published one changes nothing."""
    _require_resolutions(acting_user, resolution)
    require_secretariat(acting_user)
    row = _lock(Resolution, resolution.pk)
    _publish(row, acting_user)
    return row


@transaction.atomic
def resolution_unpublish(*, resolution: Resolution, acting_user: User) -> Resolution:
    """Take the resolution off the public portal (its feed entry and open data go with it)."""
    _require_resolutions(acting_user, resolution)
    require_secretariat(acting_user)
    row = _lock(Resolution, resolution.pk)
    if row.is_published:
        row.is_published, row.published_at = False, None
        row.save(update_fields=["is_published", "published_at", "updated_at"])
        _record(row, Event.UNPUBLISHED, f"انتشار {row} برای عموم لغو شد.", acting_user)
    return row


@transaction.atomic
def resolutions_bulk_publish(*, resolutions: Iterable[Resolution], acting_user: User) -> int:
    """Publish several resolutions: all, or none if any is confidential. Returns how many
    were newly published."""
    resolutions = list(resolutions)
    _require_resolutions(acting_user, *resolutions)
    require_secretariat(acting_user)
    rows = list(
        Resolution.objects.select_for_update()
        .filter(pk__in=[r.pk for r in resolutions])
        .order_by("pk")
    )
    for row in rows:
        if row.is_confidential:
            raise errors.confidential_not_published(row)
    fresh = [row for row in rows if not row.is_published]
    for row in fresh:
        _publish(row, acting_user)
    return len(fresh)


def resolution_derived_state(
    rows: Iterable[tuple[str, int, dt.date]],
) -> tuple[str, int, dt.date | None]:
    """A resolution's status, progress and next deadline, from its assignments'
    (status, progress, deadline): the one statement of this rule (bulk loaders use it too;
    docs/domain-rules.md says it for readers).

    A resolution (مصوبه) is not worked on itself: each agency's assignment (تکلیف دستگاه) is,
    and the resolution follows them. Cancelled (لغو) assignments are left out ("live" ones
    count), and then, the first rule that applies wins:

    1. no assignment at all → no action (بدون تکلیف): informational resolutions, rejections;
    2. every assignment cancelled → cancelled (لغو شده);
    3. some live assignment still open (issued, in progress, or reported done but not yet
       verified by the secretariat) → in progress (در دست اجرا) once any live assignment has
       moved past issued or reported any progress, otherwise issued (ابلاغ شده);
    4. all live assignments closed, and any of them not implemented → not implemented
       (اجرا نشده): one agency failing to act fails the resolution;
    5. otherwise, any verified done → done (اجرا شده);
    6. otherwise (all not feasible) → not feasible (منتفی).

    Progress is the rounded mean of the live assignments' progress (0 with none); the next
    deadline is the earliest deadline of an open assignment (none when nothing is open), so a
    resolution is overdue exactly when one of its assignments is."""
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
    # A deadline paused by an objection under review comes as None: it is not the next one.
    next_deadline = min((row[2] for row in open_rows if row[2] is not None), default=None)
    return status, progress, next_deadline


def resolution_roll_up(resolution: Resolution) -> None:
    """The resolution's status, progress and next deadline follow from its assignments."""
    status, progress, next_deadline = resolution_derived_state(
        (status, progress, None if paused_on else deadline)
        for status, progress, deadline, paused_on in resolution.assignments.values_list(
            "status", "progress", "deadline", "paused_on"
        )
    )
    R = Resolution.Status
    # Saved, not updated in bulk: every change of status or progress leaves a history row.
    row = Resolution.objects.get(pk=resolution.pk)
    if (row.status, row.progress, row.next_deadline) != (status, progress, next_deadline):
        row.status, row.progress, row.next_deadline = status, progress, next_deadline
        row.save(update_fields=["status", "progress", "next_deadline"])
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
