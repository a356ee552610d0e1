"""Period presets are computed from today in one place; no screen hard-codes a year."""

import datetime as dt
import re
from pathlib import Path

from hamahang.core import clock
from hamahang.core.jalali import Period, jalali_to_gregorian, period_presets

HAMAHANG = Path(__file__).resolve().parents[2]


def test_presets_follow_the_day_they_are_asked_on():
    mid_1405 = jalali_to_gregorian(1405, 8, 20)
    keys = [p.key for p in period_presets(mid_1405)]
    assert keys == ["y1405", "ytm1405-8", "y1404", "y1403"]
    farvardin_1406 = jalali_to_gregorian(1406, 1, 2)
    keys = [p.key for p in period_presets(farvardin_1406, detailed=True)]
    assert keys[:2] == ["y1406", "ytm1406-1"]
    assert {"h1406-1", "h1406-2", "q1406-4", "y1405", "h1405-2", "y1404"} <= set(keys)
    assert not any("1399" in key for key in keys)


def test_a_selected_older_period_is_offered_and_a_bad_key_is_not():
    day = dt.date(2026, 11, 11)
    presets = period_presets(day, selected="ytm1399-6")
    assert presets[-1].key == "ytm1399-6"
    assert presets[-1].label == "ابتدای سال ۱۳۹۹ تا پایان شهریور"
    assert len(period_presets(day, selected="nonsense")) == len(period_presets(day))
    assert len(period_presets(day, selected="y1405")) == len(period_presets(day))


def test_no_view_hard_codes_a_jalali_year():
    views = [*HAMAHANG.glob("*/views.py"), *HAMAHANG.glob("*/views/*.py")]
    assert len(views) > 5
    year = re.compile(r"\b1[34]\d\d\b")
    found = [
        f"{path.relative_to(HAMAHANG)}:{number}"
        for path in views
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if year.search(line.split("#")[0])
    ]
    assert found == []


def test_the_year_to_date_preset_ends_today_and_past_ones_keep_month_ends():
    azar_9 = jalali_to_gregorian(1405, 9, 9)
    presets = {p.key: p for p in period_presets(azar_9, detailed=True)}
    to_date = presets["ytm1405-9"]  # the key stays, for bookmarked links
    assert to_date.end == azar_9
    assert to_date.label == "ابتدای سال ۱۴۰۵ تا ۹ آذر"
    # The whole-year, half and quarter presets keep their range (lists show what is planned).
    assert presets["y1405"].end == jalali_to_gregorian(1405, 12, 29)
    # A bookmarked key rebuilds the same way on the same day, and to the month's end later.
    with clock.frozen(dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)):  # 1405/09/09
        assert Period.from_key("ytm1405-9") == to_date
        past = Period.from_key("ytm1405-8")
        assert past.end == jalali_to_gregorian(1405, 8, 30)
        assert past.label == "ابتدای سال ۱۴۰۵ تا پایان آبان"
    with clock.frozen(dt.datetime(2026, 12, 25, 9, 0, tzinfo=dt.UTC)):  # 1405/10/04
        assert Period.from_key("ytm1405-9").label == "ابتدای سال ۱۴۰۵ تا پایان آذر"
