"""JSON for people and other systems: amounts written out in full, never in E-notation."""

from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder


class PlainJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but a Decimal such as Decimal("2.025E+12") (a database sum can come
    back so) is written "2025000000000", as a reader of the amount expects."""

    def default(self, o):
        if isinstance(o, Decimal):
            return format(o, "f")
        return super().default(o)
