"""Demo projects: the seed's production-leap portfolio of 1399 and this year's projects.

The 24 projects of the Deputy for Economic Affairs Coordination carry exactly 9,355 billion
rials and 9.6 million dollars of investment and 2,279 planned jobs (direct + indirect); with
3 projects of other owners, 27 were sent to the national secretariat on 1399/05/20.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import current_version
from hamahang.core.jalali import jalali_to_gregorian, jalali_year
from hamahang.demo.moments import at
from hamahang.organizations.models import Agency, County
from hamahang.projects import services
from hamahang.projects.models import ExchangeRate, Programme, Project, SubmissionItem

BILLION = Decimal(10) ** 9

# (title, sector, sub-sector, rial billions, usd, direct jobs)
DEPUTY_PROJECTS = [
    ("احداث هتل چهارستاره پردیسان", "tourism", "هتلداری", 620, 1_800_000, 85),
    ("مجتمع اقامتی و پذیرایی بین‌راهی کهک", "tourism", "اقامتگاه بین‌راهی", 415, 0, 60),
    ("اقامتگاه بوم‌گردی روستای وشنوه", "tourism", "بوم‌گردی", 380, 0, 48),
    ("مجموعه گردشگری حاشیه دریاچه نمک", "tourism", "گردشگری طبیعی", 275, 0, 40),
    ("هتل آپارتمان زائر در بلوار پیامبر اعظم", "tourism", "هتلداری", 510, 1_350_000, 72),
    ("مرکز صنایع دستی و بازارچه گردشگری", "tourism", "صنایع دستی", 190, 0, 25),
    ("پارک آبی و تفریحی جعفرآباد", "tourism", "تفریحی", 335, 0, 44),
    ("مجتمع فرهنگی و گردشگری کوه خضر", "tourism", "گردشگری مذهبی", 260, 0, 35),
    ("کارخانه تولید کاشی و سرامیک دیواری", "industry", "کانی غیرفلزی", 870, 3_200_000, 150),
    ("توسعه خط تولید لوازم خانگی", "industry", "لوازم خانگی", 540, 0, 95),
    ("واحد تولید ماسک و لوازم بهداشتی یک‌بارمصرف", "industry", "بهداشتی", 455, 0, 80),
    ("تولید قطعات خودرو با فناوری تزریق آلومینیوم", "industry", "قطعات خودرو", 390, 0, 62),
    ("کارخانه تولید داروهای گیاهی", "industry", "دارویی", 720, 2_500_000, 130),
    ("تولید ورق‌های پلاستیکی چندلایه", "industry", "پلیمر", 310, 0, 55),
    ("واحد تولید پوشاک بیمارستانی", "industry", "نساجی و پوشاک", 265, 0, 45),
    ("توسعه کارخانه لبنیات", "industry", "صنایع غذایی", 480, 0, 88),
    ("تولید کابل و سیم‌های مسی", "industry", "برق و الکترونیک", 605, 750_000, 110),
    ("کارخانه بسته‌بندی مقوایی", "industry", "سلولزی", 330, 0, 50),
    ("گلخانه هیدروپونیک ده‌هکتاری", "agriculture", "گلخانه", 280, 0, 70),
    ("مجتمع پرورش ماهی در آب شور", "agriculture", "آبزی‌پروری", 215, 0, 45),
    ("صنایع تبدیلی و بسته‌بندی پسته", "agriculture", "صنایع تبدیلی", 345, 0, 65),
    ("دامداری صنعتی شیری ۵۰۰ راسی", "agriculture", "دامپروری", 190, 0, 38),
    ("سردخانه و انبار محصولات کشاورزی", "agriculture", "انبارداری", 235, 0, 52),
    ("اصلاح شبکه آبیاری تحت فشار کهک", "agriculture", "آب و خاک", 140, 0, 30),
]
TOTAL_JOBS = 2279

# (title, sector, sub-sector, owner short name, rial billions, direct, indirect)
OTHER_PROJECTS = [
    ("تکمیل راه دسترسی شهرک صنعتی سلفچگان", "infrastructure", "راه", "راه و شهرسازی", 1200, 40, 20),
    ("مرکز خدمات لجستیک و باراندازی", "services", "لجستیک", "تعاون، کار و رفاه", 350, 60, 25),
    ("فرآوری سنگ‌های تزئینی", "industry", "معدن", "صمت", 480, 70, 30),
]

CURRENT_YEAR = [
    ("توسعه شهرک فناوری سلامت", "industry", "سلامت", 1450, 0, 120, "in_progress", 35),
    (
        "احداث نیروگاه خورشیدی ۱۰ مگاواتی",
        "infrastructure",
        "انرژی",
        2100,
        1_200_000,
        45,
        "approved",
        0,
    ),
    ("مجتمع گلخانه‌ای صادرات‌محور", "agriculture", "گلخانه", 620, 0, 90, "in_progress", 55),
    ("هتل سنتی بافت تاریخی", "tourism", "هتلداری", 380, 0, 35, "identified", 0),
    ("مرکز نوآوری و شتاب‌دهی کسب‌وکار", "services", "فناوری", 150, 0, 40, "completed", 100),
    ("کارخانه بازیافت پسماند صنعتی", "industry", "محیط زیست", 910, 450_000, 75, "suspended", 20),
]


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`parts` whole numbers adding up exactly to `total`."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


def load_projects(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    rng = random.Random(2279)
    secretary = User.objects.get(username="dabir")
    agencies = {a.short_name: a for a in Agency.objects.filter(province__code="qom")}
    counties = list(County.objects.filter(province__code="qom").order_by("name"))
    banks = [a for a in agencies.values() if a.kind == Agency.Kind.BANK]
    leap, resistance = (
        Programme.objects.get_or_create(code="leap-1399", defaults={"name": "جهش تولید ۱۳۹۹"})[0],
        Programme.objects.get_or_create(code="resistance", defaults={"name": "اقتصاد مقاومتی"})[0],
    )
    registered = jalali_to_gregorian(1399, 3, 10)
    deputy = agencies["معاونت اقتصادی"]

    indirect = [round(row[5] * 0.45) for row in DEPUTY_PROJECTS]
    indirect[-1] += TOTAL_JOBS - sum(row[5] for row in DEPUTY_PROJECTS) - sum(indirect)

    sent = []
    for index, (title, sector, sub, billions, usd, direct) in enumerate(DEPUTY_PROJECTS):
        day = registered + dt.timedelta(days=index)
        with clock.frozen(at(day, 9)):
            project = services.project_create(
                acting_user=secretary,
                code=f"JT99-{index + 1:03d}",
                title=title,
                sector=sector,
                sub_sector=sub,
                county=counties[index % len(counties)],
                owner=deputy,
                executor=f"شرکت {sub} {['پارس', 'کویر', 'البرز', 'نگین'][index % 4]} قم",
                programmes=[leap, resistance] if index % 3 == 0 else [leap],
                status="approved",
                start_date=jalali_to_gregorian(1399, 4, 1),
                planned_end_date=jalali_to_gregorian(1401, 12, 29),
                jobs_direct=direct,
                jobs_indirect=indirect[index],
            )
            own, bank_part = _split(rng, billions, 2) if billions > 2 else (billions, 0)
            services.investment_add(
                project=project,
                amount=Decimal(own) * BILLION,
                currency="IRR",
                value_date=day,
                source="own_equity",
                acting_user=secretary,
            )
            if bank_part:
                services.investment_add(
                    project=project,
                    amount=Decimal(bank_part) * BILLION,
                    currency="IRR",
                    value_date=day,
                    source="bank_facility",
                    acting_user=secretary,
                )
            if usd:
                services.investment_add(
                    project=project,
                    amount=Decimal(usd),
                    currency="USD",
                    value_date=day,
                    source="foreign",
                    acting_user=secretary,
                )
        _contract(
            project,
            banks[index % len(banks)],
            Decimal(bank_part or own) * BILLION,
            day,
            rng,
            secretary,
        )
        sent.append(project)

    for index, (title, sector, sub, owner, billions, direct, indirect_jobs) in enumerate(
        OTHER_PROJECTS
    ):
        day = registered + dt.timedelta(days=30 + index)
        with clock.frozen(at(day, 9)):
            project = services.project_create(
                acting_user=secretary,
                code=f"JT99-{25 + index:03d}",
                title=title,
                sector=sector,
                sub_sector=sub,
                county=counties[index % len(counties)],
                owner=agencies[owner],
                programmes=[leap],
                status="approved",
                jobs_direct=direct,
                jobs_indirect=indirect_jobs,
                start_date=jalali_to_gregorian(1399, 5, 1),
                planned_end_date=jalali_to_gregorian(1402, 6, 31),
            )
            services.investment_add(
                project=project,
                amount=Decimal(billions) * BILLION,
                currency="IRR",
                value_date=day,
                source="government",
                acting_user=secretary,
            )
        sent.append(project)

    letter_day = jalali_to_gregorian(1399, 5, 20)
    with clock.frozen(at(letter_day, 11)):
        batch = services.submission_create(
            title="طرح‌های جهش تولید استان قم در سال ۱۳۹۹",
            projects=sent,
            acting_user=secretary,
        )
        services.submission_send(
            submission=batch,
            acting_user=secretary,
            letter_number="۱۲۴۵۸/۹۹",
            letter_date=letter_day,
        )
    answer_day = jalali_to_gregorian(1399, 7, 12)
    with clock.frozen(at(answer_day, 10)):
        for position, item in enumerate(
            SubmissionItem.objects.filter(submission=batch).order_by("project__code")
        ):
            returned = position in (9, 25)
            services.submission_record_outcome(
                item=item,
                outcome="returned" if returned else "accepted",
                reason="مطالعات توجیهی طرح کامل نیست." if returned else "",
                on_date=answer_day,
                acting_user=secretary,
            )
    # Some of the portfolio moved on since 1399.
    for project in sent[::4]:
        with clock.frozen(at(jalali_to_gregorian(1400, 2, 1), 10)):
            services.project_transition(
                project=project,
                to_status="in_progress",
                on_date=jalali_to_gregorian(1400, 2, 1),
                acting_user=secretary,
            )
            services.project_update(
                project=project,
                version=current_version(project),
                acting_user=secretary,
                physical_progress=rng.choice([25, 40, 60, 75]),
                jobs_realised=project.jobs_direct // 2,
            )

    _current_year(today, secretary, agencies, counties, banks, resistance, rng)
    ExchangeRate.objects.get_or_create(
        from_currency="USD",
        to_currency="IRR",
        date=letter_day,
        source="داده نمایشی",
        defaults={"rate": Decimal("220000")},
    )
    ExchangeRate.objects.get_or_create(
        from_currency="USD",
        to_currency="IRR",
        date=today - dt.timedelta(days=1),
        source="داده نمایشی",
        defaults={"rate": Decimal("1050000")},
    )


def _contract(project, bank, amount, day, rng, secretary):
    with clock.frozen(at(day + dt.timedelta(days=20), 10)):
        contract = services.contract_create(
            project=project,
            bank=bank,
            facility_amount=amount,
            currency="IRR",
            on_date=day + dt.timedelta(days=20),
            acting_user=secretary,
        )
    steps = rng.choice(
        [
            ["appraisal"],
            ["appraisal", "approved"],
            ["appraisal"],
            [],
            ["appraisal", "approved", "signed"],
        ]
    )
    current = day + dt.timedelta(days=20)
    for step in steps:
        current += dt.timedelta(days=rng.randint(15, 40))
        with clock.frozen(at(current, 12)):
            contract = services.contract_advance(
                contract=contract,
                to_status=step,
                on_date=current,
                acting_user=secretary,
                contract_number=f"ع-{project.code}" if step == "signed" else "",
                version=contract.version,
            )
    return contract


def _current_year(today, secretary, agencies, counties, banks, programme, rng):
    year = jalali_year(today)
    start = max(jalali_to_gregorian(year, 1, 20), today - dt.timedelta(days=200))
    projects = []
    for index, (title, sector, sub, billions, usd, direct, status, progress) in enumerate(
        CURRENT_YEAR
    ):
        day = min(start + dt.timedelta(days=index * 12), today - dt.timedelta(days=5))
        with clock.frozen(at(day, 9)):
            project = services.project_create(
                acting_user=secretary,
                code=f"P{year % 100:02d}-{index + 1:03d}",
                title=title,
                sector=sector,
                sub_sector=sub,
                county=counties[index % len(counties)],
                owner=agencies["معاونت اقتصادی"] if index % 2 == 0 else agencies["صمت"],
                programmes=[programme],
                status="identified",
                start_date=day,
                planned_end_date=day + dt.timedelta(days=700),
                jobs_direct=direct,
                jobs_indirect=direct // 2,
            )
            services.investment_add(
                project=project,
                amount=Decimal(billions) * BILLION,
                currency="IRR",
                value_date=day,
                source="bank_facility",
                acting_user=secretary,
            )
            if usd:
                services.investment_add(
                    project=project,
                    amount=Decimal(usd),
                    currency="USD",
                    value_date=day,
                    source="foreign",
                    acting_user=secretary,
                )
        path = {
            "identified": [],
            "approved": ["approved"],
            "in_progress": ["approved", "in_progress"],
            "completed": ["approved", "in_progress", "completed"],
            "suspended": ["approved", "in_progress", "suspended"],
        }[status]
        for step_index, target in enumerate(path):
            when = day + dt.timedelta(days=3 + step_index * 10)
            with clock.frozen(at(when, 11)):
                services.project_transition(
                    project=project,
                    to_status=target,
                    on_date=when,
                    acting_user=secretary,
                    note="رکود بازار محصول" if target == "suspended" else "",
                )
        if progress and status != "completed":
            with clock.frozen(at(day + dt.timedelta(days=40), 10)):
                services.project_update(
                    project=project,
                    version=current_version(project),
                    acting_user=secretary,
                    physical_progress=progress,
                )
        _contract(
            project,
            banks[(index + 2) % len(banks)],
            Decimal(billions) * BILLION * 6 / 10,
            day,
            rng,
            secretary,
        )
        projects.append(project)
    with clock.frozen(at(today - dt.timedelta(days=2), 10)):
        services.submission_create(
            title=f"طرح‌های پیشنهادی سال {to_persian_digits(year)} (پیش‌نویس)",
            projects=list(
                Project.objects.filter(pk__in=[p.pk for p in projects])
                .exclude(status=Project.Status.IDENTIFIED)
                .order_by("code")[:3]
            ),
            acting_user=secretary,
        )
