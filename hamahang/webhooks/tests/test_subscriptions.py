"""Managing subscriptions: the Persian screen, the API (same services), refusals of bad input,
the secret shown once, and the delivery log."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.accounts.tokens import api_token_create
from hamahang.notices.models import Notice
from hamahang.organizations.tests.factories import AgencyFactory, ProvinceFactory
from hamahang.webhooks import services
from hamahang.webhooks.events import emit
from hamahang.webhooks.models import Event, WebhookSubscription

pytestmark = pytest.mark.django_db

GOOD = {"name": "درگاه استان", "url": "https://portal.example.ir/hooks", "events": ["project.sent"]}


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"url": "http://portal.example.ir/hooks"}, "url", "https://"),
        ({"url": "ftp://portal.example.ir/x"}, "url", "نشانی درست نیست"),
        ({"url": "https://user:pw@portal.example.ir/x"}, "url", "گذرواژه"),
        ({"url": "https://portal.example.ir/" + "a" * 500}, "url", "حداکثر ۵۰۰ نویسه"),
        ({"events": ["resolution.deleted"]}, "events", "رویداد «resolution.deleted» شناخته نیست"),
        ({"events": []}, "events", "دست‌کم یک رویداد"),
        ({"name": "ن" * 201}, "name", "حداکثر ۲۰۰ نویسه"),
        ({"name": "  "}, "name", "نام گیرنده را بنویسید"),
        ({"name": "درگاه\x00"}, "name", "نویسه کنترلی"),
    ],
)
def test_bad_subscription_input_is_refused_in_persian(secretariat_user, fields, field, words):
    spec = services.SubscriptionSpec(**(GOOD | fields))
    with pytest.raises(ValidationError) as refused:
        services.subscription_create(acting_user=secretariat_user, spec=spec)
    assert words in " ".join(refused.value.message_dict[field])
    assert not WebhookSubscription.objects.exists()


def test_plain_http_to_this_machine_only_when_allowed(secretariat_user, settings):
    spec = services.SubscriptionSpec(**(GOOD | {"url": "http://127.0.0.1:8080/hooks"}))
    settings.HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP = False
    with pytest.raises(ValidationError):
        services.subscription_create(acting_user=secretariat_user, spec=spec)
    settings.HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP = True
    subscription, _secret = services.subscription_create(acting_user=secretariat_user, spec=spec)
    assert subscription.url == "http://127.0.0.1:8080/hooks"


def test_who_may_manage_and_in_which_province(secretariat_user, province):
    liaison = UserFactory(agency=AgencyFactory(province=province), role=Role.AGENCY_LIAISON)
    with pytest.raises(ValidationError) as refused:
        services.subscription_create(acting_user=liaison, spec=services.SubscriptionSpec(**GOOD))
    assert refused.value.code == "not_allowed"
    tehran = ProvinceFactory(name="تهران", code="tehran")
    with pytest.raises(ValidationError):  # a province office subscribes to its own province only
        services.subscription_create(
            acting_user=secretariat_user,
            spec=services.SubscriptionSpec(**GOOD, province=tehran),
        )
    own, _ = services.subscription_create(
        acting_user=secretariat_user, spec=services.SubscriptionSpec(**GOOD)
    )
    assert own.province == province  # never national for a province's office
    national = UserFactory(agency=AgencyFactory(province=tehran), role=Role.NATIONAL)
    theirs, _ = services.subscription_create(
        acting_user=national, spec=services.SubscriptionSpec(**GOOD, province=tehran)
    )
    with pytest.raises(ValidationError) as hidden:  # another province's: as if missing
        services.subscription_deactivate(acting_user=secretariat_user, subscription=theirs)
    assert hidden.value.code == "not_found"


def test_the_screen_creates_shows_the_secret_once_and_logs_deliveries(
    client, secretariat_user, django_assert_max_num_queries
):
    client.force_login(secretariat_user)
    page = client.get(reverse("webhooks:subscription_create"))
    assert "اشتراک وب‌هوک تازه" in page.text and "گستره" not in page.text  # own province only

    refused = client.post(reverse("webhooks:subscription_create"), GOOD | {"url": "http://x.ir"})
    assert refused.status_code == 200 and "https://" in refused.text
    assert not WebhookSubscription.objects.exists()

    made = client.post(reverse("webhooks:subscription_create"), GOOD)
    subscription = WebhookSubscription.objects.get()
    assert made.status_code == 200 and subscription.secret in made.text
    assert "دیگر نشان داده نمی‌شود" in made.text and made["Cache-Control"] == "no-store"

    for n in range(3):
        emit(Event.PROJECT_SENT, province_id=subscription.province_id, payload={}, key=f"p{n}")
    Notice.objects.filter(idempotency_key__endswith=":p1").update(
        attempts=2, status=Notice.Status.PENDING, last_error="گیرنده پاسخ خطا داد. HTTP 503: busy"
    )
    url = reverse("webhooks:subscription_detail", args=[subscription.pk])
    with django_assert_max_num_queries(8):
        detail = client.get(url)
    assert subscription.secret not in detail.text  # never shown again
    assert detail.text.count("ارسال طرح به دبیرخانه ملی") >= 3 and "۵۰۳" in detail.text
    with django_assert_max_num_queries(8):
        listed = client.get(reverse("webhooks:subscription_list"))
    assert "درگاه استان" in listed.text and subscription.secret not in listed.text

    rotated = client.post(reverse("webhooks:subscription_rotate", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.secret in rotated.text and subscription.secret_rotated_at
    client.post(reverse("webhooks:subscription_deactivate", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert not subscription.is_active
    again = client.post(
        reverse("webhooks:subscription_deactivate", args=[subscription.pk]), follow=True
    )
    assert "پیش‌تر غیرفعال شده" in again.text


def test_a_liaison_is_refused_the_screens(client, province):
    client.force_login(UserFactory(agency=AgencyFactory(province=province), role=Role.VIEWER))
    assert client.get(reverse("webhooks:subscription_list")).status_code == 403


def test_the_api_does_the_same(client, secretariat_user):
    _token, raw = api_token_create(user=secretariat_user, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def post(url, payload=None):
        return client.post(
            url, data=json.dumps(payload or {}), content_type="application/json", **auth
        )

    refused = post("/api/v1/webhooks", GOOD | {"events": ["nope"]})
    assert refused.status_code == 422 and "شناخته نیست" in refused.json()["message"]
    made = post("/api/v1/webhooks", GOOD)
    assert made.status_code == 201
    subscription = WebhookSubscription.objects.get()
    assert made.json()["secret"] == subscription.secret
    assert made.json()["subscription"]["events"] == ["project.sent"]
    listed = client.get("/api/v1/webhooks", **auth).json()
    assert [row["id"] for row in listed] == [subscription.pk] and "secret" not in listed[0]

    emit(Event.PROJECT_SENT, province_id=subscription.province_id, payload={}, key="p1")
    log = client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries", **auth).json()
    assert [row["status"] for row in log] == ["pending"] and log[0]["event"] == "project.sent"

    rotated = post(f"/api/v1/webhooks/{subscription.pk}/rotate-secret")
    subscription.refresh_from_db()
    assert rotated.json()["secret"] == subscription.secret
    assert post(f"/api/v1/webhooks/{subscription.pk}/deactivate").json()["is_active"] is False


def test_emitting_the_same_event_twice_writes_one_notice(secretariat_user):
    subscription, _ = services.subscription_create(
        acting_user=secretariat_user, spec=services.SubscriptionSpec(**GOOD)
    )
    for _ in range(2):
        emit(Event.PROJECT_SENT, province_id=subscription.province_id, payload={}, key="same")
    assert Notice.objects.count() == 1


def test_a_published_statement_reaches_its_province_and_the_national_subscribers(
    secretariat_user, province
):
    from types import SimpleNamespace

    from hamahang.core import clock
    from hamahang.webhooks.events import emit_statement_published

    ours, _ = services.subscription_create(
        acting_user=secretariat_user,
        spec=services.SubscriptionSpec(**(GOOD | {"events": ["statement.published"]})),
    )

    def statement(pk, where):
        return SimpleNamespace(
            pk=pk,
            province=where,
            province_id=where.pk if where else None,
            period_label="شش‌ماهه نخست ۱۴۰۵",
            period_start=clock.today(),
            period_end=clock.today(),
            published_at=clock.now(),
            text="گزارش عملکرد دفتر",
        )

    [notice] = emit_statement_published(statement(7, province))
    assert notice.payload["subscription"] == ours.pk
    assert notice.payload["body"]["text"] == "گزارش عملکرد دفتر"
    assert emit_statement_published(statement(8, None)) == []  # the country's: national only
