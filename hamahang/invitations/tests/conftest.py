import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.core import clock
from hamahang.meetings.models import AgendaItem, Meeting
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory

TEHRAN = ZoneInfo("Asia/Tehran")
# Today in these tests: 1405/09/09 (2026-11-30), 10:00 Tehran.
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=TEHRAN)
MEETING_DAY = dt.date(2026, 12, 8)  # 1405/09/17, a Tuesday


@pytest.fixture(autouse=True)
def fixed_now(settings):
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    with clock.frozen(NOW):
        yield


class World:
    """A committee of four member agencies, each with a liaison, and a planned meeting with an
    agenda item."""

    def __init__(self, province, office, secretariat_user):
        self.secretariat = secretariat_user
        names = ["سازمان صنعت، معدن و تجارت", "اداره کل امور مالیاتی", "شرکت گاز", "بانک ملی"]
        self.agencies = [
            AgencyFactory(province=province, name=name, email=f"agency{i}@example.ir")
            for i, name in enumerate(names)
        ]
        self.liaisons = [
            UserFactory(agency=agency, role=Role.AGENCY_LIAISON) for agency in self.agencies
        ]
        self.committee = CommitteeFactory(province=province, secretariat=office)
        self.committee.members.set(self.agencies)
        self.meeting = Meeting.objects.create(
            committee=self.committee,
            jalali_year=1405,
            number=7,
            date=MEETING_DAY,
            start_time=dt.time(10, 0),
            place="سالن شهید رجایی استانداری",
            status=Meeting.Status.PLANNED,
        )
        AgendaItem.objects.create(meeting=self.meeting, order=1, title="بررسی تأمین گاز شهرک صنعتی")

    def send(self):
        from hamahang.invitations import services

        return services.invitations_send(meeting=self.meeting, acting_user=self.secretariat)


@pytest.fixture
def world(province, office, secretariat_user):
    return World(province, office, secretariat_user)
