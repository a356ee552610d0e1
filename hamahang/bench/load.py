"""A synthetic country for benchmarks: `scale` provinces, each about 2,000 meetings, 30,000
resolutions, 60,000 assignments, 200,000 follow-ups, 5,000 units, 20,000 cases and 2,000
projects. Bulk inserts; deterministic for a seed; Persian texts; skewed agency loads; about a
fifth of the assignments overdue."""

from __future__ import annotations

import datetime as dt
import functools
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hamahang.accounts.models import Role, User
from hamahang.bench.copy import insert_rows
from hamahang.core.identifiers import complete_legal_id
from hamahang.core.jalali import jalali_to_gregorian, jalali_year, today
from hamahang.core.text import search_key
from hamahang.meetings.models import Assignment, FollowUp, Meeting, Resolution
from hamahang.meetings.services import resolution_code, resolution_derived_state
from hamahang.organizations.models import Agency, Committee, County, Province
from hamahang.organizations.services import reference_data_load
from hamahang.projects.models import (
    BankAgencyContract,
    InvestmentLine,
    NationalSubmission,
    Project,
    SubmissionItem,
)
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent

PASSWORD = "Bench@1405"
WORDS = [
    "واحد",
    "تولیدی",
    "کاشی",
    "سیمان",
    "ماسک",
    "تسهیلات",
    "امهال",
    "اجراییه",
    "مالیاتی",
    "تأمین",
    "اجتماعی",
    "برق",
    "گاز",
    "آب",
    "شهرداری",
    "بانک",
    "سرمایه",
    "گردش",
    "صادرات",
    "مواد",
    "اولیه",
    "شهرک",
    "صنعتی",
    "احیا",
    "راکد",
    "اشتغال",
    "قرارداد",
    "عاملیت",
    "گزارش",
    "پیگیری",
]
AGENCY_NAMES = [
    "صنعت، معدن و تجارت",
    "جهاد کشاورزی",
    "امور مالیاتی",
    "تأمین اجتماعی",
    "توزیع برق",
    "گاز",
    "آب منطقه‌ای",
    "شهرداری مرکز",
    "میراث فرهنگی",
    "تعاون، کار و رفاه",
    "شهرک‌های صنعتی",
    "راه و شهرسازی",
    "منابع طبیعی",
    "مدیریت و برنامه‌ریزی",
    "اتاق بازرگانی",
]
BANKS = ["بانک ملی", "بانک سپه", "بانک کشاورزی", "بانک صنعت و معدن", "بانک ملت", "بانک تجارت"]

PER_PROVINCE = {
    "meetings": 2000,
    "resolutions_per_meeting": 15,
    "followups_per_assignment": 10 / 3,
    "units": 5000,
    "cases": 20000,
    "projects": 2000,
}


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


def sentence(rng: random.Random, words: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def provinces_for(scale: int) -> list[Province]:
    reference_data_load()
    ordered = sorted(Province.objects.all(), key=lambda p: (p.code != "qom", p.code))
    return ordered[:scale]


@transaction.atomic
def _province_frame(province: Province, rng: random.Random) -> dict:
    """Agencies, counties, committees and users of one province (created once)."""
    office, _ = Agency.objects.get_or_create(
        province=province,
        name=f"دفتر هماهنگی امور اقتصادی استانداری {province.name}",
        defaults={"short_name": "دفتر امور اقتصادی", "kind": "governorate"},
    )
    agencies = [office]
    for name in AGENCY_NAMES:
        agency, _ = Agency.objects.get_or_create(
            province=province,
            name=f"{name} استان {province.name}",
            defaults={
                "short_name": name,
                "kind": "executive",
                "email": f"{province.code}-{len(agencies)}@example.ir",
            },
        )
        agencies.append(agency)
    banks = []
    for name in BANKS:
        bank, _ = Agency.objects.get_or_create(
            province=province,
            name=f"{name} استان {province.name}",
            defaults={"short_name": name, "kind": "bank"},
        )
        banks.append(bank)
    counties = list(County.objects.filter(province=province)) or [
        County.objects.get_or_create(province=province, name=f"{province.name} {i}")[0]
        for i in range(1, 4)
    ]
    committees = []
    for kind, label in (
        ("facilitation", "ستاد تسهیل و رفع موانع تولید"),
        ("resistance_economy", "ستاد فرماندهی اقتصاد مقاومتی"),
    ):
        committee, created = Committee.objects.get_or_create(
            province=province,
            kind=kind,
            defaults={"name": f"{label} استان {province.name}", "secretariat": office},
        )
        if created:
            committee.members.set(agencies[1:] + banks[:3])
        committees.append(committee)
    users = {}
    for role, agency, username in (
        [(Role.SECRETARIAT, office, f"b-{province.code}-dabir")]
        + [(Role.AGENCY_LIAISON, a, f"b-{province.code}-a{a.pk}") for a in agencies[1:]]
        + [(Role.BANK_LIAISON, b, f"b-{province.code}-b{b.pk}") for b in banks]
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=role, agency=agency, email=f"{username}@example.ir")
            user.password = _password_hash()  # one slow hash, not one per user
            user.save()
        users[agency.pk] = user
    return {
        "office": office,
        "agencies": agencies[1:],
        "banks": banks,
        "counties": counties,
        "committees": committees,
        "users": users,
    }


def _assignment(rng: random.Random, resolution, agency, role: str, day: dt.date) -> Assignment:
    deadline = resolution.meeting_date + dt.timedelta(days=rng.choice([14, 30, 45, 60, 90]))
    roll = rng.random()
    if deadline >= day:
        status = "in_progress" if roll < 0.6 else "issued"
    elif roll < 0.72:
        status = "verified_done"
    elif roll < 0.80:
        status = "not_implemented"
    else:
        status = "in_progress"  # ≈20% overdue
    done = deadline - dt.timedelta(days=rng.randint(-20, 10)) if status == "verified_done" else None
    return Assignment(
        resolution=resolution,
        agency=agency,
        role=role,
        deadline=deadline,
        status=status,
        progress=100 if done else rng.choice([0, 20, 50, 80]),
        reported_done_on=done,
        closed_on=done,
        created_at=resolution.created_at,
    )


def _settle(resolution: Resolution, rows: list[Assignment]) -> None:
    """Set the resolution's derived fields by the application's own rule (before insert)."""
    resolution.status, resolution.progress, resolution.next_deadline = resolution_derived_state(
        (a.status, a.progress, a.deadline) for a in rows
    )


def generate_province(province: Province, *, seed: int, fraction: float = 1.0) -> dict:
    rng = random.Random(f"{seed}-{province.code}")
    frame = _province_frame(province, rng)
    agencies, banks, counties, committees = (
        frame["agencies"],
        frame["banks"],
        frame["counties"],
        frame["committees"],
    )
    weights = [1 / (i + 1) ** 1.1 for i in range(len(agencies))]  # skewed agency loads
    now, day = timezone.now(), today()
    first_day = jalali_to_gregorian(1396, 1, 15)
    span = (day - first_day).days
    counts = dict.fromkeys(
        ["meetings", "resolutions", "assignments", "followups", "units", "cases", "projects"], 0
    )
    n_meetings = int(PER_PROVINCE["meetings"] * fraction)

    with transaction.atomic():
        numbers: dict[tuple[int, int], int] = {}
        meetings = []
        for index in range(n_meetings):
            committee = committees[0] if index % 5 else committees[1]
            date = first_day + dt.timedelta(days=int(span * index / n_meetings))
            year = jalali_year(date)
            number = numbers[(committee.pk, year)] = numbers.get((committee.pk, year), 0) + 1
            meetings.append(
                Meeting(
                    committee=committee,
                    jalali_year=year,
                    number=number,
                    date=date,
                    status="approved" if date < day - dt.timedelta(days=10) else "held",
                    place="سالن جلسات استانداری",
                    chair="معاون اقتصادی",
                    created_at=now,
                )
            )
        insert_rows(Meeting, meetings)
        counts["meetings"] = len(meetings)

        for chunk_start in range(0, len(meetings), 200):
            chunk = meetings[chunk_start : chunk_start + 200]
            resolutions = []
            for meeting in chunk:
                for number in range(1, PER_PROVINCE["resolutions_per_meeting"] + 1):
                    text = sentence(rng)
                    code = resolution_code(meeting, number)
                    resolutions.append(
                        Resolution(
                            meeting=meeting,
                            committee_id=meeting.committee_id,
                            meeting_date=meeting.date,
                            number=number,
                            code=code,
                            text=text,
                            type="directive",
                            search_text=search_key(f"{code} {text}"),
                            created_at=now,
                        )
                    )
            assignments = []
            for resolution in resolutions:
                chosen = rng.choices(agencies, weights=weights, k=2)
                if chosen[0].pk == chosen[1].pk:
                    chosen = chosen[:1]
                rows = [
                    _assignment(rng, resolution, agency, role, day)
                    for role, agency in zip(("lead", "collaborator"), chosen, strict=False)
                ]
                _settle(resolution, rows)
                assignments.extend(rows)
            insert_rows(Resolution, resolutions)
            insert_rows(Assignment, assignments)
            followups = []
            for assignment in assignments:
                for k in range(rng.choice([2, 3, 3, 4, 5])):
                    followups.append(
                        FollowUp(
                            assignment=assignment,
                            author=frame["users"][assignment.agency_id],
                            text=sentence(rng, 10),
                            progress=min(100, 20 * (k + 1)),
                            status="accepted",
                            created_at=now,
                        )
                    )
            insert_rows(FollowUp, followups)
            counts["resolutions"] += len(resolutions)
            counts["assignments"] += len(assignments)
            counts["followups"] += len(followups)

    with transaction.atomic():
        units = [
            ProductionUnit(
                province=province,
                county=rng.choice(counties),
                name=f"شرکت {sentence(rng, 2)} {i}",
                legal_id=complete_legal_id(f"{15 + province.pk % 80:02d}{i:08d}"),
                kind="industrial",
                status=rng.choice(["active", "active", "semi_active", "stagnant", "closed"]),
                jobs=rng.randint(0, 200),
                search_text="",
                created_at=now,
            )
            for i in range(int(PER_PROVINCE["units"] * fraction))
        ]
        for unit in units:
            unit.search_text = search_key(f"{unit.name} {unit.legal_id}")
        insert_rows(ProductionUnit, units)
        insert_rows(
            UnitEvent,
            [
                UnitEvent(
                    unit=u,
                    kind="registered",
                    date=first_day,
                    to_status=u.status,
                    jobs_after=u.jobs,
                    created_at=now,
                )
                for u in units
            ],
        )
        creditor_agencies = agencies[2:8]
        cases = []
        for i in range(int(PER_PROVINCE["cases"] * fraction)):
            unit = units[i % len(units)]
            received = first_day + dt.timedelta(days=rng.randint(0, span))
            code = f"{jalali_year(received)}-{i:06d}"
            cases.append(
                SupportCase(
                    unit=unit,
                    province=province,
                    code=code,
                    type=rng.choice(["deferral", "enforcement_postponement", "no_utility_cutoff"]),
                    creditor=rng.choice(
                        ["tax", "social_security", "electricity", "gas", "water", "municipality"]
                    ),
                    creditor_agency=rng.choice(creditor_agencies),
                    amount=Decimal(rng.randint(1, 50)) * 10**9,
                    description=sentence(rng, 8),
                    received_on=received,
                    status=rng.choice(
                        ["received", "under_review", "decided", "implemented", "rejected"]
                    ),
                    search_text=search_key(f"{code} {unit.name}"),
                    created_at=now,
                )
            )
        insert_rows(SupportCase, cases)
        projects = [
            Project(
                province=province,
                code=f"B{province.pk:02d}-{i:05d}",
                title=f"طرح {sentence(rng, 3)}",
                sector=rng.choice(
                    ["infrastructure", "agriculture", "industry", "tourism", "services"]
                ),
                county=rng.choice(counties),
                owner=rng.choice([frame["office"], *agencies[:3]]),
                status=rng.choice(["approved", "in_progress", "completed"]),
                jobs_direct=rng.randint(5, 300),
                jobs_indirect=rng.randint(0, 100),
                created_at=now,
            )
            for i in range(int(PER_PROVINCE["projects"] * fraction))
        ]
        for project in projects:
            project.search_text = search_key(f"{project.code} {project.title}")
        insert_rows(Project, projects)
        insert_rows(
            InvestmentLine,
            [
                line
                for p in projects
                for line in (
                    InvestmentLine(
                        project=p,
                        amount=Decimal(rng.randint(10, 900)) * 10**9,
                        currency="IRR",
                        value_date=first_day,
                        source="own_equity",
                        created_at=now,
                    ),
                    InvestmentLine(
                        project=p,
                        amount=Decimal(rng.randint(1, 50)) * 10**5,
                        currency="USD",
                        value_date=first_day,
                        source="foreign",
                        created_at=now,
                    ),
                )
            ],
        )
        insert_rows(
            BankAgencyContract,
            [
                BankAgencyContract(
                    project=p,
                    bank=rng.choice(banks),
                    facility_amount=Decimal(rng.randint(10, 500)) * 10**9,
                    currency="IRR",
                    status=rng.choice(["referred", "appraisal", "approved", "signed"]),
                    status_date=first_day,
                    created_at=now,
                )
                for p in projects
            ],
        )
        batch = NationalSubmission.objects.create(
            province=province,
            title="طرح‌های جهش تولید",
            letter_number="1",
            letter_date=jalali_to_gregorian(1399, 5, 20),
            status="sent",
            sent_at=now,
        )
        SubmissionItem.objects.bulk_create(
            [SubmissionItem(submission=batch, project=p) for p in projects[:30]]
        )
        counts.update(units=len(units), cases=len(cases), projects=len(projects))
    return counts
