"""Channels for the tests: each records what it was asked to send and answers from a script."""

from __future__ import annotations

from typing import ClassVar

from hamahang.notices.channels import Channel, Delivery

# user pk → chat id, for the fake Bale channel ("linked" users)
LINKED: dict[int, str] = {}


class ScriptedChannel(Channel):
    sent: ClassVar[list[str]]
    outcomes: ClassVar[list]

    def send(self, notice) -> Delivery:
        type(self).sent.append(notice.idempotency_key)
        outcome = type(self).outcomes.pop(0) if type(self).outcomes else None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome or Delivery(
            provider_message_id=f"{self.name}-{len(type(self).sent)}", delivery_status="accepted"
        )


class FakeSms(ScriptedChannel):
    name = "sms"
    label = "پیامک"
    quiet_hours = True
    sent = []
    outcomes = []

    def address_for(self, user) -> str:
        return user.mobile


class FakeBale(ScriptedChannel):
    name = "bale"
    label = "بله"
    sent = []
    outcomes = []

    def address_for(self, user) -> str:
        return LINKED.get(user.pk, "")


def reset() -> None:
    for channel in (FakeSms, FakeBale):
        channel.sent.clear()
        channel.outcomes.clear()
    LINKED.clear()
