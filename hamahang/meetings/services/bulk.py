"""Many meetings, resolutions and assignments at once (an import), by the screens' rules.

Input is typed rows (`MeetingRow`, `ResolutionRow`, `AssignmentRow`), each carrying the
caller's `ref`; the answer is counts and `RowProblem`s naming the row and field. The caller
rolls everything back when there is any problem, so a file is written whole or not at all.

- A row equal to what is stored changes nothing: no save, no history row, no event.
- A change to a stored record goes through the service a screen uses (`meeting_update`,
  `meeting_transition`, `resolution_update`, `assignment_extend_deadline`,
  `assignment_set_status`) and so is refused exactly where a screen refuses it: approved
  (locked) or cancelled minutes, a meeting moved back, a deadline brought forward, a status
  the assignment cannot move to.
- A record not stored yet is loaded as the file states it (a province bringing its past
  records in: historic statuses and dates are kept), under the same checks a screen makes
  (scope, a meeting that still takes resolutions, deadlines not before the meeting), with
  the event row a screen writes. A new meeting is created planned and then moved forward
  through `meeting_transition`: to held before its resolutions are read (resolutions and
  assignments are recorded only on a held meeting, `require_held`), to approved after.
- Two rows for the same record in one file are refused (duplicate or contradictory).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from hamahang.accounts.access import require_secretariat
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user, committee_list_for_user
from hamahang.core.bulk import RowProblem
from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, jalali_year
from hamahang.core.provenance import current_write_source
from hamahang.core.text import display_code, normalize_text
from hamahang.meetings.models import Assignment, Meeting, Resolution, ResolutionEvent
from hamahang.meetings.services._common import Event, _code, _record, require_held
from hamahang.meetings.services.assignments import (
    assignment_extend_deadline,
    assignment_set_status,
)
from hamahang.meetings.services.meetings import (
    meeting_create,
    meeting_transition,
    meeting_update,
)
from hamahang.meetings.services.reliefs import (
    clean_obstacle,
    clean_relief_expiry,
    reliefs_schedule_all,
)
from hamahang.meetings.services.resolutions import (
    resolution_code,
    resolution_roll_up,
    resolution_update,
    spec_deadline,
    working_day_count,
)
from hamahang.organizations.models import Agency, Committee
from hamahang.projects.models import Project
from hamahang.units.models import SupportCase

IMPORT_REASON = "ورود از اکسل"


@dataclass(frozen=True)
class MeetingRow:
    ref: Any
    committee: Committee
    year: int
    number: int
    date: dt.date
    status: str
    start_time: dt.time | None = None
    place: str = ""
    chair: str = ""


@dataclass(frozen=True)
class ResolutionRow:
    ref: Any
    committee: Committee
    year: int
    meeting_number: int
    number: int
    text: str
    type: str
    is_confidential: bool = False
    project: Project | None = None
    case: SupportCase | None = None
    obstacle: str = ""
    legal_basis: str = ""
    relief_expires_on: dt.date | None = None


@dataclass(frozen=True)
class AssignmentRow:
    ref: Any
    committee: Committee
    resolution_code: str
    agency: Agency
    role: str
    deadline: dt.date | None
    status: str
    progress: int = 0
    reported_done_on: dt.date | None = None
    closed_on: dt.date | None = None
    # Or the deadline in working days from the meeting (the same rule as the screens').
    working_days: int | str | None = None


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def _forward_path(current: str, target: str) -> list[str] | None:
    """The states a meeting passes through from `current` to `target` (None: unreachable)."""
    S = Meeting.Status
    paths = {(S.PLANNED, S.HELD): [S.HELD], (S.PLANNED, S.APPROVED): [S.HELD, S.APPROVED]}
    paths[(S.HELD, S.APPROVED)] = [S.APPROVED]
    if current == target:
        return []
    if target == S.CANCELLED and current in Meeting.EDITABLE:
        return [S.CANCELLED]
    return paths.get((S(current), S(target)))


class _Duplicates:
    """Rows of one file that name the same record: the same → duplicate; else contradictory."""

    def __init__(self, problems: list[RowProblem]):
        self.seen: dict = {}
        self.problems = problems

    def clash(self, key, row, field: str, what: str) -> bool:
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = row
            return False
        same = {k: v for k, v in vars(row).items() if k != "ref"} == {
            k: v for k, v in vars(first).items() if k != "ref"
        }
        where = getattr(first.ref, "number", first.ref)
        self.problems.append(
            RowProblem(
                row.ref,
                field,
                f"{what} در ردیف {to_persian_digits(where)} همین برگه هم آمده است"
                + ("." if same else " و با آن ناسازگار است؛ یکی را نگه دارید."),
            )
        )
        return True


def meetings_bulk_upsert(
    *,
    meetings: list[MeetingRow],
    resolutions: list[ResolutionRow],
    assignments: list[AssignmentRow],
    acting_user: User,
) -> tuple[dict, list[RowProblem]]:
    require_secretariat(acting_user)
    problems: list[RowProblem] = []
    counts: dict[str, int] = defaultdict(int)
    committees = set(committee_list_for_user(user=acting_user).values_list("pk", flat=True))
    agencies = set(agency_list_for_user(user=acting_user).values_list("pk", flat=True))
    stored = {
        (m.committee_id, m.jalali_year, m.number): m
        for m in Meeting.objects.filter(committee_id__in=committees).select_related("committee")
    }
    by_key: dict[tuple, Meeting] = {}
    locked_before: set[int] = {m.pk for m in stored.values() if not m.is_editable}
    pending: list[tuple[MeetingRow, Meeting, list[str]]] = []

    duplicates = _Duplicates(problems)
    for row in meetings:
        if row.committee.pk not in committees:
            problems.append(RowProblem(row.ref, "committee", "این ستاد در حوزه دسترسی شما نیست."))
            continue
        key = (row.committee.pk, row.year, row.number)
        if duplicates.clash(key, row, "number", "این جلسه"):
            continue
        if jalali_year(row.date) != row.year:
            problems.append(RowProblem(row.ref, "year", "سال با تاریخ جلسه نمی‌خواند."))
            continue
        meeting = stored.get(key)
        if meeting is None:
            try:
                meeting = meeting_create(
                    committee=row.committee,
                    date=row.date,
                    number=row.number,
                    start_time=row.start_time,
                    place=row.place,
                    chair=row.chair,
                    acting_user=acting_user,
                )
            except ValidationError as error:
                problems.append(RowProblem(row.ref, "number", _messages(error)))
                continue
            counts["meetings_created"] += 1
        else:
            changed = _meeting_changes(meeting, row)
            path = _forward_path(meeting.status, row.status)
            if (changed or row.status != meeting.status) and not meeting.is_editable:
                problems.append(
                    RowProblem(
                        row.ref,
                        "status" if row.status != meeting.status else changed[0],
                        f"{meeting} «{meeting.get_status_display()}» است"
                        + (
                            " (صورتجلسه تأیید و قفل شده)"
                            if meeting.status == Meeting.Status.APPROVED
                            else ""
                        )
                        + "؛ تغییر آن از راه ورود پذیرفته نیست.",
                    )
                )
                continue
            if path is None:
                problems.append(
                    RowProblem(
                        row.ref,
                        "status",
                        f"{meeting} «{meeting.get_status_display()}» است و به "
                        f"«{Meeting.Status(row.status).label}» بازنمی‌گردد.",
                    )
                )
                continue
            if changed:
                try:
                    meeting = meeting_update(
                        meeting=meeting,
                        version=meeting.version,
                        date=row.date,
                        start_time=row.start_time,
                        place=row.place,
                        chair=row.chair or meeting.chair,
                        notes=meeting.notes,
                        acting_user=acting_user,
                    )
                except ValidationError as error:
                    problems.append(RowProblem(row.ref, changed[0], _messages(error)))
                    continue
                counts["meetings_updated"] += 1
            elif not path:
                counts["meetings_unchanged"] += 1
        by_key[key] = meeting
        path = _forward_path(
            Meeting.Status.PLANNED if key not in stored else meeting.status, row.status
        )
        if path and path[0] == Meeting.Status.HELD:
            # Held before its resolutions are read (they are recorded only on a held meeting,
            # `require_held`); the approval, which locks the minutes, after they are in.
            try:
                meeting = meeting_transition(
                    meeting=meeting, to_status=Meeting.Status.HELD, acting_user=acting_user
                )
            except ValidationError as error:
                problems.append(RowProblem(row.ref, "status", _messages(error)))
                continue
            by_key[key], path = meeting, path[1:]
            if not path:
                counts["meetings_moved"] += 1
        if path:
            pending.append((row, meeting, path))

    touched: set[int] = set()
    _resolutions(resolutions, stored, by_key, locked_before, acting_user, problems, counts, touched)
    _assignments(
        assignments, committees, agencies, locked_before, acting_user, problems, counts, touched
    )
    for resolution_id in touched:
        resolution_roll_up(Resolution(pk=resolution_id))
    if any(row.relief_expires_on for row in resolutions):
        # Imported reliefs expiring soon go onto the next agenda like those typed in.
        reliefs_schedule_all()

    for row, meeting, path in pending:
        try:
            for status in path:
                meeting = meeting_transition(
                    meeting=meeting, to_status=status, acting_user=acting_user
                )
        except ValidationError as error:
            problems.append(RowProblem(row.ref, "status", _messages(error)))
            continue
        counts["meetings_moved"] += 1
        if meeting.status == Meeting.Status.APPROVED:
            # meeting_transition writes its approval events in bulk (no save signal).
            ResolutionEvent.objects.filter(
                resolution__meeting=meeting, kind=Event.MINUTES_APPROVED, source=""
            ).update(source=current_write_source()[:300])
    return dict(counts), problems


def _meeting_changes(meeting: Meeting, row: MeetingRow) -> list[str]:
    changed = []
    if meeting.date != row.date:
        changed.append("date")
    if (meeting.start_time or None) != (row.start_time or None):
        changed.append("start_time")
    if normalize_text(meeting.place) != normalize_text(row.place or ""):
        changed.append("place")
    if row.chair and normalize_text(meeting.chair) != normalize_text(row.chair):
        changed.append("chair")
    return changed


def _resolutions(rows, stored, by_key, locked_before, user, problems, counts, touched):
    meeting_ids = [m.pk for m in by_key.values()]
    existing = {
        (r.committee_id, r.code): r
        for r in Resolution.objects.filter(meeting_id__in=meeting_ids).select_related("meeting")
    }
    duplicates = _Duplicates(problems)
    for row in sorted(rows, key=lambda r: (r.committee.pk, r.year, r.meeting_number, r.number)):
        meeting = by_key.get((row.committee.pk, row.year, row.meeting_number))
        if meeting is None:
            known = (row.committee.pk, row.year, row.meeting_number) in stored
            problems.append(
                RowProblem(
                    row.ref,
                    "meeting_number",
                    "ردیف این جلسه در برگه «جلسات» ایراد دارد."
                    if known
                    else "این جلسه نه در برگه «جلسات» آمده و نه در سامانه هست.",
                )
            )
            continue
        code = resolution_code(meeting, row.number)
        if duplicates.clash((row.committee.pk, code), row, "number", f"مصوبه {_code(code)}"):
            continue
        resolution = existing.get((row.committee.pk, code))
        locked = meeting.pk in locked_before or not meeting.is_editable
        if resolution is not None:
            changed = [
                name
                for name, before, after in (
                    ("text", normalize_text(resolution.text), normalize_text(row.text)),
                    ("type", resolution.type, row.type),
                    ("is_confidential", resolution.is_confidential, row.is_confidential),
                    ("project", resolution.project_id, row.project.pk if row.project else None),
                    ("case", resolution.case_id, row.case.pk if row.case else None),
                    # An empty obstacle, legal basis or expiry cell keeps what is stored (a
                    # file from before these columns changes nothing).
                    ("obstacle", resolution.obstacle, row.obstacle or resolution.obstacle),
                    (
                        "legal_basis",
                        resolution.legal_basis,
                        normalize_text(row.legal_basis) or resolution.legal_basis,
                    ),
                    (
                        "relief_expires_on",
                        resolution.relief_expires_on,
                        row.relief_expires_on or resolution.relief_expires_on,
                    ),
                )
                if before != after
            ]
            if not changed:
                counts["resolutions_unchanged"] += 1
                continue
            if locked:
                problems.append(
                    RowProblem(
                        row.ref,
                        changed[0],
                        f"صورتجلسه {meeting} تأیید و قفل شده است؛ مصوبه {_code(code)} "
                        "تغییر نمی‌کند.",
                    )
                )
                continue
            if "case" in changed:
                problems.append(
                    RowProblem(row.ref, "case", "پرونده مربوط مصوبه ثبت‌شده تغییر نمی‌کند.")
                )
                continue
            try:
                resolution_update(
                    resolution=resolution,
                    version=resolution.version,
                    text=row.text,
                    type=row.type,
                    is_confidential=row.is_confidential,
                    project=row.project,
                    obstacle=row.obstacle or None,
                    legal_basis=row.legal_basis or None,
                    relief_expires_on=row.relief_expires_on,
                    acting_user=user,
                )
            except ValidationError as error:
                problems.append(RowProblem(row.ref, changed[0], _messages(error)))
                continue
            counts["resolutions_updated"] += 1
            continue
        try:
            require_held(meeting, f"ثبت مصوبه {_code(code)}")
        except ValidationError as error:
            problems.append(RowProblem(row.ref, "meeting_number", _messages(error)))
            continue
        if locked:
            problems.append(
                RowProblem(
                    row.ref,
                    "number",
                    f"صورتجلسه {meeting} تأیید و قفل شده است؛ مصوبه تازه {_code(code)} به آن "
                    "افزوده نمی‌شود.",
                )
            )
            continue
        try:
            obstacle, legal_basis = clean_obstacle(row.obstacle, row.legal_basis)
            # Minutes of the past come in as they were kept: a relief without an expiry is
            # taken (the ledger lists it as a gap); one that is given must follow the meeting.
            expiry = clean_relief_expiry(
                type=row.type,
                expires_on=row.relief_expires_on,
                meeting_date=meeting.date,
                required=False,
            )
        except ValidationError as error:
            field = next(iter(error.message_dict), None) if hasattr(error, "error_dict") else None
            problems.append(RowProblem(row.ref, field, _messages(error)))
            continue
        resolution = Resolution(
            meeting=meeting,
            committee_id=meeting.committee_id,
            meeting_date=meeting.date,
            number=row.number,
            code=code,
            text=row.text,
            type=row.type,
            is_confidential=row.is_confidential,
            project=row.project,
            case=row.case,
            unit_id=row.case.unit_id if row.case else None,
            obstacle=obstacle,
            legal_basis=legal_basis,
            relief_expires_on=expiry,
        )
        try:
            resolution.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems.append(RowProblem(row.ref, None, _messages(error)))
            continue
        resolution.save()
        _record(resolution, Event.CREATED, f"مصوبه {_code(code)} در {meeting} ثبت شد.", user)
        existing[(row.committee.pk, code)] = resolution
        touched.add(resolution.pk)
        counts["resolutions_created"] += 1


def _assignments(rows, committees, agencies, locked_before, user, problems, counts, touched):
    codes = {(row.committee.pk, row.resolution_code) for row in rows}
    resolutions = {
        (r.committee_id, r.code): r
        for r in Resolution.objects.filter(
            committee_id__in=committees, code__in={code for _, code in codes}
        ).select_related("meeting", "committee")
    }
    stored = {
        (a.resolution_id, a.agency_id): a
        for a in Assignment.objects.filter(
            resolution__in=[r.pk for r in resolutions.values()]
        ).select_related("agency")
    }
    duplicates = _Duplicates(problems)
    for row in rows:
        resolution = resolutions.get((row.committee.pk, row.resolution_code))
        if resolution is None:
            problems.append(
                RowProblem(
                    row.ref,
                    "resolution",
                    f"مصوبه «{display_code(row.resolution_code)}» از ستاد «{row.committee}» نیست.",
                )
            )
            continue
        if row.agency.pk not in agencies:
            problems.append(RowProblem(row.ref, "agency", "این دستگاه در حوزه دسترسی شما نیست."))
            continue
        if duplicates.clash((resolution.pk, row.agency.pk), row, "agency", "این تکلیف"):
            continue
        assignment = stored.get((resolution.pk, row.agency.pk))
        if assignment is None:
            _assignment_new(row, resolution, locked_before, user, problems, counts, touched)
        else:
            _assignment_change(row, assignment, user, problems, counts)


def _assignment_new(row, resolution, locked_before, user, problems, counts, touched):
    try:
        require_held(resolution.meeting, f"ابلاغ مصوبه {_code(resolution.code)} به دستگاه")
    except ValidationError as error:
        problems.append(RowProblem(row.ref, "resolution", _messages(error)))
        return
    if resolution.meeting_id in locked_before or not resolution.meeting.is_editable:
        problems.append(
            RowProblem(
                row.ref,
                "agency",
                f"صورتجلسه {resolution.meeting} تأیید و قفل شده است؛ تکلیف تازه به مصوبه "
                f"{_code(resolution.code)} افزوده نمی‌شود.",
            )
        )
        return
    if row.working_days in (None, "") and row.deadline and row.deadline < resolution.meeting_date:
        problems.append(
            RowProblem(
                row.ref,
                "deadline",
                f"مهلت ({format_jalali(row.deadline)}) پیش از تاریخ جلسه "
                f"({format_jalali(resolution.meeting_date)}) است.",
            )
        )
        return
    try:
        deadline, note = spec_deadline(resolution.committee, resolution.meeting_date, row)
    except ValidationError as error:
        problems.append(RowProblem(row.ref, "deadline", _messages(error)))
        return
    working_days = None if row.working_days in (None, "") else working_day_count(row.working_days)
    assignment = Assignment(
        resolution=resolution,
        agency=row.agency,
        role=row.role,
        deadline=deadline,
        working_days=working_days,
        status=row.status,
        progress=row.progress or 0,
        reported_done_on=row.reported_done_on,
        closed_on=row.closed_on,
    )
    try:
        assignment.full_clean(
            exclude=["resolution", "agency"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        problems.append(RowProblem(row.ref, None, _messages(error)))
        return
    assignment.save()
    _record(
        resolution,
        Event.ASSIGNED,
        f"به «{row.agency}» ({assignment.get_role_display()}) با مهلت "
        f"{format_jalali(deadline)} ابلاغ شد." + (f" {note}" if note else ""),
        user,
        assignment,
    )
    touched.add(resolution.pk)
    counts["assignments_created"] += 1


def _assignment_change(row, assignment, user, problems, counts):
    reason = current_write_source() or IMPORT_REASON
    if assignment.role != row.role:
        problems.append(
            RowProblem(row.ref, "role", "نقش دستگاه در تکلیف ثبت‌شده از راه ورود تغییر نمی‌کند.")
        )
        return
    if row.deadline is None:
        # Given in working days: counted once, when the assignment is issued; a later import
        # of the same row leaves the stored date as it is.
        row = dataclasses.replace(row, deadline=assignment.deadline)
    status_changes = assignment.status != row.status
    if not status_changes and (
        assignment.progress != (row.progress or 0)
        or assignment.reported_done_on != row.reported_done_on
        or assignment.closed_on != row.closed_on
    ):
        field = "progress" if assignment.progress != (row.progress or 0) else "closed_on"
        problems.append(
            RowProblem(
                row.ref,
                field,
                "پیشرفت و تاریخ‌های تکلیف از گزارش‌های پیگیری و تغییر وضعیت می‌آیند؛ "
                "آن‌ها را از راه ورود گزارش‌های پیگیری یا تغییر وضعیت ثبت کنید.",
            )
        )
        return
    if assignment.deadline == row.deadline and not status_changes:
        counts["assignments_unchanged"] += 1
        return
    try:
        if assignment.deadline != row.deadline:
            assignment = assignment_extend_deadline(
                assignment=assignment,
                new_deadline=row.deadline,
                reason=reason,
                version=assignment.version,
                acting_user=user,
            )
        if status_changes:
            assignment_set_status(
                assignment=assignment,
                status=row.status,
                reason=reason,
                version=assignment.version,
                acting_user=user,
            )
    except ValidationError as error:
        problems.append(
            RowProblem(row.ref, "status" if status_changes else "deadline", _messages(error))
        )
        return
    counts["assignments_updated"] += 1
