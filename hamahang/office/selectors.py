"""What an office administrator sees: their own province's agencies, committees and people."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import can_administer_office, can_run_secretariat, province_id_of
from hamahang.accounts.models import Role, User
from hamahang.accounts.selectors import agency_label
from hamahang.core.lookups import Lookup
from hamahang.organizations.models import Agency, Committee, County, OfficeClosure


def _province_id(user: User) -> int | None:
    return province_id_of(user) if can_administer_office(user) else None


# Choosing one of the province's agencies on the set-up screens (core.lookups): office_agencies.
OFFICE_AGENCY_LOOKUP = Lookup("office:agency_lookup", label=agency_label, ordering=("name", "pk"))


def office_agencies(*, user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(province_id=_province_id(user)).order_by("kind", "name")


def office_committees(*, user: User) -> QuerySet[Committee]:
    return (
        Committee.objects.filter(province_id=_province_id(user))
        .select_related("secretariat", "county")
        .annotate(member_count=Count("members"))
        .order_by("county__name", "name")
    )


def office_counties(*, user: User) -> QuerySet[County]:
    return County.objects.filter(province_id=_province_id(user)).order_by("name")


def office_users(*, user: User) -> QuerySet[User]:
    return (
        User.objects.filter(agency__province_id=_province_id(user), is_superuser=False)
        .exclude(role=Role.NATIONAL)
        .select_related("agency")
        .order_by("-is_active", "agency__name", "username")
    )


def office_agency(*, user: User, pk: int) -> Agency:
    return get_object_or_404(office_agencies(user=user), pk=pk)


def office_committee(*, user: User, pk: int) -> Committee:
    return get_object_or_404(office_committees(user=user), pk=pk)


def office_user(*, user: User, pk: int) -> User:
    return get_object_or_404(office_users(user=user), pk=pk)


def may_enter_closures(user: User) -> bool:
    return bool(
        user.is_authenticated and (can_run_secretariat(user) or can_administer_office(user))
    )


def office_closures(*, user: User) -> QuerySet[OfficeClosure]:
    """The province's announced closures, newest first (the secretariat's or the admin's)."""
    province_id = province_id_of(user) if may_enter_closures(user) else None
    return OfficeClosure.objects.filter(province_id=province_id).select_related("county")


def closure_counties(*, user: User) -> QuerySet[County]:
    province_id = province_id_of(user) if may_enter_closures(user) else None
    return County.objects.filter(province_id=province_id).order_by("name")


def office_closure(*, user: User, pk: int) -> OfficeClosure:
    return get_object_or_404(office_closures(user=user), pk=pk)
