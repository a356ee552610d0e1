"""What the API answers before and around django-ninja: a body size limit checked before the
body is read, and every error the framework itself produces (an unknown URL, a wrong method,
a body too large, an unexpected failure) as the documented Persian {"code", "message"}."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
DEFAULT_MAX_BODY = 2 * 1024 * 1024

MESSAGES = {
    400: ("bad_request", "درخواست نادرست است."),
    401: ("unauthorized", "برای دسترسی به API توکن معتبر لازم است."),
    403: ("not_allowed", "شما اجازه این کار را ندارید."),
    404: ("not_found", "موردی با این شناسه یافت نشد یا در دسترس شما نیست."),
    405: ("method_not_allowed", "این روش (متد) برای این نشانی پذیرفته نیست."),
    413: ("body_too_large", "حجم بدنه درخواست بیش از حد مجاز است."),
    415: ("unsupported_media_type", "نوع محتوای درخواست پذیرفته نیست؛ JSON بفرستید."),
    429: ("too_many_requests", "درخواست‌ها بیش از حد مجاز است؛ کمی بعد دوباره بفرستید."),
    500: ("server_error", "خطای پیش‌بینی‌نشده‌ای رخ داد؛ چیزی ذخیره نشد. دوباره تلاش کنید."),
}


def max_body_size() -> int:
    return getattr(settings, "API_MAX_BODY_SIZE", DEFAULT_MAX_BODY)


def error_response(status: int, code: str | None = None, message: str | None = None, **extra):
    default_code, default_message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return JsonResponse(
        {"code": code or default_code, "message": message or default_message, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _is_our_json(response) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):
        return False
    return isinstance(body, dict) and "code" in body and "message" in body


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400)
        if length > max_body_size():
            return error_response(413)
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and not getattr(response, "streaming", False)
            and not _is_our_json(response)
        ):
            allow = response.get("Allow")
            response = error_response(response.status_code)
            if allow:
                response["Allow"] = allow
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return error_response(413)
        logger.exception("API request failed: %s %s", request.method, request.path)
        return error_response(500)
