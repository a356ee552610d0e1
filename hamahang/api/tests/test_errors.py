"""One error shape for the whole API: every refusal, whatever raised it, is the documented
Persian {"code", "message"} — and nothing is written."""

import json

import pytest

from hamahang.meetings.models import Meeting, Resolution
from hamahang.organizations.models import Committee

pytestmark = pytest.mark.django_db


def _is_persian_error(response, status, code=None):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) >= {"code", "message"}
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"]), body
    if code:
        assert body["code"] == code
    return body


def test_malformed_json_is_answered_in_persian(client, bearer):
    response = client.post(
        "/api/v1/meetings", data="{not json", content_type="application/json", **bearer("dabir")
    )
    body = _is_persian_error(response, 400, "malformed_json")
    assert body["message"] == "بدنه درخواست JSON معتبر نیست."


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_in_any_text_are_refused(client, bearer, char):
    committee = Committee.objects.get(kind="facilitation")
    before = Meeting.objects.count()
    response = client.post(
        "/api/v1/meetings",
        data=json.dumps({"committee_id": committee.pk, "date": "2026-10-01", "place": f"a{char}b"}),
        content_type="application/json",
        **bearer("dabir"),
    )
    body = _is_persian_error(response, 422, "control_char")
    assert body["fields"] == {"place": ["متن نباید نویسه کنترلی (مانند NUL) داشته باشد."]}
    assert Meeting.objects.count() == before


def test_tab_and_newlines_are_text(client, bearer):
    committee = Committee.objects.get(kind="facilitation")
    response = client.post(
        "/api/v1/meetings",
        data=json.dumps(
            {"committee_id": committee.pk, "date": "2026-10-01", "notes": "یک\tدو\r\nسه"}
        ),
        content_type="application/json",
        **bearer("dabir"),
    )
    assert response.status_code == 201


def test_nul_in_a_query_string_is_refused(client, bearer):
    response = client.get("/api/v1/resolutions?q=%00x", **bearer("dabir"))
    _is_persian_error(response, 422, "control_char")


def test_a_body_over_the_limit_is_413_before_it_is_read(client, bearer, settings):
    before = Resolution.objects.count()
    big = json.dumps({"meeting_id": 1, "text": "ا" * (1024 * 1024 * 11)})  # ~21 MB UTF-8
    response = client.post(
        "/api/v1/resolutions", data=big, content_type="application/json", **bearer("dabir")
    )
    _is_persian_error(response, 413, "body_too_large")
    assert Resolution.objects.count() == before


def test_unknown_url_and_wrong_method_answer_in_the_same_shape(client, bearer):
    _is_persian_error(client.get("/api/v1/nothing-here", **bearer("dabir")), 404, "not_found")
    response = client.delete("/api/v1/meetings", **bearer("dabir"))
    _is_persian_error(response, 405, "method_not_allowed")


def test_an_unexpected_failure_is_a_persian_500(client, bearer, monkeypatch):
    from hamahang.meetings import selectors

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "meeting_list", boom)
    response = client.get("/api/v1/meetings", **bearer("dabir"))
    body = _is_persian_error(response, 500, "server_error")
    assert "boom" not in json.dumps(body)


def test_validation_errors_name_the_field_in_persian(client, bearer):
    response = client.post(
        "/api/v1/meetings",
        data=json.dumps({"committee_id": "x", "date": "1399/13/01"}),
        content_type="application/json",
        **bearer("dabir"),
    )
    body = _is_persian_error(response, 422, "invalid_request")
    assert body["fields"]["payload.committee_id"] == ["عدد صحیح لازم است."]


def test_a_megabyte_resolution_text_is_refused_by_the_service(people):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from hamahang.meetings import services
    from hamahang.meetings.models import Resolution
    from hamahang.meetings.tests.factories import held_meeting
    from hamahang.organizations.models import Committee

    meeting = held_meeting(
        Committee.objects.get(kind="facilitation"), dt.date(2026, 10, 1), people["dabir"]
    )
    with pytest.raises(ValidationError) as refused:
        services.resolution_create(
            meeting=meeting, text="ب" * 1_000_000, assignments=[], acting_user=people["dabir"]
        )
    assert "حداکثر ۴۰۰۰ نویسه" in refused.value.messages[0]
    assert Resolution.objects.count() == 0


def test_a_megabyte_resolution_text_through_the_api_is_refused(client, bearer, people):
    meeting = client.post(
        "/api/v1/meetings",
        data=json.dumps(
            {"committee_id": Committee.objects.get(kind="facilitation").pk, "date": "2026-10-01"}
        ),
        content_type="application/json",
        **bearer("dabir"),
    ).json()
    response = client.post(
        "/api/v1/resolutions",
        data=json.dumps({"meeting_id": meeting["id"], "text": "x" * 1_000_000}),  # 1 MB
        content_type="application/json",
        **bearer("dabir"),
    )
    body = _is_persian_error(response, 422, "invalid_request")
    assert body["fields"]["payload.text"] == ["این مقدار بیش از اندازه بلند است."]
    assert Resolution.objects.count() == 0
