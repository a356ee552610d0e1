import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.notices.tests import fakes
from hamahang.organizations.tests.factories import AgencyFactory


@pytest.fixture
def channels(settings):
    """E-mail as it is, and fake SMS and Bale channels in place of the providers'."""
    settings.HAMAHANG_NOTICE_CHANNELS = {
        "email": "hamahang.notices.channels.EmailChannel",
        "sms": "hamahang.notices.tests.fakes.FakeSms",
        "bale": "hamahang.notices.tests.fakes.FakeBale",
        "webhook": "hamahang.webhooks.channel.WebhookChannel",  # installed, but no one's
    }
    settings.HAMAHANG_NOTICE_CHANNEL_ORDER = ["bale", "sms", "email"]
    fakes.reset()
    yield fakes
    fakes.reset()


@pytest.fixture
def agency(db):
    return AgencyFactory(name="سازمان صمت", email="samat@example.ir")


@pytest.fixture
def liaison(agency):
    return UserFactory(
        agency=agency, role=Role.AGENCY_LIAISON, email="rabet@example.ir", phone="09121234567"
    )


@pytest.fixture(autouse=True)
def _office_hours(office_hours):
    """Every test here runs at 10:00 Tehran time (SMS wait out the quiet hours otherwise)."""
