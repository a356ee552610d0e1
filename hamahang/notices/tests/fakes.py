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
    reports: ClassVar[dict] = {}  # provider message id → Delivery or exception, for refresh()

    def refresh(self, notice):
        report = self.reports.get(notice.provider_message_id)
        if isinstance(report, BaseException):
            raise report
        return report

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
    FakeSms.reports.clear()
    LINKED.clear()


class HttpPostChannel(Channel):
    """POSTs the notice to its address (a local test receiver), the idempotency key in the
    X-Hamahang-Delivery header, as a webhook provider would receive it."""

    name = "post"
    label = "ارسال آزمایشی"

    def send(self, notice) -> Delivery:
        import json
        import urllib.error
        import urllib.request

        from hamahang.notices.channels import PermanentFailure, TemporaryFailure

        request = urllib.request.Request(
            notice.address,
            data=json.dumps({"subject": notice.subject, "text": notice.text}).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Hamahang-Delivery": notice.idempotency_key,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            failure = PermanentFailure if error.code < 500 else TemporaryFailure
            raise failure(f"گیرنده پاسخ {error.code} داد.") from error
        except OSError as error:
            raise TemporaryFailure(f"گیرنده در دسترس نبود: {error}") from error
        return Delivery(provider_message_id=answer["id"], delivery_status=answer["status"])
