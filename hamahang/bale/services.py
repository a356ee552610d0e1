"""Writes of the Bale bot: link codes, links, conversations (all through here)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.models import User
from hamahang.bale.models import BaleConversation, BaleLink, BaleLinkCode
from hamahang.core import clock

LINK_CODE_LIFETIME = dt.timedelta(minutes=30)
CONVERSATION_LIFETIME = dt.timedelta(minutes=30)

CODE_UNKNOWN = "این پیوند معتبر نیست. از صفحه «پیوند بله» در سامانه هماهنگ پیوند تازه بسازید."
CODE_USED = "این پیوند پیش‌تر به کار رفته است. از سامانه هماهنگ پیوند تازه بسازید."
CODE_EXPIRED = "مهلت این پیوند گذشته است. از سامانه هماهنگ پیوند تازه بسازید."


def deep_link(code: str) -> str:
    """The link the user opens in Bale: the bot receives `/start <code>`."""
    return f"https://ble.ir/{settings.BALE_BOT_USERNAME}?start={code}"


@transaction.atomic
def bale_link_code_create(*, user: User) -> BaleLinkCode:
    """A fresh one-time code for the user (earlier unused codes of theirs stop working)."""
    if not user.is_authenticated or not user.is_active:
        raise ValidationError("فقط کاربر فعال می‌تواند بله را پیوند دهد.", code="not_allowed")
    now = clock.now()
    BaleLinkCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    return BaleLinkCode.objects.create(
        user=user,
        # 16 URL-safe characters: Bale's start parameter allows letters, digits, _ and -.
        code=secrets.token_urlsafe(12),
        created_at=now,
        expires_at=now + LINK_CODE_LIFETIME,
    )


@transaction.atomic
def bale_link_start(*, chat_id: str, code: str) -> BaleLink:
    """`/start <code>` from a chat: a valid code links that chat to the code's user (and ends
    any earlier link of the user or of the chat); otherwise a Persian refusal, nothing linked."""
    chat_id = str(chat_id).strip()
    row = (
        BaleLinkCode.objects.select_for_update()
        .select_related("user")
        .filter(code=(code or "").strip()[:64])
        .first()
    )
    if row is None or not row.user.is_active:
        raise ValidationError(CODE_UNKNOWN, code="link_code_unknown")
    if row.used_at is not None:
        raise ValidationError(CODE_USED, code="link_code_used")
    now = clock.now()
    if row.expires_at <= now:
        raise ValidationError(CODE_EXPIRED, code="link_code_expired")
    row.used_at = now
    row.save(update_fields=["used_at"])
    return bale_link_chat(user=row.user, chat_id=chat_id)


@transaction.atomic
def bale_link_chat(*, user: User, chat_id: str) -> BaleLink:
    """Link the chat to the user, ending any earlier link of either (the `/start` code's last
    step; the demo links its liaison `samat` with it directly)."""
    chat_id = str(chat_id).strip()
    if not chat_id.lstrip("-").isdigit():
        raise ValidationError("شناسه گفت‌وگوی بله باید عدد باشد.", code="invalid_chat_id")
    BaleLink.objects.filter(active=True, user=user).update(active=False)
    BaleLink.objects.filter(active=True, chat_id=chat_id).update(active=False)
    BaleConversation.objects.filter(chat_id=chat_id).delete()
    return BaleLink.objects.create(user=user, chat_id=chat_id, linked_at=clock.now())


@transaction.atomic
def bale_unlink(*, user: User) -> int:
    """End the user's Bale link: no notice goes to that chat any more."""
    links = BaleLink.objects.filter(user=user, active=True)
    chats = list(links.values_list("chat_id", flat=True))
    BaleConversation.objects.filter(chat_id__in=chats).delete()
    return links.update(active=False)


def bale_conversation_start(*, chat_id: str, user: User, assignment, kind: str) -> BaleConversation:
    """The chat's next answer is the report of `kind` on `assignment` (until it expires)."""
    now = clock.now()
    conversation, _ = BaleConversation.objects.update_or_create(
        chat_id=str(chat_id),
        defaults={
            "user": user,
            "assignment": assignment,
            "kind": kind,
            "started_at": now,
            "expires_at": now + CONVERSATION_LIFETIME,
        },
    )
    return conversation


def bale_conversation_end(*, chat_id: str) -> None:
    BaleConversation.objects.filter(chat_id=str(chat_id)).delete()
