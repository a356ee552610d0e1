"""Every write of outcomes, producer commitments and producer blocks: validated, atomic, with
the event row on the resolution's (and case's) timeline. Screens, the API and the Excel import
all call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.access import require_in_scope, require_secretariat
from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import format_jalali, today
from hamahang.core.numbers import format_number
from hamahang.core.text import normalize_text
from hamahang.core.validation import refuse_control_chars, refuse_too_long
from hamahang.meetings.models import Assignment, Resolution, ResolutionEvent
from hamahang.meetings.selectors import assignment_list_for_user, resolution_list_for_user
from hamahang.outcomes.models import AssignmentBlock, Outcome, ProducerCommitment
from hamahang.projects.currencies import RIAL, validate_currency
from hamahang.units.models import CaseEvent, ProductionUnit, SupportCase
from hamahang.units.selectors import case_list_for_user, unit_list_for_user

Event = ResolutionEvent.Kind


def _text(value: str, message: str, limit: int, *, required: bool = True) -> str:
    cleaned = normalize_text(value or "")
    if required and not cleaned:
        raise ValidationError(message, code="required")
    refuse_control_chars(cleaned)
    refuse_too_long(cleaned, limit)
    return cleaned


def _quantity(value, kind: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"مقدار «{value}» عدد نیست.", code="invalid_quantity") from None
    if not number.is_finite() or number <= 0:
        raise ValidationError("مقدار دستاورد باید عددی بزرگ‌تر از صفر باشد.", code="not_positive")
    if kind in Outcome.COUNTED and number != number.to_integral_value():
        raise ValidationError(
            f"«{Outcome.Kind(kind).label}» با عدد صحیح (نفر یا واحد) ثبت می‌شود.",
            code="not_whole",
        )
    return number


def _past_date(value: dt.date | None, what: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError(f"تاریخ {what} معتبر نیست.", code="invalid_date")
    if value > today():
        raise ValidationError(
            f"تاریخ {what} ({format_jalali(value)}) در آینده است؛ دستاوردی که هنوز رخ نداده "
            "ثبت نمی‌شود.",
            code="future_date",
        )
    return value


def outcome_describe(outcome: Outcome) -> str:
    """«حفظ اشتغال ۱۲۰ نفر», «منابع آزادشده ۵۰۰٬۰۰۰ USD», for timelines and lists."""
    K = Outcome.Kind
    amount = format_number(outcome.quantity)
    people, units = "نفر", "واحد"
    unit = {
        K.JOBS_KEPT: people,
        K.JOBS_CREATED: people,
        K.UNIT_REVIVED: units,
        K.UNIT_LAUNCHED: units,
    }.get(outcome.kind, "")
    if outcome.kind == K.MONEY_RELEASED:
        unit = "ریال" if outcome.currency == RIAL else outcome.currency
    elif outcome.kind == K.PRODUCTION_RESTORED:
        unit = outcome.measure
    return f"{outcome.get_kind_display()} {amount} {unit}".strip()


@transaction.atomic
def outcome_record(
    *,
    kind: str,
    quantity,
    date: dt.date,
    source: str,
    acting_user: User,
    resolution: Resolution | None = None,
    case: SupportCase | None = None,
    measure: str = "",
    currency: str = "",
) -> Outcome:
    """Record what a resolution or a case produced. Refuses (in Persian) a quantity that is
    not positive (or not whole for people and units), a date in the future, an outcome of
    neither a resolution nor a case, money without its currency, production without its
    unit of measure; the currency is kept as given, never converted."""
    require_secretariat(acting_user)
    if kind not in Outcome.Kind.values:
        raise ValidationError(f"نوع دستاورد «{kind}» شناخته نیست.", code="invalid_kind")
    if resolution is None and case is None:
        raise ValidationError(
            "دستاورد باید به یک مصوبه یا یک پرونده مربوط باشد.", code="no_subject"
        )
    require_in_scope(resolution_list_for_user(user=acting_user), resolution)
    require_in_scope(case_list_for_user(user=acting_user), case)
    number = _quantity(quantity, kind)
    _past_date(date, "دستاورد")
    source = _text(source, "منبع دستاورد را بنویسید (مثلاً «گزارش اداره کل تعاون»).", 300)
    currency = (currency or "").strip().upper()
    measure = _text(measure, "", 50, required=False)
    if kind == Outcome.Kind.MONEY_RELEASED:
        if not currency:
            raise ValidationError(
                "برای منابع آزادشده ارز را مشخص کنید (IRR برای ریال یا کد ارز خارجی).",
                code="currency_required",
            )
        validate_currency(currency)
        measure = ""
    else:
        currency = ""
        if kind == Outcome.Kind.PRODUCTION_RESTORED and not measure:
            raise ValidationError(
                "برای بازگشت تولید واحد سنجش را بنویسید (مثلاً «تن در ماه»).",
                code="measure_required",
            )
        if kind != Outcome.Kind.PRODUCTION_RESTORED:
            measure = ""
    outcome = Outcome(
        kind=kind,
        quantity=number,
        measure=measure,
        currency=currency,
        date=date,
        source=source,
        resolution=resolution,
        case=case,
        recorded_by=acting_user,
    )
    outcome.full_clean()
    outcome.save()
    words = f"{outcome_describe(outcome)} (منبع: {source}، {format_jalali(date)})"
    if resolution is not None:
        ResolutionEvent.objects.create(
            resolution=resolution,
            actor=acting_user,
            kind=Event.OUTCOME_RECORDED,
            description=f"ثبت دستاورد: {words}",
        )
    if case is not None:
        CaseEvent.objects.create(
            case=case,
            from_status=case.status,
            to_status=case.status,
            description=f"ثبت دستاورد: {words}",
            actor=acting_user,
        )
    return outcome


@transaction.atomic
def commitment_create(
    *,
    unit: ProductionUnit,
    kind: str,
    description: str,
    deadline: dt.date,
    acting_user: User,
    case: SupportCase | None = None,
    resolution: Resolution | None = None,
    headcount: int | None = None,
) -> ProducerCommitment:
    """A producer's obligation (repay arrears, restart a line, hire N) with its deadline."""
    require_secretariat(acting_user)
    require_in_scope(unit_list_for_user(user=acting_user), unit)
    require_in_scope(case_list_for_user(user=acting_user), case)
    require_in_scope(resolution_list_for_user(user=acting_user), resolution)
    if kind not in ProducerCommitment.Kind.values:
        raise ValidationError(f"نوع تعهد «{kind}» شناخته نیست.", code="invalid_kind")
    if case is not None and case.unit_id != unit.pk:
        raise ValidationError("این پرونده از آنِ این واحد نیست.", code="case_of_other_unit")
    if kind == ProducerCommitment.Kind.HIRE and not (headcount and headcount > 0):
        raise ValidationError(
            "برای تعهد به‌کارگیری نیرو تعداد نیرو را (بزرگ‌تر از صفر) بنویسید.",
            code="headcount_required",
        )
    if not isinstance(deadline, dt.date):
        raise ValidationError("مهلت تعهد معتبر نیست.", code="invalid_date")
    commitment = ProducerCommitment(
        unit=unit,
        case=case,
        resolution=resolution,
        kind=kind,
        description=_text(description, "شرح تعهد تولیدکننده را بنویسید.", 2000),
        headcount=headcount if kind == ProducerCommitment.Kind.HIRE else None,
        deadline=deadline,
        recorded_by=acting_user,
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_set_status(
    *, commitment: ProducerCommitment, status: str, evidence: str = "", acting_user: User
) -> ProducerCommitment:
    """Met or failed (or open again), with the evidence that shows it."""
    require_secretariat(acting_user)
    require_in_scope(unit_list_for_user(user=acting_user), commitment.unit_id)
    if status not in ProducerCommitment.Status.values:
        raise ValidationError(f"وضعیت «{status}» شناخته نیست.", code="invalid_status")
    row = ProducerCommitment.objects.select_for_update().get(pk=commitment.pk)
    row.status = status
    row.evidence = _text(evidence, "", 2000, required=False) or row.evidence
    row.save()
    return row


@transaction.atomic
def assignment_block(
    *,
    assignment: Assignment,
    commitment: ProducerCommitment,
    reason: str,
    acting_user: User,
) -> AssignmentBlock:
    """Mark an open assignment as held up by the producer's commitment («معطل تعهد
    تولیدکننده»): it leaves the agency's accountability ranking until unblocked."""
    require_secretariat(acting_user)
    require_in_scope(assignment_list_for_user(user=acting_user), assignment)
    row = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not row.is_open:
        raise ValidationError(
            f"تکلیف «{row.agency}» «{row.get_status_display()}» است؛ فقط تکلیف باز معطل "
            "تعهد تولیدکننده ثبت می‌شود.",
            code="assignment_closed",
        )
    if commitment.status == ProducerCommitment.Status.MET:
        raise ValidationError(
            "این تعهد انجام شده است؛ تکلیف به سبب آن معطل نمی‌ماند.", code="commitment_met"
        )
    resolution = row.resolution
    concerned = {resolution.unit_id, getattr(resolution.case, "unit_id", None)} - {None}
    if commitment.resolution_id != resolution.pk and commitment.unit_id not in concerned:
        raise ValidationError(
            "این تعهد به واحد یا پرونده این مصوبه مربوط نیست.", code="commitment_unrelated"
        )
    if AssignmentBlock.objects.filter(assignment=row, lifted_at__isnull=True).exists():
        raise ValidationError(
            "این تکلیف هم‌اکنون معطل تعهد تولیدکننده ثبت شده است.", code="already_blocked"
        )
    reason = _text(reason, "دلیل توقف تکلیف را بنویسید.", 2000)
    block = AssignmentBlock.objects.create(
        assignment=row, commitment=commitment, reason=reason, blocked_by=acting_user
    )
    ResolutionEvent.objects.create(
        resolution=resolution,
        assignment=row,
        actor=acting_user,
        kind=Event.PRODUCER_BLOCKED,
        description=(
            f"تکلیف «{row.agency}» معطل تعهد تولیدکننده ثبت شد "
            f"(«{commitment.get_kind_display()}»: {commitment.description}) — {reason}"
        ),
    )
    return block


@transaction.atomic
def assignment_unblock(*, assignment: Assignment, acting_user: User, note: str = "") -> Assignment:
    """Lift the producer block: the assignment counts in the ranking again."""
    require_secretariat(acting_user)
    require_in_scope(assignment_list_for_user(user=acting_user), assignment)
    block = (
        AssignmentBlock.objects.select_for_update()
        .filter(assignment=assignment, lifted_at__isnull=True)
        .first()
    )
    if block is None:
        raise ValidationError("این تکلیف معطل تعهد تولیدکننده نیست.", code="not_blocked")
    block.lifted_at = clock.now()
    block.lifted_by = acting_user
    block.save()
    note = _text(note, "", 2000, required=False)
    ResolutionEvent.objects.create(
        resolution=assignment.resolution,
        assignment=assignment,
        actor=acting_user,
        kind=Event.PRODUCER_UNBLOCKED,
        description=f"توقف تکلیف «{assignment.agency}» به سبب تعهد تولیدکننده رفع شد"
        + (f" — {note}" if note else ""),
    )
    return assignment
