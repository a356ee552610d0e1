"""Read an uploaded workbook into typed rows, or precise Persian problems (sheet, row, column)."""

from __future__ import annotations

import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from hamahang.core.digits import to_persian_digits
from hamahang.core.text import search_key
from hamahang.imports.limits import LimitExceeded, check_workbook, limits
from hamahang.imports.spec import CellError, Problem, Row, Sheet

HEADER_SEARCH_ROWS = 10


class UnreadableFile(ValueError):
    pass


NOT_A_WORKBOOK = (
    "پرونده یک کارپوشه اکسل (xlsx) خوانا نیست؛ "
    "آن را در اکسل با قالب «Excel Workbook (.xlsx)» ذخیره کنید."
)
UNSAFE_XML = (
    "پرونده XML ناامن (تعریف ENTITY یا DTD) یا خراب دارد و خوانده نشد؛ "
    "آن را در اکسل با قالب «Excel Workbook (.xlsx)» دوباره ذخیره کنید."
)
# What reading a crafted or broken workbook may raise, all turned into UnreadableFile.
READ_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    OSError,
    EOFError,
    DefusedXmlException,
    ParseError,
    ValueError,
    TypeError,
    IndexError,
)


def _unsafe(error: BaseException | None) -> bool:
    """Whether a defusedxml refusal is the error or its cause (openpyxl wraps it)."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (DefusedXmlException, ParseError)):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def open_workbook(path_or_file):
    """The workbook, streamed (read-only), once its sizes and XML passed `limits`."""
    try:
        check_workbook(path_or_file)
    except LimitExceeded as error:
        raise UnreadableFile(str(error)) from error
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableFile(NOT_A_WORKBOOK) from error
    try:
        return load_workbook(path_or_file, read_only=True, data_only=False)
    except READ_ERRORS as error:
        raise UnreadableFile(UNSAFE_XML if _unsafe(error) else NOT_A_WORKBOOK) from error


def read_checked_sheets(workbook, sheets: list[Sheet], on_progress=None):
    """`read_sheets`, with anything a crafted part raises while streaming (an entity, broken
    XML) turned into UnreadableFile."""
    try:
        return read_sheets(workbook, sheets, on_progress)
    except CellError:
        raise
    except READ_ERRORS as error:
        raise UnreadableFile(UNSAFE_XML if _unsafe(error) else NOT_A_WORKBOOK) from error


def read_sheets(
    workbook, sheets: list[Sheet], on_progress=None
) -> tuple[dict[str, list[Row]], list[Problem]]:
    rows: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    names = {search_key(name): name for name in workbook.sheetnames}
    for sheet in sheets:
        actual = names.get(search_key(sheet.name))
        if actual is None:
            if sheet.required:
                found = "، ".join(f"«{n}»" for n in workbook.sheetnames)
                problems.append(
                    Problem(
                        sheet.name,
                        None,
                        None,
                        f"برگه‌ای به نام «{sheet.name}» در پرونده نیست (برگه‌های پرونده: {found}).",
                    )
                )
            rows[sheet.name] = []
            continue
        sheet_rows, sheet_problems = _read_sheet(workbook[actual], sheet, on_progress)
        rows[sheet.name] = sheet_rows
        problems.extend(sheet_problems)
    return rows, problems


def _read_sheet(worksheet, sheet: Sheet, on_progress) -> tuple[list[Row], list[Problem]]:
    iterator = worksheet.iter_rows(values_only=True)
    wanted = {column.match_key: column for column in sheet.columns}
    header_row, positions = None, {}
    buffered = []
    for index, values in enumerate(iterator, start=1):
        buffered.append(values)
        keys = [search_key(str(v)) if v is not None else "" for v in values]
        matched = {key: i for i, key in enumerate(keys) if key in wanted}
        if len(matched) >= min(3, len(wanted)):
            header_row, positions = index, matched
            break
        if index >= HEADER_SEARCH_ROWS:
            break
    if header_row is None:
        return [], [
            Problem(
                sheet.name, None, None, "سطر سرستون‌ها پیدا نشد؛ از قالب همین نوع ورود استفاده کنید."
            )
        ]
    problems = [
        Problem(
            sheet.name,
            header_row,
            column.header,
            "این ستون در پرونده نیست (نام آن تغییر کرده یا حذف شده است).",
        )
        for key, column in wanted.items()
        if key not in positions and column.required
    ]
    if problems:
        return [], problems
    rows: list[Row] = []
    most = limits().rows_per_sheet
    for number, values in enumerate(iterator, start=header_row + 1):
        if number - header_row > most:  # a sheet that did not declare its size: stop reading
            problems.append(
                Problem(
                    sheet.name,
                    number,
                    None,
                    f"برگه بیش از {to_persian_digits(most)} ردیف دارد؛ "
                    "آن را در چند پرونده کوچک‌تر وارد کنید.",
                )
            )
            return [], problems
        if values is None or all(
            v is None or (isinstance(v, str) and not v.strip()) for v in values
        ):
            continue  # empty (often trailing) rows
        parsed = {}
        for key, column in wanted.items():
            position = positions.get(key)
            raw = values[position] if position is not None and position < len(values) else None
            try:
                parsed[column.key] = column.parse(raw)
            except CellError as error:
                problems.append(Problem(sheet.name, number, column.header, str(error)))
        rows.append(Row(sheet.name, number, parsed))
        if on_progress and number % 2000 == 0:
            on_progress(number)
    return rows, problems


def row_problem(row: Row, column: str | None, message: str) -> Problem:
    return Problem(row.sheet, row.number, column, message)


__all__ = [
    "Problem",
    "Row",
    "UnreadableFile",
    "open_workbook",
    "read_sheets",
    "row_problem",
    "to_persian_digits",
]
