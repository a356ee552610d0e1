"""Every write of production units and support cases. Keyword-only, validated, atomic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Length

from hamahang.accounts.access import require_in_scope, require_secretariat
from hamahang.accounts.models import User
from hamahang.accounts.selectors import agency_list_for_user, county_list_for_user
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import check_version
from hamahang.core.identifiers import clean_identifier
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
    case.full_clean(validate_unique=False, validate_constraints=False)
    case.save()
    _case_event(
        case, "", f"درخواست «{case.get_type_display()}» واحد «{unit}» دریافت شد.", acting_user
    )
    return case


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
