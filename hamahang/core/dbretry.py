"""Ride out a database restart or failover instead of answering 500.

When PostgreSQL restarts (an upgrade, a crash, a standby promoted in its place) every open
connection breaks and, for a second or two, new ones are refused. A request that meets that
is run again, after a short wait, on a new connection — at most `HAMAHANG_DB_RETRIES` times —
and only when running it again cannot do anything twice:

- a read (GET, HEAD, OPTIONS) changes nothing, so it is always safe;
- a write runs inside one transaction for the whole request (this middleware opens it), so a
  failure before its COMMIT leaves nothing behind and the write runs again from the start. A
  failure *during* the COMMIT is the one case where the server may or may not have committed:
  that request is not repeated — it answers 503 with a Persian message and the client decides —
  unless it carries an `Idempotency-Key` (hamahang.core.idempotency): then it is repeated, and
  the repeat answers what the committed first attempt stored, or runs as new.

Errors that are not a lost or refused connection (a constraint, a bad query) pass through
untouched.
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse

from hamahang.core.idempotency import request_key

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
UNKNOWN_OUTCOME = (
    "ارتباط با پایگاه داده هنگام ثبت قطع شد و معلوم نیست ثبت انجام شده باشد؛ "
    "پیش از تکرار، نتیجه را بررسی کنید."
)
UNAVAILABLE = "پایگاه داده موقتاً در دسترس نیست؛ چند لحظه دیگر دوباره تلاش کنید."

# Messages of a connection that broke or could not be made (psycopg/libpq and Django's own).
_CONNECTION_SIGNS = (
    "server closed the connection",
    "terminating connection",
    "connection refused",
    "could not connect",
    "connection failed",  # libpq, every named host refused or was not the writable one
    "session is read-only",  # libpq's target_session_attrs=read-write met only the standby
    "connection is closed",
    "connection already closed",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
    "cannot execute",  # "cannot execute INSERT in a read-only transaction" (old primary)
    "consuming input failed",
    "connection timeout",
    "ssl syscall error",
)


def connection_lost(error: BaseException) -> bool:
    """Whether the error is a lost or refused connection (worth a new connection and a retry)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    text = str(error).lower()
    return any(sign in text for sign in _CONNECTION_SIGNS)


def _reset_connections() -> None:
    """Close every open connection so the next query opens a new one. A broken connection may
    fail to close through Django; its driver connection is then closed directly (never left
    open for the garbage collector)."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:
            raw, connection.connection = connection.connection, None
            with contextlib.suppress(Exception):
                if raw is not None:
                    raw.close()


class DatabaseRestartMiddleware:
    """Placed inside ApiErrorMiddleware: Django turns a view's exception into a 500 response
    below each middleware, so the lost connection is noted in `process_exception` and the
    request is run again from here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        if connection_lost(exception):
            request._hamahang_db_lost = exception
        return None  # the error page is still rendered below; this middleware decides after

    def __call__(self, request):
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # Inside a transaction this middleware does not own (a test's): a lost connection
            # took that transaction with it, so nothing can run again; and closing the
            # connection here would break the owner's transaction.
            return self.get_response(request)
        retries = settings.HAMAHANG_DB_RETRIES
        for attempt in range(retries + 1):
            request._hamahang_db_lost = None
            outcome, response = self._attempt(request)
            if outcome == "done":
                return response
            _reset_connections()
            if outcome == "commit_lost":
                if request_key(request) is None:
                    logger.error("database lost during COMMIT; the request is not repeated")
                    return _unavailable(UNKNOWN_OUTCOME)
                # With an Idempotency-Key the repeat is safe: it finds the key if the COMMIT
                # went through (and answers what was stored) or runs the write as new.
                logger.warning("database lost during COMMIT; repeating by its Idempotency-Key")
            logger.warning("database connection lost (attempt %s); retrying", attempt + 1)
            if attempt < retries:
                time.sleep(settings.HAMAHANG_DB_RETRY_WAIT * (attempt + 1))
                _rewind_uploads(request)
        return _unavailable(UNAVAILABLE)

    def _attempt(self, request) -> tuple[str, HttpResponse | None]:
        if request.method in SAFE_METHODS:
            # A read changes nothing.
            try:
                response = self.get_response(request)
            except (OperationalError, InterfaceError) as error:  # raised above the views
                if not connection_lost(error):
                    raise
                return "lost", None
            if request._hamahang_db_lost is not None:
                return "lost", None
            return "done", response
        # A write: the whole request is one transaction, so a failure before COMMIT leaves
        # nothing behind and the request may run again from the start.
        atomic = transaction.atomic()
        try:
            # Opening the transaction opens the connection: a database still restarting
            # refuses it here, before anything ran.
            atomic.__enter__()
        except (OperationalError, InterfaceError) as error:
            if connection_lost(error):
                return "lost", None
            raise
        try:
            response = self.get_response(request)
        except BaseException as error:
            _exit_quietly(atomic, error)
            if connection_lost(error):
                return "lost", None
            raise
        if request._hamahang_db_lost is not None:
            _exit_quietly(atomic, request._hamahang_db_lost)
            return "lost", None
        try:
            atomic.__exit__(None, None, None)
        except (OperationalError, InterfaceError) as error:
            if connection_lost(error):
                return "commit_lost", None
            raise
        return "done", response


def _exit_quietly(atomic, error: BaseException) -> None:
    """Roll the request's transaction back; on a dead connection the rollback itself fails,
    which changes nothing (the server already dropped the transaction)."""
    with contextlib.suppress(OperationalError, InterfaceError):
        atomic.__exit__(type(error), error, error.__traceback__)


def _rewind_uploads(request) -> None:
    """Uploaded files were read by the failed attempt; the next one reads them from the start."""
    if "_files" not in request.__dict__:
        return
    for upload in request.FILES.values():
        upload.seek(0)


def _unavailable(message: str) -> HttpResponse:
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "2"
    return response
