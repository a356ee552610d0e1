"""API tokens expire, end with a password change, show their last use; passwords are checked."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hamahang.accounts.models import ApiToken
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.accounts.tokens import api_token_create, api_token_user
from hamahang.core import clock

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/resolutions"


def _api(client, raw):
    return client.get(API_URL, HTTP_AUTHORIZATION=f"Bearer {raw}")


# --- Expiry ------------------------------------------------------------------------------------


def test_a_token_is_made_on_the_tokens_page_with_a_chosen_lifetime(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("token_list")).content.decode()
    assert "مدت اعتبار" in page and "۹۰ روز" in page
    response = client.post(reverse("token_list"), {"name": "سامانه مکاتبات", "days": "30"})
    assert "توکن ساخته شد" in response.content.decode()
    token = ApiToken.objects.get(user=user)
    lifetime = token.expires_at - token.created_at
    assert dt.timedelta(days=30) - lifetime < dt.timedelta(seconds=5)


def test_a_token_lives_ninety_days_by_default(client):
    token, _raw = api_token_create(user=UserFactory(), name="پیش‌فرض")
    assert abs(token.expires_at - timezone.now() - dt.timedelta(days=90)) < dt.timedelta(seconds=5)
    user = UserFactory()
    client.force_login(user)
    assert client.post(reverse("token_list"), {"name": "فقط نام"}).status_code == 200
    token = ApiToken.objects.get(user=user)
    assert abs(token.expires_at - timezone.now() - dt.timedelta(days=90)) < dt.timedelta(seconds=5)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "days": "90"}, "نامی برای توکن بنویسید"),
        ({"name": "x" * 101, "days": "90"}, "حداکثر ۱۰۰ نویسه"),
        ({"name": "نام\x00بد", "days": "90"}, "نویسه کنترلی (مانند NUL)"),
        ({"name": "سامانه", "days": "3650"}, "مدت اعتبار توکن را از فهرست برگزینید"),
        ({"name": "سامانه", "days": "abc"}, "مدت اعتبار توکن را از فهرست برگزینید"),
    ],
)
def test_bad_token_input_is_refused_in_persian_and_makes_nothing(client, data, message):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("token_list"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_service_refuses_bad_names_and_lifetimes_too():
    user = UserFactory()
    for kwargs in ({"name": "a\x00"}, {"name": "x" * 101}, {"name": "ok", "days": 5000}):
        with pytest.raises(ValidationError):
            api_token_create(user=user, **kwargs)
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_with_401_in_persian(client):
    token, raw = api_token_create(user=UserFactory(), name="کوتاه", days=30)
    assert _api(client, raw).status_code == 200
    with clock.frozen(token.expires_at + dt.timedelta(seconds=1)):
        response = _api(client, raw)
        assert response.status_code == 401
        assert "توکن معتبر" in response.json()["message"]
        client.force_login(token.user)
        assert "منقضی شده" in client.get(reverse("token_list")).content.decode()


# --- Password change ---------------------------------------------------------------------------


def test_changing_the_password_revokes_every_token(client):
    user = UserFactory()
    _token, raw = api_token_create(user=user, name="سامانه")
    assert _api(client, raw).status_code == 200
    client.force_login(user)
    client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Another-Strong-1405",
            "new_password2": "Another-Strong-1405",
        },
    )
    client.logout()
    assert _api(client, raw).status_code == 401
    assert ApiToken.objects.get(user=user).revoked_at is not None


def test_set_password_elsewhere_revokes_tokens_but_a_plain_save_does_not():
    user = UserFactory()
    _token, raw = api_token_create(user=user, name="سامانه")
    user.title = "کارشناس"
    user.save()
    assert api_token_user(raw) == user
    user.set_password("Another-Strong-1405")
    user.save()
    assert api_token_user(raw) is None


# --- Last use ----------------------------------------------------------------------------------


def test_last_use_is_shown_and_written_at_most_once_a_minute(client, django_assert_num_queries):
    user = UserFactory()
    token, raw = api_token_create(user=user, name="سامانه")
    start = timezone.now()
    with clock.frozen(start):
        api_token_user(raw)
    token.refresh_from_db()
    assert token.last_used_at == start
    with clock.frozen(start + dt.timedelta(seconds=30)), django_assert_num_queries(1):
        assert api_token_user(raw) == user  # the lookup only: no write
    token.refresh_from_db()
    assert token.last_used_at == start
    with clock.frozen(start + dt.timedelta(seconds=61)), django_assert_num_queries(2):
        api_token_user(raw)
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)
    client.force_login(user)
    page = client.get(reverse("token_list")).content.decode()
    assert "هنوز استفاده نشده" not in page


# --- Passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Hamahang", "دست‌کم ۱۰ نویسه"),
        ("Qom12345", "دست‌کم ۱۰ نویسه"),
        ("hamahang1405", "نام سامانه یا استان"),
        ("qom1405qom1405", "نام سامانه یا استان"),
        ("1234567890123", "فقط از رقم"),
        ("password1234", "بسیار رایج"),
        ("mohammadreza77", "بسیار شبیه"),
    ],
)
def test_weak_passwords_are_refused_in_persian(password, message):
    user = UserFactory.build(username="mohammadreza", first_name="محمدرضا")
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert any(message in text for text in caught.value.messages), caught.value.messages


@pytest.mark.parametrize("password", ["Hamahang@1405", TEST_PASSWORD, "Another-Strong-1405"])
def test_the_demo_and_reasonable_passwords_are_accepted(password):
    validate_password(password, UserFactory.build(username="dabir"))


def test_the_password_change_page_refuses_a_weak_password_in_persian(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "hamahang1405",
            "new_password2": "hamahang1405",
        },
    )
    assert "نام سامانه یا استان" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
