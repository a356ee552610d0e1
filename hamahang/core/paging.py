"""Pagination that keeps the other query parameters (filters) in its links."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 25):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return page_obj, (encoded + "&") if encoded else ""
