"""The escalation chain: overdue work reaches the agency head, then the deputy governor, each
once, recorded on the timeline and sent through the outbox."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.text import display_code
from hamahang.meetings.escalation import escalate_overdue
from hamahang.meetings.models import Assignment, Escalation, ResolutionEvent
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.notices.models import Notice

pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")
DEADLINE = dt.date(2026, 11, 2)


def at(day: dt.date):
    """The clock moved to 10:00 Tehran time on `day` (SMS is not held for the quiet hours)."""
    return clock.frozen(dt.datetime.combine(day, dt.time(10, 0), tzinfo=TEHRAN))


@pytest.fixture
def chain(committee, agency_a, agency_b, province):
    agency_a.head_name, agency_a.head_title = "رضا احمدی", "رئیس سازمان صنعت، معدن و تجارت"
    agency_a.head_mobile, agency_a.head_email = "09121110001", "head-a@example.ir"
    agency_a.save()
    province.deputy_name = "محمد کریمی"
    province.deputy_mobile, province.deputy_email = "09121110002", "deputy@example.ir"
    province.save()
    committee.escalate_head_days, committee.escalate_deputy_days = 7, 14
    committee.save()
    meeting = make_meeting(committee, DEADLINE - dt.timedelta(days=30))
    resolutions = make_resolutions(meeting, [agency_a], 2, deadline=DEADLINE)
    return resolutions


def test_moving_the_clock_forward_reaches_the_head_then_the_deputy_each_once(
    chain, agency_a, fake_kavenegar, django_capture_on_commit_callbacks
):
    codes = [display_code(r.code) for r in chain]
    with django_capture_on_commit_callbacks(execute=True):
        with at(DEADLINE + dt.timedelta(days=6)):
            call_command("escalate_overdue")
        assert not Escalation.objects.exists() and not Notice.objects.exists()

        with at(DEADLINE + dt.timedelta(days=7)):
            call_command("escalate_overdue")
            call_command("escalate_overdue")  # a second run the same day writes nothing
        with at(DEADLINE + dt.timedelta(days=8)):
            call_command("escalate_overdue")
    level1 = Escalation.objects.filter(level=Escalation.Level.AGENCY_HEAD)
    assert level1.count() == 2 and not level1.exclude(overdue_days=7).exists()
    # one digest per recipient: an SMS and an e-mail to the head naming both assignments
    told = Notice.objects.filter(kind=Notice.Kind.ESCALATION)
    assert sorted(told.values_list("channel", "address")) == [
        ("email", "head-a@example.ir"),
        ("sms", "09121110001"),
    ]
    sms = told.get(channel="sms")
    assert "۲ تکلیف معوق" in sms.text and codes[0] in sms.text and len(sms.text) <= 134
    assert sms.status == Notice.Status.SENT and fake_kavenegar.sent
    assert sorted(sms.concerns.values_list("pk", flat=True)) == sorted(
        Assignment.objects.values_list("pk", flat=True)
    )
    letter = next(m for m in mail.outbox if m.to == ["head-a@example.ir"])
    assert "رضا احمدی" in letter.body and "۷ روز تأخیر" in letter.body
    assert to_persian_digits(chain[1].code) in letter.body and "رئیس دستگاه" in letter.body

    with django_capture_on_commit_callbacks(execute=True):
        with at(DEADLINE + dt.timedelta(days=14)):
            call_command("escalate_overdue")
        with at(DEADLINE + dt.timedelta(days=40)):
            call_command("escalate_overdue")
    assert Escalation.objects.filter(level=Escalation.Level.DEPUTY_GOVERNOR).count() == 2
    assert Escalation.objects.count() == 4
    deputy = Notice.objects.filter(address__in=["09121110002", "deputy@example.ir"])
    assert deputy.count() == 2
    assert "معاون استاندار" in next(m for m in mail.outbox if m.to == ["deputy@example.ir"]).body
    # each step of each assignment is on its timeline, once
    events = ResolutionEvent.objects.filter(kind=ResolutionEvent.Kind.ESCALATED)
    assert events.count() == 4
    first = events.filter(assignment__resolution=chain[0]).order_by("pk")
    assert "رئیس دستگاه" in first[0].description and "۷ روز" in first[0].description
    assert "رضا احمدی" in first[0].description and "پیامک" in first[0].description
    assert "معاون استاندار" in first[1].description and "۱۴ روز" in first[1].description
    assert set(Escalation.objects.first().notices.values_list("kind", flat=True)) == {"escalation"}


def test_paused_done_and_reported_work_does_not_escalate(chain, committee, agency_a):
    paused, done = Assignment.objects.order_by("pk")
    paused.paused_on = DEADLINE
    paused.save()
    done.status, done.closed_on = Assignment.Status.VERIFIED_DONE, DEADLINE
    done.save()
    meeting = make_meeting(committee, DEADLINE - dt.timedelta(days=20))
    make_resolutions(meeting, [agency_a], 1, deadline=DEADLINE, status="reported_done")
    run = escalate_overdue(day=DEADLINE + dt.timedelta(days=30))
    assert run.agency_head == [] and run.deputy_governor == []
    assert not Escalation.objects.exists() and not Notice.objects.exists()


def test_a_step_set_to_zero_is_skipped_and_work_done_later_stops(chain, committee):
    committee.escalate_head_days = 0
    committee.save()
    assert escalate_overdue(day=DEADLINE + dt.timedelta(days=13)).agency_head == []
    first, second = Assignment.objects.order_by("pk")
    first.status = Assignment.Status.VERIFIED_DONE
    first.save()
    run = escalate_overdue(day=DEADLINE + dt.timedelta(days=14))
    assert run.deputy_governor == [second.pk]
    assert list(Escalation.objects.values_list("assignment", "level")) == [(second.pk, 2)]


def test_a_head_with_no_contact_is_still_recorded_and_the_timeline_says_so(chain, agency_a, capsys):
    agency_a.head_mobile = agency_a.head_email = ""
    agency_a.save()
    call_command("escalate_overdue", "--date", "1405/08/25")  # 2026-11-16, 14 days late
    assert Escalation.objects.count() == 4
    assert not Notice.objects.filter(agency=agency_a).exists()
    assert Notice.objects.filter(address="deputy@example.ir").exists()
    event = ResolutionEvent.objects.filter(kind="escalated").order_by("pk").first()
    assert "نشانی تماسی برای او ثبت نشده است" in event.description
    assert "1 recipients with no address" in capsys.readouterr().out


def test_an_impossible_date_is_refused_in_persian_and_nothing_is_written(chain):
    with pytest.raises(CommandError) as refused:
        call_command("escalate_overdue", "--date", "1405/13/01")
    assert "ماه" in str(refused.value)
    assert not Escalation.objects.exists()
