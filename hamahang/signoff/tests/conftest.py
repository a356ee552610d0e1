import datetime as dt
import re

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.meetings.models import Attendance, Meeting
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory
from hamahang.signoff.certificates import self_signed_p12

P12_PASSWORD = "test-pass"


@pytest.fixture(scope="session")
def _p12_bytes():
    return self_signed_p12(password=P12_PASSWORD, now=dt.datetime.now(dt.UTC))


@pytest.fixture(autouse=True)
def signing_settings(settings, tmp_path, _p12_bytes):
    """Each test signs with a test certificate and keeps its files in its own folder."""
    p12 = tmp_path / "office.p12"
    p12.write_bytes(_p12_bytes)
    settings.HAMAHANG_SIGNING_P12 = str(p12)
    settings.HAMAHANG_SIGNING_P12_PASSWORD = P12_PASSWORD
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    return settings


class World:
    """A held meeting of a committee with two present agencies, their liaisons, an absent
    agency, the secretariat member and the chair (a manager)."""

    def __init__(self, province, office, secretariat_user, manager_user):
        self.secretariat = secretariat_user
        self.chair = manager_user
        self.agency_a = AgencyFactory(province=province, name="سازمان صنعت، معدن و تجارت")
        self.agency_b = AgencyFactory(province=province, name="اداره کل امور مالیاتی")
        self.agency_c = AgencyFactory(province=province, name="شرکت گاز")
        self.liaison_a = UserFactory(
            agency=self.agency_a, role=Role.AGENCY_LIAISON, email="a@example.ir"
        )
        self.liaison_b = UserFactory(
            agency=self.agency_b, role=Role.AGENCY_LIAISON, email="b@example.ir"
        )
        self.liaison_c = UserFactory(agency=self.agency_c, role=Role.AGENCY_LIAISON)
        self.committee = CommitteeFactory(province=province, secretariat=office)
        self.committee.members.set([self.agency_a, self.agency_b, self.agency_c])
        self.meeting = make_meeting(self.committee, dt.date(2026, 11, 20))
        make_resolutions(self.meeting, [self.agency_a], 2)
        for agency, status in [
            (self.agency_a, Attendance.Status.PRESENT),
            (self.agency_b, Attendance.Status.SUBSTITUTE),
            (self.agency_c, Attendance.Status.ABSENT),
        ]:
            Attendance.objects.create(meeting=self.meeting, agency=agency, status=status)

    def start(self, **kwargs):
        from hamahang.signoff import services

        options = {
            "meeting": self.meeting,
            "attendee_signers": {
                self.agency_a.pk: self.liaison_a,
                self.agency_b.pk: self.liaison_b,
            },
            "chair": self.chair,
            "acting_user": self.secretariat,
        }
        return services.signoff_start(**{**options, **kwargs})

    def refresh(self) -> Meeting:
        self.meeting.refresh_from_db()
        return self.meeting


@pytest.fixture
def world(province, office, secretariat_user, manager_user):
    return World(province, office, secretariat_user, manager_user)


def last_code(address: str) -> str:
    """The one-time code last sent to `address`: codes go through the outbox (an e-mail once
    the worker has sent it; the notice row whether or not it has)."""
    from hamahang.notices.models import Notice

    sent = Notice.objects.filter(kind=Notice.Kind.SIGNOFF_CODE, address=address)
    notice = sent.order_by("-pk").first()
    if notice is None:
        raise AssertionError(f"no code sent to {address}")
    return re.search(r"\b(\d{6})\b", notice.text).group(1)
