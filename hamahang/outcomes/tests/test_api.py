"""The outcomes API: the same service rules, Persian errors, nothing written on bad input."""

import datetime as dt
import json

import pytest

from hamahang.api.tests.conftest import bearer, people  # noqa: F401
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.models import Agency, Committee
from hamahang.outcomes.models import AssignmentBlock, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(bearer):  # noqa: F811
    return bearer


@pytest.fixture
def demo_resolution(people):  # noqa: F811
    committee = Committee.objects.get(kind="facilitation")
    meeting = make_meeting(committee, dt.date(2020, 6, 1))
    return make_resolutions(meeting, [Agency.objects.get(short_name="صمت")], 1)[0]


def post(client, url, payload, headers):
    return client.post(url, data=json.dumps(payload), content_type="application/json", **headers)


def test_record_and_list_outcomes(client, headers, demo_resolution):
    payload = {
        "kind": "money_released",
        "quantity": "350000",
        "currency": "USD",
        "date": "2020-08-01",
        "source": "گزارش بانک عامل",
        "resolution_id": demo_resolution.pk,
    }
    response = post(client, "/api/v1/outcomes", payload, headers("dabir"))
    assert response.status_code == 201, response.content
    assert response.json()["currency"] == "USD"
    listed = client.get(
        f"/api/v1/outcomes?resolution_id={demo_resolution.pk}", **headers("dabir")
    ).json()
    assert [row["kind"] for row in listed["items"]] == ["money_released"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quantity": "-3"}, "بزرگ‌تر از صفر"),
        ({"kind": "money_released", "currency": ""}, "ارز را مشخص کنید"),
        ({"date": "2026-12-25"}, "در آینده است"),
    ],
)
def test_bad_input_is_refused_in_persian(client, headers, demo_resolution, change, message):
    payload = {
        "kind": "jobs_kept",
        "quantity": "10",
        "date": "2020-08-01",
        "source": "گزارش",
        "resolution_id": demo_resolution.pk,
        **change,
    }
    response = post(client, "/api/v1/outcomes", payload, headers("dabir"))
    assert response.status_code == 422
    assert message in response.json()["message"]
    assert not Outcome.objects.exists()


def test_a_liaison_cannot_record_outcomes_or_block(client, headers, demo_resolution):
    payload = {
        "kind": "jobs_kept",
        "quantity": "10",
        "date": "2020-08-01",
        "source": "گزارش",
        "resolution_id": demo_resolution.pk,
    }
    assert post(client, "/api/v1/outcomes", payload, headers("samat")).status_code in {403, 422}
    assert not Outcome.objects.exists()


def test_block_and_unblock_through_the_api(client, headers, demo_resolution):
    unit_id = _unit_for(demo_resolution)
    commitment = post(
        client,
        "/api/v1/commitments",
        {
            "unit_id": unit_id,
            "resolution_id": demo_resolution.pk,
            "kind": "repay_arrears",
            "description": "بازپرداخت معوقات",
            "deadline": "2020-07-01",
        },
        headers("dabir"),
    )
    assert commitment.status_code == 201, commitment.content
    assignment = demo_resolution.assignments.get()
    url = f"/api/v1/assignments/{assignment.pk}/producer-block"
    blocked = post(
        client,
        url,
        {"commitment_id": commitment.json()["id"], "reason": "معوقات"},
        headers("dabir"),
    )
    assert blocked.json() == {"assignment_id": assignment.pk, "blocked": True}
    assert AssignmentBlock.objects.filter(lifted_at=None).count() == 1
    assert client.delete(url, **headers("dabir")).json()["blocked"] is False
    assert not AssignmentBlock.objects.filter(lifted_at=None).exists()


def _unit_for(resolution):
    from hamahang.organizations.models import County
    from hamahang.units.models import ProductionUnit

    unit = ProductionUnit.objects.create(
        province=resolution.committee.province,
        county=County.objects.filter(province=resolution.committee.province).first(),
        name="شرکت نمونه",
        legal_id="10100340056",
        kind="industrial",
    )
    resolution.unit = unit
    resolution.save()
    return unit.pk
