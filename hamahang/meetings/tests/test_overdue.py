"""Overdue, stated once: the query (`Assignment.objects.overdue(day)`), the row
(`is_overdue_on`) and the template filter (`|overdue:day`) agree on every status and deadline."""

import datetime as dt

import pytest
from django.template import engines

from hamahang.meetings.models import Assignment, Resolution
from hamahang.meetings.services import resolution_roll_up
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 10, 1)


def test_the_query_the_row_and_the_template_filter_agree(committee, agency_a, agency_b):
    meeting = make_meeting(committee, DAY - dt.timedelta(days=60))
    rows = []
    for status in Assignment.Status.values:
        for deadline in (DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)):
            resolution = make_resolutions(meeting, [agency_a], 1, deadline=deadline)[0]
            Assignment.objects.filter(resolution=resolution).update(status=status)
            resolution_roll_up(resolution)
            rows.append(resolution)
    expected = {
        a.pk
        for a in Assignment.objects.all()
        if a.status in {"issued", "in_progress", "reported_done"} and a.deadline < DAY
    }
    assert len(expected) == 3  # the open statuses, a day late; on the day itself is not late
    assert set(Assignment.objects.overdue(DAY).values_list("pk", flat=True)) == expected
    assert {a.pk for a in Assignment.objects.all() if a.is_overdue_on(DAY)} == expected

    template = engines["django"].from_string("{% if a|overdue:day %}late{% endif %}")
    rendered = {a.pk for a in Assignment.objects.all() if template.render({"a": a, "day": DAY})}
    assert rendered == expected

    late_resolutions = {r.pk for r in Resolution.objects.all() if r.is_overdue_on(DAY)}
    assert late_resolutions == set(
        Resolution.objects.filter(assignments__in=expected).values_list("pk", flat=True)
    )
