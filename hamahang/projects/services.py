"""Every write of the project portfolio. Keyword-only, validated, atomic, with an event row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from hamahang.accounts.access import (
    may_record_submission_outcome,
    may_work_on_contract,
    province_id_of,
    require_in_scope,
    require_secretariat,
)
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user, county_list_for_user
from hamahang.core import clock
from hamahang.core.bulk import RowProblem
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import check_version
from hamahang.core.jalali import format_jalali
from hamahang.core.numbers import official_amount
from hamahang.core.text import display_code, normalize_text
from hamahang.organizations.models import Agency, County
from hamahang.projects import selectors
from hamahang.projects.currencies import RIAL, validate_currency
from hamahang.projects.models import (
    BankAgencyContract,
    ContractStep,
    InvestmentLine,
    NationalSubmission,
    Programme,
    Project,
    ProjectEvent,
    SubmissionItem,
)
from hamahang.webhooks import events as webhook_events
from hamahang.webhooks.models import Event as WebhookEvent

Event = ProjectEvent.Kind


def _fa(value) -> str:
    return to_persian_digits(value)


def _record(project: Project, kind: str, description: str, actor: User | None) -> None:
    ProjectEvent.objects.create(project=project, kind=kind, description=description, actor=actor)


def _require_projects(user: User, *projects) -> None:
    """Every project must be one the acting user may see (else the screens' 404 words)."""
    require_in_scope(selectors.project_list_for_user(user=user), *projects)


def _check_place(user: User, county: County, owner: Agency) -> None:
    if not county_list_for_user(user=user).filter(pk=county.pk).exists():
        raise ValidationError({"county": "این شهرستان در حوزه دسترسی شما نیست."})
    if not agency_list_for_user(user=user).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "این واحد متولی در حوزه دسترسی شما نیست."})


def _check_amount(amount: Decimal, field: str = "amount") -> None:
    if amount is None or amount <= 0:
        raise ValidationError({field: "مبلغ باید بیشتر از صفر باشد."}, code="amount_not_positive")


PROJECT_FIELDS = (
    "title",
    "description",
    "sector",
    "sub_sector",
    "county",
    "owner",
    "executor",
    "start_date",
    "planned_end_date",
    "jobs_direct",
    "jobs_indirect",
    "jobs_realised",
)


@transaction.atomic
def project_create(
    *,
    acting_user: User,
    code: str,
    title: str,
    sector: str,
    county: County,
    owner: Agency,
    programmes: Iterable[Programme] = (),
    description: str = "",
    sub_sector: str = "",
    executor: str = "",
    status: str = Project.Status.IDENTIFIED,
    physical_progress: int = 0,
    start_date: dt.date | None = None,
    planned_end_date: dt.date | None = None,
    jobs_direct: int = 0,
    jobs_indirect: int = 0,
    jobs_realised: int = 0,
) -> Project:
    require_secretariat(acting_user)
    _check_place(acting_user, county, owner)
    code = normalize_text(code).strip()
    if Project.objects.filter(province_id=county.province_id, code=code).exists():
        raise ValidationError({"code": f"طرحی با کد «{display_code(code)}» پیش‌تر ثبت شده است."})
    project = Project(
        province_id=county.province_id,
        code=code,
        title=normalize_text(title),
        description=normalize_text(description),
        sector=sector,
        sub_sector=normalize_text(sub_sector),
        county=county,
        owner=owner,
        executor=normalize_text(executor),
        status=status,
        physical_progress=physical_progress,
        start_date=start_date,
        planned_end_date=planned_end_date,
        jobs_direct=jobs_direct,
        jobs_indirect=jobs_indirect,
        jobs_realised=jobs_realised,
    )
    _validate_project(project)
    project.save()
    project.programmes.set(programmes)
    _record(project, Event.CREATED, f"طرح «{project.title}» با کد {_fa(code)} ثبت شد.", acting_user)
    return project


def _validate_project(project: Project) -> None:
    if not 0 <= (project.physical_progress or 0) <= 100:
        raise ValidationError({"physical_progress": "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد."})
    if (
        project.start_date
        and project.planned_end_date
        and project.planned_end_date < project.start_date
    ):
        raise ValidationError(
            {
                "planned_end_date": f"تاریخ پایان ({format_jalali(project.planned_end_date)}) "
                "پیش از "
                f"تاریخ شروع ({format_jalali(project.start_date)}) است."
            }
        )
    project.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def project_update(
    *,
    project: Project,
    version: int | None,
    acting_user: User,
    programmes: Iterable[Programme] | None = None,
    physical_progress: int | None = None,
    progress_reason: str = "",
    **fields,
) -> Project:
    _require_projects(acting_user, project)
    require_secretariat(acting_user)
    row = Project.objects.select_for_update().get(pk=project.pk)
    check_version(row, version, "طرح")
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {unknown}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = normalize_text(value)
        setattr(row, name, value)
    if "county" in fields or "owner" in fields:
        _check_place(acting_user, row.county, row.owner)
    if physical_progress is not None and physical_progress != row.physical_progress:
        _change_progress(row, int(physical_progress), progress_reason, acting_user)
    row.version += 1
    _validate_project(row)
    row.save()
    if programmes is not None:
        row.programmes.set(programmes)
    _record(row, Event.EDITED, "مشخصات طرح ویرایش شد.", acting_user)
    return row


def _change_progress(row: Project, new: int, reason: str, acting_user: User) -> None:
    old = row.physical_progress
    if not 0 <= new <= 100:
        raise ValidationError({"physical_progress": "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد."})
    reason = normalize_text(reason)
    if new < old and not reason:
        raise ValidationError(
            {
                "progress_reason": f"کاهش پیشرفت فیزیکی (از {_fa(old)}٪ به {_fa(new)}٪) "
                "دلیل می‌خواهد."
            },
            code="progress_decrease_needs_reason",
        )
    row.physical_progress = new
    note = f" — {reason}" if reason else ""
    _record(
        row, Event.PROGRESS, f"پیشرفت فیزیکی از {_fa(old)}٪ به {_fa(new)}٪ رسید{note}", acting_user
    )


@transaction.atomic
def project_transition(
    *, project: Project, to_status: str, on_date: dt.date, acting_user: User, note: str = ""
) -> Project:
    _require_projects(acting_user, project)
    require_secretariat(acting_user)
    row = Project.objects.select_for_update().get(pk=project.pk)
    current, target = Project.Status(row.status), Project.Status(to_status)
    if target not in Project.TRANSITIONS[current]:
        raise ValidationError(
            f"تغییر وضعیت طرح از «{current.label}» به «{target.label}» مجاز نیست.",
            code="invalid_transition",
        )
    row.status = target
    if target == Project.Status.COMPLETED:
        row.physical_progress = 100
    row.version += 1
    row.save()
    note = normalize_text(note)
    _record(
        row,
        Event.STATUS,
        f"وضعیت طرح در تاریخ {format_jalali(on_date)} از «{current.label}» به «{target.label}» "
        f"تغییر کرد" + (f" — {note}" if note else ""),
        acting_user,
    )
    return row


@transaction.atomic
def investment_add(
    *,
    project: Project,
    amount: Decimal,
    currency: str,
    value_date: dt.date,
    source: str,
    acting_user: User,
    note: str = "",
) -> InvestmentLine:
    _require_projects(acting_user, project)
    require_secretariat(acting_user)
    _check_amount(amount)
    currency = (currency or "").upper()
    try:
        validate_currency(currency)
    except ValidationError as error:
        raise ValidationError({"currency": error.messages}) from error
    if currency == RIAL and amount != amount.to_integral_value():
        raise ValidationError({"amount": "مبلغ ریالی باید عدد صحیح باشد."})
    line = InvestmentLine(
        project=project,
        amount=amount,
        currency=currency,
        value_date=value_date,
        source=source,
        note=normalize_text(note),
    )
    line.full_clean()
    line.save()
    _record(
        project,
        Event.INVESTMENT,
        f"سرمایه‌گذاری {official_amount(amount, currency)} ({line.get_source_display()}) "
        f"با تاریخ ارزش {format_jalali(value_date)} ثبت شد.",
        acting_user,
    )
    return line


@transaction.atomic
def investment_remove(*, line: InvestmentLine, acting_user: User) -> None:
    _require_projects(acting_user, line.project_id)
    require_secretariat(acting_user)
    _record(
        line.project,
        Event.INVESTMENT,
        f"ردیف سرمایه‌گذاری {official_amount(line.amount, line.currency)} حذف شد.",
        acting_user,
    )
    line.delete()


# --- Bank agency contracts -------------------------------------------------------------------


@transaction.atomic
def contract_create(
    *,
    project: Project,
    bank: Agency,
    facility_amount: Decimal,
    currency: str,
    on_date: dt.date,
    acting_user: User,
    contract_number: str = "",
) -> BankAgencyContract:
    _require_projects(acting_user, project)
    require_secretariat(acting_user)
    if bank.kind != Agency.Kind.BANK:
        raise ValidationError({"bank": f"«{bank}» بانک نیست."})
    if not agency_list_for_user(user=acting_user).filter(pk=bank.pk).exists():
        raise ValidationError({"bank": "این بانک در حوزه دسترسی شما نیست."})
    _check_amount(facility_amount, "facility_amount")
    currency = (currency or "").upper()
    try:
        validate_currency(currency)
    except ValidationError as error:
        raise ValidationError({"currency": error.messages}) from error
    contract = BankAgencyContract(
        project=project,
        bank=bank,
        facility_amount=facility_amount,
        currency=currency,
        contract_number=normalize_text(contract_number),
        status=BankAgencyContract.Status.REFERRED,
        status_date=on_date,
    )
    contract.full_clean()
    contract.save()
    ContractStep.objects.create(
        contract=contract, status=contract.status, date=on_date, actor=acting_user
    )
    _record(
        project,
        Event.CONTRACT,
        f"طرح برای تسهیلات {official_amount(facility_amount, currency)} به «{bank}» معرفی شد "
        f"({format_jalali(on_date)}).",
        acting_user,
    )
    return contract


@transaction.atomic
def contract_advance(
    *,
    contract: BankAgencyContract,
    to_status: str,
    on_date: dt.date,
    acting_user: User,
    amount: Decimal | None = None,
    contract_number: str = "",
    note: str = "",
    version: int | None,
) -> BankAgencyContract:
    """Move a contract along referred → appraisal → approved → signed → disbursed / rejected.
    A disbursement records one tranche (its amount); further tranches repeat it."""
    require_in_scope(selectors.contract_list_for_user(user=acting_user), contract)
    row = (
        BankAgencyContract.objects.select_for_update()
        .select_related("project", "bank")
        .get(pk=contract.pk)
    )
    if not may_work_on_contract(acting_user, row):
        raise ValidationError("این قرارداد در حوزه کار شما نیست.", code="not_allowed")
    check_version(row, version, "قرارداد")
    current, target = BankAgencyContract.Status(row.status), BankAgencyContract.Status(to_status)
    if target not in BankAgencyContract.TRANSITIONS[current]:
        raise ValidationError(
            f"تغییر وضعیت قرارداد از «{current.label}» به «{target.label}» مجاز نیست.",
            code="invalid_transition",
        )
    if on_date < row.status_date:
        raise ValidationError(
            {
                "on_date": "تاریخ این مرحله پیش از مرحله قبلی "
                f"({format_jalali(row.status_date)}) است."
            }
        )
    if target == BankAgencyContract.Status.DISBURSED:
        _check_amount(amount)
        paid = sum(
            (s.amount or 0) for s in row.steps.filter(status=BankAgencyContract.Status.DISBURSED)
        )
        if paid + amount > row.facility_amount:
            raise ValidationError(
                {"amount": "جمع پرداخت‌ها از مبلغ تسهیلات قرارداد بیشتر می‌شود."},
                code="over_disbursed",
            )
    else:
        amount = None
    if target == BankAgencyContract.Status.SIGNED:
        number = normalize_text(contract_number) or row.contract_number
        if not number:
            raise ValidationError({"contract_number": "شماره قرارداد امضاشده را وارد کنید."})
        row.contract_number = number
    row.status, row.status_date = target, on_date
    row.version += 1
    row.save()
    ContractStep.objects.create(
        contract=row,
        status=target,
        date=on_date,
        amount=amount,
        note=normalize_text(note),
        actor=acting_user,
    )
    tranche = f" به مبلغ {official_amount(amount, row.currency)}" if amount else ""
    _record(
        row.project,
        Event.CONTRACT,
        f"قرارداد عاملیت «{row.bank}»: {target.label}{tranche} ({format_jalali(on_date)}).",
        acting_user,
    )
    return row


# --- National submissions --------------------------------------------------------------------


def project_snapshot(project: Project) -> dict:
    """The figures sent: frozen into the batch so later edits do not change what was sent."""
    investments: dict[str, Decimal] = {}
    for line in project.investments.all():
        investments[line.currency] = investments.get(line.currency, Decimal(0)) + line.amount
    return {
        "code": project.code,
        "title": project.title,
        "sector": project.sector,
        "sector_label": project.get_sector_display(),
        "sub_sector": project.sub_sector,
        "county": project.county.name,
        "owner": project.owner.name,
        "executor": project.executor,
        "status": project.status,
        "physical_progress": project.physical_progress,
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "planned_end_date": (
            project.planned_end_date.isoformat() if project.planned_end_date else None
        ),
        "jobs": {
            "direct": project.jobs_direct,
            "indirect": project.jobs_indirect,
            "realised": project.jobs_realised,
        },
        "investments": [
            {"currency": currency, "amount": str(amount)}
            for currency, amount in sorted(investments.items())
        ],
        "programmes": sorted(p.name for p in project.programmes.all()),
        "contracts": [
            {
                "bank": c.bank.name,
                "amount": str(c.facility_amount),
                "currency": c.currency,
                "status": c.status,
                "contract_number": c.contract_number,
            }
            for c in project.contracts.all()
        ],
    }


@transaction.atomic
def submission_create(
    *,
    title: str,
    projects: Iterable[Project],
    acting_user: User,
    letter_number: str = "",
    letter_date: dt.date | None = None,
) -> NationalSubmission:
    projects = list(projects)
    _require_projects(acting_user, *projects)
    require_secretariat(acting_user)
    province_id = province_id_of(acting_user)
    if province_id is None:
        raise ValidationError("کاربر به استانی وابسته نیست.", code="no_province")
    projects = list(projects)
    if not projects:
        raise ValidationError({"projects": "دست‌کم یک طرح انتخاب کنید."})
    if any(p.province_id != province_id for p in projects):
        raise ValidationError({"projects": "فقط طرح‌های استان خودتان را می‌توانید ارسال کنید."})
    submission = NationalSubmission.objects.create(
        province_id=province_id,
        title=_required(title, "title", "عنوان ارسال را بنویسید."),
        letter_number=normalize_text(letter_number),
        letter_date=letter_date,
    )
    SubmissionItem.objects.bulk_create(
        SubmissionItem(submission=submission, project=project) for project in projects
    )
    return submission


def _required(value: str, field: str, message: str) -> str:
    cleaned = normalize_text(value)
    if not cleaned:
        raise ValidationError({field: message})
    return cleaned


@transaction.atomic
def submission_send(
    *,
    submission: NationalSubmission,
    acting_user: User,
    letter_number: str | None = None,
    letter_date: dt.date | None = None,
) -> NationalSubmission:
    """Freeze the batch: every project's figures are copied into its item."""
    require_in_scope(selectors.submission_list_for_user(user=acting_user), submission)
    require_secretariat(acting_user)
    row = NationalSubmission.objects.select_for_update().get(pk=submission.pk)
    if row.status != NationalSubmission.Status.DRAFT:
        raise ValidationError("این مجموعه پیش‌تر ارسال شده است.", code="already_sent")
    row.letter_number = normalize_text(letter_number or row.letter_number)
    row.letter_date = letter_date or row.letter_date
    if not row.letter_number or not row.letter_date:
        raise ValidationError("شماره و تاریخ نامه ارسال را وارد کنید.", code="letter_required")
    items = list(
        row.items.select_related("project__county", "project__owner").prefetch_related(
            "project__investments", "project__programmes", "project__contracts__bank"
        )
    )
    if not items:
        raise ValidationError("مجموعه خالی است.", code="empty_submission")
    for item in items:
        item.snapshot = project_snapshot(item.project)
    bulk_update_with_history(items, SubmissionItem, ["snapshot"])  # each freeze is history
    row.status, row.sent_at, row.sent_by = NationalSubmission.Status.SENT, clock.now(), acting_user
    row.version += 1
    row.save()
    ProjectEvent.objects.bulk_create(
        ProjectEvent(
            project=item.project,
            kind=Event.SUBMISSION,
            description=f"با نامه {_fa(row.letter_number)} مورخ {format_jalali(row.letter_date)} "
            f"به دبیرخانه ستاد اقتصاد مقاومتی کشور ارسال شد ({row.title}).",
            actor=acting_user,
        )
        for item in items
    )
    for item in items:
        _emit_project_sent(row, item)
    return row


# What a webhook subscriber is told of a sent project (hamahang.webhooks): the frozen figures,
# without the executor (an investor may be a person) and the bank contracts.
PROJECT_SENT_FIELDS = (
    "code",
    "title",
    "sector",
    "sector_label",
    "sub_sector",
    "county",
    "owner",
    "status",
    "physical_progress",
    "start_date",
    "planned_end_date",
    "jobs",
    "investments",
)


def _emit_project_sent(submission: NationalSubmission, item: SubmissionItem) -> None:
    webhook_events.emit(
        WebhookEvent.PROJECT_SENT,
        province_id=submission.province_id,
        key=f"project.sent:{item.pk}",
        payload={
            "submission": {
                "title": submission.title,
                "letter_number": submission.letter_number,
                "letter_date": submission.letter_date.isoformat(),
                "letter_date_jalali": format_jalali(submission.letter_date),
                "sent_at": submission.sent_at.isoformat(),
            },
            "province": submission.province.name,
            "project": {name: item.snapshot.get(name) for name in PROJECT_SENT_FIELDS},
        },
    )


@transaction.atomic
def submission_record_outcome(
    *, item: SubmissionItem, outcome: str, on_date: dt.date, acting_user: User, reason: str = ""
) -> SubmissionItem:
    """The national secretariat's answer for one project of a sent batch."""
    visible = SubmissionItem.objects.filter(
        submission__in=selectors.submission_list_for_user(user=acting_user).values("pk")
    )
    require_in_scope(visible, item)
    if not may_record_submission_outcome(acting_user):
        raise ValidationError(
            "ثبت نتیجه با دبیرخانه استان یا دبیرخانه ملی است.", code="not_allowed"
        )
    row = (
        SubmissionItem.objects.select_for_update()
        .select_related("submission", "project")
        .get(pk=item.pk)
    )
    if row.submission.status != NationalSubmission.Status.SENT:
        raise ValidationError("نتیجه فقط برای مجموعه ارسال‌شده ثبت می‌شود.", code="not_sent")
    reason = normalize_text(reason)
    if outcome == SubmissionItem.Outcome.RETURNED and not reason:
        raise ValidationError({"reason": "دلیل بازگشت طرح را بنویسید."})
    row.outcome, row.reason, row.outcome_date = outcome, reason, on_date
    row.save()
    _record(
        row.project,
        Event.SUBMISSION,
        f"نتیجه ارسال «{row.submission.title}»: {row.get_outcome_display()}"
        + (f" — {reason}" if reason else ""),
        acting_user,
    )
    return row


# --- Bulk (imports) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRow:
    """One project as a file states it; `ref` is the caller's handle for problems."""

    ref: Any
    code: str
    county: County
    owner: Agency
    fields: dict  # title, sector, sub_sector, executor, description, status, physical_progress,
    # start_date, planned_end_date, jobs_direct, jobs_indirect, jobs_realised
    programmes: tuple[str, ...] = ()


@dataclass(frozen=True)
class InvestmentRow:
    ref: Any
    project: str
    amount: Decimal
    currency: str
    value_date: dt.date
    source: str
    note: str = ""


@dataclass(frozen=True)
class ContractRow:
    ref: Any
    project: str
    bank: Agency
    facility_amount: Decimal
    currency: str
    status: str
    status_date: dt.date
    contract_number: str = ""


@dataclass(frozen=True)
class SubmissionRow:
    ref: Any
    title: str
    letter_number: str
    letter_date: dt.date
    project: str
    outcome: str
    reason: str = ""
    outcome_date: dt.date | None = None


def _programmes(names: Iterable[str]) -> list[Programme]:
    import hashlib

    return [
        Programme.objects.get_or_create(
            name=name, defaults={"code": "p-" + hashlib.sha1(name.encode()).hexdigest()[:10]}
        )[0]
        for name in names
    ]


def _error_field(error: ValidationError) -> str | None:
    return next(iter(error.message_dict), None) if hasattr(error, "error_dict") else None


def _clash(seen: dict, key, ref, field: str, problems: list) -> bool:
    if key in seen:
        problems.append(
            RowProblem(
                ref,
                field,
                f"این مورد در ردیف {_fa(getattr(seen[key], 'number', ''))} همین برگه هم آمده است.",
            )
        )
        return True
    seen[key] = ref
    return False


def projects_bulk_upsert(
    *,
    projects: list[ProjectRow],
    investments: list[InvestmentRow],
    contracts: list[ContractRow],
    submissions: list[SubmissionRow],
    acting_user: User,
) -> tuple[dict, list[RowProblem]]:
    """Projects, investment lines, bank contracts and sent batches from a file, by the screens'
    rules: a row equal to what is stored writes nothing; a new project goes through
    `project_create`, a change through `project_update` / `project_transition`; investment
    lines through `investment_add` / `investment_remove` (only when a project's lines differ);
    a contract's new status through `contract_advance` (its step history is appended, never
    deleted); a sent batch is frozen: only outcomes are recorded on it
    (`submission_record_outcome`), its title, letter and projects (and their snapshots) never
    change. Two rows for one record in a file are refused."""
    from hamahang.core.provenance import current_write_source
    from hamahang.projects.selectors import project_list_for_user

    require_secretariat(acting_user)
    reason = current_write_source() or "ورود از اکسل"
    problems: list[RowProblem] = []
    counts: dict[str, int] = defaultdict(int)
    stored = {
        p.code: p for p in project_list_for_user(user=acting_user).prefetch_related("programmes")
    }
    by_code = dict(stored)
    seen: dict = {}
    for row in projects:
        code = normalize_text(row.code).strip()
        if _clash(seen, code, row.ref, "code", problems):
            continue
        fields = {
            k: (normalize_text(v) if isinstance(v, str) else v) for k, v in row.fields.items()
        }
        status, progress = fields.pop("status"), fields.pop("physical_progress") or 0
        for name in ("jobs_direct", "jobs_indirect", "jobs_realised"):
            fields[name] = fields.get(name) or 0
        names = sorted({normalize_text(n) for n in row.programmes if normalize_text(n)})
        project = stored.get(code)
        try:
            if project is None:
                by_code[code] = project_create(
                    acting_user=acting_user,
                    code=code,
                    county=row.county,
                    owner=row.owner,
                    programmes=_programmes(names),
                    status=status,
                    physical_progress=progress,
                    **fields,
                )
                counts["projects_created"] += 1
                continue
            changed = {
                name: value
                for name, value in fields.items()
                if (
                    normalize_text(getattr(project, name))
                    if isinstance(value, str)
                    else getattr(project, name)
                )
                != value
            }
            if project.county_id != row.county.pk:
                changed["county"] = row.county
            if project.owner_id != row.owner.pk:
                changed["owner"] = row.owner
            new_programmes = sorted(p.name for p in project.programmes.all()) != names
            if (
                not changed
                and not new_programmes
                and progress == project.physical_progress
                and (status == project.status)
            ):
                counts["projects_unchanged"] += 1
                continue
            if status != project.status:
                project = project_transition(
                    project=project,
                    to_status=status,
                    on_date=clock.now().date(),
                    note=reason,
                    acting_user=acting_user,
                )
            if changed or new_programmes or progress != project.physical_progress:
                project = project_update(
                    project=project,
                    version=project.version,
                    programmes=_programmes(names) if new_programmes else None,
                    physical_progress=progress,
                    progress_reason=reason,
                    acting_user=acting_user,
                    **changed,
                )
            by_code[code] = project
            counts["projects_updated"] += 1
        except ValidationError as error:
            field = _error_field(error)
            problems.append(RowProblem(row.ref, field or "status", " ".join(error.messages)))

    _investments(investments, by_code, acting_user, problems, counts)
    _contracts(contracts, by_code, acting_user, reason, problems, counts)
    _submissions(submissions, by_code, acting_user, problems, counts)
    return dict(counts), problems


def _investments(rows, by_code, user, problems, counts) -> None:
    wanted: dict[str, list] = defaultdict(list)
    for row in rows:
        if row.project not in by_code:
            problems.append(RowProblem(row.ref, "project", f"طرحی با کد «{row.project}» نیست."))
            continue
        wanted[row.project].append(row)
    for code, project_rows in wanted.items():
        project = by_code[code]
        lines = list(project.investments.all())
        key = lambda amount, currency, date, source, note: (  # noqa: E731
            Decimal(amount).normalize(),
            (currency or "").upper(),
            date,
            source,
            normalize_text(note or ""),
        )
        remaining = {}
        for line in lines:
            remaining.setdefault(
                key(line.amount, line.currency, line.value_date, line.source, line.note), []
            ).append(line)
        to_add = []
        for row in project_rows:
            k = key(row.amount, row.currency, row.value_date, row.source, row.note)
            if remaining.get(k):
                remaining[k].pop()
                counts["investments_unchanged"] += 1
            else:
                to_add.append(row)
        for extra in (line for group in remaining.values() for line in group):
            investment_remove(line=extra, acting_user=user)
            counts["investments_removed"] += 1
        for row in to_add:
            try:
                investment_add(
                    project=project,
                    amount=row.amount,
                    currency=row.currency,
                    value_date=row.value_date,
                    source=row.source,
                    note=row.note or "",
                    acting_user=user,
                )
            except ValidationError as error:
                field = (
                    next(iter(error.message_dict), None) if hasattr(error, "error_dict") else None
                )
                problems.append(RowProblem(row.ref, field, " ".join(error.messages)))
                continue
            counts["investments_added"] += 1


def _contracts(rows, by_code, user, reason, problems, counts) -> None:
    seen: dict = {}
    for row in rows:
        project = by_code.get(row.project)
        if project is None:
            problems.append(RowProblem(row.ref, "project", f"طرحی با کد «{row.project}» نیست."))
            continue
        if row.bank.kind != Agency.Kind.BANK:
            problems.append(RowProblem(row.ref, "bank", f"«{row.bank}» بانک نیست."))
            continue
        if _clash(seen, (project.pk, row.bank.pk), row.ref, "bank", problems):
            continue
        currency = (row.currency or "").upper()
        contract = (
            BankAgencyContract.objects.filter(project=project, bank=row.bank).order_by("pk").last()
        )
        try:
            if contract is None:
                contract = contract_create(
                    project=project,
                    bank=row.bank,
                    facility_amount=row.facility_amount,
                    currency=currency,
                    on_date=row.status_date,
                    contract_number=row.contract_number,
                    acting_user=user,
                )
                if row.status != contract.status:
                    # A contract brought in from a file is recorded at the stage it has reached
                    # (one step, dated as the file says); later moves go through contract_advance.
                    contract.status, contract.status_date = row.status, row.status_date
                    contract.save()
                    contract.steps.update(
                        status=row.status, date=row.status_date, note=reason[:250]
                    )
                counts["contracts_created"] += 1
                continue
            if (contract.facility_amount, contract.currency) != (row.facility_amount, currency):
                problems.append(
                    RowProblem(
                        row.ref,
                        "facility_amount",
                        "مبلغ و ارز قرارداد ثبت‌شده از راه ورود تغییر نمی‌کند.",
                    )
                )
                continue
            if (
                contract.status == row.status
                and contract.status_date == row.status_date
                and (not row.contract_number or contract.contract_number == row.contract_number)
            ):
                counts["contracts_unchanged"] += 1
                continue
            contract_advance(
                contract=contract,
                to_status=row.status,
                on_date=row.status_date,
                contract_number=row.contract_number,
                note=reason[:250],
                version=contract.version,
                acting_user=user,
            )
            counts["contracts_advanced"] += 1
        except ValidationError as error:
            field = _error_field(error)
            problems.append(RowProblem(row.ref, field or "status", " ".join(error.messages)))


def _submissions(rows, by_code, user, problems, counts) -> None:
    seen: dict = {}
    batches: dict[tuple, NationalSubmission] = {}
    for row in rows:
        project = by_code.get(row.project)
        if project is None:
            problems.append(RowProblem(row.ref, "project", f"طرحی با کد «{row.project}» نیست."))
            continue
        key = (project.province_id, row.letter_number, row.letter_date)
        if _clash(seen, (key, project.pk), row.ref, "project", problems):
            continue
        batch = batches.get(key)
        if batch is None:
            batch = NationalSubmission.objects.filter(
                province_id=key[0], letter_number=row.letter_number, letter_date=row.letter_date
            ).first()
            if batch is None:
                batch = NationalSubmission.objects.create(
                    province_id=key[0],
                    letter_number=row.letter_number,
                    letter_date=row.letter_date,
                    title=normalize_text(row.title),
                    status=NationalSubmission.Status.SENT,
                    sent_at=dt.datetime.combine(
                        row.letter_date, dt.time(12), tzinfo=ZoneInfo("Asia/Tehran")
                    ),
                    sent_by=user,
                )
                batch._created_by_import = True
                counts["submissions_created"] += 1
            batches[key] = batch
        created_here = getattr(batch, "_created_by_import", False)
        sent = not created_here and batch.status == NationalSubmission.Status.SENT
        if sent and batch.title != normalize_text(row.title):
            problems.append(
                RowProblem(
                    row.ref,
                    "title",
                    f"مجموعه «{batch.title}» به دبیرخانه ملی فرستاده شده و ثابت است؛ "
                    "عنوان آن تغییر نمی‌کند.",
                )
            )
            continue
        item = SubmissionItem.objects.filter(submission=batch, project=project).first()
        if item is None:
            if not created_here:
                problems.append(
                    RowProblem(
                        row.ref,
                        "project",
                        f"مجموعه «{batch.title}» به دبیرخانه ملی فرستاده شده و ثابت است؛ "
                        f"طرح «{display_code(project.code)}» به آن افزوده نمی‌شود.",
                    )
                )
                continue
            SubmissionItem.objects.create(
                submission=batch,
                project=project,
                outcome=row.outcome,
                reason=normalize_text(row.reason),
                outcome_date=row.outcome_date,
                snapshot=project_snapshot(project),
            )
            counts["submission_items_created"] += 1
            continue
        if (item.outcome, normalize_text(item.reason), item.outcome_date) == (
            row.outcome,
            normalize_text(row.reason),
            row.outcome_date,
        ):
            counts["submission_items_unchanged"] += 1
            continue
        try:
            submission_record_outcome(
                item=item,
                outcome=row.outcome,
                on_date=row.outcome_date or clock.now().date(),
                reason=row.reason,
                acting_user=user,
            )
        except ValidationError as error:
            problems.append(RowProblem(row.ref, "outcome", " ".join(error.messages)))
            continue
        counts["submission_outcomes_recorded"] += 1
