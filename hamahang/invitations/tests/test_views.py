"""The invitation screens, the RSVP page (no login) and the API, with their query budgets."""

import datetime as dt
import json

import icalendar
import pytest

from hamahang.accounts.tokens import api_token_create
from hamahang.core import clock
from hamahang.invitations import services
from hamahang.invitations.models import Invitation, MeetingSeries
from hamahang.invitations.tests.conftest import TEHRAN
from hamahang.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _rsvp_url(invitation):
    return services.rsvp_path(invitation)


def test_the_secretariat_sends_from_the_invitations_page(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.secretariat)
    page = client.get(f"/meetings/{world.meeting.pk}/invitations/")
    assert "ارسال دعوت‌نامه" in page.content.decode()
    response = client.post(f"/meetings/{world.meeting.pk}/invitations/send/", follow=True)
    assert "دعوت‌نامه برای ۴ دستگاه فرستاده شد" in response.content.decode()
    response = client.post(f"/meetings/{world.meeting.pk}/invitations/send/", follow=True)
    assert "پیش‌تر دعوت شده‌اند" in response.content.decode()
    assert Invitation.objects.count() == 4
    with django_assert_max_num_queries(12):
        page = client.get(f"/meetings/{world.meeting.pk}/invitations/")
    assert page.content.decode().count("بی‌پاسخ") == 4
    detail = client.get(world.meeting.get_absolute_url()).content.decode()
    assert f"/meetings/{world.meeting.pk}/calendar.ics" in detail
    assert 'id="send-invitations"' in detail


def test_the_page_budget_does_not_grow_with_invitations(
    client, world, django_assert_max_num_queries
):
    world.send()
    client.force_login(world.secretariat)
    with django_assert_max_num_queries(12) as small:
        client.get(f"/meetings/{world.meeting.pk}/invitations/")
    from hamahang.organizations.tests.factories import AgencyFactory

    world.committee.members.add(
        *[AgencyFactory(province=world.committee.province) for _ in range(6)]
    )
    world.send()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/meetings/{world.meeting.pk}/invitations/")


def test_a_liaison_may_not_send(client, world):
    client.force_login(world.liaisons[0])
    response = client.post(f"/meetings/{world.meeting.pk}/invitations/send/")
    assert response.status_code in (403, 404)
    assert not Invitation.objects.exists()


def test_the_rsvp_page_shows_the_meeting_and_takes_a_substitute(
    client, world, django_assert_max_num_queries
):
    invitation = world.send()[0]
    with django_assert_max_num_queries(6):
        page = client.get(_rsvp_url(invitation))
    text = page.content.decode()
    assert page.status_code == 200
    assert "۱۷ آذر ۱۴۰۵" in text and "۱۰:۰۰" in text and "سالن شهید رجایی" in text
    assert "بررسی تأمین گاز شهرک صنعتی" in text

    missing = client.post(_rsvp_url(invitation), {"answer": "substitute", "substitute_name": "علی"})
    assert missing.status_code == 400 and "سمت جانشین را بنویسید" in missing.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "pending"

    done = client.post(
        _rsvp_url(invitation),
        {"answer": "substitute", "substitute_name": "علی رضایی", "substitute_post": "معاون فنی"},
    )
    assert done.status_code == 200 and "جانشین می‌فرستد" in done.content.decode()
    again = client.get(_rsvp_url(invitation)).content.decode()
    assert "این پیوند قبلاً استفاده شده است" in again
    reused = client.post(_rsvp_url(invitation), {"answer": "decline", "reason": "نه"})
    assert reused.status_code == 400 and "قبلاً استفاده شده" in reused.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "substitute" and invitation.substitute_name == "علی رضایی"


def test_expired_cancelled_and_forged_links(client, world):
    invitation = world.send()[0]
    with clock.frozen(dt.datetime(2026, 12, 8, 10, 30, tzinfo=TEHRAN)):
        expired = client.post(_rsvp_url(invitation), {"answer": "attend"})
    assert expired.status_code == 400 and "مهلت این پیوند" in expired.content.decode()
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)
    assert "این جلسه لغو شده است" in client.get(_rsvp_url(invitation)).content.decode()
    forged = client.get("/r/1:not-a-signature/")
    assert forged.status_code == 404 and "این پیوند دعوت معتبر نیست" in forged.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_calendar_files(client, world):
    invitation = world.send()[0]
    personal = client.get(services.rsvp_path(invitation) + "calendar.ics")
    assert personal["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(personal.content).walk("VEVENT")[0]
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert client.get(f"/meetings/{world.meeting.pk}/calendar.ics").status_code == 302  # login
    client.force_login(world.secretariat)
    meeting_file = client.get(f"/meetings/{world.meeting.pk}/calendar.ics")
    assert b"BEGIN:VEVENT" in meeting_file.content and b"ATTENDEE" not in meeting_file.content


def test_the_attendance_form_is_prefilled_from_the_answers(client, world):
    substitute = world.send()[0]
    services.rsvp_answer(
        token=services.rsvp_token(substitute),
        answer="substitute",
        substitute_name="علی رضایی",
        substitute_post="معاون فنی",
    )
    client.force_login(world.secretariat)
    text = client.get(world.meeting.get_absolute_url()).content.decode()
    assert 'value="علی رضایی (معاون فنی)"' in text
    assert '<option value="substitute" selected>' in text


def test_the_series_screen_previews_then_creates(client, world):
    client.force_login(world.secretariat)
    form = {
        "committee": world.committee.pk,
        "first_date": "۱۴۰۵/۱۲/۲۵",
        "interval_weeks": "۱",
        "start_time": "۱۰:۰۰",
        "place": "سالن جلسات",
        "count": "۳",
    }
    preview = client.post("/meeting-series/", {**form, "preview": "1"}).content.decode()
    assert "منتقل شد" in preview and "ثبت و برنامه‌ریزی جلسات" in preview
    assert not MeetingSeries.objects.exists()
    client.post("/meeting-series/", {**form, "create": "1"})
    assert MeetingSeries.objects.get().items.count() == 3
    bad = client.post("/meeting-series/", {**form, "first_date": "۱۴۰۵/۱۳/۴۰", "preview": "1"})
    assert bad.status_code == 400 and MeetingSeries.objects.count() == 1


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def test_the_api(client, world):
    sent = client.post(
        f"/api/v1/meetings/{world.meeting.pk}/invitations", **_auth(world.secretariat)
    )
    assert sent.status_code == 200 and len(sent.json()) == 4
    invitation = Invitation.objects.get(pk=sent.json()[0]["id"])
    token = services.rsvp_token(invitation)
    bad = client.post(
        f"/api/v1/rsvp/{token}", json.dumps({"answer": "decline"}), content_type="application/json"
    )
    assert bad.status_code == 422 and "دلیل" in bad.json()["message"]
    ok = client.post(
        f"/api/v1/rsvp/{token}",
        json.dumps({"answer": "decline", "reason": "مأموریت"}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["answer"] == "decline"
    listed = client.get(
        f"/api/v1/meetings/{world.meeting.pk}/invitations", **_auth(world.secretariat)
    ).json()
    assert [row["answer"] for row in listed].count("decline") == 1
    # Liaisons see no meetings (meetings.selectors), so no meeting's invitations either.
    hidden = client.get(
        f"/api/v1/meetings/{world.meeting.pk}/invitations", **_auth(world.liaisons[0])
    )
    assert hidden.status_code == 404
    series = client.post(
        "/api/v1/meeting-series",
        json.dumps(
            {
                "committee_id": world.committee.pk,
                "first_date": "2027-03-16",
                "interval_weeks": 1,
                "start_time": "10:00",
                "count": 2,
            }
        ),
        content_type="application/json",
        **_auth(world.secretariat),
    )
    assert series.status_code == 200, series.content
    assert [m["date"] for m in series.json()["meetings"]] == ["2027-03-16", "2027-03-25"]


def test_the_brief_behind_the_link_reads_as_the_invited_agency(client, world):
    from hamahang.invitations import selectors
    from hamahang.meetings.selectors import open_resolutions_for_brief
    from hamahang.meetings.tests.factories import make_meeting, make_resolutions

    held = make_meeting(world.committee, dt.date(2026, 11, 20))
    mine = make_resolutions(held, [world.agencies[0]], 1)
    make_resolutions(held, [world.agencies[1]], 2)
    world.send()
    invitation = Invitation.objects.get(agency=world.agencies[0])
    reader = selectors.brief_reader(invitation)
    assert reader == world.liaisons[0]
    shown = open_resolutions_for_brief(user=reader, committee=world.committee)
    assert list(shown) == mine
    response = client.get(services.rsvp_path(invitation) + "brief.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get("/r/1:forged/brief.pdf").status_code == 404


def test_a_client_asking_the_signed_links_too_often_gets_a_persian_429(
    client, world, real_cache, settings
):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    invitation = world.send()[0]
    url = _rsvp_url(invitation)
    answers = [client.get(url).status_code for _ in range(3)]
    answers.append(client.get(url + "calendar.ics").status_code)  # the same limit on every link
    assert answers == [200, 200, 200, 429]
    refused = client.post(url, {"answer": "attend"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "درخواست‌های شما بیش از حد مجاز است" in refused.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "pending"  # nothing was written
    # Another client is not held up by this one.
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
