"""Idempotency-Key on API writes: a repeat is answered from the first attempt, never written
twice; a key reused for another request, or a malformed key, is refused in Persian."""

import json

import pytest

from hamahang.core.idempotency import KEY_REUSED, REPLAYED_HEADER
from hamahang.core.models import IdempotentRequest
from hamahang.meetings.models import FollowUp

from .test_api import resolution  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def report(client, assignment, headers, key=None, text="گزارش پیشرفت", progress=40):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"/api/v1/assignments/{assignment.pk}/followups",
        data=json.dumps({"text": text, "progress": progress}),
        content_type="application/json",
        **headers,
        **extra,
    )


@pytest.fixture
def mine(resolution):  # noqa: F811
    return resolution.assignments.get(agency__short_name="صمت")


def test_a_write_sent_again_with_its_key_is_answered_once_and_kept_once(client, mine, bearer):
    headers = bearer("samat")
    first = report(client, mine, headers, key="4b1d6c0e-drill")
    again = report(client, mine, headers, key="4b1d6c0e-drill")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again[REPLAYED_HEADER] == "true" and REPLAYED_HEADER not in first
    assert FollowUp.objects.filter(assignment=mine).count() == 1
    # Another key is another write.
    assert report(client, mine, headers, key="another").status_code == 201
    assert FollowUp.objects.filter(assignment=mine).count() == 2


def test_without_a_key_every_write_is_made(client, mine, bearer):
    headers = bearer("samat")
    assert report(client, mine, headers).status_code == 201
    assert report(client, mine, headers).status_code == 201
    assert FollowUp.objects.filter(assignment=mine).count() == 2
    assert not IdempotentRequest.objects.exists()


def test_a_key_reused_for_another_request_is_refused_in_persian(client, mine, bearer):
    headers = bearer("samat")
    assert report(client, mine, headers, key="k1", text="نخست").status_code == 201
    other = report(client, mine, headers, key="k1", text="دیگر")
    assert other.status_code == 422
    assert other.json() == {"code": "idempotency_key_reused", "message": KEY_REUSED}
    assert list(FollowUp.objects.filter(assignment=mine).values_list("text", flat=True)) == ["نخست"]


def test_another_caller_with_the_same_key_does_not_get_the_first_answer(client, people, bearer):
    from hamahang.organizations.models import Committee

    body = {"committee_id": Committee.objects.filter(kind="facilitation").first().pk}
    body["date"] = "2026-11-30"
    send = lambda who: client.post(  # noqa: E731
        "/api/v1/meetings",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="shared",
        **bearer(who),
    )
    assert send("dabir").status_code == 201
    refused = send("samat")
    assert refused.status_code == 422 and "id" not in refused.json()


@pytest.mark.parametrize("key", ["x" * 201, "bad\nkey"])
def test_a_malformed_key_is_refused_and_nothing_is_written(client, mine, bearer, key):
    response = report(client, mine, bearer("samat"), key=key)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_idempotency_key"
    assert "کلید یکتایی" in response.json()["message"]
    assert not FollowUp.objects.exists() and not IdempotentRequest.objects.exists()


def test_a_refused_write_is_answered_the_same_on_repeat(client, mine, bearer):
    """A 4xx is an answer: the repeat gets it again (nothing was written either time)."""
    headers = bearer("samat")
    first = report(client, mine, headers, key="bad-progress", progress=500)
    again = report(client, mine, headers, key="bad-progress", progress=500)
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json() and again[REPLAYED_HEADER] == "true"
    assert not FollowUp.objects.exists()


def test_old_keys_are_pruned(client, mine, bearer):
    import datetime as dt
    import io

    from django.core.management import call_command

    from hamahang.core import clock

    report(client, mine, bearer("samat"), key="old")
    report(client, mine, bearer("samat"), key="new")
    IdempotentRequest.objects.filter(key="old").update(
        created_at=clock.now() - dt.timedelta(hours=25)
    )
    out = io.StringIO()
    call_command("prune_idempotency_keys", stdout=out)
    assert out.getvalue().strip() == "removed 1"
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
