"""What every router shares: the acting user, error schemas and Jalali display fields."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination

from hamahang.core.jalali import format_jalali


class Error(Schema):
    code: str
    message: str


class FieldErrors(Error):
    fields: dict[str, list[str]] | None = None


ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: FieldErrors}
READ_ERRORS = {401: Error, 404: Error, 422: FieldErrors}


def user_of(request):
    """The authenticated user (token or session)."""
    return request.auth


def jalali(value: dt.date | dt.datetime | None) -> str | None:
    return format_jalali(value, "ascii") if value else None


# Bounds for what the API accepts, so no value can overflow a database column.
MAX_ID = 2_147_483_647
EARLIEST, LATEST = dt.date(1921, 3, 21), dt.date(2121, 3, 20)  # Jalali 1300 – 1499

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalId = Annotated[int, Field(ge=1, le=MAX_ID)] | None
RequiredId = Annotated[int, Field(ge=1, le=MAX_ID)]
ApiDate = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]


class BoundedPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(25, ge=1, le=200, description="تعداد در هر صفحه (حداکثر ۲۰۰)")
        offset: int = Field(0, ge=0, le=100_000_000)
