"""The dashboard, report exports and the press statement; all from reports.engine."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from hamahang.accounts.access import (
    county_id_of,
    is_office_staff,
    province_id_of,
    sees_all_provinces,
)
from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_list_for_user,
    county_list_for_user,
)
from hamahang.core.jalali import Period, format_jalali, jalali_year, period_presets, today
from hamahang.core.jsonenc import PlainJSONEncoder
from hamahang.core.pdf import render_pdf
from hamahang.core.replica import standby_reads
from hamahang.meetings.selectors import escalated_work, work_waiting
from hamahang.organizations.models import Province
from hamahang.reports import exports
from hamahang.reports.cache import cached_page, cached_report
from hamahang.reports.charts import chart_data
from hamahang.reports.docx_rtl import rtl_document, rtl_paragraph, to_bytes
from hamahang.reports.engine import Scope
from hamahang.reports.forms import ReportForm, StatementForm
from hamahang.reports.proposal import proposal_docx, proposal_pdf, systemic_report
from hamahang.reports.sections.obstacles import CLUSTER_MIN
from hamahang.reports.selectors import home_figures
from hamahang.reports.statement import build_statement
from hamahang.units.models import SupportCase


@login_required
@standby_reads
def home(request):
    return render(
        request,
        "reports/home.html",
        {
            "figures": home_figures(user=request.user),
            "work": work_waiting(user=request.user),
            # The director's view of the escalation chain (liaisons see their own work in
            # their inbox).
            "escalated": escalated_work(user=request.user) if is_office_staff(request.user) else [],
            "committees": committee_list_for_user(user=request.user),
            "today": today(),
        },
    )


def _presets(request) -> list[Period]:
    return period_presets(today(), detailed=True, selected=request.GET.get("period"))


def _report_form(request, *, committees, agencies) -> tuple[ReportForm, bool]:
    """The period-and-place form of the report pages (office staff only), and whether the
    user sees every province."""
    user = request.user
    if not is_office_staff(user):
        raise PermissionDenied
    national = sees_all_provinces(user)
    form = ReportForm(
        request.GET or None,
        provinces=Province.objects.order_by("name") if national else None,
        counties=county_list_for_user(user=user),
        committees=committees,
        agencies=agencies,
    )
    return form, national


def _report_from_request(request):
    form, period, scope = _report_request(request)
    return form, cached_report(period=period, scope=scope)


def _report_request(request):
    """The report form, and the period and scope it asks for (the user's own where it asks
    beyond them)."""
    user = request.user
    form, national = _report_form(
        request,
        committees=committee_list_for_user(user=user),
        agencies=agency_list_for_user(user=user),
    )
    period = Period.fiscal_year(jalali_year(today()))
    # A county secretariat's report is its county's, whatever the form says.
    own_county = county_id_of(user)
    scope = Scope(province_id=None if national else province_id_of(user), county_id=own_county)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = data["period_obj"] or period
        scope = Scope(
            province_id=data.get("province") if national else province_id_of(user),
            county_id=own_county or data["county"],
            committee_id=data["committee"],
            agency_id=data["agency"],
            sector=data["sector"] or None,
        )
    return form, period, scope


@login_required
@standby_reads
def report(request):
    form, period, scope = _report_request(request)
    query = request.GET.urlencode()

    def render_page(result) -> dict:
        context = {
            "report": result,
            "charts": chart_data(result),
            "query": query,
            "links": _links(result),
            "case_types": [
                (key, dict(SupportCase.Type.choices).get(key, key), n)
                for key, n in result.units.cases_by_type.items()
            ],
            "lead_owner": result.projects.lead_owner,
        }
        return {
            "period_label": result.period.label,
            "head": render_to_string("reports/_report_head.html", context),
            "body": render_to_string("reports/_report_body.html", context),
        }

    page = cached_page("report-page", period=period, scope=scope, query=query, render=render_page)
    return render(
        request,
        "reports/report.html",
        {"form": form, "page": page, "presets": _presets(request)},
    )


def _links(result) -> dict:
    """Each figure opens the filtered list behind it."""
    start, end = (
        format_jalali(result.period.start, "ascii"),
        format_jalali(result.period.end, "ascii"),
    )
    span = f"date_from={start}&date_to={end}"
    return {"span": span, "period_key": result.period.key}


@login_required
@standby_reads
def report_export(request, fmt: str):
    _form, result = _report_from_request(request)
    stem = f"report-{result.period.key}"
    if fmt == "xlsx":
        return _download(
            exports.to_xlsx(result),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "csv":
        return _download(exports.to_csv(result), f"{stem}.csv", "text/csv; charset=utf-8")
    if fmt == "pdf":
        return _download(
            exports.to_pdf(result, build_statement(result)), f"{stem}.pdf", "application/pdf"
        )
    if fmt == "json":
        body = json.dumps(result.to_dict(), ensure_ascii=False, indent=2, cls=PlainJSONEncoder)
        return _download(body.encode(), f"{stem}.json", "application/json; charset=utf-8")
    raise PermissionDenied


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@standby_reads
def statement(request):
    form, result = _report_from_request(request)
    if request.method == "POST":
        edit = StatementForm(request.POST)
        if edit.is_valid():
            text, fmt = edit.cleaned_data["text"].replace("\r\n", "\n"), edit.cleaned_data["format"]
            stem = f"statement-{result.period.key}"
            if fmt == "docx":
                return _download(
                    statement_docx(text),
                    f"{stem}.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            if fmt == "pdf":
                pdf = render_pdf(
                    "reports/pdf/statement.html",
                    {"report": result, "paragraphs": text.split("\n\n")},
                )
                return _download(pdf, f"{stem}.pdf", "application/pdf")
            return _download(
                ("\ufeff" + text).encode("utf-8"), f"{stem}.txt", "text/plain; charset=utf-8"
            )
    else:
        edit = StatementForm(initial={"text": build_statement(result), "format": "txt"})
    return render(
        request,
        "reports/statement.html",
        {
            "form": form,
            "edit": edit,
            "report": result,
            "presets": _presets(request),
            "query": request.GET.urlencode(),
        },
    )


def statement_docx(text: str) -> bytes:
    """A right-to-left Word document of the statement (python-docx)."""
    document = rtl_document()
    for block in text.split("\n\n"):
        rtl_paragraph(document, block.strip())
    return to_bytes(document)


def _obstacle_request(request):
    """The systemic-obstacle report's period and place (office staff; the national
    secretariat sees every province, by province, or one province by county)."""
    user = request.user
    form, national = _report_form(request, committees=[], agencies=[])
    period = Period.fiscal_year(jalali_year(today()))
    province_id = None if national else province_id_of(user)
    own_county = county_id_of(user)  # a county secretariat sees its own county only
    county_id = own_county
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = data["period_obj"] or period
        province_id = data.get("province") if national else province_id
        county_id = own_county or data["county"]
    scope_label = Scope(province_id=province_id, county_id=county_id).label()
    result = systemic_report(
        period=period, province_id=province_id, county_id=county_id, scope_label=scope_label
    )
    return form, result


@login_required
@standby_reads
def obstacles(request):
    form, result = _obstacle_request(request)
    return render(
        request,
        "reports/obstacles.html",
        {
            "form": form,
            "result": result,
            "presets": _presets(request),
            "query": request.GET.urlencode(),
            "cluster_min": CLUSTER_MIN,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@standby_reads
def obstacles_proposal(request, fmt: str):
    _form, result = _obstacle_request(request)
    stem = f"obstacles-{result.period.key}"
    if fmt == "docx":
        return _download(
            proposal_docx(result, settings.HAMAHANG_OFFICE_NAME),
            f"{stem}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    if fmt == "pdf":
        return _download(proposal_pdf(result), f"{stem}.pdf", "application/pdf")
    raise Http404
