"""/api/v1/units and /api/v1/cases."""

from decimal import Decimal
from typing import Literal

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
from hamahang.core.validation import NOTE_MAX, TEXT_MAX
from hamahang.units import selectors, services
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent, UnitStatus
from hamahang.units.obstacles import LEGAL_BASIS_MAX, Obstacle

router = Router(tags=["واحدهای تولیدی و پرونده‌ها"])

UnitStatusName = Literal[tuple(UnitStatus.values)]  # type: ignore[valid-type]
CaseType = Literal[tuple(SupportCase.Type.values)]  # type: ignore[valid-type]
Creditor = Literal[tuple(SupportCase.Creditor.values)]  # type: ignore[valid-type]
ObstacleName = Literal[("", *Obstacle.values)]  # type: ignore[valid-type]
CaseStatus = Literal[tuple(SupportCase.Status.values)]  # type: ignore[valid-type]
Kind = Literal[tuple(ProductionUnit.Kind.values)]  # type: ignore[valid-type]


class UnitOut(Schema):
    id: int
    name: str
    legal_id: str | None
    national_code: str | None
    kind: str
    county_id: RequiredId
    estate_id: int | None
    activity: str
    utilisation: int
    jobs: int
    covid_affected: bool
    ownership: str
    status: str
    version: Version


class UnitIn(Schema):
    name: str = Field(..., min_length=1, max_length=250)
    county_id: RequiredId
    legal_id: str | None = Field(None, max_length=20)
    national_code: str | None = Field(None, max_length=20)
    kind: Kind = "industrial"
    activity: str = Field("", max_length=250)
    status: UnitStatusName = "active"
    jobs: int = Field(0, ge=0, le=10_000_000)
    covid_affected: bool = False
    registered_on: ApiDate


class UnitPatch(Schema):
    version: Version
    name: str | None = Field(None, min_length=1, max_length=250)
    activity: str | None = Field(None, max_length=250)
    utilisation: int | None = Field(None, ge=0, le=100)
    status: UnitStatusName | None = None
    status_date: ApiDate | None = None
    jobs_after: int | None = Field(None, ge=0, le=10_000_000)


class CaseOut(Schema):
    id: int
    code: str
    unit_id: RequiredId
    type: str
    creditor: str
    creditor_agency_id: int | None
    amount: Decimal | None
    received_on: ApiDate
    received_on_jalali: str
    status: str
    outcome: str
    obstacle: str
    legal_basis: str
    version: Version

    @staticmethod
    def resolve_received_on_jalali(obj):
        return jalali(obj.received_on)


class CaseIn(Schema):
    unit_id: RequiredId
    type: CaseType
    description: str = Field(..., min_length=1, max_length=TEXT_MAX)
    received_on: ApiDate
    creditor: Creditor = ""
    creditor_agency_id: OptionalId = None
    amount: Decimal | None = Field(None, ge=0, max_digits=28, decimal_places=2)
    obstacle: ObstacleName = ""
    legal_basis: str = Field("", max_length=LEGAL_BASIS_MAX)


class CasePatch(Schema):
    status: CaseStatus
    note: str = Field("", max_length=NOTE_MAX)


class UnitFilters(Schema):
    county: OptionalId = None
    status: UnitStatusName | None = None
    kind: Kind | None = None
    q: str = Field("", max_length=200)


@router.get("/units", response={200: list[UnitOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_units(request, filters: Query[UnitFilters]):
    return selectors.unit_list(
        user=user_of(request),
        filters=selectors.UnitFilters(
            county=filters.county, status=filters.status, kind=filters.kind, text=filters.q
        ),
    )


@router.get("/units/{unit_id}", response={200: UnitOut, **READ_ERRORS})
def get_unit(request, unit_id: PathId):
    return get_object_or_404(selectors.unit_list_for_user(user=user_of(request)), pk=unit_id)


@router.post("/units", response={201: UnitOut, **ERRORS})
def create_unit(request, payload: UnitIn):
    user = user_of(request)
    county = get_object_or_404(county_list_for_user(user=user), pk=payload.county_id)
    data = payload.dict(exclude={"county_id", "status", "jobs", "registered_on"})
    unit = services.unit_register(
        acting_user=user,
        registered_on=payload.registered_on,
        status=payload.status,
        jobs=payload.jobs,
        county=county,
        **data,
    )
    return Status(201, unit)


@router.patch("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def update_unit(request, unit_id: PathId, payload: UnitPatch):
    user = user_of(request)
    unit = get_object_or_404(selectors.unit_list_for_user(user=user), pk=unit_id)
    fields = {
        k: v
        for k, v in payload.dict(include={"name", "activity", "utilisation"}).items()
        if v is not None
    }
    if fields:
        unit = services.unit_update(unit=unit, version=payload.version, acting_user=user, **fields)
    if payload.status:
        from hamahang.core.jalali import today

        services.unit_record_status(
            unit=unit,
            to_status=payload.status,
            on_date=payload.status_date or today(),
            jobs_after=payload.jobs_after if payload.jobs_after is not None else unit.jobs,
            acting_user=user,
        )
    return ProductionUnit.objects.get(pk=unit_id)


@router.get("/cases", response={200: list[CaseOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_cases(request, type: CaseType | None = None, status: CaseStatus | None = None):
    return selectors.case_list(
        user=user_of(request), filters=selectors.CaseFilters(type=type, status=status)
    )


@router.get("/cases/{case_id}", response={200: CaseOut, **READ_ERRORS})
def get_case(request, case_id: PathId):
    return get_object_or_404(selectors.case_list_for_user(user=user_of(request)), pk=case_id)


@router.post("/cases", response={201: CaseOut, **ERRORS})
def create_case(request, payload: CaseIn):
    user = user_of(request)
    unit = get_object_or_404(selectors.unit_list_for_user(user=user), pk=payload.unit_id)
    agency = (
        get_object_or_404(agency_list_for_user(user=user), pk=payload.creditor_agency_id)
        if payload.creditor_agency_id
        else None
    )
    case = services.case_create(
        unit=unit,
        type=payload.type,
        description=payload.description,
        received_on=payload.received_on,
        creditor=payload.creditor,
        creditor_agency=agency,
        amount=payload.amount,
        obstacle=payload.obstacle,
        legal_basis=payload.legal_basis,
        acting_user=user,
    )
    return Status(201, case)


@router.patch("/cases/{case_id}", response={200: CaseOut, **ERRORS})
def update_case(request, case_id: PathId, payload: CasePatch):
    user = user_of(request)
    case = get_object_or_404(selectors.case_list_for_user(user=user), pk=case_id)
    return services.case_transition(
        case=case, to_status=payload.status, note=payload.note, acting_user=user
    )


# --- What the unit and case screens offer beyond plain edits ---------------------------------
# Each operation calls the same service as its screen (hamahang/units/views.py).

Cause = Literal[tuple(UnitEvent.Cause.values)]  # type: ignore[valid-type]


class LaunchIn(Schema):
    name: str = Field(..., min_length=1, max_length=250)
    county_id: RequiredId
    legal_id: str | None = Field(None, max_length=20)
    national_code: str | None = Field(None, max_length=20)
    kind: Kind = "industrial"
    activity: str = Field("", max_length=250)
    product: str = Field(..., min_length=1, max_length=120)
    jobs: int = Field(0, ge=0, le=10_000_000)
    covid_affected: bool = False
    launched_on: ApiDate


@router.post("/unit-launches", response={201: UnitOut, **ERRORS})
def launch_unit(request, payload: LaunchIn):
    """A new unit starts production (counted from its launch event)."""
    user = user_of(request)
    county = get_object_or_404(county_list_for_user(user=user), pk=payload.county_id)
    data = payload.dict(exclude={"county_id", "product", "jobs", "launched_on"})
    unit = services.unit_launch(
        acting_user=user,
        launched_on=payload.launched_on,
        product=payload.product,
        jobs=payload.jobs,
        county=county,
        **data,
    )
    return Status(201, unit)


class UnitStatusIn(Schema):
    to_status: UnitStatusName
    on_date: ApiDate
    jobs_after: int = Field(..., ge=0, le=10_000_000)
    cause: Cause = ""
    note: str = Field("", max_length=NOTE_MAX)


@router.post("/units/{unit_id}/status", response={200: UnitOut, **ERRORS})
def record_unit_status(request, unit_id: PathId, payload: UnitStatusIn):
    """A dated status change with the jobs after it (a revival when stagnant or closed becomes
    active)."""
    user = user_of(request)
    unit = get_object_or_404(selectors.unit_list_for_user(user=user), pk=unit_id)
    services.unit_record_status(unit=unit, acting_user=user, **payload.dict())
    return ProductionUnit.objects.get(pk=unit_id)


class CaseTransitionIn(Schema):
    status: CaseStatus
    note: str = Field("", max_length=NOTE_MAX)


@router.post("/cases/{case_id}/transition", response={200: CaseOut, **ERRORS})
def transition_case(request, case_id: PathId, payload: CaseTransitionIn):
    """Review, reject (with a reason), record a withdrawal or an implementation."""
    user = user_of(request)
    case = get_object_or_404(selectors.case_list_for_user(user=user), pk=case_id)
    return services.case_transition(
        case=case, to_status=payload.status, note=payload.note, acting_user=user
    )
