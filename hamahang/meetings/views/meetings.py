"""Meeting screens: list, record, attendance, agenda, state changes, minutes and brief."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from hamahang.accounts.access import (
    can_approve_minutes,
    can_run_secretariat,
    deny_unless_secretariat,
    is_liaison,
    reading_province,
)
from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_get_for_user,
    committee_list_for_user,
)
from hamahang.core.jalali import Period, format_jalali, jalali_year, today
from hamahang.core.paging import paginate, rendered_page
from hamahang.core.pdf import pdf_response
from hamahang.core.services import add_service_error, error_text
from hamahang.meetings import selectors, services
from hamahang.meetings.forms import (
    AgendaItemForm,
    AttendanceFormSet,
    MeetingFilterForm,
    MeetingForm,
)
from hamahang.meetings.models import Attendance, Meeting
from hamahang.meetings.views._common import _period_presets, _render_list, format_number_fa
from hamahang.projects.selectors import project_list_for_user


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
        request,
        selectors.meeting_list(user=request.user, filters=filters),
        province_id=reading_province(request.user),
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
            "presets": _period_presets(request),
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
    # Agencies not yet recorded start from what they answered to the invitation (if any).
    suggested = selectors.attendance_prefill(meeting) if meeting.is_editable else {}
    rows = []
    for agency in sorted(members, key=lambda a: a.name) + guests:
        attendance = recorded.get(agency.pk)
        status, representative = (
            (attendance.status, attendance.representative)
            if attendance
            else suggested.get(agency.pk, ("", ""))
        )
        rows.append({"agency_id": agency.pk, "status": status, "representative": representative})
    formset = AttendanceFormSet(data, initial=rows, prefix="attendance")
    labels = {agency.pk: agency for agency in members + guests}
    status_labels = dict(Attendance.Status.choices)
    for form in formset:
        form.agency = labels.get(form.initial.get("agency_id"))
        form.status_label = status_labels.get(form.initial.get("status"), "—")
    return formset


@login_required
def meeting_detail(request, pk: int):
    user = request.user
    meeting = selectors.meeting_detail(user=user, pk=pk, resolutions=False)

    def render_resolutions() -> dict:
        rows = selectors.meeting_resolutions(user=user, meeting=meeting)
        return {
            "count": len(rows),
            "html": render_to_string("meetings/_meeting_resolutions.html", {"resolutions": rows}),
        }

    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            # the costliest part of the page, and the same for every visit of this user
            "resolutions": rendered_page(
                request,
                f"meeting-resolutions:{meeting.pk}",
                province_id=meeting.committee.province_id,
                render=render_resolutions,
            ),
            "quorum": selectors.meeting_quorum(meeting),
            "attendance_formset": _attendance_formset(meeting),
            "agenda_form": AgendaItemForm(projects=project_list_for_user(user=request.user)),
            "can_edit": can_run_secretariat(request.user) and meeting.is_editable,
            "can_add_resolution": can_run_secretariat(request.user) and meeting.takes_resolutions,
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
            "meeting": selectors.next_planned_meeting(
                user=request.user, committee=committee, day=day
            ),
            "resolutions": resolutions,
            "overdue": [r for r in resolutions if r.is_overdue_on(day)],
            "escalated": [
                a for r in resolutions for a in r.assignments.all() if a.escalation_level
            ],
            "day": day,
        },
        f"brief-{committee.pk}-{format_jalali(day, 'ascii').replace('/', '')}.pdf",
    )
