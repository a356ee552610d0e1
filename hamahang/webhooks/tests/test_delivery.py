"""Issue 19's webhook part, end to end against a real local receiver that checks every
delivery with verify.py: signed, retried after a 500 and delivered once, replays refused."""

import datetime as dt
import json
import time

import httpx
import pytest
from django.core.management import call_command

from hamahang.core import clock
from hamahang.meetings import services as meetings
from hamahang.meetings.models import Assignment
from hamahang.notices.channels import PermanentFailure, TemporaryFailure
from hamahang.notices.models import Notice
from hamahang.organizations.tests.factories import ProvinceFactory
from hamahang.webhooks import services
from hamahang.webhooks.channel import WebhookChannel
from hamahang.webhooks.models import Event
from hamahang.webhooks.tests.conftest import MEETING_DAY
from hamahang.webhooks.verify import Refused, sign, verify

pytestmark = pytest.mark.django_db


def issue(meeting, agency, user, *, confidential=False):
    return meetings.resolution_create(
        meeting=meeting,
        text="سازمان صنعت تا پایان آذر گزارش واحدهای راکد را ارائه کند؛ آقای احمدی پیگیری کند.",
        is_confidential=confidential,
        assignments=[meetings.AssignmentSpec(agency, MEETING_DAY + dt.timedelta(days=60))],
        acting_user=user,
    )


def deliver():
    call_command("deliver_notices", stdout=None)


def make_due():
    """The retry's backoff has passed (the tests move time, they do not wait)."""
    Notice.objects.filter(status=Notice.Status.PENDING).update(next_attempt_at=clock.now())


def test_an_issued_resolution_reaches_the_receiver_signed(
    subscribe, receiver, meeting, agency, secretariat_user
):
    subscription = subscribe([Event.RESOLUTION_ISSUED])
    resolution = issue(meeting, agency, secretariat_user)

    notice = Notice.objects.get(channel="webhook")
    assert notice.kind == Notice.Kind.EVENT and notice.address == receiver.url
    assert notice.payload["subscription"] == subscription.pk
    deliver()

    [received] = receiver.requests
    assert received.status == 200 and not received.refused  # verify.py accepted it
    assert received.headers["X-Hamahang-Event"] == "resolution.issued"
    assert received.headers["X-Hamahang-Delivery"] == notice.idempotency_key
    timestamp = received.headers["X-Hamahang-Timestamp"]
    assert received.headers["X-Hamahang-Signature"] == sign(
        receiver.secret, timestamp, received.body
    )
    [body] = receiver.accepted
    assert body["event"] == "resolution.issued" and body["id"] == notice.idempotency_key
    data = body["data"]
    assert data["code"] == resolution.code and data["committee"] == "ستاد تسهیل"
    assert data["assignments"][0]["agency"] == "سازمان صنعت، معدن و تجارت"
    # Public-safe fields only: no resolution text (it names a person), no user.
    raw = received.body.decode()
    assert "احمدی" not in raw and secretariat_user.username not in raw
    assert secretariat_user.last_name not in raw
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED and notice.attempts == 1
    assert notice.delivery_status.startswith("HTTP 200")


def test_a_500_is_retried_and_the_event_delivered_once(
    subscribe, receiver, meeting, agency, secretariat_user
):
    subscribe([Event.RESOLUTION_ISSUED])
    receiver.script = [500]
    issue(meeting, agency, secretariat_user)

    deliver()
    notice = Notice.objects.get(channel="webhook")
    assert notice.status == Notice.Status.PENDING and notice.attempts == 1
    assert "HTTP 500" in notice.last_error
    assert notice.next_attempt_at > clock.now()  # backed off

    deliver()  # not yet due: nothing sent
    assert len(receiver.requests) == 1
    make_due()
    deliver()
    deliver()  # nothing left

    assert [r.status for r in receiver.requests] == [500, 200]
    assert len(receiver.accepted) == 1
    # The retry is the same delivery: same id, same body, a fresh timestamp and signature.
    first, second = receiver.requests
    assert first.headers["X-Hamahang-Delivery"] == second.headers["X-Hamahang-Delivery"]
    assert first.body == second.body
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED and notice.attempts == 2
    assert notice.last_error == ""


def test_a_replayed_or_stale_delivery_is_refused_by_the_receiver(
    subscribe, receiver, meeting, agency, secretariat_user
):
    subscribe([Event.RESOLUTION_ISSUED])
    issue(meeting, agency, secretariat_user)
    deliver()
    [original] = receiver.requests

    # Captured and sent again as it is: the same delivery id.
    replay = httpx.post(receiver.url, content=original.body, headers=original.headers)
    assert replay.status_code == 401 and "تکرار" in replay.text
    # Re-signed correctly but ten minutes old, under a new id: refused as stale.
    old = str(int(time.time()) - 600)
    stale = httpx.post(
        receiver.url,
        content=original.body,
        headers={
            "X-Hamahang-Delivery": "webhook:new",
            "X-Hamahang-Timestamp": old,
            "X-Hamahang-Signature": sign(receiver.secret, old, original.body),
        },
    )
    assert stale.status_code == 401 and "پنج دقیقه" in stale.text
    # The body changed under a valid signature: refused.
    forged = httpx.post(
        receiver.url,
        content=original.body.replace(b"issued", b"closed"),
        headers={**original.headers, "X-Hamahang-Delivery": "webhook:other"},
    )
    assert forged.status_code == 401 and "امضا" in forged.text
    assert [r.refused for r in receiver.requests[1:]] == ["replay", "stale", "bad_signature"]
    assert len(receiver.accepted) == 1


def test_verify_refuses_a_missing_header_or_a_wrong_secret():
    body = b'{"a":1}'
    now = int(time.time())
    headers = {
        "x-hamahang-delivery": "d1",
        "x-hamahang-timestamp": str(now),
        "x-hamahang-signature": sign("right", now, body),
    }
    with pytest.raises(Refused) as wrong:
        verify(secret="wrong", headers=headers, body=body, seen=set())
    assert wrong.value.code == "bad_signature"
    with pytest.raises(Refused) as missing:
        verify(secret="right", headers={"x-hamahang-delivery": "d1"}, body=body, seen=set())
    assert missing.value.code == "missing_header"
    seen = set()
    assert verify(secret="right", headers=headers, body=body, seen=seen) == "d1"
    assert seen == {"d1"}


def test_a_confidential_resolution_emits_nothing(subscribe, meeting, agency, secretariat_user):
    subscribe()
    resolution = issue(meeting, agency, secretariat_user, confidential=True)
    assignment = resolution.assignments.get()
    meetings.assignment_set_status(
        assignment=assignment,
        status=Assignment.Status.NOT_IMPLEMENTED,
        version=assignment.version,
        acting_user=secretariat_user,
    )
    assert not Notice.objects.filter(channel="webhook").exists()


def test_a_closed_assignment_is_an_event_once_per_closing(
    subscribe, meeting, agency, secretariat_user
):
    subscribe([Event.ASSIGNMENT_CLOSED])
    resolution = issue(meeting, agency, secretariat_user)
    assert not Notice.objects.exists()  # not subscribed to resolution.issued
    assignment = resolution.assignments.get()
    closed = meetings.assignment_set_status(
        assignment=assignment,
        status=Assignment.Status.NOT_IMPLEMENTED,
        version=assignment.version,
        acting_user=secretariat_user,
    )
    [notice] = Notice.objects.filter(channel="webhook")
    body = notice.payload["body"]
    assert notice.payload["event"] == "assignment.closed"
    assert body["status"] == "not_implemented" and body["agency"] == agency.name
    assert body["resolution"]["code"] == resolution.code
    # Reopened (not an event) and closed again: a second event.
    reopened = meetings.assignment_set_status(
        assignment=closed,
        status=Assignment.Status.IN_PROGRESS,
        version=closed.version,
        acting_user=secretariat_user,
    )
    meetings.assignment_set_status(
        assignment=reopened,
        status=Assignment.Status.CANCELLED,
        version=reopened.version,
        acting_user=secretariat_user,
    )
    assert Notice.objects.filter(channel="webhook").count() == 2


def test_scope_national_other_province_and_inactive_subscriptions(
    subscribe, receiver, meeting, agency, secretariat_user
):
    from hamahang.accounts.models import Role
    from hamahang.accounts.tests.factories import UserFactory
    from hamahang.organizations.tests.factories import AgencyFactory

    ours = subscribe([Event.RESOLUTION_ISSUED])
    tehran = ProvinceFactory(name="تهران", code="tehran")
    national_user = UserFactory(agency=AgencyFactory(province=tehran), role=Role.NATIONAL)
    national = subscribe([Event.RESOLUTION_ISSUED], user=national_user)  # province None
    theirs = subscribe([Event.RESOLUTION_ISSUED], user=national_user, province=tehran)
    stopped = subscribe([Event.RESOLUTION_ISSUED])
    services.subscription_deactivate(acting_user=secretariat_user, subscription=stopped)

    issue(meeting, agency, secretariat_user)
    reached = set(Notice.objects.values_list("payload__subscription", flat=True))
    assert reached == {ours.pk, national.pk}
    assert theirs.pk not in reached and stopped.pk not in reached


def test_a_sent_project_is_an_event(subscribe, secretariat_user, province):
    from hamahang.organizations.tests.factories import AgencyFactory, CountyFactory
    from hamahang.projects import services as projects

    subscribe([Event.PROJECT_SENT])
    project = projects.project_create(
        acting_user=secretariat_user,
        code="JT99-001",
        title="هتل پردیسان",
        sector="tourism",
        county=CountyFactory(province=province, name="قم"),
        owner=AgencyFactory(province=province, name="اداره کل میراث فرهنگی"),
        executor="آقای سرمایه‌گذار",
        jobs_direct=10,
    )
    batch = projects.submission_create(
        title="جهش تولید", projects=[project], acting_user=secretariat_user
    )
    projects.submission_send(
        submission=batch,
        letter_number="۱۲۴/۹۹",
        letter_date=MEETING_DAY,
        acting_user=secretariat_user,
    )
    [notice] = Notice.objects.filter(channel="webhook")
    body = notice.payload["body"]
    assert body["project"]["code"] == "JT99-001" and body["project"]["jobs"]["direct"] == 10
    assert body["submission"]["letter_date"] == MEETING_DAY.isoformat()
    assert "سرمایه‌گذار" not in json.dumps(body, ensure_ascii=False)  # the executor stays out


# --- The channel's answers ----------------------------------------------------------------------


@pytest.fixture
def queued(subscribe, meeting, agency, secretariat_user):
    subscribe([Event.RESOLUTION_ISSUED])
    issue(meeting, agency, secretariat_user)
    return Notice.objects.get(channel="webhook")


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (400, PermanentFailure),
        (410, PermanentFailure),
        (503, TemporaryFailure),
        (429, TemporaryFailure),
    ],
)
def test_the_receivers_status_decides_retry_or_give_up(queued, receiver, status, failure):
    receiver.script = [status]
    with pytest.raises(failure) as raised:
        WebhookChannel().send(queued)
    assert f"HTTP {status}" in str(raised.value)


def test_an_unreachable_receiver_is_retried_later(queued, receiver):
    queued.address = "http://127.0.0.1:9/nothing-listens-here"
    with pytest.raises(TemporaryFailure):
        WebhookChannel().send(queued)


def test_a_rotated_secret_signs_the_next_attempt(queued, receiver, secretariat_user):
    from hamahang.webhooks.models import WebhookSubscription

    subscription = WebhookSubscription.objects.get()
    old_secret = receiver.secret
    _row, receiver.secret = services.subscription_rotate_secret(
        acting_user=secretariat_user, subscription=subscription
    )
    assert receiver.secret != old_secret
    delivery = WebhookChannel().send(queued)
    assert delivery.delivered and len(receiver.accepted) == 1


def test_a_deactivated_subscription_is_not_sent_to(queued, receiver, secretariat_user):
    from hamahang.webhooks.models import WebhookSubscription

    services.subscription_deactivate(
        acting_user=secretariat_user, subscription=WebhookSubscription.objects.get()
    )
    with pytest.raises(PermanentFailure) as raised:
        WebhookChannel().send(queued)
    assert "غیرفعال" in str(raised.value)
    assert receiver.requests == []
