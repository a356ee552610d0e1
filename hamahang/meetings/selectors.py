"""Every read of the meetings domain, scoped to the acting user (404 for what they may not see).

- Office staff (secretariat, manager, viewer) see their province's meetings and resolutions;
  viewers do not see confidential resolutions.
- Agency and bank liaisons see only resolutions assigned to their own agency, and only their
  own agency's assignments; they see no meeting pages.
- The national secretariat sees every province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
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
    Objection,
    Resolution,
    ResolutionEvent,
)
from hamahang.notices.channels import channel_label
from hamahang.notices.models import Notice
from hamahang.organizations.models import Committee
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user, open_case_list_for_user

# --- Meetings --------------------------------------------------------------------------------


def meeting_list_for_user(*, user: User) -> QuerySet[Meeting]:
    if not is_office_staff(user):
        return Meeting.objects.none()
    return scope_by_province(
        Meeting.objects.all(), user, "committee__province", county="committee__county_id"
    ).select_related("committee")


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


def _resolutions_shown(user: User) -> QuerySet[Resolution]:
    """A meeting's resolutions as its page and minutes show them: those the user may see, in
    number order, each with the assignments the user may see."""
    return (
        _visible_resolutions(user, Resolution.objects.all())
        .prefetch_related(
            Prefetch("assignments", queryset=visible_assignments(user).order_by("role", "pk"))
        )
        .order_by("number")
    )


def meeting_resolutions(*, user: User, meeting: Meeting) -> list[Resolution]:
    """The resolutions of `meeting_detail(..., resolutions=False)`, read on their own (the
    meeting page renders them apart, cached: `meetings.views.meetings`)."""
    return list(_resolutions_shown(user).filter(meeting=meeting))


def meeting_detail(*, user: User, pk: int, resolutions: bool = True) -> Meeting:
    """A meeting with everything its page and its minutes show, in a fixed number of queries
    (`resolutions=False`: without its resolutions, `meeting_resolutions`)."""
    queryset = (
        meeting_list_for_user(user=user)
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("agency").order_by("agency__name"),
            ),
            Prefetch("agenda_items", queryset=agenda_items_for_user(user=user)),
            "committee__members",
        )
        .select_related("committee__secretariat", "minutes_approved_by")
    )
    if resolutions:
        queryset = queryset.prefetch_related(
            Prefetch(
                "resolutions", queryset=_resolutions_shown(user), to_attr="visible_resolutions"
            )
        )
    return get_object_or_404(queryset, pk=pk)


# Where apps above this one suggest attendance for agencies not yet recorded, each a callable
# taking the meeting and returning {agency_id: (status, representative)} in one query
# (hamahang.invitations: the representatives' answers to the invitation).
ATTENDANCE_PREFILLS: list[Callable[[Meeting], dict[int, tuple[str, str]]]] = []


def attendance_prefill(meeting: Meeting) -> dict[int, tuple[str, str]]:
    """Suggested (status, representative) by agency id for the attendance form."""
    found: dict[int, tuple[str, str]] = {}
    for prefill in ATTENDANCE_PREFILLS:
        found.update(prefill(meeting))
    return found


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
    committees = scope_by_province(Committee.objects.active(), user, county="county_id").order_by(
        "name"
    )
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
    obstacle: str | None = None
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
    if filters.obstacle:
        queryset = queryset.filter(obstacle=filters.obstacle)
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


@dataclass(frozen=True)
class NoticeProof:
    """One line of an assignment's proof of notice: who was told, how, and what came of it."""

    at: dt.datetime
    kind: str  # what was told, in Persian («ابلاغ تکلیف», «یادآوری روزانه» …)
    channel: str  # the channel's Persian label
    recipient: str  # the person, or «نشانی دستگاه» for the agency's own address
    address: str  # masked
    status: str  # Notice.Status value
    status_label: str
    provider_message_id: str
    error: str  # the last error, for a notice not (yet) sent
    # The delivery record: when it was sent and delivered, and the provider's own status.
    sent_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    delivery_status: str = ""
    attempts: int = 0


def assignment_notices(*, assignment: Assignment) -> list[NoticeProof]:
    """The notices written about an assignment, oldest first (the caller has already been
    allowed to see the assignment: assignment_detail)."""
    # Its own notices and those naming it among others (the daily digest).
    rows = (
        Notice.objects.filter(Q(assignment=assignment) | Q(concerns=assignment))
        .distinct()
        .select_related("user")
    )
    return [
        NoticeProof(
            at=notice.sent_at or notice.created_at,
            kind=notice.get_kind_display(),
            channel=channel_label(notice.channel),
            recipient=_notice_recipient(notice),
            address=notice.masked_address,
            status=notice.status,
            status_label=notice.get_status_display(),
            provider_message_id=notice.provider_message_id,
            error=notice.last_error if notice.status != Notice.Status.SENT else "",
            sent_at=notice.sent_at,
            delivered_at=notice.delivered_at,
            delivery_status=notice.delivery_status,
            attempts=notice.attempts,
        )
        for notice in rows.order_by("created_at", "pk")
    ]


def _notice_recipient(notice: Notice) -> str:
    """The person told, else who the notice names (an agency head, the deputy governor:
    meetings.escalation), else the agency's own address."""
    if notice.user:
        return str(notice.user)
    return (notice.payload or {}).get("recipient") or "نشانی دستگاه"


@dataclass
class Dossier:
    """One assignment's failure-to-act dossier (پرونده ترک فعل): everything an inspectorate
    needs to judge whether the agency acted, in order."""

    assignment: Assignment
    extensions: list
    objections: list
    followups: list
    notices: list[NoticeProof]
    escalations: list
    events: list
    day: dt.date

    @property
    def first_deadline(self) -> dt.date:
        """The deadline as first issued (before any extension)."""
        return self.extensions[0].original_deadline if self.extensions else self.assignment.deadline

    @property
    def overdue_days(self) -> int:
        """Days past the deadline today (0 when not overdue)."""
        a = self.assignment
        return (self.day - a.deadline).days if a.is_overdue_on(self.day) else 0


def may_see_dossiers(user: User) -> bool:
    """Office staff only: a liaison sees no dossier, not even of their own agency's work."""
    return is_office_staff(user) and not is_liaison(user)


def assignment_dossier(*, user: User, pk: int) -> Dossier:
    """The dossier of an assignment the user may see (404 for a liaison or out of scope); a
    fixed number of queries whatever the assignment's history holds."""
    if not may_see_dossiers(user):
        raise Http404
    assignment = get_object_or_404(
        assignment_list_for_user(user=user).select_related(
            "agency", "resolution__meeting__committee__province"
        ),
        pk=pk,
    )
    return Dossier(
        assignment=assignment,
        extensions=list(assignment.extensions.select_related("approved_by").order_by("pk")),
        objections=list(
            assignment.objections.select_related("filed_by", "decided_by").order_by("filed_at")
        ),
        followups=list(
            assignment.followups.select_related("author", "reviewed_by").order_by(
                "created_at", "pk"
            )
        ),
        notices=assignment_notices(assignment=assignment),
        escalations=list(assignment.escalations.order_by("level")),
        events=list(assignment.events.select_related("actor").order_by("created_at", "pk")),
        day=today(),
    )


def escalated_work(*, user: User, limit: int = 20) -> list[Assignment]:
    """Open work that reached a step of the escalation chain (meetings.escalation), highest
    step and most overdue first, with `escalation_level` (one query)."""
    rows = (
        assignment_list_for_user(user=user)
        .filter(status__in=Assignment.OPEN_STATUSES, escalations__isnull=False)
        .annotate(escalation_level=Max("escalations__level"))
        .select_related("agency", "resolution__committee")
        .order_by("-escalation_level", "deadline", "pk")
    )
    return list(rows[:limit])


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
    if filters.obstacle:
        queryset = queryset.filter(resolution__obstacle=filters.obstacle)
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


INBOX_SECTIONS = ("new", "due_soon", "overdue", "returned", "other", "all")


@dataclass
class Inbox:
    """A liaison's open work in sections. An item may be both new and due soon (or overdue);
    "other" holds what no other section shows and "all" everything open, so nothing open is
    out of reach. Each list holds at most `limit` rows; `counts` has each section's total."""

    new: list[Assignment]
    overdue: list[Assignment]
    due_soon: list[Assignment]
    returned: list[Assignment]
    other: list[Assignment]
    counts: dict[str, int]
    open_count: int
    days: int
    since: dt.datetime | None = None
    text: str = ""


def _returned_to_me(mine: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Open assignments whose latest report was returned."""
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
    return (
        mine.filter(pk__in=candidates)
        .annotate(latest_followup_status=latest_followup_status)
        .filter(latest_followup_status=FollowUp.Status.RETURNED)
    )


def _latest_return_reason() -> Subquery:
    """The reason the assignment's latest returned report was sent back (one subquery, no
    query per row)."""
    return Subquery(
        FollowUp.objects.filter(assignment=OuterRef("pk"), status=FollowUp.Status.RETURNED)
        .order_by("-created_at", "-pk")
        .values("return_reason")[:1]
    )


FIRST_VISIT_DAYS = 7


def first_visit_since(day: dt.date) -> dt.datetime:
    """What counts as new for a user who never visited before: the last week's work."""
    from django.utils import timezone

    start = dt.datetime.combine(day - dt.timedelta(days=FIRST_VISIT_DAYS), dt.time())
    return timezone.make_aware(start)


def _inbox_conditions(
    *, mine: QuerySet[Assignment], days: int, since: dt.datetime | None
) -> tuple[dict[str, Q], list[int]]:
    """Each section's condition on the user's open work (the one statement of the sections,
    for their lists and their counts), and the ids returned to the user."""
    day = today()
    # A deadline paused by an objection is not coming nearer: it waits in "other".
    soon = Q(deadline__gte=day, deadline__lte=day + dt.timedelta(days=days), paused_on=None)
    returned_ids = list(_returned_to_me(mine).values_list("pk", flat=True))
    new = Q(created_at__gt=since or first_visit_since(day))
    overdue = Assignment.overdue_q(day)
    returned = Q(pk__in=returned_ids)
    conditions = {
        "new": new,
        "due_soon": soon,
        "overdue": overdue,
        "returned": returned,
        "other": ~overdue & ~soon & ~returned & ~new,
    }
    return conditions, returned_ids


def _inbox_mine(user: User, text: str) -> QuerySet[Assignment]:
    mine = assignment_list_for_user(user=user).filter(status__in=Assignment.OPEN_STATUSES)
    if not is_liaison(user):
        mine = mine.filter(agency_id=user.agency_id)
    if text:
        mine = filter_by_search(mine, text, "resolution__search_text")
    return mine


def inbox_querysets(
    *, user: User, days: int = 7, since: dt.datetime | None = None, text: str = ""
) -> dict[str, QuerySet[Assignment]]:
    """Each inbox section of the user's own agency's open work, as a query (ordered by
    deadline). `since`: the start of the user's previous visit (None: everything is new)."""
    mine = _inbox_mine(user, text)
    conditions, _returned_ids = _inbox_conditions(mine=mine, days=days, since=since)
    return _sections(mine, conditions)


def _sections(mine: QuerySet[Assignment], conditions: dict[str, Q]) -> dict[str, QuerySet]:
    ordered = ("deadline", "pk")
    sections = {key: mine.filter(condition) for key, condition in conditions.items()}
    sections["returned"] = sections["returned"].annotate(
        latest_return_reason=_latest_return_reason()
    )
    sections = {key: rows.order_by(*ordered) for key, rows in sections.items()}
    sections["all"] = mine.order_by(*ordered)
    return sections


def _counts(
    mine: QuerySet[Assignment], conditions: dict[str, Q], returned_ids: list[int]
) -> dict[str, int]:
    """Each section's total (and "all") in one pass over the user's open work."""
    counted = {key: Count("pk", filter=c) for key, c in conditions.items() if key != "returned"}
    counts = mine.order_by().aggregate(all=Count("pk"), **counted)
    counts["returned"] = len(returned_ids)
    return counts


def inbox_for_user(
    *,
    user: User,
    days: int = 7,
    limit: int = 25,
    since: dt.datetime | None = None,
    text: str = "",
    with_rows: bool = True,
) -> Inbox:
    """A liaison's own open work: new since the previous visit, due within `days`, overdue,
    returned to them, and the rest. `with_rows=False`: the counts only (the page of one
    section shows no other section's rows)."""
    mine = _inbox_mine(user, text)
    conditions, returned_ids = _inbox_conditions(mine=mine, days=days, since=since)
    counts = _counts(mine, conditions, returned_ids)
    keys = ("new", "overdue", "due_soon", "returned", "other")
    rows: dict[str, list] = {key: [] for key in keys}
    if with_rows:
        sections = _sections(mine, conditions)
        rows = {key: list(sections[key][:limit]) if counts[key] else [] for key in keys}
    return Inbox(
        new=rows["new"],
        overdue=rows["overdue"],
        due_soon=rows["due_soon"],
        returned=rows["returned"],
        other=rows["other"],
        counts=counts,
        open_count=counts["all"],
        days=days,
        since=since,
        text=text,
    )


# --- The secretariat's work queue ------------------------------------------------------------


@dataclass
class AgencyOverdue:
    agency_id: int
    agency_name: str
    count: int


@dataclass
class WorkQueue:
    """What waits for the secretariat in the user's scope. `reviews`: reports waiting for
    review, oldest first, each with `age_days`; lists hold at most `limit` rows, `*_count` the
    totals."""

    reviews: list[FollowUp]
    review_count: int
    minutes_waiting: list[Meeting]
    minutes_late: list[Meeting]  # waiting for approval `minutes_due_days` after the meeting
    minutes_missing: list[Meeting]
    minutes_due_days: int
    overdue_by_agency: list[AgencyOverdue]
    overdue_count: int
    changes: list[ResolutionEvent]
    change_count: int
    since: dt.datetime | None
    # Objections under review, oldest first (decided on the assignment's page).
    objections: list[Objection] = field(default_factory=list)


def reviews_waiting(*, user: User) -> QuerySet[FollowUp]:
    """Reports waiting for review in the user's scope, oldest first."""
    visible = scope_assignments(Assignment.objects.all(), user)
    return (
        FollowUp.objects.filter(status=FollowUp.Status.SUBMITTED, assignment__in=visible)
        .select_related("assignment__agency", "assignment__resolution__committee", "author")
        .order_by("created_at", "pk")
    )


def work_waiting(*, user: User) -> tuple[str, int]:
    """For the dashboard: ("reviews", reports waiting for review) for office staff, else
    ("open", the user's agency's open assignments)."""
    if is_office_staff(user):
        return "reviews", reviews_waiting(user=user).count()
    mine = assignment_list_for_user(user=user).filter(status__in=Assignment.OPEN_STATUSES)
    return "open", mine.filter(agency_id=user.agency_id).count()


def reviews_row(*, user: User, pk: int) -> FollowUp:
    """One report as a row of the review queue (whatever its status now)."""
    visible = scope_assignments(Assignment.objects.all(), user)
    return get_object_or_404(
        FollowUp.objects.filter(assignment__in=visible).select_related(
            "assignment__agency", "assignment__resolution__committee", "author", "reviewed_by"
        ),
        pk=pk,
    )


def with_age(followup: FollowUp, day: dt.date | None = None) -> FollowUp:
    """`age_days`: whole days since the report was sent (Tehran dates)."""
    from django.utils import timezone

    day = day or today()
    followup.age_days = (day - timezone.localdate(followup.created_at)).days
    return followup


def work_queue_for_user(
    *,
    user: User,
    since: dt.datetime | None = None,
    minutes_due_days: int = 7,
    limit: int = 50,
    changes_limit: int = 20,
) -> WorkQueue:
    """The secretariat's queue: reviews, minutes to approve, held meetings still without
    minutes after `minutes_due_days`, overdue work per agency and what changed since `since`
    (the previous visit; None: the last week)."""
    day = today()
    reviews = reviews_waiting(user=user)
    review_rows = [with_age(f, day) for f in reviews[:limit]]
    review_count = len(review_rows) if len(review_rows) < limit else reviews.count()

    held = meeting_list_for_user(user=user).filter(status=Meeting.Status.HELD)
    has_minutes = Exists(Resolution.objects.filter(meeting=OuterRef("pk")))
    minutes_waiting = list(
        held.annotate(resolution_count=Count("resolutions"))
        .filter(resolution_count__gt=0)
        .order_by("date", "pk")[:limit]
    )
    due = day - dt.timedelta(days=minutes_due_days)
    # Oldest first: the late ones lead the (limited) list of minutes waiting for approval.
    minutes_late = [meeting for meeting in minutes_waiting if meeting.date <= due]
    minutes_missing = list(held.filter(~has_minutes, date__lte=due).order_by("date", "pk")[:limit])

    overdue = (
        scope_assignments(Assignment.objects.all(), user)
        .overdue(day)
        .values("agency_id", "agency__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "agency__name")
    )
    by_agency = [AgencyOverdue(r["agency_id"], r["agency__name"], r["count"]) for r in overdue]

    after = since or first_visit_since(day)
    events = (
        ResolutionEvent.objects.filter(
            created_at__gt=after,
            resolution__in=scope_resolutions(Resolution.objects.all(), user).values("pk"),
        )
        .exclude(actor=user)
        .select_related("resolution", "actor")
        .order_by("-created_at", "-pk")
    )
    change_rows = list(events[:changes_limit])
    change_count = len(change_rows) if len(change_rows) < changes_limit else events.count()
    objections = list(
        Objection.objects.filter(
            status=Objection.Status.UNDER_REVIEW,
            assignment__in=scope_assignments(Assignment.objects.all(), user).values("pk"),
        )
        .select_related("assignment__agency", "assignment__resolution")
        .order_by("filed_at", "pk")[:limit]
    )
    return WorkQueue(
        objections=objections,
        reviews=review_rows,
        review_count=review_count,
        minutes_waiting=minutes_waiting,
        minutes_late=minutes_late,
        minutes_missing=minutes_missing,
        minutes_due_days=minutes_due_days,
        overdue_by_agency=by_agency,
        overdue_count=sum(r.count for r in by_agency),
        changes=change_rows,
        change_count=change_count,
        since=since,
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
    """The committee's open resolutions for the pre-meeting brief, overdue ones first; each
    assignment with `escalation_level`, the highest step of the escalation chain it reached
    (None: not escalated)."""
    assignments = visible_assignments(user).annotate(escalation_level=Max("escalations__level"))
    return (
        resolution_list_for_user(user=user)
        .filter(committee=committee, status__in=Resolution.OPEN_STATUSES)
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("next_deadline", "meeting_date", "number")
    )


def objection_get_for_user(*, user: User, pk: int) -> Objection:
    """An objection on an assignment the user may see (else 404)."""
    visible = assignment_list_for_user(user=user).values("pk")
    return get_object_or_404(
        Objection.objects.select_related("assignment__agency", "filed_by"),
        pk=pk,
        assignment__in=visible,
    )


def objections_of(assignment: Assignment) -> list[Objection]:
    """An assignment's objections, newest first, with who filed and decided them."""
    return list(assignment.objections.select_related("filed_by", "decided_by"))


def may_object(
    user: User, assignment: Assignment, meeting: Meeting, objections, window_end
) -> bool:
    """Whether to offer the objection form: the agency's own liaison, an open assignment of a
    held meeting, none under review, today within the window (`window_end`, None: the committee
    takes no objections; the service checks the same and says why)."""
    return (
        window_end is not None
        and today() <= window_end
        and is_liaison(user)
        and user.agency_id == assignment.agency_id
        and assignment.is_open
        and meeting.was_held
        and bool(meeting.committee.objection_days)
        and not any(o.is_under_review for o in objections)
    )
