import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from hamahang.meetings.models import ReminderLog
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db


def test_running_the_reminder_command_twice_sends_each_agency_one_digest(
    committee, agency_a, agency_b, liaison_a, liaison_b
):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today() - dt.timedelta(days=30))
    make_resolutions(meeting, [agency_a, agency_b], 2, deadline=today() - dt.timedelta(days=2))
    make_resolutions(meeting, [agency_a], 1, deadline=today() + dt.timedelta(days=3))
    call_command("send_reminders", "--days", "7")
    call_command("send_reminders", "--days", "7")
    assert sorted(len(m.to) for m in mail.outbox) == [2, 2] or len(mail.outbox) == 2
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(kind="daily_digest").count() == 2
    to_a = next(m for m in mail.outbox if liaison_a.email in m.to)
    assert "۲ مورد معوق" in to_a.subject and "۱ مورد نزدیک به مهلت" in to_a.subject
    assert "مصوبات معوق" in to_a.body


def test_agencies_with_nothing_due_get_no_digest(committee, agency_a, liaison_a):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today())
    make_resolutions(meeting, [agency_a], 1, deadline=today() + dt.timedelta(days=60))
    call_command("send_reminders")
    assert mail.outbox == []


def test_an_impossible_date_is_refused(committee):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="کبیسه"):
        call_command("send_reminders", "--date", "1404/12/30")
