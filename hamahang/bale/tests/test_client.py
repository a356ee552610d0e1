"""The bot API client against the fake Bale server (real HTTP on 127.0.0.1)."""

import pytest

from hamahang.bale.client import BaleClient, FileTooLarge, PermanentFailure, TemporaryFailure
from hamahang.core.digits import to_persian_digits


def test_send_message_posts_the_documented_payload(fake_bale):
    keyboard = [[{"text": "مشاهده", "url": "https://example.ir/a/1/"}]]
    message = BaleClient().send_message("42", "سلام", inline_keyboard=keyboard)
    assert message["message_id"] >= 1
    (sent,) = fake_bale.requests
    assert sent["method"] == "sendMessage" and sent["token"] == "test-token"
    assert sent["params"] == {
        "chat_id": "42",
        "text": "سلام",
        "reply_markup": {"inline_keyboard": keyboard},
    }


def test_send_document_uploads_the_file(fake_bale):
    BaleClient().send_document(42, filename="report.pdf", content=b"%PDF-1.4 x", caption="گزارش")
    (params,) = fake_bale.calls("sendDocument")
    assert params["caption"] == "گزارش"
    assert params["document"]["filename"] == "report.pdf" and params["document"]["size"] == 10


@pytest.mark.parametrize(
    ("code", "failure"),
    [
        (400, PermanentFailure),
        (403, PermanentFailure),
        (429, TemporaryFailure),
        (500, TemporaryFailure),
        (502, TemporaryFailure),
    ],
)
def test_errors_map_to_temporary_or_permanent(fake_bale, code, failure):
    fake_bale.fail_next("sendMessage", code, "Forbidden: bot was blocked by the user")
    with pytest.raises(failure) as raised:
        BaleClient().send_message("42", "سلام")
    assert f"خطای {to_persian_digits(code)}" in str(raised.value)


def test_an_unreachable_server_is_a_temporary_failure(settings):
    settings.BALE_BOT_TOKEN = "t"
    with pytest.raises(TemporaryFailure):
        BaleClient(base_url="http://127.0.0.1:9", timeout=2).send_message("1", "x")


def test_get_updates_confirms_earlier_updates_by_offset(fake_bale):
    for update_id in (5, 6, 7):
        fake_bale.queue_update({"update_id": update_id, "message": {"chat": {"id": 1}}})
    client = BaleClient()
    assert [u["update_id"] for u in client.get_updates()] == [5, 6, 7]
    assert [u["update_id"] for u in client.get_updates(offset=7)] == [7]
    assert client.get_updates(offset=8) == []


def test_get_file_and_download_with_a_size_limit(fake_bale):
    fake_bale.add_file("f1", b"x" * 100, "photos/file_1.jpg")
    client = BaleClient()
    bale_file = client.get_file("f1")
    assert bale_file.file_path == "photos/file_1.jpg" and bale_file.file_size == 100
    assert client.download(bale_file, max_bytes=100) == b"x" * 100
    with pytest.raises(FileTooLarge):
        client.download(bale_file, max_bytes=99)


def test_unknown_file_is_a_permanent_failure(fake_bale):
    with pytest.raises(PermanentFailure):
        BaleClient().get_file("nope")


def test_set_webhook_and_answer_callback(fake_bale):
    client = BaleClient()
    assert client.set_webhook("https://example.ir/bale/webhook/x/")
    assert fake_bale.webhook_url == "https://example.ir/bale/webhook/x/"
    assert client.answer_callback_query("cb-1", "ok")
    assert fake_bale.calls("answerCallbackQuery") == [{"callback_query_id": "cb-1", "text": "ok"}]
