import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from hamahang.core import clock
from hamahang.notices import delivery
from hamahang.notices.channels import Delivery, PermanentFailure, TemporaryFailure
from hamahang.notices.delivery import backoff, deliver_due
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_address, notify_user

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.UTC)  # 12:00 Tehran


@pytest.fixture
def noon():
    with clock.frozen(NOON):
        yield


def _notify(user, key="issued:1", **extra):
    return notify_user(user, kind="issued", subject="ابلاغ", text="متن", key=key, **extra)


def _at(minutes: float):
    return clock.frozen(NOON + dt.timedelta(minutes=minutes))


def test_a_sent_notice_keeps_the_providers_message_id_and_status(channels, liaison, noon):
    notice = _notify(liaison)
    run = deliver_due()
    notice.refresh_from_db()
    assert run.sent == 1
    assert channels.FakeSms.sent == ["issued:1"]
    assert (notice.status, notice.attempts, notice.provider_message_id) == ("sent", 1, "sms-1")
    assert notice.delivery_status == "accepted" and notice.sent_at == NOON
    assert deliver_due().sent == 0  # never twice


def test_a_confirmed_delivery_is_recorded_as_delivered(channels, liaison, noon):
    channels.FakeSms.outcomes.append(Delivery("m-9", "DELIVERED", delivered=True))
    notice = _notify(liaison)
    deliver_due()
    notice.refresh_from_db()
    assert (notice.status, notice.delivered_at) == ("delivered", NOON)


def test_a_temporary_failure_is_retried_with_growing_waits(channels, liaison, noon):
    channels.FakeSms.outcomes.extend(
        [TemporaryFailure("سرور پیامک پاسخ نداد"), TemporaryFailure("x")]
    )
    notice = _notify(liaison)
    run = deliver_due()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (
        "pending",
        1,
        "سرور پیامک پاسخ نداد",
    )
    assert notice.next_attempt_at == NOON + dt.timedelta(minutes=1) == run.retry_at
    assert deliver_due().sent == 0  # not due yet
    with _at(1):
        deliver_due()
    notice.refresh_from_db()
    assert notice.next_attempt_at == NOON + dt.timedelta(minutes=1 + 2)
    with _at(3):
        deliver_due()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == ("sent", 3, "")
    assert [backoff(n).total_seconds() / 60 for n in range(1, 7)] == [1, 2, 4, 8, 16, 32]


def test_a_channel_that_raises_keeps_the_notice_for_a_retry(channels, liaison, noon):
    channels.FakeSms.outcomes.append(ValueError("a bug in the channel"))
    notice = _notify(liaison)
    deliver_due()
    notice.refresh_from_db()
    assert notice.status == "pending" and "خطای پیش‌بینی‌نشده" in notice.last_error


def test_a_permanent_failure_falls_back_to_the_next_reachable_channel(channels, liaison, noon):
    channels.LINKED[liaison.pk] = "5551234"
    channels.FakeBale.outcomes.append(PermanentFailure("کاربر ربات را مسدود کرده است"))
    first = _notify(liaison)
    run = deliver_due()
    first.refresh_from_db()
    fallback = Notice.objects.get(fallback_of=first)
    assert (first.channel, first.status) == ("bale", "superseded")
    assert first.last_error == "کاربر ربات را مسدود کرده است"
    assert (fallback.channel, fallback.address, fallback.status) == ("sms", "09121234567", "sent")
    assert fallback.idempotency_key == "issued:1>sms"
    assert (run.fell_back, run.sent) == (1, 1)  # the same run sent the fallback


def test_attempts_used_up_count_as_permanent(channels, settings, liaison, noon):
    settings.HAMAHANG_NOTICE_MAX_ATTEMPTS = 2
    liaison.notice_channels = ["sms"]  # nothing to fall back to
    liaison.save()
    channels.FakeSms.outcomes.extend([TemporaryFailure("زمان پاسخ گذشت")] * 2)
    notice = _notify(liaison)
    deliver_due()
    with _at(1):
        run = deliver_due()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("failed", 2)
    assert notice.last_error == "پس از ۲ تلاش ناموفق ماند؛ آخرین خطا: زمان پاسخ گذشت"
    assert run.failed == 1


def test_a_fixed_address_that_fails_for_good_is_failed(channels, agency, noon, monkeypatch):
    notice = notify_address(
        channel="sms", address="09120000000", kind="digest", subject="s", text="t", key="d:1"
    )
    channels.FakeSms.outcomes.append(PermanentFailure("شماره نامعتبر"))
    deliver_due()
    notice.refresh_from_db()
    assert (notice.status, notice.last_error) == ("failed", "شماره نامعتبر")


def test_a_notice_of_a_channel_no_longer_installed_fails_in_persian(
    channels, settings, liaison, noon
):
    liaison.notice_channels = ["bale"]
    liaison.save()
    channels.LINKED[liaison.pk] = "5551234"
    notice = _notify(liaison)
    settings.HAMAHANG_NOTICE_CHANNELS = {"email": "hamahang.notices.channels.EmailChannel"}
    deliver_due()
    notice.refresh_from_db()
    assert notice.status == "failed" and "نصب نیست" in notice.last_error


def test_a_held_notice_is_not_sent_before_its_time(channels, liaison):
    night = dt.datetime(2026, 11, 30, 19, 0, tzinfo=dt.UTC)  # 22:30 Tehran
    with clock.frozen(night):
        notice = _notify(liaison)
        assert deliver_due().sent == 0
    with clock.frozen(dt.datetime(2026, 12, 1, 3, 30, tzinfo=dt.UTC)):  # 07:00 Tehran
        assert deliver_due().sent == 1
    notice.refresh_from_db()
    assert notice.status == "sent"


def test_a_claimed_notice_is_leased_to_its_worker(channels, liaison, noon):
    """A worker that died after claiming leaves the notice to be taken over after the lease."""
    notice = _notify(liaison)
    claimed = delivery.claim_next()
    assert claimed.pk == notice.pk and claimed.attempts == 1
    assert delivery.claim_next() is None  # held by the first worker
    with _at(5):
        again = delivery.claim_next()
    assert again.pk == notice.pk and again.attempts == 2


def test_the_rate_limit_spaces_sends_on_one_channel(monkeypatch):
    clock_now = [100.0]
    waits = []
    monkeypatch.setattr(delivery.time, "monotonic", lambda: clock_now[0])
    monkeypatch.setattr(delivery.time, "sleep", lambda s: waits.append(round(s, 3)))
    monkeypatch.setattr(delivery, "_last_send", {})

    class Limited:
        name, per_second = "limited", 4.0

    delivery._keep_rate(Limited())
    delivery._keep_rate(Limited())
    clock_now[0] += 1
    delivery._keep_rate(Limited())
    assert waits == [0.25]


def test_the_command_sends_what_is_due(channels, liaison, noon):
    _notify(liaison)
    call_command("deliver_notices")
    assert channels.FakeSms.sent == ["issued:1"]


def test_the_command_refuses_a_bad_limit():
    with pytest.raises(CommandError, match="--limit"):
        call_command("deliver_notices", "--limit", "0")


def test_the_task_comes_back_when_the_earliest_retry_is_due(channels, liaison, noon, settings):
    from django_tasks import default_task_backend

    from hamahang.notices.tasks import deliver_notices

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    channels.FakeSms.outcomes.append(TemporaryFailure("شلوغ است"))
    _notify(liaison)
    assert deliver_notices.call()["retried"] == 1
    (deferred,) = default_task_backend.results
    assert deferred.task.run_after == NOON + dt.timedelta(minutes=1)


def test_delivery_reports_are_asked_for_and_an_undeliverable_sms_falls_back(
    channels, liaison, noon
):
    first, second = _notify(liaison, key="a"), _notify(liaison, key="b")
    deliver_due()
    channels.FakeSms.reports.update(
        {
            "sms-1": Delivery("sms-1", "DELIVERED", delivered=True),
            "sms-2": PermanentFailure("گوشی خاموش است؛ پیامک تحویل نشد"),
        }
    )
    with _at(10):
        call_command("deliver_notices", "--refresh")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.delivery_status) == ("delivered", "DELIVERED")
    assert (second.status, second.last_error) == ("superseded", "گوشی خاموش است؛ پیامک تحویل نشد")
    fallback = Notice.objects.get(fallback_of=second)
    assert (fallback.channel, fallback.status) == ("email", "sent")  # sent by the same command
