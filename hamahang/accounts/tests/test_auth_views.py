import pytest
from django.urls import reverse

from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_is_persian(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "ورود به سامانه هماهنگ" in page


def test_a_person_signs_in_and_reaches_the_dashboard(client):
    user = UserFactory()
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.resolver_match.url_name == "home"
    assert "داشبورد" in response.content.decode()


def test_a_wrong_password_is_refused_in_persian(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "نام کاربری" in response.content.decode() and "گذرواژه" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "ورود موقتاً مسدود شد" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_require_signing_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_logout_and_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Another-Strong-1405",
            "new_password2": "Another-Strong-1405",
        },
        follow=True,
    )
    assert "گذرواژه شما تغییر کرد" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Another-Strong-1405")
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_a_too_short_new_password_is_refused_in_persian(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert "کوتاه" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_username_typed_with_persian_digits_signs_in(client):
    """The pages draw «rabet-20» as «rabet-۲۰» and a Persian keyboard types it so."""
    UserFactory(username="rabet-20")
    response = client.post(
        reverse("login"), {"username": "rabet-۲۰", "password": TEST_PASSWORD}, follow=True
    )
    assert response.resolver_match.url_name == "home"
    assert "داشبورد" in response.content.decode()
    client.logout()
    client.post(reverse("login"), {"username": "rabet-٢٠", "password": TEST_PASSWORD})  # Arabic
    assert "_auth_user_id" in client.session


def test_a_persian_digit_username_with_a_wrong_password_is_refused_and_counted(client, settings):
    from axes.models import AccessAttempt

    UserFactory(username="rabet-20")
    response = client.post(reverse("login"), {"username": "rabet-۲۰", "password": "wrong"})
    assert response.status_code == 200
    assert "گذرواژه" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lockout keys on the stored name, whichever digits were typed.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["rabet-20"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "rabet-20", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "rabet-۲۰", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "ورود موقتاً مسدود شد" in locked.content.decode()
