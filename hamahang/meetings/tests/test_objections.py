"""Working-day deadlines and the objection window (issue 16): the services' rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hamahang.core import clock
from hamahang.meetings import services
from hamahang.meetings.deadlines import annotate_working_days_left, calendar_for
from hamahang.meetings.models import (
    AgendaItem,
    Assignment,
    DeadlineExtension,
    Meeting,
    Objection,
    Resolution,
    ResolutionEvent,
)
from hamahang.meetings.services import AssignmentSpec
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.models import OfficeClosure

pytestmark = pytest.mark.django_db

MEETING_DAY = dt.date(2026, 11, 1)  # 1405/08/10, a Sunday


def at(day: dt.date):
    return clock.frozen(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))


@pytest.fixture
def issued(committee, secretariat_user, agency_a, agency_b):
    """A held meeting's resolution assigned to agencies A (deadline 30 days on) and B."""
    with at(MEETING_DAY):
        meeting = held_meeting(committee, MEETING_DAY, secretariat_user)
        resolution = services.resolution_create(
            meeting=meeting,
            text="تأمین برق پایدار شهرک صنعتی",
            acting_user=secretariat_user,
            assignments=[
                AssignmentSpec(agency_a, MEETING_DAY + dt.timedelta(days=30)),
                AssignmentSpec(agency_b, MEETING_DAY + dt.timedelta(days=30)),
            ],
        )
    return resolution.assignments.get(agency=agency_a)


def _file(assignment, user, day, reason="تکلیف در حوزه وظایف این دستگاه نیست."):
    with at(day):
        return services.objection_file(assignment=assignment, acting_user=user, reason=reason)


def test_an_objection_pauses_the_deadline_goes_on_the_agenda_and_rejection_resumes_it(
    issued, committee, secretariat_user, liaison_a
):
    with at(MEETING_DAY):
        planned = services.meeting_create(
            committee=committee,
            date=MEETING_DAY + dt.timedelta(days=20),
            acting_user=secretariat_user,
        )
    deadline = issued.deadline
    objection = _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=5))

    issued.refresh_from_db()
    assert issued.paused_on == MEETING_DAY + dt.timedelta(days=5)
    assert issued.state_label == "در انتظار رسیدگی به اعتراض"
    late_day = deadline + dt.timedelta(days=10)
    assert not issued.is_overdue_on(late_day)
    assert not Assignment.objects.overdue(late_day).filter(pk=issued.pk).exists()
    item = AgendaItem.objects.get(objection=objection)
    assert item.meeting == planned
    assert "رسیدگی به اعتراض" in item.title
    assert ResolutionEvent.objects.filter(assignment=issued, kind="objected").exists()

    with at(MEETING_DAY + dt.timedelta(days=12)):
        services.objection_decide(
            objection=objection, acting_user=secretariat_user, upheld=False, note="تکلیف بجاست."
        )
    issued.refresh_from_db()
    objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED
    assert objection.paused_days == 7
    expected = calendar_for(committee).next_working_day(deadline + dt.timedelta(days=7))
    assert issued.deadline == expected and issued.paused_on is None
    assert DeadlineExtension.objects.get(assignment=issued).new_deadline == expected
    event = ResolutionEvent.objects.get(assignment=issued, kind="objection_rejected")
    assert "۷ روز توقف" in event.description
    assert Assignment.objects.overdue(expected + dt.timedelta(days=1)).filter(pk=issued.pk).exists()


def test_an_upheld_objection_cancels_the_assignment_with_the_objection_as_reason(
    issued, secretariat_user, liaison_a
):
    objection = _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=3))
    with at(MEETING_DAY + dt.timedelta(days=4)):
        services.objection_decide(
            objection=objection, acting_user=secretariat_user, upheld=True, note="وارد است."
        )
    issued.refresh_from_db()
    assert issued.status == Assignment.Status.CANCELLED and issued.paused_on is None
    change = ResolutionEvent.objects.get(assignment=issued, kind="status_changed")
    assert "پذیرش اعتراض" in change.description and objection.reason in change.description
    assert ResolutionEvent.objects.filter(assignment=issued, kind="objection_upheld").exists()


def test_with_no_planned_meeting_the_objection_waits_for_the_first_one_created(
    issued, committee, secretariat_user, liaison_a
):
    objection = _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=2))
    assert not AgendaItem.objects.filter(objection=objection).exists()
    with at(MEETING_DAY + dt.timedelta(days=3)):
        meeting = services.meeting_create(
            committee=committee,
            date=MEETING_DAY + dt.timedelta(days=9),
            acting_user=secretariat_user,
        )
    assert AgendaItem.objects.get(objection=objection).meeting == meeting
    # That meeting is cancelled: the objection waits again for the next one created.
    services.meeting_transition(
        meeting=meeting, to_status="cancelled", acting_user=secretariat_user
    )
    with at(MEETING_DAY + dt.timedelta(days=4)):
        later = services.meeting_create(
            committee=committee,
            date=MEETING_DAY + dt.timedelta(days=16),
            acting_user=secretariat_user,
        )
    assert AgendaItem.objects.filter(objection=objection, meeting=later).exists()


@pytest.mark.parametrize(
    "case",
    ["after_window", "twice", "other_agency", "secretariat", "closed", "empty_reason", "no_window"],
)
def test_bad_objections_are_refused_in_persian_and_change_nothing(
    case, issued, committee, liaison_a, liaison_b, secretariat_user
):
    user, day, reason = liaison_a, MEETING_DAY + dt.timedelta(days=2), "دلیل اعتراض"
    if case == "after_window":
        day = MEETING_DAY + dt.timedelta(days=40)
    elif case == "twice":
        _file(issued, liaison_a, day)
    elif case == "other_agency":
        user = liaison_b
    elif case == "secretariat":
        user = secretariat_user
    elif case == "closed":
        Assignment.objects.filter(pk=issued.pk).update(status=Assignment.Status.VERIFIED_DONE)
    elif case == "empty_reason":
        reason = "   "
    elif case == "no_window":
        committee.objection_days = 0
        committee.save()
    before = (Objection.objects.count(), ResolutionEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        _file(issued, user, day, reason)
    message = " ".join(refused.value.messages)
    assert any("\u0600" <= ch <= "\u06ff" for ch in message)
    expected = {
        "after_window": "مهلت اعتراض",
        "twice": "در حال رسیدگی",
        "closed": "بسته است",
        "empty_reason": "دلیل اعتراض",
        "no_window": "نمی‌پذیرد",
        "secretariat": "رابط دستگاه",
    }.get(case)
    if expected:
        assert expected in message
    assert (Objection.objects.count(), ResolutionEvent.objects.count()) == before


def test_a_decided_objection_is_not_decided_again(issued, secretariat_user, liaison_a):
    objection = _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=2))
    services.objection_decide(
        objection=objection, acting_user=secretariat_user, upheld=False, note="رد"
    )
    with pytest.raises(ValidationError, match="تصمیم گرفته شده"):
        services.objection_decide(
            objection=objection, acting_user=secretariat_user, upheld=True, note="پذیرش"
        )


# --- Working-day deadlines ------------------------------------------------------------------


def _create(meeting, user, spec):
    return services.resolution_create(
        meeting=meeting, text="مصوبه با مهلت روز کاری", acting_user=user, assignments=[spec]
    )


def test_a_deadline_in_working_days_is_counted_from_the_meeting_across_nowruz(
    committee, secretariat_user, agency_a
):
    day = dt.date(2027, 3, 10)  # 1405/12/19
    with at(day):
        meeting = held_meeting(committee, day, secretariat_user)
        resolution = _create(meeting, secretariat_user, AssignmentSpec(agency_a, working_days="۱۰"))
    assignment = resolution.assignments.get()
    assert assignment.working_days == 10
    assert assignment.deadline == dt.date(2027, 3, 29)  # 1406/01/08, after the Nowruz holidays


def test_a_thursday_off_committee_counts_thursday_as_closed(committee, secretariat_user, agency_a):
    committee.thursday_off = True
    committee.save()
    with at(MEETING_DAY):
        meeting = held_meeting(committee, MEETING_DAY, secretariat_user)
        resolution = _create(meeting, secretariat_user, AssignmentSpec(agency_a, working_days=4))
    # Sunday + 4 open days (Mon, Tue, Wed, then Saturday: Thursday and Friday closed).
    assert resolution.assignments.get().deadline == dt.date(2026, 11, 7)


def test_a_date_deadline_on_a_closure_moves_to_the_next_working_day_and_says_why(
    committee, secretariat_user, agency_a, province
):
    closed = dt.date(2026, 11, 18)  # a Wednesday
    OfficeClosure.objects.create(province=province, date=closed, reason="آلودگی هوا")
    with at(MEETING_DAY):
        meeting = held_meeting(committee, MEETING_DAY, secretariat_user)
        resolution = _create(meeting, secretariat_user, AssignmentSpec(agency_a, closed))
    assert resolution.assignments.get().deadline == dt.date(2026, 11, 19)  # the Thursday
    assert "آلودگی هوا" in resolution.deadline_notes[0]


def test_an_extension_onto_a_holiday_moves_to_the_next_working_day(issued, secretariat_user):
    friday = dt.date(2026, 12, 11)
    with at(MEETING_DAY):
        row = services.assignment_extend_deadline(
            assignment=issued,
            new_deadline=friday,
            reason="درخواست دستگاه",
            acting_user=secretariat_user,
            version=issued.version,
        )
    assert row.deadline == dt.date(2026, 12, 12)
    assert "جمعه" in row.deadline_notes[0]


@pytest.mark.parametrize("count", [0, -3, 99999, "ده", "1.5", True])
def test_bad_working_day_counts_are_refused_and_nothing_is_created(
    count, committee, secretariat_user, agency_a
):
    with at(MEETING_DAY):
        meeting = held_meeting(committee, MEETING_DAY, secretariat_user)
        with pytest.raises(ValidationError) as refused:
            _create(meeting, secretariat_user, AssignmentSpec(agency_a, working_days=count))
    assert "روز کاری" in " ".join(refused.value.messages)
    assert not Resolution.objects.exists()


def test_working_days_left_are_counted_without_a_query_per_row(
    issued, committee, django_assert_max_num_queries
):
    rows = list(Assignment.objects.select_related("resolution"))
    with django_assert_max_num_queries(2):
        annotate_working_days_left(rows, MEETING_DAY)
    calendar = calendar_for(committee)
    assert rows[0].working_days_left == calendar.working_days_between(MEETING_DAY, rows[0].deadline)
    assert Meeting.objects.count() == 1


def test_the_report_counts_objections_per_committee_in_one_query(
    issued, committee, secretariat_user, liaison_a, liaison_b, province, django_assert_num_queries
):
    from hamahang.core.jalali import Period
    from hamahang.reports.engine import Scope, _objection_counts

    first = _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=1))
    services.objection_decide(objection=first, acting_user=secretariat_user, upheld=False, note="ر")
    _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=2))
    other = issued.resolution.assignments.exclude(pk=issued.pk).get()
    second = _file(other, liaison_b, MEETING_DAY + dt.timedelta(days=2))
    services.objection_decide(objection=second, acting_user=secretariat_user, upheld=True, note="پ")
    period = Period.between(MEETING_DAY, MEETING_DAY + dt.timedelta(days=30))
    committees = type(committee).objects.filter(pk=committee.pk)
    with django_assert_num_queries(1):
        counts = _objection_counts(committees, period, Scope(province_id=province.pk))
    assert counts[committee.pk] == {
        "objections_filed": 3,
        "objections_upheld": 1,
        "objections_rejected": 1,
        "objections_under_review": 1,
    }


@pytest.mark.parametrize("working_days, problem", [("۱۰", ""), ("0", "دست‌کم یک روز")])
def test_the_excel_path_counts_working_days_through_the_same_rule(
    committee, secretariat_user, agency_a, working_days, problem
):
    with at(MEETING_DAY):
        meeting = held_meeting(committee, MEETING_DAY, secretariat_user)
        resolution = services.resolution_create(
            meeting=meeting, text="مصوبه ورود از اکسل", acting_user=secretariat_user
        )
        row = services.AssignmentRow(
            ref=1,
            committee=committee,
            resolution_code=resolution.code,
            agency=agency_a,
            role="lead",
            deadline=None,
            working_days=working_days,
            status="issued",
        )
        _counts, problems = services.meetings_bulk_upsert(
            meetings=[], resolutions=[], assignments=[row], acting_user=secretariat_user
        )
    if problem:
        assert problem in problems[0].message and not Assignment.objects.exists()
    else:
        assert not problems
        assignment = Assignment.objects.get()
        assert assignment.working_days == 10
        assert assignment.deadline == calendar_for(committee).add_working_days(MEETING_DAY, 10)


def test_the_decision_reaches_the_agencys_liaison_through_the_outbox(
    issued, secretariat_user, liaison_a
):
    from hamahang.notices.models import Notice

    objection = _file(issued, liaison_a, MEETING_DAY + dt.timedelta(days=1))
    services.objection_decide(
        objection=objection, acting_user=secretariat_user, upheld=False, note="تکلیف بجاست."
    )
    # The liaison's own notice, and the agency's letter to its own address (as for other notices).
    notice = Notice.objects.get(kind=Notice.Kind.OBJECTION, user=liaison_a)
    assert notice.assignment_id == issued.pk
    letters = Notice.objects.filter(kind=Notice.Kind.OBJECTION, user=None)
    assert [n.address for n in letters] == [issued.agency.email]
    assert "رد شده" in notice.text and "تکلیف بجاست." in notice.text
