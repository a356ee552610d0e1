"""Who the meetings domain tells, on which channel, and never twice."""

import datetime as dt

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.meetings.notifications import notify_assignment_issued
from hamahang.meetings.tasks import send_assignment_notice
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.notices.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(committee, agency_a):
    meeting = make_meeting(committee, dt.date(2026, 11, 1))
    return make_resolutions(meeting, [agency_a], 1)[0].assignments.get()


def test_active_liaisons_and_the_agencys_address_are_told_once(assignment, agency_a, liaison_a):
    bank_liaison = UserFactory(agency=agency_a, role=Role.BANK_LIAISON, email="bank@example.ir")
    UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON, is_active=False)
    UserFactory(agency=agency_a, role=Role.VIEWER)
    notify_assignment_issued(assignment)
    notify_assignment_issued(assignment)  # a second write of the same notices writes nothing
    assert sorted(Notice.objects.values_list("address", flat=True)) == sorted(
        [liaison_a.email, bank_liaison.email, agency_a.email]
    )
    assert all(n.assignment_id == assignment.pk for n in Notice.objects.all())


def test_the_liaison_is_told_on_their_preferred_channel_with_answer_buttons(
    assignment, liaison_a, settings
):
    settings.HAMAHANG_NOTICE_CHANNELS = {
        "email": "hamahang.notices.channels.EmailChannel",
        "sms": "hamahang.notices.tests.fakes.FakeSms",
    }
    liaison_a.phone = "09121234567"
    liaison_a.save()
    notify_assignment_issued(assignment)
    notice = Notice.objects.get(user=liaison_a)
    assert (notice.channel, notice.address) == ("sms", "09121234567")
    assert len(notice.text) <= 134
    assert [b["callback"] for b in notice.payload["buttons"]] == [
        f"assignment:{assignment.pk}:view",
        f"assignment:{assignment.pk}:progress",
        f"assignment:{assignment.pk}:done",
    ]


def test_a_confidential_resolutions_text_is_not_in_the_letter(assignment):
    resolution = assignment.resolution
    resolution.is_confidential = True
    resolution.save()
    notify_assignment_issued(assignment)
    letter = Notice.objects.get(idempotency_key=f"issued:{assignment.pk}:agency").text
    assert resolution.text not in letter and "محرمانه" in letter


def test_a_notice_task_queued_before_the_outbox_writes_the_same_notices(assignment, liaison_a):
    notify_assignment_issued(assignment)
    assert send_assignment_notice.call(assignment.pk, "issued") == 2
    assert Notice.objects.count() == 2
    assert send_assignment_notice.call(assignment.pk, "returned") == 0


@pytest.mark.parametrize("liaisons", [1, 6])
def test_the_assignment_page_shows_its_notices_as_proof(
    assignment, agency_a, secretariat_user, client, liaisons, django_assert_max_num_queries
):
    people = [
        UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON, email=f"r{n}@example.ir")
        for n in range(liaisons)
    ]
    notify_assignment_issued(assignment)
    sent = Notice.objects.get(user=people[0])
    sent.status, sent.provider_message_id = "sent", "<123.456@hamahang>"
    sent.sent_at = sent.created_at
    sent.save()
    failed = Notice.objects.get(address=agency_a.email)
    failed.status, failed.last_error = "failed", "کارساز رایانامه نشانی را نپذیرفت"
    failed.save()
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(8):
        page = client.get(assignment.get_absolute_url()).content.decode()
    notices = page[page.index('id="notices"') :]
    assert notices.count("<li") == liaisons + 1
    assert f"رایانامه به {people[0]}" in notices and "r0***@example.ir" in notices
    assert "r0@example.ir" not in notices  # addresses are masked
    assert "ارسال‌شده" in notices and "شناسه پیام: <bdi" in notices
    assert "نشانی دستگاه" in notices and "ناموفق" in notices
    assert "کارساز رایانامه نشانی را نپذیرفت" in notices


def test_an_assignment_without_notices_says_so(assignment, secretariat_user, client):
    client.force_login(secretariat_user)
    page = client.get(assignment.get_absolute_url()).content.decode()
    assert "اطلاعیه‌ای برای این تکلیف ثبت نشده است." in page
