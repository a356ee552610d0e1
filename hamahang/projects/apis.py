"""/api/v1/projects."""

import datetime as dt
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
from hamahang.projects import selectors, services
from hamahang.projects.models import Sector

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
    description: str = ""
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
    progress_reason: str = ""
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
