"""Sign-off screens: the meeting's sign-off page (secretariat), a signer's page (draft, code,
answer), the signed file, and the public verification page (no login)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.access import can_run_secretariat, deny_unless_secretariat
from hamahang.accounts.models import User
from hamahang.core.services import error_text
from hamahang.meetings.models import Meeting
from hamahang.signoff import selectors, services
from hamahang.signoff.forms import RespondForm, VerifyForm


def _site_url(request) -> str:
    return settings.HAMAHANG_BASE_URL or request.build_absolute_uri("/")


@login_required
def meeting_signoff(request, pk: int):
    page = selectors.meeting_signoff(user=request.user, pk=pk)
    current = page.current
    return render(
        request,
        "signoff/meeting_signoff.html",
        {
            "page": page,
            "meeting": page.meeting,
            "current": current,
            "can_send": can_run_secretariat(request.user)
            and page.meeting.status == Meeting.Status.HELD,
            "waiting": services.attendees_waiting(current) if current else [],
        },
    )


@login_required
@require_POST
def meeting_signoff_start(request, pk: int):
    deny_unless_secretariat(request.user)
    page = selectors.meeting_signoff(user=request.user, pk=pk)
    people = {u.pk: u for _a, users in page.candidates for u in users}
    chairs = {u.pk: u for u in page.chairs}
    chosen: dict[int, User] = {}
    try:
        for attendance, _users in page.candidates:
            value = request.POST.get(f"signer_{attendance.agency_id}", "")
            if not value:
                continue
            user = people.get(int(value)) if value.isdigit() else None
            if user is None or user.agency_id != attendance.agency_id:
                raise ValidationError("امضاکننده برگزیده نادرست است.")
            chosen[attendance.agency_id] = user
        chair_value = request.POST.get("chair", "")
        chair = chairs.get(int(chair_value)) if chair_value.isdigit() else None
        if chair is None:
            raise ValidationError("رئیس جلسه (تأییدکننده نهایی) را برگزینید.")
        services.signoff_start(
            meeting=page.meeting, attendee_signers=chosen, chair=chair, acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "پیش‌نویس صورتجلسه برای تأیید حاضران و رئیس جلسه فرستاده شد.")
    return redirect("signoff:meeting", pk=page.meeting.pk)


@login_required
def signoff_list(request):
    return render(
        request,
        "signoff/signoff_list.html",
        {"waiting": selectors.signatures_waiting(user=request.user)},
    )


def _round_and_signer(request, pk):
    round_ = selectors.round_get_for_user(user=request.user, pk=pk)
    return round_, selectors.my_signer(round_, request.user)


@login_required
def round_detail(request, pk: int, form=None):
    round_, signer = _round_and_signer(request, pk)
    return render(
        request,
        "signoff/round_detail.html",
        {
            "round": round_,
            "signer": signer,
            "form": form or RespondForm(),
            "chair_may_approve": services.chair_may_approve(round_),
            "waiting": services.attendees_waiting(round_),
            "can_secretariat": can_run_secretariat(request.user),
        },
    )


def _stored(field):
    """A stored file, opened; 404 if it is missing from the storage."""
    if not field or not field.storage.exists(field.name):
        raise Http404
    return field.open("rb")


@login_required
def round_draft(request, pk: int):
    round_, _signer = _round_and_signer(request, pk)
    return FileResponse(
        _stored(round_.draft_pdf),
        content_type="application/pdf",
        filename=f"draft-minutes-{round_.meeting.jalali_year}-{round_.meeting.number}.pdf",
    )


@login_required
@require_POST
def round_code(request, pk: int):
    round_, signer = _round_and_signer(request, pk)
    if signer is None:
        raise Http404
    try:
        where = services.signoff_send_code(signer=signer, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"کد یک‌بارمصرف به {where} فرستاده شد.")
    return redirect(round_)


@login_required
@require_POST
def round_respond(request, pk: int):
    round_, signer = _round_and_signer(request, pk)
    if signer is None:
        raise Http404
    form = RespondForm(request.POST)
    if not form.is_valid():
        return round_detail(request, pk, form=form)
    data = form.cleaned_data
    try:
        answer = services.signoff_respond(
            signer=signer,
            acting_user=request.user,
            decision=data["decision"],
            comment=data["comment"],
            code=data["code"],
            site_url=_site_url(request),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(round_)
    if answer.signed:
        messages.success(request, "صورتجلسه تأیید نهایی، قفل و با گواهی دفتر امضای دیجیتال شد.")
    elif data["decision"] == services.Decision.COMMENT:
        messages.success(request, "نظر اصلاحی شما برای دبیرخانه ثبت شد.")
    else:
        messages.success(request, "تأیید شما ثبت شد.")
    return redirect(round_)


@login_required
def signed_pdf(request, pk: int):
    signed = selectors.signed_minutes_for_user(user=request.user, pk=pk)
    return FileResponse(
        _stored(signed.pdf),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"minutes-{signed.meeting.jalali_year}-{signed.meeting.number}-signed.pdf",
    )


def verify(request, code: str):
    """Public (no login): the signed minutes' hash, signers and date, and an upload check."""
    signed = selectors.signed_minutes_by_code(code=code)
    verdict = None
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                verdict = services.minutes_verify(
                    signed=signed, upload=form.cleaned_data["document"]
                )
            except ValidationError as error:
                form.add_error("document", error_text(error))
    return render(
        request,
        "signoff/verify.html",
        {"signed": signed, "form": form, "verdict": verdict},
        status=200 if not form.errors else 400,
    )
