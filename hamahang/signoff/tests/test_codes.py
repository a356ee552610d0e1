"""Codes through the outbox: a user whose first channel is not e-mail gets the code there,
urgent (not held for the quiet hours)."""

import pytest
from django.core.exceptions import ValidationError

from hamahang.notices.channels import Channel
from hamahang.notices.models import Notice
from hamahang.signoff import codes


class FakeSms(Channel):
    name = "sms"
    label = "پیامک"
    quiet_hours = True

    def address_for(self, user) -> str:
        return user.phone


def test_a_code_goes_by_sms_urgently_and_is_spent_once(settings, world):
    settings.HAMAHANG_NOTICE_CHANNELS = {
        **settings.HAMAHANG_NOTICE_CHANNELS,
        "sms": "hamahang.signoff.tests.test_codes.FakeSms",
    }
    user = world.liaison_a
    user.phone, user.notice_channels = "09121234567", ["sms", "email"]
    user.save()
    where = codes.send_code(user, subject_meeting="جلسه آزمایشی")
    assert where == "پیامک 0912***4567"
    notice = Notice.objects.get(channel="sms")
    assert notice.urgent and notice.address == "09121234567"
    code = next(word for word in notice.text.split() if word.isdigit() and len(word) == 6)
    codes.verify_code(user, code)
    with pytest.raises(ValidationError) as error:
        codes.verify_code(user, code)
    assert error.value.code == "no_code"


def test_no_address_is_refused_in_persian(world):
    world.liaison_c.email = ""
    world.liaison_c.save()
    with pytest.raises(ValidationError) as error:
        codes.send_code(world.liaison_c, subject_meeting="جلسه")
    assert "کد یک‌بارمصرف فرستاده نمی‌شود" in error.value.messages[0]


def test_an_e_mail_code_goes_through_the_outbox_too_and_a_second_at_once_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    user = world.liaison_a
    with django_capture_on_commit_callbacks(execute=False) as kicks:
        where = codes.send_code(user, subject_meeting="جلسه آزمایشی")
    assert where.startswith("رایانامه ")
    notice = Notice.objects.get(kind=Notice.Kind.SIGNOFF_CODE)
    assert notice.channel == "email" and notice.address == user.email and notice.urgent
    assert not mailoutbox  # nothing mailed past the outbox: the worker sends it
    for kick in kicks:
        kick()
    assert [m.to for m in mailoutbox] == [[user.email]]
    with pytest.raises(ValidationError) as error:
        codes.send_code(user, subject_meeting="جلسه آزمایشی")
    assert error.value.code == "code_cooldown" and "یک دقیقه بعد" in error.value.messages[0]
    assert Notice.objects.filter(kind=Notice.Kind.SIGNOFF_CODE).count() == 1
