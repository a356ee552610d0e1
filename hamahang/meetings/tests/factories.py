"""Fast builders for meeting data in tests (services are used where behaviour is tested)."""

import datetime as dt

from hamahang.core.jalali import jalali_year
from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.meetings.services import resolution_code


def make_meeting(committee, date, number=None, status=Meeting.Status.HELD) -> Meeting:
    year = jalali_year(date)
    if number is None:
        number = Meeting.objects.filter(committee=committee, jalali_year=year).count() + 1
    return Meeting.objects.create(
        committee=committee, jalali_year=year, number=number, date=date, status=status
    )


def make_resolutions(meeting, agencies, count, *, deadline=None, status="issued") -> list:
    """`count` resolutions, each assigned to every agency in `agencies`."""
    start = meeting.resolutions.count()
    resolutions = []
    for offset in range(count):
        number = start + offset + 1
        resolution = Resolution(
            meeting=meeting,
            committee_id=meeting.committee_id,
            meeting_date=meeting.date,
            number=number,
            code=resolution_code(meeting, number),
            text=f"مصوبه آزمایشی شماره {number} درباره حوزه‌های صنعتی",
            status=status,
            next_deadline=deadline,
        )
        resolution.save()
        resolutions.append(resolution)
    Assignment.objects.bulk_create(
        Assignment(
            resolution=resolution,
            agency=agency,
            deadline=deadline or meeting.date + dt.timedelta(days=30),
            status=status,
        )
        for resolution in resolutions
        for agency in agencies
    )
    return resolutions


def held_meeting(committee, date, acting_user, **fields) -> Meeting:
    """A meeting recorded and then held through the services, as the secretariat does before
    recording its resolutions (a planned meeting takes none)."""
    from hamahang.meetings import services

    meeting = services.meeting_create(
        committee=committee, date=date, acting_user=acting_user, **fields
    )
    return services.meeting_transition(
        meeting=meeting, to_status=Meeting.Status.HELD, acting_user=acting_user
    )
