"""The press statement: a Persian narrative in the register of the seed article, generated from
a `Report`. A sentence whose figure is zero is left out; amounts are written as officials do."""

from __future__ import annotations

import re

from django.conf import settings

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import MONTH_NAMES, to_jalali
from hamahang.core.numbers import official_amount
from hamahang.organizations.models import Committee
from hamahang.projects.currencies import currency_name
from hamahang.projects.models import Sector
from hamahang.reports.engine import Report
from hamahang.units.models import SupportCase

_SMALL = ["صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_CREDITOR_WORDS = {
    "tax": "مالیاتی",
    "social_security": "تأمین اجتماعی",
    "water": "آب",
    "electricity": "برق",
    "gas": "گاز",
    "municipality": "شهرداری",
    "customs": "گمرک",
}
_COMMITTEE_WORDS = {
    Committee.Kind.FACILITATION: "ستاد تسهیل و رفع موانع تولید",
    Committee.Kind.RESISTANCE_ECONOMY: "ستاد فرماندهی اقتصاد مقاومتی",
}
_KIND_WORDS = {"industrial": "صنعتی", "workshop": "کارگاهی"}


def count_words(number: int) -> str:
    """Officials write one to nine in words and larger counts in digits."""
    return _SMALL[number] if 0 < number < 10 else to_persian_digits(number)


def join_persian(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return "، ".join(items[:-1]) + " و " + items[-1]


def period_phrase(report: Report) -> str:
    period = report.period
    start, end = to_jalali(period.start), to_jalali(period.end)
    if re.fullmatch(r"y\d{4}", period.key):
        return f"در سال {to_persian_digits(start.year)}"
    if start.month == 1 and start.day == 1 and start.year == end.year:
        year, month = to_persian_digits(start.year), MONTH_NAMES[end.month - 1]
        return f"از ابتدای سال {year} تا پایان {month}ماه"
    return f"از {_long(start)} تا {_long(end)}"


def _long(day) -> str:
    return (
        f"{to_persian_digits(day.day)} {MONTH_NAMES[day.month - 1]} {to_persian_digits(day.year)}"
    )


def _money_phrase(money) -> list[str]:
    parts = []
    if money.rial:
        parts.append(f"{official_amount(money.rial, 'IRR')} سرمایه‌گذاری ریالی")
    for code, amount in sorted(money.foreign.items()):
        parts.append(f"{official_amount(amount, code)} سرمایه‌گذاری ارزی")
    return parts


def _sectors(keys: list[str]) -> str:
    order = list(Sector.values)
    ordered = sorted(keys, key=lambda key: order.index(key) if key in order else len(order))
    labels = dict(Sector.choices)
    return join_persian([labels.get(key, key) for key in ordered])


def build_statement(report: Report, *, speaker: str | None = None) -> str:
    speaker = speaker or f"مدیرکل {settings.HAMAHANG_OFFICE_NAME}"
    when = period_phrase(report)
    paragraphs: list[str] = []
    projects = report.projects

    if projects.sent:
        sectors = _sectors([g.key for g in projects.sent_by_sector])
        paragraphs.append(
            f"{speaker} گفت: {when}، {count_words(projects.sent)} طرح در حوزه‌های {sectors} "
            "به دبیرخانه ستاد اقتصاد مقاومتی کشور ارسال شده است."
        )
        lead = projects.lead_owner
        if lead and lead.projects:
            has_contracts = any(
                row["status"] in {"referred", "appraisal", "approved", "signed"}
                for row in projects.contracts
            )
            contract_note = (
                " که قراردادهای عاملیت اجرای آن‌ها توسط بانک‌های استان در دست اقدام است"
                if has_contracts
                else ""
            )
            paragraphs.append(
                f"وی افزود: {count_words(lead.projects)} مورد از طرح‌های یادشده مربوط به "
                f"{lead.name} است{contract_note}."
            )
            money = _money_phrase(lead.money)
            if money:
                jobs = (
                    f" که موجب ایجاد اشتغال برای {official_amount(lead.jobs_planned)} تن می‌شود"
                    if lead.jobs_planned
                    else ""
                )
                paragraphs.append(
                    f"درمجموع برای این {count_words(lead.projects)} طرح در "
                    f"{count_words(len(lead.sectors))} بخش {_sectors(lead.sectors)}، "
                    f"{join_persian(money)} انجام شده است{jobs}."
                )

    held = [c for c in report.meetings if c.meetings]
    if held:
        phrases = [
            f"{count_words(c.meetings)} جلسه {_COMMITTEE_WORDS.get(c.kind, c.name)}"
            + (f" با {count_words(c.resolutions)} مصوبه" if c.resolutions else "")
            for c in held
        ]
        paragraphs.append(
            f"همچنین برای پیشبرد اهداف اقتصادی استان {when}، {' و همچنین '.join(phrases)} "
            "تشکیل شده است."
        )

    cases = report.units.cases_by_type
    relief = sum(
        cases.get(kind, 0)
        for kind in (
            SupportCase.Type.DEFERRAL,
            SupportCase.Type.INSTALMENTS,
            SupportCase.Type.ENFORCEMENT_POSTPONEMENT,
            SupportCase.Type.NO_UTILITY_CUTOFF,
        )
    )
    if relief:
        creditors = [
            _CREDITOR_WORDS[c] for c in _CREDITOR_WORDS if report.units.cases_by_creditor.get(c)
        ]
        enforcement = f" و تعویق اجراییه‌های {join_persian(creditors)}" if creditors else ""
        paragraphs.append(
            f"پیگیری {count_words(relief)} درخواست امهال تسهیلات{enforcement} به‌منظور "
            "جلوگیری از اختلال در روند تولید و اشتغال، از جمله اقدام‌های کارگروه تسهیل و رفع "
            "موانع تولید در این مدت بوده است."
        )

    actions = []
    units = report.units
    if cases.get(SupportCase.Type.SEIZED_UNIT_RETURN):
        actions.append("پیگیری برای بازگشت واحدهای تملیکی به چرخه تولید")
    if units.revived_units:
        actions.append(
            f"احیای {count_words(units.revived_units)} واحد صنعتی راکد با اشتغال "
            f"{official_amount(units.revived_jobs)} تن"
        )
    products = sorted({row["product"] for row in units.launches if row["product"]})
    for product in products:
        kinds = [
            f"{count_words(units.launched(kind, product))} واحد {_KIND_WORDS[kind]}"
            for kind in ("industrial", "workshop")
            if units.launched(kind, product)
        ]
        if kinds:
            actions.append(f"راه‌اندازی {join_persian(kinds)} تولید {product}")
    if actions:
        paragraphs.append(
            f"وی بیان کرد: {join_persian(actions)} از دیگر اقدامات کارگروه تسهیل و رفع موانع "
            "تولید برای توسعه هرچه بیشتر اقتصاد استان است."
        )

    due = sum(a.due for a in report.accountability)
    if due:
        on_time = sum(a.done_on_time for a in report.accountability)
        late = sum(a.done_late for a in report.accountability)
        still_open = sum(a.open for a in report.accountability)
        parts = [f"{count_words(on_time)} مورد به‌موقع"] if on_time else []
        if late:
            parts.append(f"{count_words(late)} مورد با تأخیر")
        sentence = (
            f"از {count_words(due)} تکلیفی که مهلت اجرای آن در این دوره بود، "
            f"{join_persian(parts)} اجرا شده"
            if parts
            else f"{count_words(due)} تکلیف مهلت اجرا در این دوره داشته"
        )
        tail = f" و {count_words(still_open)} مورد در دست پیگیری است." if still_open else " است."
        paragraphs.append(f"به گفته وی، {sentence}{tail}")

    if held:
        paragraphs.append(
            "وی ادامه داد: برای حمایت از تولیدکنندگان و سرمایه‌گذاران، روند برگزاری جلسه‌های "
            "ستادها بر اساس دستورالعمل‌های مشخص دنبال و فرآیند اجرای مصوبه‌های آن با مشارکت "
            "دستگاه‌های اجرایی استان به جد پیگیری می‌شود."
        )
    if not paragraphs:
        return f"{speaker}: برای {when} رقمی برای گزارش ثبت نشده است."
    return "\n\n".join(paragraphs)


__all__ = ["build_statement", "count_words", "currency_name"]
