"""Every read of the meetings domain, scoped to the acting user (404 for what they may not see).

- Office staff (secretariat, manager, viewer) see their province's meetings and resolutions;
  viewers do not see confidential resolutions.
- Agency and bank liaisons see only resolutions assigned to their own agency, and only their
  own agency's assignments; they see no meeting pages.
- The national secretariat sees every province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import (
    is_liaison,
    is_office_staff,
    scope_assignments,
    scope_by_province,
    scope_resolutions,
)
from hamahang.accounts.models import User
from hamahang.core.jalali import Period, today
from hamahang.core.models import filter_by_search
from hamahang.meetings.figures import held_counts
from hamahang.meetings.models import (
    AgendaItem,
    Assignment,
    Attendance,
    FollowUp,
    Meeting,
    Resolution,
    ResolutionEvent,
)
from hamahang.organizations.models import Committee
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user, open_case_list_for_user

# --- Meetings --------------------------------------------------------------------------------


def meeting_list_for_user(*, user: User) -> QuerySet[Meeting]:
    if not is_office_staff(user):
        return Meeting.objects.none()
    return scope_by_province(Meeting.objects.all(), user, "committee__province").select_related(
        "committee"
    )


@dataclass
class MeetingFilters:
    committee: int | None = None
    period: Period | None = None
    status: str | None = None


def meeting_list(*, user: User, filters: MeetingFilters) -> QuerySet[Meeting]:
    queryset = meeting_list_for_user(user=user).annotate(resolution_count=Count("resolutions"))
    if filters.committee:
        queryset = queryset.filter(committee_id=filters.committee)
    if filters.period:
        queryset = queryset.filter(date__range=(filters.period.start, filters.period.end))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("-date", "-number")


def meeting_get_for_user(*, user: User, pk: int) -> Meeting:
    return get_object_or_404(meeting_list_for_user(user=user), pk=pk)


def meeting_detail(*, user: User, pk: int) -> Meeting:
    """A meeting with everything its page and its minutes show, in a fixed number of queries."""
    resolutions = _visible_resolutions(user, Resolution.objects.all()).prefetch_related(
        Prefetch("assignments", queryset=visible_assignments(user).order_by("role", "pk"))
    )
    queryset = (
        meeting_list_for_user(user=user)
        .prefetch_related(
            Prefetch(
                "resolutions",
                queryset=resolutions.order_by("number"),
                to_attr="visible_resolutions",
            ),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("agency").order_by("agency__name"),
            ),
            Prefetch("agenda_items", queryset=agenda_items_for_user(user=user)),
            "committee__members",
        )
        .select_related("committee__secretariat", "minutes_approved_by")
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class Quorum:
    members: int
    required: int
    present: int

    @property
    def reached(self) -> bool:
        return self.present >= self.required


def meeting_quorum(meeting: Meeting) -> Quorum:
    """Uses the prefetched members and attendances of `meeting_detail`."""
    members = {agency.pk for agency in meeting.committee.members.all()}
    present = sum(
        1
        for attendance in meeting.attendances.all()
        if attendance.status in Attendance.PRESENT_STATUSES and attendance.agency_id in members
    )
    return Quorum(len(members), meeting.committee.quorum_for(len(members)), present)


@dataclass(frozen=True)
class CommitteeCount:
    committee: Committee
    meetings: int
    resolutions: int


def meeting_resolution_counts(*, user: User, period: Period) -> list[CommitteeCount]:
    """Meetings held (minutes approved or not) and their resolutions, per committee: the
    report engine's figures (`meetings.figures.held_counts`) for the user's committees."""
    committees = scope_by_province(Committee.objects.active(), user).order_by("name")
    counts = held_counts(committees, period)
    return [CommitteeCount(c, *counts.get(c.pk, (0, 0))) for c in committees]


# --- Resolutions -----------------------------------------------------------------------------


def _visible_resolutions(user: User, queryset: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return scope_resolutions(queryset, user)


def visible_assignments(user: User) -> QuerySet[Assignment]:
    """Assignments to show inside a resolution (lists, pages, API, exports): a liaison sees
    only its own agency's."""
    return scope_assignments(Assignment.objects.all(), user).select_related("agency")


def agenda_items_for_user(*, user: User) -> QuerySet[AgendaItem]:
    """Agenda items with the resolution each one follows up, if the user may read it (else
    `carried_resolution` is None and only the item's own title, which holds no resolution
    text, shows)."""
    readable = _visible_resolutions(user, Resolution.objects.all())
    return AgendaItem.objects.select_related("case__unit").prefetch_related(
        Prefetch("carried_resolution", queryset=readable)
    )


def resolution_list_for_user(*, user: User) -> QuerySet[Resolution]:
    return _visible_resolutions(user, Resolution.objects.all()).select_related(
        "committee", "meeting"
    )


@dataclass
class ResolutionFilters:
    committee: int | None = None
    period: Period | None = None
    meeting: int | None = None
    agency: int | None = None
    status: str | None = None
    type: str | None = None
    overdue: bool = False
    due_within: int | None = None
    text: str = ""
    on: dt.date = field(default_factory=today)


def _open_assignment_filter(filters: ResolutionFilters) -> Q | None:
    conditions = Q(status__in=Assignment.OPEN_STATUSES)
    narrowed = False
    if filters.agency:
        conditions &= Q(agency_id=filters.agency)
        narrowed = True
    if filters.overdue:
        conditions &= Assignment.overdue_q(filters.on)
        narrowed = True
    if filters.due_within is not None:
        conditions &= Q(
            deadline__gte=filters.on,
            deadline__lte=filters.on + dt.timedelta(days=filters.due_within),
        )
        narrowed = True
    return conditions if narrowed else None


def resolution_list(*, user: User, filters: ResolutionFilters) -> QuerySet[Resolution]:
    queryset = resolution_list_for_user(user=user)
    if filters.committee:
        queryset = queryset.filter(committee_id=filters.committee)
    if filters.period:
        queryset = queryset.filter(meeting_date__range=(filters.period.start, filters.period.end))
    if filters.meeting:
        queryset = queryset.filter(meeting_id=filters.meeting)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    assignment_condition = _open_assignment_filter(filters)
    if assignment_condition is not None:
        matching = Assignment.objects.filter(assignment_condition, resolution=OuterRef("pk"))
        queryset = queryset.filter(Exists(matching))
    elif filters.agency:
        queryset = queryset.filter(
            Exists(Assignment.objects.filter(resolution=OuterRef("pk"), agency_id=filters.agency))
        )
    if filters.text:
        queryset = filter_by_search(queryset, filters.text)
    return queryset.prefetch_related(
        Prefetch("assignments", queryset=visible_assignments(user))
    ).order_by("-meeting_date", "-meeting__number", "number")


def resolution_detail(*, user: User, pk: int) -> Resolution:
    resolution = get_object_or_404(
        resolution_list_for_user(user=user).select_related("project"), pk=pk
    )
    assignments = visible_assignments(user).prefetch_related(
        Prefetch("followups", queryset=FollowUp.objects.select_related("author", "reviewed_by")),
        "extensions__approved_by",
    )
    resolution.visible_assignments = list(
        assignments.filter(resolution=resolution).order_by("role", "pk")
    )
    events = ResolutionEvent.objects.filter(resolution=resolution).select_related("actor")
    if is_liaison(user):
        events = events.filter(Q(assignment__isnull=True) | Q(assignment__agency_id=user.agency_id))
    resolution.timeline = list(events.order_by("created_at", "pk"))
    return resolution


# --- Assignments -----------------------------------------------------------------------------


def assignment_list_for_user(*, user: User) -> QuerySet[Assignment]:
    """The same rows as "assignments of the resolutions the user may see", filtered directly
    (a liaison's own agency's assignments are exactly the ones its resolutions show it)."""
    return scope_assignments(Assignment.objects.all(), user).select_related(
        "agency", "resolution__committee"
    )


def assignment_get_for_user(*, user: User, pk: int) -> Assignment:
    return get_object_or_404(assignment_list_for_user(user=user), pk=pk)


def assignment_detail(*, user: User, pk: int) -> Assignment:
    assignment = get_object_or_404(
        assignment_list_for_user(user=user)
        .select_related("resolution__meeting")
        .prefetch_related(
            Prefetch(
                "followups", queryset=FollowUp.objects.select_related("author", "reviewed_by")
            ),
            "extensions__approved_by",
        ),
        pk=pk,
    )
    return assignment


def followup_get_for_user(*, user: User, pk: int) -> FollowUp:
    visible = assignment_list_for_user(user=user)
    followup = get_object_or_404(FollowUp.objects.select_related("assignment"), pk=pk)
    if not visible.filter(pk=followup.assignment_id).exists():
        raise Http404
    return followup


@dataclass
class AssignmentFilters(ResolutionFilters):
    pass


def assignment_list(*, user: User, filters: AssignmentFilters) -> QuerySet[Assignment]:
    queryset = assignment_list_for_user(user=user)
    if filters.committee:
        queryset = queryset.filter(resolution__committee_id=filters.committee)
    if filters.period:
        queryset = queryset.filter(
            resolution__meeting_date__range=(filters.period.start, filters.period.end)
        )
    if filters.meeting:
        queryset = queryset.filter(resolution__meeting_id=filters.meeting)
    if filters.agency:
        queryset = queryset.filter(agency_id=filters.agency)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.type:
        queryset = queryset.filter(resolution__type=filters.type)
    if filters.overdue:
        queryset = queryset.overdue(filters.on)
    if filters.due_within is not None:
        queryset = queryset.filter(
            status__in=Assignment.OPEN_STATUSES,
            deadline__gte=filters.on,
            deadline__lte=filters.on + dt.timedelta(days=filters.due_within),
        )
    if filters.text:
        queryset = filter_by_search(queryset, filters.text, "resolution__search_text")
    return queryset.order_by("deadline", "pk")


@dataclass
class Inbox:
    overdue: list[Assignment]
    due_soon: list[Assignment]
    returned: list[Assignment]
    open_count: int
    days: int


def inbox_for_user(*, user: User, days: int = 7, limit: int = 25) -> Inbox:
    """A liaison's own open work: overdue, due within `days`, and reports returned to them."""
    day = today()
    mine = assignment_list_for_user(user=user).filter(status__in=Assignment.OPEN_STATUSES)
    if not is_liaison(user):
        mine = mine.filter(agency_id=user.agency_id)
    latest_followup_status = Subquery(
        FollowUp.objects.filter(assignment=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("status")[:1]
    )
    # Returned reports are rare: find their assignments first (a small partial index), then check
    # only those for "the latest report was returned".
    candidates = list(
        FollowUp.objects.filter(status=FollowUp.Status.RETURNED, assignment__in=mine)
        .values_list("assignment", flat=True)
        .distinct()[:500]
    )
    returned = (
        mine.filter(pk__in=candidates)
        .annotate(latest_followup_status=latest_followup_status)
        .filter(latest_followup_status=FollowUp.Status.RETURNED)
    )
    return Inbox(
        overdue=list(mine.overdue(day).order_by("deadline", "pk")[:limit]),
        due_soon=list(
            mine.filter(deadline__gte=day, deadline__lte=day + dt.timedelta(days=days)).order_by(
                "deadline", "pk"
            )[:limit]
        ),
        returned=list(returned.order_by("deadline", "pk")[:limit]),
        open_count=mine.count(),
        days=days,
    )


def meetings_taking_agenda(*, user: User) -> QuerySet[Meeting]:
    """Meetings whose agenda can still change (planned or held, minutes not approved)."""
    return meeting_list_for_user(user=user).filter(status__in=Meeting.EDITABLE).order_by("date")


def cases_to_refer(*, user: User) -> QuerySet[SupportCase]:
    """Support cases waiting for a meeting (received or under review)."""
    return (
        case_list_for_user(user=user)
        .filter(status__in=[SupportCase.Status.RECEIVED, SupportCase.Status.UNDER_REVIEW])
        .select_related("unit")
        .order_by("received_on", "pk")
    )


def open_cases_for_meeting(*, user: User, meeting: Meeting) -> QuerySet[SupportCase]:
    """Cases a resolution of this meeting may decide: the open ones, referred ones first."""
    # The same cases the resolution form's type-ahead offers (units:case_lookup?open=1).
    return open_case_list_for_user(user=user).select_related("unit").order_by("-status", "code")


def next_planned_meeting(*, user: User, committee: Committee, day: dt.date) -> Meeting | None:
    """The committee's next planned meeting on or after `day`, the one a brief is prepared for."""
    return (
        meeting_list_for_user(user=user)
        .filter(committee=committee, status=Meeting.Status.PLANNED, date__gte=day)
        .select_related("committee")
        .order_by("date", "number")
        .first()
    )


def open_resolutions_for_brief(*, user: User, committee: Committee) -> QuerySet[Resolution]:
    """The committee's open resolutions for the pre-meeting brief, overdue ones first."""
    return (
        resolution_list_for_user(user=user)
        .filter(committee=committee, status__in=Resolution.OPEN_STATUSES)
        .prefetch_related(Prefetch("assignments", queryset=visible_assignments(user)))
        .order_by("next_deadline", "meeting_date", "number")
    )
