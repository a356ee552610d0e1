"""Excel, CSV and PDF of a report, all from `rows.sections(report)`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import xlsxwriter

from hamahang.core.pdf import render_pdf
from hamahang.reports.engine import Report
from hamahang.reports.rows import sections

PERSIAN_NUMBER = "[$-3000429]#,##0"
PERSIAN_DECIMAL = "[$-3000429]#,##0.##"
FORMULA_START = ("=", "+", "-", "@")


def safe_text(value) -> str:
    """Text Excel must never read as a formula (=, +, -, @ at the start)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    title = book.add_format({"bold": True, "font_size": 13})
    whole = book.add_format({"num_format": PERSIAN_NUMBER})
    fraction = book.add_format({"num_format": PERSIAN_DECIMAL})
    for section in sections(report):
        sheet = book.add_worksheet(section["title"][:31])
        sheet.right_to_left()
        sheet.write_string(
            0, 0, f"{section['title']} — {report.period.label} — {report.scope_label}", title
        )
        sheet.write_row(2, 0, section["headers"], header)
        for row_index, row in enumerate(section["rows"], start=3):
            for col, value in enumerate(row):
                if isinstance(value, bool) or value is None:
                    sheet.write_string(row_index, col, "" if value is None else str(value))
                elif isinstance(value, (int, Decimal, float)):
                    number = float(value)
                    sheet.write_number(
                        row_index, col, number, whole if number == int(number) else fraction
                    )
                else:
                    sheet.write_string(row_index, col, safe_text(value))
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, len(section["headers"]), 20)
    book.close()
    return buffer.getvalue()


def to_csv(report: Report) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Persian text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)

    for section in sections(report):
        writer.writerow([section["title"]])
        writer.writerow(section["headers"])
        for row in section["rows"]:
            writer.writerow([safe_text(v) if isinstance(v, str) else v for v in row])
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_pdf(report: Report, statement: str | None = None) -> bytes:
    return render_pdf(
        "reports/pdf/report.html",
        {
            "report": report,
            "sections": sections(report),
            "statement": statement,
            "bars": _bars(report),
        },
    )


def _bars(report: Report) -> list[dict]:
    """Horizontal bar charts drawn as SVG in the PDF (no JavaScript there)."""
    charts = []
    meetings = [(c.name, c.resolutions) for c in report.meetings if c.resolutions]
    if meetings:
        charts.append(_chart("مصوبات هر ستاد", _scale(meetings)))
    ranking = [(a.name, a.on_time_rate or 0) for a in report.accountability[:12]]
    if ranking:
        charts.append(_chart("درصد اجرای به‌موقع تکالیف (دستگاه‌ها)", _scale(ranking, 100)))
    sectors = [(g.label, g.projects) for g in report.projects.portfolio_by_sector]
    if sectors:
        charts.append(_chart("طرح‌ها بر پایه بخش", _scale(sectors)))
    return charts


def _chart(title: str, bars: list[dict]) -> dict:
    return {"title": title, "bars": bars}


def _scale(pairs, maximum=None) -> list[dict]:
    top = maximum or max(value for _, value in pairs) or 1
    return [
        {
            "label": label,
            "value": value,
            "percent": f"{min(100.0, 100 * float(value) / float(top)):.1f}",
        }
        for label, value in pairs
    ]
