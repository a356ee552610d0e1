"""The Bale link page and its API twin (the same services)."""

import pytest

from hamahang.accounts.tokens import api_token_create
from hamahang.bale.models import BaleLink, BaleLinkCode
from hamahang.bale.tests.conftest import LINKED_CHAT

pytestmark = pytest.mark.django_db


def test_the_page_offers_a_one_time_deep_link(
    client, world, settings, django_assert_max_num_queries
):
    settings.BALE_BOT_USERNAME = "hamahang_bot"
    client.force_login(world.other_liaison)
    with django_assert_max_num_queries(8):
        page = client.get("/bale/link/").content.decode()
    assert "هنوز بله را پیوند نداده‌اید" in page
    with django_assert_max_num_queries(12):
        page = client.post("/bale/link/").content.decode()
    code = BaleLinkCode.objects.get(user=world.other_liaison)
    assert f"https://ble.ir/hamahang_bot?start={code.code}" in page
    assert f"/start {code.code}" in page


def test_a_new_code_ends_the_earlier_unused_one(client, world):
    client.force_login(world.other_liaison)
    client.post("/bale/link/")
    client.post("/bale/link/")
    codes = BaleLinkCode.objects.filter(user=world.other_liaison).order_by("created_at")
    assert codes.count() == 2 and codes[0].expires_at <= codes[1].created_at


def test_a_linked_user_sees_the_link_and_can_remove_it(client, world):
    client.force_login(world.liaison)
    assert "بله شما پیوند خورده است" in client.get("/bale/link/").content.decode()
    response = client.post("/bale/unlink/", follow=True)
    assert "پیوند بله برداشته شد" in response.content.decode()
    assert not BaleLink.objects.filter(chat_id=LINKED_CHAT, active=True).exists()


def test_the_page_needs_a_sign_in(client, world):
    response = client.post("/bale/link/")
    assert response.status_code == 302 and not BaleLinkCode.objects.exists()


def test_the_api_makes_codes_reads_and_removes_the_link(client, world):
    _token, raw = api_token_create(user=world.liaison, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/bale/link", **auth).json()["chat_id"] == LINKED_CHAT
    made = client.post("/api/v1/bale/link-codes", **auth)
    assert made.status_code == 201
    code = BaleLinkCode.objects.get(user=world.liaison)
    assert made.json()["url"].endswith(f"?start={code.code}")
    assert client.delete("/api/v1/bale/link", **auth).json() == {
        "linked": False,
        "chat_id": "",
        "linked_at": None,
    }
    assert not BaleLink.objects.filter(active=True).exists()


def test_the_api_refuses_without_a_token(client, world):
    assert client.post("/api/v1/bale/link-codes").status_code == 401
    assert not BaleLinkCode.objects.exists()


def test_the_box_renders_on_another_page_through_its_tag(rf, world):
    from django.template import RequestContext, Template

    request = rf.get("/accounts/profile/")
    request.user = world.liaison
    box = Template("{% load bale %}{% bale_link_box %}").render(RequestContext(request))
    assert 'id="bale-link"' in box and "بله شما پیوند خورده است" in box
    request.user = world.other_liaison
    box = Template("{% load bale %}{% bale_link_box %}").render(RequestContext(request))
    assert "ساخت پیوند بله" in box and 'action="/bale/link/"' in box


def test_the_profile_page_shows_the_bale_box(client, world, django_assert_max_num_queries):
    client.force_login(world.liaison)
    with django_assert_max_num_queries(15):
        page = client.get("/accounts/profile/").content.decode()
    assert 'id="bale-link"' in page and "بله شما پیوند خورده است" in page
