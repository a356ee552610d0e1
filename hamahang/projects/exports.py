"""Exports of a national submission batch, read only from its frozen snapshots.

The JSON follows docs/national-submission.schema.json; the Excel workbook has one row per
project, right-to-left, Persian headers, numbers stored as numbers.
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from hamahang.core.cells import escape_formula
from hamahang.core.jalali import format_jalali
from hamahang.core.numbers import currency_word
from hamahang.projects.models import NationalSubmission
from hamahang.projects.money import Money

SCHEMA_VERSION = "1.0"


def submission_json(submission: NationalSubmission) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "province": submission.province.name,
        "province_code": submission.province.code,
        "title": submission.title,
        "letter_number": submission.letter_number,
        "letter_date": submission.letter_date.isoformat() if submission.letter_date else None,
        "letter_date_jalali": format_jalali(submission.letter_date, "ascii"),
        "sent_at": submission.sent_at.isoformat() if submission.sent_at else None,
        "projects": [
            {**item.snapshot, "outcome": item.outcome, "reason": item.reason}
            for item in submission.items.all()
        ],
    }


def _safe_text(value) -> str:
    """Text that Excel must not read as a formula (the one escaping every export shares)."""
    return escape_formula("" if value is None else str(value))


def submission_xlsx(submission: NationalSubmission) -> bytes:
    data = submission_json(submission)
    currencies = sorted(
        {line["currency"] for project in data["projects"] for line in project["investments"]}
    )
    buffer = io.BytesIO()
    # Text is never turned into a formula, whatever it starts with.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("طرح‌ها")
    sheet.right_to_left()
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    number = workbook.add_format({"num_format": "#,##0"})
    decimal = workbook.add_format({"num_format": "#,##0.00"})
    sheet.write_string(
        0,
        0,
        _safe_text(
            f"{data['title']} — نامه {data['letter_number']} مورخ {data['letter_date_jalali']}"
        ),
    )
    headers = [
        "کد طرح",
        "عنوان",
        "بخش",
        "شهرستان",
        "واحد متولی",
        "مجری / سرمایه‌گذار",
        "وضعیت",
        "پیشرفت فیزیکی (درصد)",
        "اشتغال مستقیم",
        "اشتغال غیرمستقیم",
        *[f"سرمایه‌گذاری ({currency_word(code)})" for code in currencies],
        "نتیجه",
        "دلیل بازگشت",
    ]
    sheet.write_row(2, 0, headers, header)
    outcomes = {"sent": "ارسال شده", "accepted": "پذیرفته شده", "returned": "بازگشت داده شده"}
    for index, project in enumerate(data["projects"], start=3):
        lines = project["investments"]
        present = {line["currency"] for line in lines}
        amounts = Money.of((line["currency"], Decimal(line["amount"])) for line in lines)
        row = [
            _safe_text(project["code"]),
            _safe_text(project["title"]),
            _safe_text(project["sector_label"]),
            _safe_text(project["county"]),
            _safe_text(project["owner"]),
            _safe_text(project["executor"]),
            _safe_text(project["status"]),
        ]
        sheet.write_row(index, 0, row)
        sheet.write_number(index, 7, project["physical_progress"])
        sheet.write_number(index, 8, project["jobs"]["direct"], number)
        sheet.write_number(index, 9, project["jobs"]["indirect"], number)
        for offset, code in enumerate(currencies):
            if code in present:
                amount = amounts.amount(code)
                fmt = number if code == "IRR" else decimal
                sheet.write_number(index, 10 + offset, float(amount), fmt)
        sheet.write(
            index, 10 + len(currencies), outcomes.get(project["outcome"], project["outcome"])
        )
        sheet.write(index, 11 + len(currencies), _safe_text(project["reason"]))
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 9 + len(currencies) + 2, 18)
    workbook.close()
    return buffer.getvalue()
