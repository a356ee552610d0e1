"""The Bale channel of the outbox, against the fake Bale server."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from hamahang.bale.channel import BaleChannel
from hamahang.bale.client import PermanentFailure, TemporaryFailure
from hamahang.bale.tests.conftest import LINKED_CHAT

pytestmark = pytest.mark.django_db


def notice(**fields):
    values = {
        "kind": "issued",
        "address": LINKED_CHAT,
        "subject": "ابلاغ مصوبه ۱۴۰۵-۰۱-۰۱",
        "text": "تکلیف تازه برای دستگاه شما.",
        "payload": {},
        "assignment_id": None,
        "idempotency_key": "issued:1:1",
    }
    return SimpleNamespace(**(values | fields))


def test_address_is_the_linked_chat_once_bale_is_configured(fake_bale, world, settings):
    channel = BaleChannel()
    assert (channel.name, channel.label) == ("bale", "بله")
    assert channel.address_for(world.liaison) == LINKED_CHAT
    assert channel.address_for(world.other_liaison) == ""
    settings.BALE_BOT_TOKEN = ""  # a Bale of one's own (the fake) is enough
    assert channel.address_for(world.liaison) == LINKED_CHAT
    settings.BALE_BASE_URL = "https://tapi.bale.ai"  # the public Bale needs a token
    assert channel.address_for(world.liaison) == ""


@pytest.mark.parametrize("kind", ["issued", "returned"])
def test_an_issued_notice_carries_the_view_and_report_buttons(fake_bale, world, settings, kind):
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    pk = world.assignment.pk
    # The producers' suggested buttons give way to the bot's own for a report notice.
    suggested = {"buttons": [{"text": "مشاهده", "callback": f"assignment:{pk}:view"}]}
    delivery = BaleChannel().send(notice(kind=kind, assignment_id=pk, payload=suggested))
    (sent,) = fake_bale.calls("sendMessage")
    assert sent["chat_id"] == LINKED_CHAT
    assert sent["text"] == "تکلیف تازه برای دستگاه شما."  # the short text; the subject is e-mail's
    assert sent["reply_markup"]["inline_keyboard"] == [
        [{"text": "مشاهده", "url": f"https://hamahang.example.ir/assignments/{pk}/"}],
        [
            {"text": "گزارش پیشرفت", "callback_data": f"rep:{pk}:progress"},
            {"text": "گزارش انجام", "callback_data": f"rep:{pk}:done"},
        ],
    ]
    assert delivery.provider_message_id and delivery.delivered


def test_other_notices_have_no_buttons_unless_their_payload_has(fake_bale, world):
    BaleChannel().send(notice(kind="digest", assignment_id=world.assignment.pk))
    BaleChannel().send(notice(kind="event", payload={"buttons": [{"text": "الف", "url": "u"}]}))
    plain, with_payload = fake_bale.calls("sendMessage")
    assert "reply_markup" not in plain
    assert with_payload["reply_markup"] == {"inline_keyboard": [[{"text": "الف", "url": "u"}]]}


@pytest.mark.parametrize(("code", "failure"), [(403, PermanentFailure), (503, TemporaryFailure)])
def test_provider_failures_reach_the_outbox(fake_bale, world, code, failure):
    fake_bale.fail_next("sendMessage", code, "chat not found")
    with pytest.raises(failure):
        BaleChannel().send(notice())


def test_fake_providers_command_serves_and_stops():
    out = io.StringIO()
    call_command("fake_providers", "--port", "0", "--seconds", "0.2", stdout=out)
    assert "BALE_BASE_URL=http://127.0.0.1:" in out.getvalue()
    assert "FakeBale: 0 requests" in out.getvalue()


def test_the_outbox_sends_a_linked_liaisons_notice_through_bale(fake_bale, world):
    from django.db import transaction

    from hamahang.notices.delivery import deliver_due
    from hamahang.notices.models import Notice
    from hamahang.notices.outbox import notify_user

    with transaction.atomic():
        notify_user(
            world.liaison,
            kind="issued",
            subject="ابلاغ مصوبه",
            text="تکلیف تازه",
            key=f"issued:{world.assignment.pk}:{world.liaison.pk}",
            assignment=world.assignment,
        )
    deliver_due()
    row = Notice.objects.get()
    assert (row.channel, row.address, row.status) == ("bale", LINKED_CHAT, "delivered")
    (sent,) = fake_bale.calls("sendMessage")
    assert row.provider_message_id == "1001" and sent["reply_markup"]["inline_keyboard"]


def test_a_blocked_bot_falls_back_to_the_next_channel(fake_bale, world):
    from django.db import transaction

    from hamahang.notices.delivery import deliver_due
    from hamahang.notices.models import Notice
    from hamahang.notices.outbox import notify_user

    fake_bale.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with transaction.atomic():
        notify_user(world.liaison, kind="digest", subject="یادآوری", text="…", key="digest:1")
    deliver_due()
    first = Notice.objects.get(channel="bale")
    assert first.status == "superseded" and "خطای ۴۰۳" in first.last_error
    assert Notice.objects.filter(fallback_of=first).exclude(channel="bale").exists()
