"""Producers call `emit` inside the transaction of the change: one Notice per subscription
that wants the event, delivered by the outbox worker through the webhook channel.

Payloads are built by the producing app from explicit public-safe fields only (codes, titles,
dates, statuses, agency names); no person is ever named, and a confidential resolution emits
nothing at all (the caller checks).
"""

from __future__ import annotations

import hashlib

from hamahang.core.digits import to_persian_digits
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_address
from hamahang.webhooks.models import Event, WebhookSubscription

KEY_MAX = Notice._meta.get_field("idempotency_key").max_length


def delivery_key(subscription_id: int, key: str) -> str:
    """The notice's idempotency key (the X-Hamahang-Delivery header): one per event and
    subscriber, so emitting the same event twice writes one row."""
    candidate = f"webhook:{subscription_id}:{key}"
    if len(candidate) <= KEY_MAX:
        return candidate
    digest = hashlib.sha256(candidate.encode()).hexdigest()[:40]
    return f"webhook:{subscription_id}:~{digest}"


def emit(event: str, *, province_id: int | None, payload: dict, key: str) -> list[Notice]:
    """Queue the event for every active subscription to it in that province (and every
    national one). `key` names the occurrence (e.g. "resolution.issued:42")."""
    label = Event(event).label
    written = []
    for subscription in WebhookSubscription.objects.filter(is_active=True).order_by("pk"):
        if not subscription.wants(event, province_id):
            continue
        notice = notify_address(
            channel="webhook",
            address=subscription.url,
            kind=Notice.Kind.EVENT,
            subject=f"{label} ({event})",
            text=f"رویداد «{label}» برای «{subscription.name}» "
            f"(اشتراک {to_persian_digits(subscription.pk)})",
            key=delivery_key(subscription.pk, key),
            payload={"subscription": subscription.pk, "event": event, "body": payload},
        )
        if notice is not None:
            written.append(notice)
    return written


def emit_statement_published(statement) -> list[Notice]:
    """A press statement as published (hamahang.public's PublishedStatement, read by its
    fields: this layer does not import that app). Its text is public by publication; a
    country's statement (no province) goes to the national subscribers only."""
    province = statement.province
    return emit(
        Event.STATEMENT_PUBLISHED,
        province_id=statement.province_id,
        key=f"statement.published:{statement.pk}",
        payload={
            "province": province.name if province else None,
            "period": statement.period_label,
            "period_start": statement.period_start.isoformat(),
            "period_end": statement.period_end.isoformat(),
            "published_at": statement.published_at.isoformat(),
            "text": statement.text,
        },
    )
