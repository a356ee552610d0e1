"""`Idempotency-Key`: a write sent again with the same key is answered once, never done twice.

A client that did not get an answer to a write (an app server killed mid-request, a database
restarted during the COMMIT, a dropped mobile connection) cannot know whether the write was
made. When the write carried an `Idempotency-Key` header (any unique text, a UUID is best),
sending it again with the same key is safe:

- the key is recorded in the same transaction as the write, with the response; so either both
  are kept or neither is;
- a repeat whose first attempt was committed gets the stored response (same status and body)
  without running anything; a repeat whose first attempt was rolled back runs as new;
- a repeat that arrives while the first attempt is still running waits for it (the database's
  unique index holds the second INSERT until the first transaction ends);
- the same key with a different request (another body, address or caller) is refused (422).

This is what lets nginx send a write to the other app server when the first one died with the
request in flight (`proxy_next_upstream … non_idempotent` for requests with the header only,
deploy/nginx.conf) and lets the database-restart retry (hamahang.core.dbretry) run a write
whose COMMIT was cut. Server errors (5xx) are not stored: a repeat runs again. `manage.py
prune_idempotency_keys` (daily) forgets keys older than a day.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse

from hamahang.core import clock
from hamahang.core.models import IdempotentRequest

META_KEY = "HTTP_IDEMPOTENCY_KEY"
KEY_MAX = IdempotentRequest._meta.get_field("key").max_length
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
REPLAYED_HEADER = "Idempotent-Replayed"

BAD_KEY = "کلید یکتایی (Idempotency-Key) نادرست است: متنی چاپی تا {max} نویسه بفرستید."
KEY_REUSED = (
    "این کلید یکتایی (Idempotency-Key) پیش‌تر برای درخواست دیگری به کار رفته است؛ "
    "برای هر درخواست تازه کلید تازه بفرستید."
)


def request_key(request) -> str | None:
    """The request's idempotency key, when it is a write that carries one."""
    if request.method in SAFE_METHODS:
        return None
    return request.META.get(META_KEY) or None


def _fingerprint(request) -> str:
    """What makes two requests "the same": method, address, caller and body. A multipart
    upload is known by its length (reading it whole here would hold the file in memory)."""
    digest = hashlib.sha256()
    content_type = request.META.get("CONTENT_TYPE", "")
    body = (
        request.META.get("CONTENT_LENGTH", "").encode()
        if content_type.startswith("multipart/")
        else request.body
    )
    for part in (
        request.method,
        request.get_full_path(),
        request.META.get("HTTP_AUTHORIZATION", ""),
        request.COOKIES.get("sessionid", ""),
        content_type,
    ):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _error(status: int, message: str, code: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(
        bytes(stored.body), status=stored.status, content_type=stored.content_type
    )
    response[REPLAYED_HEADER] = "true"
    return response


class IdempotencyMiddleware:
    """Placed right inside DatabaseRestartMiddleware, so the key is written in the request's
    own transaction."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request_key(request)
        if key is None:
            return self.get_response(request)
        if len(key) > KEY_MAX or not key.isprintable():
            return _error(400, BAD_KEY.format(max=KEY_MAX), "bad_idempotency_key")
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(key=key, fingerprint=fingerprint)
            except IntegrityError:
                # The first attempt committed (the INSERT waited for it if it was running).
                stored = IdempotentRequest.objects.get(key=key)
                if stored.fingerprint != fingerprint:
                    return _error(422, KEY_REUSED, "idempotency_key_reused")
                return _replay(stored)
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(response, "streaming", False):
                # Not an answer worth keeping: a repeat runs again.
                record.delete()
                return response
            IdempotentRequest.objects.filter(pk=record.pk).update(
                status=response.status_code,
                content_type=response.get("Content-Type", ""),
                body=response.content,
            )
        return response


def prune(hours: int) -> int:
    """Forget keys older than `hours`; returns how many were removed."""
    cutoff = clock.now() - timedelta(hours=hours)
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
