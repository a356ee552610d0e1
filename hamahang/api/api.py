"""The REST API under /api/v1/: OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs (served
locally). Endpoints live in each app's apis.py and use the same selectors and services as the
screens, so a liaison's token sees exactly what the liaison sees."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError

from hamahang.api.auth import AUTH
from hamahang.core.jalali import JalaliDateError, PeriodError
from hamahang.core.numbers import NumberError
from hamahang.meetings.apis import router as meetings_router
from hamahang.projects.apis import router as projects_router
from hamahang.reports.apis import router as reports_router
from hamahang.units.apis import router as units_router

api = NinjaAPI(
    title="Hamahang API",
    version="1",
    description="API سامانه هماهنگ: جلسات، مصوبات، تکالیف، گزارش‌های پیگیری، طرح‌ها، "
    "واحدهای تولیدی و پرونده‌ها. تاریخ‌ها ISO 8601 هستند و هر تاریخ یک فیلد نمایش شمسی دارد.",
    urls_namespace="api",
    auth=AUTH,
    docs=Swagger(),
)
api.add_router("/", meetings_router)
api.add_router("/", projects_router)
api.add_router("/", units_router)
api.add_router("/", reports_router)


def _error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    code = getattr(exc, "code", None) or "invalid"
    if hasattr(exc, "error_dict"):
        fields = {name: list(messages) for name, messages in exc.message_dict.items()}
        first = next(iter(fields.values()))[0]
        return _error(request, 422, code, first, fields=fields)
    if code == "not_allowed":
        return _error(request, 403, code, " ".join(exc.messages))
    if code == "not_found":  # a service refused an object outside the user's scope
        return _error(request, 404, code, " ".join(exc.messages))
    if code == "stale_version":
        return _error(request, 409, code, " ".join(exc.messages))
    return _error(request, 422, code, " ".join(exc.messages))


# Pydantic's error types in the words a Persian user reads.
PYDANTIC_MESSAGES = {
    "missing": "این مقدار لازم است.",
    "date_parsing": "تاریخ باید به شکل YYYY-MM-DD (میلادی) باشد.",
    "date_from_datetime_parsing": "تاریخ باید به شکل YYYY-MM-DD (میلادی) باشد.",
    "date_type": "تاریخ باید به شکل YYYY-MM-DD (میلادی) باشد.",
    "datetime_parsing": "زمان باید به شکل ISO 8601 باشد.",
    "time_parsing": "ساعت باید به شکل HH:MM باشد.",
    "int_parsing": "عدد صحیح لازم است.",
    "int_type": "عدد صحیح لازم است.",
    "int_from_float": "عدد صحیح لازم است.",
    "decimal_parsing": "عدد لازم است.",
    "decimal_type": "عدد لازم است.",
    "bool_parsing": "مقدار درست یا نادرست (true/false) لازم است.",
    "greater_than_equal": "مقدار کمتر از حد مجاز است.",
    "less_than_equal": "مقدار بیشتر از حد مجاز است.",
    "string_too_short": "این مقدار نباید خالی باشد.",
    "string_too_long": "این مقدار بیش از اندازه بلند است.",
    "too_long": "تعداد موارد بیش از حد مجاز است.",
    "literal_error": "این مقدار از گزینه‌های مجاز نیست.",
    "enum": "این مقدار از گزینه‌های مجاز نیست.",
    "json_invalid": "بدنه درخواست JSON معتبر نیست.",
    "model_attributes_type": "بدنه درخواست باید یک شیء JSON باشد.",
    "string_type": "متن لازم است.",
    "decimal_max_digits": "عدد بیش از اندازه بزرگ است.",
    "decimal_max_places": "رقم‌های اعشار بیش از حد مجاز است.",
}


@api.exception_handler(RequestValidationError)
def on_request_error(request, exc: RequestValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = ".".join(
            str(part) for part in error.get("loc", []) if part not in ("body", "query", "path")
        )
        message = PYDANTIC_MESSAGES.get(error.get("type", ""), "این مقدار نادرست است.")
        fields.setdefault(location or "request", []).append(message)
    return _error(
        request, 422, "invalid_request", "داده‌های درخواست نادرست یا ناقص است.", fields=fields
    )


@api.exception_handler(PeriodError)
@api.exception_handler(JalaliDateError)
@api.exception_handler(NumberError)
def on_input_error(request, exc):
    return _error(request, 422, exc.code, exc.message)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", "موردی با این شناسه یافت نشد یا در دسترس شما نیست.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, "not_allowed", "شما اجازه این کار را ندارید.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "unauthorized", "برای دسترسی به API توکن معتبر لازم است.")
