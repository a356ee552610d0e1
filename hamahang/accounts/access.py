"""The access rules, in one place. Selectors in every app scope their querysets with these.

- The national secretariat (and a superuser) sees every province.
- Everyone else sees their own agency's province only.
- Secretariat staff run the day's work (write); managers read all of it and approve minutes;
  viewers read; agency and bank liaisons see only what is assigned to their own agency.
A forbidden object answers 404, never 403, so its existence does not leak.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hamahang.accounts.models import Role, User

STAFF_ROLES = {Role.SECRETARIAT, Role.MANAGER, Role.VIEWER}
LIAISON_ROLES = {Role.AGENCY_LIAISON, Role.BANK_LIAISON}


def sees_all_provinces(user: User) -> bool:
    return bool(user.is_superuser or user.role == Role.NATIONAL)


def province_id_of(user: User) -> int | None:
    agency = user.agency
    return agency.province_id if agency else None


def is_liaison(user: User) -> bool:
    return not user.is_superuser and user.role in LIAISON_ROLES


def is_office_staff(user: User) -> bool:
    """Sees the whole province's work (secretariat, manager, viewer) or more."""
    return bool(user.is_superuser or user.role in STAFF_ROLES or user.role == Role.NATIONAL)


def can_run_secretariat(user: User) -> bool:
    """Records meetings, issues resolutions, verifies follow-ups."""
    return bool(user.is_superuser or user.role == Role.SECRETARIAT)


def require_secretariat(user: User) -> None:
    """Services call this before a secretariat-only write (a Persian ValidationError)."""
    if not can_run_secretariat(user):
        from django.core.exceptions import ValidationError

        raise ValidationError("این کار فقط از کارشناسان دبیرخانه برمی‌آید.", code="not_allowed")


def deny_unless_secretariat(user: User) -> None:
    """Views call this for secretariat-only pages (the Persian 403 page)."""
    if not can_run_secretariat(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def can_approve_minutes(user: User) -> bool:
    return bool(user.is_superuser or user.role in {Role.SECRETARIAT, Role.MANAGER})


def scope_by_province(queryset: QuerySet, user: User, field: str = "province") -> QuerySet:
    """Limit rows to the user's province (everything for the national secretariat)."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_provinces(user):
        return queryset
    province_id = province_id_of(user)
    if province_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": province_id})


def can_administer_office(user: User) -> bool:
    """Sets up the office of their own province: committees, agencies and users."""
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE_ADMIN))


def deny_unless_office_admin(user: User) -> None:
    """Views call this for the office set-up pages (the Persian 403 page)."""
    if not can_administer_office(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def reading_province(user: User) -> int | None:
    """The province whose data the user's pages read (None: every province), for the cache
    keys of `core.versioning`: a national user's cached pages depend on every province."""
    if sees_all_provinces(user) or not user.is_authenticated:
        return None
    return province_id_of(user)
