"""Read-only figures for the dashboard, scoped to the acting user."""

from dataclasses import dataclass

from hamahang.accounts.access import is_office_staff, province_id_of, sees_all_provinces
from hamahang.accounts.models import User
from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_list_for_user,
    county_list_for_user,
    user_list_for_user,
)
from hamahang.core.jalali import Period, jalali_year, today
from hamahang.organizations.models import Agency


@dataclass(frozen=True)
class HomeFigures:
    committees: int
    executive_agencies: int
    banks: int
    counties: int
    users: int
    # This year's outcomes (reports.sections.outcomes totals) for the office's staff, or None.
    outcomes: dict | None = None
    outcomes_year: int | None = None


def home_figures(*, user: User) -> HomeFigures:
    agencies = agency_list_for_user(user=user)
    return HomeFigures(
        committees=committee_list_for_user(user=user).count(),
        executive_agencies=agencies.filter(kind=Agency.Kind.EXECUTIVE).count(),
        banks=agencies.filter(kind=Agency.Kind.BANK).count(),
        counties=county_list_for_user(user=user).count(),
        users=user_list_for_user(user=user).count(),
        **_outcomes_this_year(user),
    )


def _outcomes_this_year(user: User) -> dict:
    """The report engine's outcome totals for this Jalali year in the user's province (the
    country for a national user); liaisons see no province-wide totals."""
    from hamahang.reports.engine import Scope
    from hamahang.reports.sections.outcomes import outcome_totals

    if not is_office_staff(user):
        return {}
    year = jalali_year(today())
    province = None if sees_all_provinces(user) else province_id_of(user)
    totals = outcome_totals(Period.fiscal_year(year), Scope(province_id=province))
    return {"outcomes": totals, "outcomes_year": year}
