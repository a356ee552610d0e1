import datetime as dt
import json

import pytest

from hamahang.meetings import services
from hamahang.meetings.models import Assignment, FollowUp, Resolution
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.models import Agency, Committee

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(people):
    dabir = people["dabir"]
    meeting = held_meeting(Committee.objects.get(kind="facilitation"), dt.date(2026, 10, 1), dabir)
    return services.resolution_create(
        meeting=meeting,
        text="دو دستگاه گزارش دهند.",
        assignments=[
            services.AssignmentSpec(Agency.objects.get(short_name="صمت"), dt.date(2026, 12, 1)),
            services.AssignmentSpec(
                Agency.objects.get(short_name="امور مالیاتی"), dt.date(2026, 12, 1)
            ),
        ],
        acting_user=dabir,
    )


def post(client, url, payload, headers):
    return client.post(url, data=json.dumps(payload), content_type="application/json", **headers)


def test_no_token_no_data(client):
    response = client.get("/api/v1/resolutions")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthorized",
        "message": "برای دسترسی به API توکن معتبر لازم است.",
    }


def test_a_revoked_token_is_refused(client, people):
    from hamahang.accounts.tokens import api_token_create, api_token_revoke

    token, raw = api_token_create(user=people["dabir"], name="قدیمی")
    api_token_revoke(token=token, user=people["dabir"])
    assert client.get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_liaison_token_sees_only_its_agency(client, resolution, bearer):
    headers = bearer("samat")
    listed = client.get("/api/v1/assignments", **headers).json()
    assert [item["agency"] for item in listed["items"]] == ["صمت"]
    theirs = resolution.assignments.get(agency__short_name="امور مالیاتی")
    assert client.get(f"/api/v1/assignments/{theirs.pk}", **headers).status_code == 404
    detail = client.get(f"/api/v1/resolutions/{resolution.pk}", **headers).json()
    assert [a["agency"] for a in detail["assignments"]] == ["صمت"]


def test_a_liaison_token_cannot_change_another_agencys_records(client, resolution, bearer):
    headers = bearer("samat")
    theirs = resolution.assignments.get(agency__short_name="امور مالیاتی")
    report = post(
        client,
        f"/api/v1/assignments/{theirs.pk}/followups",
        {"text": "دستکاری", "progress": 100, "is_final": True},
        headers,
    )
    assert report.status_code == 404
    patch = client.patch(
        f"/api/v1/assignments/{theirs.pk}",
        data=json.dumps({"version": theirs.version, "status": "verified_done"}),
        content_type="application/json",
        **headers,
    )
    assert patch.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Assignment.Status.ISSUED and FollowUp.objects.count() == 0
    # …and cannot write what only the secretariat writes.
    forbidden = post(
        client,
        "/api/v1/meetings",
        {"committee_id": resolution.committee_id, "date": "2026-10-02"},
        headers,
    )
    assert forbidden.status_code in (403, 404)


def test_a_liaison_reports_on_its_own_assignment(client, resolution, bearer):
    mine = resolution.assignments.get(agency__short_name="صمت")
    response = post(
        client,
        f"/api/v1/assignments/{mine.pk}/followups",
        {"text": "انجام شد", "progress": 100, "is_final": True},
        bearer("samat"),
    )
    assert response.status_code == 201
    mine.refresh_from_db()
    assert mine.status == Assignment.Status.REPORTED_DONE


def test_no_report_or_status_through_the_api_on_a_meeting_not_held(client, people, bearer):
    """An assignment of a planned meeting (data from before the rule): 422, Persian, nothing
    changes; once the meeting is held the same report is taken."""
    from hamahang.meetings.models import Meeting
    from hamahang.meetings.tests.factories import make_meeting, make_resolutions

    meeting = make_meeting(
        Committee.objects.get(kind="facilitation"), dt.date(2026, 10, 1), status="planned"
    )
    make_resolutions(meeting, [Agency.objects.get(short_name="صمت")], 1)
    mine = Assignment.objects.get(resolution__meeting=meeting)
    url = f"/api/v1/assignments/{mine.pk}/followups"
    report = {"text": "انجام شد", "progress": 100, "is_final": True}
    refused = post(client, url, report, bearer("samat"))
    assert refused.status_code == 422 and refused.json()["code"] == "meeting_not_held"
    assert "ثبت گزارش پیگیری فقط برای جلسه برگزارشده" in refused.json()["message"]
    status = {"version": mine.version, "status": "reported_done"}
    moved = post(client, f"/api/v1/assignments/{mine.pk}/status", status, bearer("dabir"))
    assert moved.status_code == 422 and moved.json()["code"] == "meeting_not_held"
    assert not FollowUp.objects.filter(assignment=mine).exists()
    mine.refresh_from_db()
    assert (mine.status, mine.progress) == (Assignment.Status.ISSUED, 0)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    assert post(client, url, report, bearer("samat")).status_code == 201


def test_the_secretariat_creates_a_resolution_with_jalali_display_fields(client, people, bearer):
    headers = bearer("dabir")
    meeting = post(
        client,
        "/api/v1/meetings",
        {"committee_id": Committee.objects.get(kind="facilitation").pk, "date": "2020-09-15"},
        headers,
    ).json()
    assert meeting["date_jalali"] == "1399/06/25"
    samat = Agency.objects.get(short_name="صمت")
    payload = {
        "meeting_id": meeting["id"],
        "text": "متن",
        "assignments": [{"agency_id": samat.pk, "deadline": "2020-10-21"}],
    }
    # A planned meeting (not held yet) takes no resolution: 422, in Persian, nothing written.
    refused = post(client, "/api/v1/resolutions", payload, headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "meeting_not_held"
    assert "هنوز برگزار نشده است" in refused.json()["message"]
    assert not Resolution.objects.exists() and not Assignment.objects.exists()
    held = post(client, f"/api/v1/meetings/{meeting['id']}/transition", {"status": "held"}, headers)
    assert held.status_code == 200
    created = post(client, "/api/v1/resolutions", payload, headers)
    assert created.status_code == 201
    body = created.json()
    assert body["code"] == f"1399-{meeting['number']:02d}-01"
    assert body["assignments"][0]["deadline_jalali"] == "1399/07/30"


@pytest.mark.parametrize(
    ("payload", "code", "message"),
    [
        ({"date": "2020-02-30"}, "invalid_request", "تاریخ باید به شکل YYYY-MM-DD (میلادی) باشد."),
        ({}, "invalid_request", "این مقدار لازم است."),
    ],
)
def test_bad_requests_get_persian_errors_and_change_nothing(client, bearer, payload, code, message):
    from hamahang.meetings.models import Meeting

    body = {"committee_id": Committee.objects.get(kind="facilitation").pk, **payload}
    if not payload:
        body = {}
    response = post(client, "/api/v1/meetings", body, bearer("dabir"))
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == code and message in json.dumps(data, ensure_ascii=False)
    assert Meeting.objects.count() == 0


def test_a_stale_version_is_a_conflict(client, resolution, bearer):
    headers = bearer("dabir")
    url = f"/api/v1/resolutions/{resolution.pk}"
    ok = client.patch(
        url,
        data=json.dumps({"version": resolution.version, "text": "تازه"}),
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200
    stale = client.patch(
        url,
        data=json.dumps({"version": resolution.version, "text": "کهنه"}),
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


def test_the_schema_and_docs_are_served_locally(client, bearer):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/resolutions" in schema["paths"]
    client.force_login(
        __import__("hamahang.accounts.models", fromlist=["User"]).User.objects.get(username="dabir")
    )
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn.jsdelivr" not in docs


@pytest.mark.parametrize("rows", [10, 200])
def test_the_api_list_query_count_does_not_grow(
    client, bearer, people, rows, django_assert_max_num_queries
):
    from hamahang.meetings.tests.factories import make_meeting, make_resolutions

    meeting = make_meeting(Committee.objects.get(kind="facilitation"), dt.date(2026, 9, 1))
    make_resolutions(
        meeting, [Agency.objects.get(short_name="صمت")], rows, deadline=dt.date(2026, 12, 1)
    )
    headers = bearer("samat")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/assignments?limit=25", **headers)
    assert response.status_code == 200 and len(response.json()["items"]) == min(rows, 25)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/resolutions?limit=25", **headers).status_code == 200


def test_amounts_in_the_api_are_written_out_in_full(client, people, bearer):
    """2,025 billion rials read as "2025000000000", never 2.025E+12 (a Decimal made from an
    exponent, or summed, keeps it unless written out: core.jsonenc.plain_decimal)."""
    from decimal import Decimal

    from hamahang.organizations.models import County
    from hamahang.projects import services as projects

    dabir = people["dabir"]
    project = projects.project_create(
        acting_user=dabir,
        code="P-1",
        title="طرح آزمایشی",
        sector="industry",
        county=County.objects.filter(province_id=dabir.agency.province_id).first(),
        owner=dabir.agency,
    )
    projects.investment_add(
        project=project,
        amount=Decimal("2.025E+12"),
        currency="IRR",
        value_date=dt.date(2026, 1, 1),
        source="own_equity",
        acting_user=dabir,
    )
    headers = bearer("dabir")
    added = post(
        client,
        f"/api/v1/projects/{project.pk}/investments",
        {"amount": 1.5e6, "currency": "USD", "value_date": "2026-01-02", "source": "own_equity"},
        headers,
    )
    assert added.status_code == 201, added.content
    for body in (
        added.content.decode(),
        client.get(f"/api/v1/projects/{project.pk}", **headers).content.decode(),
    ):
        assert "E+" not in body and "e+" not in body
        amounts = sorted(line["amount"] for line in json.loads(body)["investments"])
        assert amounts == ["1500000", "2025000000000"]
    # A Decimal that still carries its exponent (a sum, a parsed "2.025E+12") too.
    from hamahang.api.api import PlainDecimalEncoder

    assert (
        json.dumps({"a": Decimal("2.025E+12")}, cls=PlainDecimalEncoder) == '{"a": "2025000000000"}'
    )
