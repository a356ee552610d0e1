"""/api/v1/outcomes, /api/v1/commitments and the producer block of an assignment: the same
services as the screens."""

from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hamahang.core.apischema import (
    ERRORS,
    READ_ERRORS,
    ApiDate,
    BoundedPagination,
    OptionalId,
    PathId,
    RequiredId,
    user_of,
)
from hamahang.core.validation import TEXT_MAX
from hamahang.meetings.selectors import assignment_list_for_user
from hamahang.outcomes import selectors, services
from hamahang.outcomes.models import Outcome, ProducerCommitment
from hamahang.units.selectors import unit_list_for_user

router = Router(tags=["دستاوردها و تعهدات تولیدکنندگان"])

OutcomeKind = Literal[tuple(Outcome.Kind.values)]  # type: ignore[valid-type]
CommitmentKind = Literal[tuple(ProducerCommitment.Kind.values)]  # type: ignore[valid-type]
CommitmentStatus = Literal[tuple(ProducerCommitment.Status.values)]  # type: ignore[valid-type]


class OutcomeOut(Schema):
    id: int
    kind: str
    quantity: Decimal
    measure: str
    currency: str
    date: ApiDate
    source: str
    resolution_id: int | None
    case_id: int | None


class OutcomeIn(Schema):
    kind: OutcomeKind
    # Any number: the service refuses (in Persian) what is not positive, as on the form.
    quantity: Decimal = Field(..., max_digits=24, decimal_places=2)
    date: ApiDate
    source: str = Field(..., max_length=300)
    measure: str = Field("", max_length=50)
    currency: str = Field("", max_length=3)
    resolution_id: OptionalId = None
    case_id: OptionalId = None


class CommitmentOut(Schema):
    id: int
    unit_id: int
    case_id: int | None
    resolution_id: int | None
    kind: str
    description: str
    headcount: int | None
    deadline: ApiDate
    status: str
    evidence: str


class CommitmentIn(Schema):
    unit_id: RequiredId
    case_id: OptionalId = None
    resolution_id: OptionalId = None
    kind: CommitmentKind
    description: str = Field(..., max_length=TEXT_MAX)
    headcount: int | None = Field(None, ge=1, le=1_000_000)
    deadline: ApiDate


class CommitmentStatusIn(Schema):
    status: CommitmentStatus
    evidence: str = Field("", max_length=TEXT_MAX)


class BlockIn(Schema):
    commitment_id: RequiredId
    reason: str = Field(..., max_length=TEXT_MAX)


class BlockOut(Schema):
    assignment_id: int
    blocked: bool


@router.get("/outcomes", response={200: list[OutcomeOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_outcomes(request, resolution_id: OptionalId = None, case_id: OptionalId = None):
    rows = selectors.outcome_list_for_user(user=user_of(request))
    if resolution_id:
        rows = rows.filter(resolution_id=resolution_id)
    if case_id:
        rows = rows.filter(case_id=case_id)
    return rows


@router.post("/outcomes", response={201: OutcomeOut, **ERRORS})
def create_outcome(request, payload: OutcomeIn):
    user = user_of(request)
    resolution, case = selectors.subject_for_user(
        user=user, resolution_pk=payload.resolution_id, case_pk=payload.case_id
    )
    outcome = services.outcome_record(
        **payload.dict(exclude={"resolution_id", "case_id"}),
        resolution=resolution,
        case=case,
        acting_user=user,
    )
    return Status(201, outcome)


@router.get("/commitments", response={200: list[CommitmentOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_commitments(request, status: CommitmentStatus | None = None):
    rows = selectors.commitment_list_for_user(user=user_of(request))
    return rows.filter(status=status) if status else rows


@router.post("/commitments", response={201: CommitmentOut, **ERRORS})
def create_commitment(request, payload: CommitmentIn):
    user = user_of(request)
    unit = get_object_or_404(unit_list_for_user(user=user), pk=payload.unit_id)
    resolution = case = None
    if payload.resolution_id or payload.case_id:
        resolution, case = selectors.subject_for_user(
            user=user, resolution_pk=payload.resolution_id, case_pk=payload.case_id
        )
    commitment = services.commitment_create(
        **payload.dict(exclude={"unit_id", "case_id", "resolution_id"}),
        unit=unit,
        case=case,
        resolution=resolution,
        acting_user=user,
    )
    return Status(201, commitment)


@router.post("/commitments/{commitment_id}/status", response={200: CommitmentOut, **ERRORS})
def set_commitment_status(request, commitment_id: PathId, payload: CommitmentStatusIn):
    user = user_of(request)
    commitment = get_object_or_404(selectors.commitment_list_for_user(user=user), pk=commitment_id)
    return services.commitment_set_status(
        commitment=commitment, status=payload.status, evidence=payload.evidence, acting_user=user
    )


@router.post("/assignments/{assignment_id}/producer-block", response={200: BlockOut, **ERRORS})
def block_assignment(request, assignment_id: PathId, payload: BlockIn):
    user = user_of(request)
    assignment = get_object_or_404(assignment_list_for_user(user=user), pk=assignment_id)
    commitment = get_object_or_404(
        selectors.commitment_list_for_user(user=user), pk=payload.commitment_id
    )
    services.assignment_block(
        assignment=assignment, commitment=commitment, reason=payload.reason, acting_user=user
    )
    return {"assignment_id": assignment.pk, "blocked": True}


@router.delete("/assignments/{assignment_id}/producer-block", response={200: BlockOut, **ERRORS})
def unblock_assignment(request, assignment_id: PathId):
    user = user_of(request)
    assignment = get_object_or_404(assignment_list_for_user(user=user), pk=assignment_id)
    services.assignment_unblock(assignment=assignment, acting_user=user)
    return {"assignment_id": assignment.pk, "blocked": False}
