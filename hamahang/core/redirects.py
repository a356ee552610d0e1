"""Where to go back to after an action: only a path on this site, never `//evil.example`."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, field: str = "next") -> str:
    """The `next` the request carries (POST, else GET) when it points inside this site;
    otherwise `fallback` (a URL name or path)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)
