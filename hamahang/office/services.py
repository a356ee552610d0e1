"""Setting up a province's office without the admin site: its agencies, committees and people.

Every write checks the acting user itself: an office administrator (or a superuser) works
inside their own province only. `province_setup` starts a province from an empty database
(`manage.py setup_province`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hamahang.accounts.access import can_administer_office, can_run_secretariat, province_id_of
from hamahang.accounts.models import Role, User
from hamahang.core.digits import to_ascii_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.core.text import normalize_text
from hamahang.core.validation import normalize_mobile, refuse_control_chars
from hamahang.organizations import reference
from hamahang.organizations.models import Agency, Committee, County, OfficeClosure, Province

# Roles an office administrator may give: never the national secretariat nor another admin's
# superuser powers (those stay with the superuser).
GRANTABLE_ROLES = [
    Role.SECRETARIAT,
    Role.MANAGER,
    Role.VIEWER,
    Role.AGENCY_LIAISON,
    Role.BANK_LIAISON,
    Role.OFFICE_ADMIN,
]
NOT_ALLOWED = "راه‌اندازی دفتر فقط از مدیر سامانه دفتر برمی‌آید."
NOT_FOUND = "موردی با این مشخصات در استان شما یافت نشد."


def _province_of(acting_user: User) -> Province:
    if not can_administer_office(acting_user):
        raise ValidationError(NOT_ALLOWED, code="not_allowed")
    province_id = province_id_of(acting_user)
    if province_id is None:
        raise ValidationError(
            "حساب شما به دستگاهی در یک استان وصل نیست؛ نخست آن را تعیین کنید.", code="no_province"
        )
    return Province.objects.get(pk=province_id)


def _in_province(row, province: Province, field: str = "province_id") -> None:
    if row is not None and getattr(row, field) != province.pk:
        raise ValidationError(NOT_FOUND, code="not_found")


def _required(value: str, message: str) -> str:
    cleaned = normalize_text(value or "")
    if not cleaned:
        raise ValidationError(message, code="required")
    return cleaned


# --- Agencies ---------------------------------------------------------------------------------


@dataclass
class AgencySpec:
    name: str
    kind: str = Agency.Kind.EXECUTIVE
    short_name: str = ""
    email: str = ""
    phone: str = ""
    # The agency head: the escalation chain's first step (meetings.escalation).
    head_name: str = ""
    head_title: str = ""
    head_mobile: str = ""
    head_email: str = ""


def _email(value: str, field: str) -> str:
    from django.core.validators import validate_email

    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({field: "نشانی رایانامه درست نیست."}, code="bad_email") from None
    return value


def _mobile(value: str, field: str) -> str:
    try:
        return normalize_mobile(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages[0]}, code="bad_mobile") from None


@transaction.atomic
def agency_save(*, acting_user: User, spec: AgencySpec, agency: Agency | None = None) -> Agency:
    province = _province_of(acting_user)
    _in_province(agency, province)
    if spec.kind not in {Agency.Kind.EXECUTIVE, Agency.Kind.BANK, Agency.Kind.GOVERNORATE}:
        raise ValidationError({"kind": "نوع دستگاه معتبر نیست."}, code="invalid_kind")
    row = agency or Agency(province=province)
    row.name = _required(spec.name, "نام دستگاه را بنویسید.")
    row.short_name = normalize_text(spec.short_name or "")
    row.kind, row.email, row.phone = spec.kind, spec.email or "", spec.phone or ""
    row.head_name = normalize_text(spec.head_name or "")
    row.head_title = normalize_text(spec.head_title or "")
    row.head_mobile = _mobile(spec.head_mobile, "head_mobile")
    row.head_email = _email(spec.head_email, "head_email")
    if Agency.objects.filter(province=province, name=row.name).exclude(pk=row.pk).exists():
        raise ValidationError(
            {"name": f"دستگاهی با نام «{row.name}» در این استان هست."}, code="duplicate"
        )
    row.save()
    return row


# --- Committees -------------------------------------------------------------------------------


@dataclass
class CommitteeSpec:
    name: str
    kind: str
    secretariat: Agency
    members: Iterable[Agency] = ()
    short_name: str = ""
    chair_title: str = "استاندار"
    county: County | None = None
    quorum: int | None = None
    thursday_off: bool = False
    objection_days: int = 15
    escalate_head_days: int = 7
    escalate_deputy_days: int = 14


@transaction.atomic
def committee_save(
    *, acting_user: User, spec: CommitteeSpec, committee: Committee | None = None
) -> Committee:
    province = _province_of(acting_user)
    _in_province(committee, province)
    members = list(spec.members)
    for agency in [spec.secretariat, *members]:
        _in_province(agency, province)
    _in_province(spec.county, province)
    if spec.kind not in Committee.Kind.values:
        raise ValidationError({"kind": "نوع ستاد معتبر نیست."}, code="invalid_kind")
    if not members:
        raise ValidationError({"members": "دست‌کم یک دستگاه عضو برگزینید."}, code="no_members")
    if spec.quorum is not None and not 1 <= spec.quorum <= len(members):
        raise ValidationError(
            {"quorum": f"حد نصاب باید عددی از ۱ تا تعداد اعضا ({len(members)}) باشد."},
            code="bad_quorum",
        )
    row = committee or Committee(province=province)
    row.name = _required(spec.name, "نام ستاد یا کارگروه را بنویسید.")
    row.short_name = normalize_text(spec.short_name or "")
    row.kind, row.secretariat, row.county, row.quorum = (
        spec.kind,
        spec.secretariat,
        spec.county,
        spec.quorum,
    )
    row.chair_title = _required(spec.chair_title, "عنوان رئیس ستاد را بنویسید.")
    if not isinstance(spec.objection_days, int) or not 0 <= spec.objection_days <= 365:
        raise ValidationError(
            {"objection_days": "مهلت اعتراض باید عددی از ۰ تا ۳۶۵ روز باشد."},
            code="bad_objection_days",
        )
    row.thursday_off, row.objection_days = bool(spec.thursday_off), spec.objection_days
    for name in ("escalate_head_days", "escalate_deputy_days"):
        days = getattr(spec, name)
        if not isinstance(days, int) or not 0 <= days <= 365:
            raise ValidationError(
                {name: "روزهای تأخیر پیش از پیگیری باید عددی از ۰ تا ۳۶۵ باشد."},
                code="bad_escalation_days",
            )
    head_days, deputy_days = spec.escalate_head_days, spec.escalate_deputy_days
    if head_days and deputy_days and deputy_days <= head_days:
        raise ValidationError(
            {
                "escalate_deputy_days": "پیگیری از معاون استاندار باید دیرتر از پیگیری از "
                "رئیس دستگاه باشد (روزهای بیشتر)."
            },
            code="bad_escalation_order",
        )
    row.escalate_head_days, row.escalate_deputy_days = head_days, deputy_days
    if Committee.objects.filter(province=province, name=row.name).exclude(pk=row.pk).exists():
        raise ValidationError(
            {"name": f"ستادی با نام «{row.name}» در این استان هست."}, code="duplicate"
        )
    row.save()
    row.members.set(members)
    return row


# --- The province's deputy governor -------------------------------------------------------


@dataclass
class DeputySpec:
    """The deputy governor for economic affairs: the escalation chain's last step."""

    deputy_name: str = ""
    deputy_title: str = ""
    deputy_mobile: str = ""
    deputy_email: str = ""


@transaction.atomic
def province_deputy_save(*, acting_user: User, spec: DeputySpec) -> Province:
    province = _province_of(acting_user)
    province.deputy_name = normalize_text(spec.deputy_name or "")
    province.deputy_title = normalize_text(spec.deputy_title or "")
    province.deputy_mobile = _mobile(spec.deputy_mobile, "deputy_mobile")
    province.deputy_email = _email(spec.deputy_email, "deputy_email")
    province.save()
    return province


# --- People -----------------------------------------------------------------------------------


@dataclass
class UserSpec:
    username: str
    role: str
    agency: Agency
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""  # a mobile number, typed any way (normalize_mobile)
    is_active: bool = True
    password: str | None = None  # required for a new user
    county: County | None = None  # a county secretariat sees only its county's work


@transaction.atomic
def user_save(*, acting_user: User, spec: UserSpec, user: User | None = None) -> User:
    province = _province_of(acting_user)
    if user is not None and (user.is_superuser or user.role == Role.NATIONAL):
        raise ValidationError(NOT_FOUND, code="not_found")
    if user is not None and (user.agency is None or user.agency.province_id != province.pk):
        raise ValidationError(NOT_FOUND, code="not_found")
    _in_province(spec.agency, province)
    _in_province(spec.county, province)
    if spec.role not in GRANTABLE_ROLES:
        raise ValidationError({"role": "این نقش را نمی‌توان از اینجا داد."}, code="bad_role")
    if spec.role == Role.BANK_LIAISON and spec.agency.kind != Agency.Kind.BANK:
        raise ValidationError({"agency": "رابط بانک باید از یک بانک باشد."}, code="bad_agency")
    if (
        user is not None
        and user.pk == acting_user.pk
        and (not spec.is_active or spec.role != Role.OFFICE_ADMIN)
    ):
        raise ValidationError(
            "نقش یا فعال‌بودن حساب خودتان را نمی‌توانید تغییر دهید.", code="self_change"
        )
    row = user or User()
    # Stored with ASCII digits, as the login form reads a name typed with Persian ones.
    row.username = to_ascii_digits(_required(spec.username, "نام کاربری را بنویسید."))
    row.first_name, row.last_name = spec.first_name, spec.last_name
    row.title, row.email, row.role, row.agency = spec.title, spec.email, spec.role, spec.agency
    row.is_active = spec.is_active
    row.county = spec.county
    try:
        row.phone = normalize_mobile(spec.phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}, code="bad_mobile") from error
    if User.objects.filter(username__iexact=row.username).exclude(pk=row.pk).exists():
        raise ValidationError(
            {"username": f"نام کاربری «{row.username}» پیش‌تر گرفته شده است."}, code="duplicate"
        )
    if user is None or spec.password:
        if not spec.password:
            raise ValidationError({"password": "گذرواژه را بنویسید."}, code="required")
        try:
            validate_password(spec.password, row)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}, code="weak_password") from error
        row.set_password(spec.password)
    try:
        row.save()
    except IntegrityError as error:
        raise ValidationError(
            {"username": f"نام کاربری «{row.username}» پیش‌تر گرفته شده است."}, code="duplicate"
        ) from error
    return row


# --- A new province ---------------------------------------------------------------------------


@dataclass
class ProvinceSetup:
    province: Province
    office: Agency
    admin: User
    counties: int


@transaction.atomic
def province_setup(
    *,
    province_code: str,
    admin_username: str,
    admin_password: str,
    office_name: str = "",
    counties: Iterable[str] = (),
) -> ProvinceSetup:
    """Start a province on an empty (migrated) database: the 31 provinces, the given one's
    counties, its economic-affairs office and the office administrator who sets up the rest
    from the screens. Run again, it adds only what is missing."""
    for name, code in reference.PROVINCES:
        Province.objects.get_or_create(code=code, defaults={"name": name})
    try:
        province = Province.objects.get(code=province_code)
    except Province.DoesNotExist as error:
        codes = "، ".join(code for _name, code in reference.PROVINCES)
        raise ValidationError(
            f"استانی با کد «{province_code}» نیست؛ کدها: {codes}", code="unknown_province"
        ) from error
    added = 0
    for name in counties:
        name = normalize_text(name)
        if name:
            added += County.objects.get_or_create(province=province, name=name)[1]
    office, _ = Agency.objects.get_or_create(
        province=province,
        name=normalize_text(office_name) or f"دفتر هماهنگی امور اقتصادی استانداری {province.name}",
        defaults={"kind": Agency.Kind.GOVERNORATE, "short_name": "دفتر اقتصادی"},
    )
    admin_username = to_ascii_digits(normalize_text(admin_username))
    admin = User.objects.filter(username__iexact=admin_username).first()
    if admin is None:
        admin = User(username=_required(admin_username, "نام کاربری مدیر را بنویسید."))
        admin.role, admin.agency, admin.title = Role.OFFICE_ADMIN, office, "مدیر سامانه دفتر"
        try:
            validate_password(admin_password, admin)
        except ValidationError as error:
            raise ValidationError(error.messages, code="weak_password") from error
        admin.set_password(admin_password)
        admin.save()
    elif admin.agency_id != office.pk or admin.role != Role.OFFICE_ADMIN:
        raise ValidationError(
            f"نام کاربری «{admin_username}» از آنِ کاربر دیگری است؛ نام دیگری برگزینید.",
            code="duplicate",
        )
    return ProvinceSetup(province=province, office=office, admin=admin, counties=added)


# --- Office closures ----------------------------------------------------------------------------

CLOSURES_NOT_ALLOWED = "تعطیلی‌ها را دبیرخانه یا مدیر سامانه دفتر ثبت می‌کند."


def _closure_province(acting_user: User) -> Province:
    """The secretariat or the office administrator enters their own province's closures."""
    if not (can_run_secretariat(acting_user) or can_administer_office(acting_user)):
        raise ValidationError(CLOSURES_NOT_ALLOWED, code="not_allowed")
    province_id = province_id_of(acting_user)
    if province_id is None:
        raise ValidationError(NOT_ALLOWED, code="not_allowed")
    return Province.objects.get(pk=province_id)


@transaction.atomic
def closure_add(
    *, acting_user: User, date, reason: str, county: County | None = None
) -> OfficeClosure:
    """An announced closure (pollution, heat) of the province or one county. A past day is
    refused: deadlines already counted over it stand as they were issued (a closure entered
    after the fact would move nothing and would only make the record disagree with them);
    today and future days are taken."""
    province = _closure_province(acting_user)
    _in_province(county, province)
    if date is None:
        raise ValidationError({"date": "تاریخ تعطیلی را وارد کنید."}, code="required")
    if date < today():
        raise ValidationError(
            {"date": f"تاریخ {format_jalali(date)} گذشته است؛ تعطیلی روز گذشته ثبت نمی‌شود."},
            code="closure_in_past",
        )
    reason = _required(reason, "دلیل تعطیلی را بنویسید (مانند آلودگی هوا).")
    refuse_control_chars(reason)
    if len(reason) > 200:
        raise ValidationError({"reason": "دلیل تعطیلی بیش از ۲۰۰ نویسه است."}, code="too_long")
    clash = OfficeClosure.objects.filter(province=province, date=date, county=county)
    if clash.exists():
        where = county or province
        raise ValidationError(
            {"date": f"تعطیلی {where} در {format_jalali(date)} پیش‌تر ثبت شده است."},
            code="duplicate_closure",
        )
    return OfficeClosure.objects.create(province=province, county=county, date=date, reason=reason)


@transaction.atomic
def closure_remove(*, acting_user: User, closure: OfficeClosure) -> None:
    """Withdraw an announced closure (a past one stays: deadlines were counted with it)."""
    province = _closure_province(acting_user)
    _in_province(closure, province)
    if closure.date < today():
        raise ValidationError(
            "تعطیلی روز گذشته حذف نمی‌شود؛ مهلت‌ها با آن شمرده شده‌اند.", code="closure_in_past"
        )
    closure.delete()
