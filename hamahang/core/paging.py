"""Pagination that keeps the other query parameters (filters) in its links, and counts a
filtered list once per data version of what it reads instead of on every page view."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from hamahang.core.versioning import versioned_for_query


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
