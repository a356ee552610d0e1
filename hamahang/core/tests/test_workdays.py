"""Working-day vectors: Nowruz 1405, Tasua/Ashura 1405, a lunar holiday of 1406 (estimated by the
`holidays` package), the 1405 → 1406 year boundary, an office closure, a Thursday-off committee."""

import datetime as dt

import pytest

from hamahang.core.jalali import parse_jalali_date
from hamahang.core.workdays import WorkCalendar, WorkdayError, holiday_name


def j(text: str) -> dt.date:
    return parse_jalali_date(text)


@pytest.mark.parametrize(
    ("start", "count", "deadline"),
    [
        # Wed 27 Esfand 1404: Thu, then Friday + Nowruz (1–4 Farvardin, Fitr on 1–2) are skipped.
        ("1404/12/27", 5, "1405/01/09"),
        # Tasua and Ashura 1405 (3–4 Tir) and the Friday after them.
        ("1405/04/01", 3, "1405/04/07"),
        # Tasua and Ashura 1406, lunar dates the package marks as estimated.
        ("1406/03/23", 3, "1406/03/29"),
        # Across the year boundary: Oil Nationalisation Day, then Nowruz 1406.
        ("1405/12/25", 3, "1406/01/05"),
    ],
)
def test_deadlines_in_working_days_skip_weekends_and_official_holidays(start, count, deadline):
    assert WorkCalendar().add_working_days(j(start), count) == j(deadline)


def test_holidays_carry_their_persian_names_from_the_package():
    assert "نوروز" in holiday_name(j("1405/01/01"))
    assert "تاسوعا" in holiday_name(j("1405/04/03"))
    assert "عاشورا" in holiday_name(j("1406/03/26"))
    assert holiday_name(j("1405/04/06")) == ""


def test_an_office_closure_is_skipped_and_named():
    polluted = j("1405/09/10")
    calendar = WorkCalendar(closures=[polluted])
    assert calendar.closed_because(polluted) == "تعطیلی اعلام‌شده"
    assert WorkCalendar().add_working_days(j("1405/09/09"), 1) == polluted
    assert calendar.add_working_days(j("1405/09/09"), 1) == j("1405/09/11")


def test_a_thursday_off_committee_counts_five_days_a_week():
    wednesday = j("1405/09/11")
    assert WorkCalendar().add_working_days(wednesday, 1) == j("1405/09/12")
    assert WorkCalendar(thursday_off=True).add_working_days(wednesday, 1) == j("1405/09/14")
    assert "پنجشنبه" in WorkCalendar(thursday_off=True).closed_because(j("1405/09/12"))


def test_a_deadline_never_lands_on_a_closed_day():
    calendar = WorkCalendar()
    assert calendar.next_working_day(j("1405/01/01")) == j("1405/01/05")
    assert calendar.next_working_day(j("1405/01/05")) == j("1405/01/05")


def test_working_days_left_and_overdue_across_the_year_boundary():
    calendar = WorkCalendar()
    # Sat 1405/12/22 → Thu 1406/01/05: Sat–Thu of the last week (5 after the Saturday,
    # without Friday), Esfand 29 and Nowruz closed, then 5 Farvardin.
    assert calendar.working_days_between(j("1405/12/22"), j("1406/01/05")) == 6
    assert calendar.working_days_between(j("1406/01/05"), j("1405/12/22")) == -6
    assert calendar.working_days_between(j("1405/09/10"), j("1405/09/10")) == 0


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (0, "تعداد روز کاری باید دست‌کم یک روز باشد."),
        (-3, "تعداد روز کاری باید دست‌کم یک روز باشد."),
        (10**6, "تعداد روز کاری بیش از حد مجاز است."),
        ("5", "تعداد روز کاری باید عدد صحیح باشد."),
        (True, "تعداد روز کاری باید عدد صحیح باشد."),
    ],
)
def test_bad_counts_are_refused_in_persian(count, message):
    with pytest.raises(WorkdayError, match=message):
        WorkCalendar().add_working_days(j("1405/09/10"), count)


def test_working_days_between_counts_what_a_day_by_day_walk_counts():
    """The running totals per year give the same count as checking every day, across years,
    both directions, with Thursday off and entered closures."""
    import random

    def walk(calendar, start, end):
        if end < start:
            return -walk(calendar, end, start)
        days = range(1, (end - start).days + 1)
        return sum(calendar.is_working_day(start + dt.timedelta(days=d)) for d in days)

    rng = random.Random(20)
    calendars = [
        WorkCalendar(),
        WorkCalendar(thursday_off=True, closures=[dt.date(2025, 1, 5), dt.date(2026, 3, 3)]),
    ]
    base = dt.date(2023, 1, 1)
    for calendar in calendars:
        for _ in range(300):
            start = base + dt.timedelta(days=rng.randint(0, 1600))
            end = base + dt.timedelta(days=rng.randint(0, 1600))
            assert calendar.working_days_between(start, end) == walk(calendar, start, end)
