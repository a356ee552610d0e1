"""Template filters: Jalali dates, Persian digits and amounts. Loaded as a builtin."""

from django import template
from django.utils.html import format_html

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, format_jalali_datetime
from hamahang.core.numbers import currency_word, format_number, official_amount
from hamahang.core.text import code_direction

register = template.Library()


@register.filter
def jdate(value, style="numeric"):
    """{{ meeting.date|jdate }} → ۱۳۹۹/۰۶/۳۱; {{ d|jdate:"long" }} → ۳۱ شهریور ۱۳۹۹."""
    return format_jalali(value, style) if value else ""


@register.filter
def jdatetime(value):
    return format_jalali_datetime(value) if value else ""


@register.filter
def fa_digits(value):
    return "" if value is None else to_persian_digits(value)


@register.filter
def fa_number(value, decimals=None):
    if value is None or value == "":
        return ""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def amount_words(value, currency=None):
    """{{ line.amount|amount_words:line.currency }} → ۹ هزار و ۳۵۵ میلیارد ریال."""
    if value is None or value == "":
        return ""
    return official_amount(value, currency)


@register.filter
def currency(code):
    """{{ line.currency|currency }} → دلار: a currency by its Persian word, never its ISO code."""
    return currency_word(code) if code else ""


@register.filter
def code(value):
    """{{ resolution.code|code }}: a code (resolution, case, project, national id, contract) in
    Persian digits, isolated in its own direction (`code_direction`): «۱۴۰۵/ج۲۲۷/م۳» reads
    from the right, ۱۳۹۹-۲۴-۰۷ from the left, and neither reorders the sentence around it.
    The one way a code is shown in pages and PDFs."""
    if value is None or value == "":
        return ""
    text = to_persian_digits(value)
    return format_html('<bdi dir="{}">{}</bdi>', code_direction(text), text)


@register.filter
def ltr(value):
    """{{ resolution.code|fa_digits|ltr }}: a left-to-right island inside Persian text."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def overdue(row, day) -> bool:
    """`{% if a|overdue:today %}`: the row's own rule (`is_overdue_on`: an assignment that is
    open past its deadline, a resolution with such an assignment); the one template form of it."""
    return bool(day and row is not None and row.is_overdue_on(day))
