"""The report as labelled rows: one list feeds the Excel sheets, the CSV and the PDF tables."""

from __future__ import annotations

from decimal import Decimal

from hamahang.core.numbers import currency_word
from hamahang.projects.models import Project, Sector, SubmissionItem
from hamahang.reports.engine import Report
from hamahang.reports.sections.obstacles import obstacle_rows
from hamahang.reports.sections.referrals import referral_rows
from hamahang.reports.sections.reliefs import relief_rows
from hamahang.units.models import ProductionUnit, SupportCase, UnitStatus

KINDS = dict(ProductionUnit.Kind.choices)


def _money_columns(report: Report) -> list[str]:
    codes = set()
    for group in [*report.projects.sent_by_sector, *report.projects.portfolio_by_sector]:
        codes.update(group.money.foreign)
    for owner in report.projects.sent_by_owner:
        codes.update(owner.money.foreign)
    return sorted(codes)


def _outcomes_sheet(report: Report) -> dict:
    """The outcomes section as rows: totals, then per committee and per lead agency."""
    totals = report.outcomes.get("totals") or {}
    money = totals.get("money_released") or {}
    made = totals.get("production_restored") or {}
    groups = [
        *[("ستاد", g) for g in report.outcomes.get("by_committee", [])],
        *[("دستگاه مسئول", g) for g in report.outcomes.get("by_agency", [])],
    ]
    return {
        "key": "outcomes",
        "title": "دستاوردها",
        "headers": ["شاخص", "مقدار", "حفظ اشتغال", "ایجاد اشتغال", "اشتغال هر مصوبه"],
        "rows": [
            ["حفظ اشتغال (نفر)", totals.get("jobs_kept", 0), None, None, None],
            ["ایجاد اشتغال (نفر)", totals.get("jobs_created", 0), None, None, None],
            ["احیای واحد", totals.get("unit_revived", 0), None, None, None],
            ["راه‌اندازی واحد", totals.get("unit_launched", 0), None, None, None],
            *[
                [f"منابع آزادشده ({currency_word(c)})", v, None, None, None]
                for c, v in money.items()
            ],
            *[[f"بازگشت تولید ({m})", v, None, None, None] for m, v in made.items()],
            *[
                [
                    f"{what} {g['name']}",
                    g["resolutions"],
                    g["jobs_kept"],
                    g["jobs_created"],
                    g["jobs_per_resolution"],
                ]
                for what, g in groups
            ],
            *[
                [f"تکالیف معطل تعهد تولیدکننده {b['name']}", b["assignments"], None, None, None]
                for b in report.outcomes.get("producer_blocked", [])
            ],
        ],
    }


def sections(report: Report) -> list[dict]:
    """[{"key", "title", "headers", "rows"}] with numbers left as numbers."""
    foreign = _money_columns(report)
    money_headers = [
        "سرمایه‌گذاری ریالی (ریال)",
        *[f"سرمایه‌گذاری ارزی ({currency_word(c)})" for c in foreign],
    ]

    def money(m) -> list:
        return [m.rial, *[m.foreign.get(c, Decimal(0)) for c in foreign]]

    projects = report.projects
    units = report.units
    sector_labels = dict(Sector.choices)
    return [
        {
            "key": "summary",
            "title": "خلاصه",
            "headers": ["شاخص", "مقدار"],
            "rows": [
                # A custom range's label is its dates: the period is stated once.
                *([["دوره", report.period.label]] if report.period_is_named else []),
                ["از", report.period.start_jalali],
                ["تا", report.period.end_jalali],
                ["قلمرو", report.scope_label],
                ["طرح‌های ارسالی به دبیرخانه ملی", projects.sent],
                *[
                    [f"طرح‌های ارسالی {owner.name}", owner.projects]
                    for owner in projects.sent_by_owner[:3]
                ],
                *[[f"جلسات {c.name}", c.meetings] for c in report.meetings],
                *[[f"مصوبات {c.name}", c.resolutions] for c in report.meetings],
                *[
                    [f"مصوبات در دست اجرای {c.name}", c.open_resolutions]
                    for c in report.meetings
                    if c.open_resolutions
                ],
                ["واحدهای صنعتی راکد احیاشده", units.revived_units],
                ["اشتغال واحدهای احیاشده", units.revived_jobs],
                *[
                    [
                        f"واحدهای {KINDS.get(row['kind'], row['kind'])} راه‌اندازی‌شده "
                        f"({row['product']})",
                        row["units"],
                    ]
                    for row in units.launches
                ],
            ],
        },
        {
            "key": "meetings",
            "title": "جلسات و مصوبات",
            "headers": ["ستاد", "جلسات", "مصوبات", "مصوبات در دست اجرا"],
            "rows": [
                [c.name, c.meetings, c.resolutions, c.open_resolutions] for c in report.meetings
            ],
        },
        {
            "key": "accountability",
            "title": "پاسخگویی دستگاه‌ها",
            "headers": [
                "دستگاه",
                "تکالیف با مهلت در دوره",
                "اجرا به‌موقع",
                "اجرا با تأخیر",
                "اجرا نشده",
                "باز",
                "معوق",
                "معوق ۰ تا ۳۰ روز",
                "معوق ۳۱ تا ۹۰ روز",
                "معوق بیش از ۹۰ روز",
                "میانه روز تا بسته شدن",
                "درصد به‌موقع",
            ],
            "rows": [
                [
                    a.name,
                    a.due,
                    a.done_on_time,
                    a.done_late,
                    a.not_done,
                    a.open,
                    a.overdue,
                    a.overdue_0_30,
                    a.overdue_31_90,
                    a.overdue_90_plus,
                    a.median_days_to_close if a.median_days_to_close is not None else "",
                    a.on_time_rate if a.on_time_rate is not None else "",
                ]
                for a in report.accountability
            ],
        },
        {
            "key": "sent_projects",
            "title": "طرح‌های ارسالی به دبیرخانه ملی",
            "headers": ["واحد متولی / بخش", "تعداد طرح", *money_headers, "اشتغال پیش‌بینی‌شده"],
            "rows": [
                *[
                    [owner.name, owner.projects, *money(owner.money), owner.jobs_planned]
                    for owner in projects.sent_by_owner
                ],
                *[
                    [f"بخش {g.label}", g.projects, *money(g.money), g.jobs_planned]
                    for g in projects.sent_by_sector
                ],
                [
                    "جمع",
                    projects.sent_totals.projects,
                    *money(projects.sent_totals.money),
                    projects.sent_totals.jobs_planned,
                ],
            ],
        },
        {
            "key": "portfolio",
            "title": "سبد طرح‌ها",
            "headers": [
                "بخش / وضعیت",
                "تعداد طرح",
                *money_headers,
                "اشتغال پیش‌بینی‌شده",
                "اشتغال محقق",
            ],
            "rows": [
                *[
                    [
                        f"بخش {sector_labels.get(g.key, g.key)}",
                        g.projects,
                        *money(g.money),
                        g.jobs_planned,
                        g.jobs_realised,
                    ]
                    for g in projects.portfolio_by_sector
                ],
                *[
                    [
                        f"وضعیت {dict(Project.Status.choices).get(g.key, g.key)}",
                        g.projects,
                        *money(g.money),
                        g.jobs_planned,
                        g.jobs_realised,
                    ]
                    for g in projects.portfolio_by_status
                ],
            ],
        },
        {
            "key": "outcomes",
            "title": "نتیجه ارسال‌ها و قراردادهای عاملیت",
            "headers": ["مورد", "وضعیت", "ارز", "تعداد", "مبلغ"],
            "rows": [
                *[
                    ["نتیجه ارسال", dict(SubmissionItem.Outcome.choices).get(k, k), "", n, ""]
                    for k, n in sorted(projects.outcomes.items())
                ],
                *[
                    [
                        f"قرارداد {row['bank']}",
                        row["status_label"],
                        currency_word(row["currency"]),
                        row["contracts"],
                        row["amount"],
                    ]
                    for row in projects.contracts
                ],
            ],
        },
        {
            "key": "units",
            "title": "واحدها و پرونده‌ها",
            "headers": ["شاخص", "مقدار"],
            "rows": [
                *[
                    [f"واحدهای {dict(UnitStatus.choices).get(k, k)}", n]
                    for k, n in sorted(units.status_counts.items())
                ],
                *[
                    [f"پرونده‌های {dict(SupportCase.Type.choices).get(k, k)}", n]
                    for k, n in sorted(units.cases_by_type.items())
                ],
                *[
                    [f"پرونده‌های طلبکار {dict(SupportCase.Creditor.choices).get(k, k)}", n]
                    for k, n in sorted(units.cases_by_creditor.items())
                ],
                *[
                    [f"پرونده‌های {dict(SupportCase.Status.choices).get(k, k)}", n]
                    for k, n in sorted(units.cases_by_status.items())
                ],
                *[
                    [
                        f"اشتغال واحدهای {KINDS.get(r['kind'], r['kind'])} تازه ({r['product']})",
                        r["jobs"],
                    ]
                    for r in units.launches
                ],
            ],
        },
        _outcomes_sheet(report),
        *obstacle_rows(report),
        *relief_rows(report),
        referral_rows(report),
    ]
