"""The state rule: a resolution is issued, reported on and verified only on a meeting that was
held (held, or its minutes approved). A planned or cancelled meeting refuses, in Persian, and
nothing changes; the screens do not offer what would be refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hamahang.meetings import services
from hamahang.meetings.models import Assignment, FollowUp, Meeting, Resolution, ResolutionEvent
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2020, 9, 15)
DEADLINE = HELD_ON + dt.timedelta(days=30)


def snapshot():
    return (
        Resolution.objects.count(),
        Assignment.objects.count(),
        FollowUp.objects.count(),
        ResolutionEvent.objects.count(),
        list(Assignment.objects.order_by("pk").values_list("status", "progress")),
    )


def create(meeting, agency, user) -> Resolution:
    return services.resolution_create(
        meeting=meeting,
        text="متن",
        assignments=[services.AssignmentSpec(agency, DEADLINE)],
        acting_user=user,
    )


def resolution_post(agency) -> dict:
    return {
        "text": "شرکت کاشی سینا به بانک ملی معرفی شود.",
        "type": "directive",
        "assign-TOTAL_FORMS": "1",
        "assign-INITIAL_FORMS": "0",
        "assign-0-agency": agency.pk,
        "assign-0-role": "lead",
        "assign-0-deadline": "۱۳۹۹/۰۷/۳۰",
    }


@pytest.fixture
def planned(committee):
    return make_meeting(committee, HELD_ON, status=Meeting.Status.PLANNED)


@pytest.fixture
def unheld_assignment(planned, agency_a):
    """An assignment on a planned meeting, as data written before the rule could hold it."""
    make_resolutions(planned, [agency_a], 1, deadline=DEADLINE)
    return Assignment.objects.get()


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        (Meeting.Status.PLANNED, "meeting_not_held", "هنوز برگزار نشده است"),
        (Meeting.Status.CANCELLED, "meeting_cancelled", "لغو شده است"),
    ],
)
def test_no_resolution_on_a_meeting_not_held(
    committee, secretariat_user, agency_a, status, code, words
):
    meeting = make_meeting(committee, HELD_ON, status=status)
    with pytest.raises(ValidationError) as refused:
        create(meeting, agency_a, secretariat_user)
    assert refused.value.code == code
    assert words in refused.value.messages[0] and "ثبت مصوبه" in refused.value.messages[0]
    assert Resolution.objects.count() == 0 and Assignment.objects.count() == 0


def test_a_held_meeting_takes_resolutions_and_approved_minutes_stay_locked(
    committee, secretariat_user, agency_a
):
    meeting = make_meeting(committee, HELD_ON, status=Meeting.Status.HELD)
    resolution = create(meeting, agency_a, secretariat_user)
    assert resolution.assignments.count() == 1
    approved = make_meeting(committee, HELD_ON, status=Meeting.Status.APPROVED)
    with pytest.raises(ValidationError) as refused:
        services.resolution_create(meeting=approved, text="متن", acting_user=secretariat_user)
    assert refused.value.code == "meeting_locked"


def test_nothing_is_issued_reported_or_verified_on_an_unheld_meeting(
    unheld_assignment, secretariat_user, liaison_a, agency_b
):
    resolution = unheld_assignment.resolution
    before = snapshot()
    attempts = {
        "ابلاغ مصوبه به دستگاه": lambda: services.resolution_assign(
            resolution=resolution, agency=agency_b, deadline=DEADLINE, acting_user=secretariat_user
        ),
        "ثبت گزارش پیگیری": lambda: services.assignment_report(
            assignment=unheld_assignment,
            text="انجام شد",
            progress=100,
            is_final=True,
            acting_user=liaison_a,
        ),
        "«اعلام انجام»": lambda: services.assignment_set_status(
            assignment=unheld_assignment,
            status=Assignment.Status.REPORTED_DONE,
            version=unheld_assignment.version,
            acting_user=secretariat_user,
        ),
        "«در دست اجرا»": lambda: services.assignments_bulk_set_status(
            assignments=[unheld_assignment],
            status=Assignment.Status.IN_PROGRESS,
            reason="",
            acting_user=secretariat_user,
        ),
    }
    for action, attempt in attempts.items():
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "meeting_not_held", action
        assert (
            action in refused.value.messages[0]
            and "هنوز برگزار نشده" in (refused.value.messages[0])
        )
    assert snapshot() == before
    # What was issued by mistake can still be closed.
    services.assignment_set_status(
        assignment=unheld_assignment,
        status=Assignment.Status.CANCELLED,
        version=unheld_assignment.version,
        reason="جلسه برگزار نشد",
        acting_user=secretariat_user,
    )
    assert Assignment.objects.get().status == Assignment.Status.CANCELLED


def test_a_waiting_report_is_not_accepted_while_the_meeting_is_not_held(
    committee, secretariat_user, liaison_a, agency_a
):
    meeting = make_meeting(committee, HELD_ON, status=Meeting.Status.HELD)
    resolution = create(meeting, agency_a, secretariat_user)
    followup = services.assignment_report(
        assignment=resolution.assignments.get(),
        text="انجام شد",
        progress=100,
        is_final=True,
        acting_user=liaison_a,
    )
    # Data from before the rule: the meeting's status says it was never held.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.followup_accept(followup=followup, acting_user=secretariat_user)
    assert refused.value.code == "meeting_not_held"
    assert "پذیرش گزارش و تأیید اجرا" in refused.value.messages[0]
    assert snapshot() == before
    assert FollowUp.objects.get().status == FollowUp.Status.SUBMITTED
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    services.followup_accept(followup=followup, acting_user=secretariat_user)
    assert Assignment.objects.get().status == Assignment.Status.VERIFIED_DONE


def test_the_screens_refuse_and_do_not_offer_a_resolution_on_a_planned_meeting(
    secretariat_client, planned, agency_a
):
    detail = secretariat_client.get(planned.get_absolute_url()).content.decode()
    create_url = reverse("meetings:resolution_create", args=[planned.pk])
    assert create_url not in detail
    assert "مصوبات پس از «ثبت برگزاری جلسه» ثبت می‌شوند." in detail
    shown = secretariat_client.get(create_url, follow=True)
    assert shown.redirect_chain[-1][0] == planned.get_absolute_url()
    assert "هنوز برگزار نشده است" in shown.content.decode()
    posted = secretariat_client.post(create_url, resolution_post(agency_a))
    assert posted.status_code == 200
    assert "هنوز برگزار نشده است" in posted.content.decode()
    assert Resolution.objects.count() == 0 and Assignment.objects.count() == 0

    Meeting.objects.filter(pk=planned.pk).update(status=Meeting.Status.HELD)
    detail = secretariat_client.get(planned.get_absolute_url()).content.decode()
    assert create_url in detail and "پس از «ثبت برگزاری جلسه»" not in detail
    posted = secretariat_client.post(create_url, resolution_post(agency_a))
    assert posted.status_code == 302
    assert Resolution.objects.count() == 1 and Assignment.objects.count() == 1


def test_the_screens_refuse_a_report_on_an_unheld_meeting(
    secretariat_client, unheld_assignment, liaison_a
):
    client = Client()
    client.force_login(liaison_a)
    page = client.get(unheld_assignment.get_absolute_url()).content.decode()
    report_url = reverse("meetings:assignment_report", args=[unheld_assignment.pk])
    assert report_url not in page and 'id="meeting-not-held"' in page
    before = snapshot()
    posted = client.post(report_url, {"text": "انجام شد", "progress": "۱۰۰", "is_final": "on"})
    assert posted.status_code == 422
    assert "هنوز برگزار نشده است" in posted.content.decode()
    assert snapshot() == before

    page = secretariat_client.get(unheld_assignment.get_absolute_url()).content.decode()
    assert 'value="verified_done"' not in page and 'value="in_progress"' not in page
    assert 'value="cancelled"' in page

    Meeting.objects.filter(pk=unheld_assignment.resolution.meeting_id).update(
        status=Meeting.Status.HELD
    )
    posted = client.post(report_url, {"text": "انجام شد", "progress": "۱۰۰", "is_final": "on"})
    assert posted.status_code == 302
    assert Assignment.objects.get().status == Assignment.Status.REPORTED_DONE
