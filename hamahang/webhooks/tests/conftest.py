import datetime as dt

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory
from hamahang.webhooks import services
from hamahang.webhooks.models import Event
from hamahang.webhooks.tests import receiver as receiver_module

MEETING_DAY = dt.date(2026, 10, 1)


@pytest.fixture
def receiver(settings):
    # The receiver is plain http on 127.0.0.1, as a subscriber's TLS proxy would be.
    settings.HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP = True
    receiver, server = receiver_module.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="سازمان صنعت، معدن و تجارت", short_name="صمت")


@pytest.fixture
def meeting(province, office, agency, secretariat_user):
    committee = CommitteeFactory(province=province, secretariat=office, name="ستاد تسهیل")
    committee.members.set([agency])
    return held_meeting(committee, MEETING_DAY, secretariat_user)


@pytest.fixture
def subscribe(secretariat_user, receiver):
    """A subscription of this province to `events` at the receiver, which learns its secret."""

    def make(events=tuple(Event.values), *, user=None, url=None, province=None):
        subscription, secret = services.subscription_create(
            acting_user=user or secretariat_user,
            spec=services.SubscriptionSpec(
                name="درگاه استان", url=url or receiver.url, events=events, province=province
            ),
        )
        receiver.secret = secret
        return subscription

    return make


@pytest.fixture
def liaison(agency):
    return UserFactory(agency=agency, role=Role.AGENCY_LIAISON)
