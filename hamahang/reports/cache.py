"""Cached reports, invalidated on every write through the data version."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from hamahang.core.jalali import Period, today
from hamahang.reports.engine import Report, Scope, build_report
from hamahang.reports.models import DataVersion

TIMEOUT = 60 * 60
DOMAIN_APPS = {"organizations", "accounts", "units", "projects", "meetings"}


def data_version() -> int:
    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def bump_data_version(**kwargs) -> None:
    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"number": 1})


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


def cached_report(*, period: Period, scope: Scope, as_of: dt.date | None = None) -> Report:
    as_of = as_of or today()
    parts = (scope.province_id, scope.county_id, scope.committee_id, scope.agency_id, scope.sector)
    scope_key = "-".join("" if part is None else str(part) for part in parts)
    key = f"report:{data_version()}:{period.key}:{scope_key}:{as_of.isoformat()}"
    report = cache.get(key)
    if report is None:
        report = build_report(period=period, scope=scope, as_of=as_of)
        cache.set(key, report, TIMEOUT)
    return report
