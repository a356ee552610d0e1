"""Meeting figures counted in one place: the report engine (`reports.engine`) and the meeting
list's counts both call these, so a screen can never disagree with the report, the statement
or the exports. (The engine sits above meetings in the layers, so the rule lives here.)"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from hamahang.core.jalali import Period
from hamahang.meetings.models import Meeting, Resolution
from hamahang.organizations.models import Committee

# A meeting counts once it has been held (its minutes approved or not yet).
HELD = [Meeting.Status.HELD, Meeting.Status.APPROVED]


def held_counts(
    committees: QuerySet[Committee], period: Period, *, agency_id: int | None = None
) -> dict[int, tuple[int, int]]:
    """Per committee: meetings held in the period and their resolutions (only those assigned
    to `agency_id`, if given) → {committee id: (meetings, resolutions)}."""
    held = Q(meetings__status__in=HELD, meetings__date__range=(period.start, period.end))
    meetings = dict(committees.annotate(n=Count("meetings", filter=held)).values_list("pk", "n"))
    resolutions = Resolution.objects.filter(
        committee__in=committees.values("pk"),
        meeting__status__in=HELD,
        meeting_date__range=(period.start, period.end),  # the meeting's date, kept on the row
    )
    if agency_id:
        resolutions = resolutions.filter(assignments__agency_id=agency_id)
    counted = dict(
        resolutions.order_by()
        .values_list("committee")
        .annotate(n=Count("pk", distinct=True))
        .values_list("committee", "n")
    )
    return {pk: (n, counted.get(pk, 0)) for pk, n in meetings.items()}
