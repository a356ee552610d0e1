"""Login throttling behind a proxy (django-axes): who is asking, and how long they must wait.

The client address is taken from the proxy's header only when the request comes from one of
`settings.TRUSTED_PROXIES`; anyone else could write any address into X-Forwarded-For.

Failures are counted per user name (behind a proxy every client may share one address, and an
attacker changes address at will), over `AXES_COOLOFF_TIME` since the last failure. From
`AXES_FAILURE_LIMIT` failures on, each further attempt waits a delay that doubles with every
failure — one minute after the fifth, two after the sixth, … — capped at
`HAMAHANG_LOGIN_DELAY_CAP`. Attempts made while waiting are refused without being counted, so
five wrong passwords cost the real person one minute, not an hour, while guessing is held to a
few attempts an hour.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from functools import lru_cache

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from hamahang.core.digits import to_persian_digits

# --- The client's address ----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress._BaseNetwork, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _address(value: str | None) -> ipaddress._BaseAddress | None:
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress._BaseAddress | None) -> bool:
    if address is None:
        return False
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The address of the person behind the request.

    REMOTE_ADDR, unless it is a trusted proxy: then X-Forwarded-For is read from the right
    (the hop nearest to us) skipping our own proxies, and the first other address is the
    client's; without that header, X-Real-IP.
    """
    remote = request.META.get("REMOTE_ADDR")
    peer = _address(remote)
    if not _is_trusted(peer):
        return str(peer) if peer else remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [_address(part) for part in forwarded.split(",") if part.strip()]
    for hop in reversed(hops):
        if hop is None:
            break  # a garbled entry: nothing to its left can be trusted
        if not _is_trusted(hop):
            return str(hop)
    real = _address(request.META.get("HTTP_X_REAL_IP"))
    if real is not None and not hops:
        return str(real)
    return str(peer)


# --- The delay ---------------------------------------------------------------------------------


def delay_after(failures: int, limit: int) -> dt.timedelta:
    """How long to wait after the last failure, with `failures` failures counted."""
    if failures < limit:
        return dt.timedelta(0)
    base = settings.HAMAHANG_LOGIN_DELAY
    cap = settings.HAMAHANG_LOGIN_DELAY_CAP
    steps = min(failures - limit, 20)  # 2**20 minutes is far past any cap
    return min(base * (2**steps), cap)


class ProgressiveLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a growing delay per user name instead of a ban."""

    def _state(self, request, credentials) -> tuple[int, dt.datetime | None]:
        username = get_client_username(request, credentials)
        if username is None:
            return 0, None
        since = request.axes_attempt_time - settings.AXES_COOLOFF_TIME
        totals = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        return totals["failures"] or 0, totals["last"]

    def locked_until(self, request, credentials=None) -> dt.datetime | None:
        failures, last = self._state(request, credentials)
        delay = delay_after(failures, get_failure_limit(request, credentials))
        if not delay or last is None:
            return None
        until = last + delay
        return until if until > request.axes_attempt_time else None

    def is_locked(self, request, credentials=None) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        return self.locked_until(request, credentials) is not None

    def get_failures(self, request, credentials=None) -> int:
        # Read by axes right after a failure is recorded: at the limit or past it, that failure
        # starts a new delay (attempts during a delay are not recorded, see the settings).
        failures, _last = self._state(request, credentials)
        return failures


def _wait_text(seconds: int) -> str:
    minutes, rest = divmod(max(seconds, 1), 60)
    if minutes and rest:
        minutes += 1
    if minutes:
        return f"{to_persian_digits(minutes)} دقیقه"
    return f"{to_persian_digits(rest)} ثانیه"


def lockout_response(request, original_response=None, credentials=None):
    """The Persian page shown while a user name must wait (HTTP 429)."""
    handler = ProgressiveLockoutHandler()
    until = handler.locked_until(request, credentials or getattr(request, "axes_credentials", None))
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    seconds = int((until - now).total_seconds()) if until else 60
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"wait": _wait_text(seconds), "wait_seconds": seconds},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _public_rate(group, request) -> str | None:
    return settings.PUBLIC_RATE_LIMIT or None


def _client_key(group, request) -> str:
    return client_ip(request) or "unknown"


def over_public_limit(request, group: str) -> bool:
    """This client has asked more than `PUBLIC_RATE_LIMIT` of the pages counted under `group`
    (pages answered without a login: the public portal, the invitations' signed links);
    counts this request (django-ratelimit, on the shared cache)."""
    from django_ratelimit.core import is_ratelimited

    return is_ratelimited(request, group=group, key=_client_key, rate=_public_rate, increment=True)
