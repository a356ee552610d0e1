import json
from decimal import Decimal

from hamahang.core.jsonenc import PlainJSONEncoder


def test_amounts_are_written_in_full_never_in_e_notation():
    data = {"rial": Decimal("2.025E+12"), "usd": Decimal("9.6E+6"), "rate": Decimal("0.5")}
    text = json.dumps(data, cls=PlainJSONEncoder)
    assert json.loads(text) == {"rial": "2025000000000", "usd": "9600000", "rate": "0.5"}
    assert "E+" not in text
