"""ISO 4217 currencies (from pycountry's ISO data) with Persian names for the common ones."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError

from hamahang.core.numbers import currency_word

RIAL = "IRR"
COMMON = ["IRR", "USD", "EUR", "AED", "CNY", "GBP", "TRY", "RUB", "INR", "JPY", "CHF", "IQD"]


@cache
def is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=(code or "").upper()) is not None


def currency_name(code: str) -> str:
    return currency_word(code)


def _choice_label(code: str) -> str:
    """«دلار (USD)»; a code CLDR has no Persian name for is shown once, not «BOV (BOV)»."""
    name = currency_name(code)
    return code if name == code else f"{name} ({code})"


def currency_choices() -> list[tuple[str, str]]:
    common = [(code, _choice_label(code)) for code in COMMON]
    rest = sorted(
        (c.alpha_3, _choice_label(c.alpha_3))
        for c in pycountry.currencies
        if c.alpha_3 not in COMMON
    )
    return common + rest


def validate_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(
            f"«{value}» کد ارز معتبر (ISO 4217) نیست؛ مانند IRR، USD یا EUR.",
            code="unknown_currency",
        )
