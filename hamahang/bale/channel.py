"""The Bale channel of the notices outbox: a notice is a `sendMessage` to the user's linked
chat; an issued assignment's notice, and a returned report's, carries the view and report
buttons so that the liaison answers from Bale."""

from __future__ import annotations

from hamahang.bale import selectors
from hamahang.bale.client import BaleClient, bale_configured
from hamahang.bale.updates import report_buttons
from hamahang.notices.channels import Channel, Delivery
from hamahang.notices.outbox import site_link

# Notices the liaison answers with a report: a new assignment, and a report sent back to them.
REPORT_KINDS = {"issued", "returned"}


def _keyboard(notice) -> list[list[dict]] | None:
    """The buttons under the message. A notice the liaison answers with a report gets the
    bot's own (a link to the assignment and the two report buttons `updates` understands),
    whatever its producer suggested; other notices show their payload's buttons, if any."""
    if notice.kind in REPORT_KINDS and notice.assignment_id:
        from django.urls import reverse

        view = site_link(reverse("meetings:assignment_detail", args=[notice.assignment_id]))
        return report_buttons(notice.assignment_id, view)
    payload = notice.payload if isinstance(notice.payload, dict) else {}
    row = []
    for button in payload.get("buttons") or []:
        item = {"text": str(button.get("text", ""))}
        if button.get("url"):
            item["url"] = str(button["url"])
        else:
            item["callback_data"] = str(button.get("callback", ""))[:64]
        row.append(item)
    return [row] if row else None


class BaleChannel(Channel):
    name = "bale"
    label = "بله"
    quiet_hours = False
    per_second = 20.0  # well under the bot API's limit for messages to different chats

    def address_for(self, user) -> str:
        """The user's linked chat; "" while Bale is not configured (client.bale_configured)."""
        if not bale_configured() or not getattr(user, "is_active", False):
            return ""
        return selectors.chat_id_of(user)

    def send(self, notice) -> Delivery:
        # The notice's short text is written for a chat (the subject is the e-mail's line).
        text = notice.text or notice.subject
        message = BaleClient().send_message(
            notice.address, text.strip()[:4096], inline_keyboard=_keyboard(notice)
        )
        message_id = (message or {}).get("message_id", "")
        # The bot API has no receipts: an accepted message is in the user's chat.
        return Delivery(provider_message_id=str(message_id), delivery_status="ok", delivered=True)
