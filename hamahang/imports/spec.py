"""How an import file is described: sheets of typed columns with Persian headers.

A column parses one cell and raises `CellError` with a Persian message; the reader turns that
into «ردیف ۱۲، ستون «تاریخ جلسه»: …». Cells may hold Persian, Arabic or Latin digits,
thousands separators, Jalali dates as text or Excel date cells, text without ZWNJ or with
Arabic letters; codes typed with Persian or Arabic-Indic digits. A formula is never accepted;
text an export escaped so that it is not read as one (`core.cells`) is read back exactly.
NUL and other control characters, and cells longer than `MAX_CELL_CHARS`, are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from hamahang.core.cells import unescape_formula
from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.jalali import JalaliDateError, format_jalali, parse_jalali_date
from hamahang.core.numbers import NumberError, parse_decimal
from hamahang.core.text import normalize_text, search_key
from hamahang.units.obstacles import LEGAL_BASIS_MAX, Obstacle


class CellError(ValueError):
    pass


MAX_CELL_CHARS = 10_000
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}
# How a workbook stores a control character XML cannot hold: _x0000_ (NUL), _x0001_ …
_CONTROL_ESCAPE = re.compile(r"_x00(?:0[0-8BCEF]|1[0-9A-F]|7F)_", re.IGNORECASE)


YES = {"بله", "آری", "دارد", "yes", "true", "1", "✓"}
NO = {"خیر", "نه", "ندارد", "no", "false", "0", ""}


@dataclass
class Column:
    key: str
    header: str
    kind: str = "text"  # text, int, decimal, date, time, bool, choice
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, Persian label)
    help: str = ""
    max_length: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    code: bool = False  # an identifier: Persian and Arabic-Indic digits read as 0-9

    @property
    def match_key(self) -> str:
        return search_key(self.header)

    def parse(self, raw):
        if isinstance(raw, str):
            if raw.startswith("="):
                raise CellError("فرمول پذیرفته نیست؛ مقدار را به‌جای فرمول بنویسید.")
            if len(raw) > MAX_CELL_CHARS:
                raise CellError(
                    f"بیش از {to_persian_digits(f'{MAX_CELL_CHARS:,}').replace(',', '٬')} "
                    "نویسه است."
                )
            if not _CONTROL.isdisjoint(raw) or _CONTROL_ESCAPE.search(raw):
                raise CellError("نویسه کنترلی (مانند NUL) دارد؛ آن را پاک کنید.")
            raw = unescape_formula(raw)
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty:
            if self.required:
                raise CellError("این خانه نباید خالی باشد.")
            return None if self.kind != "bool" else False
        return getattr(self, f"_parse_{self.kind}")(raw)

    def _parse_text(self, raw):
        text = normalize_text(raw if isinstance(raw, str) else _plain_number(raw))
        if self.code:
            text = to_ascii_digits(text)
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"بیش از {self.max_length} نویسه است.")
        return text

    def _parse_decimal(self, raw):
        if isinstance(raw, bool):
            raise CellError("عدد لازم است.")
        try:
            value = parse_decimal(raw)
        except NumberError as error:
            raise CellError(f"«{raw}» عدد نیست.") from error
        if self.minimum is not None and value < self.minimum:
            raise CellError(f"نباید کمتر از {_plain_number(self.minimum)} باشد.")
        if self.maximum is not None and value > self.maximum:
            raise CellError(f"نباید بیشتر از {_plain_number(self.maximum)} باشد.")
        return value

    def _parse_int(self, raw):
        value = self._parse_decimal(raw)
        if value != value.to_integral_value():
            raise CellError(f"«{raw}» عدد صحیح نیست.")
        return int(value)

    def _parse_date(self, raw):
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raise CellError(f"«{raw}» تاریخ نیست؛ تاریخ شمسی را به شکل ۱۴۰۵/۰۱/۱۵ بنویسید.")
        try:
            return parse_jalali_date(raw)
        except JalaliDateError as error:
            raise CellError(error.message) from error

    def _parse_time(self, raw):
        if isinstance(raw, dt.time):
            return raw
        if isinstance(raw, dt.datetime):
            return raw.time()
        text = to_ascii_digits(str(raw)).strip()
        try:
            return dt.time.fromisoformat(text if len(text) > 4 else text.zfill(5))
        except ValueError as error:
            raise CellError(f"«{raw}» ساعت نیست؛ به شکل ۱۰:۳۰ بنویسید.") from error

    def _parse_bool(self, raw):
        text = search_key(str(raw)) if not isinstance(raw, bool) else ("1" if raw else "0")
        if text in {search_key(v) for v in YES}:
            return True
        if text in {search_key(v) for v in NO}:
            return False
        raise CellError(f"«{raw}» پذیرفته نیست؛ «بله» یا «خیر» بنویسید.")

    def _parse_choice(self, raw):
        key = search_key(str(raw))
        for value, label in self.choices:
            if key in (search_key(label), search_key(value)):
                return value
        allowed = "، ".join(label for _, label in self.choices)
        raise CellError(f"«{raw}» از گزینه‌های مجاز نیست؛ یکی از این‌ها را بنویسید: {allowed}.")

    def render(self, value):
        """The cell value written on export (the same form the parser reads back)."""
        if value is None:
            return ""
        if self.kind == "date":
            return format_jalali(value, "ascii")
        if self.kind == "time":
            return value.strftime("%H:%M")
        if self.kind == "bool":
            return "بله" if value else "خیر"
        if self.kind == "choice":
            return dict(self.choices).get(value, value)
        if self.kind == "decimal":
            return value if value != value.to_integral_value() else int(value)
        return value


def _plain_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


# The obstacle taxonomy's columns, on the cases and the resolutions sheets alike: a code or
# its Persian label («برق», «مالیات»); an unknown one is a Persian error on its row.
OBSTACLE_COLUMNS = (
    Column("obstacle", "مانع", "choice", choices=Obstacle.choices),
    Column("legal_basis", "مستند قانونی", max_length=LEGAL_BASIS_MAX),
)


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    required: bool = True
    help: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Row:
    sheet: str
    number: int  # the row number the user sees in Excel
    values: dict


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        from hamahang.core.digits import to_persian_digits

        where = [f"برگه «{self.sheet}»"]
        if self.row:
            where.append(f"ردیف {to_persian_digits(self.row)}")
        if self.column:
            where.append(f"ستون «{self.column}»")
        return f"{'، '.join(where)}: {self.message}"


def to_problem(problem, sheets: list[Sheet], aliases: dict | None = None) -> Problem:
    """A bulk service's `RowProblem` (its ref is a `Row`, its field a column key) as the
    problem a user reads: sheet, row and the column's Persian header."""
    row = problem.ref
    headers = {c.key: c.header for s in sheets if s.name == row.sheet for c in s.columns}
    field = (aliases or {}).get(problem.field, problem.field)
    return Problem(row.sheet, row.number, headers.get(field), problem.message)
