"""How old a stored figure one request may be shown: seconds old for a reader, never older
than the reader's own last write.

The rule is the standby's (`core.replica`): heavy reads may be served from data a few seconds
behind (`HAMAHANG_FIGURES_MAX_AGE`, by default the standby's `HAMAHANG_REPLICA_MAX_LAG`), except
to the person who just wrote, who always sees their write. Stored figures that follow it
(`reports.partials`) stay usable for a few seconds after a write elsewhere in their province,
while the worker recomputes them; without it every read in a province being written to would
recompute its figures.

- Each successful write response sets a signed cookie with the time it was answered (after
  the commit); a reader's figures must have been read from the database after that time.
- A client that keeps no cookies (an API token) is known by its user instead: a signed-in
  user's successful write is also noted in the shared cache under their id
  (`note_user_write`), and the token's authentication holds that user's reads to it
  (`require_after_user_write`): a script that posts a report and then reads sees it.
- A request that writes (POST, PUT, PATCH, DELETE), and all code outside a request (the worker,
  the command line, tests calling services), allow no age at all: exact figures.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core import signing

COOKIE = "hh_wrote"
_COOKIE_SALT = "hamahang.freshness.wrote"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# The earliest moment (epoch seconds) the data behind a figure shown in this request may have
# been read at; None: exact figures only.
_oldest_allowed: ContextVar[float | None] = ContextVar("hamahang_oldest_allowed", default=None)


def oldest_allowed() -> float | None:
    """When figures shown now must have been read from the database at the earliest (None:
    they must be current)."""
    return _oldest_allowed.get()


@contextmanager
def reading_as(oldest: float | None):
    """Within the block, figures read from the database at `oldest` or later may be shown
    (what the middleware allows a request; the benchmark and tests use it directly)."""
    token = _oldest_allowed.set(oldest)
    try:
        yield
    finally:
        _oldest_allowed.reset(token)


def write_cookie_value(at: float) -> str:
    """The signed value of the cookie a write answered at `at` sets (as the middleware signs
    it): the benchmarks send it to be measured as the writer."""
    return signing.get_cookie_signer(salt=COOKIE + _COOKIE_SALT).sign(f"{at:.3f}")


def _user_key(user_id: int) -> str:
    return f"hh_wrote_user:{user_id}"


def _remembered_for() -> int:
    """How long a write is remembered (cookie and server alike): past the longest age any
    reader is allowed. (With the per-process cache of a single-process server the server's
    note is seen by that process only; production shares Redis.)"""
    return max(60, settings.HAMAHANG_FIGURES_MAX_AGE * 2)


def note_user_write(user_id: int, at: float) -> None:
    """Remember that `user_id`'s write was answered at `at` (epoch seconds)."""
    from django.core.cache import cache

    cache.set(_user_key(user_id), at, timeout=_remembered_for())


def require_after_user_write(user_id: int) -> None:
    """Within the current request, figures must have been read after `user_id`'s last
    remembered write (nothing changes for a request that allows no age)."""
    oldest = _oldest_allowed.get()
    if oldest is None:
        return
    from django.core.cache import cache

    wrote_at = cache.get(_user_key(user_id))
    if wrote_at is not None and wrote_at > oldest:
        _oldest_allowed.set(wrote_at)  # undone with the request's own setting (`reading_as`)


class FreshnessMiddleware:
    """Reads the reader's last write from its cookie (and sets it after a write), and lets the
    request's reads be `HAMAHANG_FIGURES_MAX_AGE` seconds old but never older than it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writing = request.method in WRITE_METHODS
        oldest = None
        if not writing and settings.HAMAHANG_FIGURES_MAX_AGE > 0:
            wrote = request.get_signed_cookie(COOKIE, default=None, salt=_COOKIE_SALT)
            try:
                wrote_at = float(wrote) if wrote is not None else 0.0
            except ValueError:
                wrote_at = time.time()  # unreadable: treat the reader as having just written
            oldest = max(time.time() - settings.HAMAHANG_FIGURES_MAX_AGE, wrote_at)
        with reading_as(oldest):
            response = self.get_response(request)
        if writing and response.status_code < 400:
            # rounded up: figures read before the write never pass for after it
            answered = math.ceil(time.time() * 1000) / 1000
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                note_user_write(user.pk, answered)
            response.set_signed_cookie(
                COOKIE,
                f"{answered:.3f}",
                salt=_COOKIE_SALT,
                max_age=_remembered_for(),
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
