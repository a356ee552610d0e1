"""Demo: the county working groups of Kahak and Jafarabad with their secretariats, a 1405
meeting each, and referrals between the tiers (issue 18): one county case referred up to the
national HQ and decided there, one returned to a county for more information, one referred
down from the province and answered by the county, one waiting, one overdue; and referrals
of 1399's national-referral resolutions, decided by the national secretariat, for the seed
report's `referrals` section. Everything goes through the services, deterministically."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import jalali_to_gregorian
from hamahang.demo.moments import at
from hamahang.meetings import services
from hamahang.meetings.models import Meeting, Resolution
from hamahang.meetings.notifications import notifications_suppressed
from hamahang.office import services as office_services
from hamahang.organizations.models import Agency, Committee, County
from hamahang.units import services as unit_services
from hamahang.units.models import ProductionUnit, SupportCase

# (user name, county): the county secretariats of DEMO_USERS.
COUNTY_SECRETARIATS = [("dabir-kahak", "کهک"), ("dabir-jafarabad", "جعفرآباد")]
GROUP_MEMBERS = ["صمت", "امور مالیاتی", "تأمین اجتماعی", "برق", "بانک ملی"]
SEED_START, SEED_END = jalali_to_gregorian(1399, 1, 1), jalali_to_gregorian(1399, 6, 31)


def assign_county_secretariats() -> None:
    """The county working groups of Kahak and Jafarabad (reference data of the demo: a file
    exported from the demo names them), and their secretariat users, who work for their own
    county only."""
    admin = User.objects.get(username="samaneh")
    agencies = {a.short_name: a for a in Agency.objects.filter(province__code="qom")}
    for username, name in COUNTY_SECRETARIATS:
        county = County.objects.get(province__code="qom", name=name)
        if not Committee.objects.filter(county=county).exists():
            _group(admin, county, agencies)
        user = User.objects.filter(username=username).first()
        if user is not None:
            user.county = county
            user.save(update_fields=["county"])


def _group(admin: User, county: County, agencies: dict[str, Agency]) -> Committee:
    return office_services.committee_save(
        acting_user=admin,
        spec=office_services.CommitteeSpec(
            name=f"کارگروه تسهیل و رفع موانع تولید شهرستان {county.name}",
            short_name=f"کارگروه تسهیل {county.name}",
            kind=Committee.Kind.OTHER,
            chair_title=f"فرماندار {county.name}",
            secretariat=agencies["دفتر امور اقتصادی"],
            members=[agencies[name] for name in GROUP_MEMBERS],
            county=county,
        ),
    )


def _meeting(group: Committee, secretary: User, day: dt.date, texts: list[str], agency) -> list:
    """A held meeting of a county group with its resolutions (each assigned to `agency`)."""
    with clock.frozen(at(day - dt.timedelta(days=7), 9)):
        meeting = services.meeting_create(
            committee=group,
            date=day,
            start_time=dt.time(9, 30),
            place=f"سالن جلسات فرمانداری {group.county.name}",
            acting_user=secretary,
        )
    resolutions = []
    with clock.frozen(at(day, 11)):
        services.meeting_transition(
            meeting=meeting, to_status=Meeting.Status.HELD, acting_user=secretary
        )
        for text, kind, case in texts:
            resolutions.append(
                services.resolution_create(
                    meeting=meeting,
                    text=text,
                    type=kind,
                    case=case,
                    assignments=[services.AssignmentSpec(agency, day + dt.timedelta(days=30))],
                    acting_user=secretary,
                )
            )
    return resolutions


def _case(unit: ProductionUnit, day: dt.date, dabir: User, bank: Agency, text: str, amount: int):
    with clock.frozen(at(day, 9)):
        return unit_services.case_create(
            unit=unit,
            type=SupportCase.Type.DEFERRAL,
            creditor=SupportCase.Creditor.BANK,
            creditor_agency=bank,
            description=text,
            received_on=day,
            amount=Decimal(amount),
            acting_user=dabir,
        )


def _unit_in(county: County) -> ProductionUnit:
    unit = ProductionUnit.objects.filter(county=county).order_by("pk").first()
    if unit is None:  # the demo's units are spread over the estates; one is made if none
        raise LookupError(f"no demo unit in {county}")
    return unit


def _send(user: User, day: dt.date, **fields):
    with clock.frozen(at(day, 10)):
        return services.referral_send(acting_user=user, sent_on=day, **fields)


def _decide(user: User, day: dt.date, referral, action: str, text: str, **fields):
    with clock.frozen(at(day, 12)):
        return services.referral_decide(
            referral=referral, acting_user=user, action=action, text=text, on=day, **fields
        )


def _seed_referrals(dabir: User, melli: User, facilitation: Committee) -> None:
    """1399: the facilitation HQ's national-referral resolutions of the seed period go to the
    national HQ; the national secretariat answers them within weeks."""
    referred = Resolution.objects.filter(
        committee=facilitation,
        type=Resolution.Type.NATIONAL_REFERRAL,
        meeting_date__range=(SEED_START, SEED_END),
    ).order_by("meeting_date", "number")[:5]
    answers = [
        ("accept", "امهال اقساط با تنفس شش‌ماهه در سقف مصوبه ستاد ملی مجاز شد.", 18),
        ("accept", "بخشودگی جرائم دیرکرد تا پایان سال ۱۳۹۹ مصوب شد.", 25),
        ("reject", "درخواست خارج از ضوابط دستورالعمل ستاد ملی است.", 31),
        ("accept", "تخصیص ارز مواد اولیه در اولویت دوم قرار گرفت.", 40),
        ("accept", "اعتبار تسهیلات رونق تولید برای واحدهای آسیب‌دیده از کرونا افزایش یافت.", 52),
    ]
    for resolution, (action, text, after) in zip(referred, answers, strict=False):
        sent = resolution.meeting_date + dt.timedelta(days=2)
        hop = _send(
            dabir,
            sent,
            resolution=resolution,
            case=resolution.case,
            from_committee=facilitation,
            deadline=sent + dt.timedelta(days=30),
            reason="رفع مانع نیازمند تصمیم در سطح ملی است؛ " + resolution.text[:120],
        )
        _decide(melli, sent + dt.timedelta(days=after), hop, action, text)


def load_referrals(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    dabir = User.objects.get(username="dabir")
    melli = User.objects.get(username="melli")
    kahak_user = User.objects.get(username="dabir-kahak")
    jafar_user = User.objects.get(username="dabir-jafarabad")
    agencies = {a.short_name: a for a in Agency.objects.filter(province__code="qom")}
    counties = {c.name: c for c in County.objects.filter(province__code="qom")}
    facilitation = Committee.objects.get(province__code="qom", kind="facilitation")
    kahak = Committee.objects.get(county=counties["کهک"])
    jafarabad = Committee.objects.get(county=counties["جعفرآباد"])
    bank = agencies["بانک ملی"]

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    with notifications_suppressed():
        _seed_referrals(dabir, melli, facilitation)

        # 1405: a case of each county and a meeting of each group.
        kahak_case = _case(
            _unit_in(counties["کهک"]),
            ago(30),
            dabir,
            bank,
            "امهال سه‌ساله اقساط معوق تسهیلات سرمایه در گردش",
            18_000_000_000,
        )
        jafar_case = _case(
            _unit_in(counties["جعفرآباد"]),
            ago(8),
            dabir,
            bank,
            "تقسیط بدهی معوق و رفع توقیف حساب‌های واحد",
            7_500_000_000,
        )
        k_refer, k_overdue = _meeting(
            kahak,
            kahak_user,
            ago(22),
            [
                (
                    "امهال سه‌ساله اقساط واحد فراتر از اختیار کارگروه است؛ به ستاد استان ارجاع شود.",
                    Resolution.Type.COMMITTEE_REFERRAL,
                    kahak_case,
                ),
                (
                    "تأمین برق پایدار ناحیه صنعتی کهک نیازمند تصمیم ستاد استان است.",
                    Resolution.Type.COMMITTEE_REFERRAL,
                    None,
                ),
            ],
            agencies["صمت"],
        )
        (j_refer,) = _meeting(
            jafarabad,
            jafar_user,
            ago(12),
            [
                (
                    "واگذاری زمین توسعه واحدهای ناحیه صنعتی جعفرآباد به ستاد استان ارجاع شود.",
                    Resolution.Type.COMMITTEE_REFERRAL,
                    None,
                )
            ],
            agencies["صمت"],
        )

        # Up to the nation and back: county → province → national, accepted.
        hop = _send(
            kahak_user,
            ago(20),
            resolution=k_refer,
            case=kahak_case,
            from_committee=kahak,
            deadline=ago(20) + dt.timedelta(days=21),
            reason="امهال بیش از دو سال در اختیار کارگروه شهرستان نیست.",
        )
        with clock.frozen(at(ago(17), 9)):
            services.referral_receive(referral=hop, acting_user=dabir, on=ago(17))
        national = _decide(
            dabir,
            ago(14),
            hop,
            "refer_on",
            "امهال سه‌ساله نیازمند مجوز ستاد ملی تسهیل است؛ با نظر موافق ستاد استان ارجاع شد.",
            deadline=ago(14) + dt.timedelta(days=30),
        )
        _decide(
            melli,
            ago(3),
            national,
            "accept",
            "امهال سه‌ساله با تنفس شش‌ماهه به شرط پرداخت ده درصد معوقات تصویب شد.",
        )

        # Returned to a county for more information.
        returned = _send(
            jafar_user,
            ago(10),
            resolution=j_refer,
            from_committee=jafarabad,
            deadline=ago(10) + dt.timedelta(days=20),
            reason="زمین مورد نیاز در اختیار شرکت شهرک‌های صنعتی است.",
        )
        _decide(
            dabir,
            ago(6),
            returned,
            "return",
            "نقشه و مساحت زمین درخواستی و نظر شرکت شهرک‌های صنعتی پیوست شود.",
        )

        # Down from the province to a county group, answered there.
        down = _send(
            dabir,
            ago(9),
            case=jafar_case,
            from_committee=facilitation,
            to_committee=jafarabad,
            deadline=ago(9) + dt.timedelta(days=14),
            reason="بررسی وضعیت اشتغال و تولید واحد در کارگروه شهرستان پیش از تصمیم ستاد.",
        )
        _decide(
            jafar_user,
            ago(4),
            down,
            "accept",
            "واحد با ۶۵ درصد ظرفیت فعال است؛ کارگروه تقسیط را پیشنهاد می‌کند.",
        )

        # Waiting at the province: one on time, one past its deadline.
        _send(
            kahak_user,
            ago(25),
            resolution=k_overdue,
            from_committee=kahak,
            deadline=ago(4),
            reason="تأمین برق پایدار ناحیه صنعتی برای سه واحد در حال راه‌اندازی.",
        )
        _send(
            jafar_user,
            ago(2),
            case=_case(
                _unit_in(counties["جعفرآباد"]),
                ago(3),
                dabir,
                agencies["بانک کشاورزی"],
                "معرفی به بانک برای سرمایه در گردش خرید مواد اولیه",
                4_000_000_000,
            ),
            from_committee=jafarabad,
            deadline=today + dt.timedelta(days=12),
            reason="سقف تسهیلات درخواستی بیش از اختیار شعبه شهرستان است.",
        )
