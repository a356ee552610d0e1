"""Projects with their investment lines, bank agency contracts and national submissions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet, validate_row_object
from hamahang.organizations.models import Agency
from hamahang.projects.currencies import is_currency
from hamahang.projects.models import (
    BankAgencyContract,
    ContractStep,
    InvestmentLine,
    NationalSubmission,
    Programme,
    Project,
    Sector,
    SubmissionItem,
)
from hamahang.projects.selectors import (
    contract_list_for_user,
    project_list_for_user,
    submission_list_for_user,
)
from hamahang.projects.services import project_snapshot

KEY = "projects"
TITLE = "طرح‌ها، سرمایه‌گذاری‌ها، قراردادها و ارسال‌ها"

PROJECTS, LINES, CONTRACTS, BATCHES = (
    "طرح‌ها",
    "سرمایه‌گذاری‌ها",
    "قراردادهای عاملیت",
    "ارسال به دبیرخانه ملی",
)
CODE = "کد طرح"

SHEETS = [
    Sheet(
        PROJECTS,
        [
            Column("code", CODE, required=True, max_length=40),
            Column("title", "عنوان", required=True, max_length=300),
            Column("sector", "بخش", "choice", required=True, choices=Sector.choices),
            Column("sub_sector", "زیربخش", max_length=120),
            Column("county", "شهرستان", required=True),
            Column("owner", "واحد متولی", required=True),
            Column("executor", "مجری / سرمایه‌گذار", max_length=200),
            Column("programmes", "برنامه‌ها", help="چند برنامه را با «،» جدا کنید"),
            Column("status", "وضعیت", "choice", required=True, choices=Project.Status.choices),
            Column("physical_progress", "پیشرفت فیزیکی (درصد)", "int", minimum=0, maximum=100),
            Column("start_date", "تاریخ شروع", "date"),
            Column("planned_end_date", "تاریخ پایان پیش‌بینی‌شده", "date"),
            Column("jobs_direct", "اشتغال مستقیم", "int", minimum=0),
            Column("jobs_indirect", "اشتغال غیرمستقیم", "int", minimum=0),
            Column("jobs_realised", "اشتغال محقق", "int", minimum=0),
            Column("description", "شرح"),
        ],
    ),
    Sheet(
        LINES,
        [
            Column("project", CODE, required=True),
            Column("amount", "مبلغ", "decimal", required=True, minimum=0),
            Column("currency", "ارز", required=True, help="کد ISO 4217 مانند IRR، USD، EUR"),
            Column("value_date", "تاریخ ارزش", "date", required=True),
            Column(
                "source",
                "محل تأمین",
                "choice",
                required=True,
                choices=InvestmentLine.Source.choices,
            ),
            Column("note", "توضیح", max_length=250),
        ],
        required=False,
    ),
    Sheet(
        CONTRACTS,
        [
            Column("project", CODE, required=True),
            Column("bank", "بانک عامل", required=True),
            Column("facility_amount", "مبلغ تسهیلات", "decimal", required=True, minimum=0),
            Column("currency", "ارز", required=True),
            Column("contract_number", "شماره قرارداد", max_length=60),
            Column(
                "status",
                "وضعیت",
                "choice",
                required=True,
                choices=BankAgencyContract.Status.choices,
            ),
            Column("status_date", "تاریخ آخرین وضعیت", "date", required=True),
        ],
        required=False,
    ),
    Sheet(
        BATCHES,
        [
            Column("title", "عنوان مجموعه", required=True, max_length=200),
            Column("letter_number", "شماره نامه", required=True, max_length=60),
            Column("letter_date", "تاریخ نامه", "date", required=True),
            Column("project", CODE, required=True),
            Column(
                "outcome", "نتیجه", "choice", required=True, choices=SubmissionItem.Outcome.choices
            ),
            Column("reason", "دلیل بازگشت"),
            Column("outcome_date", "تاریخ نتیجه", "date"),
        ],
        required=False,
    ),
]


def _duplicate(seen: dict, key, row: Row, sheet: str, column: str, problems: list) -> bool:
    if key in seen:
        problems.append(
            Problem(
                sheet, row.number, column, f"این مورد در ردیف {seen[key]} همین برگه هم آمده است."
            )
        )
        return True
    seen[key] = row.number
    return False


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    lookup, problems, counts = Lookup(user), [], defaultdict(int)
    projects = {p.code: p for p in project_list_for_user(user=user)}
    seen: dict = {}
    for row in rows.get(PROJECTS, []):
        v = row.values
        if _duplicate(seen, v["code"], row, PROJECTS, CODE, problems):
            continue
        county, owner = lookup.county(v["county"]), lookup.agency(v["owner"])
        if county is None:
            problems.append(
                Problem(PROJECTS, row.number, "شهرستان", f"شهرستان «{v['county']}» شناخته نیست.")
            )
            continue
        if owner is None:
            problems.append(
                Problem(PROJECTS, row.number, "واحد متولی", f"دستگاه «{v['owner']}» شناخته نیست.")
            )
            continue
        project = projects.get(v["code"]) or Project(code=v["code"])
        counts["projects_updated" if project.pk else "projects_created"] += 1
        project.province_id, project.county, project.owner = county.province_id, county, owner
        for name in ("title", "sector", "sub_sector", "executor", "status", "description"):
            setattr(project, name, v[name] or "")
        for name in ("physical_progress", "jobs_direct", "jobs_indirect", "jobs_realised"):
            setattr(project, name, v[name] or 0)
        project.start_date, project.planned_end_date = v["start_date"], v["planned_end_date"]
        if (
            project.start_date
            and project.planned_end_date
            and project.planned_end_date < project.start_date
        ):
            problems.append(
                Problem(
                    PROJECTS,
                    row.number,
                    "تاریخ پایان پیش‌بینی‌شده",
                    "تاریخ پایان پیش از تاریخ شروع است.",
                )
            )
            continue
        try:
            validate_row_object(project)
        except ValidationError as error:
            problems.append(Problem(PROJECTS, row.number, None, " ".join(error.messages)))
            continue
        project.save()
        names = [
            n.strip() for n in (v["programmes"] or "").replace("،", ",").split(",") if n.strip()
        ]
        project.programmes.set(
            [
                Programme.objects.get_or_create(
                    name=n, defaults={"code": "p-" + hashlib.sha1(n.encode()).hexdigest()[:10]}
                )[0]
                for n in names
            ]
        )
        projects[project.code] = project

    lines: dict[str, list[Row]] = defaultdict(list)
    for row in rows.get(LINES, []):
        currency = (row.values["currency"] or "").upper()
        if row.values["project"] not in projects:
            problems.append(
                Problem(LINES, row.number, CODE, f"طرحی با کد «{row.values['project']}» نیست.")
            )
        elif not is_currency(currency):
            problems.append(
                Problem(
                    LINES,
                    row.number,
                    "ارز",
                    f"«{row.values['currency']}» کد ارز معتبر (ISO 4217) نیست.",
                )
            )
        elif row.values["amount"] <= 0:
            problems.append(Problem(LINES, row.number, "مبلغ", "مبلغ باید بیشتر از صفر باشد."))
        else:
            lines[row.values["project"]].append(row)
    for code, project_rows in lines.items():
        InvestmentLine.objects.filter(project=projects[code]).delete()
        InvestmentLine.objects.bulk_create(
            InvestmentLine(
                project=projects[code],
                amount=r.values["amount"],
                currency=r.values["currency"].upper(),
                value_date=r.values["value_date"],
                source=r.values["source"],
                note=r.values["note"] or "",
            )
            for r in project_rows
        )
        counts["investments"] += len(project_rows)

    contracts: dict[str, list[tuple[Row, Agency]]] = defaultdict(list)
    for row in rows.get(CONTRACTS, []):
        bank = lookup.agency(row.values["bank"])
        if row.values["project"] not in projects:
            problems.append(
                Problem(CONTRACTS, row.number, CODE, f"طرحی با کد «{row.values['project']}» نیست.")
            )
        elif bank is None or bank.kind != Agency.Kind.BANK:
            problems.append(
                Problem(
                    CONTRACTS, row.number, "بانک عامل", f"بانک «{row.values['bank']}» شناخته نیست."
                )
            )
        elif not is_currency((row.values["currency"] or "").upper()):
            problems.append(
                Problem(
                    CONTRACTS,
                    row.number,
                    "ارز",
                    f"«{row.values['currency']}» کد ارز معتبر (ISO 4217) نیست.",
                )
            )
        else:
            contracts[row.values["project"]].append((row, bank))
    for code, project_rows in contracts.items():
        BankAgencyContract.objects.filter(project=projects[code]).delete()
        for row, bank in project_rows:
            v = row.values
            contract = BankAgencyContract.objects.create(
                project=projects[code],
                bank=bank,
                facility_amount=v["facility_amount"],
                currency=v["currency"].upper(),
                contract_number=v["contract_number"] or "",
                status=v["status"],
                status_date=v["status_date"],
            )
            ContractStep.objects.create(
                contract=contract,
                status=v["status"],
                date=v["status_date"],
                actor=user,
                note="ورود از اکسل",
            )
            counts["contracts"] += 1

    batches: dict[tuple, NationalSubmission] = {}
    seen_items: dict = {}
    for row in rows.get(BATCHES, []):
        v = row.values
        project = projects.get(v["project"])
        if project is None:
            problems.append(
                Problem(BATCHES, row.number, CODE, f"طرحی با کد «{v['project']}» نیست.")
            )
            continue
        key = (v["letter_number"], v["letter_date"])
        if _duplicate(seen_items, (key, v["project"]), row, BATCHES, CODE, problems):
            continue
        batch = batches.get(key)
        if batch is None:
            batch, _ = NationalSubmission.objects.get_or_create(
                province_id=project.province_id,
                letter_number=v["letter_number"],
                letter_date=v["letter_date"],
                defaults={"title": v["title"]},
            )
            batch.title, batch.status = v["title"], NationalSubmission.Status.SENT
            batch.sent_at = dt.datetime.combine(
                v["letter_date"], dt.time(12), tzinfo=ZoneInfo("Asia/Tehran")
            )
            batch.save()
            batches[key] = batch
            counts["submissions"] += 1
        SubmissionItem.objects.update_or_create(
            submission=batch,
            project=project,
            defaults={
                "outcome": v["outcome"],
                "reason": v["reason"] or "",
                "outcome_date": v["outcome_date"],
                "snapshot": project_snapshot(project),
            },
        )
    return dict(counts), problems


def export(user) -> dict[str, Iterable[dict]]:
    """Rows are generated as the workbook is written, never held in a list."""
    projects = project_list_for_user(user=user)
    codes = dict(projects.values_list("pk", "code"))
    return {
        PROJECTS: (
            {
                **{
                    n: getattr(p, n)
                    for n in (
                        "code",
                        "title",
                        "sector",
                        "sub_sector",
                        "executor",
                        "status",
                        "physical_progress",
                        "start_date",
                        "planned_end_date",
                        "jobs_direct",
                        "jobs_indirect",
                        "jobs_realised",
                        "description",
                    )
                },
                "county": p.county.name,
                "owner": p.owner.name,
                "programmes": "، ".join(sorted(pr.name for pr in p.programmes.all())),
            }
            for p in projects.select_related("county", "owner")
            .prefetch_related("programmes")
            .order_by("code")
            .iterator(2000)
        ),
        LINES: (
            {
                "project": codes[line.project_id],
                "amount": line.amount,
                "currency": line.currency,
                "value_date": line.value_date,
                "source": line.source,
                "note": line.note,
            }
            for line in InvestmentLine.objects.filter(project__in=projects.values("pk"))
            .order_by("project_id", "pk")
            .iterator(2000)
        ),
        CONTRACTS: (
            {
                "project": codes[c.project_id],
                "bank": c.bank.name,
                "facility_amount": c.facility_amount,
                "currency": c.currency,
                "contract_number": c.contract_number,
                "status": c.status,
                "status_date": c.status_date,
            }
            # A bank liaison exports only its own bank's contracts (the one contract scope).
            for c in contract_list_for_user(user=user)
            .select_related("bank")
            .order_by("project_id", "pk")
            .iterator(2000)
        ),
        BATCHES: (
            {
                "title": i.submission.title,
                "letter_number": i.submission.letter_number,
                "letter_date": i.submission.letter_date,
                "project": codes[i.project_id],
                "outcome": i.outcome,
                "reason": i.reason,
                "outcome_date": i.outcome_date,
            }
            for i in SubmissionItem.objects.filter(
                project__in=projects.values("pk"),
                submission__status=NationalSubmission.Status.SENT,
                submission__in=submission_list_for_user(user=user).values("pk"),
            )
            .select_related("submission")
            .order_by("submission_id", "project_id")
            .iterator(2000)
        ),
    }
