"""The Kavenegar client against a local Kavenegar (a real HTTP server), not a mock of itself."""

import pytest

from hamahang.notices.fakes.kavenegar import FakeKavenegar
from hamahang.notices.kavenegar import (
    ERROR_TEXTS,
    TEMPORARY_CODES,
    KavenegarClient,
    KavenegarError,
    localid_for,
)


def client_for(fake, **overrides) -> KavenegarClient:
    options = {"api_key": "test-key", "base_url": fake.url, "sender": "10004346", "timeout": 5.0}
    return KavenegarClient(**(options | overrides))


def test_send_posts_the_documented_fields_and_reads_the_message_id(fake_kavenegar):
    sent = client_for(fake_kavenegar).send(
        receptor="09121234567", message="ابلاغ مصوبه", localid="42"
    )

    (request,) = fake_kavenegar.requests
    assert request["method"] == "POST"
    assert request["path"] == "/v1/test-key/sms/send.json"
    assert request["params"] == {
        "receptor": "09121234567",
        "message": "ابلاغ مصوبه",
        "sender": "10004346",
        "localid": "42",
    }
    (message,) = fake_kavenegar.sent
    assert sent.messageid == str(message["messageid"])
    assert (sent.status, sent.statustext, sent.delivered) == (1, "در صف ارسال", False)


def test_status_reads_delivery(fake_kavenegar):
    client = client_for(fake_kavenegar)
    sent = client.send(receptor="09121234567", message="سلام")
    assert client.status(sent.messageid).delivered is False

    fake_kavenegar.deliver(sent.messageid)
    state = client.status(sent.messageid)

    assert fake_kavenegar.requests[-1]["method"] == "GET"
    assert fake_kavenegar.requests[-1]["params"] == {"messageid": sent.messageid}
    assert (state.delivered, state.statustext) == (True, "رسیده به گیرنده")


def test_a_repeated_localid_is_sent_once(fake_kavenegar):
    client = client_for(fake_kavenegar)
    first = client.send(receptor="09121234567", message="سلام", localid="7")
    again = client.send(receptor="09121234567", message="سلام", localid="7")

    assert again.messageid == first.messageid
    assert len(fake_kavenegar.requests) == 2
    assert len(fake_kavenegar.sent) == 1


@pytest.mark.parametrize(
    ("code", "temporary", "words"),
    [
        (409, True, "پاسخگو نیست"),
        (451, True, "تکراری"),
        (402, True, "ناموفق"),
        (418, False, "اعتبار حساب پیامک کافی نیست"),
        (411, False, "گیرندهٔ پیامک نامعتبر"),
        (403, False, "کلید دسترسی"),
        (420, False, "پیوند"),
    ],
)
def test_kavenegar_error_codes_are_temporary_or_permanent_in_persian(
    fake_kavenegar, code, temporary, words
):
    fake_kavenegar.error_code = code

    with pytest.raises(KavenegarError) as caught:
        client_for(fake_kavenegar).send(receptor="09121234567", message="سلام")

    assert caught.value.code == code
    assert caught.value.temporary is temporary
    assert words in caught.value.message
    assert fake_kavenegar.sent == []


def test_every_documented_code_has_persian_words():
    documented = {400, 401, 402, 403, 404, 405, 406, 407, 409, 411, 412, 413, 414, 417, 418}
    documented |= {422, 424, 426, 428, 431, 432, 451, 501}
    assert documented <= ERROR_TEXTS.keys()
    assert set(TEMPORARY_CODES) <= set(ERROR_TEXTS)


def test_a_wrong_key_is_refused_permanently(fake_kavenegar):
    with pytest.raises(KavenegarError) as caught:
        client_for(fake_kavenegar, api_key="wrong").send(receptor="09121234567", message="سلام")

    assert (caught.value.code, caught.value.temporary) == (403, False)


def test_a_bad_receptor_is_refused_permanently(fake_kavenegar):
    with pytest.raises(KavenegarError) as caught:
        client_for(fake_kavenegar).send(receptor="12345", message="سلام")

    assert (caught.value.code, caught.value.temporary) == (411, False)
    assert "(کد ۴۱۱)" in caught.value.message


def test_an_html_server_error_is_temporary(fake_kavenegar):
    fake_kavenegar.server_error = True

    with pytest.raises(KavenegarError) as caught:
        client_for(fake_kavenegar).send(receptor="09121234567", message="سلام")

    assert (caught.value.code, caught.value.temporary) == (500, True)
    assert "پاسخ نامفهوم" in caught.value.message


def test_a_timeout_is_temporary_and_the_retry_is_not_sent_twice(fake_kavenegar):
    """Kavenegar took the message but the answer came too late: the retry with the same
    localid gets the first message id, and the handset gets one SMS."""
    fake_kavenegar.delay = 2.0
    impatient = client_for(fake_kavenegar, timeout=0.2)

    with pytest.raises(KavenegarError) as caught:
        impatient.send(receptor="09121234567", message="سلام", localid="9")
    assert caught.value.temporary is True
    assert "در زمان مقرر پاسخ نداد" in caught.value.message

    fake_kavenegar.delay = 0
    retried = impatient.send(receptor="09121234567", message="سلام", localid="9")

    assert len(fake_kavenegar.sent) == 1
    assert retried.messageid == str(fake_kavenegar.sent[0]["messageid"])


def test_no_server_is_temporary():
    fake = FakeKavenegar().start()
    url = fake.url
    fake.stop()  # nothing listens on that port any more

    with pytest.raises(KavenegarError) as caught:
        KavenegarClient(api_key="k", base_url=url, timeout=2).send(
            receptor="09121234567", message="سلام"
        )

    assert caught.value.temporary is True
    assert "اتصال به کاوه‌نگار برقرار نشد" in caught.value.message


def test_localid_is_a_stable_number_per_key():
    assert localid_for("issued:12:5") == localid_for("issued:12:5")
    assert localid_for("issued:12:5") != localid_for("issued:12:6")
    assert localid_for("issued:12:5").isdigit()
    assert int(localid_for("issued:12:5")) < 2**63


def test_the_api_key_never_shows_in_the_client_repr():
    assert "secret" not in repr(KavenegarClient(api_key="secret"))


def test_the_fake_tells_a_demo_run_what_it_sent():
    lines = []
    with FakeKavenegar(echo=lines.append) as fake:
        KavenegarClient(api_key="k", base_url=fake.url).send(
            receptor="09121234567", message="ابلاغ تکلیف", localid="1"
        )
        KavenegarClient(api_key="k", base_url=fake.url).send(
            receptor="09121234567", message="ابلاغ تکلیف", localid="1"
        )

    assert lines == [f"SMS {fake.sent[0]['messageid']} → 09121234567: ابلاغ تکلیف"]
