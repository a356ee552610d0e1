"""Issue 17's acceptance, in a small world: with BALE_BASE_URL and KAVENEGAR_BASE_URL at local
fakes (and nothing else configured), issuing a resolution and `send_reminders` reach the
linked liaison in Bale and the unlinked one with a mobile by SMS, in Persian, naming the
resolution code; each notice keeps its provider's message id on the assignment."""

import datetime as dt

import pytest
from django.core.management import call_command

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.bale.tests.conftest import LINKED_CHAT
from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import today
from hamahang.meetings import services
from hamahang.meetings.tests.factories import make_meeting
from hamahang.notices.models import Notice
from hamahang.organizations.tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"


@pytest.fixture
def fake_sms(settings):
    kavenegar = pytest.importorskip("hamahang.notices.fakes.kavenegar")
    fake = kavenegar.FakeKavenegar().start()
    settings.KAVENEGAR_BASE_URL = fake.url
    settings.KAVENEGAR_API_KEY = ""
    yield fake
    fake.stop()


def test_notices_reach_bale_and_sms_with_proof_on_the_assignment(
    fake_bale, fake_sms, world, settings
):
    settings.BALE_BOT_TOKEN = ""  # only the base URLs are set, as in the acceptance run
    world.other_liaison.phone = MOBILE
    world.other_liaison.save()
    secretariat = UserFactory(agency=world.agency, role=Role.SECRETARIAT)
    meeting = make_meeting(CommitteeFactory(province=world.agency.province), today())
    due = today() + dt.timedelta(days=3)
    resolution = services.resolution_create(
        meeting=meeting,
        text="تأمین مواد اولیه واحدهای صنعتی پیگیری شود.",
        assignments=[
            services.AssignmentSpec(world.agency, due),
            services.AssignmentSpec(world.other, due),
        ],
        acting_user=secretariat,
    )
    call_command("send_reminders")
    call_command("deliver_notices")

    code = to_persian_digits(resolution.code)
    bale = [c for c in fake_bale.calls("sendMessage") if c["chat_id"] == LINKED_CHAT]
    sms = [m for m in fake_sms.sent if m["receptor"] == MOBILE]
    assert len(bale) == 2 and all(code in c["text"] for c in bale)  # issued, then the digest
    assert len(sms) == 2 and all(code in m["message"] for m in sms)
    assert bale[0]["reply_markup"]["inline_keyboard"][1][0]["text"] == "گزارش پیشرفت"
    assert "ابلاغ" in bale[0]["text"] and "یادآوری" in bale[1]["text"]

    mine = resolution.assignments.get(agency=world.agency)
    theirs = resolution.assignments.get(agency=world.other)
    (to_bale,) = Notice.objects.filter(assignment=mine, channel="bale")
    (to_sms,) = Notice.objects.filter(assignment=theirs, channel="sms")
    assert to_bale.status == "delivered" and to_bale.provider_message_id
    assert to_sms.status in {"sent", "delivered"} and to_sms.provider_message_id
    assert to_sms.provider_message_id == str(sms[0]["messageid"])

    call_command("send_reminders")  # a second run the same day tells nobody again
    call_command("deliver_notices")
    assert len(fake_bale.calls("sendMessage")) == 2 and len(fake_sms.sent) == 2
