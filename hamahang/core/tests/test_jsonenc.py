import json
from decimal import Decimal

from hamahang.core.jsonenc import PlainJSONEncoder


def test_amounts_are_written_in_full_never_in_e_notation():
    data = {"rial": Decimal("2.025E+12"), "usd": Decimal("9.6E+6"), "rate": Decimal("0.5")}
    text = json.dumps(data, cls=PlainJSONEncoder)
    assert json.loads(text) == {"rial": "2025000000000", "usd": "9600000", "rate": "0.5"}
    assert "E+" not in text


def test_a_plain_decimal_has_no_exponent_and_no_trailing_zeros():
    from hamahang.core.jsonenc import plain_decimal

    assert plain_decimal(Decimal("9.355E+12")) == "9355000000000"
    assert plain_decimal(Decimal("9355000000000.00")) == "9355000000000"
    assert plain_decimal(Decimal("2.50")) == "2.5"
    assert plain_decimal(Decimal("1E-7")) == "0.0000001"
