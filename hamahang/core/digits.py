"""Digit conversion between ASCII, Persian (U+06F0…) and Arabic-Indic (U+0660…) forms."""

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_persian_digits(text: object) -> str:
    return str(text).translate(_TO_PERSIAN)
