"""Projects with their investment lines, bank agency contracts and national submissions."""

from __future__ import annotations

from collections.abc import Iterable

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet, to_problem
from hamahang.organizations.models import Agency
from hamahang.projects import services as project_services
from hamahang.projects.models import (
    BankAgencyContract,
    InvestmentLine,
    NationalSubmission,
    Project,
    Sector,
    SubmissionItem,
)
from hamahang.projects.selectors import (
    contract_list_for_user,
    project_list_for_user,
    submission_list_for_user,
)

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
            Column("code", CODE, required=True, max_length=40, code=True),
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
            Column("project", CODE, required=True, code=True),
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
            Column("project", CODE, required=True, code=True),
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
            Column("project", CODE, required=True, code=True),
            Column(
                "outcome", "نتیجه", "choice", required=True, choices=SubmissionItem.Outcome.choices
            ),
            Column("reason", "دلیل بازگشت"),
            Column("outcome_date", "تاریخ نتیجه", "date"),
        ],
        required=False,
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    """Row → typed row → `projects_bulk_upsert`; this module only resolves names."""
    lookup, problems = Lookup(user), []
    projects = []
    for row in rows.get(PROJECTS, []):
        v = row.values
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
        names = [
            n.strip() for n in (v["programmes"] or "").replace("،", ",").split(",") if n.strip()
        ]
        fields = {k: v[k] for k in v if k not in {"code", "county", "owner", "programmes"}}
        for name in ("title", "sector", "sub_sector", "executor", "description"):
            fields[name] = fields[name] or ""
        projects.append(
            project_services.ProjectRow(
                ref=row,
                code=v["code"],
                county=county,
                owner=owner,
                fields=fields,
                programmes=tuple(names),
            )
        )
    investments = [
        project_services.InvestmentRow(
            ref=row,
            project=row.values["project"],
            amount=row.values["amount"],
            currency=row.values["currency"] or "",
            value_date=row.values["value_date"],
            source=row.values["source"],
            note=row.values["note"] or "",
        )
        for row in rows.get(LINES, [])
    ]
    contracts = []
    for row in rows.get(CONTRACTS, []):
        v = row.values
        bank = lookup.agency(v["bank"])
        if bank is None or bank.kind != Agency.Kind.BANK:
            problems.append(
                Problem(CONTRACTS, row.number, "بانک عامل", f"بانک «{v['bank']}» شناخته نیست.")
            )
            continue
        contracts.append(
            project_services.ContractRow(
                ref=row,
                project=v["project"],
                bank=bank,
                facility_amount=v["facility_amount"],
                currency=v["currency"] or "",
                status=v["status"],
                status_date=v["status_date"],
                contract_number=v["contract_number"] or "",
            )
        )
    submissions = [
        project_services.SubmissionRow(
            ref=row,
            title=row.values["title"],
            letter_number=row.values["letter_number"],
            letter_date=row.values["letter_date"],
            project=row.values["project"],
            outcome=row.values["outcome"],
            reason=row.values["reason"] or "",
            outcome_date=row.values["outcome_date"],
        )
        for row in rows.get(BATCHES, [])
    ]
    if problems:
        return {}, problems
    counts, row_problems = project_services.projects_bulk_upsert(
        projects=projects,
        investments=investments,
        contracts=contracts,
        submissions=submissions,
        acting_user=user,
    )
    return counts, [to_problem(p, SHEETS) for p in row_problems]


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
