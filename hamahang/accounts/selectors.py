"""Reads of organisations and people, scoped to the acting user."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import is_liaison, scope_by_province
from hamahang.accounts.models import User
from hamahang.core.lookups import Lookup
from hamahang.organizations.models import Agency, Committee, County


def agency_label(agency: Agency) -> str:
    if agency.short_name and agency.short_name != agency.name:
        return f"{agency.name} ({agency.short_name})"
    return agency.name


# Choosing an agency by a word of its name or short name (core.lookups): agency_list_for_user.
AGENCY_LOOKUP = Lookup("agency_lookup", label=agency_label, ordering=("name", "pk"))


def agency_list_for_user(
    *, user: User, kind: str | None = None, exclude_kind: str | None = None
) -> QuerySet[Agency]:
    queryset = scope_by_province(Agency.objects.active(), user).select_related("province")
    if is_liaison(user):
        queryset = queryset.filter(pk=user.agency_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if exclude_kind:
        queryset = queryset.exclude(kind=exclude_kind)
    return queryset.order_by("name")


def committee_list_for_user(*, user: User) -> QuerySet[Committee]:
    return (
        scope_by_province(Committee.objects.active(), user, county="county_id")
        .select_related("province", "secretariat")
        .order_by("name")
    )


def committee_get_for_user(*, user: User, pk: int) -> Committee:
    return get_object_or_404(committee_list_for_user(user=user), pk=pk)


def county_list_for_user(*, user: User) -> QuerySet[County]:
    return scope_by_province(County.objects.all(), user, county="pk").select_related("province")


def user_list_for_user(*, user: User) -> QuerySet[User]:
    queryset = scope_by_province(User.objects.filter(is_active=True), user, "agency__province")
    if is_liaison(user):
        queryset = queryset.filter(agency_id=user.agency_id)
    return queryset.select_related("agency")
