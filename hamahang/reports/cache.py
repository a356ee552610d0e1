"""Cached reports, invalidated by any write in the province they read (national: any write)."""

from __future__ import annotations

import datetime as dt

from hamahang.core.jalali import Period, today
from hamahang.core.versioning import versioned
from hamahang.reports.engine import Report, Scope, build_report


def cached_report(*, period: Period, scope: Scope, as_of: dt.date | None = None) -> Report:
    as_of = as_of or today()
    parts = (scope.province_id, scope.county_id, scope.committee_id, scope.agency_id, scope.sector)
    scope_key = "-".join("" if part is None else str(part) for part in parts)
    return versioned(
        "report",
        period.key,
        scope_key,
        as_of.isoformat(),
        province_id=scope.province_id,  # a national report reads, and keys on, every province
        compute=lambda: build_report(period=period, scope=scope, as_of=as_of),
        # figures seconds behind the data are shown to this reader, not kept for the next
        keep=lambda report: report.current,
    )
