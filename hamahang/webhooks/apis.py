"""/api/v1/webhooks: the same subscriptions, through the same services, as the screen."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from hamahang.core.apischema import ERRORS, READ_ERRORS, OptionalId, PathId, jalali, user_of
from hamahang.core.validation import TITLE_MAX
from hamahang.organizations.models import Province
from hamahang.webhooks import selectors, services
from hamahang.webhooks.models import Event

router = Router(tags=["وب‌هوک‌ها"])
# A token of someone who does not manage webhooks is refused (403) before any lookup.
READS = {**READ_ERRORS, 403: ERRORS[403]}


class SubscriptionOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    province_id: int | None = Field(None, description="خالی: اشتراک کشوری (همه استان‌ها)")
    is_active: bool
    created_at: dt.datetime
    created_at_jalali: str | None
    secret_rotated_at: dt.datetime | None

    @staticmethod
    def resolve_created_at_jalali(obj):
        return jalali(obj.created_at)


class SubscriptionWithSecretOut(Schema):
    subscription: SubscriptionOut
    secret: str = Field(..., description="کلید امضا؛ فقط همین یک بار برگردانده می‌شود")


class SubscriptionIn(Schema):
    name: str = Field(..., max_length=TITLE_MAX)
    url: str = Field(..., max_length=services.URL_MAX, description="https:// …")
    events: Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=10)] = Field(
        ..., description="از میان: " + "، ".join(Event.values)
    )
    province_id: OptionalId = Field(
        None, description="فقط برای دبیرخانه ملی: خالی یعنی کشوری؛ دیگران: استان خودشان"
    )


class DeliveryOut(Schema):
    id: int
    event: str
    delivery_id: str
    status: str
    status_label: str
    attempts: int
    response_code: int | None
    answer: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


def _delivery(notice) -> dict:
    return {
        "id": notice.pk,
        "event": (notice.payload or {}).get("event", ""),
        "delivery_id": notice.idempotency_key,
        "status": notice.status,
        "status_label": notice.get_status_display(),
        "attempts": notice.attempts,
        "response_code": selectors.response_code(notice),
        "answer": notice.last_error or notice.delivery_status,
        "created_at": notice.created_at,
        "sent_at": notice.sent_at,
        "next_attempt_at": notice.next_attempt_at if notice.status == "pending" else None,
    }


def _manager(request):
    user = user_of(request)
    if not selectors.can_manage_webhooks(user):
        raise PermissionDenied
    return user


def _subscription(request, subscription_id: int):
    return selectors.subscription_get_for_user(user=_manager(request), pk=subscription_id)


@router.get("/webhooks", response={200: list[SubscriptionOut], **READS})
def list_subscriptions(request):
    return list(selectors.subscription_list_for_user(user=_manager(request)))


@router.post("/webhooks", response={201: SubscriptionWithSecretOut, **ERRORS})
def create_subscription(request, payload: SubscriptionIn):
    """A new subscription; its signing secret is in this answer and never again."""
    province = get_object_or_404(Province, pk=payload.province_id) if payload.province_id else None
    subscription, secret = services.subscription_create(
        acting_user=user_of(request),
        spec=services.SubscriptionSpec(
            name=payload.name, url=payload.url, events=payload.events, province=province
        ),
    )
    return Status(201, {"subscription": subscription, "secret": secret})


@router.get("/webhooks/{subscription_id}", response={200: SubscriptionOut, **READS})
def get_subscription(request, subscription_id: PathId):
    return _subscription(request, subscription_id)


@router.get(
    "/webhooks/{subscription_id}/deliveries",
    response={200: list[DeliveryOut], **READS},
)
def list_deliveries(request, subscription_id: PathId):
    """The delivery log: each event sent to it, newest first (the last 100)."""
    subscription = _subscription(request, subscription_id)
    return [
        _delivery(notice) for notice in selectors.subscription_deliveries(subscription=subscription)
    ]


@router.post("/webhooks/{subscription_id}/deactivate", response={200: SubscriptionOut, **ERRORS})
def deactivate_subscription(request, subscription_id: PathId):
    subscription = _subscription(request, subscription_id)
    return services.subscription_deactivate(acting_user=user_of(request), subscription=subscription)


@router.post(
    "/webhooks/{subscription_id}/rotate-secret", response={200: SubscriptionWithSecretOut, **ERRORS}
)
def rotate_secret(request, subscription_id: PathId):
    """A new signing secret, in this answer only; retries are signed with it too."""
    subscription = _subscription(request, subscription_id)
    subscription, secret = services.subscription_rotate_secret(
        acting_user=user_of(request), subscription=subscription
    )
    return {"subscription": subscription, "secret": secret}
