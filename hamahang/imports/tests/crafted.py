"""Crafted workbooks: a valid template whose first sheet's XML is replaced by hand."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from hamahang.imports.kinds import KINDS
from hamahang.imports.writer import write_workbook

SHEET1 = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, str) and value.startswith("=") and value.endswith("!formula"):
        return f'<c r="{ref}" t="str"><f>{escape(value[1:-8])}</f><v>2</v></c>'
    if isinstance(value, str) and value.startswith("&") and value.endswith(";"):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'  # an entity reference
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list], *, prolog: str = "", dimension: str | None = None) -> bytes:
    body = "".join(
        f'<row r="{r}">'
        + "".join(_cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, start=1))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f"<worksheet {NS}>{dim}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def replace_part(content: bytes, name: str, data: bytes | None = None, *, stream=None) -> bytes:
    """`content` (a zip) with part `name` replaced by `data`, or written from `stream` (an
    iterable of chunks, never held whole)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        if stream is None:
            target.writestr(name, data)
        else:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as part:
                for chunk in stream:
                    part.write(chunk)
    return out.getvalue()


def units_file(rows: list[list], **sheet) -> bytes:
    """A units workbook whose «واحدها» sheet holds a title row, then `rows` as written."""
    base = write_workbook(KINDS["units"])
    return replace_part(base, SHEET1, sheet_xml([["واحدها"], *rows], **sheet))
