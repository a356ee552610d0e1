"""Input hygiene shared by every way text comes in (forms, API, services): no control
characters, and a sane length for every free text.

Control characters (C0 except tab, line feed and carriage return, and DEL) never belong in
what a person types; PostgreSQL refuses NUL in text outright, so letting one through turns a
typing accident into a server error.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from hamahang.core.digits import to_ascii_digits, to_persian_digits

# Tab, LF and CR stay: text areas send CR LF line ends.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHAR_MESSAGE = "متن نباید نویسه کنترلی (مانند NUL) داشته باشد."

# Lengths every free text keeps to (forms, API schemas and services say the same).
TITLE_MAX = 200
NAME_MAX = 250
NOTE_MAX = 2_000
TEXT_MAX = 4_000  # a resolution, a report, a case description


def has_control_chars(value: str) -> bool:
    return bool(CONTROL_CHARS.search(value))


def refuse_control_chars(value) -> None:
    """A Django validator (forms, model fields)."""
    if isinstance(value, str) and has_control_chars(value):
        raise ValidationError(CONTROL_CHAR_MESSAGE, code="control_char")


def refuse_too_long(value: str | None, limit: int, what: str = "متن") -> None:
    """For services: the same limit the forms and the API schemas announce."""
    if value and len(value) > limit:
        raise ValidationError(
            f"{what} حداکثر {to_persian_digits(limit)} نویسه می‌تواند باشد "
            f"(اکنون {to_persian_digits(len(value))}).",
            code="too_long",
        )


def first_control_char_path(data, path: str = "") -> str | None:
    """Where in a parsed JSON document (or query) a control character first occurs, keys
    included; None when the document is clean."""
    if isinstance(data, str):
        return path or "request" if has_control_chars(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control_chars(key):
                return here
            found = first_control_char_path(value, here)
            if found:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = first_control_char_path(value, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


# --- Mobile numbers -------------------------------------------------------------------------
# An Iranian mobile number is stored one way, 09xxxxxxxxx with ASCII digits, whatever way it was
# typed: Persian or Arabic digits, spaces, dashes or brackets, and the +98 / 0098 / 98 prefixes.
MOBILE_MESSAGE = "شماره تلفن همراه درست نیست: یازده رقم که با ۰۹ آغاز شود (مانند ۰۹۱۲۳۴۵۶۷۸۹)."
_MOBILE_SEPARATORS = re.compile(r"[\s\-\u200c().]")
_MOBILE = re.compile(r"09[0-9]{9}")


def normalize_mobile(value: str | None) -> str:
    """The mobile number as 09xxxxxxxxx, "" for an empty value; anything that is not an Iranian
    mobile number raises ValidationError with a Persian message."""
    text = _MOBILE_SEPARATORS.sub("", to_ascii_digits(str(value or "")))
    if not text:
        return ""
    if text.startswith("+98"):
        text = "0" + text[3:]
    elif text.startswith("0098"):
        text = "0" + text[4:]
    elif text.startswith("98") and len(text) == 12:
        text = "0" + text[2:]
    elif text.startswith("9") and len(text) == 10:
        text = "0" + text
    if not _MOBILE.fullmatch(text):
        raise ValidationError(MOBILE_MESSAGE, code="bad_mobile")
    return text


def validate_mobile(value: str) -> None:
    """A model-field validator: the stored form only (normalize_mobile before saving)."""
    if value and not _MOBILE.fullmatch(value):
        raise ValidationError(MOBILE_MESSAGE, code="bad_mobile")
