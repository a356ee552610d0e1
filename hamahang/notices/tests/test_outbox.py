import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from hamahang.core import clock
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notifications_suppressed, notify_address, notify_user

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")


def _notify(user, key="k1", **extra):
    return notify_user(
        user, kind=Notice.Kind.ISSUED, subject="ابلاغ", text="متن ابلاغ", key=key, **extra
    )


def test_the_office_order_picks_the_first_channel_the_user_is_reachable_on(channels, liaison):
    notice = _notify(liaison)  # not linked to Bale: SMS comes next
    assert (notice.channel, notice.address, notice.status) == ("sms", "09121234567", "pending")
    channels.LINKED[liaison.pk] = "5551234"
    assert _notify(liaison, key="k2").channel == "bale"


def test_the_users_own_order_comes_first(channels, liaison):
    liaison.notice_channels = ["email", "sms"]
    assert _notify(liaison).address == "rabet@example.ir"


def test_a_user_reachable_nowhere_gets_no_notice(channels, liaison):
    liaison.phone, liaison.email = "", ""
    assert _notify(liaison) is None
    assert not Notice.objects.exists()


def test_a_channel_not_installed_is_skipped(settings, liaison):
    settings.HAMAHANG_NOTICE_CHANNELS = {
        "email": "hamahang.notices.channels.EmailChannel",
        "bale": "hamahang.no_such_app.channel.BaleChannel",
    }
    settings.HAMAHANG_NOTICE_CHANNEL_ORDER = ["bale", "email"]
    assert _notify(liaison).channel == "email"


def test_the_same_key_twice_writes_one_notice(channels, liaison):
    first = _notify(liaison)
    second = _notify(liaison)
    assert first.pk == second.pk
    assert Notice.objects.count() == 1


def test_nothing_is_written_while_notifications_are_suppressed(channels, liaison, agency):
    with notifications_suppressed():
        assert _notify(liaison) is None
        assert (
            notify_address(
                channel="email",
                address=agency.email,
                kind=Notice.Kind.DIGEST,
                subject="s",
                text="t",
                key="a1",
            )
            is None
        )
    assert not Notice.objects.exists()


def test_delivery_is_enqueued_once_when_the_transaction_commits(
    channels, liaison, agency, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _notify(liaison, key="k1")
        notify_address(
            channel="email",
            address=agency.email,
            kind=Notice.Kind.ISSUED,
            subject="ابلاغ",
            text="متن",
            key="k2",
            agency=agency,
        )
        assert channels.FakeSms.sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert channels.FakeSms.sent == ["k1"]
    assert [m.to for m in mailoutbox] == [["samat@example.ir"]]
    assert set(Notice.objects.values_list("status", flat=True)) == {"sent"}


def test_a_rolled_back_change_leaves_no_notice(channels, liaison):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(liaison)
        raise RuntimeError("the change failed")
    assert not Notice.objects.exists()


def test_an_sms_written_in_quiet_hours_waits_until_seven_unless_urgent(channels, liaison):
    night = dt.datetime(2026, 11, 30, 23, 30, tzinfo=TEHRAN)
    with clock.frozen(night):
        held = _notify(liaison, key="night")
        urgent = _notify(liaison, key="urgent", urgent=True)
    assert held.next_attempt_at == dt.datetime(2026, 12, 1, 7, 0, tzinfo=TEHRAN)
    assert urgent.next_attempt_at == night


def test_an_sms_written_just_after_midnight_waits_until_seven_the_same_morning(channels, liaison):
    with clock.frozen(dt.datetime(2026, 11, 30, 0, 15, tzinfo=TEHRAN)):
        held = _notify(liaison)
    assert held.next_attempt_at == dt.datetime(2026, 11, 30, 7, 0, tzinfo=TEHRAN)


def test_email_keeps_no_quiet_hours(channels, liaison):
    liaison.notice_channels = ["email"]
    night = dt.datetime(2026, 11, 30, 23, 30, tzinfo=TEHRAN)
    with clock.frozen(night):
        assert _notify(liaison).next_attempt_at == night


def test_a_key_longer_than_the_column_is_a_programming_error(channels, liaison):
    with pytest.raises(ValueError):
        _notify(liaison, key="x" * 121)
