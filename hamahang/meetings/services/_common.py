"""What every write of the meetings domain shares: event rows, locks, text checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from hamahang.accounts.access import require_in_scope
from hamahang.accounts.models import User
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import check_version
from hamahang.core.text import display_code, normalize_text
from hamahang.core.validation import TEXT_MAX, refuse_control_chars, refuse_too_long
from hamahang.meetings import errors, selectors
from hamahang.meetings.models import (
    Assignment,
    Meeting,
    Resolution,
    ResolutionEvent,
)
from hamahang.organizations.models import Committee
from hamahang.projects.models import Project
from hamahang.projects.selectors import project_list_for_user
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user

Event = ResolutionEvent.Kind


def _fa(value) -> str:
    return to_persian_digits(value)


def _code(code: str) -> str:
    return display_code(code)


def _wall_time(value: dt.time | None) -> dt.time | None:
    """Meeting times are Tehran wall-clock times: an offset, if given, is dropped."""
    return value.replace(tzinfo=None) if value is not None else None


def _require_meeting(user: User, meeting) -> None:
    """The meeting must be one the acting user may see (else the screens' 404 words)."""
    require_in_scope(selectors.meeting_list_for_user(user=user), meeting)


def _require_resolutions(user: User, *resolutions) -> None:
    require_in_scope(selectors.resolution_list_for_user(user=user), *resolutions)


def _require_assignments(user: User, *assignments) -> None:
    require_in_scope(selectors.assignment_list_for_user(user=user), *assignments)


def _require_committee(user: User, committee: Committee) -> None:
    require_in_scope(committee_list_for_user(user=user), committee)


def require_held(meeting: Meeting, action: str) -> None:
    """The state rule: a resolution is issued, reported on and verified only on a meeting
    that took place (`Meeting.HELD_STATUSES`: held, or its minutes approved). A planned or
    cancelled meeting refuses, in every write path (screens, API, imports)."""
    if not meeting.was_held:
        raise errors.not_held(meeting, action)


def _require_text(value: str, message: str, limit: int = TEXT_MAX) -> str:
    cleaned = normalize_text(value)
    if not cleaned:
        raise ValidationError(message, code="required")
    refuse_control_chars(cleaned)
    refuse_too_long(cleaned, limit)
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
    """The row locked for update, refusing an edit without a version or based on an
    out-of-date copy."""
    row = _lock(model, pk)
    check_version(row, version, kind)
    return row


def _lock(model, pk: int):
    """The row locked for update, for writes that add to it rather than edit what a person saw
    (a report, an assignment)."""
    return model.objects.select_for_update().get(pk=pk)


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
