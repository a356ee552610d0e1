import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.core.errors import current_version
from hamahang.core.jalali import format_jalali
from hamahang.core.text import display_code
from hamahang.meetings import services
from hamahang.meetings.models import (
    AgendaItem,
    Assignment,
    DeadlineExtension,
    FollowUp,
    Meeting,
    Resolution,
    ResolutionEvent,
)
from hamahang.notices.models import Notice
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2020, 9, 15)  # 1399/06/25


@pytest.fixture
def meeting(committee, secretariat_user):
    meeting = services.meeting_create(
        committee=committee, date=HELD_ON, acting_user=secretariat_user
    )
    return services.meeting_transition(
        meeting=meeting, to_status="held", acting_user=secretariat_user
    )


@pytest.fixture
def resolution(meeting, secretariat_user, agency_a, agency_b):
    return services.resolution_create(
        meeting=meeting,
        text="سازمان صمت گزارش واحدهای راکد را ارائه کند.",
        assignments=[
            services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=30)),
            services.AssignmentSpec(
                agency_b, HELD_ON + dt.timedelta(days=45), Assignment.Role.COLLABORATOR
            ),
        ],
        acting_user=secretariat_user,
    )


def test_meetings_are_numbered_per_committee_per_jalali_year(committee, secretariat_user):
    first = services.meeting_create(committee=committee, date=HELD_ON, acting_user=secretariat_user)
    second = services.meeting_create(
        committee=committee, date=HELD_ON + dt.timedelta(days=7), acting_user=secretariat_user
    )
    next_year = services.meeting_create(
        committee=committee, date=dt.date(2021, 3, 21), acting_user=secretariat_user
    )
    assert (first.number, second.number, next_year.number) == (1, 2, 1)
    assert (first.jalali_year, next_year.jalali_year) == (1399, 1400)


def test_a_duplicate_meeting_number_is_refused_in_persian(committee, secretariat_user):
    services.meeting_create(
        committee=committee, date=HELD_ON, number=24, acting_user=secretariat_user
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            committee=committee, date=HELD_ON, number=24, acting_user=secretariat_user
        )
    assert "جلسه شماره ۲۴ سال ۱۳۹۹ این ستاد پیش‌تر ثبت شده است." in refused.value.messages
    assert Meeting.objects.count() == 1


def test_resolutions_get_stable_codes_and_one_assignment_per_agency(resolution, meeting):
    assert resolution.code == f"1399-{meeting.number:02d}-01"
    assert resolution.assignments.count() == 2
    assert resolution.status == Resolution.Status.ISSUED
    assert resolution.next_deadline == HELD_ON + dt.timedelta(days=30)
    kinds = list(resolution.events.values_list("kind", flat=True))
    assert kinds == ["created", "assigned", "assigned"]


def _issue(meeting, agency, acting_user):
    return services.resolution_create(
        meeting=meeting,
        text="متن",
        assignments=[services.AssignmentSpec(agency, HELD_ON + dt.timedelta(days=9))],
        acting_user=acting_user,
    )


def test_issuing_an_assignment_tells_the_liaisons_and_the_agency(
    meeting, secretariat_user, agency_a, liaison_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resolution = _issue(meeting, agency_a, secretariat_user)
    assignment = resolution.assignments.get()
    code = display_code(resolution.code)
    to_liaison = next(m for m in mail.outbox if m.to == [liaison_a.email])
    to_agency = next(m for m in mail.outbox if m.to == [agency_a.email])
    assert to_liaison.subject == to_agency.subject == f"ابلاغ مصوبه {code} به {agency_a}"
    link = f"http://127.0.0.1:8000/assignments/{assignment.pk}/"
    deadline = format_jalali(assignment.deadline)
    assert to_liaison.body == f"مصوبه {code} برای اقدام به شما ابلاغ شد؛ مهلت {deadline}. {link}"
    assert f"مهلت اجرا: {deadline}" in to_agency.body and link in to_agency.body
    notices = Notice.objects.filter(assignment=assignment)
    assert sorted(notices.values_list("idempotency_key", "status")) == [
        (f"issued:{assignment.pk}:agency", "sent"),
        (f"issued:{assignment.pk}:user:{liaison_a.pk}", "sent"),
    ]


def test_a_failing_provider_does_not_undo_the_issue_and_the_notice_waits(
    meeting, secretariat_user, agency_a, liaison_a, django_capture_on_commit_callbacks, monkeypatch
):
    def down(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    with django_capture_on_commit_callbacks(execute=True):
        resolution = _issue(meeting, agency_a, secretariat_user)
    assignment = resolution.assignments.get()
    assert assignment.status == Assignment.Status.ISSUED
    notices = Notice.objects.filter(assignment=assignment)
    assert notices.count() == 2
    for notice in notices:
        assert (notice.status, notice.attempts) == ("pending", 1)
        assert "کارساز رایانامه در دسترس نبود" in notice.last_error


@pytest.mark.parametrize(
    ("text", "deadline_offset", "message"),
    [
        ("", 10, "متن مصوبه را بنویسید."),
        ("متن", -1, "پیش از تاریخ جلسه"),
    ],
)
def test_bad_resolutions_are_refused_and_nothing_is_saved(
    meeting, secretariat_user, agency_a, text, deadline_offset, message
):
    with pytest.raises(ValidationError) as refused:
        services.resolution_create(
            meeting=meeting,
            text=text,
            assignments=[
                services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=deadline_offset))
            ],
            acting_user=secretariat_user,
        )
    assert message in " ".join(refused.value.messages)
    assert Resolution.objects.count() == 0 and Assignment.objects.count() == 0


def test_the_agency_reports_done_and_the_secretariat_verifies(
    resolution, liaison_a, secretariat_user
):
    assignment = resolution.assignments.get(agency=liaison_a.agency)
    followup = services.assignment_report(
        assignment=assignment, text="انجام شد", progress=100, is_final=True, acting_user=liaison_a
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.REPORTED_DONE
    services.followup_accept(followup=followup, acting_user=secretariat_user)
    assignment.refresh_from_db()
    resolution.refresh_from_db()
    assert assignment.status == Assignment.Status.VERIFIED_DONE
    assert assignment.closed_on is not None
    # The collaborator is still open, so the resolution is in progress at 50%.
    assert resolution.status == Resolution.Status.IN_PROGRESS
    assert resolution.progress == 50


def test_a_returned_report_reopens_the_assignment_and_emails_the_agency(
    resolution, liaison_a, secretariat_user, django_capture_on_commit_callbacks
):
    assignment = resolution.assignments.get(agency=liaison_a.agency)
    followup = services.assignment_report(
        assignment=assignment, text="انجام شد", progress=90, is_final=True, acting_user=liaison_a
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_return(
            followup=followup, reason="مستندات پیوست نشده", acting_user=secretariat_user
        )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS
    assert FollowUp.objects.get().return_reason == "مستندات پیوست نشده"
    returned = [m for m in mail.outbox if m.subject.startswith("بازگشت")]
    assert [m.subject for m in returned] == [
        f"بازگشت گزارش پیگیری مصوبه {display_code('1399-01-01')}"
    ] * 2
    to_agency = next(m for m in returned if m.to == [liaison_a.agency.email])
    to_liaison = next(m for m in returned if m.to == [liaison_a.email])
    assert "مستندات پیوست نشده" in to_agency.body
    assert f"/assignments/{assignment.pk}/" in to_liaison.body
    with pytest.raises(ValidationError) as twice:
        services.followup_accept(followup=followup, acting_user=secretariat_user)
    assert "این گزارش پیش‌تر بررسی شده است." in twice.value.messages


def test_a_liaison_cannot_report_on_another_agencys_assignment(resolution, liaison_b, agency_a):
    assignment = resolution.assignments.get(agency=agency_a)
    with pytest.raises(ValidationError) as refused:
        services.assignment_report(
            assignment=assignment, text="x", progress=10, acting_user=liaison_b
        )
    # Another agency's assignment is outside the liaison's scope: the screens' 404 words.
    assert refused.value.code == "not_found"
    assert refused.value.messages == ["موردی با این شناسه یافت نشد یا در دسترس شما نیست."]
    assert FollowUp.objects.count() == 0


@pytest.mark.parametrize("progress", [-1, 101, "abc"])
def test_impossible_progress_is_refused(resolution, liaison_a, progress):
    assignment = resolution.assignments.get(agency=liaison_a.agency)
    with pytest.raises(ValidationError) as refused:
        services.assignment_report(
            assignment=assignment, text="گزارش", progress=progress, acting_user=liaison_a
        )
    assert "درصد پیشرفت باید عددی از ۰ تا ۱۰۰ باشد." in refused.value.messages
    assert FollowUp.objects.count() == 0


def test_deadline_extensions_keep_their_history(resolution, secretariat_user, agency_a):
    assignment = resolution.assignments.get(agency=agency_a)
    first, second = HELD_ON + dt.timedelta(days=60), HELD_ON + dt.timedelta(days=90)
    services.assignment_extend_deadline(
        assignment=assignment,
        new_deadline=first,
        reason="درخواست دستگاه",
        version=current_version(assignment),
        acting_user=secretariat_user,
    )
    services.assignment_extend_deadline(
        assignment=assignment,
        new_deadline=second,
        reason="تمدید دوم",
        version=current_version(assignment),
        acting_user=secretariat_user,
    )
    history = list(DeadlineExtension.objects.values_list("original_deadline", "new_deadline"))
    assert history == [(HELD_ON + dt.timedelta(days=30), first), (first, second)]
    with pytest.raises(ValidationError) as earlier:
        services.assignment_extend_deadline(
            assignment=assignment,
            new_deadline=first,
            reason="کوتاه‌تر",
            version=current_version(assignment),
            acting_user=secretariat_user,
        )
    assert earlier.value.code == "deadline_not_later"


def test_a_stale_version_is_refused_instead_of_overwriting(resolution, secretariat_user):
    seen = resolution.version
    services.resolution_update(
        resolution=resolution,
        version=seen,
        text="متن تازه",
        type="directive",
        is_confidential=False,
        acting_user=secretariat_user,
    )
    with pytest.raises(ValidationError) as stale:
        services.resolution_update(
            resolution=resolution,
            version=seen,
            text="متن دیگر",
            type="directive",
            is_confidential=False,
            acting_user=secretariat_user,
        )
    assert stale.value.code == "stale_version"
    assert "کاربر دیگری تغییر کرده است" in stale.value.messages[0]
    resolution.refresh_from_db()
    assert resolution.text == "متن تازه"


def test_approved_minutes_lock_the_meeting(meeting, resolution, secretariat_user, manager_user):
    services.meeting_transition(meeting=meeting, to_status="approved", acting_user=manager_user)
    with pytest.raises(ValidationError) as locked:
        services.resolution_create(meeting=meeting, text="تازه", acting_user=secretariat_user)
    assert locked.value.code == "meeting_locked"
    with pytest.raises(ValidationError):
        services.resolution_update(
            resolution=resolution,
            version=resolution.version,
            text="x",
            type="directive",
            is_confidential=False,
            acting_user=secretariat_user,
        )
    assert resolution.events.filter(kind="minutes_approved").count() == 1


def test_only_allowed_meeting_transitions_happen(committee, secretariat_user):
    future = services.meeting_create(
        committee=committee, date=dt.date(2099, 1, 1), acting_user=secretariat_user
    )
    with pytest.raises(ValidationError) as early:
        services.meeting_transition(meeting=future, to_status="held", acting_user=secretariat_user)
    assert early.value.code == "meeting_in_future"
    with pytest.raises(ValidationError) as jump:
        services.meeting_transition(
            meeting=future, to_status="approved", acting_user=secretariat_user
        )
    assert jump.value.code == "invalid_transition"


def test_a_liaison_cannot_record_meetings(committee, liaison_a):
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(committee=committee, date=HELD_ON, acting_user=liaison_a)
    assert refused.value.code == "not_allowed"


def test_another_provinces_committee_is_out_of_reach(secretariat_user):
    tehran = ProvinceFactory(name="تهران", code="tehran")
    foreign = CommitteeFactory(province=tehran)
    with pytest.raises(ValidationError):
        services.meeting_create(committee=foreign, date=HELD_ON, acting_user=secretariat_user)


def test_carry_over_puts_each_open_resolution_on_the_next_agenda_once(
    committee, resolution, secretariat_user
):
    done = services.resolution_create(
        meeting=resolution.meeting,
        text="اطلاع‌رسانی",
        type="informational",
        acting_user=secretariat_user,
    )
    next_meeting = services.meeting_create(
        committee=committee, date=HELD_ON + dt.timedelta(days=7), acting_user=secretariat_user
    )
    assert services.agenda_carry_over(meeting=next_meeting, acting_user=secretariat_user) == 1
    assert services.agenda_carry_over(meeting=next_meeting, acting_user=secretariat_user) == 0
    item = AgendaItem.objects.get()
    assert item.carried_resolution == resolution and done.status == "no_action"
    assert ResolutionEvent.objects.filter(kind="carried_over").count() == 1


def test_bulk_extension_is_all_or_nothing(resolution, secretariat_user, agency_a, agency_b):
    a = resolution.assignments.get(agency=agency_a)
    b = resolution.assignments.get(agency=agency_b)
    new = HELD_ON + dt.timedelta(days=40)  # later than a's deadline, earlier than b's
    with pytest.raises(ValidationError):
        services.assignments_bulk_extend(
            assignments=[a, b], new_deadline=new, reason="گروهی", acting_user=secretariat_user
        )
    assert DeadlineExtension.objects.count() == 0
    a.refresh_from_db()
    assert a.deadline == HELD_ON + dt.timedelta(days=30)


def test_status_roll_up_of_closed_assignments(resolution, secretariat_user, agency_a, agency_b):
    for agency, status in ((agency_a, "not_implemented"), (agency_b, "cancelled")):
        services.assignment_set_status(
            assignment=(assignment := resolution.assignments.get(agency=agency)),
            status=status,
            version=assignment.version,
            acting_user=secretariat_user,
        )
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.NOT_IMPLEMENTED
    assert resolution.next_deadline is None


def test_a_viewer_cannot_write(committee, province):
    viewer = UserFactory(agency=AgencyFactory(province=province), role=Role.VIEWER)
    with pytest.raises(ValidationError):
        services.meeting_create(committee=committee, date=HELD_ON, acting_user=viewer)
