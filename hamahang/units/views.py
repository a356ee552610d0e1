"""Units and cases screens: parse input, call a selector or service, pick a template, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from hamahang.accounts.access import can_run_secretariat, deny_unless_secretariat, reading_province
from hamahang.accounts.selectors import agency_list_for_user, county_list_for_user
from hamahang.core.jalali import period_presets, today
from hamahang.core.lookups import render_options
from hamahang.core.paging import paginate, rendered_page
from hamahang.core.services import add_service_error, error_text
from hamahang.units import selectors, services
from hamahang.units.forms import (
    CaseFilterForm,
    CaseForm,
    CaseStatusForm,
    NewUnitForm,
    StatusChangeForm,
    UnitFilterForm,
    UnitForm,
)
from hamahang.units.models import IndustrialEstate, SupportCase

UNIT_FORM_FIELDS = services.UNIT_FIELDS


def _places(user):
    counties = county_list_for_user(user=user)
    estates = IndustrialEstate.objects.filter(county__in=counties).order_by("name")
    return {"counties": counties, "estates": estates}


@login_required
@require_GET
def unit_lookup(request):
    """The units the user may see whose name or identifier holds what was typed (?q=)."""
    return render_options(
        request, selectors.UNIT_LOOKUP, selectors.unit_list_for_user(user=request.user)
    )


@login_required
@require_GET
def case_lookup(request):
    """The cases the user may see whose number, unit or description holds what was typed
    (?q=; ?open=1 only the cases a resolution may still decide)."""
    if request.GET.get("open") == "1":
        cases = selectors.open_case_list_for_user(user=request.user)
    else:
        cases = selectors.case_list_for_user(user=request.user)
    return render_options(request, selectors.CASE_LOOKUP, cases)


def _list_template(request, template: str) -> str:
    return f"{template}#table" if request.htmx and not request.htmx.boosted else template


@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET or None, **_places(request.user))
    filters = selectors.UnitFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.UnitFilters(
            county=data["county"],
            estate=data["estate"],
            status=data["status"] or None,
            ownership=data["ownership"] or None,
            kind=data["kind"] or None,
            covid=data["covid"],
            text=data["q"] or "",
        )
    province_id = reading_province(request.user)

    def render_rows() -> str:
        page_obj, querystring = paginate(
            request,
            selectors.unit_list(user=request.user, filters=filters),
            province_id=province_id,
        )
        page_obj.object_list = selectors.with_open_case_counts(list(page_obj.object_list))
        return render_to_string(
            "units/_unit_rows.html",
            {"page_obj": page_obj, "querystring_without_page": querystring},
        )

    table = rendered_page(request, "unit-rows", province_id=province_id, render=render_rows)
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(table)
    return render(
        request,
        "units/unit_list.html",
        {"form": form, "table": table, "can_edit": can_run_secretariat(request.user)},
    )


@login_required
def unit_create(request):
    deny_unless_secretariat(request.user)
    form = NewUnitForm(request.POST or None, initial={"on_date": today()}, **_places(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in UNIT_FORM_FIELDS}
        try:
            if data["mode"] == "launch":
                unit = services.unit_launch(
                    acting_user=request.user,
                    launched_on=data["on_date"],
                    product=data["product"],
                    jobs=data["jobs"],
                    **fields,
                )
            else:
                unit = services.unit_register(
                    acting_user=request.user,
                    registered_on=data["on_date"],
                    status=data["status"],
                    jobs=data["jobs"],
                    **fields,
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"واحد «{unit}» ثبت شد.")
            return redirect(unit)
    return render(request, "units/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk: int):
    deny_unless_secretariat(request.user)
    unit = selectors.unit_detail(user=request.user, pk=pk)
    initial = {name: getattr(unit, name) for name in UNIT_FORM_FIELDS}
    initial["version"] = unit.version
    form = UnitForm(request.POST or None, initial=initial, **_places(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_update(
                unit=unit,
                version=data["version"],
                acting_user=request.user,
                **{name: data[name] for name in UNIT_FORM_FIELDS},
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "مشخصات واحد ذخیره شد.")
            return redirect(unit)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_detail(request, pk: int, status_form=None):
    unit = selectors.unit_detail(user=request.user, pk=pk)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "can_edit": can_run_secretariat(request.user),
            "status_form": status_form
            or StatusChangeForm(initial={"on_date": today(), "jobs_after": unit.jobs}),
        },
        status=422 if status_form is not None else 200,
    )


@login_required
@require_POST
def unit_status(request, pk: int):
    deny_unless_secretariat(request.user)
    unit = selectors.unit_detail(user=request.user, pk=pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.unit_record_status(unit=unit, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "تغییر وضعیت واحد ثبت شد.")
            return redirect(unit)
    return unit_detail(request, pk, status_form=form)


@login_required
def case_list(request):
    counties = county_list_for_user(user=request.user)
    form = CaseFilterForm(request.GET or None, counties=counties)
    filters = selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseFilters(
            type=data["type"] or None,
            creditor=data["creditor"] or None,
            obstacle=data["obstacle"] or None,
            status=data["status"] or None,
            county=data["county"],
            period=data["period_obj"],
            open_only=data["open_only"],
            text=data["q"] or "",
        )
    elif form.is_bound:
        filters = None
    rows = (
        selectors.case_list(user=request.user, filters=filters)
        if filters is not None
        else SupportCase.objects.none()
    )
    page_obj, querystring = paginate(request, rows, province_id=reading_province(request.user))
    return render(
        request,
        _list_template(request, "units/case_list.html"),
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "can_edit": can_run_secretariat(request.user),
            "presets": period_presets(today(), selected=request.GET.get("period")),
        },
    )


@login_required
def case_create(request):
    deny_unless_secretariat(request.user)
    form = CaseForm(
        request.POST or None,
        units=selectors.unit_list_for_user(user=request.user).order_by("name"),
        agencies=agency_list_for_user(user=request.user),
        initial={"received_on": today(), "unit": request.GET.get("unit")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{case} ثبت شد.")
            return redirect(case)
    return render(request, "units/case_form.html", {"form": form})


@login_required
def case_detail(request, pk: int):
    case = selectors.case_detail(user=request.user, pk=pk)
    return render(
        request,
        "units/case_detail.html",
        {
            "case": case,
            "can_edit": can_run_secretariat(request.user),
            "status_form": CaseStatusForm(),
            "transitions": [
                SupportCase.Status(s)
                for s in SupportCase.TRANSITIONS[SupportCase.Status(case.status)]
            ],
        },
    )


@login_required
@require_POST
def case_status(request, pk: int):
    deny_unless_secretariat(request.user)
    case = selectors.case_detail(user=request.user, pk=pk)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                case=case,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "وضعیت پرونده تغییر کرد.")
    return redirect(case)
