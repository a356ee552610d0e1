import datetime as dt

import pytest

from hamahang.core.jalali import (
    JalaliDateError,
    Period,
    PeriodError,
    format_jalali,
    is_leap,
    parse_jalali_date,
)

SEED_END = dt.date(2020, 9, 21)


@pytest.mark.parametrize(
    "typed",
    [
        "1399/06/31",
        "1399/6/31",
        "۱۳۹۹/۰۶/۳۱",
        "١٣٩٩/٠٦/٣١",
        "1399-06-31",
        "۹۹/۶/۳۱",
        "۳۱ شهریور ۱۳۹۹",
        " 1399/06/31 ",
    ],
)
def test_every_typed_form_of_the_seed_period_end_means_21_september_2020(typed):
    assert parse_jalali_date(typed) == SEED_END


@pytest.mark.parametrize(
    ("typed", "gregorian"),
    [
        ("1399/01/01", dt.date(2020, 3, 20)),
        ("1399/07/01", dt.date(2020, 9, 22)),
        ("1399/09/30", dt.date(2020, 12, 20)),
        ("1399/12/30", dt.date(2021, 3, 20)),
        ("1403/12/30", dt.date(2025, 3, 20)),
        ("1400/01/01", dt.date(2021, 3, 21)),
    ],
)
def test_jalali_dates_convert_to_the_right_gregorian_day(typed, gregorian):
    assert parse_jalali_date(typed) == gregorian


@pytest.mark.parametrize(
    ("typed", "year"), [("99/1/1", 1399), ("03/1/1", 1403), ("50/1/1", 1350), ("49/1/1", 1449)]
)
def test_two_digit_years_mean_1350_to_1449(typed, year):
    assert format_jalali(parse_jalali_date(typed), "ascii").startswith(str(year))


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("1400/12/30", "not_leap_year", "سال ۱۴۰۰ کبیسه نیست"),
        ("1404/12/30", "not_leap_year", "سال ۱۴۰۴ کبیسه نیست"),
        ("1399/07/31", "invalid_day", "ماه مهر ۳۰ روز دارد"),
        ("1399/13/01", "invalid_month", "ماه «۱۳» نادرست است"),
        ("1399/00/10", "invalid_month", "ماه «۰» نادرست است"),
        ("1399/06/00", "invalid_day", "روز «۰» نادرست است"),
        ("abc", "invalid_format", "تاریخ شمسی معتبری نیست"),
        ("", "required", "تاریخ وارد نشده است"),
        ("   ", "required", "تاریخ وارد نشده است"),
        ("۳۱ شهریورر ۱۳۹۹", "invalid_month", "نام ماه شمسی نیست"),
        ("139/01/01", "invalid_year", "چهار رقمی"),
    ],
)
def test_impossible_dates_are_refused_with_a_persian_message_naming_the_problem(typed, code, words):
    with pytest.raises(JalaliDateError) as refused:
        parse_jalali_date(typed)
    assert refused.value.code == code
    assert words in refused.value.message


def test_leap_years_follow_the_calendar():
    assert is_leap(1399) and is_leap(1403)
    assert not is_leap(1400) and not is_leap(1404)


def test_dates_format_with_persian_digits_and_month_names():
    assert format_jalali(SEED_END) == "۱۳۹۹/۰۶/۳۱"
    assert format_jalali(SEED_END, "long") == "۳۱ شهریور ۱۳۹۹"
    assert format_jalali(None) == ""


def test_a_gregorian_date_passes_through_unchanged():
    assert parse_jalali_date(SEED_END) == SEED_END


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period.fiscal_year(1399), dt.date(2020, 3, 20), dt.date(2021, 3, 20)),
        (Period.half(1399, 1), dt.date(2020, 3, 20), dt.date(2020, 9, 21)),
        (Period.year_to_month(1399, 6), dt.date(2020, 3, 20), dt.date(2020, 9, 21)),
        (Period.quarter(1399, 3), dt.date(2020, 9, 22), dt.date(2020, 12, 20)),
        (Period.half(1399, 2), dt.date(2020, 9, 22), dt.date(2021, 3, 20)),
        (Period.month(1399, 12), dt.date(2021, 2, 19), dt.date(2021, 3, 20)),
        (Period.fiscal_year(1400), dt.date(2021, 3, 21), dt.date(2022, 3, 20)),
        (Period.parse("1399/01/01", "۱۳۹۹/۰۶/۳۱"), dt.date(2020, 3, 20), dt.date(2020, 9, 21)),
    ],
)
def test_periods_are_inclusive_gregorian_ranges(period, start, end):
    assert (period.start, period.end) == (start, end)


def test_periods_have_persian_labels_and_round_trip_through_their_keys():
    seed = Period.year_to_month(1399, 6)
    assert seed.label == "ابتدای سال ۱۳۹۹ تا پایان شهریور"
    assert Period.quarter(1399, 3).label == "سه‌ماهه سوم ۱۳۹۹"
    for period in (seed, Period.quarter(1399, 3), Period.fiscal_year(1405), Period.month(1405, 9)):
        assert Period.from_key(period.key) == period
    custom = Period.parse("1399/02/01", "1399/02/10")
    assert Period.from_key(custom.key) == custom


def test_a_period_contains_its_first_and_last_day_only():
    seed = Period.half(1399, 1)
    assert dt.date(2020, 3, 20) in seed and dt.date(2020, 9, 21) in seed
    assert dt.date(2020, 9, 22) not in seed and dt.date(2020, 3, 19) not in seed


@pytest.mark.parametrize(
    "build",
    [
        lambda: Period.parse("1399/06/31", "1399/01/01"),
        lambda: Period.quarter(1399, 5),
        lambda: Period.half(1399, 3),
        lambda: Period.from_key("x1399"),
        lambda: Period.from_key("h1399"),
    ],
)
def test_impossible_periods_are_refused_in_persian(build):
    with pytest.raises(PeriodError) as refused:
        build()
    assert any("\u0600" <= char <= "\u06ff" for char in refused.value.message)
