"""Right-to-left Persian Word documents (python-docx): one place for the bidi settings that
the press statement and the obstacle proposal share."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "Vazirmatn"


def rtl_document(size: int = 12):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:cs"), FONT)
    return document


def make_rtl(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    paragraph.alignment = align
    paragraph.paragraph_format.element.get_or_add_pPr().append(
        paragraph.paragraph_format.element.makeelement(qn("w:bidi"), {})
    )
    for run in paragraph.runs:
        run.font.rtl = True
        run.font.complex_script = True
    return paragraph


def rtl_paragraph(document, text: str, *, bold: bool = False, style: str | None = None):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    return make_rtl(paragraph)


def rtl_table(document, headers: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    # The first column on the right, as Persian reads.
    table._tbl.tblPr.append(table._tbl.tblPr.makeelement(qn("w:bidiVisual"), {}))
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        make_rtl(cell.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
            make_rtl(cell.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    return table


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
