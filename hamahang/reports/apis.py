"""/api/v1/report: the same engine as the dashboard."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router

from hamahang.accounts.access import (
    county_id_of,
    is_office_staff,
    province_id_of,
    sees_all_provinces,
)
from hamahang.accounts.selectors import committee_get_for_user, county_list_for_user
from hamahang.core.apischema import READ_ERRORS, ApiDate, OptionalId, user_of
from hamahang.core.jalali import Period, PeriodError
from hamahang.reports.cache import cached_report
from hamahang.reports.engine import Scope

router = Router(tags=["گزارش"])


@router.get("/report", response={200: dict, **READ_ERRORS, 403: READ_ERRORS[401]})
def report(
    request,
    date_from: ApiDate,
    date_to: ApiDate,
    county: OptionalId = None,
    committee: OptionalId = None,
):
    """Every figure for a period (ISO dates), scoped to the caller's province."""
    user = user_of(request)
    if not is_office_staff(user):
        raise PermissionDenied
    try:
        period = Period.between(date_from, date_to)
    except PeriodError as error:
        raise ValidationError(error.message, code=error.code) from error
    if committee is not None:
        committee_get_for_user(user=user, pk=committee)
    if county is not None:
        get_object_or_404(county_list_for_user(user=user), pk=county)
    scope = Scope(
        province_id=None if sees_all_provinces(user) else province_id_of(user),
        county_id=county_id_of(user) or county,  # a county secretariat: its own county
        committee_id=committee,
    )
    return cached_report(period=period, scope=scope).to_dict()
