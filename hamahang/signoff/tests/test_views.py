"""The sign-off screens: the secretariat's page, a signer's answer, the public check."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamahang.core import clock
from hamahang.meetings.models import Meeting
from hamahang.signoff.models import Signer, SignoffRound
from hamahang.signoff.tests.conftest import last_code

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen(NOW):
        yield


def _text(response) -> str:
    return response.content.decode()


def test_secretariat_sends_the_draft_from_the_meeting_page(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.secretariat)
    url = reverse("signoff:meeting", args=[world.meeting.pk])
    with django_assert_max_num_queries(20):
        page = client.get(url)
    body = _text(page)
    assert world.agency_a.name in body and world.agency_b.name in body
    assert world.agency_c.name not in body  # absent: does not sign
    response = client.post(
        reverse("signoff:start", args=[world.meeting.pk]),
        {
            f"signer_{world.agency_a.pk}": world.liaison_a.pk,
            f"signer_{world.agency_b.pk}": world.liaison_b.pk,
            "chair": world.chair.pk,
        },
        follow=True,
    )
    assert "پیش‌نویس صورتجلسه برای تأیید حاضران و رئیس جلسه فرستاده شد." in _text(response)
    round_ = SignoffRound.objects.get()
    assert round_.signers.count() == 3
    # The direct approval button now answers with the sign-off rule.
    response = client.post(
        reverse("meetings:meeting_transition", args=[world.meeting.pk]),
        {"status": "approved"},
        follow=True,
    )
    assert "فقط با امضای رئیس جلسه" in _text(response)
    assert world.refresh().status == Meeting.Status.HELD


def test_bad_sending_requests_are_refused_in_persian(client, world):
    client.force_login(world.secretariat)
    url = reverse("signoff:start", args=[world.meeting.pk])
    response = client.post(url, {f"signer_{world.agency_a.pk}": "x", "chair": world.chair.pk})
    response = client.get(response.url)
    assert "امضاکننده برگزیده نادرست است." in _text(response)
    response = client.post(
        url, {f"signer_{world.agency_a.pk}": world.liaison_a.pk, "chair": ""}, follow=True
    )
    assert "رئیس جلسه (تأییدکننده نهایی) را برگزینید." in _text(response)
    assert not SignoffRound.objects.exists()
    client.force_login(world.liaison_a)
    assert client.post(url, {}).status_code == 403
    assert client.get(reverse("signoff:meeting", args=[world.meeting.pk])).status_code == 404


def test_signer_answers_with_a_code_and_a_wrong_code_changes_nothing(
    client, world, django_assert_max_num_queries
):
    round_ = world.start()
    client.force_login(world.liaison_a)
    with django_assert_max_num_queries(8):
        assert str(world.meeting) in _text(client.get(reverse("signoff:list")))
    with django_assert_max_num_queries(12):
        page = client.get(round_.get_absolute_url())
    assert "دریافت کد یک‌بارمصرف" in _text(page)
    client.post(reverse("signoff:code", args=[round_.pk]))
    code = last_code(world.liaison_a.email)
    respond = reverse("signoff:respond", args=[round_.pk])
    wrong = "999999" if code != "999999" else "888888"
    response = client.post(respond, {"decision": "approve", "code": wrong}, follow=True)
    assert "کد یک‌بارمصرف نادرست یا منقضی است" in _text(response)
    response = client.post(respond, {"decision": "maybe", "code": code})
    assert "پاسخ نادرست است." in _text(response)
    assert round_.signers.get(user=world.liaison_a).status == Signer.Status.PENDING
    # A signer of nothing: the round is not theirs to see.
    client.force_login(world.liaison_c)
    assert client.get(round_.get_absolute_url()).status_code == 404
    assert client.post(respond, {"decision": "approve", "code": code}).status_code == 404


def _signed(world, client):
    round_ = world.start()
    for user in (world.liaison_a, world.liaison_b, world.chair):
        client.force_login(user)
        client.post(reverse("signoff:code", args=[round_.pk]))
        client.post(
            reverse("signoff:respond", args=[round_.pk]),
            {"decision": "approve", "code": last_code(user.email)},
        )
    round_.refresh_from_db()
    return round_.signed


def test_signed_file_is_stable_and_the_public_page_checks_uploads(
    client, world, settings, django_assert_max_num_queries
):
    signed = _signed(world, client)
    assert world.refresh().status == Meeting.Status.APPROVED
    download = reverse("signoff:signed_pdf", args=[signed.pk])
    first = b"".join(client.get(download).streaming_content)
    assert first == b"".join(client.get(download).streaming_content)

    client.logout()
    url = reverse("signoff:verify", args=[signed.code])
    with django_assert_max_num_queries(5):
        page = client.get(url)
    body = _text(page)
    assert signed.sha256 in body and str(world.liaison_a.get_full_name()) in body

    def upload(data, name="minutes.pdf"):
        return client.post(url, {"document": SimpleUploadedFile(name, data)})

    assert "همان صورتجلسه امضاشده است" in _text(upload(first))
    changed = bytearray(first)
    changed[100] ^= 0x20
    assert "یکی نیست" in _text(upload(bytes(changed)))
    response = upload(b"not a pdf at all", "x.txt")
    assert response.status_code == 400 and "PDF نیست" in _text(response)
    settings.HAMAHANG_VERIFY_MAX_BYTES = 1024
    response = upload(first)
    assert response.status_code == 400 and "مگابایت" in _text(response)
    assert client.get(reverse("signoff:verify", args=["nosuchcode"])).status_code == 404
