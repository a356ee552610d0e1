"""The engine counts the resolutions still open (one place), and 3,265 of them read right."""

import datetime as dt

import pytest

from hamahang.core.jalali import Period
from hamahang.meetings.models import Resolution
from hamahang.meetings.services import resolution_code
from hamahang.meetings.tests.factories import make_meeting
from hamahang.organizations.tests.factories import CommitteeFactory
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement

pytestmark = pytest.mark.django_db


def test_three_thousand_resolutions_with_a_thousand_open(settings):
    settings.HAMAHANG_SPEAKER_NAME = ""
    committee = CommitteeFactory(kind="facilitation")
    meeting = make_meeting(committee, dt.date(2024, 5, 1))  # 1403/02/12
    planned = make_meeting(committee, dt.date(2024, 6, 1), status="planned")
    statuses = ["issued"] * 600 + ["in_progress"] * 400 + ["done"] * 2265
    rows = [
        Resolution(
            meeting=meeting,
            committee=committee,
            meeting_date=meeting.date,
            number=number,
            code=resolution_code(meeting, number),
            text="مصوبه",
            status=status,
        )
        for number, status in enumerate(statuses, start=1)
    ]
    # Open, but of a meeting not held: not counted.
    rows.append(
        Resolution(
            meeting=planned,
            committee=committee,
            meeting_date=planned.date,
            number=1,
            code=resolution_code(planned, 1),
            text="مصوبه",
            status="issued",
        )
    )
    Resolution.objects.bulk_create(rows)
    report = build_report(
        period=Period.fiscal_year(1403), scope=Scope(province_id=committee.province_id)
    )
    (figures,) = report.meetings
    assert (figures.meetings, figures.resolutions, figures.open_resolutions) == (1, 3265, 1000)
    assert report.open_resolutions == 1000 and report.to_dict()["meetings"][0]["open_resolutions"]
    text = build_statement(report)
    assert "جلسه ستاد تسهیل و رفع موانع تولید با ۳ هزار و ۲۶۵ مصوبه تشکیل شده است." in text
    assert "از ۳ هزار و ۲۶۵ مصوبه این جلسه، یک هزار مصوبه هنوز در دست اجراست." in text
    assert "نخستین جلسه" in text or "اولین جلسه" in text  # the one meeting, by its ordinal
