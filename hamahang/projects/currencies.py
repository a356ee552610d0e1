"""ISO 4217 currencies (from pycountry's ISO data) with Persian names for the common ones."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError

from hamahang.core.numbers import currency_word

RIAL = "IRR"
COMMON = ["IRR", "USD", "EUR", "AED", "CNY", "GBP", "TRY", "RUB", "INR", "JPY", "CHF", "IQD"]
# ISO 4217 codes nobody invests or borrows in: fund and accounting units (BOV, CLF, XDR, …),
# bond-market units (XBA–XBD), the testing and "no currency" codes, and the colón El Salvador
# gave up in 2001. Still valid on stored rows; not offered in the forms' lists.
NOT_OFFERED = frozenset(
    [
        "BOV",
        "CHE",
        "CHW",
        "CLF",
        "COU",
        "MXV",
        "UYI",
        "UYW",
        "XAD",
        "XBA",
        "XBB",
        "XBC",
        "XBD",
        "XDR",
        "XSU",
        "XUA",
        "XTS",
        "XXX",
        "SVC",
    ]
)
# Circulating currencies CLDR has no Persian name for yet.
_NAMES = {"VED": "بولیوار دیجیتال ونزوئلا"}


@cache
def is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=(code or "").upper()) is not None


def currency_name(code: str) -> str:
    return _NAMES.get((code or "").upper()) or currency_word(code)


def _choice_label(code: str) -> str:
    """«دلار (USD)»; a code CLDR has no Persian name for is shown once, not «BOV (BOV)»."""
    name = currency_name(code)
    return code if name == code else f"{name} ({code})"


def currency_choices() -> list[tuple[str, str]]:
    common = [(code, _choice_label(code)) for code in COMMON]
    rest = sorted(
        (c.alpha_3, _choice_label(c.alpha_3))
        for c in pycountry.currencies
        if c.alpha_3 not in COMMON and c.alpha_3 not in NOT_OFFERED
    )
    return common + rest


def validate_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(
            f"«{value}» کد ارز معتبر (ISO 4217) نیست؛ مانند IRR، USD یا EUR.",
            code="unknown_currency",
        )
