"""Imports keep the state rule of the screens: resolutions, assignments and follow-up reports
only on a meeting that was held. A file that breaks it is refused with a Persian row problem
and nothing of it is written."""

import datetime as dt
import io

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.helpers import workbook
from hamahang.meetings.models import Assignment, FollowUp, Meeting, Resolution
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory

pytestmark = pytest.mark.django_db

COMMITTEE = "ستاد تسهیل و رفع موانع تولید استان قم"


@pytest.fixture
def committee(province, office):
    return CommitteeFactory(province=province, secretariat=office, name=COMMITTEE)


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="سازمان صنعت، معدن و تجارت", short_name="صمت")


def meetings_file(status: str) -> io.BytesIO:
    return workbook(
        {
            "جلسات": [
                ["ستاد", "سال", "شماره جلسه", "تاریخ جلسه", "وضعیت"],
                [COMMITTEE, 1399, 7, "1399/06/25", status],
            ],
            "مصوبات": [
                ["ستاد", "سال", "شماره جلسه", "شماره مصوبه", "متن مصوبه", "نوع"],
                [COMMITTEE, 1399, 7, 1, "به بانک معرفی شود.", "تکلیف به دستگاه"],
            ],
            "تکالیف": [
                ["ستاد", "کد مصوبه", "دستگاه", "نقش", "مهلت", "وضعیت"],
                [COMMITTEE, "1399-07-01", "صمت", "مسئول", "1399/07/30", "ابلاغ شده"],
            ],
        }
    )


def problems(kind, source, user) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_file(kind=kind, source=source, user=user, apply=True)
    return [str(p) for p in refused.value.problems]


@pytest.mark.parametrize("status", ["برنامه‌ریزی شده", "لغو شده"])
def test_a_file_with_resolutions_of_a_meeting_not_held_is_refused(
    secretariat_user, committee, agency, status
):
    found = problems("meetings", meetings_file(status), secretariat_user)
    assert any(
        "برگه «مصوبات»" in p and "ثبت مصوبه" in p and ("برگزار نشده" in p or "لغو شده" in p)
        for p in found
    ), found
    assert not Meeting.objects.exists()
    assert not Resolution.objects.exists() and not Assignment.objects.exists()


def test_the_same_file_of_a_held_meeting_is_written(secretariat_user, committee, agency):
    import_file(
        kind="meetings", source=meetings_file("برگزار شده"), user=secretariat_user, apply=True
    )
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.HELD
    assert Resolution.objects.get().code == "1399-07-01"
    assert Assignment.objects.get().agency == agency


def test_follow_up_reports_on_a_meeting_not_held_are_refused(committee, agency):
    meeting = make_meeting(committee, dt.date(2020, 9, 15), status=Meeting.Status.PLANNED)
    (resolution,) = make_resolutions(meeting, [agency], 1)
    liaison = UserFactory(agency=agency, role=Role.AGENCY_LIAISON)
    rows = [
        ["ستاد", "کد مصوبه", "دستگاه", "شرح اقدام", "پیشرفت (درصد)", "اعلام انجام کامل"],
        [COMMITTEE, resolution.code, "صمت", "انجام شد", 100, "بله"],
    ]
    found = problems("followups", workbook({"گزارش‌های پیگیری": rows}), liaison)
    assert any("ردیف ۲" in p and "هنوز برگزار نشده است" in p for p in found), found
    assert not FollowUp.objects.exists()
    assert Assignment.objects.get().status == Assignment.Status.ISSUED

    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    import_file(
        kind="followups", source=workbook({"گزارش‌های پیگیری": rows}), user=liaison, apply=True
    )
    assert FollowUp.objects.count() == 1
    assert Assignment.objects.get().status == Assignment.Status.REPORTED_DONE
