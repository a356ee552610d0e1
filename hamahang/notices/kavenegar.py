"""SMS through Kavenegar (کاوه‌نگار): a small client for its REST API and the outbox's SMS channel.

The API (https://kavenegar.com/rest.html): `POST {base}/v1/{api key}/sms/send.json` with
`receptor`, `sender`, `message` and `localid` (the sender's own id: Kavenegar refuses to send a
second message with a localid it has seen and answers with the first one), and
`{base}/v1/{api key}/sms/status.json?messageid=…`. Every answer is JSON:
`{"return": {"status": 200, "message": "تایید شد"}, "entries": [{"messageid", "message",
"status", "statustext", "sender", "receptor", "date", "cost"}]}`; an error carries its code in
`return.status` (and as the HTTP status) and has no entries.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.urls import reverse

from hamahang.core.digits import to_persian_digits
from hamahang.core.text import display_code
from hamahang.notices.channels import Channel, Delivery, PermanentFailure, TemporaryFailure
from hamahang.notices.outbox import site_link

PUBLIC_BASE_URL = "https://api.kavenegar.com"  # settings.KAVENEGAR_BASE_URL's default
OK = 200
# Message statuses (entries[].status) that mean the handset has the message.
DELIVERED = 10

# Kavenegar's error codes: whether trying again later can help, and what the timeline says.
# Temporary: the provider is busy or throttling, or the failure is not the message's fault.
# Permanent: the request, the number, the line or the account is wrong; trying again sends the
# same wrong thing, so the outbox falls back to the user's next channel at once.
TEMPORARY_CODES = frozenset({402, 409, 429, 451})
ERROR_TEXTS = {
    400: "پارامترهای درخواست پیامک ناقص است",
    401: "حساب کاربری کاوه‌نگار غیرفعال شده است",
    402: "عملیات ارسال پیامک در کاوه‌نگار ناموفق بود",
    403: "کلید دسترسی (API key) کاوه‌نگار نامعتبر است",
    404: "روش فراخوانی در کاوه‌نگار یافت نشد",
    405: "نوع درخواست (GET/POST) به کاوه‌نگار نادرست است",
    406: "پارامترهای اجباری پیامک خالی فرستاده شده است",
    407: "دسترسی به این امکان کاوه‌نگار مجاز نیست",
    409: "کارگزار کاوه‌نگار اکنون پاسخگو نیست",
    411: "شمارهٔ گیرندهٔ پیامک نامعتبر است",
    412: "شمارهٔ فرستندهٔ پیامک (خط) نامعتبر است",
    413: "متن پیامک خالی یا بلندتر از حد مجاز است",
    414: "شمار گیرندگان پیامک بیش از حد مجاز است",
    415: "اندیس شروع از شمار گیرندگان بزرگ‌تر است",
    416: "نشانی IP سامانه با تنظیمات حساب کاوه‌نگار نمی‌خواند",
    417: "تاریخ ارسال پیامک نادرست است",
    418: "اعتبار حساب پیامک کافی نیست",
    419: "اندازهٔ فهرست‌های گیرنده، فرستنده و متن یکی نیست",
    420: "فرستادن پیوند در متن پیامک برای این حساب محدود شده است",
    422: "متن پیامک نویسهٔ نامناسب دارد",
    424: "الگوی پیامک یافت نشد",
    426: "این امکان به سرویس پیشرفتهٔ کاوه‌نگار نیاز دارد",
    427: "استفاده از این خط به مجوز دسترسی نیاز دارد",
    428: "ارسال کد با تماس تلفنی ممکن نیست",
    429: "نشانی IP سامانه در کاوه‌نگار محدود شده است",
    431: "ساختار کد نادرست است",
    432: "پارامتر کد در متن پیام یافت نشد",
    451: "درخواست‌های تکراری بیش از حد مجاز در بازهٔ کوتاه",
    501: "حساب آزمایشی فقط به شمارهٔ صاحب حساب پیامک می‌فرستد",
}

# Persian is sent as UCS-2: 70 characters in one part, 67 in each part of a longer message.
# Our notices keep to two parts.
SMS_MAX_UNITS = 2 * 67
ELLIPSIS = "…"


class KavenegarError(Exception):
    """A failed call: `code` is Kavenegar's (or the HTTP status, or None for a network fault),
    `message` is Persian for the timeline, `temporary` says whether a retry may succeed."""

    def __init__(self, message: str, *, code: int | None = None, temporary: bool):
        super().__init__(message)
        self.message = message
        self.code = code
        self.temporary = temporary


@dataclass(frozen=True)
class SmsStatus:
    messageid: str
    status: int
    statustext: str

    @property
    def delivered(self) -> bool:
        return self.status == DELIVERED


def error_for_code(code: int, provider_message: str = "", *, http_status: int = 0):
    text = ERROR_TEXTS.get(code) or provider_message or "خطای ناشناخته از کاوه‌نگار"
    temporary = code in TEMPORARY_CODES or (code not in ERROR_TEXTS and http_status >= 500)
    return KavenegarError(
        f"کاوه‌نگار: {text} (کد {to_persian_digits(code)}).", code=code, temporary=temporary
    )


def localid_for(key: str) -> str:
    """Kavenegar's localid is a number; ours is derived from the notice's idempotency key, so
    every attempt at one notice carries the same localid and Kavenegar sends it once."""
    return str(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 1)


class KavenegarClient:
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = PUBLIC_BASE_URL,
        sender: str = "",
        timeout: float = 10.0,
    ):
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.sender = sender
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> KavenegarClient:
        return cls(
            api_key=settings.KAVENEGAR_API_KEY,
            base_url=settings.KAVENEGAR_BASE_URL,
            sender=settings.KAVENEGAR_SENDER,
            timeout=settings.KAVENEGAR_TIMEOUT,
        )

    def __repr__(self) -> str:  # never the key: it is part of every URL
        return f"KavenegarClient({self.base_url!r})"

    def send(self, *, receptor: str, message: str, localid: str = "") -> SmsStatus:
        data = {"receptor": receptor, "message": message}
        if self.sender:
            data["sender"] = self.sender
        if localid:
            data["localid"] = localid
        return self._first(self._call("sms/send.json", data=data))

    def status(self, messageid: str) -> SmsStatus:
        return self._first(self._call("sms/status.json", params={"messageid": messageid}))

    def _call(self, method: str, *, data: dict | None = None, params: dict | None = None):
        # Without a key the path stays well formed: a stand-in takes any key (Kavenegar: 403).
        url = f"{self.base_url}/v1/{self.api_key or '-'}/{method}"
        try:
            if data is not None:
                response = httpx.post(url, data=data, timeout=self.timeout)
            else:
                response = httpx.get(url, params=params, timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise KavenegarError("کاوه‌نگار در زمان مقرر پاسخ نداد.", temporary=True) from exc
        except httpx.HTTPError as exc:
            raise KavenegarError("اتصال به کاوه‌نگار برقرار نشد.", temporary=True) from exc
        try:
            body = response.json()
            code = int(body["return"]["status"])
        except (ValueError, KeyError, TypeError):
            raise KavenegarError(
                f"پاسخ نامفهوم از کاوه‌نگار (HTTP {to_persian_digits(response.status_code)}).",
                code=response.status_code,
                temporary=response.status_code >= 500 or response.status_code == 429,
            ) from None
        if code != OK:
            raise error_for_code(
                code, str(body["return"].get("message") or ""), http_status=response.status_code
            )
        return body.get("entries") or []

    @staticmethod
    def _first(entries) -> SmsStatus:
        try:
            entry = entries[0]
            return SmsStatus(
                messageid=str(entry["messageid"]),
                status=int(entry.get("status") or 0),
                statustext=str(entry.get("statustext") or ""),
            )
        except (IndexError, KeyError, TypeError, ValueError):
            raise KavenegarError("پاسخ کاوه‌نگار شناسهٔ پیام نداشت.", temporary=True) from None


# --- The text ------------------------------------------------------------------------------


def sms_units(text: str) -> int:
    """Length as a handset counts it in a UCS-2 message (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def short_link(notice) -> str:
    """The short address a notice points to: its assignment (/a/<id>/), else the inbox."""
    if notice.assignment_id:
        path = reverse("meetings:assignment_short", args=[notice.assignment_id])
    else:
        path = reverse("meetings:inbox")
    return site_link(path)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _fit(text: str, room: int) -> str:
    """The text cut to `room` UCS-2 units, at a word's end where one is near, an ellipsis
    marking the cut."""
    if sms_units(text) <= room:
        return text
    if room <= 1:
        return ""
    cut = text[: room - 1]  # a character is at least one unit
    while sms_units(cut) > room - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def sms_text(notice) -> str:
    """What the handset gets, at most two SMS parts: the producer's own short text when it fits
    (producers write one for SMS and Bale), else one composed from the notice."""
    text = (notice.text or "").strip()
    if text and sms_units(text) <= SMS_MAX_UNITS:
        return text
    return composed_sms_text(notice)


def composed_sms_text(notice) -> str:
    """Short Persian for a notice whose text is too long for SMS: what happened, the resolution
    code and the short link are kept whole; only the title is cut to fit."""
    link = short_link(notice)
    lead = notice.get_kind_display()
    if notice.assignment_id:
        resolution = notice.assignment.resolution
        head = f"{lead} مصوبه {display_code(resolution.code)}:"
        title = _one_line(resolution.text)
    else:
        head = f"{lead}:"
        title = _one_line(notice.subject) or _one_line(notice.text)
    room = SMS_MAX_UNITS - sms_units(head) - sms_units(link) - 2  # two spaces
    title = _fit(title, room)
    return " ".join(part for part in (head, title, link) if part)


# --- The channel ---------------------------------------------------------------------------


def sms_configured() -> bool:
    """SMS is on with an API key, or with a Kavenegar of our own (a local stand-in for a demo
    run, which takes any key); otherwise nobody is reachable by SMS and nothing is tried."""
    return bool(settings.KAVENEGAR_API_KEY) or (
        settings.KAVENEGAR_BASE_URL.rstrip("/") != PUBLIC_BASE_URL
    )


class SmsChannel(Channel):
    name = "sms"
    label = "پیامک"
    quiet_hours = True

    @property
    def per_second(self) -> float:
        return settings.KAVENEGAR_PER_SECOND

    def address_for(self, user) -> str:
        """The user's valid mobile (User.mobile); "" without one, or when SMS is not on."""
        if not sms_configured() or not user.is_active:
            return ""
        return user.mobile

    def send(self, notice) -> Delivery:
        sent = self._ask(
            lambda client: client.send(
                receptor=notice.address,
                message=sms_text(notice),
                localid=localid_for(notice.idempotency_key),
            )
        )
        return Delivery(
            provider_message_id=sent.messageid,
            delivery_status=sent.statustext,
            delivered=sent.delivered,
        )

    def refresh(self, notice) -> Delivery | None:
        """The provider's word on a sent message (Kavenegar keeps it for 48 hours)."""
        if not notice.provider_message_id:
            return None
        state = self._ask(lambda client: client.status(notice.provider_message_id))
        return Delivery(
            provider_message_id=notice.provider_message_id,
            delivery_status=state.statustext,
            delivered=state.delivered,
        )

    @staticmethod
    def _ask(call) -> SmsStatus:
        """One call to Kavenegar; its failure in the outbox's terms."""
        try:
            return call(KavenegarClient.from_settings())
        except KavenegarError as exc:
            raise (TemporaryFailure if exc.temporary else PermanentFailure)(exc.message) from exc
