"""/api/v1/projects."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamahang.accounts.selectors import agency_list_for_user, county_list_for_user
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
from hamahang.core.validation import NOTE_MAX, TEXT_MAX, TITLE_MAX
from hamahang.organizations.models import Agency
from hamahang.projects import selectors, services
from hamahang.projects.models import (
    BankAgencyContract,
    InvestmentLine,
    Project,
    Sector,
    SubmissionItem,
)

router = Router(tags=["طرح‌ها"])

SectorName = Literal[tuple(Sector.values)]  # type: ignore[valid-type]


class InvestmentOut(Schema):
    amount: Decimal
    currency: str
    value_date: dt.date
    value_date_jalali: str
    source: str

    @staticmethod
    def resolve_value_date_jalali(obj):
        return jalali(obj.value_date)


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    sector: str
    sub_sector: str
    county_id: RequiredId
    owner_id: RequiredId
    owner: str
    executor: str
    status: str
    physical_progress: int
    start_date: dt.date | None
    start_date_jalali: str | None
    planned_end_date: dt.date | None
    planned_end_date_jalali: str | None
    jobs_direct: int
    jobs_indirect: int
    jobs_realised: int
    version: Version
    investments: list[InvestmentOut]

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.name

    @staticmethod
    def resolve_start_date_jalali(obj):
        return jalali(obj.start_date)

    @staticmethod
    def resolve_planned_end_date_jalali(obj):
        return jalali(obj.planned_end_date)

    @staticmethod
    def resolve_investments(obj):
        return list(obj.investments.all())


class ProjectIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    title: str = Field(..., min_length=1, max_length=300)
    sector: SectorName
    county_id: RequiredId
    owner_id: RequiredId
    sub_sector: str = Field("", max_length=120)
    executor: str = Field("", max_length=200)
    description: str = Field("", max_length=TEXT_MAX)
    start_date: ApiDate | None = None
    planned_end_date: ApiDate | None = None
    physical_progress: int = Field(0, ge=0, le=100)
    jobs_direct: int = Field(0, ge=0, le=10_000_000)
    jobs_indirect: int = Field(0, ge=0, le=10_000_000)


class ProjectPatch(Schema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=300)
    executor: str | None = Field(None, max_length=200)
    physical_progress: int | None = Field(None, ge=0, le=100)
    progress_reason: str = Field("", max_length=NOTE_MAX)
    jobs_realised: int | None = Field(None, ge=0, le=10_000_000)


class ProjectFilters(Schema):
    sector: SectorName | None = None
    county: OptionalId = None
    status: str | None = Field(None, max_length=20)
    owner: OptionalId = None
    q: str = Field("", max_length=200)


def _detail(user, pk):
    return selectors.project_detail(user=user, pk=pk)


@router.get("/projects", response={200: list[ProjectOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_projects(request, filters: Query[ProjectFilters]):
    queryset = selectors.project_list(
        user=user_of(request),
        filters=selectors.ProjectFilters(
            sector=filters.sector,
            county=filters.county,
            status=filters.status,
            owner=filters.owner,
            text=filters.q,
        ),
    )
    return selectors.project_rows(queryset)


@router.get("/projects/{project_id}", response={200: ProjectOut, **READ_ERRORS})
def get_project(request, project_id: PathId):
    return _detail(user_of(request), project_id)


@router.post("/projects", response={201: ProjectOut, **ERRORS})
def create_project(request, payload: ProjectIn):
    user = user_of(request)
    county = get_object_or_404(county_list_for_user(user=user), pk=payload.county_id)
    owner = get_object_or_404(agency_list_for_user(user=user), pk=payload.owner_id)
    data = payload.dict(exclude={"county_id", "owner_id"})
    project = services.project_create(acting_user=user, county=county, owner=owner, **data)
    return Status(201, _detail(user, project.pk))


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def update_project(request, project_id: PathId, payload: ProjectPatch):
    user = user_of(request)
    project = _detail(user, project_id)
    fields = {
        k: v
        for k, v in payload.dict(include={"title", "executor", "jobs_realised"}).items()
        if v is not None
    }
    services.project_update(
        project=project,
        version=payload.version,
        acting_user=user,
        physical_progress=payload.physical_progress,
        progress_reason=payload.progress_reason,
        **fields,
    )
    return _detail(user, project_id)


# --- What the project screens offer beyond plain edits ---------------------------------------
# Each operation calls the same service as its screen (hamahang/projects/views.py).

ProjectStatus = Literal[tuple(Project.Status.values)]  # type: ignore[valid-type]
ContractStatus = Literal[tuple(BankAgencyContract.Status.values)]  # type: ignore[valid-type]
Source = Literal[tuple(InvestmentLine.Source.values)]  # type: ignore[valid-type]
Outcome = Literal[tuple(SubmissionItem.Outcome.values)]  # type: ignore[valid-type]
Currency = Annotated[str, Field(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")]
Amount = Annotated[Decimal, Field(gt=0, max_digits=24, decimal_places=2)]


class ProjectTransitionIn(Schema):
    status: ProjectStatus
    on_date: ApiDate
    note: str = Field("", max_length=NOTE_MAX)


@router.post("/projects/{project_id}/transition", response={200: ProjectOut, **ERRORS})
def transition_project(request, project_id: PathId, payload: ProjectTransitionIn):
    user = user_of(request)
    services.project_transition(
        project=_detail(user, project_id),
        to_status=payload.status,
        on_date=payload.on_date,
        note=payload.note,
        acting_user=user,
    )
    return _detail(user, project_id)


class InvestmentIn(Schema):
    amount: Amount
    currency: Currency = "IRR"
    value_date: ApiDate
    source: Source
    note: str = Field("", max_length=250)


@router.post("/projects/{project_id}/investments", response={201: ProjectOut, **ERRORS})
def add_investment(request, project_id: PathId, payload: InvestmentIn):
    user = user_of(request)
    services.investment_add(project=_detail(user, project_id), acting_user=user, **payload.dict())
    return Status(201, _detail(user, project_id))


@router.delete("/projects/{project_id}/investments/{line_id}", response={200: ProjectOut, **ERRORS})
def remove_investment(request, project_id: PathId, line_id: PathId):
    user = user_of(request)
    project = _detail(user, project_id)
    line = next((i for i in project.investments.all() if i.pk == line_id), None)
    if line is None:
        raise Http404
    services.investment_remove(line=line, acting_user=user)
    return _detail(user, project_id)


class ContractOut(Schema):
    id: int
    project_id: int
    bank_id: int
    bank: str
    facility_amount: Decimal
    currency: str
    contract_number: str
    status: str
    status_date: dt.date
    status_date_jalali: str
    version: Version

    @staticmethod
    def resolve_bank(obj):
        return str(obj.bank)

    @staticmethod
    def resolve_status_date_jalali(obj):
        return jalali(obj.status_date)


class ContractIn(Schema):
    bank_id: RequiredId
    facility_amount: Amount
    currency: Currency = "IRR"
    on_date: ApiDate
    contract_number: str = Field("", max_length=60)


@router.post("/projects/{project_id}/contracts", response={201: ContractOut, **ERRORS})
def create_contract(request, project_id: PathId, payload: ContractIn):
    """Introduce the project to a bank for a facility (the contract starts as referred)."""
    user = user_of(request)
    project = _detail(user, project_id)
    bank = get_object_or_404(
        agency_list_for_user(user=user, kind=Agency.Kind.BANK), pk=payload.bank_id
    )
    contract = services.contract_create(
        project=project,
        bank=bank,
        facility_amount=payload.facility_amount,
        currency=payload.currency,
        on_date=payload.on_date,
        contract_number=payload.contract_number,
        acting_user=user,
    )
    return Status(201, contract)


class ContractStepIn(Schema):
    version: Version
    status: ContractStatus
    on_date: ApiDate
    amount: Amount | None = None
    contract_number: str = Field("", max_length=60)
    note: str = Field("", max_length=250)


@router.post("/contracts/{contract_id}/steps", response={200: ContractOut, **ERRORS})
def advance_contract(request, contract_id: PathId, payload: ContractStepIn):
    """Referred → appraisal → approved → signed → disbursed (one tranche each) / rejected."""
    user = user_of(request)
    contract = selectors.contract_get_for_user(user=user, pk=contract_id)
    return services.contract_advance(
        contract=contract,
        to_status=payload.status,
        on_date=payload.on_date,
        amount=payload.amount,
        contract_number=payload.contract_number,
        note=payload.note,
        version=payload.version,
        acting_user=user,
    )


class SubmissionItemOut(Schema):
    id: int
    project_id: int
    outcome: str
    reason: str
    outcome_date: dt.date | None


class SubmissionOut(Schema):
    id: int
    title: str
    letter_number: str
    letter_date: dt.date | None
    letter_date_jalali: str | None
    status: str
    version: Version
    items: list[SubmissionItemOut]

    @staticmethod
    def resolve_letter_date_jalali(obj):
        return jalali(obj.letter_date)

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class SubmissionIn(Schema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX)
    project_ids: Annotated[list[RequiredId], Field(min_length=1, max_length=1000)]
    letter_number: str = Field("", max_length=60)
    letter_date: ApiDate | None = None


class SendIn(Schema):
    letter_number: str = Field(..., min_length=1, max_length=60)
    letter_date: ApiDate


class OutcomeIn(Schema):
    outcome: Outcome
    on_date: ApiDate
    reason: str = Field("", max_length=NOTE_MAX)


@router.get("/submissions", response={200: list[SubmissionOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_submissions(request):
    return (
        selectors.submission_list_for_user(user=user_of(request))
        .prefetch_related("items")
        .order_by("-pk")
    )


@router.get("/submissions/{submission_id}", response={200: SubmissionOut, **READ_ERRORS})
def get_submission(request, submission_id: PathId):
    return selectors.submission_detail(user=user_of(request), pk=submission_id)


@router.post("/submissions", response={201: SubmissionOut, **ERRORS})
def create_submission(request, payload: SubmissionIn):
    """A draft batch of projects for the national secretariat."""
    user = user_of(request)
    projects = list(selectors.project_list_for_user(user=user).filter(pk__in=payload.project_ids))
    if len(projects) != len(set(payload.project_ids)):
        raise Http404
    submission = services.submission_create(
        title=payload.title,
        projects=projects,
        letter_number=payload.letter_number,
        letter_date=payload.letter_date,
        acting_user=user,
    )
    return Status(201, selectors.submission_detail(user=user, pk=submission.pk))


@router.post("/submissions/{submission_id}/send", response={200: SubmissionOut, **ERRORS})
def send_submission(request, submission_id: PathId, payload: SendIn):
    """Freeze the batch: every project's figures are copied into its item."""
    user = user_of(request)
    submission = selectors.submission_detail(user=user, pk=submission_id)
    services.submission_send(
        submission=submission,
        letter_number=payload.letter_number,
        letter_date=payload.letter_date,
        acting_user=user,
    )
    return selectors.submission_detail(user=user, pk=submission_id)


@router.post("/submission-items/{item_id}/outcome", response={200: SubmissionItemOut, **ERRORS})
def record_outcome(request, item_id: PathId, payload: OutcomeIn):
    """The national secretariat's answer for one project of a sent batch."""
    user = user_of(request)
    item = selectors.submission_item_get_for_user(user=user, pk=item_id)
    return services.submission_record_outcome(
        item=item,
        outcome=payload.outcome,
        on_date=payload.on_date,
        reason=payload.reason,
        acting_user=user,
    )
