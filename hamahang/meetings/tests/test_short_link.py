"""The short link an SMS carries (/a/<id>/) leads to the assignment's page under the same
access rules as the page itself."""

import datetime as dt

import pytest
from django.urls import reverse

from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(committee, agency_a, agency_b):
    meeting = make_meeting(committee, dt.date(2020, 9, 15))
    return make_resolutions(meeting, [agency_a, agency_b], 1)[0]


def test_the_short_link_leads_a_liaison_to_its_assignment(
    client, resolution, liaison_a, agency_a, django_assert_max_num_queries
):
    own = resolution.assignments.get(agency=agency_a)
    client.force_login(liaison_a)
    short = reverse("meetings:assignment_short", args=[own.pk])
    assert short == f"/a/{own.pk}/"

    with django_assert_max_num_queries(6):
        response = client.get(short)

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:assignment_detail", args=[own.pk])


def test_another_agencys_assignment_answers_as_missing(client, resolution, liaison_a, agency_b):
    theirs = resolution.assignments.get(agency=agency_b)
    client.force_login(liaison_a)

    response = client.get(reverse("meetings:assignment_short", args=[theirs.pk]))

    assert response.status_code == 404


def test_signing_in_comes_back_to_the_short_link(client, resolution, agency_a):
    own = resolution.assignments.get(agency=agency_a)
    short = reverse("meetings:assignment_short", args=[own.pk])

    response = client.get(short)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={short}"


def test_a_malformed_short_link_is_not_found(client, liaison_a):
    client.force_login(liaison_a)
    assert client.get("/a/abc/").status_code == 404
    assert client.get("/a/999999/").status_code == 404
