from decimal import Decimal

import pytest

from hamahang.core.numbers import (
    NumberError,
    format_number,
    number_in_words,
    official_amount,
    official_count,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (9_355_000_000_000, "IRR", "۹ هزار و ۳۵۵ میلیارد ریال"),
        (9_600_000, "USD", "۹ و شش‌دهم میلیون دلار"),
        (2_279, None, "۲ هزار و ۲۷۹"),
        (1_250_000_000, "IRR", "۱ میلیارد و ۲۵۰ میلیون ریال"),
        (350_000_000, "IRR", "۳۵۰ میلیون ریال"),
        (132, None, "۱۳۲"),
        (0, "IRR", "۰ ریال"),
    ],
)
def test_amounts_are_written_as_officials_write_them(value, currency, text):
    assert official_amount(value, currency) == text


def test_amounts_in_tables_use_persian_separators():
    assert format_number(9_355_000_000_000) == "۹٬۳۵۵٬۰۰۰٬۰۰۰٬۰۰۰"
    assert format_number(Decimal("9.6")) == "۹٫۶"
    assert format_number(Decimal("-1200")) == "-۱٬۲۰۰"
    assert format_number(Decimal("2.50"), 2) == "۲٫۵۰"


def test_numbers_in_words():
    assert number_in_words(9355) == "نه هزار و سیصد و پنجاه و پنج"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("۹٬۳۵۵٬۰۰۰٬۰۰۰٬۰۰۰", Decimal("9355000000000")),
        ("٩,٣٥٥", Decimal("9355")),
        ("9 355", Decimal("9355")),
        ("۹٫۶", Decimal("9.6")),
        ("1,250.50", Decimal("1250.50")),
        ("-۱۲", Decimal("-12")),
        (7, Decimal(7)),
        (9.6, Decimal("9.6")),
    ],
)
def test_numbers_are_read_from_any_digits_and_separators_as_decimal(typed, value):
    parsed = parse_decimal(typed)
    assert parsed == value and isinstance(parsed, Decimal)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "required"),
        ("۱۲الف", "invalid_number"),
        ("1.2.3", "invalid_number"),
        ("abc", "invalid_number"),
    ],
)
def test_text_that_is_not_a_number_is_refused_in_persian(typed, code):
    with pytest.raises(NumberError) as refused:
        parse_decimal(typed)
    assert refused.value.code == code
    assert "عدد" in refused.value.message


def test_every_currency_is_named_in_persian():
    from hamahang.core.numbers import currency_word, official_amount
    from hamahang.projects.currencies import currency_choices

    assert currency_word("USD") == "دلار"
    assert currency_word("KWD") == "دینار کویت"
    assert official_amount(2_500_000, "KWD") == "۲ و پنج‌دهم میلیون دینار کویت"
    latin = [label for _code, label in currency_choices() if any("a" <= ch <= "z" for ch in label)]
    assert latin == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "یک"),
        (5, "پنج"),
        (9, "نه"),
        (10, "۱۰"),
        (165, "۱۶۵"),
        (999, "۹۹۹"),
        # A thousand and more by scales, as amounts are; a group of one is said «یک».
        (1000, "یک هزار"),
        (1265, "یک هزار و ۲۶۵"),
        (2000, "۲ هزار"),
        (2279, "۲ هزار و ۲۷۹"),
        (3265, "۳ هزار و ۲۶۵"),
        (10_000, "۱۰ هزار"),
        (1_000_000, "یک میلیون"),
        (1_001_000, "یک میلیون و یک هزار"),
        (2_500_000, "۲ میلیون و ۵۰۰ هزار"),
    ],
)
def test_counts_are_written_as_officials_write_them(value, text):
    assert official_count(value) == text


def test_counts_of_a_thousand_follow_the_amounts_scales():
    # The same scales as official_amount: only a lone «۱» of a group is said in words.
    for value in (2000, 3265, 12_345, 2_000_000):
        assert official_count(value) == official_amount(value)
    assert official_amount(1000) == "۱ هزار" and official_count(1000) == "یک هزار"
