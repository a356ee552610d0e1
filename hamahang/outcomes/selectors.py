"""Reads of outcomes and commitments, scoped through the resolutions and cases the user sees."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from hamahang.accounts.models import User
from hamahang.meetings.models import Resolution
from hamahang.meetings.selectors import resolution_list_for_user
from hamahang.outcomes.models import Outcome, ProducerCommitment
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user, unit_list_for_user


def outcome_list_for_user(*, user: User) -> QuerySet[Outcome]:
    return Outcome.objects.filter(
        Q(resolution__in=resolution_list_for_user(user=user).values("pk"))
        | Q(case__in=case_list_for_user(user=user).values("pk"))
    ).select_related("resolution", "case", "recorded_by")


def commitment_list_for_user(*, user: User) -> QuerySet[ProducerCommitment]:
    return ProducerCommitment.objects.filter(
        unit__in=unit_list_for_user(user=user).values("pk")
    ).select_related("unit", "case", "resolution")


def commitments_concerning(*, user: User, resolution: Resolution) -> QuerySet[ProducerCommitment]:
    """The commitments that may hold up the resolution's assignments: its own, or its unit's
    (or its case's unit's)."""
    units = [pk for pk in (resolution.unit_id, getattr(resolution.case, "unit_id", None)) if pk]
    return commitment_list_for_user(user=user).filter(
        Q(resolution=resolution) | Q(unit_id__in=units)
    )


def subject_for_user(
    *, user: User, resolution_pk: str | None, case_pk: str | None
) -> tuple[Resolution | None, SupportCase | None]:
    """The resolution or case named in a request, if the user may see it (else Http404)."""
    resolution = case = None
    if resolution_pk and str(resolution_pk).isdigit():
        resolution = get_object_or_404(resolution_list_for_user(user=user), pk=resolution_pk)
    if case_pk and str(case_pk).isdigit():
        case = get_object_or_404(case_list_for_user(user=user), pk=case_pk)
    if resolution is None and case is None:
        raise Http404
    return resolution, case
