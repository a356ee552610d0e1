"""Recording outcomes and producer commitments, and holding up an assignment for the producer:
secretariat screens reached from the resolution, case and assignment pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.access import deny_unless_secretariat
from hamahang.core.services import add_service_error, error_text
from hamahang.meetings.selectors import assignment_list_for_user
from hamahang.outcomes import selectors, services
from hamahang.outcomes.forms import BlockForm, CommitmentForm, CommitmentStatusForm, OutcomeForm


def _subject(request):
    source = request.POST if request.method == "POST" else request.GET
    return selectors.subject_for_user(
        user=request.user,
        resolution_pk=source.get("resolution"),
        case_pk=source.get("case"),
    )


@login_required
def outcome_create(request):
    deny_unless_secretariat(request.user)
    resolution, case = _subject(request)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(
                **form.cleaned_data, resolution=resolution, case=case, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "دستاورد ثبت شد.")
            return redirect(resolution or case)
    return render(
        request,
        "outcomes/outcome_form.html",
        {"form": form, "resolution": resolution, "case": case},
    )


@login_required
def commitment_create(request):
    deny_unless_secretariat(request.user)
    resolution, case = _subject(request)
    form = CommitmentForm(request.POST or None)
    concerned = case or (resolution.case if resolution.case_id else resolution)
    unit = concerned.unit
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                raise ValidationError(
                    "این مصوبه به واحد یا پرونده‌ای مربوط نیست؛ تعهد تولیدکننده ثبت نمی‌شود.",
                    code="no_unit",
                )
            services.commitment_create(
                **form.cleaned_data,
                unit=unit,
                case=case or resolution.case,
                resolution=resolution,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "تعهد تولیدکننده ثبت شد.")
            return redirect(resolution or case)
    return render(
        request,
        "outcomes/commitment_form.html",
        {"form": form, "resolution": resolution, "case": case, "unit": unit},
    )


@login_required
@require_POST
def commitment_status(request, pk: int):
    deny_unless_secretariat(request.user)
    commitment = get_object_or_404(selectors.commitment_list_for_user(user=request.user), pk=pk)
    form = CommitmentStatusForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_set_status(
                commitment=commitment, **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "وضعیت تعهد ثبت شد.")
    else:
        messages.error(request, "وضعیت تعهد معتبر نیست.")
    return redirect(commitment.resolution or commitment.case or commitment.unit)


@login_required
def assignment_block(request, pk: int):
    deny_unless_secretariat(request.user)
    assignment = get_object_or_404(
        assignment_list_for_user(user=request.user).select_related("resolution__case"), pk=pk
    )
    commitments = selectors.commitments_concerning(
        user=request.user, resolution=assignment.resolution
    ).exclude(status="met")
    form = BlockForm(request.POST or None, commitments=commitments)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_block(
                assignment=assignment, **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "تکلیف معطل تعهد تولیدکننده ثبت شد.")
            return redirect(assignment.resolution)
    return render(request, "outcomes/block_form.html", {"form": form, "assignment": assignment})


@login_required
@require_POST
def assignment_unblock(request, pk: int):
    deny_unless_secretariat(request.user)
    assignment = get_object_or_404(assignment_list_for_user(user=request.user), pk=pk)
    try:
        services.assignment_unblock(
            assignment=assignment, note=request.POST.get("note", ""), acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "توقف تکلیف رفع شد؛ تکلیف دوباره در رتبه‌بندی شمرده می‌شود.")
    return redirect(assignment.resolution)
