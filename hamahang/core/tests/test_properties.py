"""Property tests (hypothesis): the Jalali parser and formatter, amount parsing and the search
key hold for every input of their kind, not only the examples written down elsewhere."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import (
    MAX_YEAR,
    MIN_YEAR,
    JalaliDateError,
    format_jalali,
    jalali_to_gregorian,
    parse_jalali_date,
    to_jalali,
)
from hamahang.core.numbers import NumberError, format_number, parse_decimal
from hamahang.core.text import normalize_text, search_key, search_terms

DATES = st.dates(
    min_value=jalali_to_gregorian(MIN_YEAR, 1, 1), max_value=jalali_to_gregorian(MAX_YEAR, 12, 29)
)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# --- Jalali dates -----------------------------------------------------------------------------


@settings(deadline=None)  # no timed assertions
@given(DATES, st.sampled_from(["numeric", "long", "ascii"]))
def test_every_formatted_date_parses_back_to_itself(day, style):
    assert parse_jalali_date(format_jalali(day, style)) == day


@settings(deadline=None)  # no timed assertions
@given(DATES, st.sampled_from(["/", "-", "."]), st.booleans())
def test_dates_typed_with_any_digits_and_separator_parse_to_the_same_day(day, sep, unpadded):
    j = to_jalali(day)
    month, dom = (str(j.month), str(j.day)) if unpadded else (f"{j.month:02d}", f"{j.day:02d}")
    typed = sep.join([str(j.year), month, dom])
    for text in (typed, to_persian_digits(typed), typed.translate(ARABIC_INDIC)):
        assert parse_jalali_date(text) == day


@settings(deadline=None)  # no timed assertions
@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12), st.integers(-3, 40))
def test_a_triple_is_either_a_real_day_or_refused_in_persian(year, month, day):
    try:
        parsed = jalali_to_gregorian(year, month, day)
    except JalaliDateError as error:
        assert error.code in {"invalid_day", "not_leap_year"}
        assert any("\u0600" <= ch <= "\u06ff" for ch in error.message)
    else:
        j = to_jalali(parsed)
        assert (j.year, j.month, j.day) == (year, month, day)


@settings(deadline=None)  # no timed assertions
@given(st.text(max_size=12))
def test_any_text_parses_to_a_date_or_a_persian_error(text):
    try:
        result = parse_jalali_date(text)
    except JalaliDateError as error:
        assert error.message and any("\u0600" <= ch <= "\u06ff" for ch in error.message)
    else:
        assert isinstance(result, dt.date)


# --- Amounts ----------------------------------------------------------------------------------

AMOUNTS = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=3, allow_nan=False
)


@settings(deadline=None)  # no timed assertions
@given(AMOUNTS)
def test_every_formatted_amount_parses_back_to_the_same_number(amount):
    assert parse_decimal(format_number(amount)) == amount


@settings(deadline=None)  # no timed assertions
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([",", "٬", "،", " ", "'"]))
def test_amounts_with_any_grouping_and_digits_parse_alike(number, separator):
    grouped = f"{number:,}".replace(",", separator)
    for text in (grouped, to_persian_digits(grouped), grouped.translate(ARABIC_INDIC)):
        assert parse_decimal(text) == number


@settings(deadline=None)  # no timed assertions
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=10))
def test_any_text_is_a_number_or_a_persian_error(text):
    try:
        value = parse_decimal(text)
    except NumberError as error:
        assert error.code in {"required", "invalid_number"}
    else:
        assert isinstance(value, Decimal) and value.is_finite()


# --- Search key -------------------------------------------------------------------------------

PERSIAN_WORDS = st.lists(
    st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی۰۱۲۳۴۵۶۷۸۹", min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)
VARIANTS = str.maketrans({"ی": "ي", "ک": "ك"})


@settings(deadline=None)  # no timed assertions
@given(st.text(max_size=40))
def test_the_search_key_is_stable_and_has_only_letters_and_digits(text):
    key = search_key(text)
    assert search_key(key) == key
    assert search_key(normalize_text(text)) == key
    assert all(ch.isalnum() for ch in key)


@settings(deadline=None)  # no timed assertions
@given(PERSIAN_WORDS)
def test_arabic_letters_zwnj_and_digits_do_not_change_the_key(words):
    text = " ".join(words)
    typed_otherwise = "\u200c".join(words).translate(VARIANTS)
    assert search_key(typed_otherwise) == search_key(text)
    assert search_key(text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))) == search_key(text)


@settings(deadline=None)  # no timed assertions
@given(PERSIAN_WORDS, PERSIAN_WORDS)
def test_every_word_of_a_query_is_found_in_a_text_that_contains_it(words, others):
    text = " ".join(others + words)
    haystack = search_key(text)
    assert all(term in haystack for term in search_terms(" ".join(words)))


def test_the_properties_can_fail():
    # A property about a wrong rule must fail: hypothesis finds the counterexample.
    @given(DATES)
    def wrong(day):
        assert format_jalali(day).endswith("۱")

    with pytest.raises(AssertionError):
        wrong()
