"""Pagination that keeps the other query parameters (filters) in its links, and counts a
filtered list once per data version of what it reads instead of on every page view."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from hamahang.core.clock import today
from hamahang.core.versioning import versioned, versioned_for_query

T = TypeVar("T")


class VersionedCountPaginator(Paginator):
    """Counting a filtered list at national scale costs milliseconds on every page view (the
    count scans every matching row); the count is cached under the data version and the exact
    SQL of the list (which carries the user's scope and filters), so any write in the province
    it reads (`province_id`; None: every province) recounts."""

    def __init__(self, *args, province_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_id = province_id

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        return versioned_for_query(
            "list-count", queryset, queryset.count, province_id=self.province_id
        )


def paginate(request, queryset, per_page: int = 25, *, province_id: int | None):
    """One page of `queryset`; `province_id` is the province the list reads (None: all)."""
    paginator = VersionedCountPaginator(queryset, per_page, province_id=province_id)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return page_obj, (encoded + "&") if encoded else ""


def rendered_page(request, name: str, *, province_id: int | None, render: Callable[[], T]) -> T:
    """What `render()` returns for this user, day and query string (filters and page) — the
    rendered rows of a list — cached under the data versions of `province_id` and allowed to lag
    as the request allows (`core.versioning.versioned(lagging=True)`): a list opened again and
    again while its province is being written to is rendered once every few seconds, except
    for the person who wrote. `render` must not depend on anything else of the request (its
    CSRF token in particular stays outside)."""
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:32]
    return versioned(
        name,
        request.user.pk,
        today().isoformat(),
        query,
        province_id=province_id,
        compute=render,
        lagging=True,
    )
