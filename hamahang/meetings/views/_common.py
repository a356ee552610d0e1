"""What the meetings screens share: list rendering and period presets."""

from __future__ import annotations

from django.shortcuts import render

from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_list_for_user,
)
from hamahang.core.jalali import Period, period_presets, today
from hamahang.meetings.forms import (
    ListFilterForm,
)


def _render_list(request, template: str, context: dict):
    """Whole page, or only its table partial for an htmx request."""
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#table"
    return render(request, template, context)


def _period_presets(request) -> list[Period]:
    return period_presets(today(), selected=request.GET.get("period"))


def format_number_fa(value: int) -> str:
    from hamahang.core.numbers import format_number

    return format_number(value)


def _list_filters(request, statuses, filters_class):
    committees = committee_list_for_user(user=request.user)
    agencies = agency_list_for_user(user=request.user)
    form = ListFilterForm(
        request.GET or None, committees=committees, agencies=agencies, statuses=statuses
    )
    filters = filters_class()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = filters_class(
            committee=data["committee"],
            period=data["period_obj"],
            meeting=data["meeting"],
            agency=data["agency"],
            status=data["status"] or None,
            type=data["type"] or None,
            obstacle=data["obstacle"] or None,
            overdue=data["overdue"],
            due_within=data["due_within"],
            text=data["q"] or "",
        )
    elif form.is_bound:
        filters = None  # invalid filters show their errors and no rows
    return form, filters
