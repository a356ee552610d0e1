"""Audit items 9 (token names), 13 (open redirects) and 14 (draft export)."""

import pytest

from hamahang.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("سامانه\x00دستگاه", "متن نباید نویسه کنترلی (مانند NUL) داشته باشد."),
        ("ب" * 101, "نام توکن حداکثر ۱۰۰ نویسه می‌تواند باشد."),
    ],
)
def test_a_bad_token_name_is_a_persian_422(secretariat_client, name, message):
    response = secretariat_client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_a_token_name_of_100_characters_is_fine(secretariat_client):
    response = secretariat_client.post("/accounts/tokens/", {"name": "ب" * 100})
    assert response.status_code == 200 and ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/x", "/\\evil.example", "javascript:x"]
)
@pytest.mark.parametrize(
    ("url", "fallback"), [("/resolutions/", "/resolutions/"), ("/assignments/", "/assignments/")]
)
def test_bulk_actions_never_redirect_off_site(secretariat_client, url, fallback, target):
    response = secretariat_client.post(url, {"next": target, "selected": []})
    assert response.status_code == 302
    assert response["Location"] == fallback


def test_bulk_actions_keep_a_local_next(secretariat_client):
    response = secretariat_client.post(
        "/resolutions/", {"next": "/resolutions/?status=open", "selected": []}
    )
    assert response["Location"] == "/resolutions/?status=open"


def test_a_draft_submission_export_is_a_persian_refusal(secretariat_client, secretariat_user):
    from hamahang.projects.models import NationalSubmission

    draft = NationalSubmission.objects.create(
        province_id=secretariat_user.agency.province_id, title="پیش‌نویس"
    )
    for fmt in ("xlsx", "json"):
        response = secretariat_client.get(f"/submissions/{draft.pk}/export.{fmt}", follow=True)
        assert response.status_code == 200
        assert "این مجموعه هنوز پیش‌نویس است و خروجی ندارد" in response.content.decode()


def test_form_text_refuses_control_characters_and_has_a_limit():
    from django import forms

    from hamahang.core.forms import PersianCharField

    class Sample(forms.Form):
        line = PersianCharField()
        area = PersianCharField(widget=forms.Textarea)

    bad = Sample({"line": "a\x00b", "area": "x\x1by"})
    assert not bad.is_valid()
    assert bad.errors["line"] == ["متن نباید نویسه کنترلی (مانند NUL) داشته باشد."]
    assert bad.errors["area"] == ["متن نباید نویسه کنترلی (مانند NUL) داشته باشد."]
    long = Sample({"line": "ب" * 2001, "area": "ب" * 4001})
    assert not long.is_valid()
    assert "حداکثر 2000 نویسه" in long.errors["line"][0]
    assert "حداکثر 4000 نویسه" in long.errors["area"][0]
    assert Sample({"line": "یک\tدو", "area": "یک\r\nدو"}).is_valid()
