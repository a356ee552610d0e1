"""Invitation screens: a meeting's invitations (secretariat), its calendar file, the RSVP page
(no login, a signed link) with the representative's own calendar file, and meeting series."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.access import can_run_secretariat, deny_unless_secretariat
from hamahang.accounts.lockout import over_public_limit
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import today
from hamahang.core.pdf import pdf_response
from hamahang.core.services import add_service_error, error_text
from hamahang.invitations import selectors, services
from hamahang.invitations.forms import RsvpForm, SeriesForm
from hamahang.meetings.models import Meeting
from hamahang.meetings.selectors import meeting_get_for_user, open_resolutions_for_brief


def _ics_response(meeting: Meeting, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    name = f"meeting-{meeting.jalali_year}-{meeting.number}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def meeting_invitations(request, pk: int):
    page = selectors.invitations_page(user=request.user, pk=pk)
    return render(
        request,
        "invitations/meeting_invitations.html",
        {
            "page": page,
            "meeting": page.meeting,
            "can_send": can_run_secretariat(request.user)
            and page.meeting.status == Meeting.Status.PLANNED,
        },
    )


@login_required
@require_POST
def meeting_invitations_send(request, pk: int):
    deny_unless_secretariat(request.user)
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    try:
        sent = services.invitations_send(meeting=meeting, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if sent:
            messages.success(
                request, f"دعوت‌نامه برای {to_persian_digits(len(sent))} دستگاه فرستاده شد."
            )
        else:
            messages.info(request, "همه دستگاه‌های عضو پیش‌تر دعوت شده‌اند؛ دعوت‌نامه تازه‌ای نرفت.")
    return redirect("invitations:meeting", pk=meeting.pk)


@login_required
def meeting_calendar(request, pk: int):
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    return _ics_response(meeting, services.meeting_ics(meeting))


def _invitation_or_error(token: str):
    try:
        return services.invitation_by_token(token), None
    except ValidationError as error:
        return None, error_text(error)


TOO_MANY = "درخواست‌های شما بیش از حد مجاز است. لطفاً یک دقیقه دیگر دوباره تلاش کنید."


def rate_limited(view):
    """The signed links answer without a login, and the brief is a PDF rendered on demand: a
    client asking too often is answered 429 in Persian, as on the public pages, before any
    signature is checked or anything is read."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if over_public_limit(request, "rsvp"):  # the public pages' limit, counted apart
            response = render(
                request,
                "invitations/rsvp.html",
                {"error": TOO_MANY},
                status=429,
            )
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapper


@rate_limited
def rsvp(request, token: str):
    """Public (no login): the invitation's meeting and the three answers."""
    invitation, error = _invitation_or_error(token)
    if invitation is None:
        return render(request, "invitations/rsvp.html", {"error": error}, status=404)
    form = RsvpForm(request.POST or None)
    done = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.rsvp_answer(token=token, **form.cleaned_data)
            except ValidationError as failure:
                add_service_error(form, failure)
            else:
                done = True
        if form.errors:
            status = 400
    refusal = None if done else services.answer_refusal(invitation)
    return render(
        request,
        "invitations/rsvp.html",
        {
            "invitation": invitation,
            "meeting": invitation.meeting,
            "agenda": invitation.meeting.agenda_items.order_by("order"),
            "form": form,
            "done": done,
            "refusal": error_text(refusal) if refusal else "",
            "token": token,
        },
        status=status,
    )


@rate_limited
def rsvp_calendar(request, token: str):
    """Public (the signed link): the representative's own calendar file."""
    invitation, error = _invitation_or_error(token)
    if invitation is None:
        return render(request, "invitations/rsvp.html", {"error": error}, status=404)
    return _ics_response(invitation.meeting, services.meeting_ics(invitation.meeting, invitation))


@rate_limited
def rsvp_brief(request, token: str):
    """Public (the signed link): the pre-meeting brief as the invited agency may read it (the
    committee's open resolutions assigned to it), for the meeting of the invitation."""
    invitation, error = _invitation_or_error(token)
    if invitation is None:
        return render(request, "invitations/rsvp.html", {"error": error}, status=404)
    reader = selectors.brief_reader(invitation)
    if reader is None:
        raise Http404
    meeting = invitation.meeting
    resolutions = list(open_resolutions_for_brief(user=reader, committee=meeting.committee))
    day = today()
    return pdf_response(
        "meetings/pdf/brief.html",
        {
            "committee": meeting.committee,
            "meeting": meeting,
            "resolutions": resolutions,
            "overdue": [r for r in resolutions if r.is_overdue_on(day)],
            "day": day,
        },
        f"brief-{meeting.jalali_year}-{meeting.number}-{invitation.agency_id}.pdf",
    )


@login_required
def series_list(request):
    deny_unless_secretariat(request.user)
    committees = committee_list_for_user(user=request.user)
    form = SeriesForm(request.POST or None, committees=committees)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "create" in request.POST:
                series = services.series_create(acting_user=request.user, **data)
                messages.success(
                    request,
                    f"{series} ثبت شد و {to_persian_digits(series.items.count())} جلسه "
                    "برنامه‌ریزی شد.",
                )
                return redirect("invitations:series_list")
            preview = services.series_dates(
                committee=data["committee"],
                first_date=data["first_date"],
                interval_weeks=data["interval_weeks"],
                until=data["until"],
                count=data["count"],
            )
        except ValidationError as error:
            add_service_error(form, error)
    return render(
        request,
        "invitations/series_list.html",
        {
            "form": form,
            "preview": preview,
            "series_list": selectors.series_list_for_user(user=request.user)[:50],
        },
        status=400 if form.errors else 200,
    )
