"""The REST API under /api/v1/: OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs (served
locally). Endpoints live in each app's apis.py and use the same selectors and services as the
screens, so a liaison's token sees exactly what the liaison sees.

Errors: the handlers below are the one place that turns an exception into the documented
Persian {"code", "message"} (validation, parse errors, 404, 405, 413, 500); `middleware.py`
does the same for what happens outside an operation (unknown URL, wrong method, body size)."""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from hamahang.api.auth import AUTH
from hamahang.api.middleware import MESSAGES
from hamahang.api.parser import BadInput, CheckedParser
from hamahang.bale.apis import router as bale_router
from hamahang.core.dbretry import connection_lost
from hamahang.core.jalali import JalaliDateError, PeriodError
from hamahang.core.jsonenc import plain_decimal
from hamahang.core.numbers import NumberError
from hamahang.invitations.apis import router as invitations_router
from hamahang.meetings.apis import router as meetings_router
from hamahang.meetings.referral_apis import router as referrals_router
from hamahang.notices.apis import router as notices_router
from hamahang.office.apis import router as office_router
from hamahang.outcomes.apis import router as outcomes_router
from hamahang.projects.apis import router as projects_router
from hamahang.reports.apis import router as reports_router
from hamahang.signoff.apis import router as signoff_router
from hamahang.units.apis import router as units_router
from hamahang.webhooks.apis import router as webhooks_router


class PlainDecimalEncoder(NinjaJSONEncoder):
    """Ninja's encoder, but an amount is written out in full as the reports' JSON writes it
    (core.jsonenc.plain_decimal): "2025000000000", never "2.025E+12" or "2025000000000.00"."""

    def default(self, o):
        if isinstance(o, Decimal):
            return plain_decimal(o)
        return super().default(o)


class ApiRenderer(JSONRenderer):
    encoder_class = PlainDecimalEncoder


api = NinjaAPI(
    title="Hamahang API",
    version="1",
    description="API سامانه هماهنگ: جلسات، مصوبات، تکالیف، گزارش‌های پیگیری، طرح‌ها، "
    "واحدهای تولیدی و پرونده‌ها. تاریخ‌ها ISO 8601 هستند و هر تاریخ یک فیلد نمایش شمسی دارد.",
    urls_namespace="api",
    renderer=ApiRenderer(),
    auth=AUTH,
    docs=Swagger(),
    parser=CheckedParser(),
)
logger = logging.getLogger(__name__)
api.add_router("/", meetings_router)
api.add_router("/", referrals_router)
api.add_router("/", projects_router)
api.add_router("/", units_router)
api.add_router("/", outcomes_router)
api.add_router("/", reports_router)
api.add_router("/", bale_router)
api.add_router("/", signoff_router)
api.add_router("/", invitations_router)
api.add_router("/", notices_router)
api.add_router("/", office_router)
api.add_router("/", webhooks_router)


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
    "decimal_whole_digits": "عدد بیش از اندازه بزرگ است.",
    "finite_number": "عدد باید متناهی باشد.",
    "int_parsing_size": "عدد بیش از اندازه بزرگ است.",
    "string_pattern_mismatch": "شکل این مقدار نادرست است.",
    "list_type": "فهرست لازم است.",
    "dict_type": "شیء JSON لازم است.",
    "bool_type": "مقدار درست یا نادرست (true/false) لازم است.",
    "too_short": "دست‌کم یک مورد لازم است.",
    "extra_forbidden": "این فیلد شناخته‌شده نیست.",
    "value_error": "این مقدار نادرست است.",
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


@api.exception_handler(BadInput)
def on_bad_input(request, exc: BadInput):
    extra = {"fields": {exc.field: [exc.message]}} if exc.field else {}
    return _error(request, exc.status, exc.code, exc.message, **extra)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    # django-ninja wraps what the parser raised while reading the body ("Cannot parse request
    # body"): answer with the parser's own Persian reason.
    cause = exc.__cause__
    if isinstance(cause, BadInput):
        return on_bad_input(request, cause)
    if isinstance(cause, RequestDataTooBig):
        return _error(request, 413, *MESSAGES[413])
    code, message = MESSAGES.get(exc.status_code, MESSAGES[400])
    return _error(request, exc.status_code, code, message)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return _error(request, 413, *MESSAGES[413])


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    if connection_lost(exc):
        # A database restart or failover: the request is run again on a new connection by
        # core.dbretry.DatabaseRestartMiddleware, which must see the error to do so.
        raise exc
    logger.exception("API operation failed: %s %s", request.method, request.path)
    return _error(request, 500, *MESSAGES[500])
