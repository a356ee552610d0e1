"""Producers write notices here, inside the transaction of the change that causes them.

The row is the promise: it commits with the change or not at all, and the worker
(hamahang.notices.delivery) keeps it. Delivery is kicked once the transaction commits; a
provider's failure can therefore never roll the change back.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hamahang.core import clock
from hamahang.notices.channels import Channel, get_channel
from hamahang.notices.models import Notice

logger = logging.getLogger(__name__)

_suppressed: ContextVar[bool] = ContextVar("hamahang_notifications_suppressed", default=False)


@contextmanager
def _raised(flag: ContextVar[bool]):
    token = flag.set(True)
    try:
        yield
    finally:
        flag.reset(token)


def notifications_suppressed():
    """No notice within the block (the demo loader replays years of work)."""
    return _raised(_suppressed)


def suppressed() -> bool:
    return _suppressed.get()


_in_worker: ContextVar[bool] = ContextVar("hamahang_notices_in_worker", default=False)


def worker_running():
    """Within the worker's loop a new notice (a fallback) needs no kick: the loop takes it."""
    return _raised(_in_worker)


def site_link(path: str) -> str:
    """The address of a page of the system for a notice (settings.HAMAHANG_BASE_URL + path);
    the bare path when no base address is configured."""
    return f"{settings.HAMAHANG_BASE_URL}{path}"


# --- Which channel, and when ------------------------------------------------------------------


def channel_order(user) -> list[str]:
    """The user's channels, first choice first: their own order, else the office's."""
    return list(getattr(user, "notice_channels", None) or settings.HAMAHANG_NOTICE_CHANNEL_ORDER)


def reachable_channels(user, *, after: str | None = None) -> list[tuple[Channel, str]]:
    """(channel, address) for each channel the user can be reached on, in their order; with
    `after`, only those that come after that channel (the fallbacks)."""
    names = channel_order(user)
    if after is not None:
        names = names[names.index(after) + 1 :] if after in names else []
    found = []
    for name in names:
        channel = get_channel(name)
        address = channel.address_for(user) if channel else ""
        if address:
            found.append((channel, address))
    return found


def in_quiet_hours(when: dt.datetime) -> bool:
    start, end = settings.HAMAHANG_QUIET_HOURS
    local = timezone.localtime(when).time()
    return local >= start or local < end if start > end else start <= local < end


def first_allowed_time(channel: Channel, when: dt.datetime, *, urgent: bool) -> dt.datetime:
    """`when`, or the end of the quiet hours (07:00 Tehran) for a channel that keeps them."""
    if not channel.quiet_hours or urgent or not in_quiet_hours(when):
        return when
    _start, end = settings.HAMAHANG_QUIET_HOURS
    local = timezone.localtime(when)
    wake = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if wake <= local:
        wake += dt.timedelta(days=1)
    return wake


# --- Writing ----------------------------------------------------------------------------------

KEY_MAX = Notice._meta.get_field("idempotency_key").max_length


def _kick_delivery() -> None:
    from hamahang.notices.tasks import deliver_notices

    deliver_notices.enqueue()


def _enqueue_on_commit() -> None:
    """One delivery run per atomic block, however many notices it wrote (a block's callbacks
    are registered with the savepoints open at the time; one of another block is not reused,
    so that it cannot be lost with that block)."""
    if _in_worker.get():
        return
    here = set(connection.savepoint_ids)
    pending = getattr(connection, "run_on_commit", None) or []
    if any(callback is _kick_delivery and set(sids) == here for sids, callback, *_ in pending):
        return
    # robust: the change is committed whatever happens here; a kick that fails is logged and
    # the notice waits for the next run (cron's deliver_notices or the next kick).
    transaction.on_commit(_kick_delivery, robust=True)


def write_notice(*, channel: Channel, address: str, key: str, **fields) -> Notice:
    """The one place a Notice row is written (producers and the worker's fallbacks)."""
    if len(key) > KEY_MAX:
        raise ValueError(f"idempotency key longer than {KEY_MAX}: {key!r}")
    now = clock.now()
    fields["payload"] = fields.get("payload") or {}
    concerns = list(fields.pop("concerns", None) or ())
    try:
        with transaction.atomic():
            notice, created = Notice.objects.get_or_create(
                idempotency_key=key,
                defaults={
                    **fields,
                    "channel": channel.name,
                    "address": address,
                    "created_at": now,
                    "next_attempt_at": first_allowed_time(
                        channel, now, urgent=fields.get("urgent", False)
                    ),
                },
            )
    except IntegrityError:  # written by a concurrent transaction
        return Notice.objects.get(idempotency_key=key)
    if created:
        if concerns:
            notice.concerns.set(concerns)
        _enqueue_on_commit()
    return notice


def notify_user(
    user,
    *,
    kind: str,
    subject: str,
    text: str,
    key: str,
    payload: dict | None = None,
    agency=None,
    assignment=None,
    concerns=(),
    urgent: bool = False,
) -> Notice | None:
    """Write one Notice for the user's first reachable channel in their preference order
    (user.notice_channels, else settings.HAMAHANG_NOTICE_CHANNEL_ORDER). Call it inside the
    transaction of the change that causes it; delivery is enqueued on commit. None when the
    user is reachable on no channel (logged), or within notifications_suppressed()."""
    if suppressed():
        return None
    reachable = reachable_channels(user)
    if not reachable:
        logger.info("notice %s: user %s is reachable on no channel", key, user.pk)
        return None
    channel, address = reachable[0]
    return write_notice(
        channel=channel,
        address=address,
        key=key,
        kind=kind,
        subject=subject,
        text=text,
        payload=payload,
        user=user,
        agency=agency,
        assignment=assignment,
        concerns=concerns,
        urgent=urgent,
    )


def notify_address(
    *,
    channel: str,
    address: str,
    kind: str,
    subject: str,
    text: str,
    key: str,
    payload: dict | None = None,
    agency=None,
    assignment=None,
    concerns=(),
    urgent: bool = False,
) -> Notice | None:
    """Write one Notice to a fixed address (a webhook URL, an agency's own e-mail). None within
    notifications_suppressed() or when the channel is not installed (logged)."""
    if suppressed():
        return None
    found = get_channel(channel)
    if found is None:
        logger.warning("notice %s: channel %s is not installed", key, channel)
        return None
    return write_notice(
        channel=found,
        address=address,
        key=key,
        kind=kind,
        subject=subject,
        text=text,
        payload=payload,
        agency=agency,
        assignment=assignment,
        concerns=concerns,
        urgent=urgent,
    )
