"""Reads of the notices domain: what a person's contact settings look like to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from hamahang.accounts.models import User
from hamahang.notices.channels import get_channel
from hamahang.notices.models import mask_address
from hamahang.notices.outbox import channel_order


@dataclass(frozen=True)
class ChannelChoice:
    name: str
    label: str
    address: str  # masked; "" when the user cannot be reached on it
    position: int | None  # 1-based place in the user's effective order


def installed_channels() -> list[tuple[str, str]]:
    """(name, Persian label) of the channels people can be told on and that are installed, in
    the office's order (HAMAHANG_NOTICE_CHANNEL_ORDER lists the people's channels; a webhook is
    not one)."""
    names = settings.HAMAHANG_NOTICE_CHANNEL_ORDER
    return [(name, channel.label) for name in names if (channel := get_channel(name))]


def contact_channels(*, user: User) -> list[ChannelChoice]:
    """Each installed channel person-facing: where they would be reached, and its place in
    their order (their own, else the office's)."""
    order = channel_order(user)
    choices = []
    for name, label in installed_channels():
        address = get_channel(name).address_for(user)
        choices.append(
            ChannelChoice(
                name=name,
                label=label,
                address=mask_address(address),
                position=order.index(name) + 1 if name in order else None,
            )
        )
    return choices
