import smtplib

import pytest

from hamahang.notices.channels import (
    EmailChannel,
    PermanentFailure,
    TemporaryFailure,
    get_channel,
)
from hamahang.notices.models import Notice, mask_address


def test_a_configured_channel_whose_app_is_absent_is_skipped(settings):
    settings.HAMAHANG_NOTICE_CHANNELS = {"bale": "hamahang.no_such_app.channel.BaleChannel"}
    assert get_channel("bale") is None
    assert get_channel("pigeon") is None


def test_a_channel_module_with_a_missing_dependency_is_an_error_not_a_skip(settings):
    # the module exists but imports something absent: a broken installation, said loudly
    settings.HAMAHANG_NOTICE_CHANNELS = {"x": "hamahang.notices.tests.broken_channel.Broken"}
    with pytest.raises(ModuleNotFoundError):
        get_channel("x")


def test_email_reaches_an_active_user_with_an_address(db):
    from hamahang.accounts.tests.factories import UserFactory

    channel = EmailChannel()
    assert channel.address_for(UserFactory(email="a@example.ir")) == "a@example.ir"
    assert channel.address_for(UserFactory(email="")) == ""
    assert channel.address_for(UserFactory(email="b@example.ir", is_active=False)) == ""


def _notice(**fields):
    return Notice(
        kind="issued", channel="email", address="a@example.ir", subject="ابلاغ", text="متن",
        idempotency_key="issued:1:2", **fields,
    )  # fmt: skip


def test_email_is_sent_with_the_idempotency_key_and_its_message_id_kept(mailoutbox):
    delivery = EmailChannel().send(_notice())
    message = mailoutbox[0]
    assert message.to == ["a@example.ir"] and message.subject == "ابلاغ"
    assert message.extra_headers["X-Hamahang-Delivery"] == "issued:1:2"
    assert message.extra_headers["Message-ID"].strip("<>") == delivery.provider_message_id


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.ir": (550, b"no such user")}), PermanentFailure),
        (smtplib.SMTPServerDisconnected("gone"), TemporaryFailure),
        (ConnectionRefusedError(111, "refused"), TemporaryFailure),
    ],
)
def test_mail_server_errors_are_told_apart(monkeypatch, error, failure):
    def refuse(self, fail_silently=False):
        raise error

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(failure, match="کارساز رایانامه"):
        EmailChannel().send(_notice())


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("09121234567", "0912***4567"),
        ("samat@example.ir", "sa***@example.ir"),
        ("https://erp.example.ir/hooks/hamahang?token=secret", "https://erp.example.ir/…"),
        ("5551234", "55***34"),
        ("", ""),
    ],
)
def test_addresses_are_masked_for_pages(address, shown):
    assert mask_address(address) == shown
