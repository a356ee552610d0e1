import pytest

from hamahang.accounts.tests.factories import UserFactory
from hamahang.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_the_admin_lists_notices_read_only_with_masked_addresses(client):
    notice = Notice.objects.create(
        kind="issued", channel="sms", address="09121234567", subject="ابلاغ", text="متن",
        idempotency_key="issued:1:1",
    )  # fmt: skip
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get("/admin/notices/notice/")
    assert "0912***4567" in listing.text and "09121234567" not in listing.text
    client.post(f"/admin/notices/notice/{notice.pk}/change/", {"address": "09120000000"})
    assert Notice.objects.get().address == "09121234567"
    assert (
        client.post(f"/admin/notices/notice/{notice.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
