"""Obstacle coding and relief expiry through the API: the same service rules, in Persian."""

import pytest

from hamahang.api.tests.test_api import post
from hamahang.meetings.models import Resolution
from hamahang.organizations.models import Committee

pytestmark = pytest.mark.django_db


def test_a_relief_through_the_api_needs_its_expiry_after_the_meeting(client, people, bearer):
    headers = bearer("dabir")
    meeting = post(
        client,
        "/api/v1/meetings",
        {"committee_id": Committee.objects.get(kind="facilitation").pk, "date": "2020-09-15"},
        headers,
    ).json()
    post(client, f"/api/v1/meetings/{meeting['id']}/transition", {"status": "held"}, headers)
    payload = {
        "meeting_id": meeting["id"],
        "text": "اجراییه تأمین اجتماعی واحد سه ماه به تعویق افتد.",
        "type": "enforcement_postponement",
        "obstacle": "social_security",
        "legal_basis": "ماده ۴۹ قانون تأمین اجتماعی",
    }
    missing = post(client, "/api/v1/resolutions", payload, headers)
    assert missing.status_code == 422
    assert missing.json()["message"] == "تاریخ پایان اعتبار این مهلت حمایتی را بنویسید."
    assert "relief_expires_on" in missing.json()["fields"]
    early = post(
        client, "/api/v1/resolutions", {**payload, "relief_expires_on": "2020-09-01"}, headers
    )
    assert early.status_code == 422 and "پس از تاریخ جلسه" in early.json()["message"]
    unknown = post(
        client,
        "/api/v1/resolutions",
        {**payload, "obstacle": "weather", "relief_expires_on": "2020-12-15"},
        headers,
    )
    assert unknown.status_code == 422  # refused by the schema before any service
    assert not Resolution.objects.exists()
    created = post(
        client, "/api/v1/resolutions", {**payload, "relief_expires_on": "2020-12-15"}, headers
    )
    assert created.status_code == 201
    body = created.json()
    assert body["obstacle"] == "social_security" and body["relief_expires_on"] == "2020-12-15"
    assert body["legal_basis"] == "ماده ۴۹ قانون تأمین اجتماعی"

    # The expiry set afterwards (the ledger's gap list), through the screen's own service:
    # before the meeting refused in Persian and nothing changed, a good date recorded.
    url = f"/api/v1/resolutions/{body['id']}/relief-expiry"
    refused = client.put(
        url, {"relief_expires_on": "2020-09-01"}, content_type="application/json", **headers
    )
    assert refused.status_code == 422 and "پس از تاریخ جلسه" in refused.json()["message"]
    assert str(Resolution.objects.get().relief_expires_on) == "2020-12-15"
    moved = client.put(
        url, {"relief_expires_on": "2021-01-20"}, content_type="application/json", **headers
    )
    assert moved.status_code == 200 and moved.json()["relief_expires_on"] == "2021-01-20"
