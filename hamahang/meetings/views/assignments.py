"""Assignment screens: list with bulk actions, report, review, extend, status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.access import (
    can_run_secretariat,
    deny_unless_secretariat,
    is_liaison,
    reading_province,
)
from hamahang.accounts.access import (
    may_report as access_may_report,
)
from hamahang.core.jalali import today
from hamahang.core.paging import paginate
from hamahang.core.pdf import pdf_response
from hamahang.core.redirects import safe_next
from hamahang.core.services import add_service_error, error_text
from hamahang.meetings import selectors, services
from hamahang.meetings.deadlines import annotate_working_days_left, calendar_for
from hamahang.meetings.forms import (
    BulkAssignmentForm,
    ExtensionForm,
    FollowUpForm,
    ObjectionDecisionForm,
    ObjectionForm,
    ReturnForm,
    StatusForm,
)
from hamahang.meetings.models import Assignment
from hamahang.meetings.selectors import may_object
from hamahang.meetings.views._common import (
    _list_filters,
    _period_presets,
    _render_list,
    format_number_fa,
)


@login_required
def assignment_list(request):
    if is_liaison(request.user):
        return redirect("meetings:inbox")
    form, filters = _list_filters(request, Assignment.Status.choices, selectors.AssignmentFilters)
    rows = (
        selectors.assignment_list(user=request.user, filters=filters)
        if filters is not None
        else Assignment.objects.none()
    )
    if request.method == "POST":
        return _assignment_bulk(request)
    page_obj, querystring = paginate(request, rows, province_id=reading_province(request.user))
    page_obj.object_list = annotate_working_days_left(page_obj.object_list)
    return _render_list(
        request,
        "meetings/assignment_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "presets": _period_presets(request),
            "today": today(),
            "bulk_form": BulkAssignmentForm(visible_ids=[]),
            "can_secretariat": can_run_secretariat(request.user),
        },
    )


def _assignment_bulk(request):
    deny_unless_secretariat(request.user)
    visible = selectors.assignment_list_for_user(user=request.user)
    chosen = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
    visible_ids = list(visible.filter(pk__in=chosen).values_list("pk", flat=True))
    form = BulkAssignmentForm(request.POST, visible_ids=visible_ids)
    back = safe_next(request, "meetings:assignment_list")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    rows = list(visible.filter(pk__in=data["selected"]))
    try:
        if data["action"] == "extend":
            count = services.assignments_bulk_extend(
                assignments=rows,
                new_deadline=data["new_deadline"],
                reason=data["reason"],
                acting_user=request.user,
            )
        else:
            count = services.assignments_bulk_set_status(
                assignments=rows,
                status=data["status"],
                reason=data["reason"],
                acting_user=request.user,
            )
    except ValidationError as error:
        messages.error(request, error_text(error) + " هیچ تغییری ذخیره نشد.")
    else:
        messages.success(request, f"{format_number_fa(count)} تکلیف به‌روز شد.")
    return redirect(back)


@login_required
def assignment_detail(request, pk: int):
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    return render(
        request, "meetings/assignment_detail.html", _assignment_context(request, assignment)
    )


@login_required
def assignment_dossier_pdf(request, pk: int):
    """The failure-to-act dossier (پرونده ترک فعل) of one assignment, for office staff."""
    dossier = selectors.assignment_dossier(user=request.user, pk=pk)
    resolution = dossier.assignment.resolution
    return pdf_response(
        "meetings/pdf/dossier.html",
        {"dossier": dossier, "assignment": dossier.assignment, "resolution": resolution},
        f"dossier-{resolution.code}-{dossier.assignment.agency_id}.pdf",
    )


@login_required
def assignment_short(request, pk: int):
    """The short link an SMS carries (/a/<id>/): the assignment's page, for whoever may see it
    (after signing in; 404 for anyone else, as the page itself answers)."""
    assignment = selectors.assignment_get_for_user(user=request.user, pk=pk)
    return redirect(assignment.get_absolute_url())


def _assignment_context(request, assignment, **forms):
    user = request.user
    meeting = assignment.resolution.meeting
    may_report = assignment.is_open and meeting.was_held and access_may_report(user, assignment)
    objections = selectors.objections_of(assignment)
    # One calendar for the page: working days left and the objection window both read it.
    calendar = calendar_for(meeting.committee)
    annotate_working_days_left([assignment], calendars={meeting.committee_id: calendar})
    window_end = services.objection_window_end(meeting.committee, meeting.date, calendar)
    return {
        "objections": objections,
        "may_object": may_object(user, assignment, meeting, objections, window_end),
        "objection_window_end": window_end,
        "objection_form": forms.get("objection_form") or ObjectionForm(),
        "decision_form": forms.get("decision_form") or ObjectionDecisionForm(),
        "assignment": assignment,
        "resolution": assignment.resolution,
        "today": today(),
        "may_report": may_report,
        "meeting_held": meeting.was_held,
        "can_secretariat": can_run_secretariat(user),
        "report_form": forms.get("report_form")
        or FollowUpForm(initial={"progress": assignment.progress}),
        "return_form": ReturnForm(),
        "extension_form": forms.get("extension_form")
        or ExtensionForm(initial={"version": assignment.version}),
        "status_form": forms.get("status_form")
        or StatusForm(initial={"version": assignment.version}),
        "allowed_statuses": services.assignment_allowed_statuses(assignment, meeting),
        "notices": selectors.assignment_notices(assignment=assignment),
        "may_see_dossier": selectors.may_see_dossiers(user),
    }


def _assignment_action(request, pk, *, form_class, form_name, perform, done_message):
    """Post one form about an assignment: on success redirect with a message, otherwise show
    the assignment page with the form's (or the service's) Persian errors."""
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(assignment)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            saved = perform(assignment, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done_message)
            for note in getattr(saved, "deadline_notes", []):
                messages.info(request, note)
            return redirect(assignment)
    return render(
        request,
        "meetings/assignment_detail.html",
        _assignment_context(request, assignment, **{form_name: form}),
        status=422,
    )


@login_required
def assignment_report(request, pk: int):
    return _assignment_action(
        request,
        pk,
        form_class=FollowUpForm,
        form_name="report_form",
        perform=lambda assignment, data: services.assignment_report(
            assignment=assignment,
            text=data["text"],
            progress=data["progress"],
            is_final=data["is_final"],
            attachment=data["attachment"],
            acting_user=request.user,
        ),
        done_message="گزارش پیگیری ثبت شد و برای بررسی به دبیرخانه رفت.",
    )


@login_required
@require_POST
def followup_review(request, pk, decision: str):
    """Accept or return a report. From the secretariat's queue through htmx: the queue's row
    comes back in its new state (or with the Persian error, nothing changed); otherwise a
    redirect to `next` (the queue) or the assignment, with a message."""
    deny_unless_secretariat(request.user)
    followup = selectors.followup_get_for_user(user=request.user, pk=int(pk))
    error = done = ""
    try:
        if decision == "accept":
            services.followup_accept(followup=followup, acting_user=request.user)
            done = "گزارش پذیرفته شد."
        else:
            form = ReturnForm(request.POST)
            if form.is_valid():
                services.followup_return(
                    followup=followup,
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )
                done = "گزارش با ذکر دلیل به دستگاه بازگشت داده شد."
            else:
                error = " ".join(form.errors["reason"])
    except ValidationError as failure:
        error = error_text(failure)
    if request.htmx:
        return _review_row(request, followup.pk, error=error, done=done)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, followup.assignment.get_absolute_url()))


def _review_row(request, pk: int, *, error: str, done: str):
    followup = selectors.with_age(selectors.reviews_row(user=request.user, pk=pk))
    context = {
        "f": followup,
        "can_review": True,
        "review_error": error,
        "review_done": done,
        "reason": request.POST.get("reason", ""),
        "waiting": selectors.reviews_waiting(user=request.user).count(),
    }
    return render(request, "meetings/_review_row.html", context)


@login_required
def assignment_extend(request, pk: int):
    deny_unless_secretariat(request.user)
    return _assignment_action(
        request,
        pk,
        form_class=ExtensionForm,
        form_name="extension_form",
        perform=lambda assignment, data: services.assignment_extend_deadline(
            assignment=assignment,
            new_deadline=data["new_deadline"],
            reason=data["reason"],
            version=data["version"],
            acting_user=request.user,
        ),
        done_message="مهلت تمدید شد.",
    )


@login_required
def assignment_status(request, pk: int):
    deny_unless_secretariat(request.user)
    return _assignment_action(
        request,
        pk,
        form_class=StatusForm,
        form_name="status_form",
        perform=lambda assignment, data: services.assignment_set_status(
            assignment=assignment,
            status=data["status"],
            reason=data["reason"],
            version=data["version"],
            acting_user=request.user,
        ),
        done_message="وضعیت تکلیف تغییر کرد.",
    )


@login_required
def followup_attachment(request, pk: int):
    """An attachment, only to those who may see its assignment (media is never served publicly)."""
    return _serve_attachment(selectors.followup_get_for_user(user=request.user, pk=pk))


@login_required
def objection_attachment(request, pk: int):
    """An objection's attachment, to those who may see its assignment."""
    return _serve_attachment(selectors.objection_get_for_user(user=request.user, pk=pk))


def _serve_attachment(row):
    if not row.attachment:
        raise Http404
    name = row.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(row.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
def assignment_object(request, pk: int):
    """The assigned agency's liaison objects to the resolution (اعتراض)."""
    return _assignment_action(
        request,
        pk,
        form_class=ObjectionForm,
        form_name="objection_form",
        perform=lambda assignment, data: services.objection_file(
            assignment=assignment,
            reason=data["reason"],
            attachment=data["attachment"],
            acting_user=request.user,
        ),
        done_message="اعتراض ثبت شد؛ مهلت تکلیف تا رسیدگی متوقف است و اعتراض در دستور جلسه "
        "آینده ستاد قرار می‌گیرد.",
    )


@login_required
@require_POST
def objection_decide(request, pk: int):
    """The secretariat records the committee's decision on an objection."""
    deny_unless_secretariat(request.user)
    objection = selectors.objection_get_for_user(user=request.user, pk=pk)
    form = ObjectionDecisionForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.objection_decide(
                objection=objection,
                upheld=decision != "rejected",
                remedy=decision if decision != "rejected" else "cancel",
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "تصمیم درباره اعتراض ثبت شد.")
            if decision == "amend":
                return redirect("meetings:resolution_edit", objection.assignment.resolution_id)
            return redirect(objection.assignment)
    assignment = selectors.assignment_detail(user=request.user, pk=objection.assignment_id)
    return render(
        request,
        "meetings/assignment_detail.html",
        _assignment_context(request, assignment, decision_form=form),
        status=422,
    )
