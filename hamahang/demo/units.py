"""Demo production units and support cases (the seed's first half of 1399, and today).

In 1399/01/01–06/31: 15 stagnant industrial units revived with 132 jobs, 11 industrial and
15 workshop mask units launched, bank-seized units returned to production, and COVID-hit
units asking for deferrals and postponements from all six creditors (some decided in the
Facilitation HQ's meetings by the meetings demo).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import current_version
from hamahang.core.identifiers import complete_legal_id
from hamahang.core.jalali import jalali_to_gregorian
from hamahang.demo.moments import at
from hamahang.demo.obstacle import case_obstacle
from hamahang.demo.texts import UNITS
from hamahang.organizations.models import Agency, County
from hamahang.units import services
from hamahang.units.models import SupportCase

ESTATES = [
    ("شکوهیه", "قم"),
    ("محمودآباد", "قم"),
    ("سلفچگان", "قم"),
    ("قنوات", "قم"),
    ("ناحیه صنعتی کهک", "کهک"),
    ("ناحیه صنعتی جعفرآباد", "جعفرآباد"),
]
REVIVAL_JOBS = [12, 8, 10, 6, 9, 11, 7, 14, 5, 8, 10, 9, 6, 9, 8]  # 132
PRODUCTS = [
    "قطعات فلزی",
    "مصالح ساختمانی",
    "مواد غذایی",
    "پوشاک",
    "لوازم خانگی",
    "بسته‌بندی",
    "مبلمان",
    "مواد شوینده",
    "قطعات پلاستیکی",
    "فرش ماشینی",
]
CREDITOR_AGENCY = {
    "tax": "امور مالیاتی",
    "social_security": "تأمین اجتماعی",
    "electricity": "برق",
    "gas": "گاز",
    "water": "آب منطقه‌ای",
    "municipality": "شهرداری",
}


class UnitFactory:
    def __init__(self, secretary: User):
        self.secretary = secretary
        self.serial = 0
        self.counties = {c.name: c for c in County.objects.filter(province__code="qom")}
        self.estates = [
            services.estate_ensure(county=self.counties[county], name=name)
            for name, county in ESTATES
        ]

    def fields(self, name: str, kind: str, activity: str, **extra) -> dict:
        self.serial += 1
        estate = self.estates[self.serial % len(self.estates)]
        return {
            "name": name,
            "legal_id": complete_legal_id(f"1410{self.serial:06d}"),
            "kind": kind,
            "activity": activity,
            "county": estate.county,
            "estate": estate,
            "isic": "1410",
            "capacity": f"{to_persian_digits(self.serial * 50)} تن در سال",
            "utilisation": 40 + (self.serial * 7) % 50,
            "contact_name": "مدیرعامل",
            "phone": f"025-3{self.serial:07d}",
            **extra,
        }


def load_units(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    rng = random.Random(132)
    secretary = User.objects.get(username="dabir")
    agencies = {a.short_name: a for a in Agency.objects.filter(province__code="qom")}
    banks = [a for a in agencies.values() if a.kind == Agency.Kind.BANK]
    factory = UnitFactory(secretary)
    names = iter(
        f"{base} {suffix}"
        for suffix in ["", "(شعبه ۲)", "نوین", "پارس", "کویر", "البرز"]
        for base in UNITS
    )

    # 15 stagnant industrial units revived in the seed half-year, with 132 jobs.
    for index, jobs in enumerate(REVIVAL_JOBS):
        registered = jalali_to_gregorian(1397, 6, 1)
        with clock.frozen(at(registered, 9)):
            unit = services.unit_register(
                acting_user=secretary,
                registered_on=registered,
                status="active",
                jobs=jobs + 5,
                **factory.fields(
                    next(names).strip(), "industrial", PRODUCTS[index % len(PRODUCTS)]
                ),
            )
        stagnant = jalali_to_gregorian(1398, 3 + index % 8, 10)
        with clock.frozen(at(stagnant, 10)):
            services.unit_record_status(
                unit=unit,
                to_status="stagnant",
                on_date=stagnant,
                jobs_after=0,
                cause=rng.choice(["liquidity", "market", "raw_materials", "partners"]),
                acting_user=secretary,
            )
        revived = jalali_to_gregorian(1399, 2 + index % 5, 5 + index)
        with clock.frozen(at(revived, 10)):
            services.unit_record_status(
                unit=unit,
                to_status="active",
                on_date=revived,
                jobs_after=jobs,
                cause="support",
                note="احیا با حمایت ستاد تسهیل و تسهیلات رونق تولید",
                acting_user=secretary,
            )

    # Mask producers launched: 11 industrial, 15 workshop.
    for index in range(26):
        kind = "industrial" if index < 11 else "workshop"
        launched = jalali_to_gregorian(1399, 1 + index % 5, 10 + index % 18)
        product = "ماسک سه‌لایه" if index % 3 else "ماسک N95"
        label = "تولید ماسک" if kind == "industrial" else "کارگاه دوخت ماسک"
        with clock.frozen(at(launched, 9)):
            services.unit_launch(
                acting_user=secretary,
                launched_on=launched,
                product=product,
                jobs=rng.randint(12, 40) if kind == "industrial" else rng.randint(4, 12),
                **factory.fields(
                    f"{label} {to_persian_digits(f'{index + 1:02d}')} قم",
                    kind,
                    product,
                    covid_affected=True,
                ),
            )

    # Bank-seized units returned to production (semi-active → active: not a revival).
    for index in range(4):
        registered = jalali_to_gregorian(1398, 1, 15)
        with clock.frozen(at(registered, 9)):
            unit = services.unit_register(
                acting_user=secretary,
                registered_on=registered,
                status="semi_active",
                jobs=6,
                **factory.fields(
                    f"واحد تملیکی {next(names).strip()}",
                    "industrial",
                    PRODUCTS[index],
                    ownership="bank_seized",
                ),
            )
            case = services.case_create(
                unit=unit,
                type="seized_unit_return",
                **case_obstacle("seized_unit_return", "bank"),
                received_on=registered,
                description="واگذاری واحد تملیکی به سرمایه‌گذار جدید و بازگشت به چرخه تولید",
                creditor="bank",
                creditor_agency=banks[index],
                acting_user=secretary,
            )
        returned = jalali_to_gregorian(1399, 3 + index, 12)
        with clock.frozen(at(returned, 11)):
            services.unit_update(
                unit=unit, version=current_version(unit), acting_user=secretary, ownership="private"
            )
            services.unit_record_status(
                unit=unit,
                to_status="active",
                on_date=returned,
                jobs_after=18 + index * 4,
                cause="support",
                note="واگذاری به بخش خصوصی و بازگشت به تولید",
                acting_user=secretary,
            )
            services.case_transition(case=case, to_status="under_review", acting_user=secretary)

    # COVID-hit units asking for help from every creditor (1399), decided later in meetings.
    creditors = ["tax", "social_security", "electricity", "gas", "water", "municipality"]
    for index in range(24):
        received = jalali_to_gregorian(1399, 1 + index % 5, 3 + index)
        creditor = creditors[index % 6] if index % 4 else "bank"
        if creditor == "bank":
            case_type, agency = "deferral", banks[index % len(banks)]
        elif creditor in {"electricity", "gas", "water"}:
            case_type, agency = "no_utility_cutoff", agencies[CREDITOR_AGENCY[creditor]]
        else:
            case_type, agency = "enforcement_postponement", agencies[CREDITOR_AGENCY[creditor]]
        with clock.frozen(at(received - dt.timedelta(days=30), 9)):
            unit = services.unit_register(
                acting_user=secretary,
                registered_on=received - dt.timedelta(days=30),
                status="semi_active",
                jobs=rng.randint(10, 80),
                **factory.fields(
                    next(names).strip(),
                    "industrial",
                    PRODUCTS[index % len(PRODUCTS)],
                    covid_affected=True,
                ),
            )
        with clock.frozen(at(received, 10)):
            services.case_create(
                unit=unit,
                type=case_type,
                **case_obstacle(case_type, creditor),
                creditor=creditor,
                creditor_agency=agency,
                amount=Decimal(rng.randint(2, 60)) * Decimal(10) ** 9,
                received_on=received,
                description=f"واحد به دلیل کاهش فروش در دوران کرونا توان پرداخت بدهی به {agency} "
                "را ندارد و درخواست مهلت دارد.",
                acting_user=secretary,
            )

    # This year: requests waiting for the secretariat and the next meeting.
    for index in range(10):
        received = today - dt.timedelta(days=40 - index * 3)
        creditor = creditors[index % 6]
        agency = agencies[CREDITOR_AGENCY[creditor]]
        with clock.frozen(at(received - dt.timedelta(days=5), 9)):
            unit = services.unit_register(
                acting_user=secretary,
                registered_on=received - dt.timedelta(days=5),
                status=rng.choice(["active", "semi_active"]),
                jobs=rng.randint(8, 60),
                **factory.fields(
                    next(names).strip(), "industrial", PRODUCTS[index % len(PRODUCTS)]
                ),
            )
        with clock.frozen(at(received, 10)):
            case = services.case_create(
                unit=unit,
                type="enforcement_postponement"
                if creditor in {"tax", "social_security", "municipality"}
                else "no_utility_cutoff",
                **case_obstacle("", creditor),
                creditor=creditor,
                creditor_agency=agency,
                amount=Decimal(rng.randint(1, 30)) * Decimal(10) ** 9,
                received_on=received,
                description=f"درخواست مهلت برای پرداخت بدهی به {agency} به دلیل کمبود نقدینگی.",
                acting_user=secretary,
            )
            if index % 2:
                services.case_transition(case=case, to_status="under_review", acting_user=secretary)
    # One stagnant unit waiting for revival support today.
    with clock.frozen(at(today - dt.timedelta(days=90), 9)):
        unit = services.unit_register(
            acting_user=secretary,
            registered_on=today - dt.timedelta(days=90),
            status="stagnant",
            jobs=0,
            **factory.fields("شرکت ریسندگی کویر قم", "industrial", "نخ پنبه‌ای"),
        )
    with clock.frozen(at(today - dt.timedelta(days=20), 9)):
        services.case_create(
            unit=unit,
            type="revival",
            **case_obstacle("revival"),
            received_on=today - dt.timedelta(days=20),
            description="احیای واحد راکد با تأمین سرمایه در گردش و تعمیر ماشین‌آلات",
            acting_user=secretary,
        )


def pending_case(case_type: str, before: dt.date) -> SupportCase | None:
    """The oldest case of a type waiting for a meeting before a day (for the meetings demo)."""
    return (
        SupportCase.objects.filter(
            type=case_type,
            status__in=[SupportCase.Status.RECEIVED, SupportCase.Status.UNDER_REVIEW],
            received_on__lt=before,
        )
        .select_related("unit", "creditor_agency")
        .order_by("received_on", "pk")
        .first()
    )
