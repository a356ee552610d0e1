"""The worker's side of the outbox: claim due notices one at a time, send, record.

Each notice goes through two short transactions. The claim locks one due row (skipping rows
another worker holds, on PostgreSQL), counts the attempt and leases the row for
HAMAHANG_NOTICE_LEASE so that no other worker picks it up meanwhile; then, after the send, the
outcome is recorded. A worker killed between the two leaves the row pending: it is sent again
once the lease runs out, with the same idempotency key, which the provider uses to drop the
second copy. Nothing else is ever sent twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.notices.channels import (
    Channel,
    Delivery,
    PermanentFailure,
    TemporaryFailure,
    get_channel,
)
from hamahang.notices.models import Notice
from hamahang.notices.outbox import (
    KEY_MAX,
    first_allowed_time,
    reachable_channels,
    worker_running,
    write_notice,
)

logger = logging.getLogger(__name__)


@dataclass
class DeliveryRun:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    fell_back: int = 0
    retry_at: dt.datetime | None = None  # the earliest retry this run scheduled
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "fell_back": self.fell_back,
            "retry_at": self.retry_at.isoformat() if self.retry_at else None,
        }


def deliver_due(*, limit: int | None = None) -> DeliveryRun:
    """Send every due notice (at most `limit`), one at a time."""
    run = DeliveryRun()
    done = 0
    with worker_running():
        while limit is None or done < limit:
            notice = claim_next()
            if notice is None:
                break
            deliver_one(notice, run)
            done += 1
    return run


def claim_next() -> Notice | None:
    """Lock the oldest due notice, count the attempt and lease it; None when none is due."""
    now = clock.now()
    with transaction.atomic():
        due = Notice.objects.filter(
            status=Notice.Status.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        # (SQLite: the project's IMMEDIATE transactions already let one writer in at a time.)
        notice = due.first()
        if notice is None:
            return None
        notice.attempts += 1
        notice.next_attempt_at = now + settings.HAMAHANG_NOTICE_LEASE
        notice.save(update_fields=["attempts", "next_attempt_at"])
    return notice


def deliver_one(notice: Notice, run: DeliveryRun) -> None:
    channel = get_channel(notice.channel)
    try:
        if channel is None:
            raise PermanentFailure(f"مجرای «{notice.channel}» در این سامانه نصب نیست.")
        _keep_rate(channel)
        delivery = channel.send(notice)
    except PermanentFailure as error:
        _record_permanent_failure(notice, channel, _message(error), run)
    except TemporaryFailure as error:
        _record_temporary_failure(notice, channel, _message(error), run)
    except Exception as error:  # a fault in the channel itself: keep the notice, retry later
        logger.exception("notice %s: channel %s raised", notice.pk, notice.channel)
        _record_temporary_failure(notice, channel, f"خطای پیش‌بینی‌نشده در ارسال: {error}", run)
    else:
        _record_delivery(notice, delivery, run)


def _message(error: Exception) -> str:
    return str(error) or error.__class__.__name__


def _record_delivery(notice: Notice, delivery: Delivery, run: DeliveryRun) -> None:
    now = clock.now()
    notice.status = Notice.Status.DELIVERED if delivery.delivered else Notice.Status.SENT
    notice.provider_message_id = (delivery.provider_message_id or "")[:100]
    notice.delivery_status = (delivery.delivery_status or "")[:100]
    notice.sent_at = now
    notice.delivered_at = now if delivery.delivered else None
    notice.last_error = ""
    notice.save(
        update_fields=[
            "status",
            "provider_message_id",
            "delivery_status",
            "sent_at",
            "delivered_at",
            "last_error",
        ]
    )
    run.sent += 1


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failed attempt."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


def _record_temporary_failure(
    notice: Notice, channel: Channel | None, error: str, run: DeliveryRun
) -> None:
    if notice.attempts >= settings.HAMAHANG_NOTICE_MAX_ATTEMPTS or channel is None:
        _record_permanent_failure(
            notice,
            channel,
            f"پس از {to_persian_digits(notice.attempts)} تلاش ناموفق ماند؛ آخرین خطا: {error}",
            run,
        )
        return
    retry_at = first_allowed_time(
        channel, clock.now() + backoff(notice.attempts), urgent=notice.urgent
    )
    notice.next_attempt_at = retry_at
    notice.last_error = error
    notice.save(update_fields=["next_attempt_at", "last_error"])
    run.retried += 1
    run.retry_at = min(run.retry_at, retry_at) if run.retry_at else retry_at


def _record_permanent_failure(
    notice: Notice, channel: Channel | None, error: str, run: DeliveryRun
) -> None:
    with transaction.atomic():
        fallback = _fallback_for(notice)
        notice.status = Notice.Status.SUPERSEDED if fallback else Notice.Status.FAILED
        notice.last_error = error
        notice.save(update_fields=["status", "last_error"])
    if fallback:
        run.fell_back += 1
    else:
        run.failed += 1
        run.errors.append(f"{notice.idempotency_key}: {error}")


def _fallback_for(notice: Notice) -> Notice | None:
    """A new notice on the user's next reachable channel after this one's; None if none."""
    if notice.user is None:
        return None
    options = reachable_channels(notice.user, after=notice.channel)
    if not options:
        return None
    channel, address = options[0]
    return write_notice(
        channel=channel,
        address=address,
        key=fallback_key(notice.idempotency_key, channel.name),
        kind=notice.kind,
        subject=notice.subject,
        text=notice.text,
        payload=notice.payload,
        user=notice.user,
        agency=notice.agency,
        assignment=notice.assignment,
        concerns=list(notice.concerns.values_list("pk", flat=True)),
        urgent=notice.urgent,
        fallback_of=notice,
    )


def fallback_key(key: str, channel: str) -> str:
    candidate = f"{key}>{channel}"
    if len(candidate) <= KEY_MAX:
        return candidate
    digest = hashlib.sha256(candidate.encode()).hexdigest()[:32]
    return f"{key[: KEY_MAX - len(channel) - 35]}~{digest}>{channel}"


# --- Delivery reports -------------------------------------------------------------------------


def refresh_statuses(*, within: dt.timedelta = dt.timedelta(days=3), limit: int = 500) -> int:
    """Ask the channels that can be asked (Channel.refresh) for the latest status of notices
    sent within `within` and not yet confirmed delivered; a notice the provider reports as
    undeliverable (PermanentFailure) falls back to the next channel. The number changed."""
    since = clock.now() - within
    rows = Notice.objects.filter(status=Notice.Status.SENT, sent_at__gte=since).select_related(
        "user"
    )
    changed, run = 0, DeliveryRun()
    with worker_running():
        for notice in rows.order_by("sent_at", "pk")[:limit]:
            channel = get_channel(notice.channel)
            if channel is None:
                continue
            try:
                answer = channel.refresh(notice)
            except PermanentFailure as error:
                _record_permanent_failure(notice, channel, _message(error), run)
                changed += 1
                continue
            except Exception:  # a provider that cannot answer now is asked again next time
                logger.warning("notice %s: status refresh failed", notice.pk, exc_info=True)
                continue
            if answer is None or (
                answer.delivery_status == notice.delivery_status and not answer.delivered
            ):
                continue
            notice.delivery_status = (answer.delivery_status or "")[:100]
            if answer.delivered:
                notice.status, notice.delivered_at = Notice.Status.DELIVERED, clock.now()
            notice.save(update_fields=["delivery_status", "status", "delivered_at"])
            changed += 1
    return changed


# --- Rate limits ------------------------------------------------------------------------------

_last_send: dict[str, float] = {}


def _keep_rate(channel: Channel) -> None:
    """Wait, if need be, so that this process sends at most `per_second` a second on it."""
    if not channel.per_second:
        return
    gap = 1.0 / channel.per_second
    last = _last_send.get(channel.name)
    if last is not None:
        wait = last + gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
    _last_send[channel.name] = time.monotonic()
