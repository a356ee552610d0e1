"""A list's rendered rows are cached and may be shown a few seconds behind a write made by
someone else, never behind the reader's own write (core.paging.rendered_page, core.freshness):
the rule the report figures and the standby already follow."""

import datetime as dt

import pytest
from django.urls import reverse

from hamahang.meetings import services
from hamahang.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2020, 9, 15)


@pytest.fixture
def resolution(committee, secretariat_user, agency_a):
    return services.resolution_create(
        meeting=make_meeting(committee, HELD_ON),
        text="شرکت کاشی سینا به بانک ملی معرفی شود.",
        assignments=[services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=30))],
        acting_user=secretariat_user,
    )


def test_a_reader_may_see_the_rows_seconds_behind_the_writer_sees_the_write(
    real_cache, settings, secretariat_client, resolution
):
    settings.HAMAHANG_FIGURES_MAX_AGE = 5
    url = reverse("meetings:resolution_list")
    assert "کاشی سینا" in secretariat_client.get(url).content.decode()

    resolution.text = "شرکت فولاد کویر به بانک ملی معرفی شود."
    resolution.save()  # someone else's write: the province's version moves

    # This reader has not written since: the rows rendered a moment ago will do.
    page = secretariat_client.get(url).content.decode()
    assert "کاشی سینا" in page and "فولاد کویر" not in page

    # The reader writes (publishes the resolution): from now on nothing rendered before counts.
    response = secretariat_client.post(
        url, {"action": "publish", "selected": [resolution.pk], "next": url}
    )
    assert response.status_code == 302
    page = secretariat_client.get(url).content.decode()
    assert "فولاد کویر" in page and "کاشی سینا" not in page


def test_with_no_age_allowed_every_write_shows_at_once(
    real_cache, settings, secretariat_client, resolution
):
    settings.HAMAHANG_FIGURES_MAX_AGE = 0
    url = reverse("meetings:resolution_list")
    assert "کاشی سینا" in secretariat_client.get(url).content.decode()
    resolution.text = "شرکت فولاد کویر به بانک ملی معرفی شود."
    resolution.save()
    assert "فولاد کویر" in secretariat_client.get(url).content.decode()


def test_the_rows_are_kept_per_user_and_query(
    real_cache, settings, secretariat_client, resolution, committee
):
    settings.HAMAHANG_FIGURES_MAX_AGE = 5
    url = reverse("meetings:resolution_list")
    assert "کاشی سینا" in secretariat_client.get(url).content.decode()
    # Another query is rendered on its own, not served the first one's rows.
    page = secretariat_client.get(url, {"q": "سیمان"}).content.decode()
    assert "کاشی سینا" not in page and "مصوبه‌ای با این مشخصات یافت نشد" in page


def test_the_meeting_page_shows_the_writer_the_resolution_just_recorded(
    real_cache, settings, client, secretariat_user, resolution, agency_b
):
    settings.HAMAHANG_FIGURES_MAX_AGE = 5
    meeting = resolution.meeting
    services.resolution_create(
        meeting=meeting,
        text="اداره کل امور مالیاتی مهلت بدهد.",
        assignments=[services.AssignmentSpec(agency_b, HELD_ON + dt.timedelta(days=20))],
        acting_user=secretariat_user,
    )
    client.force_login(secretariat_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "مالیات" in page and "صمت" in page and "مصوبات (۲)" in page

    # The secretariat records a third resolution through the form and is shown it at once.
    client.force_login(secretariat_user)
    response = client.post(
        reverse("meetings:resolution_create", args=[meeting.pk]),
        {
            "text": "بانک ملی تسهیلات را تمدید کند.",
            "type": "directive",
            "assign-TOTAL_FORMS": "1",
            "assign-INITIAL_FORMS": "0",
            "assign-0-agency": agency_b.pk,
            "assign-0-role": "lead",
            "assign-0-deadline": "۱۳۹۹/۰۸/۱۵",
        },
    )
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "تمدید کند" in page and "مصوبات (۳)" in page


def test_a_liaisons_inbox_may_lag_a_write_elsewhere_never_its_own_report(
    real_cache, settings, client, liaison_a, resolution, committee, secretariat_user, agency_a
):
    from hamahang.core.jalali import today

    settings.HAMAHANG_FIGURES_MAX_AGE = 5
    client.force_login(liaison_a)
    inbox = reverse("meetings:inbox")
    assert "کاشی سینا" in client.get(inbox).content.decode()

    # The secretariat assigns the agency more work: within seconds, the inbox may not show it.
    services.resolution_create(
        meeting=make_meeting(committee, today() - dt.timedelta(days=3)),
        text="گزارش صادرات فصل ارائه شود.",
        assignments=[services.AssignmentSpec(agency_a, today() + dt.timedelta(days=4))],
        acting_user=secretariat_user,
    )
    assert "صادرات فصل" not in client.get(inbox).content.decode()

    # The liaison files a progress report: its inbox is rendered again, with everything.
    assignment = resolution.assignments.get(agency=agency_a)
    response = client.post(
        reverse("meetings:assignment_report", args=[assignment.pk]),
        {"text": "نامه به بانک ارسال شد.", "progress": 40},
    )
    assert response.status_code == 302
    assert "صادرات فصل" in client.get(inbox).content.decode()
