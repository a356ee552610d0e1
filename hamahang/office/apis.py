"""/api/v1/closures: the province's announced office closures (تعطیلی اضطراری)."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from hamahang.core.apischema import (
    ERRORS,
    READ_ERRORS,
    ApiDate,
    OptionalId,
    PathId,
    jalali,
    user_of,
)
from hamahang.office import selectors, services

router = Router(tags=["تعطیلی‌ها"])


class ClosureOut(Schema):
    id: int
    date: dt.date
    date_jalali: str
    county_id: int | None
    county: str | None
    reason: str

    @staticmethod
    def resolve_date_jalali(obj):
        return jalali(obj.date)

    @staticmethod
    def resolve_county(obj):
        return obj.county.name if obj.county else None


class ClosureIn(Schema):
    date: ApiDate
    county_id: OptionalId = None
    reason: str = Field(..., min_length=1, max_length=200)


def _visible(user):
    if not selectors.may_enter_closures(user):
        from django.core.exceptions import ValidationError

        raise ValidationError(services.CLOSURES_NOT_ALLOWED, code="not_allowed")
    return selectors.office_closures(user=user)


@router.get("/closures", response={200: list[ClosureOut], **READ_ERRORS})
def list_closures(request):
    return list(_visible(user_of(request))[:500])


@router.post("/closures", response={201: ClosureOut, **ERRORS})
def add_closure(request, payload: ClosureIn):
    """A closure of the province (or of one county) today or later; a past day is refused."""
    from django.shortcuts import get_object_or_404

    user = user_of(request)
    _visible(user)
    county = (
        get_object_or_404(selectors.closure_counties(user=user), pk=payload.county_id)
        if payload.county_id
        else None
    )
    closure = services.closure_add(
        acting_user=user, date=payload.date, reason=payload.reason, county=county
    )
    return Status(201, closure)


@router.delete("/closures/{closure_id}", response={204: None, **ERRORS})
def remove_closure(request, closure_id: PathId):
    user = user_of(request)
    _visible(user)
    closure = selectors.office_closure(user=user, pk=closure_id)
    services.closure_remove(acting_user=user, closure=closure)
    return Status(204, None)
