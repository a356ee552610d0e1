"""Portfolio screens: parse input, call a selector or service, pick a template, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from hamahang.accounts.access import (
    can_run_secretariat,
    deny_unless_secretariat,
    is_bank_liaison,
    is_liaison,
    may_record_submission_outcome,
    reading_province,
)
from hamahang.accounts.selectors import agency_list_for_user, county_list_for_user
from hamahang.core.jalali import format_jalali, period_presets, today
from hamahang.core.jsonenc import PlainJSONEncoder
from hamahang.core.lookups import render_options
from hamahang.core.paging import paginate, rendered_page
from hamahang.core.replica import standby_reads
from hamahang.core.services import add_service_error, error_text
from hamahang.organizations.models import Agency
from hamahang.projects import exports, selectors, services
from hamahang.projects.forms import (
    ContractForm,
    ContractStepForm,
    InvestmentForm,
    OutcomeForm,
    ProjectFilterForm,
    ProjectForm,
    SendForm,
    SubmissionForm,
    TransitionForm,
)
from hamahang.projects.models import NationalSubmission, Programme, Project


def _choices(user):
    return {
        "counties": county_list_for_user(user=user),
        "owners": agency_list_for_user(user=user, exclude_kind=Agency.Kind.BANK),
        "programmes": Programme.objects.all(),
    }


@login_required
@require_GET
def project_lookup(request):
    """The projects the user may see whose code or title holds what was typed (?q=)."""
    return render_options(
        request, selectors.PROJECT_LOOKUP, selectors.project_list_for_user(user=request.user)
    )


@login_required
def project_list(request):
    user = request.user
    banks = agency_list_for_user(user=user, kind=Agency.Kind.BANK)
    form = ProjectFilterForm(request.GET or None, banks=banks, **_choices(user))
    filters, convert = selectors.ProjectFilters(), None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ProjectFilters(
            sector=data["sector"] or None,
            county=data["county"],
            status=data["status"] or None,
            owner=data["owner"],
            programme=data["programme"],
            bank=data["bank"],
            submitted_in=data["period_obj"],
            text=data["q"] or "",
        )
        convert = data["convert"] or None
    province_id = reading_province(user)

    def render_results() -> str:
        queryset = (
            selectors.project_list(user=user, filters=filters)
            if not form.is_bound or form.is_valid()
            else Project.objects.none()
        )
        totals = selectors.project_totals_cached(queryset, province_id=province_id)
        page_obj, querystring = paginate(
            request, selectors.project_rows(queryset), province_id=province_id
        )
        return render_to_string(
            "projects/_results.html",
            {
                "page_obj": page_obj,
                "querystring_without_page": querystring,
                "totals": totals,
                "converted": (
                    selectors.converted_total(totals, to_currency=convert, on=today())
                    if convert
                    else None
                ),
            },
        )

    results = rendered_page(
        request, "project-results", province_id=province_id, render=render_results
    )
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(results)
    context = {
        "form": form,
        "results": results,
        "presets": period_presets(today(), selected=request.GET.get("period")),
        "can_edit": can_run_secretariat(user),
    }
    return render(request, "projects/project_list.html", context)


def _project_form_response(request, form, project):
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def project_create(request):
    deny_unless_secretariat(request.user)
    form = ProjectForm(request.POST or None, **_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("version", None)
        try:
            project = services.project_create(acting_user=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"طرح «{project.title}» ثبت شد.")
            return redirect(project)
    return _project_form_response(request, form, None)


@login_required
def project_edit(request, pk: int):
    deny_unless_secretariat(request.user)
    project = selectors.project_detail(user=request.user, pk=pk)
    initial = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
    initial.update(
        code=project.code,
        physical_progress=project.physical_progress,
        programmes=list(project.programmes.all()),
        version=project.version,
    )
    form = ProjectForm(
        request.POST or None, initial=initial, editing=True, **_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("code")
        try:
            services.project_update(
                project=project,
                acting_user=request.user,
                version=data.pop("version"),
                programmes=data.pop("programmes"),
                physical_progress=data.pop("physical_progress"),
                progress_reason=data.pop("progress_reason", ""),
                **data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "طرح ذخیره شد.")
            return redirect(project)
    return _project_form_response(request, form, project)


def _detail_context(request, project, **forms):
    user = request.user
    return {
        "project": project,
        "can_edit": can_run_secretariat(user),
        "investment_form": forms.get("investment_form")
        or InvestmentForm(prefix="investment", initial={"value_date": today()}),
        "contract_form": forms.get("contract_form")
        or ContractForm(
            prefix="contract",
            banks=agency_list_for_user(user=user, kind=Agency.Kind.BANK),
            initial={"on_date": today()},
        ),
        "transition_form": forms.get("transition_form")
        or TransitionForm(prefix="transition", initial={"on_date": today()}),
        "step_form": ContractStepForm(initial={"on_date": today()}),
        "transitions": [
            Project.Status(s) for s in Project.TRANSITIONS[Project.Status(project.status)]
        ],
        "resolutions": selectors.project_resolutions(user=user, project=project),
        "is_bank_liaison": is_bank_liaison(user),
    }


@login_required
def project_detail(request, pk: int):
    project = selectors.project_detail(user=request.user, pk=pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


@login_required
def investment_add(request, pk: int):
    deny_unless_secretariat(request.user)
    project = selectors.project_detail(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(project)
    form = InvestmentForm(request.POST, prefix="investment")
    if form.is_valid():
        try:
            services.investment_add(project=project, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "سرمایه‌گذاری ثبت شد.")
            return redirect(project)
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, investment_form=form),
        status=422,
    )


@login_required
@require_POST
def investment_remove(request, pk: int, line_pk: int):
    deny_unless_secretariat(request.user)
    project = selectors.project_detail(user=request.user, pk=pk)
    line = next((i for i in project.investments.all() if i.pk == line_pk), None)
    if line is None:
        raise Http404
    services.investment_remove(line=line, acting_user=request.user)
    messages.success(request, "ردیف سرمایه‌گذاری حذف شد.")
    return redirect(project)


@login_required
def contract_add(request, pk: int):
    deny_unless_secretariat(request.user)
    project = selectors.project_detail(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(project)
    form = ContractForm(
        request.POST,
        prefix="contract",
        banks=agency_list_for_user(user=request.user, kind=Agency.Kind.BANK),
    )
    if form.is_valid():
        try:
            services.contract_create(project=project, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "قرارداد عاملیت ثبت شد.")
            return redirect(project)
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, contract_form=form),
        status=422,
    )


@login_required
@require_POST
def contract_step(request, pk: int):
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    form = ContractStepForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(contract.project)
    data = form.cleaned_data
    try:
        services.contract_advance(
            contract=contract,
            to_status=data["status"],
            on_date=data["on_date"],
            amount=data["amount"],
            contract_number=data["contract_number"],
            note=data["note"],
            version=data["version"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "مرحله قرارداد ثبت شد.")
    return redirect(contract.project)


@login_required
@require_POST
def project_transition(request, pk: int):
    deny_unless_secretariat(request.user)
    project = selectors.project_detail(user=request.user, pk=pk)
    form = TransitionForm(request.POST, prefix="transition")
    if form.is_valid():
        try:
            services.project_transition(
                project=project,
                to_status=form.cleaned_data["status"],
                on_date=form.cleaned_data["on_date"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "وضعیت طرح تغییر کرد.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(project)


@login_required
def contract_pipeline(request):
    return render(
        request,
        "projects/contract_pipeline.html",
        {"pipeline": selectors.contract_pipeline(user=request.user)},
    )


# --- National submissions --------------------------------------------------------------------


@login_required
def submission_list(request):
    if is_liaison(request.user):
        raise PermissionDenied
    return render(
        request,
        "projects/submission_list.html",
        {
            "submissions": selectors.submission_list_for_user(user=request.user),
            "can_edit": can_run_secretariat(request.user),
        },
    )


@login_required
def submission_create(request):
    deny_unless_secretariat(request.user)
    projects = selectors.project_list_for_user(user=request.user).order_by("code")
    form = SubmissionForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "پیش‌نویس ارسال ساخته شد.")
            return redirect(submission)
    return render(request, "projects/submission_form.html", {"form": form})


@login_required
def submission_detail(request, pk: int):
    submission = selectors.submission_detail(user=request.user, pk=pk)
    return render(
        request,
        "projects/submission_detail.html",
        {
            "submission": submission,
            "can_edit": can_run_secretariat(request.user),
            "can_record": may_record_submission_outcome(request.user),
            "send_form": SendForm(
                initial={
                    "letter_number": submission.letter_number,
                    "letter_date": submission.letter_date or today(),
                }
            ),
            "outcome_form": OutcomeForm(initial={"on_date": today()}),
        },
    )


@login_required
@require_POST
def submission_send(request, pk: int):
    deny_unless_secretariat(request.user)
    submission = selectors.submission_detail(user=request.user, pk=pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(submission)
    try:
        services.submission_send(
            submission=submission, acting_user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "مجموعه ارسال و ثابت شد؛ تغییرات بعدی طرح‌ها در آن اثری ندارد.")
    return redirect(submission)


@login_required
@require_POST
def submission_outcome(request, pk: int):
    item = selectors.submission_item_get_for_user(user=request.user, pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.submission_record_outcome(
                item=item, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "نتیجه ثبت شد.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(item.submission)


@login_required
@standby_reads
def submission_export(request, pk: int, fmt: str):
    submission = selectors.submission_detail(user=request.user, pk=pk)
    if submission.status == NationalSubmission.Status.DRAFT:
        # The export is the frozen national format: a draft has no figures frozen yet.
        messages.error(
            request,
            "این مجموعه هنوز پیش‌نویس است و خروجی ندارد؛ خروجی Excel و JSON پس از ارسال "
            "(ثابت شدن ارقام) آماده می‌شود.",
        )
        return redirect(submission)
    letter_day = format_jalali(submission.letter_date, "ascii").replace("/", "")
    stem = f"submission-{submission.pk}-{letter_day}"
    if fmt == "json":
        body = json.dumps(
            exports.submission_json(submission), ensure_ascii=False, indent=2, cls=PlainJSONEncoder
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    response = HttpResponse(
        exports.submission_xlsx(submission),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
