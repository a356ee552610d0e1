"""/api/v1/ meetings, resolutions, assignments and follow-up reports."""

import datetime as dt
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamahang.accounts.selectors import agency_list_for_user, committee_get_for_user
from hamahang.core.apischema import (
    ERRORS,
    READ_ERRORS,
    ApiDate,
    BoundedPagination,
    OptionalId,
    PathId,
    RequiredId,
    Version,
    jalali,
    user_of,
)
from hamahang.core.jalali import Period, today
from hamahang.core.validation import NOTE_MAX, TEXT_MAX, TITLE_MAX
from hamahang.meetings import selectors, services
from hamahang.meetings.models import Attendance, Meeting, Resolution
from hamahang.units.obstacles import LEGAL_BASIS_MAX, Obstacle

router = Router(tags=["جلسات و مصوبات"])

WallTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM")]


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


AssignmentStatus = Literal[
    "issued",
    "in_progress",
    "reported_done",
    "verified_done",
    "not_implemented",
    "cancelled",
    "not_feasible",
]
ResolutionType = Literal[tuple(Resolution.Type.values)]  # type: ignore[valid-type]
ObstacleName = Literal[("", *Obstacle.values)]  # type: ignore[valid-type]


class MeetingOut(Schema):
    id: int
    committee_id: RequiredId
    committee: str
    jalali_year: int
    number: int
    date: ApiDate
    date_jalali: str
    start_time: str | None = Field(None, description="ساعت شروع به وقت تهران، HH:MM")
    place: str
    chair: str
    status: str
    version: Version

    @staticmethod
    def resolve_start_time(obj):
        return obj.start_time.strftime("%H:%M") if obj.start_time else None

    @staticmethod
    def resolve_committee(obj):
        return obj.committee.name

    @staticmethod
    def resolve_date_jalali(obj):
        return jalali(obj.date)


class MeetingIn(Schema):
    committee_id: RequiredId
    date: ApiDate
    start_time: WallTime | None = None
    place: str = Field("", max_length=200)
    chair: str = Field("", max_length=200)
    notes: str = Field("", max_length=NOTE_MAX)


class MeetingPatch(Schema):
    version: Version
    date: ApiDate | None = None
    start_time: WallTime | None = None
    place: str | None = Field(None, max_length=200)
    chair: str | None = Field(None, max_length=200)
    status: Literal["held", "approved", "cancelled"] | None = None


class AssignmentBrief(Schema):
    id: int
    agency_id: RequiredId
    agency: str
    role: str
    deadline: ApiDate
    deadline_jalali: str
    working_days: int | None = Field(None, description="مهلت به روز کاری، اگر چنین داده شده")
    paused: bool = Field(False, description="مهلت به سبب اعتراض در حال رسیدگی متوقف است")
    status: str
    progress: int

    @staticmethod
    def resolve_agency(obj):
        return str(obj.agency)

    @staticmethod
    def resolve_paused(obj):
        return obj.is_paused

    @staticmethod
    def resolve_deadline_jalali(obj):
        return jalali(obj.deadline)


class ResolutionOut(Schema):
    id: int
    code: str
    meeting_id: RequiredId
    committee_id: RequiredId
    meeting_date: dt.date
    meeting_date_jalali: str
    number: int
    text: str
    type: str
    is_confidential: bool
    is_published: bool
    published_at: dt.datetime | None
    status: str
    progress: int
    next_deadline: dt.date | None
    next_deadline_jalali: str | None
    project_id: int | None
    case_id: int | None
    obstacle: str
    legal_basis: str
    relief_expires_on: dt.date | None
    version: Version
    assignments: list[AssignmentBrief]

    @staticmethod
    def resolve_meeting_date_jalali(obj):
        return jalali(obj.meeting_date)

    @staticmethod
    def resolve_next_deadline_jalali(obj):
        return jalali(obj.next_deadline)

    @staticmethod
    def resolve_assignments(obj):
        visible = getattr(obj, "visible_assignments", None)
        return list(visible if visible is not None else obj.assignments.all())


class AssignmentSpecIn(Schema):
    agency_id: RequiredId
    deadline: ApiDate | None = Field(None, description="مهلت به تاریخ؛ یا working_days")
    working_days: int | str | None = Field(
        None, description="مهلت به روز کاری از تاریخ جلسه (ارقام فارسی هم پذیرفته است)"
    )
    role: Literal["lead", "collaborator"] = "lead"


class ResolutionIn(Schema):
    meeting_id: RequiredId
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    type: ResolutionType = "directive"
    is_confidential: bool = False
    project_id: OptionalId = None
    case_id: OptionalId = None
    assignments: list[AssignmentSpecIn] = Field(default_factory=list, max_length=50)
    obstacle: ObstacleName = ""
    legal_basis: str = Field("", max_length=LEGAL_BASIS_MAX)
    relief_expires_on: ApiDate | None = Field(
        None, description="تاریخ پایان اعتبار؛ برای امهال، تعویق اجراییه و عدم قطع انشعاب"
    )


class ResolutionPatch(Schema):
    version: Version
    text: str | None = Field(None, min_length=1, max_length=TEXT_MAX)
    type: ResolutionType | None = None
    is_confidential: bool | None = None
    obstacle: ObstacleName | None = None
    legal_basis: str | None = Field(None, max_length=LEGAL_BASIS_MAX)
    relief_expires_on: ApiDate | None = None


class AssignmentOut(AssignmentBrief):
    resolution_id: RequiredId
    resolution_code: str
    reported_done_on: dt.date | None
    closed_on: dt.date | None
    overdue: bool
    version: Version

    @staticmethod
    def resolve_resolution_code(obj):
        return obj.resolution.code

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue_on(today())


class AssignmentPatch(Schema):
    version: Version
    status: AssignmentStatus | None = None
    reason: str = Field("", max_length=NOTE_MAX)
    new_deadline: ApiDate | None = None


class FollowUpOut(Schema):
    id: int
    assignment_id: RequiredId
    author: str
    text: str
    progress: int
    is_final: bool
    status: str
    return_reason: str
    created_at: dt.datetime
    created_at_jalali: str

    @staticmethod
    def resolve_author(obj):
        return str(obj.author)

    @staticmethod
    def resolve_created_at_jalali(obj):
        return jalali(obj.created_at)


class FollowUpIn(Schema):
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    progress: int = Field(..., ge=0, le=100)
    is_final: bool = False


class ListFilters(Schema):
    committee: OptionalId = None
    meeting: OptionalId = None
    agency: OptionalId = None
    status: str | None = Field(None, max_length=30)
    obstacle: ObstacleName | None = None
    overdue: bool = False
    due_within: int | None = Field(None, ge=0, le=365)
    q: str = Field("", max_length=200)
    date_from: ApiDate | None = None
    date_to: ApiDate | None = None

    def as_filters(self, cls):
        period = None
        if self.date_from or self.date_to:
            period = Period.between(
                self.date_from or dt.date(1900, 1, 1), self.date_to or dt.date(2999, 12, 31)
            )
        return cls(
            committee=self.committee,
            meeting=self.meeting,
            agency=self.agency,
            status=self.status,
            obstacle=self.obstacle or None,
            overdue=self.overdue,
            due_within=self.due_within,
            text=self.q,
            period=period,
        )


@router.get("/meetings", response={200: list[MeetingOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_meetings(request, committee: OptionalId = None):
    return selectors.meeting_list(
        user=user_of(request), filters=selectors.MeetingFilters(committee=committee)
    )


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **READ_ERRORS})
def get_meeting(request, meeting_id: PathId):
    return selectors.meeting_get_for_user(user=user_of(request), pk=meeting_id)


@router.post("/meetings", response={201: MeetingOut, **ERRORS})
def create_meeting(request, payload: MeetingIn):
    user = user_of(request)
    committee = committee_get_for_user(user=user, pk=payload.committee_id)
    meeting = services.meeting_create(
        committee=committee,
        date=payload.date,
        start_time=_time(payload.start_time),
        place=payload.place,
        chair=payload.chair,
        notes=payload.notes,
        acting_user=user,
    )
    return Status(201, meeting)


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def update_meeting(request, meeting_id: PathId, payload: MeetingPatch):
    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    if any(v is not None for v in (payload.date, payload.start_time, payload.place, payload.chair)):
        meeting = services.meeting_update(
            meeting=meeting,
            version=payload.version,
            acting_user=user,
            date=payload.date or meeting.date,
            start_time=_time(payload.start_time)
            if payload.start_time is not None
            else meeting.start_time,
            place=payload.place if payload.place is not None else meeting.place,
            chair=payload.chair if payload.chair is not None else meeting.chair,
            notes=meeting.notes,
        )
    if payload.status:
        meeting = services.meeting_transition(
            meeting=meeting, to_status=payload.status, acting_user=user
        )
    return Meeting.objects.select_related("committee").get(pk=meeting.pk)


@router.get("/resolutions", response={200: list[ResolutionOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_resolutions(request, filters: Query[ListFilters]):
    return selectors.resolution_list(
        user=user_of(request), filters=filters.as_filters(selectors.ResolutionFilters)
    )


@router.get("/resolutions/{resolution_id}", response={200: ResolutionOut, **READ_ERRORS})
def get_resolution(request, resolution_id: PathId):
    return selectors.resolution_detail(user=user_of(request), pk=resolution_id)


@router.post("/resolutions", response={201: ResolutionOut, **ERRORS})
def create_resolution(request, payload: ResolutionIn):
    from hamahang.projects.selectors import project_list_for_user
    from hamahang.units.selectors import case_list_for_user

    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=payload.meeting_id)
    agencies = {
        a.pk: a
        for a in agency_list_for_user(user=user).filter(
            pk__in=[s.agency_id for s in payload.assignments]
        )
    }
    specs = []
    for spec in payload.assignments:
        if spec.agency_id not in agencies:
            raise Http404
        specs.append(
            services.AssignmentSpec(
                agencies[spec.agency_id], spec.deadline, spec.role, spec.working_days
            )
        )
    project = (
        get_object_or_404(project_list_for_user(user=user), pk=payload.project_id)
        if payload.project_id
        else None
    )
    case = (
        get_object_or_404(case_list_for_user(user=user), pk=payload.case_id)
        if payload.case_id
        else None
    )
    resolution = services.resolution_create(
        meeting=meeting,
        text=payload.text,
        type=payload.type,
        is_confidential=payload.is_confidential,
        assignments=specs,
        project=project,
        case=case,
        obstacle=payload.obstacle,
        legal_basis=payload.legal_basis,
        relief_expires_on=payload.relief_expires_on,
        acting_user=user,
    )
    return Status(201, selectors.resolution_detail(user=user, pk=resolution.pk))


@router.patch("/resolutions/{resolution_id}", response={200: ResolutionOut, **ERRORS})
def update_resolution(request, resolution_id: PathId, payload: ResolutionPatch):
    user = user_of(request)
    resolution = selectors.resolution_detail(user=user, pk=resolution_id)
    services.resolution_update(
        resolution=resolution,
        version=payload.version,
        acting_user=user,
        text=payload.text if payload.text is not None else resolution.text,
        type=payload.type or resolution.type,
        is_confidential=payload.is_confidential
        if payload.is_confidential is not None
        else resolution.is_confidential,
        project=resolution.project,
        obstacle=payload.obstacle,
        legal_basis=payload.legal_basis,
        relief_expires_on=payload.relief_expires_on,
    )
    return selectors.resolution_detail(user=user, pk=resolution_id)


class ReliefExpiryIn(Schema):
    relief_expires_on: ApiDate = Field(..., description="تاریخ پایان اعتبار مصوبه حمایتی")


@router.put("/resolutions/{resolution_id}/relief-expiry", response={200: ResolutionOut, **ERRORS})
def set_relief_expiry(request, resolution_id: PathId, payload: ReliefExpiryIn):
    """A relief's expiry date, also on approved minutes (the sunset ledger's gap list): the
    same service as the resolution page's form."""
    user = user_of(request)
    resolution = selectors.resolution_detail(user=user, pk=resolution_id)
    services.resolution_set_relief_expiry(
        resolution=resolution, expires_on=payload.relief_expires_on, acting_user=user
    )
    return selectors.resolution_detail(user=user, pk=resolution_id)


@router.get("/assignments", response={200: list[AssignmentOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_assignments(request, filters: Query[ListFilters]):
    return selectors.assignment_list(
        user=user_of(request), filters=filters.as_filters(selectors.AssignmentFilters)
    )


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **READ_ERRORS})
def get_assignment(request, assignment_id: PathId):
    return selectors.assignment_detail(user=user_of(request), pk=assignment_id)


@router.patch("/assignments/{assignment_id}", response={200: AssignmentOut, **ERRORS})
def update_assignment(request, assignment_id: PathId, payload: AssignmentPatch):
    user = user_of(request)
    assignment = selectors.assignment_detail(user=user, pk=assignment_id)
    if payload.new_deadline:
        assignment = services.assignment_extend_deadline(
            assignment=assignment,
            new_deadline=payload.new_deadline,
            reason=payload.reason,
            version=payload.version,
            acting_user=user,
        )
    if payload.status:
        services.assignment_set_status(
            assignment=assignment,
            status=payload.status,
            reason=payload.reason,
            # After an extension the row's version moved on: the caller's copy was checked.
            version=assignment.version if payload.new_deadline else payload.version,
            acting_user=user,
        )
    return selectors.assignment_detail(user=user, pk=assignment_id)


@router.get(
    "/assignments/{assignment_id}/followups", response={200: list[FollowUpOut], **READ_ERRORS}
)
def list_followups(request, assignment_id: PathId):
    return list(
        selectors.assignment_detail(user=user_of(request), pk=assignment_id).followups.all()
    )


@router.post("/assignments/{assignment_id}/followups", response={201: FollowUpOut, **ERRORS})
def create_followup(request, assignment_id: PathId, payload: FollowUpIn):
    user = user_of(request)
    assignment = selectors.assignment_detail(user=user, pk=assignment_id)
    followup = services.assignment_report(
        assignment=assignment,
        text=payload.text,
        progress=payload.progress,
        is_final=payload.is_final,
        acting_user=user,
    )
    return Status(201, followup)


# --- What the screens offer beyond plain edits: review, deadlines, agenda, attendance --------
# Each operation calls the same service as its screen (hamahang/meetings/views/*).


class Count(Schema):
    count: int


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=NOTE_MAX)


@router.post("/followups/{followup_id}/accept", response={200: FollowUpOut, **ERRORS})
def accept_followup(request, followup_id: PathId):
    """Accept an agency's report; a final report closes its assignment as verified done."""
    user = user_of(request)
    followup = selectors.followup_get_for_user(user=user, pk=followup_id)
    return services.followup_accept(followup=followup, acting_user=user)


@router.post("/followups/{followup_id}/return", response={200: FollowUpOut, **ERRORS})
def return_followup(request, followup_id: PathId, payload: ReturnIn):
    """Send a report back to the agency; the reason is required."""
    user = user_of(request)
    followup = selectors.followup_get_for_user(user=user, pk=followup_id)
    return services.followup_return(followup=followup, reason=payload.reason, acting_user=user)


class ExtendIn(Schema):
    version: Version
    new_deadline: ApiDate
    reason: str = Field(..., min_length=1, max_length=NOTE_MAX)


class StatusIn(Schema):
    version: Version
    status: AssignmentStatus
    reason: str = Field("", max_length=NOTE_MAX)


@router.post("/assignments/{assignment_id}/extend", response={200: AssignmentOut, **ERRORS})
def extend_assignment(request, assignment_id: PathId, payload: ExtendIn):
    user = user_of(request)
    assignment = selectors.assignment_detail(user=user, pk=assignment_id)
    services.assignment_extend_deadline(
        assignment=assignment,
        new_deadline=payload.new_deadline,
        reason=payload.reason,
        version=payload.version,
        acting_user=user,
    )
    return selectors.assignment_detail(user=user, pk=assignment_id)


@router.post("/assignments/{assignment_id}/status", response={200: AssignmentOut, **ERRORS})
def set_assignment_status(request, assignment_id: PathId, payload: StatusIn):
    """A reported-done assignment with a report waiting for review is settled by accepting or
    returning that report, not here."""
    user = user_of(request)
    assignment = selectors.assignment_detail(user=user, pk=assignment_id)
    services.assignment_set_status(
        assignment=assignment,
        status=payload.status,
        reason=payload.reason,
        version=payload.version,
        acting_user=user,
    )
    return selectors.assignment_detail(user=user, pk=assignment_id)


IdList = Annotated[list[RequiredId], Field(min_length=1, max_length=500)]


def _visible_assignments(user, ids: list[int]):
    rows = list(selectors.assignment_list_for_user(user=user).filter(pk__in=ids))
    if len(rows) != len(set(ids)):
        raise Http404
    return rows


class BulkExtendIn(Schema):
    assignment_ids: IdList
    new_deadline: ApiDate
    reason: str = Field(..., min_length=1, max_length=NOTE_MAX)


class BulkStatusIn(Schema):
    assignment_ids: IdList
    status: AssignmentStatus
    reason: str = Field("", max_length=NOTE_MAX)


@router.post("/assignment-batches/extend", response={200: Count, **ERRORS})
def bulk_extend_assignments(request, payload: BulkExtendIn):
    """Extend many deadlines at once: all of them or, on any refusal, none."""
    user = user_of(request)
    count = services.assignments_bulk_extend(
        assignments=_visible_assignments(user, payload.assignment_ids),
        new_deadline=payload.new_deadline,
        reason=payload.reason,
        acting_user=user,
    )
    return {"count": count}


@router.post("/assignment-batches/status", response={200: Count, **ERRORS})
def bulk_set_assignment_status(request, payload: BulkStatusIn):
    user = user_of(request)
    count = services.assignments_bulk_set_status(
        assignments=_visible_assignments(user, payload.assignment_ids),
        status=payload.status,
        reason=payload.reason,
        acting_user=user,
    )
    return {"count": count}


class TransitionIn(Schema):
    status: Literal["held", "approved", "cancelled"]


@router.post("/meetings/{meeting_id}/transition", response={200: MeetingOut, **ERRORS})
def transition_meeting(request, meeting_id: PathId, payload: TransitionIn):
    """Planned → held → minutes approved (locked); planned or held → cancelled."""
    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    services.meeting_transition(meeting=meeting, to_status=payload.status, acting_user=user)
    return Meeting.objects.select_related("committee").get(pk=meeting_id)


AttendanceStatus = Literal[tuple(Attendance.Status.values)]  # type: ignore[valid-type]


class AttendanceIn(Schema):
    agency_id: RequiredId
    status: AttendanceStatus
    representative: str = Field("", max_length=TITLE_MAX)


class AttendanceListIn(Schema):
    rows: list[AttendanceIn] = Field(..., min_length=1, max_length=200)


class AttendanceOut(Schema):
    agency_id: int
    agency: str
    status: str
    representative: str

    @staticmethod
    def resolve_agency(obj):
        return str(obj.agency)


@router.get("/meetings/{meeting_id}/attendance", response={200: list[AttendanceOut], **READ_ERRORS})
def list_attendance(request, meeting_id: PathId):
    meeting = selectors.meeting_get_for_user(user=user_of(request), pk=meeting_id)
    return list(meeting.attendances.select_related("agency").order_by("agency__name"))


@router.post("/meetings/{meeting_id}/attendance", response={200: list[AttendanceOut], **ERRORS})
def record_attendance(request, meeting_id: PathId, payload: AttendanceListIn):
    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    agencies = {
        a.pk: a
        for a in agency_list_for_user(user=user).filter(pk__in=[r.agency_id for r in payload.rows])
    }
    if any(row.agency_id not in agencies for row in payload.rows):
        raise Http404
    services.meeting_record_attendance(
        meeting=meeting,
        rows=[
            services.AttendanceRow(agencies[r.agency_id], r.status, r.representative)
            for r in payload.rows
        ],
        acting_user=user,
    )
    return list(meeting.attendances.select_related("agency").order_by("agency__name"))


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    carried_resolution_id: int | None
    case_id: int | None
    project_id: int | None


class AgendaItemIn(Schema):
    title: str = Field("", max_length=TEXT_MAX)
    project_id: OptionalId = None


@router.get("/meetings/{meeting_id}/agenda", response={200: list[AgendaItemOut], **READ_ERRORS})
def list_agenda(request, meeting_id: PathId):
    meeting = selectors.meeting_get_for_user(user=user_of(request), pk=meeting_id)
    return list(meeting.agenda_items.order_by("order"))


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut, **ERRORS})
def add_agenda_item(request, meeting_id: PathId, payload: AgendaItemIn):
    """A free-text agenda item, optionally about a project (then the title may be empty)."""
    from hamahang.projects.selectors import project_list_for_user

    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    project = (
        get_object_or_404(project_list_for_user(user=user), pk=payload.project_id)
        if payload.project_id
        else None
    )
    item = services.agenda_item_add(
        meeting=meeting, title=payload.title, project=project, acting_user=user
    )
    return Status(201, item)


@router.post("/meetings/{meeting_id}/carry-over", response={200: Count, **ERRORS})
def carry_over(request, meeting_id: PathId):
    """Put the committee's still-open resolutions of earlier meetings on this agenda."""
    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    return {"count": services.agenda_carry_over(meeting=meeting, acting_user=user)}


class ResolutionIdsIn(Schema):
    resolution_ids: IdList


@router.post("/meetings/{meeting_id}/agenda/resolutions", response={200: Count, **ERRORS})
def add_resolutions_to_agenda(request, meeting_id: PathId, payload: ResolutionIdsIn):
    """Put chosen resolutions on a meeting's agenda for follow-up (all, or none)."""
    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    resolutions = list(
        selectors.resolution_list_for_user(user=user).filter(pk__in=payload.resolution_ids)
    )
    if len(resolutions) != len(set(payload.resolution_ids)):
        raise Http404
    count = services.agenda_add_resolutions(
        meeting=meeting, resolutions=resolutions, acting_user=user
    )
    return {"count": count}


def _publication(request, resolution_id: int, service):
    user = user_of(request)
    service(resolution=selectors.resolution_detail(user=user, pk=resolution_id), acting_user=user)
    return selectors.resolution_detail(user=user, pk=resolution_id)


@router.post("/resolutions/{resolution_id}/publish", response={200: ResolutionOut, **ERRORS})
def publish_resolution(request, resolution_id: PathId):
    """Show the resolution on the public portal (refused for a confidential one)."""
    return _publication(request, resolution_id, services.resolution_publish)


@router.post("/resolutions/{resolution_id}/unpublish", response={200: ResolutionOut, **ERRORS})
def unpublish_resolution(request, resolution_id: PathId):
    """Take the resolution off the public portal."""
    return _publication(request, resolution_id, services.resolution_unpublish)


@router.post("/resolution-batches/publish", response={200: Count, **ERRORS})
def bulk_publish_resolutions(request, payload: ResolutionIdsIn):
    """Publish many resolutions: all, or none if any is confidential."""
    user = user_of(request)
    resolutions = list(
        selectors.resolution_list_for_user(user=user).filter(pk__in=payload.resolution_ids)
    )
    if len(resolutions) != len(set(payload.resolution_ids)):
        raise Http404
    return {"count": services.resolutions_bulk_publish(resolutions=resolutions, acting_user=user)}


class CaseIdsIn(Schema):
    case_ids: IdList


@router.post("/meetings/{meeting_id}/refer-cases", response={200: Count, **ERRORS})
def refer_cases(request, meeting_id: PathId, payload: CaseIdsIn):
    """Put waiting support cases on a meeting's agenda in one action (all, or none)."""
    user = user_of(request)
    meeting = selectors.meeting_get_for_user(user=user, pk=meeting_id)
    cases = list(selectors.cases_to_refer(user=user).filter(pk__in=payload.case_ids))
    if len(cases) != len(set(payload.case_ids)):
        raise Http404
    return {"count": services.agenda_refer_cases(meeting=meeting, cases=cases, acting_user=user)}


# --- Objections (اعتراض) ---------------------------------------------------------------------


class ObjectionOut(Schema):
    id: int
    assignment_id: RequiredId
    reason: str
    status: str
    remedy: str
    filed_by: str
    filed_at: dt.datetime
    filed_at_jalali: str
    paused_at: dt.date
    paused_days: int
    decision_note: str
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_filed_by(obj):
        return str(obj.filed_by)

    @staticmethod
    def resolve_filed_at_jalali(obj):
        return jalali(obj.filed_at)


class ObjectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=TEXT_MAX)


class ObjectionDecisionIn(Schema):
    decision: Literal["upheld", "rejected"]
    remedy: Literal["cancel", "amend"] = "cancel"
    note: str = Field(..., min_length=1, max_length=NOTE_MAX)


@router.get(
    "/assignments/{assignment_id}/objections", response={200: list[ObjectionOut], **READ_ERRORS}
)
def list_objections(request, assignment_id: PathId):
    assignment = selectors.assignment_detail(user=user_of(request), pk=assignment_id)
    return selectors.objections_of(assignment)


@router.post("/assignments/{assignment_id}/objections", response={201: ObjectionOut, **ERRORS})
def file_objection(request, assignment_id: PathId, payload: ObjectionIn):
    """The assigned agency objects within the committee's window; the deadline pauses and the
    objection goes onto the committee's next planned meeting."""
    user = user_of(request)
    assignment = selectors.assignment_detail(user=user, pk=assignment_id)
    objection = services.objection_file(
        assignment=assignment, reason=payload.reason, acting_user=user
    )
    return Status(201, selectors.objection_get_for_user(user=user, pk=objection.pk))


@router.post("/objections/{objection_id}/decision", response={200: ObjectionOut, **ERRORS})
def decide_objection(request, objection_id: PathId, payload: ObjectionDecisionIn):
    """Upheld (the assignment cancelled, or the resolution to be amended) or rejected (the
    deadline resumes with the paused days added)."""
    user = user_of(request)
    objection = selectors.objection_get_for_user(user=user, pk=objection_id)
    services.objection_decide(
        objection=objection,
        upheld=payload.decision == "upheld",
        remedy=payload.remedy,
        note=payload.note,
        acting_user=user,
    )
    return selectors.objection_get_for_user(user=user, pk=objection_id)
