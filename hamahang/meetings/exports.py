"""A liaison's own open work as a file (CSV or XLSX), with the inbox's filters.

Rows come from the database as plain tuples (`values_list`, read in chunks by a server-side
cursor), never as model instances or a whole list: the CSV is streamed to the client as it is
written, the workbook is written in XlsxWriter's constant-memory mode into a temporary file.
A fixed number of queries whatever the number of rows."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

import xlsxwriter
from django.db.models.functions import TruncDate

from hamahang.accounts.models import User
from hamahang.core.cells import escape_formula
from hamahang.core.jalali import format_jalali, today
from hamahang.meetings.models import PAUSED_LABEL, Assignment
from hamahang.meetings.selectors import inbox_querysets

HEADERS = [
    "کد مصوبه",
    "کمیسیون",
    "متن مصوبه",
    "دستگاه",
    "نقش",
    "مهلت",
    "وضعیت",
    "پیشرفت (درصد)",
    "معوق",
    "تاریخ ابلاغ",
]
CONFIDENTIAL = "محرمانه"
FIELDS = (
    "resolution__code",
    "resolution__committee__name",
    "resolution__text",
    "resolution__is_confidential",
    "agency__name",
    "role",
    "deadline",
    "status",
    "paused_on",
    "progress",
    "issued_on",
)
# The free-text columns, the only ones a spreadsheet could read as a formula.
TEXT_COLUMNS = (0, 1, 2, 3)
STATUS_LABELS = dict(Assignment.Status.choices)
ROLE_LABELS = dict(Assignment.Role.choices)


@functools.lru_cache(maxsize=4096)
def _jalali(value: dt.date) -> str:
    return format_jalali(value, "ascii")


def open_work_rows(
    *, user: User, days: int = 7, text: str = "", section: str = "", since=None
) -> Iterator[list]:
    """The rows of the user's own open work in `section` of the inbox ("" = all open), in
    the inbox's order; values ready for a file (Jalali dates, Persian labels)."""
    rows = inbox_querysets(user=user, days=days, since=since, text=text)[section or "all"]
    # The local (Tehran) day of issue from the database: no time-zone conversion per row.
    rows = rows.annotate(issued_on=TruncDate("created_at"))
    day = today()
    for (
        code,
        committee,
        body,
        confidential,
        agency,
        role,
        deadline,
        status,
        paused_on,
        progress,
        issued_on,
    ) in rows.values_list(*FIELDS).iterator(chunk_size=2000):
        is_open = status in Assignment.OPEN_STATUSES
        # As `Assignment.state_label`: a paused open assignment waits for its objection.
        label = PAUSED_LABEL if paused_on is not None and is_open else STATUS_LABELS[status]
        yield [
            code,
            committee,
            CONFIDENTIAL if confidential else body,
            agency,
            ROLE_LABELS.get(role, role),
            _jalali(deadline),
            label,
            progress,
            "بله" if is_open and paused_on is None and deadline < day else "خیر",
            _jalali(issued_on),
        ]


class _Echo:
    """A file-like object whose write returns the text (for streaming csv.writer's output)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads the Persian text), written and sent row by row."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(HEADERS)).encode("utf-8")
    batch: list[str] = []
    for row in rows:
        for col in TEXT_COLUMNS:
            row[col] = escape_formula(row[col])
        batch.append(writer.writerow(row))
        if len(batch) == 500:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def xlsx_file(rows: Iterable[list], title: str) -> IO[bytes]:
    """The rows in a right-to-left workbook in a temporary file (deleted when closed)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("کارهای باز")
    sheet.right_to_left()
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
    for col, name in enumerate(HEADERS):
        sheet.write_string(1, col, name, header)
        sheet.set_column(col, col, 60 if col == 2 else 16)
    for index, row in enumerate(rows, start=2):
        for col in TEXT_COLUMNS:
            row[col] = escape_formula(row[col])
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(index, col, value)
            elif value:
                sheet.write_string(index, col, value)
    sheet.freeze_panes(2, 0)
    book.close()
    target.seek(0)
    return target
