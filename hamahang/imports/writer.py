"""Workbooks in the import format: an empty template, or a list exported for editing.

Each sheet has a merged title row, the Persian headers, then the data; right-to-left; a
«راهنما» sheet lists every column, whether it is required, and the allowed values."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from typing import IO

import xlsxwriter

from hamahang.core.cells import escape_formula
from hamahang.imports.spec import Column


def _cell(value):
    return escape_formula(value)  # shown as text, never run as a formula; the reader undoes it


def write_workbook(kind, data: dict[str, Iterable[dict]] | None = None) -> bytes:
    """A small workbook (a template, a test's export) as bytes."""
    buffer = io.BytesIO()
    write_workbook_to(buffer, kind, data)
    return buffer.getvalue()


def export_file(kind, data: dict[str, Iterable[dict]]) -> IO[bytes]:
    """An export of any size in a temporary file (deleted when closed), positioned at its start.

    Rows are consumed one at a time and written in XlsxWriter's constant-memory mode, so
    neither the rows nor the workbook are ever held in memory whole."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the caller streams and closes it
    write_workbook_to(target, kind, data)
    target.seek(0)
    return target


def write_workbook_to(target: IO[bytes], kind, data: dict[str, Iterable[dict]] | None) -> None:
    # constant_memory flushes each row to a temporary file once the next row starts, so rows
    # must be written top to bottom (they are).
    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "constant_memory": True})
    title = book.add_format({"bold": True, "font_size": 13, "align": "center"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    required = book.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True}
    )
    for sheet in kind.SHEETS:
        ws = book.add_worksheet(sheet.name[:31])
        ws.right_to_left()
        ws.merge_range(
            0, 0, 0, max(1, len(sheet.columns) - 1), f"{kind.TITLE} — {sheet.name}", title
        )
        for col, column in enumerate(sheet.columns):
            ws.write_string(1, col, column.header, required if column.required else header)
            ws.set_column(col, col, 24 if column.kind == "text" else 16)
            if column.kind == "choice":
                labels = [label for _, label in column.choices]
                if sum(len(label) + 1 for label in labels) < 250:
                    ws.data_validation(
                        2,
                        col,
                        100_000,
                        col,
                        {"validate": "list", "source": labels, "ignore_blank": True},
                    )
        for row_index, record in enumerate((data or {}).get(sheet.name, []), start=2):
            for col, column in enumerate(sheet.columns):
                value = _cell(column.render(record.get(column.key)))
                if isinstance(value, bool) or value is None or value == "":
                    continue
                if isinstance(value, (int, float)) or (
                    hasattr(value, "is_finite") and value.is_finite()
                ):
                    ws.write_number(row_index, col, float(value))
                else:
                    ws.write_string(row_index, col, str(value))
        ws.freeze_panes(2, 0)
    help_sheet = book.add_worksheet("راهنما")
    help_sheet.right_to_left()
    help_sheet.write_row(0, 0, ["برگه", "ستون", "لازم", "نوع", "مقادیر مجاز / توضیح"], header)
    row = 1
    for sheet in kind.SHEETS:
        for column in sheet.columns:
            help_sheet.write_row(
                row,
                0,
                [
                    sheet.name,
                    column.header,
                    "بله" if column.required else "خیر",
                    _kind_label(column),
                    _allowed(column),
                ],
            )
            row += 1
    help_sheet.write(
        row + 1,
        0,
        "تاریخ‌ها شمسی (مانند ۱۴۰۵/۰۱/۱۵) یا خانه تاریخ اکسل؛ رقم‌ها فارسی، عربی یا لاتین؛ "
        "فرمول پذیرفته نیست.",
    )
    help_sheet.set_column(0, 3, 18)
    help_sheet.set_column(4, 4, 80)
    book.close()


def _kind_label(column: Column) -> str:
    return {
        "text": "متن",
        "int": "عدد صحیح",
        "decimal": "عدد",
        "date": "تاریخ شمسی",
        "time": "ساعت",
        "bool": "بله / خیر",
        "choice": "یکی از گزینه‌ها",
    }[column.kind]


def _allowed(column: Column) -> str:
    if column.kind == "choice":
        return "، ".join(label for _, label in column.choices)
    return column.help
