"""The data version: one number every domain write raises, and a cache keyed on it.

Anything computed from the data (a report, a totals row, a rendered inbox) may be cached
under the current version; a write raises the version, so the next request computes afresh
and a cached value can never outlive the data it came from. Stale entries simply expire.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from hamahang.core.models import DataVersion

TIMEOUT = 60 * 60
DOMAIN_APPS = {"organizations", "accounts", "units", "projects", "meetings"}
T = TypeVar("T")


def data_version() -> int:
    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def bump_data_version(**kwargs) -> None:
    """Raise the version past every number used before: one more, or the clock's microseconds
    if larger. A database restored from a backup (whose number was used once already) thus
    never reuses a number that entries for later data may be cached under."""
    number = Greatest(F("number") + 1, Value(time.time_ns() // 1000))
    if not DataVersion.objects.filter(pk=1).update(number=number):
        DataVersion.objects.get_or_create(pk=1, defaults={"number": time.time_ns() // 1000})


def versioned(name: str, *parts: object, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """`compute()`, cached under the current data version and `parts` (which must name
    everything else the value depends on: the user's scope, the filters, the day)."""
    key = ":".join([name, str(data_version()), *("" if p is None else str(p) for p in parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def versioned_for_query(name: str, queryset, compute: Callable[[], T]) -> T:
    """`compute()` about a queryset, cached under the data version and the query's exact SQL,
    which carries the user's scope and every filter (an empty query is not cached)."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return compute()
    return versioned(name, hashlib.sha256(sql.encode()).hexdigest(), compute=compute)


_deferred: ContextVar[bool] = ContextVar("hamahang_version_bumps_deferred", default=False)


@contextmanager
def one_version_bump():
    """Within the block writes do not bump the version one by one; it is bumped once at the end
    (a 50,000-row import would otherwise update the same row 50,000 times)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    if not (transaction.get_connection().in_atomic_block and transaction.get_rollback()):
        bump_data_version()  # a rolled-back block changed nothing


def on_domain_write(sender, **kwargs) -> None:
    if _deferred.get() or sender._meta.label == "accounts.ApiToken":
        return
    if sender._meta.app_label in DOMAIN_APPS:
        bump_data_version()
