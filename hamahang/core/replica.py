"""Heavy reads on the hot standby, never stale figures for the person who just wrote.

Production may name a streaming standby (`DATABASE_REPLICA_URL`, the database alias
"replica"). Views that only read a lot — reports, the dashboard, exports, the public pages —
are marked with `@standby_reads`; inside them the router (`ReplicaRouter`) sends reads to the
standby when it is fresh enough for this request, and everything else (every write, every read
of every other view, the session and the signed-in user) stays on the primary.

Fresh enough means both:
- the standby is not lagging: it has replayed all the WAL it received, or its last replayed
  transaction is younger than `HAMAHANG_REPLICA_MAX_LAG` seconds (a paused or stuck replay
  makes it "lagging", and every heavy read goes to the primary); and
- it has replayed this browser's own last write: each response to a write carries a signed
  cookie with the primary's WAL position after it (`pg_current_wal_lsn()`), and a heavy read
  goes to the standby only once the standby's replay position has reached it
  (read-after-write: the writer never sees figures older than what they saved).

Without a replica, or on SQLite, the decorator and the router change nothing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

from hamahang.core.freshness import WRITE_METHODS

logger = logging.getLogger(__name__)

REPLICA = "replica"
COOKIE = "hh_wal"
_COOKIE_SALT = "hamahang.replica.lsn"

# The alias heavy reads go to within the current request ("default" outside @standby_reads).
_read_alias: ContextVar[str] = ContextVar("hamahang_read_alias", default="default")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _lsn_to_int(lsn: str) -> int:
    """A PostgreSQL WAL position ("16/B374D848") as a number."""
    high, _, low = lsn.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def standby_state() -> tuple[float, int] | None:
    """(lag in seconds, replayed position) of the standby, or None when it cannot be asked."""
    try:
        with connections[REPLICA].cursor() as cursor:
            # Asked of a primary (a promoted standby), replay functions would raise: the CASE
            # asks them only while the server is in recovery.
            cursor.execute(
                "SELECT pg_is_in_recovery(), "
                "CASE WHEN pg_is_in_recovery() THEN "
                "CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) "
                "END END, "
                "CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END, "
                "CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END"
            )
            in_recovery, lag, replayed, paused = cursor.fetchone()
    except DatabaseError:
        logger.warning("the standby cannot be asked; heavy reads go to the primary")
        return None
    if not in_recovery or replayed is None:  # not a standby (promoted, or misconfigured)
        return None
    if paused:
        lag = max(float(lag), settings.HAMAHANG_REPLICA_MAX_LAG + 1)
    return float(lag), _lsn_to_int(replayed)


def primary_position() -> int | None:
    """The primary's current WAL position, or None on a database that has none."""
    if connections["default"].vendor != "postgresql":
        return None
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return _lsn_to_int(cursor.fetchone()[0])


def alias_for(request) -> str:
    """Where this request's heavy reads may go: "replica" when it is fresh enough."""
    if not replica_configured():
        return "default"
    state = standby_state()
    if state is None:
        return "default"
    lag, replayed = state
    if lag > settings.HAMAHANG_REPLICA_MAX_LAG:
        return "default"
    written = request.get_signed_cookie(COOKIE, default=None, salt=_COOKIE_SALT)
    if written is not None and replayed < int(written):
        return "default"
    return REPLICA


def standby_reads(view: Callable) -> Callable:
    """Mark a read-only view whose reads may be served by the standby."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        token = _read_alias.set(alias_for(request))
        try:
            response = view(request, *args, **kwargs)
            # A lazy response renders here, still inside the marked block.
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response
        finally:
            _read_alias.reset(token)

    return wrapped


class ReplicaRouter:
    """Reads inside `@standby_reads` views to the alias chosen for the request; all else to
    the primary. Migrations run on the primary only (the standby replays them)."""

    def db_for_read(self, model, **hints):
        return _read_alias.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class WritePositionMiddleware:
    """After a successful write, remember in a signed cookie where the primary's WAL stood, so
    this browser's next heavy read waits for a standby that has replayed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if replica_configured() and request.method in WRITE_METHODS and response.status_code < 400:
            position = primary_position()
            if position is not None:
                response.set_signed_cookie(
                    COOKIE,
                    str(position),
                    salt=_COOKIE_SALT,
                    max_age=settings.HAMAHANG_REPLICA_STICKY_SECONDS,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
        return response
