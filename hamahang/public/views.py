"""The public portal: no sign-in, Persian, cacheable (ETag and Last-Modified from the data
version, `Cache-Control: public`, 304 on a conditional GET), rate-limited per client. Every
page reads `public.selectors` and nothing else."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_POST, require_safe

from hamahang.accounts.lockout import over_public_limit
from hamahang.core.jalali import Period, PeriodError, jalali_year, today
from hamahang.core.services import error_text
from hamahang.organizations.models import Province
from hamahang.public import opendata, selectors
from hamahang.public.services import publish_statement

PER_PAGE = 20


# --- what every public page shares -----------------------------------------------------------


def render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """A public page, rendered without the request's context processors: nothing of the
    visitor (session, user, messages, CSRF cookie) is read, so the answer is the same for
    everyone and shared caches may keep it (no `Vary: Cookie`)."""
    context = {**context, "office_name": settings.HAMAHANG_OFFICE_NAME}
    return HttpResponse(render_to_string(template, context), status=status)


def too_many_requests(request) -> HttpResponse:
    response = render(request, "public/429.html", {}, status=429)
    response["Retry-After"] = "60"
    return response


def public_page(view):
    """Rate-limit, find the province (404 for an unknown code), answer 304 when the client's
    copy is current, else render and say how long the answer may be kept."""

    @require_safe
    @wraps(view)
    def wrapper(request, province: str | None = None, **kwargs):
        if over_public_limit(request, "public"):
            return too_many_requests(request)
        found = selectors.province_get(province) if province else None
        state = selectors.data_state(found.id if found else None)
        # The figures count what is due up to today: the day is part of the version.
        day = today()
        etag = f'"{state.version}-{day.isoformat()}"'
        # Last-Modified is never before the day began (the same reason).
        midnight = int(time.mktime(day.timetuple()))
        modified = max(state.modified or 0, midnight)
        response = get_conditional_response(request, etag=etag, last_modified=modified)
        if response is None:
            response = view(request, found, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        return response

    return wrapper


def _page(request, rows):
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return page_obj, (encoded + "&") if encoded else ""


def _period(request, province_id: int | None, *, optional: bool):
    """The period of `?period=` (a year key such as y1399, or any report period key); None
    (all periods) when it is optional and not given. Returns (period, choices, error)."""
    years = selectors.published_years(province_id=province_id)
    current = jalali_year(today())
    choices = [Period.fiscal_year(y) for y in sorted({*years, current}, reverse=True)]
    key = request.GET.get("period", "").strip()
    if not key:
        return (
            (None if optional else selectors.default_period(province_id=province_id)),
            choices,
            "",
        )
    try:
        return Period.from_key(key), choices, ""
    except PeriodError as error:
        return None, choices, error.message


def _render(request, template, context, *, error: str = ""):
    return render(request, template, {**context, "error": error}, status=400 if error else 200)


# --- pages -----------------------------------------------------------------------------------


@public_page
def country(request, province=None):
    provinces = selectors.province_list()
    return render(
        request,
        "public/country.html",
        {
            "provinces": provinces,
            "total_resolutions": sum(p.resolutions for p in provinces),
            "total_projects": sum(p.projects for p in provinces),
            "statements": selectors.statements(province_id=None),
            "latest": selectors.latest_published(province_id=None, limit=5),
        },
    )


@public_page
def province_home(request, province):
    period = selectors.default_period(province_id=province.id)
    figures = selectors.figures(province_id=province.id, period=period)
    return render(
        request,
        "public/province.html",
        {
            "province": province,
            "figures": figures,
            "statements": selectors.statements(province_id=province.id),
            "latest": selectors.latest_published(province_id=province.id, limit=5),
            "tab": "home",
        },
    )


@public_page
def resolution_list(request, province):
    period, choices, error = _period(request, province.id, optional=True)
    rows = selectors.published_resolutions(province_id=province.id, period=period)
    page_obj, querystring = _page(request, rows if not error else rows.none())
    return _render(
        request,
        "public/resolution_list.html",
        {
            "province": province,
            "period": period,
            "choices": choices,
            "page_obj": page_obj,
            "resolutions": selectors.resolutions_of(page_obj.object_list),
            "querystring_without_page": querystring,
            "tab": "resolutions",
        },
        error=error,
    )


@public_page
def resolution_detail(request, province, pk: int):
    return render(
        request,
        "public/resolution_detail.html",
        {
            "province": province,
            "resolution": selectors.resolution_get(province_id=province.id, pk=pk),
            "tab": "resolutions",
        },
    )


def _figures_page(template: str, tab: str):
    @public_page
    def page(request, province):
        period, choices, error = _period(request, province.id, optional=False)
        figures = None if error else selectors.figures(province_id=province.id, period=period)
        return _render(
            request,
            template,
            {
                "province": province,
                "period": period,
                "choices": choices,
                "figures": figures,
                "tab": tab,
            },
            error=error,
        )

    return page


committees = _figures_page("public/committees.html", "committees")
agencies = _figures_page("public/agencies.html", "agencies")
units = _figures_page("public/units.html", "units")


@public_page
def project_list(request, province):
    page_obj, querystring = _page(request, selectors.projects(province_id=province.id))
    return render(
        request,
        "public/project_list.html",
        {
            "province": province,
            "page_obj": page_obj,
            "projects": selectors.projects_of(page_obj.object_list),
            "querystring_without_page": querystring,
            "tab": "projects",
        },
    )


@public_page
def open_data(request, province=None):
    body = opendata.open_data_zip(province=province)
    name = f"hamahang-{province.code if province else 'iran'}-open-data.zip"
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- publishing a press statement (office staff, signed in) ----------------------------------


@login_required
@require_POST
def statement_publish(request):
    """The statement page's «انتشار برای عموم»: the edited text, for the page's period and
    province (the country for the national secretariat's country-wide report)."""
    from hamahang.reports.forms import StatementForm
    from hamahang.reports.views import _report_from_request

    _form, report = _report_from_request(request)
    edit = StatementForm(request.POST)
    back = reverse("reports:statement") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if not edit.is_valid():
        messages.error(request, "متن بیانیه خالی است.")
        return redirect(back)
    province_id = report.scope.province_id
    try:
        publish_statement(
            text=edit.cleaned_data["text"],
            period=report.period,
            province=Province.objects.get(pk=province_id) if province_id else None,
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "بیانیه برای عموم منتشر شد و در درگاه عمومی دیده می‌شود.")
    return redirect(back)
