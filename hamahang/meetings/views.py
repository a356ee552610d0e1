"""Meetings screens: parse input, call a selector or service, pick a template, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from hamahang.accounts.access import (
    can_approve_minutes,
    can_run_secretariat,
    deny_unless_secretariat,
    is_liaison,
)
from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_get_for_user,
    committee_list_for_user,
)
from hamahang.core.jalali import Period, format_jalali, jalali_year, today
from hamahang.core.paging import paginate
from hamahang.core.pdf import pdf_response
from hamahang.core.services import add_service_error, error_text
from hamahang.core.versioning import versioned
from hamahang.meetings import selectors, services
from hamahang.meetings.forms import (
    AgendaItemForm,
    AssignmentFormSet,
    AttendanceFormSet,
    BulkAssignmentForm,
    ExtensionForm,
    FollowUpForm,
    ListFilterForm,
    MeetingFilterForm,
    MeetingForm,
    ResolutionForm,
    ReturnForm,
    StatusForm,
)
from hamahang.meetings.models import Assignment, Attendance, Meeting, Resolution
from hamahang.projects.selectors import project_list_for_user


def _render_list(request, template: str, context: dict):
    """Whole page, or only its table partial for an htmx request."""
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#table"
    return render(request, template, context)


def _period_presets() -> list[Period]:
    year = jalali_year(today())
    return [
        Period.fiscal_year(year),
        Period.half(year, 1),
        Period.half(year, 2),
        Period.fiscal_year(year - 1),
        Period.year_to_month(1399, 6),
        Period.fiscal_year(1399),
    ]


# --- Meetings --------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    if is_liaison(request.user):
        return redirect("meetings:inbox")
    committees = committee_list_for_user(user=request.user)
    form = MeetingFilterForm(request.GET or None, committees=committees)
    filters = selectors.MeetingFilters()
    period = Period.fiscal_year(jalali_year(today()))
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period_obj"] or period
        filters = selectors.MeetingFilters(
            committee=form.cleaned_data["committee"],
            period=form.cleaned_data["period_obj"],
            status=form.cleaned_data["status"] or None,
        )
    page_obj, querystring = paginate(
        request, selectors.meeting_list(user=request.user, filters=filters)
    )
    return _render_list(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "counts": selectors.meeting_resolution_counts(user=request.user, period=period),
            "counts_period": period,
            "presets": _period_presets(),
            "can_edit": can_run_secretariat(request.user),
        },
    )


@login_required
def meeting_create(request):
    deny_unless_secretariat(request.user)
    committees = committee_list_for_user(user=request.user)
    form = MeetingForm(request.POST or None, committees=committees, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                committee=data["committee"],
                date=data["date"],
                start_time=data["start_time"],
                place=data["place"],
                chair=data["chair"],
                notes=data["notes"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{meeting} ثبت شد.")
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    committees = committee_list_for_user(user=request.user)
    initial = {
        "committee": meeting.committee_id,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "place": meeting.place,
        "chair": meeting.chair,
        "notes": meeting.notes,
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, committees=committees, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting,
                version=data["version"],
                date=data["date"],
                start_time=data["start_time"],
                place=data["place"],
                chair=data["chair"],
                notes=data["notes"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "مشخصات جلسه ذخیره شد.")
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _attendance_formset(meeting: Meeting, data=None):
    recorded = {a.agency_id: a for a in meeting.attendances.all()}
    members = list(meeting.committee.members.all())
    guests = [a.agency for a in recorded.values() if a.agency not in members]
    rows = []
    for agency in sorted(members, key=lambda a: a.name) + guests:
        attendance = recorded.get(agency.pk)
        rows.append(
            {
                "agency_id": agency.pk,
                "status": attendance.status if attendance else "",
                "representative": attendance.representative if attendance else "",
            }
        )
    formset = AttendanceFormSet(data, initial=rows, prefix="attendance")
    labels = {agency.pk: agency for agency in members + guests}
    status_labels = dict(Attendance.Status.choices)
    for form in formset:
        form.agency = labels.get(form.initial.get("agency_id"))
        form.status_label = status_labels.get(form.initial.get("status"), "—")
    return formset


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "quorum": selectors.meeting_quorum(meeting),
            "attendance_formset": _attendance_formset(meeting),
            "agenda_form": AgendaItemForm(projects=project_list_for_user(user=request.user)),
            "can_edit": can_run_secretariat(request.user) and meeting.is_editable,
            "can_secretariat": can_run_secretariat(request.user),
            "can_approve": can_approve_minutes(request.user),
            "transitions": [
                Meeting.Status(s) for s in Meeting.TRANSITIONS[Meeting.Status(meeting.status)]
            ],
        },
    )


@login_required
def meeting_cases_to_refer(request, pk: int):
    """The meeting page's panel of waiting support cases, loaded after the page (htmx)."""
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if not meeting.is_editable:
        raise Http404
    return render(
        request,
        "meetings/_cases_to_refer.html",
        {"meeting": meeting, "cases_to_refer": selectors.cases_to_refer(user=request.user)[:50]},
    )


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    formset = _attendance_formset(meeting, request.POST)
    if not formset.is_valid():
        messages.error(request, "فهرست حضور و غیاب نادرست است.")
        return redirect(meeting)
    agencies = {a.pk: a for a in agency_list_for_user(user=request.user)}
    rows = []
    for form in formset:
        data = form.cleaned_data
        if not data.get("status"):
            continue
        agency = agencies.get(data["agency_id"])
        if agency is None:
            raise Http404
        rows.append(services.AttendanceRow(agency, data["status"], data["representative"]))
    try:
        services.meeting_record_attendance(meeting=meeting, rows=rows, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "حضور و غیاب ذخیره شد.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_agenda_add(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    form = AgendaItemForm(request.POST, projects=project_list_for_user(user=request.user))
    if form.is_valid():
        try:
            services.agenda_item_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                project=form.cleaned_data["project"],
                acting_user=request.user,
            )
            messages.success(request, "موضوع به دستور جلسه افزوده شد.")
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        for errors_ in form.errors.values():
            for error in errors_:
                messages.error(request, error)
    return redirect(meeting)


@login_required
@require_POST
def meeting_refer_cases(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    candidates = selectors.cases_to_refer(user=request.user)
    chosen = [int(v) for v in request.POST.getlist("cases") if v.isdigit()]
    cases = list(candidates.filter(pk__in=chosen))
    if len(cases) != len(set(chosen)):
        messages.error(request, "پرونده انتخاب‌شده در دسترس نیست یا پیش‌تر ارجاع شده است.")
        return redirect(meeting)
    try:
        count = services.agenda_refer_cases(meeting=meeting, cases=cases, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"{format_number_fa(count)} پرونده به دستور جلسه ارجاع شد.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_carry_over(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    try:
        count = services.agenda_carry_over(meeting=meeting, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if count:
            messages.success(
                request, f"{format_number_fa(count)} مصوبه باز به دستور جلسه افزوده شد."
            )
        else:
            messages.info(request, "مصوبه باز دیگری برای افزودن به دستور جلسه نیست.")
    return redirect(meeting)


def format_number_fa(value: int) -> str:
    from hamahang.core.numbers import format_number

    return format_number(value)


@login_required
@require_POST
def meeting_transition(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    target = request.POST.get("status", "")
    if target not in Meeting.Status.values:
        messages.error(request, "وضعیت درخواستی نادرست است.")
        return redirect(meeting)
    try:
        services.meeting_transition(meeting=meeting, to_status=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"وضعیت جلسه «{Meeting.Status(target).label}» شد.")
    return redirect(meeting)


@login_required
def meeting_minutes_pdf(request, pk: int):
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    return pdf_response(
        "meetings/pdf/minutes.html",
        {"meeting": meeting, "quorum": selectors.meeting_quorum(meeting)},
        f"minutes-{meeting.jalali_year}-{meeting.number}.pdf",
    )


@login_required
def committee_brief_pdf(request, pk: int):
    if is_liaison(request.user):
        raise Http404
    committee = committee_get_for_user(user=request.user, pk=pk)
    resolutions = list(selectors.open_resolutions_for_brief(user=request.user, committee=committee))
    day = today()
    return pdf_response(
        "meetings/pdf/brief.html",
        {
            "committee": committee,
            "resolutions": resolutions,
            "overdue": [r for r in resolutions if r.next_deadline and r.next_deadline < day],
            "day": day,
        },
        f"brief-{committee.pk}-{format_jalali(day, 'ascii').replace('/', '')}.pdf",
    )


# --- Resolutions -----------------------------------------------------------------------------


@login_required
def resolution_create(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    agencies = agency_list_for_user(user=request.user)
    form = ResolutionForm(
        request.POST or None,
        projects=project_list_for_user(user=request.user),
        cases=selectors.open_cases_for_meeting(user=request.user, meeting=meeting),
        initial={"case": _case_code(request)},
    )
    formset = AssignmentFormSet(
        request.POST or None, prefix="assign", form_kwargs={"agencies": agencies}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        specs = [
            services.AssignmentSpec(row["agency"], row["deadline"], row["role"])
            for row in (f.cleaned_data for f in formset)
            if row.get("agency")
        ]
        try:
            resolution = services.resolution_create(
                meeting=meeting,
                text=form.cleaned_data["text"],
                type=form.cleaned_data["type"],
                is_confidential=form.cleaned_data["is_confidential"],
                project=form.cleaned_data["project"],
                case=form.cleaned_data["case"],
                assignments=specs,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{resolution} ثبت و ابلاغ شد.")
            if "add_another" in request.POST:
                return redirect("meetings:resolution_create", pk=meeting.pk)
            return redirect(meeting)
    return render(
        request,
        "meetings/resolution_form.html",
        {"form": form, "formset": formset, "meeting": meeting, "resolution": None},
    )


def _case_code(request) -> str:
    """The code of the case named by ?case=<id> (the agenda's «ثبت مصوبه» link)."""
    from hamahang.units.selectors import case_list_for_user

    case_id = request.GET.get("case", "")
    if not case_id.isdigit():
        return ""
    case = case_list_for_user(user=request.user).filter(pk=case_id).first()
    return case.code if case else ""


@login_required
def resolution_edit(request, pk: int):
    deny_unless_secretariat(request.user)
    resolution = selectors.resolution_detail(user=request.user, pk=pk)
    form = ResolutionForm(
        request.POST or None,
        projects=project_list_for_user(user=request.user),
        initial={
            "text": resolution.text,
            "type": resolution.type,
            "is_confidential": resolution.is_confidential,
            "project": resolution.project.code if resolution.project else "",
            "version": resolution.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_update(
                resolution=resolution,
                version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                type=form.cleaned_data["type"],
                is_confidential=form.cleaned_data["is_confidential"],
                project=form.cleaned_data["project"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "مصوبه ذخیره شد.")
            return redirect(resolution)
    return render(
        request,
        "meetings/resolution_form.html",
        {"form": form, "formset": None, "meeting": resolution.meeting, "resolution": resolution},
    )


def _list_filters(request, statuses, filters_class):
    committees = committee_list_for_user(user=request.user)
    agencies = agency_list_for_user(user=request.user)
    form = ListFilterForm(
        request.GET or None, committees=committees, agencies=agencies, statuses=statuses
    )
    filters = filters_class()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = filters_class(
            committee=data["committee"],
            period=data["period_obj"],
            meeting=data["meeting"],
            agency=data["agency"],
            status=data["status"] or None,
            type=data["type"] or None,
            overdue=data["overdue"],
            due_within=data["due_within"],
            text=data["q"] or "",
        )
    elif form.is_bound:
        filters = None  # invalid filters show their errors and no rows
    return form, filters


@login_required
def resolution_list(request):
    if request.method == "POST":
        return _resolution_bulk(request)
    form, filters = _list_filters(request, Resolution.Status.choices, selectors.ResolutionFilters)
    rows = (
        selectors.resolution_list(user=request.user, filters=filters)
        if filters is not None
        else Resolution.objects.none()
    )
    page_obj, querystring = paginate(request, rows)
    return _render_list(
        request,
        "meetings/resolution_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "presets": _period_presets(),
            "today": today(),
            "can_secretariat": can_run_secretariat(request.user),
            "agenda_meetings": (
                selectors.meetings_taking_agenda(user=request.user)
                if can_run_secretariat(request.user)
                else []
            ),
        },
    )


def _resolution_bulk(request):
    """Put the selected resolutions on a meeting's agenda (all, or none)."""
    deny_unless_secretariat(request.user)
    back = request.POST.get("next") or ""
    back = back if back.startswith("/") else reverse("meetings:resolution_list")
    chosen = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
    resolutions = list(selectors.resolution_list_for_user(user=request.user).filter(pk__in=chosen))
    meeting_id = request.POST.get("meeting", "")
    meeting = (
        selectors.meetings_taking_agenda(user=request.user).filter(pk=meeting_id).first()
        if meeting_id.isdigit()
        else None
    )
    if not chosen:
        messages.error(request, "هیچ مصوبه‌ای انتخاب نشده است.")
    elif len(resolutions) != len(set(chosen)):
        messages.error(request, "مصوبه انتخاب‌شده در دسترس شما نیست. هیچ تغییری ذخیره نشد.")
    elif meeting is None:
        messages.error(request, "جلسه‌ای را انتخاب کنید که دستور آن هنوز باز است.")
    else:
        try:
            count = services.agenda_add_resolutions(
                meeting=meeting, resolutions=resolutions, acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, f"{format_number_fa(count)} مصوبه به دستور {meeting} افزوده شد."
            )
    return redirect(back)


@login_required
def resolution_detail(request, pk: int):
    resolution = selectors.resolution_detail(user=request.user, pk=pk)
    return render(
        request,
        "meetings/resolution_detail.html",
        {
            "resolution": resolution,
            "today": today(),
            "can_secretariat": can_run_secretariat(request.user),
            "can_edit": can_run_secretariat(request.user) and resolution.meeting.is_editable,
            "can_see_meeting": not is_liaison(request.user),
        },
    )


# --- Assignments -----------------------------------------------------------------------------


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
    page_obj, querystring = paginate(request, rows)
    return _render_list(
        request,
        "meetings/assignment_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "presets": _period_presets(),
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
    back = request.POST.get("next") or "meetings:assignment_list"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back if back.startswith("/") else "meetings:assignment_list")
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
    return redirect(back if back.startswith("/") else "meetings:assignment_list")


@login_required
def assignment_detail(request, pk: int):
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    return render(
        request, "meetings/assignment_detail.html", _assignment_context(request, assignment)
    )


def _assignment_context(request, assignment, **forms):
    user = request.user
    may_report = assignment.is_open and (
        (is_liaison(user) and user.agency_id == assignment.agency_id) or can_run_secretariat(user)
    )
    return {
        "assignment": assignment,
        "resolution": assignment.resolution,
        "today": today(),
        "may_report": may_report,
        "can_secretariat": can_run_secretariat(user),
        "report_form": forms.get("report_form")
        or FollowUpForm(initial={"progress": assignment.progress}),
        "return_form": ReturnForm(),
        "extension_form": forms.get("extension_form")
        or ExtensionForm(initial={"version": assignment.version}),
        "status_form": forms.get("status_form")
        or StatusForm(initial={"version": assignment.version}),
        "allowed_statuses": [
            Assignment.Status(s)
            for s in Assignment.TRANSITIONS[Assignment.Status(assignment.status)]
        ],
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
            perform(assignment, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done_message)
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
    deny_unless_secretariat(request.user)
    followup = selectors.followup_get_for_user(user=request.user, pk=int(pk))
    try:
        if decision == "accept":
            services.followup_accept(followup=followup, acting_user=request.user)
            messages.success(request, "گزارش پذیرفته شد.")
        else:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors["reason"]))
                return redirect(followup.assignment)
            services.followup_return(
                followup=followup, reason=form.cleaned_data["reason"], acting_user=request.user
            )
            messages.success(request, "گزارش با ذکر دلیل به دستگاه بازگشت داده شد.")
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(followup.assignment)


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
    followup = selectors.followup_get_for_user(user=request.user, pk=pk)
    if not followup.attachment:
        raise Http404
    name = followup.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(followup.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
def inbox(request):
    try:
        days = max(0, min(90, int(request.GET.get("days", 7))))
    except ValueError:
        days = 7
    day, user = today(), request.user

    def sections() -> str:
        context = {"inbox": selectors.inbox_for_user(user=user, days=days), "today": day}
        return render_to_string("meetings/_inbox.html", context)

    # The busiest page: its lists are rendered once per data version (any write renders them
    # afresh), per user (their scope) and per day (overdue is relative to today).
    content = versioned("inbox", user.pk, days, day.isoformat(), compute=sections)
    return render(request, "meetings/inbox.html", {"sections": content, "days": days})
