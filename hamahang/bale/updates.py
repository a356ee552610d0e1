"""The bot's inbound side: one Bale update (from the webhook or `bale_poll`) at a time.

- `/start <code>` links the chat to the code's user (services.bale_link_start).
- A report button under an issued assignment (`rep:<assignment>:progress|done`) makes the bot
  wait for that report in this chat (a conversation that expires).
- The answer — text, a photo (its largest size) or a PDF — becomes a follow-up report through
  the same form and service as the liaison's report screen (`FollowUpForm`,
  `meetings.services.assignment_report`): the same permission rule, the same attachment rule.

Every refusal is answered in Persian in the chat and changes nothing. An update is handled
once: its id is recorded in the same transaction as its effect, so a redelivered update (a
webhook retried, a poll repeated) changes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.datastructures import MultiValueDict

from hamahang.accounts.access import NOT_FOUND_MESSAGE, may_report
from hamahang.bale import selectors, services
from hamahang.bale.client import BaleClient, FileTooLarge, PermanentFailure, TemporaryFailure
from hamahang.bale.models import BaleConversation, BaleUpdate
from hamahang.core import clock
from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.text import display_code
from hamahang.meetings import selectors as meeting_selectors
from hamahang.meetings import services as meeting_services
from hamahang.meetings.forms import MAX_ATTACHMENT_SIZE, FollowUpForm

logger = logging.getLogger(__name__)

WELCOME = (
    "به بات سامانه هماهنگ خوش آمدید. برای دریافت ابلاغ‌ها در بله، در سامانه به صفحه "
    "«پیوند بله» بروید و پیوند یک‌بارمصرف خود را باز کنید."
)
UNLINKED = (
    "این گفت‌وگو به حسابی در سامانه هماهنگ پیوند نخورده است؛ چیزی ثبت نشد. "
    "از صفحه «پیوند بله» در سامانه پیوند بسازید."
)
NO_CONVERSATION = (
    "برای ثبت گزارش، دکمه «گزارش پیشرفت» یا «گزارش انجام» زیر پیام ابلاغ را بزنید؛ چیزی ثبت نشد."
)
EXPIRED = "مهلت پاسخ به این گزارش گذشته است؛ چیزی ثبت نشد. دوباره دکمه گزارش را بزنید."
BAD_BUTTON = "این دکمه معتبر نیست؛ چیزی ثبت نشد."
WRONG_FILE = "فقط عکس یا پرونده PDF پذیرفته می‌شود؛ چیزی ثبت نشد."
TOO_BIG = "حجم پرونده بیش از ۱۰ مگابایت است؛ چیزی ثبت نشد."
FILE_FAILED = "دریافت پرونده از بله ممکن نشد؛ چیزی ثبت نشد. دوباره بفرستید."
PHOTO_ONLY_TEXT = "گزارش با پیوست، فرستاده از پیام‌رسان بله."

_PERCENT = re.compile(r"([0-9۰-۹٠-٩]{1,3})\s*(?:%|٪|درصد)")
_BARE_NUMBER = re.compile(r"^\s*([0-9۰-۹٠-٩]{1,3})\s*$")
# The bot's own buttons (`rep:`), and the outbox producers' suggestion (`assignment:`) alike.
_BUTTON = re.compile(r"^(?:rep|assignment):(\d{1,12}):(progress|done)$")


@dataclass
class Handled:
    """What one update did: the chat, the replies to send there, a short note for the log."""

    chat_id: str = ""
    replies: list[str] = field(default_factory=list)
    note: str = ""
    callback_id: str = ""


def report_buttons(assignment_id: int, view_url: str) -> list[list[dict]]:
    """The inline keyboard under an issued assignment's notice (the «مشاهده» link only with an
    absolute address: Bale refuses a button whose URL is a bare path)."""
    report = [
        {"text": "گزارش پیشرفت", "callback_data": f"rep:{assignment_id}:progress"},
        {"text": "گزارش انجام", "callback_data": f"rep:{assignment_id}:done"},
    ]
    if not view_url.startswith(("https://", "http://")):
        return [report]
    return [[{"text": "مشاهده", "url": view_url}], report]


def percent_in(text: str) -> int | None:
    """A progress percent written in the text: «۵۰٪», «50%», «۵۰ درصد» or the bare «۵۰»."""
    match = _PERCENT.search(text or "") or _BARE_NUMBER.match(text or "")
    return int(to_ascii_digits(match.group(1))) if match else None


def handle_update(update: dict, *, client: BaleClient | None = None) -> str:
    """Handle one update once; answer in the chat. Returns a short note (for logs and tests)."""
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id < 2**63:
        return "ignored: no update_id"
    if BaleUpdate.objects.filter(update_id=update_id).exists():
        return "duplicate"
    client = client or BaleClient()
    handled = Handled()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = BaleUpdate.objects.create(update_id=update_id, received_at=clock.now())
        except IntegrityError:
            return "duplicate"  # the same update, handled meanwhile by another process
        _dispatch(update, client, handled)
        record.chat_id, record.outcome = handled.chat_id[:32], handled.note[:200]
        record.save(update_fields=["chat_id", "outcome"])
    # Only what was committed is answered; a fault above rolls the update back, unanswered,
    # for Bale to deliver again.
    _answer(client, handled)
    return handled.note


def _answer(client: BaleClient, handled: Handled) -> None:
    """Send the replies after the change is committed; a provider failure is logged only."""
    try:
        if handled.callback_id:
            client.answer_callback_query(handled.callback_id)
        for text in handled.replies:
            client.send_message(handled.chat_id, text)
    except (TemporaryFailure, PermanentFailure) as exc:
        logger.warning("Bale reply to chat %s failed: %s", handled.chat_id, exc)


def _dispatch(update: dict, client: BaleClient, handled: Handled) -> None:
    callback = update.get("callback_query")
    message = update.get("message")
    if isinstance(callback, dict):
        handled.callback_id = str(callback.get("id") or "")
        chat = (callback.get("message") or {}).get("chat") or callback.get("from") or {}
        handled.chat_id = str(chat.get("id") or "")
        if handled.chat_id:
            _on_button(str(callback.get("data") or ""), handled)
        else:
            handled.note = "ignored: no chat"
        return
    if not isinstance(message, dict) or not (message.get("chat") or {}).get("id"):
        handled.note = "ignored: nothing to handle"
        return
    handled.chat_id = str(message["chat"]["id"])
    text = str(message.get("text") or "")
    if text.startswith("/start"):
        _on_start(text.removeprefix("/start").strip(), handled)
        return
    _on_answer(message, client, handled)


def _refuse(handled: Handled, text: str, note: str) -> None:
    handled.replies.append(text)
    handled.note = f"refused: {note}"


def _on_start(code: str, handled: Handled) -> None:
    if not code:
        handled.replies.append(WELCOME)
        handled.note = "welcome"
        return
    try:
        with transaction.atomic():
            link = services.bale_link_start(chat_id=handled.chat_id, code=code)
    except ValidationError as error:
        _refuse(handled, " ".join(error.messages), error.code or "link")
        return
    handled.replies.append(
        f"حساب «{link.user}» در سامانه هماهنگ به این گفت‌وگو پیوند خورد. از این پس ابلاغ‌ها و "
        "یادآوری‌ها اینجا می‌رسد و می‌توانید گزارش پیگیری را همین‌جا بفرستید."
    )
    handled.note = f"linked user {link.user_id}"


def _on_button(data: str, handled: Handled) -> None:
    user = selectors.linked_user(handled.chat_id)
    if user is None:
        return _refuse(handled, UNLINKED, "unlinked chat")
    match = _BUTTON.match(data)
    if not match:
        return _refuse(handled, BAD_BUTTON, "bad button")
    pk, kind = int(match.group(1)), match.group(2)
    assignment = (
        meeting_selectors.assignment_list_for_user(user=user)
        .select_related("resolution")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        return _refuse(handled, f"{NOT_FOUND_MESSAGE} چیزی ثبت نشد.", "out of scope")
    code = display_code(assignment.resolution.code)
    if not may_report(user, assignment):
        return _refuse(
            handled, "فقط رابط دستگاه مسئول می‌تواند برای این تکلیف گزارش ثبت کند.", "not allowed"
        )
    if not assignment.is_open:
        return _refuse(
            handled,
            f"تکلیف مصوبه {code} «{assignment.get_status_display()}» و بسته است؛ "
            "گزارش تازه پذیرفته نمی‌شود.",
            "closed",
        )
    services.bale_conversation_start(
        chat_id=handled.chat_id, user=user, assignment=assignment, kind=kind
    )
    what = "انجام کامل" if kind == BaleConversation.Kind.DONE else "پیشرفت"
    handled.replies.append(
        f"گزارش {what} تکلیف مصوبه {code} را بفرستید: متن، عکس یا پرونده PDF "
        "(درصد پیشرفت را می‌توانید با «٪» بنویسید، مانند «۵۰٪»). این گفت‌وگو تا "
        f"{to_persian_digits(int(services.CONVERSATION_LIFETIME.total_seconds() // 60))} "
        "دقیقه منتظر می‌ماند."
    )
    handled.note = f"awaiting {kind} on {pk}"


def _on_answer(message: dict, client: BaleClient, handled: Handled) -> None:
    user = selectors.linked_user(handled.chat_id)
    if user is None:
        return _refuse(handled, UNLINKED, "unlinked chat")
    conversation = selectors.conversation_of(handled.chat_id)
    if conversation is None or conversation.user_id != user.pk:
        return _refuse(handled, NO_CONVERSATION, "no conversation")
    if conversation.expires_at <= clock.now():
        services.bale_conversation_end(chat_id=handled.chat_id)
        return _refuse(handled, EXPIRED, "conversation expired")
    try:
        upload = _attachment(message, client)
    except FileTooLarge:
        return _refuse(handled, TOO_BIG, "file too big")
    except TemporaryFailure:
        return _refuse(handled, FILE_FAILED, "file download failed")
    except (PermanentFailure, ValueError) as exc:
        text = WRONG_FILE if isinstance(exc, ValueError) else FILE_FAILED
        return _refuse(handled, text, "file refused")
    text = str(message.get("text") or message.get("caption") or "").strip()
    if not text and upload is not None:
        text = PHOTO_ONLY_TEXT
    assignment = conversation.assignment
    done = conversation.kind == BaleConversation.Kind.DONE
    progress = percent_in(text)
    if progress is None:
        progress = 100 if done else assignment.progress
    # The report screen's form: the same text, percent and attachment rules as on the site.
    form = FollowUpForm(
        data={"text": text, "progress": str(progress), "is_final": "on" if done else ""},
        files=MultiValueDict({"attachment": [upload]} if upload else {}),
    )
    if not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        return _refuse(handled, " ".join(problems) + " چیزی ثبت نشد.", "invalid report")
    try:
        with transaction.atomic():
            followup = meeting_services.assignment_report(
                assignment=assignment,
                acting_user=user,
                text=form.cleaned_data["text"],
                progress=form.cleaned_data["progress"],
                is_final=form.cleaned_data["is_final"],
                attachment=form.cleaned_data["attachment"],
            )
    except ValidationError as error:
        services.bale_conversation_end(chat_id=handled.chat_id)
        return _refuse(handled, " ".join(error.messages) + " چیزی ثبت نشد.", error.code or "")
    services.bale_conversation_end(chat_id=handled.chat_id)
    handled.replies.append(
        f"گزارش پیگیری تکلیف مصوبه {display_code(assignment.resolution.code)} ثبت شد "
        f"(پیشرفت {to_persian_digits(followup.progress)}٪) و برای بررسی به دبیرخانه رفت."
    )
    handled.note = f"followup {followup.pk} on {assignment.pk}"


def _attachment(message: dict, client: BaleClient) -> SimpleUploadedFile | None:
    """The photo (largest size) or PDF of the message, downloaded; None when it has none.
    ValueError for another kind of file; FileTooLarge beyond the report screen's limit."""
    photos = message.get("photo")
    document = message.get("document")
    if isinstance(photos, list) and photos:
        largest = max(
            (p for p in photos if isinstance(p, dict) and p.get("file_id")),
            key=lambda p: (p.get("file_size") or 0, (p.get("width") or 0) * (p.get("height") or 0)),
            default=None,
        )
        if largest is None:
            raise ValueError("photo without a file")
        file_id, name, content_type = str(largest["file_id"]), "", "image/jpeg"
    elif isinstance(document, dict) and document.get("file_id"):
        name = str(document.get("file_name") or "")
        content_type = str(document.get("mime_type") or "")
        if content_type != "application/pdf" and not name.lower().endswith(".pdf"):
            raise ValueError("not a PDF")
        file_id, content_type = str(document["file_id"]), "application/pdf"
    elif any(key in message for key in ("video", "audio", "voice", "sticker", "animation")):
        raise ValueError("unsupported media")
    elif "document" in message or "photo" in message:
        raise ValueError("malformed file")
    else:
        return None
    bale_file = client.get_file(file_id)
    content = client.download(bale_file, max_bytes=MAX_ATTACHMENT_SIZE)
    if not name:
        stem = bale_file.file_path.rsplit("/", 1)[-1] or "photo"
        name = stem if "." in stem else f"{stem}.jpg"
    if content_type == "application/pdf" and not name.lower().endswith(".pdf"):
        name = f"{name}.pdf"
    return SimpleUploadedFile(name[-100:], content, content_type=content_type)
