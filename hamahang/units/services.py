"""Every write of production units and support cases. Keyword-only, validated, atomic."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models import Q as models_q
from django.db.models.functions import Length

from hamahang.accounts.access import require_in_scope, require_secretariat
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user, county_list_for_user
from hamahang.core.bulk import RowProblem
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import check_version
from hamahang.core.identifiers import (
    clean_identifier,
    validate_legal_id,
    validate_national_code,
)
from hamahang.core.jalali import format_jalali, jalali_year
from hamahang.core.text import normalize_text
from hamahang.core.validation import TEXT_MAX, refuse_too_long
from hamahang.organizations.models import Agency, County, Province
from hamahang.units import selectors
from hamahang.units.models import (
    CaseEvent,
    IndustrialEstate,
    ProductionUnit,
    SupportCase,
    UnitEvent,
    UnitStatus,
)
from hamahang.units.obstacles import clean_obstacle

UNIT_FIELDS = (
    "name",
    "legal_id",
    "national_code",
    "business_id",
    "isic",
    "activity",
    "kind",
    "county",
    "estate",
    "address",
    "capacity",
    "utilisation",
    "covid_affected",
    "ownership",
    "contact_name",
    "phone",
)


def _clean_unit(unit: ProductionUnit, user: User) -> None:
    unit.name = normalize_text(unit.name)
    unit.legal_id = clean_identifier(unit.legal_id) or None
    unit.national_code = clean_identifier(unit.national_code) or None
    if not unit.legal_id and not unit.national_code:
        raise ValidationError(
            {"legal_id": "شناسه ملی واحد (۱۱ رقم) یا کد ملی مالک (۱۰ رقم) را وارد کنید."}
        )
    if not county_list_for_user(user=user).filter(pk=unit.county_id).exists():
        raise ValidationError({"county": "این شهرستان در حوزه دسترسی شما نیست."})
    if unit.estate_id and unit.estate.county_id != unit.county_id:
        raise ValidationError({"estate": "این شهرک در شهرستان انتخاب‌شده نیست."})
    others = ProductionUnit.objects.exclude(pk=unit.pk)
    if unit.legal_id and others.filter(legal_id=unit.legal_id).exists():
        raise ValidationError(
            {
                "legal_id": f"واحدی با شناسه ملی {to_persian_digits(unit.legal_id)} "
                "پیش‌تر ثبت شده است."
            }
        )
    if unit.national_code and others.filter(national_code=unit.national_code).exists():
        raise ValidationError(
            {
                "national_code": f"واحدی با کد ملی {to_persian_digits(unit.national_code)} "
                "پیش‌تر ثبت شده است."
            }
        )
    if not 0 <= (unit.utilisation or 0) <= 100:
        raise ValidationError({"utilisation": "درصد استفاده از ظرفیت باید از ۰ تا ۱۰۰ باشد."})
    unit.province_id = unit.county.province_id
    unit.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def unit_register(
    *,
    acting_user: User,
    registered_on: dt.date,
    status: str = UnitStatus.ACTIVE,
    jobs: int = 0,
    **fields,
) -> ProductionUnit:
    """A unit the office starts following (already existing, in whatever state it is)."""
    require_secretariat(acting_user)
    if jobs is None or int(jobs) < 0:
        raise ValidationError({"jobs": "تعداد شاغلان نمی‌تواند منفی باشد."})
    unit = ProductionUnit(status=status, jobs=int(jobs), **_known(fields))
    _clean_unit(unit, acting_user)
    unit.save()
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.REGISTERED,
        date=registered_on,
        to_status=status,
        jobs_after=unit.jobs,
        actor=acting_user,
        note="ثبت واحد در سامانه",
    )
    return unit


@transaction.atomic
def unit_launch(
    *,
    acting_user: User,
    launched_on: dt.date,
    product: str,
    jobs: int,
    **fields,
) -> ProductionUnit:
    """A new unit starts production (industrial or workshop): counted from its launch event."""
    require_secretariat(acting_user)
    product = normalize_text(product)
    if not product:
        raise ValidationError({"product": "محصول واحد تازه‌راه‌اندازی‌شده را بنویسید."})
    if jobs is None or int(jobs) < 0:
        raise ValidationError({"jobs": "تعداد شاغلان نمی‌تواند منفی باشد."})
    unit = ProductionUnit(status=UnitStatus.ACTIVE, jobs=int(jobs), **_known(fields))
    if not unit.activity:
        unit.activity = product
    _clean_unit(unit, acting_user)
    unit.save()
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.LAUNCH,
        date=launched_on,
        to_status=UnitStatus.ACTIVE,
        jobs_after=unit.jobs,
        product=product,
        actor=acting_user,
        note=f"راه‌اندازی واحد {unit.get_kind_display()} تولید {product}",
    )
    return unit


def _require_unit(user: User, unit: ProductionUnit) -> None:
    """The unit must be one the acting user may see (else the screens' 404 words)."""
    require_in_scope(selectors.unit_list_for_user(user=user), unit)


def _known(fields: dict) -> dict:
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {unknown}")
    return {k: normalize_text(v) if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def unit_update(
    *, unit: ProductionUnit, version: int | None, acting_user: User, **fields
) -> ProductionUnit:
    _require_unit(acting_user, unit)
    require_secretariat(acting_user)
    row = ProductionUnit.objects.select_for_update().get(pk=unit.pk)
    check_version(row, version, "واحد")
    for name, value in _known(fields).items():
        setattr(row, name, value)
    _clean_unit(row, acting_user)
    row.version += 1
    row.save()
    return row


@transaction.atomic
def unit_record_status(
    *,
    unit: ProductionUnit,
    to_status: str,
    on_date: dt.date,
    jobs_after: int,
    acting_user: User,
    cause: str = "",
    note: str = "",
) -> UnitEvent:
    """A dated status change with the jobs before and after it (a revival when stagnant or
    closed becomes active)."""
    _require_unit(acting_user, unit)
    require_secretariat(acting_user)
    row = ProductionUnit.objects.select_for_update().get(pk=unit.pk)
    if to_status == row.status:
        raise ValidationError(
            {"to_status": f"وضعیت واحد هم‌اکنون «{row.get_status_display()}» است."}
        )
    if jobs_after is None or int(jobs_after) < 0:
        raise ValidationError({"jobs_after": "تعداد شاغلان نمی‌تواند منفی باشد."})
    last = row.events.aggregate(last=Max("date"))["last"]
    if last and on_date < last:
        raise ValidationError(
            {"on_date": f"تاریخ این تغییر پیش از آخرین رویداد واحد ({format_jalali(last)}) است."}
        )
    event = UnitEvent.objects.create(
        unit=row,
        kind=UnitEvent.Kind.STATUS,
        date=on_date,
        from_status=row.status,
        to_status=to_status,
        jobs_before=row.jobs,
        jobs_after=int(jobs_after),
        cause=cause or "",
        note=normalize_text(note),
        actor=acting_user,
    )
    row.status, row.jobs = to_status, int(jobs_after)
    row.version += 1
    row.save()
    return event


# --- Support cases ---------------------------------------------------------------------------


def _case_event(case: SupportCase, before: str, description: str, actor: User | None) -> None:
    CaseEvent.objects.create(
        case=case, from_status=before, to_status=case.status, description=description, actor=actor
    )


def case_record_note(*, case: SupportCase, description: str, actor: User | None) -> None:
    """A line on the case's timeline that does not change its status (a referral's answer
    from an upper tier, written by meetings.services.referrals, which checked access)."""
    _case_event(case, case.status, description, actor)


def _next_case_code(province_id: int, received_on: dt.date) -> str:
    """The province's next case code of the year (1399-0007). The province row is locked for
    the rest of the transaction, so parallel intakes take turns instead of computing the same
    number; the highest code taken, not a count, so a gap never yields a duplicate."""
    Province.objects.select_for_update().filter(pk=province_id).first()
    prefix = f"{jalali_year(received_on)}-"
    last = (
        SupportCase.objects.filter(province_id=province_id, code__startswith=prefix)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def case_create(
    *,
    unit: ProductionUnit,
    type: str,
    description: str,
    received_on: dt.date,
    acting_user: User,
    creditor: str = "",
    creditor_agency: Agency | None = None,
    amount: Decimal | None = None,
    obstacle: str = "",
    legal_basis: str = "",
) -> SupportCase:
    """Take in a unit's request for help."""
    _require_unit(acting_user, unit)
    require_secretariat(acting_user)
    description = normalize_text(description)
    if not description:
        raise ValidationError({"description": "شرح درخواست را بنویسید."})
    refuse_too_long(description, TEXT_MAX, "شرح درخواست")
    if type in SupportCase.NEEDS_CREDITOR and not creditor:
        raise ValidationError({"creditor": "طلبکار (بانک یا دستگاه) این درخواست را مشخص کنید."})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": "مبلغ نمی‌تواند منفی باشد."})
    if (
        creditor_agency
        and not agency_list_for_user(user=acting_user).filter(pk=creditor_agency.pk).exists()
    ):
        raise ValidationError({"creditor_agency": "این دستگاه در حوزه دسترسی شما نیست."})
    case = SupportCase(
        unit=unit,
        province_id=unit.province_id,
        code=_next_case_code(unit.province_id, received_on),
        type=type,
        creditor=creditor or "",
        creditor_agency=creditor_agency,
        amount=amount,
        description=description,
        received_on=received_on,
    )
    case.obstacle, case.legal_basis = clean_obstacle(obstacle, legal_basis)
    case.full_clean(validate_unique=False, validate_constraints=False)
    case.save()
    _case_event(
        case, "", f"درخواست «{case.get_type_display()}» واحد «{unit}» دریافت شد.", acting_user
    )
    return case


@transaction.atomic
def case_code_obstacle(
    *, case: SupportCase, obstacle: str, legal_basis: str, acting_user: User
) -> SupportCase:
    """Code a case by obstacle (and the legal basis it cites): the taxonomy's one write."""
    require_in_scope(selectors.case_list_for_user(user=acting_user), case)
    require_secretariat(acting_user)
    obstacle, legal_basis = clean_obstacle(obstacle, legal_basis)
    row = SupportCase.objects.select_for_update().get(pk=case.pk)
    if (row.obstacle, row.legal_basis) == (obstacle, legal_basis):
        return row
    row.obstacle, row.legal_basis = obstacle, legal_basis
    row.version += 1
    row.save(update_fields=["obstacle", "legal_basis", "version", "updated_at"])
    label = row.get_obstacle_display() if obstacle else "بدون مانع"
    _case_event(row, row.status, f"مانع پرونده: «{label}».", acting_user)
    return row


def _move(
    case: SupportCase, target: str, description: str, acting_user: User | None
) -> SupportCase:
    row = SupportCase.objects.select_for_update().get(pk=case.pk)
    current, goal = SupportCase.Status(row.status), SupportCase.Status(target)
    if goal not in SupportCase.TRANSITIONS[current]:
        raise ValidationError(
            f"پرونده {to_persian_digits(row.code)} «{current.label}» است و نمی‌تواند "
            f"«{goal.label}» شود.",
            code="invalid_transition",
        )
    row.status = goal
    if goal in {
        SupportCase.Status.IMPLEMENTED,
        SupportCase.Status.REJECTED,
        SupportCase.Status.WITHDRAWN,
    }:
        from hamahang.core.jalali import today

        row.closed_on = today()
    row.version += 1
    row.save()
    _case_event(row, current, description, acting_user)
    return row


@transaction.atomic
def case_transition(
    *, case: SupportCase, to_status: str, acting_user: User, note: str = ""
) -> SupportCase:
    """What the secretariat does by hand: review, reject, record a withdrawal or implementation."""
    require_in_scope(selectors.case_list_for_user(user=acting_user), case)
    require_secretariat(acting_user)
    note = normalize_text(note)
    if to_status in {SupportCase.Status.REJECTED, SupportCase.Status.WITHDRAWN} and not note:
        raise ValidationError({"note": "دلیل را بنویسید."})
    label = SupportCase.Status(to_status).label
    row = _move(
        case, to_status, f"وضعیت پرونده «{label}» شد" + (f": {note}" if note else "."), acting_user
    )
    if note and to_status in {SupportCase.Status.REJECTED, SupportCase.Status.WITHDRAWN}:
        row.outcome = note
        row.save(update_fields=["outcome"])
    return row


def case_refer(*, case: SupportCase, meeting_label: str, acting_user: User) -> SupportCase:
    """Called by the meetings service when the case goes on a meeting's agenda."""
    return _move(
        case, SupportCase.Status.REFERRED, f"به دستور {meeting_label} ارجاع شد.", acting_user
    )


def case_decide(
    *, case: SupportCase, resolution_label: str, rejected: bool, acting_user: User
) -> SupportCase:
    """Called by the meetings service when a resolution settles the case."""
    row = SupportCase.objects.get(pk=case.pk)
    if row.status != SupportCase.Status.REFERRED:
        row = _move(row, SupportCase.Status.REFERRED, "برای تصمیم‌گیری به جلسه آمد.", acting_user)
    row = _move(
        row, SupportCase.Status.DECIDED, f"با {resolution_label} تصمیم‌گیری شد.", acting_user
    )
    if rejected:
        row = _move(
            row, SupportCase.Status.REJECTED, f"{resolution_label}: درخواست رد شد.", acting_user
        )
    row.outcome = resolution_label
    row.save(update_fields=["outcome"])
    return row


def case_mark_implemented(
    *, case: SupportCase, resolution_label: str, acting_user: User | None
) -> None:
    """Called by the meetings service when the deciding resolution has been carried out."""
    row = SupportCase.objects.get(pk=case.pk)
    if row.status == SupportCase.Status.DECIDED:
        _move(row, SupportCase.Status.IMPLEMENTED, f"{resolution_label} اجرا شد.", acting_user)


@transaction.atomic
def estate_ensure(*, county: County, name: str) -> IndustrialEstate:
    estate, _ = IndustrialEstate.objects.get_or_create(
        province_id=county.province_id, name=normalize_text(name), defaults={"county": county}
    )
    return estate


# --- Bulk (imports) --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    """One unit as a file states it; `ref` is the caller's handle for problems."""

    ref: Any
    county: County
    fields: dict  # UNIT_FIELDS except county/estate, plus jobs and status
    estate: str = ""


@dataclass(frozen=True)
class UnitEventRow:
    ref: Any
    unit: str  # legal ID or owner's national code
    date: dt.date
    kind: str
    to_status: str
    from_status: str = ""
    jobs_before: int = 0
    jobs_after: int = 0
    cause: str = ""
    product: str = ""
    note: str = ""


@dataclass(frozen=True)
class CaseRow:
    ref: Any
    code: str
    unit: str
    type: str
    received_on: dt.date
    status: str
    description: str
    creditor: str = ""
    creditor_agency: Agency | None = None
    amount: Decimal | None = None
    outcome: str = ""
    obstacle: str = ""
    legal_basis: str = ""


_EVENT_FIELDS = (
    "date",
    "kind",
    "from_status",
    "to_status",
    "jobs_before",
    "jobs_after",
    "cause",
    "product",
    "note",
)
_CASE_FIELDS = (
    "type",
    "creditor",
    "creditor_agency_id",
    "amount",
    "received_on",
    "status",
    "description",
    "outcome",
)


def _same(stored, value) -> bool:
    """Stored text may hold what input normalisation drops (direction marks around codes)."""
    if isinstance(stored, str) and isinstance(value, str):
        return normalize_text(stored) == normalize_text(value)
    return stored == value


def _event_key(values: dict) -> tuple:
    return tuple(values[name] for name in _EVENT_FIELDS)


def units_bulk_upsert(
    *,
    units: list[UnitRow],
    events: list[UnitEventRow],
    cases: list[CaseRow],
    acting_user: User,
) -> tuple[dict, list[RowProblem]]:
    """Units, their status history and their cases from a file, by the screens' rules.

    A unit or case equal to what is stored is not written (no history row). A changed unit
    is written with a history row and a new version (a form opened before is then stale).
    Status history is append-only: an event already stored is kept, a new one is added (not
    dated before the unit's last stored event), none is ever deleted or re-created. A case
    whose status changes gets the case event a screen writes. Identifiers are unique in the
    whole country: one stored in another province is refused with a Persian message."""
    require_secretariat(acting_user)
    problems: list[RowProblem] = []
    counts: dict[str, int] = defaultdict(int)
    from hamahang.core.provenance import current_write_source
    from hamahang.units.selectors import case_list_for_user, unit_list_for_user

    existing: dict[str, ProductionUnit] = {}
    for unit in unit_list_for_user(user=acting_user).select_related("estate"):
        for key in (unit.legal_id, unit.national_code):
            if key:
                existing[key] = unit
    idents = {
        clean_identifier(row.fields.get(name) or "")
        for row in units
        for name in ("legal_id", "national_code")
    } - {""}
    ordered, elsewhere = sorted(idents), set()
    for start in range(0, len(ordered), 500):  # bounded IN lists (SQLite's variable limit)
        batch = ordered[start : start + 500]
        elsewhere |= {
            key
            for pair in ProductionUnit.objects.filter(
                models_q(legal_id__in=batch) | models_q(national_code__in=batch)
            ).values_list("legal_id", "national_code")
            for key in pair
            if key and key not in existing
        }
    estates: dict[tuple[int, str], IndustrialEstate] = {}
    seen: dict[str, UnitRow] = {}
    moved: dict[int, tuple[str, int]] = {}  # unit → (status, jobs) before the file
    by_ident = dict(existing)
    created, updated = [], []
    for row in units:
        values = _known({k: v for k, v in row.fields.items() if k not in {"jobs", "status"}})
        legal = clean_identifier(values.get("legal_id") or "") or None
        code = clean_identifier(values.get("national_code") or "") or None
        field = "legal_id" if legal else "national_code"
        try:
            if legal:
                validate_legal_id(legal)
            if code:
                validate_national_code(code)
        except ValidationError as error:
            problems.append(RowProblem(row.ref, field, error.messages[0]))
            continue
        ident = legal or code
        if not ident:
            problems.append(RowProblem(row.ref, "legal_id", "شناسه ملی یا کد ملی واحد لازم است."))
            continue
        if ident in seen:
            first = seen[ident]
            same = first.fields == row.fields and first.county == row.county
            problems.append(
                RowProblem(
                    row.ref,
                    field,
                    f"این شناسه در ردیف {to_persian_digits(getattr(first.ref, 'number', ''))} "
                    "همین برگه هم آمده است"
                    + ("." if same else " و با آن ناسازگار است؛ یکی را نگه دارید."),
                )
            )
            continue
        seen[ident] = row
        if ident in elsewhere or (code and code in elsewhere and code != ident):
            problems.append(
                RowProblem(
                    row.ref,
                    field,
                    f"واحدی با شناسه {to_persian_digits(ident)} در استان یا حوزه‌ای دیگر ثبت است؛ "
                    "از این‌جا تغییر نمی‌کند.",
                )
            )
            continue
        unit = existing.get(ident) or ProductionUnit()
        estate = None
        if row.estate:
            estate_key = (row.county.pk, normalize_text(row.estate))
            if estate_key not in estates:
                estates[estate_key] = estate_ensure(county=row.county, name=row.estate)
            estate = estates[estate_key]
        wanted = {
            **{name: values.get(name) or "" for name in UNIT_FIELDS if name in values},
            "legal_id": legal,
            "national_code": code,
            "county_id": row.county.pk,
            "province_id": row.county.province_id,
            "estate_id": estate.pk if estate else None,
            "utilisation": values.get("utilisation") or 0,
            "jobs": row.fields.get("jobs") or 0,
            "covid_affected": bool(values.get("covid_affected")),
            "status": row.fields.get("status"),
        }
        if unit.pk and all(_same(getattr(unit, name), value) for name, value in wanted.items()):
            counts["units_unchanged"] += 1
            by_ident[ident] = unit
            continue
        if unit.pk and unit.status != wanted["status"]:
            moved[unit.pk] = (unit.status, unit.jobs)
        for name, value in wanted.items():
            setattr(unit, name, value)
        try:
            unit.full_clean(
                exclude=["county", "province", "estate"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            problems.append(RowProblem(row.ref, None, " ".join(error.messages)))
            continue
        counts["units_updated" if unit.pk else "units_created"] += 1
        (updated if unit.pk else created).append(unit)
        for key in (legal, code):
            if key:
                by_ident[key] = unit
    if problems:
        return dict(counts), problems
    _write_units(created, updated, acting_user)

    stored_events: dict[int, set] = defaultdict(set)
    last_date: dict[int, dt.date] = {}
    unit_ids = {unit.pk for unit in by_ident.values()}
    for values in UnitEvent.objects.filter(unit_id__in=unit_ids).values("unit_id", *_EVENT_FIELDS):
        for name in ("product", "note"):
            values[name] = normalize_text(values[name])
        stored_events[values["unit_id"]].add(_event_key(values))
        if values["date"] > last_date.get(values["unit_id"], dt.date.min):
            last_date[values["unit_id"]] = values["date"]
    new_events = []
    for row in events:
        unit = by_ident.get(clean_identifier(row.unit or ""))
        if unit is None:
            problems.append(RowProblem(row.ref, "unit", f"واحدی با شناسه «{row.unit}» نیست."))
            continue
        values = {name: getattr(row, name) for name in _EVENT_FIELDS}
        for name in ("from_status", "cause", "product", "note"):
            values[name] = normalize_text(values[name] or "")
        for name in ("jobs_before", "jobs_after"):
            values[name] = values[name] or 0
        if _event_key(values) in stored_events[unit.pk]:
            counts["events_unchanged"] += 1
            continue
        if unit.pk in last_date and row.date < last_date[unit.pk]:
            problems.append(
                RowProblem(
                    row.ref,
                    "date",
                    f"تاریخ این رویداد پیش از آخرین رویداد ثبت‌شده واحد "
                    f"({format_jalali(last_date[unit.pk])}) است؛ تاریخچه وضعیت فقط افزوده "
                    "می‌شود و رویدادهای ثبت‌شده تغییر نمی‌کنند.",
                )
            )
            continue
        stored_events[unit.pk].add(_event_key(values))
        new_events.append(UnitEvent(unit_id=unit.pk, actor=acting_user, **values))
    # A status changed in the units sheet without its event in the history sheet gets the
    # event a screen writes (`unit_record_status`): dated today, jobs before and after.
    from hamahang.core.jalali import today

    covered = {(event.unit_id, event.to_status) for event in new_events}
    for unit in updated:
        if unit.pk in moved and (unit.pk, unit.status) not in covered:
            before, jobs_before = moved[unit.pk]
            new_events.append(
                UnitEvent(
                    unit_id=unit.pk,
                    kind=UnitEvent.Kind.STATUS,
                    date=today(),
                    from_status=before,
                    to_status=unit.status,
                    jobs_before=jobs_before,
                    jobs_after=unit.jobs,
                    actor=acting_user,
                    note=(current_write_source() or "ورود از اکسل")[:250],
                )
            )
    UnitEvent.objects.bulk_create(new_events, batch_size=1000)
    if new_events:
        counts["events_added"] += len(new_events)

    stored_cases = {c.code: c for c in case_list_for_user(user=acting_user)}
    seen_codes: dict[str, Any] = {}
    for row in cases:
        code = row.code
        if code in seen_codes:
            problems.append(
                RowProblem(
                    row.ref,
                    "code",
                    "این شماره در ردیف "
                    f"{to_persian_digits(getattr(seen_codes[code], 'number', ''))} "
                    "همین برگه هم آمده است.",
                )
            )
            continue
        seen_codes[code] = row.ref
        unit = by_ident.get(clean_identifier(row.unit or ""))
        if unit is None:
            problems.append(RowProblem(row.ref, "unit", f"واحدی با شناسه «{row.unit}» نیست."))
            continue
        case = stored_cases.get(code)
        wanted = {
            "type": row.type,
            "creditor": row.creditor or "",
            "creditor_agency_id": row.creditor_agency.pk if row.creditor_agency else None,
            "amount": row.amount,
            "received_on": row.received_on,
            "status": row.status,
            "description": normalize_text(row.description),
            "outcome": normalize_text(row.outcome or ""),
        }
        # An empty obstacle or legal basis cell keeps what is stored (a file from before
        # these columns changes nothing); a given one is checked like the screens'.
        try:
            obstacle, legal_basis = clean_obstacle(row.obstacle, row.legal_basis)
        except ValidationError as error:
            problems.append(RowProblem(row.ref, "obstacle", " ".join(error.messages)))
            continue
        if obstacle:
            wanted["obstacle"] = obstacle
        if legal_basis:
            wanted["legal_basis"] = legal_basis
        if (
            case is not None
            and case.unit_id == unit.pk
            and all(_same(getattr(case, name), value) for name, value in wanted.items())
        ):
            counts["cases_unchanged"] += 1
            continue
        before = case.status if case is not None else ""
        case = case or SupportCase(code=code)
        counts["cases_updated" if case.pk else "cases_created"] += 1
        case.unit, case.province_id = unit, unit.province_id
        for name, value in wanted.items():
            setattr(case, name, value)
        if case.pk:
            case.version += 1
        try:
            case.full_clean(
                exclude=["unit", "province", "creditor_agency"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            problems.append(RowProblem(row.ref, None, " ".join(error.messages)))
            continue
        case.save()
        if before != case.status:
            _case_event(
                case,
                before,
                f"وضعیت پرونده «{case.get_status_display()}» شد (ورود از اکسل)."
                if before
                else f"درخواست «{case.get_type_display()}» واحد «{unit}» ثبت شد (ورود از اکسل).",
                acting_user,
            )
    return dict(counts), problems


def _write_units(created: list, updated: list, user: User) -> None:
    """Write the checked units in batches, each with its history row naming the importer
    (two queries a row, one by one, were most of a 50,000-row import)."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from hamahang.core import clock
    from hamahang.core.provenance import current_write_source

    now = clock.now()
    for unit in (*created, *updated):
        unit.refresh_search_text()
        unit.updated_at = now
    for unit in updated:
        unit.version += 1  # an edit form opened before the import is now stale
    reason = (current_write_source() or "ورود از پرونده اکسل")[:100]
    bulk_create_with_history(
        created, ProductionUnit, batch_size=1000, default_user=user, default_change_reason=reason
    )
    if updated:
        fields = [
            f.name
            for f in ProductionUnit._meta.concrete_fields
            if not f.primary_key and f.name != "created_at"
        ]
        bulk_update_with_history(
            updated,
            ProductionUnit,
            fields,
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )
