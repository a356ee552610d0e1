import datetime as dt
from contextlib import contextmanager

import icalendar
import pytest
from django.core.exceptions import ValidationError

from hamahang.core import clock
from hamahang.invitations import services
from hamahang.invitations.models import Invitation
from hamahang.invitations.tests.conftest import TEHRAN
from hamahang.meetings import services as meeting_services
from hamahang.meetings.models import Attendance, Meeting
from hamahang.notices.models import Notice
from hamahang.organizations.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@contextmanager
def refused(message: str):
    """A ValidationError whose Persian message contains `message`."""
    with pytest.raises(ValidationError) as caught:
        yield
    assert message in " ".join(caught.value.messages), caught.value.messages


def _token(invitation):
    return services.rsvp_token(invitation)


def test_sending_invites_each_member_agency_once_through_the_outbox(world):
    sent = world.send()
    assert {i.agency for i in sent} == set(world.agencies)
    notices = Notice.objects.filter(kind=Notice.Kind.INVITATION)
    # One to each liaison and one to each agency's own e-mail.
    assert notices.count() == 8
    letter = notices.get(address="agency0@example.ir").text
    assert "بررسی تأمین گاز شهرک صنعتی" in letter  # the agenda
    assert "/r/" in letter and "brief.pdf" in letter and "calendar.ics" in letter
    assert "۱۷ آذر ۱۴۰۵" in letter

    # Twice: nothing new.
    assert world.send() == []
    assert Invitation.objects.count() == 4
    assert notices.count() == 8

    # An agency that joins the committee later gets its own.
    newcomer = AgencyFactory(province=world.committee.province, name="شرکت برق")
    world.committee.members.add(newcomer)
    assert [i.agency for i in world.send()] == [newcomer]
    assert Invitation.objects.count() == 5


def test_only_a_planned_meeting_not_yet_started_is_invited(world):
    world.meeting.status = Meeting.Status.CANCELLED
    world.meeting.save()
    with refused("برنامه‌ریزی‌شده"):
        world.send()
    world.meeting.status = Meeting.Status.PLANNED
    world.meeting.date = dt.date(2026, 11, 30)
    world.meeting.start_time = dt.time(9, 0)
    world.meeting.save()
    with refused("گذشته"):
        world.send()
    assert not Invitation.objects.exists()


def test_a_liaison_cannot_send_invitations(world):
    with refused("دبیرخانه"):
        services.invitations_send(meeting=world.meeting, acting_user=world.liaisons[0])
    assert not Invitation.objects.exists()


def test_answers_and_the_attendance_they_suggest(world):
    attend, substitute, decline, silent = world.send()
    services.rsvp_answer(token=_token(attend), answer="attend")
    services.rsvp_answer(
        token=_token(substitute),
        answer="substitute",
        substitute_name="علی رضایی",
        substitute_post="معاون فنی",
    )
    services.rsvp_answer(token=_token(decline), answer="decline", reason="مأموریت خارج از استان")
    suggested = services.suggested_attendance(world.meeting)
    assert suggested == {
        attend.agency_id: (Attendance.Status.PRESENT, ""),
        substitute.agency_id: (Attendance.Status.SUBSTITUTE, "علی رضایی (معاون فنی)"),
        decline.agency_id: (Attendance.Status.EXCUSED, ""),
    }
    assert silent.agency_id not in suggested


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"answer": "substitute", "substitute_name": "علی رضایی"}, "سمت جانشین"),
        ({"answer": "substitute", "substitute_post": "معاون"}, "نام جانشین"),
        ({"answer": "decline"}, "دلیل"),
        ({"answer": "maybe"}, "یکی از سه پاسخ"),
        ({"answer": "decline", "reason": "x\x00y"}, ""),
    ],
)
def test_bad_answers_are_refused_in_persian_and_change_nothing(world, fields, message):
    invitation = world.send()[0]
    with refused(message):
        services.rsvp_answer(token=_token(invitation), **fields)
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.PENDING and invitation.answered_at is None


def test_a_used_link_says_so_and_changes_nothing(world):
    invitation = world.send()[0]
    services.rsvp_answer(token=_token(invitation), answer="attend")
    with refused("قبلاً استفاده شده"):
        services.rsvp_answer(token=_token(invitation), answer="decline", reason="نمی‌آیم")
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ATTEND


def test_a_forged_link_is_refused(world):
    invitation = world.send()[0]
    token = _token(invitation)
    other = Invitation.objects.exclude(pk=invitation.pk).first()
    forged = f"{other.pk}:{token.split(':', 1)[1]}"
    for bad in [forged, "garbage", "", token + "x"]:
        with refused("معتبر نیست"):
            services.rsvp_answer(token=bad, answer="attend")
    assert not Invitation.objects.exclude(answer="pending").exists()


def test_the_link_expires_when_the_meeting_starts(world):
    invitation = world.send()[0]
    start = dt.datetime(2026, 12, 8, 10, 0, tzinfo=TEHRAN)
    with clock.frozen(start), refused("مهلت این پیوند"):
        services.rsvp_answer(token=_token(invitation), answer="attend")
    with clock.frozen(start - dt.timedelta(minutes=1)):
        services.rsvp_answer(token=_token(invitation), answer="attend")


def test_a_cancelled_meeting_refuses_answers(world):
    invitation = world.send()[0]
    meeting_services.meeting_transition(
        meeting=world.meeting, to_status="cancelled", acting_user=world.secretariat
    )
    with refused("لغو شده"):
        services.rsvp_answer(token=_token(invitation), answer="attend")


def _event(content: bytes):
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_calendar_file_of_the_meeting(world):
    calendar, event = _event(services.meeting_ics(world.meeting))
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["SUMMARY"]) == world.meeting.ordinal_title
    assert str(event["LOCATION"]) == "سالن شهید رجایی استانداری"
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2026, 12, 8, 10, 0, tzinfo=TEHRAN)
    assert event["DTSTART"].params["TZID"] == "Asia/Tehran"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Tehran"
    assert event["UID"] == f"meeting-{world.meeting.pk}@hamahang"
    assert event["STATUS"] == "CONFIRMED"


def test_a_persons_calendar_file_names_their_answer(world):
    invitation = world.send()[1]
    services.rsvp_answer(
        token=_token(invitation), answer="substitute", substitute_name="ب", substitute_post="پ"
    )
    invitation.refresh_from_db()
    calendar, event = _event(services.meeting_ics(world.meeting, invitation))
    assert calendar["METHOD"] == "REQUEST"
    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{invitation.agency.email}"
    assert attendee.params["PARTSTAT"] == "DELEGATED"


def test_rescheduling_raises_the_sequence_and_tells_the_invited(world):
    world.send()
    _calendar, before = _event(services.meeting_ics(world.meeting))
    meeting_services.meeting_update(
        meeting=world.meeting,
        version=world.meeting.version,
        acting_user=world.secretariat,
        date=dt.date(2026, 12, 9),
        start_time=dt.time(11, 0),
        place=world.meeting.place,
        chair="",
    )
    world.meeting.refresh_from_db()
    _calendar, after = _event(services.meeting_ics(world.meeting))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == dt.datetime(2026, 12, 9, 11, 0, tzinfo=TEHRAN)
    changed = Notice.objects.filter(subject__startswith="تغییر زمان یا محل")
    assert changed.count() == 8
    assert "۱۸ آذر ۱۴۰۵" in changed.first().text


def test_an_edit_that_does_not_move_the_meeting_tells_nobody(world):
    world.send()
    meeting_services.meeting_update(
        meeting=world.meeting,
        version=world.meeting.version,
        acting_user=world.secretariat,
        date=world.meeting.date,
        start_time=world.meeting.start_time,
        place=world.meeting.place,
        chair="استاندار",
    )
    assert not Notice.objects.filter(subject__startswith="تغییر").exists()


def test_cancelling_cancels_the_calendar_event_and_tells_the_invited(world):
    invitation = world.send()[0]
    meeting_services.meeting_transition(
        meeting=world.meeting, to_status="cancelled", acting_user=world.secretariat
    )
    world.meeting.refresh_from_db()
    calendar, event = _event(services.meeting_ics(world.meeting, invitation))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == world.meeting.version
    assert Notice.objects.filter(subject__startswith="لغو").count() == 8
