"""A small client for Bale's bot API (Telegram-compatible): `{BALE_BASE_URL}/bot{token}/{method}`.

Every method answers `{"ok": true, "result": ...}` or `{"ok": false, "error_code": N,
"description": "..."}`. A refusal (4xx: bad chat, bot blocked, bad token) raises
PermanentFailure; a rate limit (429), a server error (5xx), a timeout or a broken connection
raises TemporaryFailure — the outbox retries those later. Files are read from
`{BALE_BASE_URL}/file/bot{token}/{file_path}` after `getFile`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
from django.conf import settings

from hamahang.core.digits import to_persian_digits
from hamahang.notices.channels import PermanentFailure, TemporaryFailure

__all__ = [
    "BaleClient",
    "BaleFile",
    "FileTooLarge",
    "PermanentFailure",
    "TemporaryFailure",
    "bale_configured",
]


PUBLIC_BASE_URL = "https://tapi.bale.ai"


def bale_configured() -> bool:
    """Bale is on with a bot token, or with a Bale of one's own (BALE_BASE_URL pointed at a
    local server, as a demo run does); with neither, nobody is reached and no request leaves."""
    own_server = settings.BALE_BASE_URL.rstrip("/") != PUBLIC_BASE_URL
    return bool(settings.BALE_BOT_TOKEN or own_server)


class FileTooLarge(PermanentFailure):
    """The file is larger than the caller accepts (checked before and while downloading)."""


@dataclass(frozen=True)
class BaleFile:
    file_id: str
    file_path: str
    file_size: int | None


def _fa_error(code, description: str) -> str:
    return f"بله خطای {to_persian_digits(code)} داد: {description or 'بی‌شرح'}"


class BaleClient:
    def __init__(self, *, base_url=None, token=None, timeout=None, transport=None):
        self.base_url = (base_url or settings.BALE_BASE_URL).rstrip("/")
        self.token = settings.BALE_BOT_TOKEN if token is None else token
        self.timeout = settings.BALE_TIMEOUT if timeout is None else timeout
        self._transport = transport

    # --- transport ---------------------------------------------------------------------------

    def _http(self, timeout: float) -> httpx.Client:
        return httpx.Client(timeout=timeout, transport=self._transport)

    def call(self, method: str, *, data=None, files=None, timeout: float | None = None):
        """POST one method; the `result` of an ok answer, else Temporary/PermanentFailure."""
        url = f"{self.base_url}/bot{self.token}/{method}"
        wait = self.timeout if timeout is None else timeout
        try:
            with self._http(wait) as http:
                if files:
                    response = http.post(url, data=data or {}, files=files)
                else:
                    response = http.post(url, json=data or {})
        except httpx.TimeoutException as exc:
            raise TemporaryFailure(f"بله در زمان مقرر پاسخ نداد ({method}).") from exc
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"اتصال به بله برقرار نشد ({method}): {exc}") from exc
        return self._result(method, response)

    @staticmethod
    def _result(method: str, response: httpx.Response):
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict) and body.get("ok") is True:
            return body.get("result")
        code = response.status_code
        description = ""
        if isinstance(body, dict):
            code = body.get("error_code") or code
            description = str(body.get("description") or "")
        try:
            code = int(code)
        except (TypeError, ValueError):
            code = response.status_code
        message = _fa_error(code, description) + f" ({method})"
        if code == 429 or code >= 500 or (body is None and response.status_code >= 500):
            raise TemporaryFailure(message)
        raise PermanentFailure(message)

    # --- methods -----------------------------------------------------------------------------

    def send_message(self, chat_id, text: str, *, inline_keyboard=None) -> dict:
        data = {"chat_id": chat_id, "text": text}
        if inline_keyboard:
            data["reply_markup"] = {"inline_keyboard": inline_keyboard}
        return self.call("sendMessage", data=data)

    def send_document(self, chat_id, *, filename: str, content: bytes, caption: str = "") -> dict:
        data = {"chat_id": str(chat_id)}
        if caption:
            data["caption"] = caption
        return self.call("sendDocument", data=data, files={"document": (filename, content)})

    def get_updates(self, *, offset: int | None = None, timeout: int = 0) -> list[dict]:
        data = {"timeout": timeout}
        if offset is not None:
            data["offset"] = offset
        # The long poll may last `timeout` seconds: wait that long plus the usual margin.
        return self.call("getUpdates", data=data, timeout=self.timeout + timeout) or []

    def set_webhook(self, url: str) -> bool:
        return bool(self.call("setWebhook", data={"url": url}))

    def answer_callback_query(self, callback_query_id: str, text: str = "") -> bool:
        data = {"callback_query_id": callback_query_id}
        if text:
            data["text"] = text
        return bool(self.call("answerCallbackQuery", data=data))

    def get_file(self, file_id: str) -> BaleFile:
        result = self.call("getFile", data={"file_id": file_id}) or {}
        if not result.get("file_path"):
            raise PermanentFailure("بله نشانی پرونده را نداد.")
        size = result.get("file_size")
        return BaleFile(
            file_id=str(result.get("file_id") or file_id),
            file_path=str(result["file_path"]),
            file_size=int(size) if isinstance(size, int) else None,
        )

    def download(self, bale_file: BaleFile, *, max_bytes: int) -> bytes:
        """The file's bytes; FileTooLarge as soon as it exceeds `max_bytes`."""
        if bale_file.file_size is not None and bale_file.file_size > max_bytes:
            raise FileTooLarge("پرونده بزرگ‌تر از اندازه مجاز است.")
        url = f"{self.base_url}/file/bot{self.token}/{bale_file.file_path}"
        chunks, total = [], 0
        try:
            with self._http(self.timeout) as http, http.stream("GET", url) as response:
                if response.status_code >= 400:
                    problem = _fa_error(response.status_code, "دریافت پرونده")
                    if response.status_code == 429 or response.status_code >= 500:
                        raise TemporaryFailure(problem)
                    raise PermanentFailure(problem)
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise FileTooLarge("پرونده بزرگ‌تر از اندازه مجاز است.")
                    chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise TemporaryFailure("بله در زمان مقرر پرونده را نداد.") from exc
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"دریافت پرونده از بله ممکن نشد: {exc}") from exc
        return b"".join(chunks)
