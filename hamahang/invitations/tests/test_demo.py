"""The demo's planned meeting with invitations and answers, and its meeting series."""

import pytest

from hamahang.accounts.models import User
from hamahang.invitations.models import Invitation, MeetingSeries
from hamahang.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_planned_meeting_with_every_kind_of_answer(demo_db, client):
    (meeting,) = Meeting.objects.filter(invitations__isnull=False).distinct()
    assert meeting.status == Meeting.Status.PLANNED and meeting.jalali_year == 1405
    answers = list(meeting.invitations.values_list("answer", flat=True))
    for answer in ["attend", "substitute", "decline", "pending"]:
        assert answer in answers
    substitute = meeting.invitations.get(answer=Invitation.Answer.SUBSTITUTE)
    assert substitute.substitute_name == "مهندس حمید کریمی"

    client.force_login(User.objects.get(username="dabir"))
    page = client.get(f"/meetings/{meeting.pk}/invitations/").content.decode()
    assert "مأموریت از پیش تعیین‌شده در تهران" in page
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert 'value="مهندس حمید کریمی (معاون برنامه‌ریزی)"' in detail


def test_the_demo_has_a_series_of_planned_meetings(demo_db, client):
    series = MeetingSeries.objects.get()
    assert series.interval_weeks == 2 and series.items.count() >= 3
    assert all(item.meeting.status == Meeting.Status.PLANNED for item in series.items.all())
    client.force_login(User.objects.get(username="dabir"))
    assert "هر ۲ هفته" in client.get("/meeting-series/").content.decode()
