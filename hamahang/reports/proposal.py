"""The systemic-obstacle report and its draft proposal for the national headquarters.

The figures come from `reports.sections.obstacles` (the engine's section reads the same
cells); this module adds the previous equal period, the examples and the Persian wording of a
draft proposal (پیش‌نویس پیشنهاد به ستاد ملی) per recurring cluster, and writes it as Word
(python-docx) and PDF (WeasyPrint, the project's PDF template family).
"""

from __future__ import annotations

from dataclasses import dataclass

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import Period, format_jalali
from hamahang.core.pdf import render_pdf
from hamahang.reports.docx_rtl import rtl_document, rtl_paragraph, rtl_table, to_bytes
from hamahang.reports.sections.obstacles import (
    CLUSTER_MIN,
    Cell,
    attach_examples,
    attach_previous,
    obstacle_cells,
    previous_period,
)

NATIONAL_HQ = "ستاد ملی تسهیل و رفع موانع تولید"


@dataclass
class SystemicReport:
    period: Period
    previous: Period
    scope_label: str
    national: bool
    cells: list[Cell]

    @property
    def clusters(self) -> list[Cell]:
        return [c for c in self.cells if c.is_cluster]

    @property
    def place_word(self) -> str:
        return "استان" if self.national else "شهرستان"

    @property
    def title(self) -> str:
        return f"پیش‌نویس پیشنهاد رفع موانع نظام‌مند تولید به {NATIONAL_HQ}"

    @property
    def period_text(self) -> str:
        return f"{self.period.label} ({self.period.start_jalali} تا {self.period.end_jalali})"


def systemic_report(
    *, period: Period, province_id: int | None, county_id: int | None, scope_label: str
) -> SystemicReport:
    """Cells of the period with the previous period's counts and examples: six queries."""
    cells = obstacle_cells(period, province_id=province_id, county_id=county_id)
    previous = previous_period(period)
    attach_previous(cells, obstacle_cells(previous, province_id=province_id, county_id=county_id))
    attach_examples(cells, period, province_id=province_id, county_id=county_id)
    return SystemicReport(period, previous, scope_label, province_id is None, cells)


def _fa(value) -> str:
    return to_persian_digits(str(value))


def trend_text(cell: Cell) -> str:
    if cell.trend > 0:
        return f"{_fa(cell.trend)} مورد افزایش"
    if cell.trend < 0:
        return f"{_fa(-cell.trend)} مورد کاهش"
    return "بدون تغییر"


def example_codes(cell: Cell) -> str:
    words = {"case": "پرونده", "resolution": "مصوبه"}
    return "، ".join(f"{words[e['kind']]} {_fa(e['code'])}" for e in cell.examples)


def proposal_paragraph(report: SystemicReport, cell: Cell) -> str:
    """One cluster's proposal, in the register of a letter to the national headquarters."""
    where = cell.place if cell.place_id is None else f"{report.place_word} {cell.place}"
    basis = f" با استناد به {'، '.join(cell.legal_bases)}" if cell.legal_bases else ""
    return (
        f"مانع «{cell.label}» در {where} در {report.period.label} "
        f"{_fa(cell.count)} بار ({_fa(cell.cases)} پرونده و {_fa(cell.resolutions)} مصوبه) "
        f"تکرار شده است ({trend_text(cell)} نسبت به دوره پیشین)؛ از آنجا که رفع موردی آن "
        f"در سطح استان پاسخگو نبوده است، پیشنهاد می‌شود {NATIONAL_HQ}{basis} "
        "نسبت به اصلاح یا ابلاغ دستورالعمل سراسری در این خصوص اقدام فرماید."
    )


TABLE_HEADERS = ["مانع", "محل", "پرونده", "مصوبه", "جمع", "دوره پیشین", "روند"]


def table_rows(report: SystemicReport) -> list[list[str]]:
    return [
        [
            c.label,
            c.place,
            _fa(c.cases),
            _fa(c.resolutions),
            _fa(c.count),
            _fa(c.previous),
            trend_text(c),
        ]
        for c in report.cells
    ]


def proposal_docx(report: SystemicReport, office_name: str) -> bytes:
    document = rtl_document()
    rtl_paragraph(document, office_name, bold=True)
    rtl_paragraph(document, report.title, bold=True, style="Title")
    rtl_paragraph(document, f"دوره: {report.period_text}")
    rtl_paragraph(document, f"قلمرو: {report.scope_label}")
    rtl_paragraph(
        document,
        f"خوشه تکرارشونده: مانعی که دست‌کم {_fa(CLUSTER_MIN)} بار در یک "
        f"{report.place_word} در این دوره دیده شده است.",
    )
    rtl_paragraph(document, "جدول موانع", bold=True, style="Heading 1")
    rtl_table(document, TABLE_HEADERS, table_rows(report))
    rtl_paragraph(document, "پیشنهادها", bold=True, style="Heading 1")
    if not report.clusters:
        rtl_paragraph(document, "در این دوره خوشه تکرارشونده‌ای دیده نشد.")
    for number, cell in enumerate(report.clusters, start=1):
        rtl_paragraph(
            document, f"{_fa(number)}. {cell.label} — {cell.place}", bold=True, style="Heading 2"
        )
        rtl_paragraph(document, proposal_paragraph(report, cell))
        if cell.examples:
            rtl_paragraph(document, f"نمونه‌ها: {example_codes(cell)}")
        if cell.legal_bases:
            rtl_paragraph(document, f"مستند قانونی: {'، '.join(cell.legal_bases)}")
    rtl_paragraph(document, f"تاریخ تهیه: {format_jalali(report.period.end)}")
    return to_bytes(document)


def proposal_pdf(report: SystemicReport) -> bytes:
    return render_pdf(
        "reports/pdf/obstacles.html",
        {
            "report": report,
            "headers": TABLE_HEADERS,
            "rows": table_rows(report),
            "proposals": [
                {
                    "cell": cell,
                    "text": proposal_paragraph(report, cell),
                    "examples": example_codes(cell),
                }
                for cell in report.clusters
            ],
            "cluster_min": CLUSTER_MIN,
        },
    )
