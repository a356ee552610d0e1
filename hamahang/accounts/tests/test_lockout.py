"""Login throttling behind a proxy: clients told apart, a growing delay instead of a ban."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from hamahang.accounts.lockout import client_ip, delay_after
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.core import clock

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "127.0.0.1"]


@pytest.fixture
def moment(monkeypatch):
    """django-axes reads the time through the project's clock, which the test moves."""
    monkeypatch.setattr("axes.handlers.proxy.now", clock.now)
    start = timezone.now().replace(microsecond=0)

    class Moment:
        def at(self, seconds):
            return clock.frozen(start + dt.timedelta(seconds=seconds))

    return Moment()


def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


# --- The client's address ----------------------------------------------------------------------


def _request(remote, forwarded=None, real=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return RequestFactory().post("/accounts/login/", **meta)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(trusted_proxy):
    assert client_ip(_request(PROXY, "203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(PROXY, "198.51.100.9")) == "198.51.100.9"
    # A client cannot pose as someone else by prepending to the header: the proxy appends
    # the real peer, and the rightmost untrusted hop is taken.
    assert client_ip(_request(PROXY, "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    # Hops through our own proxies are skipped.
    assert client_ip(_request(PROXY, "203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    assert client_ip(_request("127.0.0.1", real="198.51.100.9")) == "198.51.100.9"


def test_an_untrusted_clients_forwarded_header_is_ignored(trusted_proxy):
    assert client_ip(_request("192.0.2.50", "1.2.3.4", "5.6.7.8")) == "192.0.2.50"


def test_without_configured_proxies_no_header_is_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("127.0.0.1", "203.0.113.7", "203.0.113.7")) == "127.0.0.1"


def test_a_garbled_forwarded_header_falls_back_to_the_proxy(trusted_proxy):
    assert client_ip(_request(PROXY, "not-an-address")) == PROXY


def test_two_clients_behind_the_proxy_are_recorded_apart(client, trusted_proxy):
    user = UserFactory()
    _login(client, user.username, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    _login(client, user.username, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    _login(client, user.username, "wrong", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="9.9.9.9")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.7", "198.51.100.9", "192.0.2.50"}


# --- The delay ---------------------------------------------------------------------------------


def test_the_delay_doubles_from_the_limit_and_is_capped(settings):
    settings.HAMAHANG_LOGIN_DELAY = dt.timedelta(minutes=1)
    settings.HAMAHANG_LOGIN_DELAY_CAP = dt.timedelta(minutes=15)
    minutes = [delay_after(n, 5).total_seconds() / 60 for n in range(3, 12)]
    assert minutes == [0, 0, 1, 2, 4, 8, 15, 15, 15]


def test_five_wrong_passwords_cost_the_real_user_one_minute_not_an_hour(client, moment, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = UserFactory()
    with moment.at(0):
        for _ in range(5):
            response = _login(client, user.username, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "ورود موقتاً مسدود شد" in page and "۱ دقیقه" in page

    with moment.at(59):  # still waiting, even with the right password
        response = _login(client, user.username, TEST_PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
    with moment.at(61):  # a minute later the real person signs in
        response = _login(client, user.username, TEST_PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


def test_the_delay_grows_with_each_failure_and_waiting_attempts_do_not_prolong_it(
    client, moment, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    user = UserFactory()
    with moment.at(0):
        for _ in range(5):
            _login(client, user.username, "wrong")
    with moment.at(30):  # during the wait: refused, not counted
        assert _login(client, user.username, "wrong").status_code == 429
    with moment.at(61):  # sixth failure: two minutes
        response = _login(client, user.username, "wrong")
        assert response.status_code == 429 and "۲ دقیقه" in response.content.decode()
    with moment.at(61 + 119):
        assert _login(client, user.username, TEST_PASSWORD).status_code == 429
    with moment.at(61 + 121):  # seventh failure: four minutes
        assert "۴ دقیقه" in _login(client, user.username, "wrong").content.decode()
    with moment.at(61 + 121 + 241):
        response = _login(client, user.username, TEST_PASSWORD)
        assert response.status_code == 302


def test_another_user_is_not_affected(client, moment, settings):
    settings.AXES_FAILURE_LIMIT = 5
    victim, other = UserFactory(), UserFactory()
    with moment.at(0):
        for _ in range(5):
            _login(client, victim.username, "wrong")
        assert _login(client, other.username, TEST_PASSWORD).status_code == 302


def test_failures_are_forgotten_after_an_hour(client, moment, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = UserFactory()
    with moment.at(0):
        for _ in range(4):
            _login(client, user.username, "wrong")
    with moment.at(3601):  # the fifth failure, an hour later, counts alone
        response = _login(client, user.username, "wrong")
        assert response.status_code == 200
        assert _login(client, user.username, TEST_PASSWORD).status_code == 302
