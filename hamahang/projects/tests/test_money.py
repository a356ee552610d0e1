"""Money by currency has one home (projects/money.py): currencies stay apart, and no other
module sums investments or facilities by currency."""

import re
from decimal import Decimal
from pathlib import Path

from hamahang.projects.money import CurrencyTotal, Money

HAMAHANG = Path(__file__).resolve().parents[2]


def test_currencies_are_kept_apart_and_rial_comes_first():
    money = Money.of(
        [("USD", Decimal("1.5")), ("IRR", Decimal(1000)), ("EUR", Decimal(2)), ("USD", Decimal(1))]
    )
    assert money.rial == Decimal(1000)
    assert money.foreign == {"USD": Decimal("2.5"), "EUR": Decimal(2)}
    assert money.totals() == [
        CurrencyTotal("IRR", Decimal(1000)),
        CurrencyTotal("EUR", Decimal(2)),
        CurrencyTotal("USD", Decimal("2.5")),
    ]
    assert (money.amount("USD"), money.amount("CNY")) == (Decimal("2.5"), Decimal(0))


def test_no_other_module_sums_money_by_currency():
    summing = re.compile(r'Sum\("(amount|facility_amount)"\)|kind == "governorate"')
    found = [
        str(path.relative_to(HAMAHANG))
        for path in HAMAHANG.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "money.py"
        and summing.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_offered_currency_has_a_persian_name():
    """The investment and contract lists offered 18 bare codes (BOV, XDR, …): fund and
    accounting units are not offered, and every offered currency is named in Persian."""
    from hamahang.projects.currencies import currency_choices
    from hamahang.projects.forms import ContractForm, InvestmentForm

    for choices in (
        currency_choices(),
        InvestmentForm().fields["currency"].choices,
        ContractForm(banks=None).fields["currency"].choices,
    ):
        offered = {code: label for code, label in choices if code}
        bare = [code for code, label in offered.items() if not re.search("[آ-ی]", label)]
        assert bare == []
        assert {"BOV", "XDR", "XBA", "XTS", "SVC"}.isdisjoint(offered)
        assert offered["USD"] == "دلار (USD)" and offered["VED"] == "بولیوار دیجیتال ونزوئلا (VED)"
