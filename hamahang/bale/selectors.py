"""Reads of the Bale bot."""

from __future__ import annotations

from hamahang.accounts.models import User
from hamahang.bale.models import BaleConversation, BaleLink


def linked_user(chat_id) -> User | None:
    """The active user whose Bale chat this is (None for an unlinked chat)."""
    link = (
        BaleLink.objects.filter(chat_id=str(chat_id), active=True, user__is_active=True)
        .select_related("user", "user__agency")
        .first()
    )
    return link.user if link else None


def active_link(user: User) -> BaleLink | None:
    if not user.is_authenticated:
        return None
    return BaleLink.objects.filter(user=user, active=True).first()


def chat_id_of(user: User) -> str:
    link = active_link(user)
    return link.chat_id if link else ""


def conversation_of(chat_id) -> BaleConversation | None:
    return (
        BaleConversation.objects.filter(chat_id=str(chat_id))
        .select_related("assignment__resolution")
        .first()
    )
