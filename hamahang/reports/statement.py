"""The press statement: a Persian narrative in the register of the seed article, generated from
a `Report`. A sentence whose figure is zero is left out; amounts and counts are written as
officials do. The speaker is named with title and office at first mention and is «وی» after;
the connectives («وی افزود», «وی ادامه داد», …) follow the order of the paragraphs that are
there, so no statement opens with «همچنین» or quotes a «وی» nobody has named."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import MONTH_NAMES, Period, days_in_month, to_jalali
from hamahang.core.numbers import official_amount, official_count, ordinal_words
from hamahang.organizations.models import Committee
from hamahang.projects.currencies import currency_name
from hamahang.projects.models import Sector
from hamahang.reports.engine import CommitteeFigures, Report
from hamahang.units.models import SupportCase

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
# After the first paragraph, each quoted paragraph opens with the next of these.
_CONNECTIVES = (
    "وی افزود:",
    "وی همچنین گفت:",
    "وی ادامه داد:",
    "وی بیان کرد:",
    "به گفته وی،",
    "وی یادآور شد:",
    "وی خاطرنشان کرد:",
)

# One to nine in words, larger counts in digits, a thousand and more by scales (core.numbers).
count_words = official_count


def join_persian(items: list[str], last: str = " و ") -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return "، ".join(items[:-1]) + last + items[-1]


def speaker_phrase() -> str:
    """The speaker at first mention, from the settings: «عزیزالله قربانی، مدیرکل دفتر …،» or,
    without a name, the title and office alone («مدیرکل دفتر هماهنگی امور اقتصادی …»)."""
    office = getattr(settings, "HAMAHANG_OFFICE_NAME", "")
    title = getattr(settings, "HAMAHANG_SPEAKER_TITLE", "") or f"مدیرکل {office}"
    name = getattr(settings, "HAMAHANG_SPEAKER_NAME", "")
    return f"{name}، {title}،" if name else title


def period_phrase(report_or_period: Report | Period) -> str:
    """The period as an adverbial phrase: «در سال ۱۳۹۹», «از ابتدای سال ۱۳۹۹ تا پایان
    شهریورماه», «از ابتدای سال ۱۴۰۴ تا ۵ شهریور ۱۴۰۴» (an end inside a month is said exactly;
    a month's real length, Esfand of leap years included, decides), «در مهرماه ۱۴۰۴»,
    «از ۱۰ تیر ۱۴۰۴ تا ۵ شهریور ۱۴۰۴»."""
    period = getattr(report_or_period, "period", report_or_period)
    start, end = to_jalali(period.start), to_jalali(period.end)
    year = to_persian_digits(start.year)
    starts_month = start.day == 1
    ends_month = end.day == days_in_month(end.year, end.month)
    one_year = start.year == end.year
    from_year_start = starts_month and start.month == 1 and one_year
    if from_year_start and ends_month and end.month == 12:
        return f"در سال {year}"
    if start == end:
        return f"در {_long(start)}"
    if starts_month and ends_month and one_year:
        if start.month == end.month:
            return f"در {_month(end.month)}ماه {year}"
        if from_year_start:
            return f"از ابتدای سال {year} تا پایان {_month(end.month)}ماه"
        return f"از ابتدای {_month(start.month)} تا پایان {_month(end.month)}ماه {year}"
    if from_year_start:
        return f"از ابتدای سال {year} تا {_long(end)}"
    return f"از {_long(start)} تا {_long(end)}"


def _month(number: int) -> str:
    return MONTH_NAMES[number - 1]


def _long(day) -> str:
    return f"{to_persian_digits(day.day)} {_month(day.month)} {to_persian_digits(day.year)}"


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


def _committee_words(committee: CommitteeFigures) -> str:
    """A provincial HQ by its kind, as the seed says it; a county's group by its own name."""
    if committee.county:
        return committee.name
    return _COMMITTEE_WORDS.get(committee.kind, committee.name)


def _held_phrase(committee: CommitteeFigures) -> str:
    """«۲۴ جلسه ستاد تسهیل … با ۱۶۵ مصوبه»; a single meeting is named by its ordinal:
    «دویست و بیست و هفتمین جلسه ستاد تسهیل … با پنج مصوبه»."""
    name = _committee_words(committee)
    if committee.meetings == 1 and committee.last_meeting_number:
        held = f"{ordinal_words(committee.last_meeting_number)} جلسه {name}"
    else:
        held = f"{count_words(committee.meetings)} جلسه {name}"
    if committee.resolutions:
        held += f" با {count_words(committee.resolutions)} مصوبه"
    return held


def _area(report: Report) -> str:
    """Where the figures belong, as «اقتصاد …» and «دستگاه‌های اجرایی …» end: «استان» as the
    seed says it for a province, «شهرستان کاشان», «کشور», or the committee's own area."""
    scope = report.scope
    if scope.committee_id:
        committee = next((c for c in report.meetings if c.committee_id == scope.committee_id), None)
        if committee and committee.county:
            return f"شهرستان {committee.county}"
        return f"استان {committee.province}" if committee else "استان"
    if scope.county_id:
        return report.scope_phrase
    return "استان" if scope.province_id else "کشور"


def _meetings_paragraph(report: Report, held: list[CommitteeFigures], when: str) -> str:
    scope = report.scope
    if scope.province_id is None:
        # The country: each province's HQs under its own name, never as if one «استان».
        groups = [
            f"در استان {province} "
            + join_persian([_held_phrase(c) for c in committees], " و همچنین ")
            for province, committees in groupby(held, key=lambda c: c.province)
        ]
        sentence = f"برای پیشبرد اهداف اقتصادی کشور {when}، {'؛ '.join(groups)} تشکیل شده است."
    elif scope.committee_id:
        sentence = f"{when}، {join_persian([_held_phrase(c) for c in held])} تشکیل شده است."
    else:
        # A county's report still counts its province's HQs (the report says so): name the
        # province as theirs, and the county as the statement's own scope.
        area = (
            f"استان {held[0].province}، از جمله {report.scope_phrase}،"
            if scope.county_id
            else report.scope_phrase
        )
        phrases = join_persian([_held_phrase(c) for c in held], " و همچنین ")
        sentence = f"برای پیشبرد اهداف اقتصادی {area} {when}، {phrases} تشکیل شده است."
    resolutions = sum(c.resolutions for c in held)
    still_open = report.open_resolutions
    if resolutions and still_open:
        these = "این جلسه" if sum(c.meetings for c in held) == 1 else "این جلسه‌ها"
        sentence += (
            f" از {count_words(resolutions)} مصوبه {these}، {count_words(still_open)} مصوبه "
            "هنوز در دست اجراست."
        )
    return sentence


def _working_group(report: Report) -> str:
    """Whose actions the relief and the revivals are: the committee reported on, else the
    facilitation working group (each province's, at the country's scope)."""
    if report.scope.committee_id:
        return report.scope_phrase
    if report.scope.province_id is None:
        return "کارگروه‌های تسهیل و رفع موانع تولید استان‌ها"
    return "کارگروه تسهیل و رفع موانع تولید"


def _outcomes_sentence(report: Report, group: str, span: str) -> str:
    """«… به حفظ اشتغال ۵۵ هزار نفر و ایجاد اشتغال برای ۲ هزار و ۵۰۰ نفر انجامیده است.», or
    "" when no outcome is recorded (never a sentence of zeros)."""
    totals = (report.outcomes or {}).get("totals") or {}
    parts = []
    if totals.get("jobs_kept"):
        parts.append(f"حفظ اشتغال {count_words(totals['jobs_kept'])} نفر")
    if totals.get("jobs_created"):
        parts.append(f"ایجاد اشتغال برای {count_words(totals['jobs_created'])} نفر")
    # Units revived and launched are stated from the units' own events (the paragraph
    # before); outcomes add the people and the money.
    money = totals.get("money_released") or {}
    amounts = [
        official_amount(money[code], code)
        for code in sorted(money, key=lambda code: (code != "IRR", code))
        if money[code]
    ]
    if amounts:
        parts.append(f"آزادسازی {join_persian(amounts)} منابع")
    if not parts:
        return ""
    return f"پیگیری مصوبه‌ها و پرونده‌های {group} {span} به {join_persian(parts)} انجامیده است."


def build_statement(report: Report, *, speaker: str | None = None) -> str:
    """The statement's paragraphs, blank-line separated. `speaker` overrides the first
    mention built from the settings (HAMAHANG_SPEAKER_NAME, HAMAHANG_SPEAKER_TITLE)."""
    speaker = speaker or speaker_phrase()
    when = period_phrase(report)
    said: list[str] = []  # what the speaker says, one paragraph each, without its opening
    projects = report.projects
    scope = report.scope

    if projects.sent:
        sectors = _sectors([g.key for g in projects.sent_by_sector])
        which = f" مرتبط با مصوبه‌های {report.scope_phrase}" if scope.committee_id else ""
        origin = (
            " از استان‌ها"
            if scope.province_id is None
            else (f" از {report.scope_phrase}" if scope.county_id else "")
        )
        said.append(
            f"{when}، {count_words(projects.sent)} طرح{origin}{which} در حوزه‌های {sectors} "
            "به دبیرخانه ستاد اقتصاد مقاومتی کشور ارسال شده است."
        )
        lead = projects.lead_owner
        if lead and lead.projects:
            has_contracts = any(
                row["status"] in {"referred", "appraisal", "approved", "signed"}
                for row in projects.contracts
            )
            banks = "بانک‌های کشور" if scope.province_id is None else "بانک‌های استان"
            contract_note = (
                f" که قراردادهای عاملیت اجرای آن‌ها توسط {banks} در دست اقدام است"
                if has_contracts
                else ""
            )
            said.append(
                f"{count_words(lead.projects)} مورد از طرح‌های یادشده مربوط به "
                f"{lead.name} است{contract_note}."
            )
            money = _money_phrase(lead.money)
            if money:
                jobs = (
                    f" که موجب ایجاد اشتغال برای {count_words(lead.jobs_planned)} تن می‌شود"
                    if lead.jobs_planned
                    else ""
                )
                said.append(
                    f"درمجموع برای این {count_words(lead.projects)} طرح در "
                    f"{count_words(len(lead.sectors))} بخش {_sectors(lead.sectors)}، "
                    f"{join_persian(money)} انجام شده است{jobs}."
                )

    held = [c for c in report.meetings if c.meetings]
    if held:
        said.append(_meetings_paragraph(report, held, when))

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
    group = _working_group(report)
    if relief:
        creditors = [
            _CREDITOR_WORDS[c] for c in _CREDITOR_WORDS if report.units.cases_by_creditor.get(c)
        ]
        enforcement = f" و تعویق اجراییه‌های {join_persian(creditors)}" if creditors else ""
        # A county's cases are its own: say where, or they read as the province's.
        where = f"در {report.scope_phrase}، " if scope.county_id and not scope.committee_id else ""
        said.append(
            f"{where}پیگیری {count_words(relief)} درخواست امهال تسهیلات{enforcement} به‌منظور "
            f"جلوگیری از اختلال در روند تولید و اشتغال، از جمله اقدام‌های {group} "
            f"{when if not said else 'در این مدت'} بوده است."
        )

    actions = []
    units = report.units
    if cases.get(SupportCase.Type.SEIZED_UNIT_RETURN):
        actions.append("پیگیری برای بازگشت واحدهای تملیکی به چرخه تولید")
    if units.revived_units:
        actions.append(
            f"احیای {count_words(units.revived_units)} واحد صنعتی راکد با اشتغال "
            f"{count_words(units.revived_jobs)} تن"
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
        other = "از دیگر اقدامات" if relief else "از اقدامات"
        opening = "" if said else f"{when}، "
        said.append(
            f"{opening}{join_persian(actions)} {other} {group} برای توسعه هرچه بیشتر "
            f"اقتصاد {_area(report)} است."
        )

    outcomes = _outcomes_sentence(report, group, when if not said else "در این مدت")
    if outcomes:
        said.append(outcomes)

    due = sum(a.due for a in report.accountability)
    if due:
        on_time = sum(a.done_on_time for a in report.accountability)
        late = sum(a.done_late for a in report.accountability)
        not_done = sum(a.not_done for a in report.accountability)
        still_open = sum(a.open for a in report.accountability)
        # Every assignment due is accounted for: done (on time or late), declared not done
        # or not feasible, or still open (cancelled ones are not counted as due at all).
        done = [f"{count_words(on_time)} مورد به‌موقع"] if on_time else []
        if late:
            done.append(f"{count_words(late)} مورد با تأخیر")
        clauses = [f"{join_persian(done)} اجرا شده"] if done else []
        if not_done:
            clauses.append(f"{count_words(not_done)} مورد اجرا نشده یا منتفی اعلام شده")
        if still_open:
            clauses.append(f"{count_words(still_open)} مورد در دست پیگیری")
        span = "در این دوره" if said else when
        if report.period.end > report.as_of >= report.period.start:
            # A period still running: only deadlines up to the report's day count as due.
            span = f"{span} تا {_long(to_jalali(report.as_of))}"
        if clauses:
            said.append(
                f"از {count_words(due)} تکلیفی که مهلت اجرای آن {span} بود، "
                f"{join_persian(clauses)} است."
            )
        else:
            said.append(f"{count_words(due)} تکلیف مهلت اجرا {span} داشته است.")

    if held:
        if scope.province_id is None:
            agencies = "دستگاه‌های اجرایی استان‌ها"
        elif scope.county_id:  # the HQs that met are the province's
            agencies = f"دستگاه‌های اجرایی استان {held[0].province}"
        else:
            agencies = f"دستگاه‌های اجرایی {_area(report)}"
        committees = "این ستاد" if scope.committee_id else "ستادها"
        said.append(
            "برای حمایت از تولیدکنندگان و سرمایه‌گذاران، روند برگزاری جلسه‌های "
            f"{committees} بر اساس دستورالعمل‌های مشخص دنبال و فرآیند اجرای مصوبه‌های آن با "
            f"مشارکت {agencies} به جد پیگیری می‌شود."
        )

    if not said:
        paragraphs = [
            f"{speaker} گفت: {when}، در {report.scope_phrase} رقمی برای گزارش ثبت نشده است."
        ]
    else:
        paragraphs = [f"{speaker} گفت: {said[0]}"]
        for index, paragraph in enumerate(said[1:]):
            paragraphs.append(f"{_CONNECTIVES[index % len(_CONNECTIVES)]} {paragraph}")
    if report.wide_note:
        paragraphs.append(report.wide_note)
    return "\n\n".join(paragraphs)


__all__ = ["build_statement", "count_words", "currency_name", "period_phrase", "speaker_phrase"]
