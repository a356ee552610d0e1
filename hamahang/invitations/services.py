"""Invitations, answers through a signed link, calendar files, and meeting series.

Every write path (the meetings page, the RSVP page, the API, the demo) comes through here.

The RSVP link: the invitation's id signed with the site's secret (django.core.signing), no
password. It expires when the meeting starts (so a rescheduled meeting moves its expiry too),
and it answers once: a link already used says so and changes nothing (a representative who
must change the answer asks the secretariat, which records attendance in any case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from hamahang.accounts.access import require_in_scope, require_secretariat
from hamahang.accounts.models import User
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.core.text import normalize_text
from hamahang.core.validation import refuse_control_chars, refuse_too_long
from hamahang.invitations.models import Invitation, MeetingSeries, SeriesMeeting
from hamahang.meetings import selectors as meeting_selectors
from hamahang.meetings import services as meeting_services
from hamahang.meetings.deadlines import calendar_for
from hamahang.meetings.models import Attendance, Meeting
from hamahang.meetings.notifications import agency_liaisons, notify_agency
from hamahang.meetings.services.meetings import MeetingChange
from hamahang.notices.models import Notice
from hamahang.notices.outbox import site_link, suppressed
from hamahang.organizations.models import Committee

TEHRAN = ZoneInfo("Asia/Tehran")
# How long a meeting is shown as lasting in calendars (its end is not recorded).
MEETING_LENGTH = dt.timedelta(hours=2)
_SALT = "hamahang.invitations.rsvp"
Answer = Invitation.Answer


def _fa(value) -> str:
    return to_persian_digits(value)


def _when(meeting: Meeting) -> str:
    text = format_jalali(meeting.date, "long")
    if meeting.start_time:
        text += f"، ساعت {_fa(meeting.start_time.strftime('%H:%M'))}"
    return text


# --- The signed link ---------------------------------------------------------------------------


def rsvp_token(invitation: Invitation) -> str:
    return signing.Signer(salt=_SALT).sign(str(invitation.pk))


def rsvp_path(invitation: Invitation) -> str:
    return reverse("invitations:rsvp", args=[rsvp_token(invitation)])


def meeting_starts_at(meeting: Meeting) -> dt.datetime:
    """When the meeting starts (Tehran time); the end of its day when no time is set."""
    at = meeting.start_time or dt.time(23, 59, 59)
    return dt.datetime.combine(meeting.date, at, tzinfo=TEHRAN)


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link names; a ValidationError (Persian) for a forged or damaged one."""
    try:
        pk = signing.Signer(salt=_SALT).unsign(token or "")
    except signing.BadSignature:
        raise ValidationError(
            "این پیوند دعوت معتبر نیست؛ نشانی را کامل و همان‌گونه که دریافت کرده‌اید باز کنید.",
            code="invalid_link",
        ) from None
    found = (
        Invitation.objects.select_related("meeting__committee", "agency")
        .filter(pk=int(pk) if pk.isdigit() else 0)
        .first()
    )
    if found is None:
        raise ValidationError("این دعوت‌نامه دیگر وجود ندارد.", code="invalid_link")
    return found


def answer_refusal(invitation: Invitation) -> ValidationError | None:
    """Why the link can no longer answer (cancelled, past or already used), or None."""
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.CANCELLED:
        return ValidationError("این جلسه لغو شده است؛ پاسخی لازم نیست.", code="cancelled")
    if meeting.status != Meeting.Status.PLANNED or clock.now() >= meeting_starts_at(meeting):
        return ValidationError(
            "مهلت این پیوند به پایان رسیده است: جلسه آغاز شده یا برگزار شده است.",
            code="expired",
        )
    if invitation.is_answered:
        return ValidationError(
            f"این پیوند قبلاً استفاده شده است؛ پاسخ «{invitation.get_answer_display()}» "
            "ثبت شده. برای تغییر آن با دبیرخانه تماس بگیرید.",
            code="used",
        )
    return None


def _clean(value: str, message: str, *, required: bool, limit: int) -> str:
    cleaned = normalize_text(value or "")
    if required and not cleaned:
        raise ValidationError(message, code="required")
    refuse_control_chars(cleaned)
    refuse_too_long(cleaned, limit)
    return cleaned


@transaction.atomic
def rsvp_answer(
    *,
    token: str,
    answer: str,
    substitute_name: str = "",
    substitute_post: str = "",
    reason: str = "",
) -> Invitation:
    """The representative's answer through the signed link: attend, a named substitute (name
    and post), or decline (with a reason). Once; refused after the meeting starts or when it
    was cancelled."""
    found = invitation_by_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    invitation.meeting = found.meeting
    refusal = answer_refusal(invitation)
    if refusal is not None:
        raise refusal
    if answer not in {Answer.ATTEND, Answer.SUBSTITUTE, Answer.DECLINE}:
        raise ValidationError("یکی از سه پاسخ را برگزینید.", code="invalid_answer")
    name = post = why = ""
    if answer == Answer.SUBSTITUTE:
        name = _clean(substitute_name, "نام جانشین را بنویسید.", required=True, limit=200)
        post = _clean(substitute_post, "سمت جانشین را بنویسید.", required=True, limit=200)
    elif answer == Answer.DECLINE:
        why = _clean(reason, "دلیل حضور نیافتن را بنویسید.", required=True, limit=2000)
    invitation.answer = answer
    invitation.substitute_name, invitation.substitute_post = name, post
    invitation.decline_reason = why
    invitation.answered_at = clock.now()
    invitation.save()
    return invitation


# --- Sending ----------------------------------------------------------------------------------


def _letter(invitation: Invitation, template: str, **extra) -> str:
    meeting = invitation.meeting
    return render_to_string(
        template,
        {
            "invitation": invitation,
            "meeting": meeting,
            "when": _when(meeting),
            "agenda": list(meeting.agenda_items.order_by("order").values_list("title", flat=True)),
            "rsvp_link": site_link(rsvp_path(invitation)),
            "ics_link": site_link(reverse("invitations:rsvp_ics", args=[rsvp_token(invitation)])),
            "brief_link": site_link(
                reverse("invitations:rsvp_brief", args=[rsvp_token(invitation)])
            ),
            **extra,
        },
    )


def _notify(invitation: Invitation, *, key: str, subject: str, text: str, letter: str):
    return notify_agency(
        agency=invitation.agency,
        kind=Notice.Kind.INVITATION,
        key=key,
        subject=subject,
        text=text,
        letter=letter,
    )


def _send_one(invitation: Invitation) -> None:
    meeting = invitation.meeting
    link = site_link(rsvp_path(invitation))
    place = f"، {meeting.place}" if meeting.place else ""
    _notify(
        invitation,
        key=f"invitation:{invitation.pk}",
        subject=f"دعوت به {meeting.ordinal_title}",
        text=f"دعوت به جلسه {meeting.committee}: {_when(meeting)}{place}. لطفاً پاسخ دهید: {link}",
        letter=_letter(invitation, "invitations/email/invitation.txt"),
    )


def _recipients(agency) -> str:
    names = [str(user.get_full_name() or user.username) for user in agency_liaisons(agency)]
    if agency.email:
        names.append(agency.email)
    return "، ".join(names)


@transaction.atomic
def invitations_send(*, meeting: Meeting, acting_user: User) -> list[Invitation]:
    """One invitation per member agency of the meeting's committee, sent through the outbox.
    Idempotent: agencies already invited are not invited again; an agency added to the
    committee since gets its own. The invitations created now are returned."""
    require_secretariat(acting_user)
    meeting = meeting_selectors.meeting_get_for_user(user=acting_user, pk=meeting.pk)
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            "دعوت‌نامه فقط برای جلسه برنامه‌ریزی‌شده فرستاده می‌شود.", code="not_planned"
        )
    if clock.now() >= meeting_starts_at(meeting):
        raise ValidationError(
            "زمان این جلسه گذشته است؛ دعوت‌نامه فرستاده نمی‌شود.", code="meeting_past"
        )
    invited = set(meeting.invitations.values_list("agency_id", flat=True))
    members = meeting.committee.members.filter(is_archived=False).exclude(pk__in=invited)
    created = []
    for agency in members.order_by("name"):
        invitation = Invitation.objects.create(
            meeting=meeting, agency=agency, sent_by=acting_user, sent_to=_recipients(agency)
        )
        invitation.meeting = meeting
        _send_one(invitation)
        created.append(invitation)
    return created


def meeting_changed(*, meeting: Meeting, change: str) -> None:
    """The meetings service's hook: a rescheduled or cancelled meeting is told to everyone
    invited, with the updated (or cancelled) calendar file's link."""
    if suppressed():
        return
    invitations = list(meeting.invitations.select_related("agency"))
    for invitation in invitations:
        invitation.meeting = meeting
        if change == MeetingChange.CANCELLED:
            subject = f"لغو {meeting.ordinal_title}"
            text = f"جلسه {meeting.committee} که برای {_when(meeting)} برنامه‌ریزی شده بود لغو شد."
            key = f"invitation:{invitation.pk}:cancelled"
        else:
            subject = f"تغییر زمان یا محل {meeting.ordinal_title}"
            place = f"، {meeting.place}" if meeting.place else ""
            text = (
                f"زمان یا محل جلسه {meeting.committee} تغییر کرد: {_when(meeting)}{place}. "
                f"{site_link(rsvp_path(invitation))}"
            )
            key = f"invitation:{invitation.pk}:v{meeting.version}"
        _notify(
            invitation,
            key=key,
            subject=subject,
            text=text,
            letter=_letter(invitation, "invitations/email/changed.txt", summary=text),
        )


# --- Attendance -------------------------------------------------------------------------------

_ATTENDANCE_OF = {
    Answer.ATTEND: Attendance.Status.PRESENT,
    Answer.SUBSTITUTE: Attendance.Status.SUBSTITUTE,
    Answer.DECLINE: Attendance.Status.EXCUSED,
}


def representative_label(invitation: Invitation) -> str:
    if invitation.answer != Answer.SUBSTITUTE:
        return ""
    return f"{invitation.substitute_name} ({invitation.substitute_post})"


def suggested_attendance(meeting: Meeting) -> dict[int, tuple[str, str]]:
    """The attendance form's suggestion from the answers (one query): attend → present, a
    substitute → «حضور جانشین» with the substitute's name and post, decline → excused."""
    return {
        invitation.agency_id: (_ATTENDANCE_OF[invitation.answer], representative_label(invitation))
        for invitation in Invitation.objects.filter(meeting_id=meeting.pk).exclude(
            answer=Answer.PENDING
        )
    }


# --- Calendar files ---------------------------------------------------------------------------

_PARTSTAT = {
    Answer.PENDING: "NEEDS-ACTION",
    Answer.ATTEND: "ACCEPTED",
    Answer.SUBSTITUTE: "DELEGATED",
    Answer.DECLINE: "DECLINED",
}


def meeting_ics(meeting: Meeting, invitation: Invitation | None = None) -> bytes:
    """The meeting as an iCalendar file: one event whose UID never changes and whose SEQUENCE
    is the meeting's version (it grows with every change, so calendars replace their copy);
    METHOD:CANCEL and STATUS:CANCELLED once it is cancelled. With an invitation, the file is
    that agency's, naming it as ATTENDEE with the PARTSTAT of its answer."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hamahang//Meeting invitations//FA")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST" if invitation else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@hamahang")
    event.add("sequence", meeting.version)
    event.add("dtstamp", clock.now())
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=TEHRAN)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("summary", meeting.ordinal_title)
    if meeting.place:
        event.add("location", meeting.place)
    agenda = [item.title for item in meeting.agenda_items.order_by("order")]
    if agenda:
        event.add("description", "دستور جلسه:\n" + "\n".join(f"- {t}" for t in agenda))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(settings.HAMAHANG_OFFICE_NAME)
    event.add("organizer", organizer)
    if invitation is not None:
        address = invitation.agency.email or f"agency-{invitation.agency_id}@invalid"
        attendee = icalendar.vCalAddress(f"mailto:{address}")
        attendee.params["cn"] = icalendar.vText(str(invitation.agency))
        attendee.params["partstat"] = icalendar.vText(_PARTSTAT[invitation.answer])
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


# --- Meeting series ---------------------------------------------------------------------------

MAX_SERIES_MEETINGS = 60
MAX_SERIES_SPAN = dt.timedelta(days=2 * 366)


@dataclass(frozen=True)
class SeriesDate:
    scheduled: dt.date  # by the rule
    date: dt.date | None  # the meeting's day: moved past a closed day; None when skipped
    note: str = ""  # why it moved or was skipped (Persian), "" when the day was open


def _check_series(
    *, first_date: dt.date, interval_weeks: int, until: dt.date | None, count: int | None
):
    if not isinstance(interval_weeks, int) or not 1 <= interval_weeks <= 12:
        raise ValidationError("فاصله جلسات باید از ۱ تا ۱۲ هفته باشد.", code="bad_interval")
    if first_date < today():
        raise ValidationError("تاریخ نخستین جلسه گذشته است.", code="first_date_past")
    if until is None and count is None:
        raise ValidationError(
            "پایان برنامه را با «تا تاریخ» یا «تعداد جلسات» مشخص کنید.", code="no_end"
        )
    if count is not None and not 1 <= count <= MAX_SERIES_MEETINGS:
        raise ValidationError(
            f"تعداد جلسات باید از ۱ تا {_fa(MAX_SERIES_MEETINGS)} باشد.", code="bad_count"
        )
    if until is not None and until < first_date:
        raise ValidationError("«تا تاریخ» پیش از نخستین جلسه است.", code="until_before_first")
    if until is not None and until - first_date > MAX_SERIES_SPAN:
        raise ValidationError("برنامه جلسات دوره‌ای حداکثر دو سال است.", code="too_long")


def series_dates(
    *,
    committee: Committee,
    first_date: dt.date,
    interval_weeks: int,
    until: dt.date | None = None,
    count: int | None = None,
) -> list[SeriesDate]:
    """The dates a schedule gives (validated, Persian errors): every `interval_weeks` weeks
    from `first_date` (the same weekday), until `until` or `count` dates."""
    _check_series(first_date=first_date, interval_weeks=interval_weeks, until=until, count=count)
    return _dates(committee, first_date, interval_weeks, until, count)


def _dates(
    committee: Committee,
    first_date: dt.date,
    interval_weeks: int,
    until: dt.date | None,
    count: int | None,
) -> list[SeriesDate]:
    """A date on a closed day of the committee's calendar (official holiday, weekend, office
    closure) moves to the next working day; if that reaches the next scheduled date, that
    meeting is skipped (two meetings do not pile up). One query (the calendar's closures)."""
    step = dt.timedelta(weeks=interval_weeks)
    last = until or first_date + step * (count - 1)
    calendar = calendar_for(committee, around=first_date)
    found = []
    scheduled = first_date
    while scheduled <= last and len(found) < (count or MAX_SERIES_MEETINGS):
        why = calendar.closed_because(scheduled)
        moved = calendar.next_working_day(scheduled)
        if not why:
            found.append(SeriesDate(scheduled, scheduled))
        elif moved >= scheduled + step:
            note = f"{format_jalali(scheduled)} تعطیل است ({why})؛ این جلسه برگزار نمی‌شود."
            found.append(SeriesDate(scheduled, None, note))
        else:
            note = (
                f"{format_jalali(scheduled)} تعطیل است ({why})؛ جلسه به "
                f"{format_jalali(moved)} منتقل شد."
            )
            found.append(SeriesDate(scheduled, moved, note))
        scheduled += step
    return found


@transaction.atomic
def series_create(
    *,
    committee: Committee,
    first_date: dt.date,
    interval_weeks: int,
    start_time: dt.time,
    acting_user: User,
    place: str = "",
    until: dt.date | None = None,
    count: int | None = None,
) -> MeetingSeries:
    """A committee's regular schedule, and its planned meetings (series_generate)."""
    require_secretariat(acting_user)
    require_in_scope(committee_list_for_user(user=acting_user), committee)
    if start_time is None:
        raise ValidationError("ساعت شروع جلسات را بنویسید.", code="required")
    _check_series(first_date=first_date, interval_weeks=interval_weeks, until=until, count=count)
    series = MeetingSeries.objects.create(
        committee=committee,
        first_date=first_date,
        interval_weeks=interval_weeks,
        start_time=start_time.replace(tzinfo=None),
        place=_clean(place, "", required=False, limit=200),
        until=until,
        count=count,
        created_by=acting_user,
    )
    series_generate(series=series, acting_user=acting_user)
    return series


@transaction.atomic
def series_generate(*, series: MeetingSeries, acting_user: User) -> list[Meeting]:
    """The planned meetings of the series' dates not yet generated, each created (and numbered)
    by the meetings service. Idempotent: a date already generated is left as it is (even if
    its meeting was since moved or cancelled); dates already past are not generated."""
    require_secretariat(acting_user)
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    done = set(series.items.values_list("scheduled_date", flat=True))
    day = today()
    created = []
    dates = _dates(
        series.committee, series.first_date, series.interval_weeks, series.until, series.count
    )
    for row in dates:
        if row.date is None or row.scheduled in done or row.date < day:
            continue
        meeting = meeting_services.meeting_create(
            committee=series.committee,
            date=row.date,
            start_time=series.start_time,
            place=series.place,
            notes=row.note,
            acting_user=acting_user,
        )
        SeriesMeeting.objects.create(series=series, scheduled_date=row.scheduled, meeting=meeting)
        created.append(meeting)
    return created
