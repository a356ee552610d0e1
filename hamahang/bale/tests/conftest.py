"""A small world for the Bale bot: one held meeting, a resolution assigned to two agencies,
a liaison of each, the first linked to a Bale chat; and the fake Bale server."""

import datetime as dt
from types import SimpleNamespace

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.bale.fakes import FakeBale
from hamahang.bale.models import BaleLink
from hamahang.core import clock
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory

LINKED_CHAT = "5550001"
OTHER_CHAT = "5550002"
SECRET = "s3cret-webhook-path"


@pytest.fixture
def fake_bale(settings):
    fake = FakeBale().start()
    settings.BALE_BASE_URL = fake.url
    settings.BALE_BOT_TOKEN = "test-token"
    settings.BALE_BOT_USERNAME = "hamahang_bot"
    settings.BALE_WEBHOOK_SECRET = SECRET
    settings.BALE_TIMEOUT = 5
    yield fake
    fake.stop()


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    agency, other = AgencyFactory(short_name="صمت"), AgencyFactory(short_name="جهاد")
    committee = CommitteeFactory(province=agency.province)
    meeting = make_meeting(committee, dt.date(2026, 10, 1))
    (resolution,) = make_resolutions(meeting, [agency, other], 1, deadline=dt.date(2026, 12, 30))
    liaison = UserFactory(agency=agency, role=Role.AGENCY_LIAISON, username="samat-t")
    other_liaison = UserFactory(agency=other, role=Role.AGENCY_LIAISON, username="jahad-t")
    BaleLink.objects.create(user=liaison, chat_id=LINKED_CHAT, linked_at=clock.now())
    return SimpleNamespace(
        agency=agency,
        other=other,
        resolution=resolution,
        assignment=resolution.assignments.get(agency=agency),
        other_assignment=resolution.assignments.get(agency=other),
        liaison=liaison,
        other_liaison=other_liaison,
    )


_ids = iter(range(10_000, 1_000_000))


def message(chat_id, **fields) -> dict:
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": 1,
            "date": 1764500000,
            "chat": {"id": int(chat_id), "type": "private"},
            "from": {"id": int(chat_id), "is_bot": False, "first_name": "رابط"},
            **fields,
        },
    }


def button(chat_id, data: str) -> dict:
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": f"cb-{next(_ids)}",
            "from": {"id": int(chat_id), "is_bot": False, "first_name": "رابط"},
            "message": {"message_id": 2, "date": 1764500000, "chat": {"id": int(chat_id)}},
            "data": data,
        },
    }


@pytest.fixture(autouse=True)
def _office_hours(office_hours):
    """Every test here runs at 10:00 Tehran time (SMS wait out the quiet hours otherwise)."""
