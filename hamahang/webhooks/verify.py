"""The receiver's side of a Hamahang webhook: what a subscriber checks before trusting one.

Standard library only, so a subscriber may copy this file as it is (README, "Webhooks").
Every delivery is a POST whose JSON body is signed:

    X-Hamahang-Event:      resolution.issued
    X-Hamahang-Delivery:   the delivery's id (the same on every retry of it)
    X-Hamahang-Timestamp:  unix seconds when this attempt was sent
    X-Hamahang-Signature:  sha256=<hex HMAC-SHA256(secret, f"{timestamp}.{body}")>

`verify` accepts a delivery only when the signature matches the raw body, the timestamp is
within five minutes of the receiver's clock, and the delivery id was not accepted before;
anything else is refused (a forgery, or a replay of a captured request).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping, MutableSet

EVENT_HEADER = "X-Hamahang-Event"
DELIVERY_HEADER = "X-Hamahang-Delivery"
TIMESTAMP_HEADER = "X-Hamahang-Timestamp"
SIGNATURE_HEADER = "X-Hamahang-Signature"
TOLERANCE_SECONDS = 5 * 60


class Refused(Exception):
    """A delivery the receiver must not act on; `code` for logs, the message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature header's value for this body sent at this time."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    *,
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    seen: MutableSet[str],
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> str:
    """The delivery id of an authentic, fresh, first-seen delivery (added to `seen`);
    raises Refused otherwise. `seen` must remember ids for at least `tolerance` seconds
    (a set, or a wrapper over a database table or Redis)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    delivery = lowered.get(DELIVERY_HEADER.lower(), "")
    timestamp = lowered.get(TIMESTAMP_HEADER.lower(), "")
    signature = lowered.get(SIGNATURE_HEADER.lower(), "")
    if not (delivery and timestamp and signature):
        raise Refused("missing_header", "سرآیند شناسه، زمان یا امضای پیام نیست.")
    if not timestamp.isdigit():
        raise Refused("bad_timestamp", "زمان پیام عدد ثانیه یونیکس نیست.")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature):
        raise Refused("bad_signature", "امضای پیام با کلید اشتراک نمی‌خواند.")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        raise Refused("stale", "زمان پیام بیش از پنج دقیقه با ساعت گیرنده فاصله دارد؛ تکرار است.")
    if delivery in seen:
        raise Refused("replay", "این پیام پیش‌تر دریافت شده است؛ تکرار پذیرفته نمی‌شود.")
    seen.add(delivery)
    return delivery
