"""Numbers and money as Persian officials write them. Decimal only, never float.

- `format_number(9355000000000)` → ۹٬۳۵۵٬۰۰۰٬۰۰۰٬۰۰۰ (U+066C thousands, U+066B decimal)
- `official_amount(9355000000000, "IRR")` → ۹ هزار و ۳۵۵ میلیارد ریال
- `official_amount(9600000, "USD")` → ۹ و شش‌دهم میلیون دلار
- `number_in_words(9355)` → نه هزار و سیصد و پنجاه و پنج
- `ordinal_words(227)` → دویست و بیست و هفتمین (as in «دویست و بیست و هفتمین جلسه ستاد»)
- `official_count(5)` → پنج, `official_count(165)` → ۱۶۵, `official_count(3265)` → ۳ هزار و ۲۶۵
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from persiantools import digits as persiantools_digits

from hamahang.core.digits import to_ascii_digits, to_persian_digits

THOUSANDS_SEPARATOR = "\u066c"  # ٬
DECIMAL_SEPARATOR = "\u066b"  # ٫

CURRENCY_NAMES = {
    "IRR": "ریال",
    "IRT": "تومان",
    "USD": "دلار",
    "EUR": "یورو",
    "AED": "درهم",
    "CNY": "یوان",
    "GBP": "پوند",
    "TRY": "لیر",
    "RUB": "روبل",
    "INR": "روپیه",
    "JPY": "ین",
    "CHF": "فرانک سوئیس",
    "KRW": "وون",
    "IQD": "دینار عراق",
}


def currency_word(code: str) -> str:
    """The currency as officials name it: the short word for the common ones (دلار, یورو),
    else the Persian name from Unicode CLDR (Babel), else the ISO code itself."""
    code = (code or "").upper()
    if code in CURRENCY_NAMES:
        return CURRENCY_NAMES[code]
    from babel.numbers import get_currency_name

    return get_currency_name(code, locale="fa") if code else ""


_SCALES = ((10**9, "میلیارد"), (10**6, "میلیون"), (10**3, "هزار"))
# The shorthand "۹ و شش‌دهم میلیون" is used for millions and billions, never for people.
_TENTH_SCALES = {10**9, 10**6}
_TENTHS = {
    1: "یک‌دهم",
    2: "دو‌دهم",
    3: "سه‌دهم",
    4: "چهار‌دهم",
    5: "پنج‌دهم",
    6: "شش‌دهم",
    7: "هفت‌دهم",
    8: "هشت‌دهم",
    9: "نه‌دهم",
}

# Separators people type between thousands: , ٬ ، ' ’ and spaces (also thin/no-break).
_GROUPING = re.compile("[,\u066c\u060c'\u2019 \u00a0\u202f\u2009]")


class NumberError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def parse_decimal(value: object) -> Decimal:
    """Parse a number as typed: Persian/Arabic/Latin digits, thousands separators, ٫ or '.'."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        # Excel cells arrive as floats; go through repr to keep the digits the user saw.
        return Decimal(repr(value))
    raw = "" if value is None else str(value)
    text = to_ascii_digits(raw).strip()
    if not text:
        raise NumberError("عددی وارد نشده است.", code="required")
    text = _GROUPING.sub("", text).replace(DECIMAL_SEPARATOR, ".").replace("/", ".")
    text = text.replace("\u2212", "-")  # the minus sign
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise NumberError(f"«{raw.strip()}» عدد معتبری نیست.", code="invalid_number")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise NumberError(f"«{raw.strip()}» عدد معتبری نیست.", code="invalid_number") from exc


def format_number(value: object, decimals: int | None = None) -> str:
    """Persian digits with ٬ between thousands and ٫ before decimals."""
    if value is None or value == "":
        return ""
    if type(value) is int and decimals is None:  # most figures on a page: no parsing needed
        grouped = f"{abs(value):,}".replace(",", THOUSANDS_SEPARATOR)
        return ("-" if value < 0 else "") + to_persian_digits(grouped)
    number = value if isinstance(value, Decimal) else parse_decimal(value)
    if decimals is not None:
        number = round(number, decimals)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0") if decimals is None else fraction
    grouped = f"{int(whole):,}".replace(",", THOUSANDS_SEPARATOR)
    result = grouped + (DECIMAL_SEPARATOR + fraction if fraction else "")
    return sign + to_persian_digits(result)


def number_in_words(value: int) -> str:
    """9355 → نه هزار و سیصد و پنجاه و پنج."""
    return persiantools_digits.to_word(int(value))


def ordinal_words(value: int, *, first: str = "اولین") -> str:
    """The ordinal adjective officials put before a noun: 1 → اولین (or `first="نخستین"`),
    3 → سومین, 21 → بیست و یکمین, 30 → سی‌امین, 100 → صدمین, 227 → دویست و بیست و هفتمین,
    1000 → هزارمین. A leading «یک» of a hundred or a thousand is not said («صدمین»)."""
    number = int(value)
    if number < 1:
        raise ValueError("ordinals start at 1")
    if number == 1:
        return first
    words = number_in_words(number)
    words = re.sub(r"^یکصد", "صد", words)
    words = re.sub(r"^یک هزار", "هزار", words)
    if words.endswith(" سه") or words == "سه":
        return words[:-2] + "سومین"
    if words.endswith(" سی") or words == "سی":
        return words + "\u200cامین"
    return words + "مین"


def _grouped_words(number: int, one: str | None = None) -> str:
    """۹ هزار و ۳۵۵ میلیون; a group of one written `one` if given («یک هزار»)."""

    def group(n: int) -> str:
        return one if one and n == 1 else to_persian_digits(n)

    parts = []
    for scale, name in _SCALES:
        count, number = divmod(number, scale)
        if count:
            head = _grouped_words(count, one) if count >= 1000 else group(count)
            parts.append(f"{head} {name}")
    if number:
        parts.append(group(number))
    return " و ".join(parts)


_SMALL_WORDS = ("صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")


def official_count(value: int) -> str:
    """A count (meetings, resolutions, people) as officials write it: one to nine in words,
    10 to 999 in digits, and larger counts by their scales like amounts (3265 → «۳ هزار و
    ۲۶۵», 2000 → «۲ هزار»). A group of one is said, as the press writes it, never «۱ هزار»:
    1000 → «یک هزار», 1265 → «یک هزار و ۲۶۵», 1_000_000 → «یک میلیون»."""
    number = int(value)
    if number < 0:
        return "منفی " + official_count(-number)
    if 0 < number < 10:
        return _SMALL_WORDS[number]
    if number < 1000:
        return to_persian_digits(number)
    return _grouped_words(number, one="یک")


def official_amount(value: object, currency: str | None = None) -> str:
    """An amount as officials write it: ۹ هزار و ۳۵۵ میلیارد ریال, ۹ و شش‌دهم میلیون دلار."""
    number = parse_decimal(value)
    unit = currency_word(currency) if currency else ""
    sign = "منفی " if number < 0 else ""
    number = abs(number)
    if number == 0:
        text = "۰"
    else:
        text = ""
        for scale, name in _SCALES:
            if scale in _TENTH_SCALES and number >= scale:
                in_scale = number / scale
                tenths = in_scale * 10
                if in_scale < 1000 and in_scale != int(in_scale) and tenths == int(tenths):
                    whole, tenth = divmod(int(tenths), 10)
                    text = f"{to_persian_digits(whole)} و {_TENTHS[tenth]} {name}"
                break
        if not text:
            whole = int(number)
            fraction = number - whole
            text = _grouped_words(whole) if whole else "۰"
            if fraction:
                text = (
                    format_number(number) if whole < 1000 else f"{text} و {format_number(fraction)}"
                )
    return f"{sign}{text} {unit}".strip()
