"""The secretariat is reminded of held meetings whose minutes are not approved in time."""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse

from hamahang.core import clock
from hamahang.meetings.models import Meeting
from hamahang.meetings.selectors import work_queue_for_user
from hamahang.notices.models import Notice


def test_late_minutes_are_in_the_queue_and_mailed_once_a_day(client, world, settings, mailoutbox):
    settings.HAMAHANG_MINUTES_DUE_DAYS = 7
    world.secretariat.email = "dabir@example.ir"
    world.secretariat.save()
    held_on = world.meeting.date  # 1405/08/29
    on_time = dt.datetime.combine(held_on + dt.timedelta(days=6), dt.time(9), dt.UTC)
    late = dt.datetime.combine(held_on + dt.timedelta(days=8), dt.time(9), dt.UTC)

    with clock.frozen(on_time):
        assert work_queue_for_user(user=world.secretariat, minutes_due_days=7).minutes_late == []
        call_command("remind_late_minutes", stdout=io.StringIO())
    reminders = Notice.objects.filter(kind=Notice.Kind.MINUTES_LATE)
    assert not reminders.exists()

    with clock.frozen(late):
        queue = work_queue_for_user(user=world.secretariat, minutes_due_days=7)
        assert queue.minutes_late == [world.meeting]
        client.force_login(world.secretariat)
        page = client.get(reverse("meetings:inbox")).content.decode()
        assert "صورتجلسه‌های تأییدنشده پس از ۷ روز" in page
        assert reverse("signoff:meeting", args=[world.meeting.pk]) in page
        call_command("remind_late_minutes", stdout=io.StringIO())
        call_command("remind_late_minutes", stdout=io.StringIO())
    reminder = reminders.get()  # once a day, however often the command runs
    assert reminder.address == "dabir@example.ir"
    assert "هنوز تأیید نشده است" in reminder.subject

    # Approved minutes are no longer nagged about.
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.APPROVED)
    next_day = late + dt.timedelta(days=1)
    with clock.frozen(next_day):
        assert work_queue_for_user(user=world.secretariat, minutes_due_days=7).minutes_late == []
        call_command("remind_late_minutes", stdout=io.StringIO())
    assert reminders.count() == 1
