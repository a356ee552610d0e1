"""Exported workbooks edited as an office would: find a row by its cells, change cells."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from hamahang.imports.kinds import KINDS
from hamahang.imports.writer import write_workbook

HEADER_ROW = 2  # the export writes a title row, then the headers


def export_bytes(kind: str, user) -> bytes:
    return write_workbook(KINDS[kind], KINDS[kind].export(user))


def edit(content: bytes, sheet: str, where: dict, changes: dict, *, append: bool = False) -> bytes:
    """The workbook with the first row of `sheet` whose cells equal `where` (by header) given
    `changes`; with `append`, that row is copied (with the changes) to the end instead."""
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet]
    headers = {cell.value: cell.column for cell in ws[HEADER_ROW] if cell.value}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if all(str(row[headers[h] - 1].value) == str(v) for h, v in where.items()):
            values = [cell.value for cell in row]
            for header, value in changes.items():
                values[headers[header] - 1] = value
            if append:
                ws.append(values)
            else:
                for index, value in enumerate(values):
                    row[index].value = value
            break
    else:
        raise AssertionError(f"no row {where} in {sheet}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_of(content: bytes, sheet: str) -> list[dict]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    ws = book[sheet]
    all_rows = list(ws.iter_rows(values_only=True))
    headers = all_rows[HEADER_ROW - 1]
    return [dict(zip(headers, values, strict=False)) for values in all_rows[HEADER_ROW:]]


def workbook(sheets: dict[str, list[list]]) -> io.BytesIO:
    """A workbook written from scratch: sheet name → rows (the first row its headers)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer
