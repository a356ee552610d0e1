"""The channels a notice can go out on, behind one interface, and the registry that finds them.

A channel is named in settings.HAMAHANG_NOTICE_CHANNELS by its dotted path and imported only
when asked for, so this low app never imports the apps above it that provide channels (Bale,
webhooks); a channel whose module is not installed is skipped with a log line.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    provider_message_id: str = ""
    delivery_status: str = ""  # the provider's status, stored as is
    delivered: bool = False  # True when the provider confirmed delivery already


class TemporaryFailure(Exception):
    """Timeout, 5xx, rate limit: retried later with backoff."""


class PermanentFailure(Exception):
    """4xx, a bad address, blocked: the notice falls back to the user's next channel."""


class Channel:
    name: str = ""  # "email", "sms", "bale", "webhook"
    label: str = ""  # Persian: «رایانامه», «پیامک», «بله», «وب‌هوک»
    quiet_hours: bool = False  # True for SMS: held 22:00–07:00 Tehran unless urgent
    per_second: float | None = None  # the provider's rate limit, kept by the worker

    def address_for(self, user) -> str:
        """The user's address on this channel; "" when they cannot be reached on it."""
        return ""

    def send(self, notice) -> Delivery:
        """Send the notice; raise TemporaryFailure or PermanentFailure."""
        raise NotImplementedError

    def refresh(self, notice) -> Delivery | None:
        """The provider's latest delivery status, for channels that can be asked (optional)."""
        return None


class EmailChannel(Channel):
    name = "email"
    label = "رایانامه"

    def address_for(self, user) -> str:
        return user.email if user.is_active and user.email else ""

    def send(self, notice) -> Delivery:
        message_id = make_msgid(domain="hamahang")
        message = EmailMessage(
            subject=notice.subject,
            body=notice.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notice.address],
            # A mail server or a reader may drop a second copy by either header.
            headers={"Message-ID": message_id, "X-Hamahang-Delivery": notice.idempotency_key},
        )
        try:
            message.send(fail_silently=False)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
            raise PermanentFailure(f"کارساز رایانامه نشانی را نپذیرفت: {error}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"کارساز رایانامه در دسترس نبود: {error}") from error
        return Delivery(provider_message_id=message_id.strip("<>")[:100], delivery_status="sent")


# --- Registry ---------------------------------------------------------------------------------


@cache
def _load(path: str) -> Channel | None:
    module_path = path.rpartition(".")[0]
    try:
        channel_class = import_string(path)
    except ImportError as error:
        # Only a channel whose own module is absent is skipped; a broken one is an error.
        missing = error.name if isinstance(error, ModuleNotFoundError) else None
        if missing and (module_path == missing or module_path.startswith(missing + ".")):
            logger.info("notice channel %s is not installed (%s); skipped", path, error)
            return None
        raise
    return channel_class()


def get_channel(name: str) -> Channel | None:
    """The channel named `name` in settings.HAMAHANG_NOTICE_CHANNELS, None when it is not
    configured or its module is not installed."""
    path = settings.HAMAHANG_NOTICE_CHANNELS.get(name)
    return _load(path) if path else None


def channel_label(name: str) -> str:
    channel = get_channel(name)
    return channel.label if channel else name
