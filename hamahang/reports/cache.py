"""Cached reports, invalidated by any write in the province they read (national: any write)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TypeVar

from hamahang.core.jalali import Period, today
from hamahang.core.versioning import versioned
from hamahang.reports.engine import Report, Scope, build_report

T = TypeVar("T")


def _scope_key(scope: Scope) -> str:
    parts = (scope.province_id, scope.county_id, scope.committee_id, scope.agency_id, scope.sector)
    return "-".join("" if part is None else str(part) for part in parts)


def cached_report(*, period: Period, scope: Scope, as_of: dt.date | None = None) -> Report:
    as_of = as_of or today()
    return versioned(
        "report",
        period.key,
        _scope_key(scope),
        as_of.isoformat(),
        province_id=scope.province_id,  # a national report reads, and keys on, every province
        compute=lambda: build_report(period=period, scope=scope, as_of=as_of),
        # a reader who has not written may be given a report seconds behind (core.freshness);
        # one built from figures behind the data is kept for such readers only
        lagging=True,
        behind_since=lambda report: report.behind_since,
    )


def cached_page(
    name: str, *, period: Period, scope: Scope, query: str, render: Callable[[Report], T]
) -> T:
    """`render(report)` — a report page's parts rendered from the report of `period` in
    `scope` (today) and the query string its links carry, nothing of the user — cached as the
    report is: per data version, and for a reader seconds behind (core.freshness). A national
    page's tables and links cost some 80 ms to render at scale 31, more than summing its
    figures."""
    as_of = today()
    holder: list[Report] = []

    def compute() -> T:  # the page's versions were just read: the report is built, not looked up
        holder.append(build_report(period=period, scope=scope, as_of=as_of))
        return render(holder[0])

    return versioned(
        name,
        period.key,
        _scope_key(scope),
        as_of.isoformat(),
        hashlib.sha256(query.encode()).hexdigest()[:32],
        province_id=scope.province_id,
        compute=compute,
        lagging=True,
        behind_since=lambda _page: holder[0].behind_since if holder else None,
    )
