"""Iranian working days: deadlines counted in days the offices are open.

A working day is not a weekend day (Friday; Thursday too for a committee that says so), not an
official holiday (solar and moving lunar ones, from the `holidays` package's Iran calendar,
which follows the official calendar of the University of Tehran's Geophysics Institute and marks
future lunar dates as estimated), and not a closure the office entered (offices close at a day's
notice for air pollution or heat; the caller passes those dates).

Counting convention: the day a period starts on is not counted (a deadline "in 5 working days"
from Saturday is the fifth open day after it), and a deadline never lands on a closed day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

FRIDAY = 4
THURSDAY = 3
# Far enough for any deadline the office gives; a count past it is refused, never guessed.
MAX_WORKING_DAYS = 3650


class WorkdayError(ValueError):
    """A working-day count the calendar cannot give (the message is Persian)."""


@lru_cache(maxsize=64)
def _official_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.Iran(years=year, language="fa_IR").items())


def holiday_name(day: dt.date) -> str:
    """The official holiday's Persian name, or "" on an ordinary day."""
    return _official_holidays(day.year).get(day, "")


class WorkCalendar:
    """Open and closed days for one office or committee."""

    def __init__(self, *, closures: Iterable[dt.date] = (), thursday_off: bool = False):
        self.closures = frozenset(closures)
        self.weekend = frozenset({FRIDAY, THURSDAY} if thursday_off else {FRIDAY})

    def closed_because(self, day: dt.date) -> str:
        """Why the office is closed on `day` (Persian), or "" when it is open."""
        if day.weekday() == FRIDAY:
            return "جمعه"
        if day.weekday() in self.weekend:
            return "پنجشنبه (تعطیل کارگروه)"
        if day in self.closures:
            return "تعطیلی اعلام‌شده"
        return holiday_name(day)

    def is_working_day(self, day: dt.date) -> bool:
        return not self.closed_because(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when open, else the first open day after it."""
        for _ in range(MAX_WORKING_DAYS):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise WorkdayError("روز کاری پس از این تاریخ در تقویم یافت نشد.")

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th open day after `start` (`start` itself is not counted)."""
        if not isinstance(count, int) or isinstance(count, bool):
            raise WorkdayError("تعداد روز کاری باید عدد صحیح باشد.")
        if count < 1:
            raise WorkdayError("تعداد روز کاری باید دست‌کم یک روز باشد.")
        if count > MAX_WORKING_DAYS:
            raise WorkdayError("تعداد روز کاری بیش از حد مجاز است.")
        day = start
        while count:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Open days after `start` up to and including `end`; negative when `end` is earlier
        (the working days a deadline is overdue by)."""
        if end < start:
            return -self.working_days_between(end, start)
        # Open days up to a date, counted once per calendar and year (a list of running
        # totals): an item overdue by two years costs two look-ups, not 700 day checks.
        total = sum(
            _open_days(self.weekend, self.closures, year)[-1]
            for year in range(start.year, end.year)
        )
        return (
            total
            + _open_days(self.weekend, self.closures, end.year)[_day_index(end)]
            - _open_days(self.weekend, self.closures, start.year)[_day_index(start)]
        )


def _day_index(day: dt.date) -> int:
    return day.timetuple().tm_yday - 1


@lru_cache(maxsize=256)
def _open_days(weekend: frozenset, closures: frozenset, year: int) -> tuple[int, ...]:
    """Running totals of the open days of `year` (index: the day of the year, from 0)."""
    calendar = WorkCalendar(closures=closures, thursday_off=THURSDAY in weekend)
    day, totals, count = dt.date(year, 1, 1), [], 0
    while day.year == year:
        count += calendar.is_working_day(day)
        totals.append(count)
        day += dt.timedelta(days=1)
    return tuple(totals)
