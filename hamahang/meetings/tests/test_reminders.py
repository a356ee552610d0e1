import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from hamahang.core.text import display_code
from hamahang.meetings.models import ReminderLog
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_running_the_reminder_command_twice_tells_each_agency_once(
    committee, agency_a, agency_b, liaison_a, liaison_b, django_capture_on_commit_callbacks
):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today() - dt.timedelta(days=30))
    make_resolutions(meeting, [agency_a, agency_b], 2, deadline=today() - dt.timedelta(days=2))
    make_resolutions(meeting, [agency_a], 1, deadline=today() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "7")
        call_command("send_reminders", "--days", "7")
    # each liaison and each agency's own address: one digest, however often the command runs
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [liaison_a.email, liaison_b.email, agency_a.email, agency_b.email]
    )
    assert ReminderLog.objects.filter(kind="daily_digest").count() == 2
    assert Notice.objects.filter(kind="digest", status="sent").count() == 4
    to_a = next(m for m in mail.outbox if m.to == [liaison_a.email])
    assert "۲ مورد معوق" in to_a.subject and "۱ مورد نزدیک به مهلت" in to_a.subject
    assert "۲ مصوبه معوق، ۱ نزدیک به مهلت" in to_a.body
    first_code = display_code(
        agency_a.assignments.order_by("deadline", "pk").first().resolution.code
    )
    assert first_code in to_a.body and "http://127.0.0.1:8000/inbox/" in to_a.body
    to_agency = next(m for m in mail.outbox if m.to == [agency_a.email])
    assert "مصوبات معوق" in to_agency.body


def test_a_digest_text_fits_two_sms_parts_with_a_real_address(
    committee, agency_a, liaison_a, settings
):
    from hamahang.core.jalali import today

    settings.HAMAHANG_BASE_URL = "https://hamahang.ostan-qom.ir"
    meeting = make_meeting(committee, today() - dt.timedelta(days=30))
    make_resolutions(meeting, [agency_a], 12, deadline=today() - dt.timedelta(days=2))
    call_command("send_reminders")
    text = Notice.objects.get(user=liaison_a).text
    assert "۱۲ مصوبه معوق" in text and "، …)" in text and "/inbox/" in text
    assert len(text) <= 134  # two concatenated Persian SMS parts


def test_agencies_with_nothing_due_get_no_digest(committee, agency_a, liaison_a):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today())
    make_resolutions(meeting, [agency_a], 1, deadline=today() + dt.timedelta(days=60))
    call_command("send_reminders")
    assert not Notice.objects.exists()


def test_an_agency_with_no_one_reachable_gets_no_log_row(committee, agency_a, capsys):
    from hamahang.core.jalali import today

    agency_a.email = ""
    agency_a.save()
    meeting = make_meeting(committee, today())
    make_resolutions(meeting, [agency_a], 1, deadline=today())
    call_command("send_reminders")
    assert "1 agencies with no one reachable" in capsys.readouterr().out
    assert not ReminderLog.objects.exists() and not Notice.objects.exists()


def test_an_impossible_date_is_refused(committee):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="کبیسه"):
        call_command("send_reminders", "--date", "1404/12/30")


def test_the_digest_is_proof_of_notice_on_every_assignment_it_names(
    committee, agency_a, liaison_a, secretariat_user, client, django_capture_on_commit_callbacks
):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today() - dt.timedelta(days=30))
    make_resolutions(meeting, [agency_a], 2, deadline=today() - dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "7")
    digest = Notice.objects.get(kind="digest", user=liaison_a)
    named = list(agency_a.assignments.order_by("pk"))
    assert sorted(digest.concerns.values_list("pk", flat=True)) == [a.pk for a in named]
    client.force_login(secretariat_user)
    for assignment in named:
        page = client.get(assignment.get_absolute_url()).content.decode()
        # The liaison's own digest and the agency's letter, each shown once on the timeline.
        assert page.count(digest.masked_address) == 1
        assert page.count("یادآوری روزانه") == 2  # to the liaison, and the agency's letter
