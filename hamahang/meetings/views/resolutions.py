"""Resolution screens: create, edit, list with bulk actions, timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from hamahang.accounts.access import (
    can_run_secretariat,
    deny_unless_secretariat,
    is_liaison,
    reading_province,
)
from hamahang.accounts.selectors import (
    agency_list_for_user,
)
from hamahang.core.jalali import today
from hamahang.core.paging import paginate, rendered_page
from hamahang.core.redirects import safe_next
from hamahang.core.services import add_service_error, error_text
from hamahang.meetings import referral_selectors, selectors, services
from hamahang.meetings.forms import (
    AssignmentFormSet,
    ReliefExpiryForm,
    ResolutionForm,
)
from hamahang.meetings.models import Resolution
from hamahang.meetings.views._common import (
    _list_filters,
    _period_presets,
    _render_list,
    format_number_fa,
)
from hamahang.projects.selectors import project_list_for_user


@login_required
def resolution_create(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        try:
            services.require_held(meeting, "ثبت مصوبه")
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(meeting)
    agencies = agency_list_for_user(user=request.user)
    form = ResolutionForm(
        request.POST or None,
        projects=project_list_for_user(user=request.user),
        cases=selectors.open_cases_for_meeting(user=request.user, meeting=meeting),
        initial={"case": _case_named(request)},
    )
    formset = AssignmentFormSet(
        request.POST or None, prefix="assign", form_kwargs={"agencies": agencies}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        specs = [
            services.AssignmentSpec(
                row["agency"], row["deadline"], row["role"], row.get("working_days")
            )
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
                obstacle=form.cleaned_data["obstacle"],
                legal_basis=form.cleaned_data["legal_basis"],
                relief_expires_on=form.cleaned_data["relief_expires_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{resolution} ثبت و ابلاغ شد.")
            for note in getattr(resolution, "deadline_notes", []):
                messages.info(request, note)
            if "add_another" in request.POST:
                return redirect("meetings:resolution_create", pk=meeting.pk)
            return redirect(meeting)
    return render(
        request,
        "meetings/resolution_form.html",
        {"form": form, "formset": formset, "meeting": meeting, "resolution": None},
    )


def _case_named(request):
    """The case named by ?case=<id> (the agenda's «ثبت مصوبه» link), if the user sees it."""
    from hamahang.units.selectors import case_list_for_user

    case_id = request.GET.get("case", "")
    if not case_id.isdigit():
        return None
    return case_list_for_user(user=request.user).select_related("unit").filter(pk=case_id).first()


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
            "project": resolution.project,
            "version": resolution.version,
            "obstacle": resolution.obstacle,
            "legal_basis": resolution.legal_basis,
            "relief_expires_on": resolution.relief_expires_on,
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
                obstacle=form.cleaned_data["obstacle"],
                legal_basis=form.cleaned_data["legal_basis"],
                relief_expires_on=form.cleaned_data["relief_expires_on"],
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


@login_required
def resolution_list(request):
    if request.method == "POST":
        return _resolution_bulk(request)
    form, filters = _list_filters(request, Resolution.Status.choices, selectors.ResolutionFilters)
    user = request.user
    province_id = reading_province(user)
    can_secretariat = can_run_secretariat(user)

    def render_rows() -> dict:
        rows = (
            selectors.resolution_list(user=user, filters=filters)
            if filters is not None
            else Resolution.objects.none()
        )
        page_obj, querystring = paginate(request, rows, province_id=province_id)
        context = {
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "today": today(),
            "can_secretariat": can_secretariat,
        }
        return {
            "table": render_to_string("meetings/_resolution_rows.html", context),
            "pagination": render_to_string("components/pagination.html", context),
            "shown": bool(page_obj.object_list),
        }

    return _render_list(
        request,
        "meetings/resolution_list.html",
        {
            "form": form,
            "rows": rendered_page(
                request, "resolution-rows", province_id=province_id, render=render_rows
            ),
            "presets": _period_presets(request),
            "can_secretariat": can_secretariat,
            "agenda_meetings": (
                selectors.meetings_taking_agenda(user=user) if can_secretariat else []
            ),
        },
    )


def _resolution_bulk(request):
    """Put the selected resolutions on a meeting's agenda, or publish them (all, or none)."""
    deny_unless_secretariat(request.user)
    back = safe_next(request, "meetings:resolution_list")
    chosen = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
    resolutions = list(selectors.resolution_list_for_user(user=request.user).filter(pk__in=chosen))
    if request.POST.get("action") == "publish":
        if not chosen:
            messages.error(request, "هیچ مصوبه‌ای انتخاب نشده است.")
        elif len(resolutions) != len(set(chosen)):
            messages.error(request, "مصوبه انتخاب‌شده در دسترس شما نیست. هیچ تغییری ذخیره نشد.")
        else:
            try:
                count = services.resolutions_bulk_publish(
                    resolutions=resolutions, acting_user=request.user
                )
            except ValidationError as error:
                messages.error(request, f"{error_text(error)} هیچ مصوبه‌ای منتشر نشد.")
            else:
                messages.success(request, f"{format_number_fa(count)} مصوبه برای عموم منتشر شد.")
        return redirect(back)
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
            "referrals": (
                []
                if is_liaison(request.user)
                else referral_selectors.referrals_of(user=request.user, resolution=resolution)
            ),
        },
    )


@login_required
@require_POST
def resolution_publish(request, pk: int):
    """Publish the resolution on the public portal, or (`unpublish` in the form) take it off."""
    deny_unless_secretariat(request.user)
    resolution = selectors.resolution_detail(user=request.user, pk=pk)
    unpublish = request.POST.get("unpublish") == "1"
    try:
        if unpublish:
            services.resolution_unpublish(resolution=resolution, acting_user=request.user)
        else:
            services.resolution_publish(resolution=resolution, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            f"انتشار {resolution} برای عموم لغو شد."
            if unpublish
            else f"{resolution} برای عموم منتشر شد.",
        )
    return redirect(resolution)


@login_required
@require_POST
def resolution_relief_expiry(request, pk: int):
    """Record a relief's expiry date, also on approved minutes (the ledger's gap list)."""
    deny_unless_secretariat(request.user)
    resolution = selectors.resolution_detail(user=request.user, pk=pk)
    form = ReliefExpiryForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(resolution)
    try:
        services.resolution_set_relief_expiry(
            resolution=resolution,
            expires_on=form.cleaned_data["relief_expires_on"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"تاریخ پایان اعتبار {resolution} ثبت شد.")
    return redirect(resolution)
