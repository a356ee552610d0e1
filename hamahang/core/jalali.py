"""Jalali (Solar Hijri) dates at the edges: parsing what users type, formatting, periods.

Dates are stored as ordinary Gregorian `date` values; this module is the only place that
translates. Every refusal is a `JalaliDateError` whose Persian message names the problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

import jdatetime
from django.utils import timezone

from hamahang.core import clock
from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.text import normalize_text

MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
_MONTH_BY_NAME = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTH_BY_NAME.update({"امرداد": 5})

MIN_YEAR, MAX_YEAR = 1300, 1499
FORMAT_HINT = "۱۴۰۵/۰۹/۰۶"

_NUMERIC = re.compile(r"(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})")
_WORDED = re.compile(r"(\d{1,2})\s+(\S+?)(?:\s*ماه)?\s+(\d{2,4})")


class JalaliDateError(ValueError):
    """A date the user typed that is not a real Jalali date; `message` is Persian."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def is_leap(year: int) -> bool:
    return jdatetime.date(year, 1, 1).isleap()


def days_in_month(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def _fa(number: int) -> str:
    return to_persian_digits(number)


def _expand_year(raw: str) -> int:
    year = int(raw)
    if len(raw) <= 2:
        # Two-digit years mean 1350–1449.
        return 1300 + year if year >= 50 else 1400 + year
    if len(raw) == 3:
        raise JalaliDateError(
            f"سال «{_fa(raw)}» باید چهار رقمی (مانند ۱۴۰۵) یا دو رقمی (مانند ۰۵) باشد.",
            code="invalid_year",
        )
    return year


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Validate a Jalali year/month/day triple and return the Gregorian date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise JalaliDateError(
            f"سال {_fa(year)} پذیرفته نیست؛ سال باید بین {_fa(MIN_YEAR)} و {_fa(MAX_YEAR)} باشد.",
            code="year_out_of_range",
        )
    if not 1 <= month <= 12:
        raise JalaliDateError(
            f"ماه «{_fa(month)}» نادرست است؛ ماه باید از ۱ تا ۱۲ باشد.", code="invalid_month"
        )
    if day < 1:
        raise JalaliDateError(
            f"روز «{_fa(day)}» نادرست است؛ روز باید از ۱ شروع شود.", code="invalid_day"
        )
    limit = days_in_month(year, month)
    if day > limit:
        if month == 12 and day == 30:
            raise JalaliDateError(
                f"سال {_fa(year)} کبیسه نیست و اسفند آن ۲۹ روز دارد؛ "
                f"۳۰ اسفند {_fa(year)} وجود ندارد.",
                code="not_leap_year",
            )
        raise JalaliDateError(
            f"ماه {MONTH_NAMES[month - 1]} {_fa(limit)} روز دارد؛ روز {_fa(day)} در این ماه نیست.",
            code="invalid_day",
        )
    return jdatetime.date(year, month, day).togregorian()


def parse_jalali_date(value: object) -> dt.date:
    """Parse a Jalali date as users type it: 1399/06/31, ۱۳۹۹/۶/۳۱, 99-6-31, ۳۱ شهریور ۱۳۹۹.

    A Gregorian `date` (an Excel date cell, a value already parsed) is returned as it is.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = to_ascii_digits(normalize_text(str(value) if value is not None else "")).strip()
    if not text:
        raise JalaliDateError("تاریخ وارد نشده است.", code="required")

    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        year_raw, month_raw, day_raw = numeric.groups()
        month, day = int(month_raw), int(day_raw)
    else:
        worded = _WORDED.fullmatch(text)
        if not worded:
            raise JalaliDateError(
                f"«{value}» تاریخ شمسی معتبری نیست؛ تاریخ را به شکل {FORMAT_HINT} وارد کنید.",
                code="invalid_format",
            )
        day_raw, month_name, year_raw = worded.groups()
        if month_name not in _MONTH_BY_NAME:
            raise JalaliDateError(
                f"«{month_name}» نام ماه شمسی نیست؛ ماه‌ها از فروردین تا اسفندند.",
                code="invalid_month",
            )
        month, day = _MONTH_BY_NAME[month_name], int(day_raw)
    return jalali_to_gregorian(_expand_year(year_raw), month, day)


def to_jalali(value: dt.date) -> jdatetime.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return jdatetime.date.fromgregorian(date=value)


def format_jalali(value: dt.date | None, style: str = "numeric") -> str:
    """۱۳۹۹/۰۶/۳۱ (numeric), ۳۱ شهریور ۱۳۹۹ (long), or an empty string for no date."""
    if value is None:
        return ""
    j = to_jalali(value)
    if style == "long":
        return f"{_fa(j.day)} {MONTH_NAMES[j.month - 1]} {_fa(j.year)}"
    if style == "ascii":
        return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")


def format_jalali_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_jalali(local.date())} ساعت {to_persian_digits(local.strftime('%H:%M'))}"


def jalali_year(value: dt.date) -> int:
    return to_jalali(value).year


def today() -> dt.date:
    return clock.today()


# --- Periods ----------------------------------------------------------------------------------

_HALF_NAMES = {1: "نیمه نخست", 2: "نیمه دوم"}
_QUARTER_NAMES = {1: "سه‌ماهه نخست", 2: "سه‌ماهه دوم", 3: "سه‌ماهه سوم", 4: "سه‌ماهه چهارم"}
_PERIOD_KEY = re.compile(
    r"(?P<kind>y|h|q|m|ytm)(?P<year>\d{4})(?:-(?P<part>\d{1,2}))?"
    r"|(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})"
)


class PeriodError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Period:
    """An inclusive range of Gregorian dates with its Persian name and a URL key."""

    start: dt.date
    end: dt.date
    label: str
    key: str

    @classmethod
    def fiscal_year(cls, year: int) -> Period:
        start = jalali_to_gregorian(year, 1, 1)
        end = jalali_to_gregorian(year, 12, days_in_month(year, 12))
        return cls(start, end, f"سال {_fa(year)}", f"y{year}")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise PeriodError("نیمه سال باید ۱ یا ۲ باشد.", code="invalid_half")
        first, last = (1, 6) if half == 1 else (7, 12)
        return cls(
            jalali_to_gregorian(year, first, 1),
            jalali_to_gregorian(year, last, days_in_month(year, last)),
            f"{_HALF_NAMES[half]} {_fa(year)}",
            f"h{year}-{half}",
        )

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise PeriodError("سه‌ماهه باید از ۱ تا ۴ باشد.", code="invalid_quarter")
        first, last = 3 * quarter - 2, 3 * quarter
        return cls(
            jalali_to_gregorian(year, first, 1),
            jalali_to_gregorian(year, last, days_in_month(year, last)),
            f"{_QUARTER_NAMES[quarter]} {_fa(year)}",
            f"q{year}-{quarter}",
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError("ماه باید از ۱ تا ۱۲ باشد.", code="invalid_month")
        return cls(
            jalali_to_gregorian(year, month, 1),
            jalali_to_gregorian(year, month, days_in_month(year, month)),
            f"{MONTH_NAMES[month - 1]} {_fa(year)}",
            f"m{year}-{month}",
        )

    @classmethod
    def year_to_month(cls, year: int, month: int, *, until: dt.date | None = None) -> Period:
        """From the start of the year to the end of month M (e.g. the seed's half-year). When
        `until` (today) falls inside month M, the period is "to date": it ends on `until` and
        says so («ابتدای سال ۱۴۰۵ تا ۹ آذر»), so nothing due later in the month counts as due
        in it. The key stays `ytm{year}-{month}`: a bookmark of it reads to date while the
        month runs and to the month's end once it is over."""
        if not 1 <= month <= 12:
            raise PeriodError("ماه باید از ۱ تا ۱۲ باشد.", code="invalid_month")
        start = jalali_to_gregorian(year, 1, 1)
        end = jalali_to_gregorian(year, month, days_in_month(year, month))
        label = f"ابتدای سال {_fa(year)} تا پایان {MONTH_NAMES[month - 1]}"
        if until is not None and jalali_to_gregorian(year, month, 1) <= until < end:
            end = until
            label = (
                f"ابتدای سال {_fa(year)} تا {_fa(to_jalali(until).day)} {MONTH_NAMES[month - 1]}"
            )
        return cls(start, end, label, f"ytm{year}-{month}")

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise PeriodError("تاریخ پایان دوره پیش از تاریخ شروع آن است.", code="end_before_start")
        return cls(
            start,
            end,
            f"{format_jalali(start)} تا {format_jalali(end)}",
            f"{start.isoformat()}..{end.isoformat()}",
        )

    @classmethod
    def parse(cls, start_text: object, end_text: object) -> Period:
        """A custom range from two Jalali dates as users type them."""
        return cls.between(parse_jalali_date(start_text), parse_jalali_date(end_text))

    @classmethod
    def from_key(cls, key: str) -> Period:
        """Rebuild a period from its URL key: y1399, h1399-1, q1399-3, m1399-6, ytm1399-6."""
        match = _PERIOD_KEY.fullmatch((key or "").strip())
        if not match:
            raise PeriodError(f"دوره «{key}» شناخته نیست.", code="invalid_period")
        if match["start"]:
            return cls.between(
                dt.date.fromisoformat(match["start"]), dt.date.fromisoformat(match["end"])
            )
        kind, year = match["kind"], int(match["year"])
        part = int(match["part"]) if match["part"] else None
        if kind == "y":
            return cls.fiscal_year(year)
        if part is None:
            raise PeriodError(f"دوره «{key}» ناقص است.", code="invalid_period")
        if kind == "ytm":
            return cls.year_to_month(year, part, until=clock.today())
        builder = {"h": cls.half, "q": cls.quarter, "m": cls.month}
        return builder[kind](year, part)

    def __contains__(self, value: dt.date) -> bool:
        return self.start <= value <= self.end

    @property
    def start_jalali(self) -> str:
        return format_jalali(self.start)

    @property
    def end_jalali(self) -> str:
        return format_jalali(self.end)


def period_presets(day: dt.date, *, detailed: bool = False, selected: str | None = None):
    """The period choices offered beside every filter, computed from `day` (today): this year,
    from its start to date, last year; `detailed` (the reports) adds the halves and quarters of
    this year and the halves of last year. A `selected` key that is not among them (a link to
    an older period) is offered too, so the choice stays visible.

    What runs past today: the year-to-date preset ends on `day` («ابتدای سال ۱۴۰۵ تا ۹ آذر»),
    while a past month's or year's keeps its month end. The calendar presets that hold today
    (this year, its current half and quarter) keep their whole range and name, because lists
    filtered by them must still show what is planned later in them (a meeting next month);
    the report counts an assignment as due in such a period only once its deadline has come
    (reports.engine `_accountability`, up to the report's day). Keys never change, so
    bookmarked URLs keep working."""
    j = to_jalali(day)
    year = j.year
    presets = [Period.fiscal_year(year), Period.year_to_month(year, j.month, until=day)]
    if detailed:
        presets += [Period.half(year, 1), Period.half(year, 2)]
        presets += [Period.quarter(year, q) for q in range(1, 5)]
    presets.append(Period.fiscal_year(year - 1))
    if detailed:
        presets += [Period.half(year - 1, 1), Period.half(year - 1, 2)]
    presets.append(Period.fiscal_year(year - 2))
    if selected and all(p.key != selected for p in presets):
        with contextlib.suppress(PeriodError):  # an unknown key: the form reports it
            presets.append(Period.from_key(selected))
    return presets
