"""Publishing resolutions (meetings services, the screen's button and bulk action, the API) and
press statements (public.services)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamahang.accounts.tokens import api_token_create
from hamahang.core.jalali import Period
from hamahang.meetings import services
from hamahang.meetings.models import Resolution, ResolutionEvent
from hamahang.public.models import PublishedStatement
from hamahang.public.services import publish_statement

pytestmark = pytest.mark.django_db


def test_publishing_records_when_and_a_timeline_event(world):
    resolution = services.resolution_publish(resolution=world["first"], acting_user=world["dabir"])
    assert resolution.is_published and resolution.published_at is not None
    event = ResolutionEvent.objects.get(kind=ResolutionEvent.Kind.PUBLISHED)
    assert event.resolution_id == world["first"].pk and "برای عموم منتشر شد" in event.description
    services.resolution_publish(resolution=world["first"], acting_user=world["dabir"])
    assert ResolutionEvent.objects.filter(kind=ResolutionEvent.Kind.PUBLISHED).count() == 1
    services.resolution_unpublish(resolution=world["first"], acting_user=world["dabir"])
    world["first"].refresh_from_db()
    assert not world["first"].is_published and world["first"].published_at is None
    assert ResolutionEvent.objects.filter(kind=ResolutionEvent.Kind.UNPUBLISHED).count() == 1


def test_a_confidential_resolution_is_never_published(world):
    with pytest.raises(ValidationError) as refused:
        services.resolution_publish(resolution=world["secret"], acting_user=world["dabir"])
    assert "محرمانه است و برای عموم منتشر نمی‌شود" in refused.value.messages[0]
    assert not Resolution.objects.get(pk=world["secret"].pk).is_published


def test_a_bulk_publish_with_a_confidential_one_publishes_none(world):
    chosen = [world["first"], world["second"], world["secret"]]
    with pytest.raises(ValidationError):
        services.resolutions_bulk_publish(resolutions=chosen, acting_user=world["dabir"])
    assert not Resolution.objects.filter(is_published=True).exists()
    count = services.resolutions_bulk_publish(resolutions=chosen[:2], acting_user=world["dabir"])
    assert count == 2 and Resolution.objects.filter(is_published=True).count() == 2


def test_a_liaison_cannot_publish(world):
    with pytest.raises(ValidationError):
        services.resolution_publish(resolution=world["first"], acting_user=world["liaison"])
    assert not Resolution.objects.get(pk=world["first"].pk).is_published


def test_a_published_resolution_cannot_be_made_confidential(published):
    first = Resolution.objects.get(pk=published["first"].pk)
    with pytest.raises(ValidationError) as refused:
        services.resolution_update(
            resolution=first,
            version=first.version,
            acting_user=published["dabir"],
            text=first.text,
            type=first.type,
            is_confidential=True,
        )
    assert "پیش از محرمانه کردن، انتشار آن را لغو کنید" in refused.value.messages[0]
    assert not Resolution.objects.get(pk=first.pk).is_confidential


def test_the_resolution_page_button_publishes(client, world):
    client.force_login(world["dabir"])
    page = client.get(reverse("meetings:resolution_detail", args=[world["first"].pk]))
    assert "انتشار برای عموم" in page.content.decode()
    url = reverse("meetings:resolution_publish", args=[world["first"].pk])
    response = client.post(url, follow=True)
    assert "برای عموم منتشر شد" in response.content.decode()
    assert Resolution.objects.get(pk=world["first"].pk).is_published
    client.post(url, {"unpublish": "1"})
    assert not Resolution.objects.get(pk=world["first"].pk).is_published


def test_the_button_refuses_a_confidential_resolution_in_persian(client, world):
    client.force_login(world["dabir"])
    url = reverse("meetings:resolution_publish", args=[world["secret"].pk])
    response = client.post(url, follow=True)
    assert "محرمانه است و برای عموم منتشر نمی‌شود" in response.content.decode()
    assert not Resolution.objects.get(pk=world["secret"].pk).is_published


def test_a_liaison_gets_no_publish_screen(client, world):
    client.force_login(world["liaison"])
    url = reverse("meetings:resolution_publish", args=[world["first"].pk])
    assert client.post(url).status_code == 403
    assert not Resolution.objects.get(pk=world["first"].pk).is_published


def test_the_list_bulk_action_publishes_all_or_none(client, world):
    client.force_login(world["dabir"])
    url = reverse("meetings:resolution_list")
    ids = [world["first"].pk, world["secret"].pk]
    response = client.post(url, {"action": "publish", "selected": ids}, follow=True)
    assert "هیچ مصوبه‌ای منتشر نشد" in response.content.decode()
    assert not Resolution.objects.filter(is_published=True).exists()
    response = client.post(url, {"action": "publish", "selected": [world["first"].pk]}, follow=True)
    assert "۱ مصوبه برای عموم منتشر شد" in response.content.decode()


def test_the_api_publishes_and_refuses_confidential(client, world):
    _token, raw = api_token_create(user=world["dabir"], name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    ok = client.post(f"/api/v1/resolutions/{world['first'].pk}/publish", **headers)
    assert ok.status_code == 200 and ok.json()["is_published"] is True
    refused = client.post(f"/api/v1/resolutions/{world['secret'].pk}/publish", **headers)
    assert refused.status_code == 422 and "محرمانه" in refused.json()["message"]
    batch = client.post(
        "/api/v1/resolution-batches/publish",
        data=json.dumps({"resolution_ids": [world["second"].pk]}),
        content_type="application/json",
        **headers,
    )
    assert batch.json() == {"count": 1}
    off = client.post(f"/api/v1/resolutions/{world['first'].pk}/unpublish", **headers)
    assert off.json()["is_published"] is False


# --- statements ------------------------------------------------------------------------------


def test_the_director_publishes_a_statement_shown_on_the_province_page(client, world):
    statement = publish_statement(
        text="در سال ۱۳۹۹ ستاد تسهیل ۱۲ جلسه برگزار کرد.\n\nوی افزود: ۴۰ مصوبه صادر شد.",
        period=Period.fiscal_year(1399),
        province=world["province"],
        acting_user=world["modir"],
    )
    assert statement.period_label == "سال ۱۳۹۹" and statement.published_by == world["modir"]
    text = client.get(reverse("public:province", args=["qom"])).content.decode()
    assert "ستاد تسهیل ۱۲ جلسه برگزار کرد" in text and "وی افزود" in text
    assert world["modir"].username not in text


@pytest.mark.parametrize(
    ("text", "who", "message"),
    [
        ("", "modir", "متن بیانیه خالی است"),
        ("متن\x00", "modir", ""),
        ("متن", "liaison", "فقط از مدیر کل یا کارشناسان دبیرخانه"),
    ],
)
def test_a_bad_statement_is_refused_in_persian(world, text, who, message):
    with pytest.raises(ValidationError) as refused:
        publish_statement(
            text=text,
            period=Period.fiscal_year(1399),
            province=world["province"],
            acting_user=world[who],
        )
    assert message in refused.value.messages[0]
    assert not PublishedStatement.objects.exists()


def test_only_the_national_secretariat_publishes_for_the_country(world):
    with pytest.raises(ValidationError) as refused:
        publish_statement(
            text="متن", period=Period.fiscal_year(1399), province=None, acting_user=world["modir"]
        )
    assert "دبیرخانه ملی" in refused.value.messages[0]


def test_the_statement_screen_publishes(client, world):
    client.force_login(world["modir"])
    response = client.post(
        reverse("public:statement_publish") + "?period=y1399",
        {"text": "بیانیه آزمایشی سال ۱۳۹۹", "format": "txt"},
        follow=True,
    )
    assert "بیانیه برای عموم منتشر شد" in response.content.decode()
    assert PublishedStatement.objects.get().period_key == "y1399"


def test_publishing_a_statement_notifies_its_webhook_subscribers(world):
    from hamahang.notices.models import Notice
    from hamahang.webhooks import services as webhook_services

    subscription, _secret = webhook_services.subscription_create(
        acting_user=world["dabir"],
        spec=webhook_services.SubscriptionSpec(
            name="درگاه استان",
            url="https://portal.example.ir/hooks",
            events=["statement.published"],
        ),
    )
    statement = publish_statement(
        text="بیانیه سال ۱۳۹۹",
        period=Period.fiscal_year(1399),
        province=world["province"],
        acting_user=world["modir"],
    )
    [notice] = Notice.objects.all()
    assert notice.payload["subscription"] == subscription.pk
    assert notice.payload["body"]["text"] == statement.text == "بیانیه سال ۱۳۹۹"
