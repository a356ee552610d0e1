"""Temporary reliefs: their expiry dates, the sunset ledger and the next agenda."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamahang.core import clock
from hamahang.meetings import services
from hamahang.meetings.models import AgendaItem, Meeting, Resolution
from hamahang.meetings.tests.factories import held_meeting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today_is_fixed():
    thaw = clock.freeze(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    yield
    thaw()


@pytest.fixture
def meetings(committee, secretariat_user):
    held = held_meeting(committee, TODAY - dt.timedelta(days=20), secretariat_user)
    planned = services.meeting_create(
        committee=committee, date=TODAY + dt.timedelta(days=7), acting_user=secretariat_user
    )
    return held, planned


def relief(meeting, user, expires_on, **fields):
    return services.resolution_create(
        meeting=meeting,
        text="اجراییه امور مالیاتی واحد سه ماه به تعویق افتد.",
        type=Resolution.Type.ENFORCEMENT_POSTPONEMENT,
        relief_expires_on=expires_on,
        acting_user=user,
        **fields,
    )


def test_a_relief_expiring_in_10_days_is_in_the_ledger_and_on_the_next_agenda(
    client, meetings, secretariat_user, django_assert_max_num_queries
):
    held, planned = meetings
    resolution = relief(held, secretariat_user, TODAY + dt.timedelta(days=10))
    item = AgendaItem.objects.get(meeting=planned, carried_resolution=resolution)
    assert item.reason == AgendaItem.Reason.RELIEF_EXPIRY
    assert "پایان اعتبار مصوبه" in item.title and "۱۴۰۵/۰۹/۱۹" in item.title
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:relief_ledger")).content.decode()
    expiring = page.split('id="expiring"')[1].split('id="expired"')[0]
    assert f'href="{resolution.get_absolute_url()}"' in expiring
    assert "۱۴۰۵/۰۹/۱۹" in expiring  # its expiry
    assert f'href="{planned.get_absolute_url()}"' in expiring  # the meeting that takes it
    # Shorter than 10 days: not in the list.
    page = client.get(reverse("meetings:relief_ledger"), {"days": "۵"}).content.decode()
    assert "۱۴۰۵/۰۹/۱۹" not in page.split('id="expiring"')[1].split('id="expired"')[0]


def test_the_ledger_query_count_does_not_grow_with_reliefs(
    client, meetings, secretariat_user, django_assert_max_num_queries
):
    held, _planned = meetings
    for days in range(3, 30, 2):
        relief(held, secretariat_user, TODAY + dt.timedelta(days=days))
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:relief_ledger"))
    assert response.content.decode().count("پیش از جلسه بعدی پایان می‌یابد") == 2  # 3 and 5 days


def test_a_relief_far_off_waits_and_carry_over_brings_it_when_due(
    meetings, secretariat_user, committee
):
    held, planned = meetings
    resolution = relief(held, secretariat_user, TODAY + dt.timedelta(days=90))
    assert not planned.agenda_items.filter(carried_resolution=resolution).exists()
    later = services.meeting_create(
        committee=committee, date=TODAY + dt.timedelta(days=70), acting_user=secretariat_user
    )
    services.agenda_carry_over(meeting=later, acting_user=secretariat_user)
    item = later.agenda_items.get(carried_resolution=resolution)
    assert item.reason == AgendaItem.Reason.RELIEF_EXPIRY


def test_an_expiry_before_the_meeting_is_refused_in_persian_and_nothing_is_saved(
    meetings, secretariat_user
):
    held, planned = meetings
    with pytest.raises(ValidationError) as error:
        relief(held, secretariat_user, held.date - dt.timedelta(days=1))
    assert "باید پس از تاریخ جلسه" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        relief(held, secretariat_user, None)
    assert "تاریخ پایان اعتبار این مهلت حمایتی را بنویسید." in error.value.messages
    assert not Resolution.objects.exists()
    assert not planned.agenda_items.exists()


def test_an_unknown_obstacle_is_refused(meetings, secretariat_user):
    held, _planned = meetings
    with pytest.raises(ValidationError) as error:
        relief(held, secretariat_user, TODAY + dt.timedelta(days=10), obstacle="weather")
    assert "مانع «weather» در فهرست موانع نیست." in error.value.messages
    assert not Resolution.objects.exists()


def test_the_form_refuses_an_expiry_before_the_meeting(client, meetings, secretariat_user):
    held, _planned = meetings
    client.force_login(secretariat_user)
    response = client.post(
        reverse("meetings:resolution_create", args=[held.pk]),
        {
            "text": "عدم قطع انشعاب برق واحد تا پایان سال",
            "type": "no_utility_cutoff",
            "obstacle": "electricity",
            "relief_expires_on": "۱۴۰۵/۰۸/۰۱",
            "assign-TOTAL_FORMS": "0",
            "assign-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "پس از تاریخ جلسه" in response.content.decode()
    assert not Resolution.objects.exists()


def test_a_bad_day_count_in_the_ledger_is_a_persian_error(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get(reverse("meetings:relief_ledger"), {"days": "سی"})
    assert response.status_code == 400
    assert "تعداد روز باید عدد صحیح باشد." in response.content.decode()
    response = client.get(reverse("meetings:relief_ledger"), {"days": "900"})
    assert "تعداد روز باید از ۱ تا ۳۶۵ باشد." in response.content.decode()


def test_gaps_and_expired_reliefs_are_listed(client, meetings, secretariat_user):
    held, _planned = meetings
    lapsed = relief(held, secretariat_user, TODAY + dt.timedelta(days=40))
    Resolution.objects.filter(pk=lapsed.pk).update(relief_expires_on=TODAY - dt.timedelta(days=3))
    gap = relief(held, secretariat_user, TODAY + dt.timedelta(days=40))
    Resolution.objects.filter(pk=gap.pk).update(relief_expires_on=None)
    client.force_login(secretariat_user)
    page = client.get(reverse("meetings:relief_ledger")).content.decode()
    expired = page.split('id="expired"')[1].split('id="without-expiry"')[0]
    gaps = page.split('id="without-expiry"')[1]
    assert lapsed.get_absolute_url() in expired and gap.get_absolute_url() not in expired
    assert gap.get_absolute_url() in gaps and "بدون تاریخ پایان" in gaps
    # Filling the gap (also on approved minutes) is one service call, with its own check.
    services.resolution_set_relief_expiry(
        resolution=gap, expires_on=TODAY + dt.timedelta(days=12), acting_user=secretariat_user
    )
    assert (
        Meeting.objects.get(date=TODAY + dt.timedelta(days=7))
        .agenda_items.filter(carried_resolution=gap)
        .exists()
    )


def test_the_daily_command_brings_a_relief_due_since_the_meeting_was_planned(
    meetings, secretariat_user, committee
):
    from django.core.management import call_command

    held, planned = meetings
    resolution = relief(held, secretariat_user, TODAY + dt.timedelta(days=60))
    assert not planned.agenda_items.exists()
    # The expiry was corrected in the database by an import of old minutes, say.
    Resolution.objects.filter(pk=resolution.pk).update(
        relief_expires_on=TODAY + dt.timedelta(days=12)
    )
    call_command("schedule_reliefs")
    call_command("schedule_reliefs")  # idempotent
    assert (
        planned.agenda_items.filter(
            carried_resolution=resolution, reason=AgendaItem.Reason.RELIEF_EXPIRY
        ).count()
        == 1
    )


def test_the_expiry_of_a_relief_on_approved_minutes_is_filled_from_its_page(
    client, meetings, secretariat_user
):
    held, planned = meetings
    gap = relief(held, secretariat_user, TODAY + dt.timedelta(days=40))
    Resolution.objects.filter(pk=gap.pk).update(relief_expires_on=None)
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.APPROVED)
    client.force_login(secretariat_user)
    url = reverse("meetings:resolution_relief_expiry", args=[gap.pk])
    assert 'id="relief-expiry"' in client.get(gap.get_absolute_url()).content.decode()
    client.post(url, {"relief_expires_on": "۱۴۰۵/۰۸/۰۱"})  # before the meeting
    gap.refresh_from_db()
    assert gap.relief_expires_on is None
    page = client.post(url, {"relief_expires_on": "1405/09/20"}, follow=True).content.decode()
    gap.refresh_from_db()
    assert gap.relief_expires_on == dt.date(2026, 12, 11) and "ثبت شد" in page
    assert planned.agenda_items.filter(carried_resolution=gap).exists()
