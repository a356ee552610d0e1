"""Sending draft minutes for sign-off over the API: the same service and refusals as the page."""

import json

from hamahang.accounts.tokens import api_token_create
from hamahang.signoff.models import SignoffRound


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def _post(client, world, user, body):
    return client.post(
        f"/api/v1/meetings/{world.meeting.pk}/signoff",
        json.dumps(body),
        content_type="application/json",
        **_auth(user),
    )


def test_api_sends_the_draft_and_refuses_bad_signers(client, world):
    bad = {"signers": [{"agency_id": world.agency_c.pk, "user_id": world.liaison_c.pk}]}
    response = _post(client, world, world.secretariat, {**bad, "chair_id": world.chair.pk})
    assert response.status_code == 422
    assert "امضاکننده برگزیده نادرست است" in response.json()["message"]
    assert not SignoffRound.objects.exists()
    assert _post(client, world, world.liaison_a, {**bad, "chair_id": 1}).status_code == 404

    body = {
        "signers": [{"agency_id": world.agency_a.pk, "user_id": world.liaison_a.pk}],
        "chair_id": world.chair.pk,
    }
    response = _post(client, world, world.secretariat, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "open" and len(data["signers"]) == 2
    assert SignoffRound.objects.get().pk == data["id"]
