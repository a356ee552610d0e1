"""Referral screens: each tier's queues (received, sent), a referral's page with its chain and
its origin's state, sending a case or resolution up a tier, and the receiving tier's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.access import is_office_staff, reading_province
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.jalali import today
from hamahang.core.paging import paginate
from hamahang.core.services import add_service_error, error_text
from hamahang.meetings import referral_selectors as rs
from hamahang.meetings import selectors, services
from hamahang.meetings.referral_forms import (
    ReferralDecisionForm,
    ReferralResendForm,
    ReferralSendForm,
)
from hamahang.meetings.referral_models import Referral
from hamahang.units.selectors import case_list_for_user


def _staff_only(user) -> None:
    if not is_office_staff(user):
        raise PermissionDenied


@login_required
def referral_queue(request):
    """A tier's referrals received or sent, paged, with working days left to the deadline."""
    user = request.user
    _staff_only(user)
    tiers = rs.tiers_for(user)
    tier = request.GET.get("tier") if request.GET.get("tier") in tiers else tiers[0]
    box = request.GET.get("box") if request.GET.get("box") in rs.BOXES else "received"
    rows = rs.referral_queue(user=user, box=box, tier=tier)
    page_obj, querystring = paginate(request, rows, province_id=reading_province(user))
    page_obj.object_list = rs.annotate_days_left(page_obj.object_list)
    return render(
        request,
        "meetings/referral_queue.html",
        {
            "page_obj": page_obj,
            "querystring_without_page": querystring,
            "box": box,
            "boxes": rs.BOXES,
            "box_label": rs.BOXES[box],
            "tier": tier,
            "tiers": [(t, Referral.Level(t).label) for t in tiers],
            "tier_label": Referral.Level(tier).label,
        },
    )


def _detail_context(request, referral, **forms):
    user = request.user
    chain = rs.referral_chain(referral)
    return {
        "referral": referral,
        "chain": chain,
        "origin_case": referral.case,
        "origin_resolution": referral.resolution,
        "may_answer": referral.status in Referral.ANSWERABLE and rs.may_answer(user, referral),
        "may_send": rs.may_act_as_sender(user, referral),
        "decision_form": forms.get("decision_form") or ReferralDecisionForm(),
        "resend_form": forms.get("resend_form") or ReferralResendForm(),
        "today": today(),
    }


@login_required
def referral_detail(request, pk: int):
    _staff_only(request.user)
    referral = rs.referral_get_for_user(user=request.user, pk=pk)
    rs.annotate_days_left([referral])
    return render(request, "meetings/referral_detail.html", _detail_context(request, referral))


@login_required
def referral_send(request):
    """Send a case (?case=) or a resolution (?resolution=) one tier up."""
    user = request.user
    _staff_only(user)
    source = request.POST if request.method == "POST" else request.GET
    case = resolution = None
    if str(source.get("case", "")).isdigit():
        case = (
            case_list_for_user(user=user).select_related("unit").filter(pk=source["case"]).first()
        )
    if str(source.get("resolution", "")).isdigit():
        resolution = (
            selectors.resolution_list_for_user(user=user)
            .select_related("committee")
            .filter(pk=source["resolution"])
            .first()
        )
    if case is None and resolution is None:
        raise Http404
    committees = committee_list_for_user(user=user)
    initial = {}
    if resolution is not None:
        initial["from_committee"] = resolution.committee_id
    elif user.county_id:
        own = committees.filter(county_id=user.county_id).first()
        initial["from_committee"] = own.pk if own else None
    form = ReferralSendForm(
        request.POST if request.method == "POST" else None, committees=committees, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                acting_user=user,
                case=case,
                resolution=resolution,
                from_committee=data["from_committee"],
                to_committee=data["to_committee"],
                deadline=data["deadline"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"ارجاع به «{referral.to_label}» فرستاده شد.")
            return redirect(referral)
    return render(
        request,
        "meetings/referral_form.html",
        {"form": form, "case": case, "resolution": resolution},
        status=422 if form.is_bound and form.errors else 200,
    )


def _plain_step(request, pk: int, call, done: str):
    """A step with no form (receive, withdraw): the service, then back to the page."""
    referral = rs.referral_get_for_user(user=request.user, pk=pk)
    try:
        call(referral=referral, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect(referral)


def _form_step(request, pk: int, form_class, form_key: str, call, done: str):
    """A step with a form (decide, resend): the service with the form's data; the page again
    with the Persian errors (422) when the form or the service refuses."""
    referral = rs.referral_get_for_user(user=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = call(referral=referral, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(result)
    rs.annotate_days_left([referral])
    return render(
        request,
        "meetings/referral_detail.html",
        _detail_context(request, referral, **{form_key: form}),
        status=422,
    )


@login_required
@require_POST
def referral_step(request, pk: int, step: str):
    """The receiving tier takes up or answers a referral; the sender resends or withdraws it."""
    if step == "receive":
        return _plain_step(
            request, pk, services.referral_receive, "ارجاع دریافت شد و در حال بررسی است."
        )
    if step == "withdraw":
        return _plain_step(request, pk, services.referral_withdraw, "ارجاع مسترد شد.")
    if step == "decide":
        return _form_step(
            request,
            pk,
            ReferralDecisionForm,
            "decision_form",
            services.referral_decide,
            "پاسخ ارجاع ثبت شد و به فرستنده اطلاع داده شد.",
        )
    return _form_step(
        request,
        pk,
        ReferralResendForm,
        "resend_form",
        services.referral_resend,
        "ارجاع با اطلاعات تکمیلی دوباره فرستاده شد.",
    )
