"""Read-only figures for the dashboard, scoped to the acting user."""

from dataclasses import dataclass

from hamahang.accounts.models import User
from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_list_for_user,
    county_list_for_user,
    user_list_for_user,
)
from hamahang.organizations.models import Agency


@dataclass(frozen=True)
class HomeFigures:
    committees: int
    executive_agencies: int
    banks: int
    counties: int
    users: int


def home_figures(*, user: User) -> HomeFigures:
    agencies = agency_list_for_user(user=user)
    return HomeFigures(
        committees=committee_list_for_user(user=user).count(),
        executive_agencies=agencies.filter(kind=Agency.Kind.EXECUTIVE).count(),
        banks=agencies.filter(kind=Agency.Kind.BANK).count(),
        counties=county_list_for_user(user=user).count(),
        users=user_list_for_user(user=user).count(),
    )
