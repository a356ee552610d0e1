"""The outbox channel "webhook": a signed JSON POST to a subscriber's URL.

The worker (hamahang.notices.delivery) calls `send` for each due notice and retries a
TemporaryFailure with backoff. The receiver's status and the start of its answer are kept on
the notice (delivery status or error, «HTTP 500: …»): the subscription's delivery log.
"""

from __future__ import annotations

import json
import time

import httpx

from hamahang.core.validation import CONTROL_CHARS
from hamahang.notices.channels import Channel, Delivery, PermanentFailure, TemporaryFailure
from hamahang.webhooks.models import WebhookSubscription
from hamahang.webhooks.verify import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)

TIMEOUT_SECONDS = 10.0
EXCERPT_CHARS = 200
# Worth another try later: the receiver is down, overloaded or asks us to slow down.
RETRIED_STATUSES = {408, 425, 429}


def body_of(notice) -> bytes:
    """The JSON body: the same bytes on every attempt of a delivery."""
    payload = notice.payload or {}
    envelope = {
        "id": notice.idempotency_key,
        "event": payload.get("event", ""),
        "created_at": notice.created_at.isoformat() if notice.created_at else None,
        "data": payload.get("body", {}),
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def _excerpt(response: httpx.Response) -> str:
    text = response.content[:EXCERPT_CHARS].decode("utf-8", errors="replace")
    return " ".join(CONTROL_CHARS.sub(" ", text).split())


class WebhookChannel(Channel):
    name = "webhook"
    label = "وب‌هوک"

    def address_for(self, user) -> str:
        return ""  # a webhook goes to a subscriber's URL, never to a person

    def send(self, notice) -> Delivery:
        subscription_id = (notice.payload or {}).get("subscription")
        subscription = WebhookSubscription.objects.filter(pk=subscription_id).first()
        if subscription is None or not subscription.is_active:
            raise PermanentFailure("اشتراک این وب‌هوک غیرفعال یا حذف شده است؛ فرستاده نشد.")
        body = body_of(notice)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Hamahang-Webhooks/1",
            EVENT_HEADER: (notice.payload or {}).get("event", ""),
            DELIVERY_HEADER: notice.idempotency_key,
            TIMESTAMP_HEADER: timestamp,
            # Signed with the secret as it is now: a rotated secret signs the retries too.
            SIGNATURE_HEADER: sign(subscription.secret, timestamp, body),
        }
        try:
            response = httpx.post(
                notice.address,
                content=body,
                headers=headers,
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,
            )
        except httpx.TimeoutException as error:
            raise TemporaryFailure(
                f"گیرنده در {int(TIMEOUT_SECONDS)} ثانیه پاسخ نداد ({error.__class__.__name__})."
            ) from error
        except httpx.HTTPError as error:
            raise TemporaryFailure(f"اتصال به گیرنده برقرار نشد: {error}") from error
        code, excerpt = response.status_code, _excerpt(response)
        answer = f"HTTP {code}: {excerpt}" if excerpt else f"HTTP {code}"
        if 200 <= code < 300:
            return Delivery(delivery_status=answer[:100], delivered=True)
        if code >= 500 or code in RETRIED_STATUSES:
            raise TemporaryFailure(f"گیرنده پاسخ خطا داد؛ دوباره فرستاده می‌شود. {answer}")
        raise PermanentFailure(f"گیرنده پیام را نپذیرفت. {answer}")
