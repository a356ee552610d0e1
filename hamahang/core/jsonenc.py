"""JSON for people and other systems: amounts written out in full, never in E-notation."""

from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder


def plain_decimal(value: Decimal) -> str:
    """9355000000000, never 9.355E+12; no trailing zeros after the point (2.50 → 2.5)."""
    if value == value.to_integral():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


class PlainJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but a Decimal such as Decimal("2.025E+12") (a database sum can come
    back so) is written "2025000000000", as a reader of the amount expects."""

    def default(self, o):
        if isinstance(o, Decimal):
            return plain_decimal(o)
        return super().default(o)
