"""The bot's inbound side: linking, report buttons, answers that become follow-ups, the webhook
and `bale_poll`, against the fake Bale server."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from hamahang.bale import services
from hamahang.bale.models import BaleConversation, BaleLink, BaleUpdate
from hamahang.bale.tests.conftest import LINKED_CHAT, OTHER_CHAT, SECRET, button, message
from hamahang.bale.updates import handle_update, percent_in
from hamahang.core import clock
from hamahang.meetings.models import Assignment, FollowUp

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"j" * 200


def replies(fake, chat_id) -> list[str]:
    return [c["text"] for c in fake.calls("sendMessage") if str(c["chat_id"]) == str(chat_id)]


def post_webhook(client, update, secret=SECRET):
    return client.post(
        f"/bale/webhook/{secret}/", data=json.dumps(update), content_type="application/json"
    )


# --- Linking --------------------------------------------------------------------------------


def test_a_valid_code_links_the_chat_and_answers_in_persian(fake_bale, world):
    code = services.bale_link_code_create(user=world.other_liaison)
    assert services.deep_link(code.code) == f"https://ble.ir/hamahang_bot?start={code.code}"
    handle_update(message(OTHER_CHAT, text=f"/start {code.code}"))
    link = BaleLink.objects.get(chat_id=OTHER_CHAT, active=True)
    assert link.user == world.other_liaison
    assert "پیوند خورد" in replies(fake_bale, OTHER_CHAT)[0]


def test_an_expired_code_links_nothing(fake_bale, world):
    code = services.bale_link_code_create(user=world.other_liaison)
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        handle_update(message(OTHER_CHAT, text=f"/start {code.code}"))
    assert not BaleLink.objects.filter(chat_id=OTHER_CHAT).exists()
    assert replies(fake_bale, OTHER_CHAT) == [services.CODE_EXPIRED]


def test_a_used_code_cannot_link_a_second_chat(fake_bale, world):
    code = services.bale_link_code_create(user=world.other_liaison)
    handle_update(message(OTHER_CHAT, text=f"/start {code.code}"))
    handle_update(message("5550099", text=f"/start {code.code}"))
    assert not BaleLink.objects.filter(chat_id="5550099").exists()
    assert replies(fake_bale, "5550099") == [services.CODE_USED]
    assert BaleLink.objects.get(active=True, user=world.other_liaison).chat_id == OTHER_CHAT


def test_an_unknown_code_links_nothing(fake_bale, world):
    handle_update(message(OTHER_CHAT, text="/start not-a-code"))
    assert not BaleLink.objects.filter(chat_id=OTHER_CHAT).exists()
    assert replies(fake_bale, OTHER_CHAT) == [services.CODE_UNKNOWN]


# --- Reporting from Bale ----------------------------------------------------------------------


def _press(fake_bale, world, kind="progress"):
    handle_update(button(LINKED_CHAT, f"rep:{world.assignment.pk}:{kind}"))
    assert BaleConversation.objects.filter(chat_id=LINKED_CHAT, kind=kind).exists()
    assert fake_bale.calls("answerCallbackQuery")


def test_a_photo_posted_to_the_webhook_becomes_a_followup_with_the_file(client, fake_bale, world):
    _press(fake_bale, world)
    fake_bale.add_file("small", b"s" * 10, "photos/small.jpg")
    fake_bale.add_file("large", JPEG, "photos/large.jpg")
    photo = [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90, "file_size": 10},
        {
            "file_id": "large",
            "file_unique_id": "l",
            "width": 800,
            "height": 800,
            "file_size": len(JPEG),
        },
    ]
    update = message(LINKED_CHAT, photo=photo, caption="نصب تجهیزات انجام شد ۶۰٪")
    response = post_webhook(client, update)
    assert response.status_code == 200
    followup = FollowUp.objects.get(assignment=world.assignment)
    assert followup.author == world.liaison and followup.progress == 60
    assert followup.text == "نصب تجهیزات انجام شد ۶۰٪"
    with followup.attachment.open("rb") as stored:
        assert stored.read() == JPEG  # the largest size, stored like the screen's upload
    assert Assignment.objects.get(pk=world.assignment.pk).status == "in_progress"
    assert not world.other_assignment.followups.exists()
    assert "ثبت شد" in replies(fake_bale, LINKED_CHAT)[-1]
    assert not BaleConversation.objects.exists()


def test_a_pdf_answer_to_report_done_is_a_final_report(fake_bale, world):
    _press(fake_bale, world, kind="done")
    fake_bale.add_file("pdf1", b"%PDF-1.4 done", "documents/file_9")
    document = {"file_id": "pdf1", "file_name": "صورتجلسه.pdf", "mime_type": "application/pdf"}
    handle_update(message(LINKED_CHAT, document=document, caption="کار تمام شد"))
    followup = FollowUp.objects.get(assignment=world.assignment)
    assert followup.is_final and followup.progress == 100
    assert followup.attachment.name.endswith(".pdf")
    assert Assignment.objects.get(pk=world.assignment.pk).status == "reported_done"


def test_a_text_answer_with_a_latin_percent(fake_bale, world):
    handle_update(button(LINKED_CHAT, f"assignment:{world.assignment.pk}:progress"))
    handle_update(message(LINKED_CHAT, text="پیگیری با بانک انجام شد، 50٪"))
    assert FollowUp.objects.get(assignment=world.assignment).progress == 50


@pytest.mark.parametrize(
    ("text", "percent"),
    [("۵۰", 50), ("50٪", 50), ("پیشرفت ۷۵ درصد", 75), ("75%", 75), ("نامه ۱۲۳۴ ارسال شد", None)],
)
def test_percent_in_text(text, percent):
    assert percent_in(text) == percent


def test_a_wrong_file_type_is_refused_and_nothing_changes(fake_bale, world):
    _press(fake_bale, world)
    document = {"file_id": "x", "file_name": "a.exe", "mime_type": "application/x-msdownload"}
    handle_update(message(LINKED_CHAT, document=document))
    assert not FollowUp.objects.exists()
    assert "فقط عکس یا پرونده PDF" in replies(fake_bale, LINKED_CHAT)[-1]


def test_a_file_too_big_is_refused_before_download(fake_bale, world):
    _press(fake_bale, world)
    fake_bale.add_file("big", b"b", "documents/big.pdf")
    document = {"file_id": "big", "file_name": "big.pdf", "mime_type": "application/pdf"}
    fake_bale.files["big"] = ("documents/big.pdf", b"b" * (10 * 1024 * 1024 + 1))
    handle_update(message(LINKED_CHAT, document=document, caption="گزارش"))
    assert not FollowUp.objects.exists()
    assert "۱۰ مگابایت" in replies(fake_bale, LINKED_CHAT)[-1]
    assert not any(r["method"] == "file" for r in fake_bale.requests)


def test_an_unlinked_chat_changes_nothing_and_is_answered_in_persian(client, fake_bale, world):
    response = post_webhook(client, button(OTHER_CHAT, f"rep:{world.assignment.pk}:progress"))
    assert response.status_code == 200
    post_webhook(client, message(OTHER_CHAT, text="۵۰٪ انجام شد"))
    assert not BaleConversation.objects.exists() and not FollowUp.objects.exists()
    assert replies(fake_bale, OTHER_CHAT)[-1].startswith("این گفت‌وگو به حسابی")


def test_another_agencys_assignment_is_refused(client, fake_bale, world):
    post_webhook(client, button(LINKED_CHAT, f"rep:{world.other_assignment.pk}:done"))
    assert not BaleConversation.objects.exists()
    assert "یافت نشد" in replies(fake_bale, LINKED_CHAT)[-1]
    post_webhook(client, message(LINKED_CHAT, text="انجام شد ۱۰۰٪"))
    assert not FollowUp.objects.exists()
    assert Assignment.objects.get(pk=world.other_assignment.pk).status == "issued"


def test_a_closed_assignment_is_refused(fake_bale, world):
    Assignment.objects.filter(pk=world.assignment.pk).update(status="cancelled")
    handle_update(button(LINKED_CHAT, f"rep:{world.assignment.pk}:progress"))
    assert not BaleConversation.objects.exists()
    assert "بسته است" in replies(fake_bale, LINKED_CHAT)[-1]


def test_an_assignment_closed_while_the_bot_waits_is_refused(fake_bale, world):
    _press(fake_bale, world)
    Assignment.objects.filter(pk=world.assignment.pk).update(status="cancelled")
    handle_update(message(LINKED_CHAT, text="۳۰٪"))
    assert not FollowUp.objects.exists()
    assert "بسته است" in replies(fake_bale, LINKED_CHAT)[-1]


def test_an_expired_conversation_changes_nothing(fake_bale, world):
    _press(fake_bale, world)
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        handle_update(message(LINKED_CHAT, text="۴۰٪"))
    assert not FollowUp.objects.exists()
    assert "مهلت پاسخ" in replies(fake_bale, LINKED_CHAT)[-1]


def test_a_message_without_a_pressed_button_changes_nothing(fake_bale, world):
    handle_update(message(LINKED_CHAT, text="۴۰٪"))
    assert not FollowUp.objects.exists()
    assert "دکمه" in replies(fake_bale, LINKED_CHAT)[-1]


def test_a_forged_button_is_refused(fake_bale, world):
    handle_update(button(LINKED_CHAT, "rep:abc:delete"))
    assert not BaleConversation.objects.exists()
    assert "معتبر نیست" in replies(fake_bale, LINKED_CHAT)[-1]


# --- Webhook ----------------------------------------------------------------------------------


def test_a_wrong_secret_is_refused_with_nothing_done(client, fake_bale, world):
    code = services.bale_link_code_create(user=world.other_liaison)
    response = post_webhook(client, message(OTHER_CHAT, text=f"/start {code.code}"), "wrong")
    assert response.status_code == 404
    assert not BaleUpdate.objects.exists() and not BaleLink.objects.filter(chat_id=OTHER_CHAT)
    assert fake_bale.requests == []


def test_the_webhook_is_closed_without_a_configured_secret(client, fake_bale, settings, world):
    settings.BALE_WEBHOOK_SECRET = ""
    assert post_webhook(client, message(OTHER_CHAT, text="/start"), "").status_code == 404


def test_a_malformed_body_is_refused_in_persian(client, fake_bale, world):
    response = client.post(f"/bale/webhook/{SECRET}/", data="{", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.content.decode()
    assert not BaleUpdate.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"update_id": "12"},
        {"update_id": 2**64},
        {"update_id": True},
        {"update_id": 7, "message": 5},
    ],
)
def test_malformed_updates_change_nothing(client, fake_bale, world, body):
    response = post_webhook(client, body)
    assert response.status_code in {200, 400}
    assert not FollowUp.objects.exists() and not BaleConversation.objects.exists()
    assert fake_bale.calls("sendMessage") == []


def test_a_redelivered_update_changes_nothing(client, fake_bale, world):
    _press(fake_bale, world)
    update = message(LINKED_CHAT, text="۲۰٪ پیشرفت")
    assert post_webhook(client, update).status_code == 200
    sent = len(fake_bale.requests)
    assert post_webhook(client, update).status_code == 200
    assert FollowUp.objects.count() == 1
    assert len(fake_bale.requests) == sent  # not answered twice either


# --- Polling ----------------------------------------------------------------------------------


def test_bale_poll_once_handles_queued_updates_and_keeps_the_offset(fake_bale, world):
    fake_bale.queue_update(button(LINKED_CHAT, f"rep:{world.assignment.pk}:progress"))
    fake_bale.queue_update(message(LINKED_CHAT, text="۳۵٪ انجام شد"))
    call_command("bale_poll", "--once")
    assert FollowUp.objects.get(assignment=world.assignment).progress == 35
    last = BaleUpdate.objects.order_by("-update_id").first().update_id
    call_command("bale_poll", "--once")  # the same updates are not handled again
    assert FollowUp.objects.count() == 1
    assert fake_bale.calls("getUpdates")[-1]["offset"] == last + 1


def test_the_webhook_needs_no_csrf_token(fake_bale, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post_webhook(strict, message(OTHER_CHAT, text="/start")).status_code == 200
    assert "خوش آمدید" in replies(fake_bale, OTHER_CHAT)[0]
