"""Query budgets of the pages measured beside Redmine (issue 20): a liaison's overdue list,
the same through the API, and one item's page with its follow-ups. Each reads a fixed number
of queries, whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hamahang.accounts.tokens import api_token_create
from hamahang.core.jalali import today
from hamahang.meetings.models import Assignment, FollowUp
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db


def queries(client, url, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_the_overdue_section_and_the_api_read_a_fixed_number_of_queries(
    client, committee, agency_a, liaison_a
):
    meeting = make_meeting(committee, today() - dt.timedelta(days=90))
    make_resolutions(meeting, [agency_a], 5, deadline=today() - dt.timedelta(days=400))
    client.force_login(liaison_a)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=liaison_a, name='t')[1]}"}
    # The first visit and the token's first use record themselves (one more write, once).
    client.get("/inbox/")
    client.get("/api/v1/assignments?limit=1", **headers)
    page_few, page = queries(client, "/inbox/?section=overdue")
    assert "معوق (۵)" in page
    api_few, _ = queries(client, "/api/v1/assignments?overdue=true&limit=25", **headers)
    make_resolutions(meeting, [agency_a], 60, deadline=today() - dt.timedelta(days=700))
    page_many, page = queries(client, "/inbox/?section=overdue")
    assert "معوق (۶۵)" in page and "صفحه ۱ از ۳" in page
    api_many, _ = queries(client, "/api/v1/assignments?overdue=true&limit=25", **headers)
    assert page_few == page_many <= 12
    assert api_few == api_many <= 5


def test_one_items_page_reads_a_fixed_number_of_queries(
    client, committee, agency_a, liaison_a, secretariat_user
):
    meeting = make_meeting(committee, today() - dt.timedelta(days=90))
    (resolution,) = make_resolutions(meeting, [agency_a], 1)
    assignment = Assignment.objects.get(resolution=resolution)

    def notes(count: int) -> None:
        FollowUp.objects.bulk_create(
            FollowUp(
                assignment=assignment,
                author=liaison_a if i % 3 else secretariat_user,
                text=f"پیگیری تلفنی انجام شد {i}",
                progress=10,
                status=FollowUp.Status.ACCEPTED,
            )
            for i in range(count)
        )

    client.force_login(liaison_a)
    notes(6)
    few, page = queries(client, assignment.get_absolute_url())
    assert page.count("پیگیری تلفنی انجام شد") >= 6
    notes(30)
    many, _ = queries(client, assignment.get_absolute_url())
    assert few == many <= 12
