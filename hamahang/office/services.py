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

from hamahang.accounts.access import can_administer_office, province_id_of
from hamahang.accounts.models import Role, User
from hamahang.core.digits import to_ascii_digits
from hamahang.core.text import normalize_text
from hamahang.core.validation import normalize_mobile
from hamahang.organizations import reference
from hamahang.organizations.models import Agency, Committee, County, Province

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
    if Committee.objects.filter(province=province, name=row.name).exclude(pk=row.pk).exists():
        raise ValidationError(
            {"name": f"ستادی با نام «{row.name}» در این استان هست."}, code="duplicate"
        )
    row.save()
    row.members.set(members)
    return row


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


@transaction.atomic
def user_save(*, acting_user: User, spec: UserSpec, user: User | None = None) -> User:
    province = _province_of(acting_user)
    if user is not None and (user.is_superuser or user.role == Role.NATIONAL):
        raise ValidationError(NOT_FOUND, code="not_found")
    if user is not None and (user.agency is None or user.agency.province_id != province.pk):
        raise ValidationError(NOT_FOUND, code="not_found")
    _in_province(spec.agency, province)
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
