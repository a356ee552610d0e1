"""A person's own contact settings: the profile screen and /api/v1/me, one service."""

import json

import pytest
from django.core.exceptions import ValidationError

from hamahang.accounts.tokens import api_token_create
from hamahang.notices.services import user_contact_update

pytestmark = pytest.mark.django_db


def test_the_profile_page_shows_where_the_person_is_reached(
    channels, liaison, client, django_assert_max_num_queries
):
    client.force_login(liaison)
    with django_assert_max_num_queries(6):
        page = client.get("/accounts/profile/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "نمایه و اطلاع‌رسانی" in text and 'value="09121234567"' in text
    listed = text[text.index('id="channels"') :]
    # the office's order (Bale, SMS, e-mail): not linked to Bale, SMS and e-mail masked
    assert listed.index("بله") < listed.index("پیامک") < listed.index("رایانامه")
    assert "در دسترس نیست" in listed and "0912***4567" in listed and "ra***@example.ir" in listed
    assert "وب‌هوک" not in listed  # installed, but not a channel people are told on


def test_saving_the_profile_stores_the_mobile_and_the_order(channels, liaison, client):
    client.force_login(liaison)
    response = client.post(
        "/accounts/profile/",
        {"phone": "+98 ۹۳۵ ۱۱۱ ۲۲۳۳", "channel_1": "email", "channel_2": "sms"},
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert (liaison.phone, liaison.notice_channels) == ("09351112233", ["email", "sms"])
    assert "تنظیمات اطلاع‌رسانی ذخیره شد." in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "025-3777"}, "شماره تلفن همراه درست نیست"),
        ({"phone": "", "channel_1": "sms", "channel_2": "sms"}, "هر مجرا را یک بار برگزینید."),
        ({"phone": "", "channel_1": "pigeon"}, "این مجرا در سامانه نیست."),
    ],
)
def test_bad_profile_input_is_refused_in_persian_and_nothing_changes(
    channels, liaison, client, data, message
):
    client.force_login(liaison)
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    liaison.refresh_from_db()
    assert (liaison.phone, liaison.notice_channels) == ("09121234567", [])


def test_blank_order_means_the_offices(channels, liaison, client):
    liaison.notice_channels = ["email"]
    liaison.save()
    client.force_login(liaison)
    client.post("/accounts/profile/", {"phone": "09121234567"})
    liaison.refresh_from_db()
    assert liaison.notice_channels == []


def test_no_one_changes_another_persons_settings(channels, liaison, agency):
    from hamahang.accounts.tests.factories import UserFactory

    other = UserFactory(agency=agency)
    with pytest.raises(ValidationError, match="فقط خود شخص"):
        user_contact_update(user=liaison, acting_user=other, phone="09120000000")
    liaison.refresh_from_db()
    assert liaison.phone == "09121234567"


def _api(client, liaison):
    _token, raw = api_token_create(user=liaison, name="t")
    return type(client)(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_reads_and_sets_the_same_settings(channels, liaison, client):
    api = _api(client, liaison)
    me = api.get("/api/v1/me").json()
    assert (me["username"], me["phone"], me["notice_channels"]) == (
        liaison.username,
        "09121234567",
        [],
    )
    assert [(c["name"], c["address"], c["position"]) for c in me["channels"]] == [
        ("bale", "", 1),
        ("sms", "0912***4567", 2),
        ("email", "ra***@example.ir", 3),
    ]
    changed = api.patch(
        "/api/v1/me",
        json.dumps({"phone": "۰۰۹۸۹۳۵۱۱۱۲۲۳۳", "notice_channels": ["sms"]}),
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["phone"] == "09351112233"
    liaison.refresh_from_db()
    assert (liaison.phone, liaison.notice_channels) == ("09351112233", ["sms"])
    # a field left out is left alone
    api.patch("/api/v1/me", json.dumps({"notice_channels": []}), content_type="application/json")
    liaison.refresh_from_db()
    assert (liaison.phone, liaison.notice_channels) == ("09351112233", [])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "شماره تلفن همراه درست نیست"),
        ({"notice_channels": ["pigeon"]}, "notice_channels", "این مجرا در سامانه نیست: pigeon"),
        ({"notice_channels": ["webhook"]}, "notice_channels", "این مجرا در سامانه نیست: webhook"),
        ({"notice_channels": ["sms", "sms"]}, "notice_channels", "هر مجرا یک بار"),
    ],
)
def test_the_api_refuses_bad_settings_in_persian(channels, liaison, client, body, field, message):
    api = _api(client, liaison)
    response = api.patch("/api/v1/me", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert message in response.json()["fields"][field][0]
    liaison.refresh_from_db()
    assert (liaison.phone, liaison.notice_channels) == ("09121234567", [])


def test_the_api_needs_a_signed_in_person(client):
    assert client.get("/api/v1/me").status_code == 401
