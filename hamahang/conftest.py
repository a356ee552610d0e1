"""Shared fixtures: users by role, and Playwright driving Debian's Chromium."""

import datetime as dt
import os
from pathlib import Path

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.organizations.tests.factories import AgencyFactory, ProvinceFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def pytest_configure(config):
    from django.conf import settings

    # Tests create dozens of users; a real password hash for each would dominate their time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every test's database is rolled back; a shared cache would outlive it.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # Tests write through the ORM and services, not as a browser with its write cookie, and
    # then read: exact figures, unless a test sets an age (reports/tests/test_freshness.py).
    settings.HAMAHANG_FIGURES_MAX_AGE = 0


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    _demo_readers_last(items)
    _skip_browser_tests_without_chromium(items)


def _demo_readers_last(items):
    """The tests that read the whole demo run last, together, so that it loads once (about
    20 s a load on each database) instead of once per module. Every other test, transactional
    ones included, runs before it on the empty database it expects. Runs after pytest-django's
    own ordering (database tests, then transactional ones, then the rest), which it keeps."""
    readers = [item for item in items if "demo_db" in getattr(item, "fixturenames", ())]
    if readers:
        others = [item for item in items if "demo_db" not in getattr(item, "fixturenames", ())]
        items[:] = others + readers


def _skip_browser_tests_without_chromium(items):
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items or Path(CHROMIUM).exists():
        return
    if _under_ci():
        raise pytest.UsageError(
            f"CI=true but Chromium is missing at {CHROMIUM}: browser tests may not be skipped."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium): "
        "browser tests skipped"
    )
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture
def real_cache(settings):
    """A working cache for the tests of what is cached (every other test has none)."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hamahang-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fake_kavenegar(settings):
    """A local Kavenegar on 127.0.0.1 (hamahang.notices.fakes.kavenegar) that the SMS channel
    talks to: `.requests`, `.sent`, and switches `.error_code`, `.server_error`, `.delay`."""
    from hamahang.notices.fakes.kavenegar import FakeKavenegar

    fake = FakeKavenegar(api_key="test-key").start()
    settings.KAVENEGAR_BASE_URL = fake.url
    settings.KAVENEGAR_API_KEY = "test-key"
    settings.KAVENEGAR_SENDER = "10004346"
    settings.KAVENEGAR_TIMEOUT = 5.0
    settings.HAMAHANG_BASE_URL = "https://hamahang.example.ir"
    yield fake
    fake.stop()


# --- People ----------------------------------------------------------------------------------


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def office(province):
    return AgencyFactory(province=province, name="دفتر هماهنگی امور اقتصادی", kind="governorate")


@pytest.fixture
def secretariat_user(office):
    return UserFactory(agency=office, role=Role.SECRETARIAT, username="dabir-test")


@pytest.fixture
def manager_user(office):
    return UserFactory(agency=office, role=Role.MANAGER)


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


# The demo is built relative to "today" (this year's meetings up to today, work overdue and due
# within the week); its tests run on a fixed day, so that none depends on the season (early in
# Farvardin the current year has no meetings yet). A mid-year day, 1405/08/20.
DEMO_TODAY = dt.datetime(2026, 11, 11, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for every test that reads it (they run last, see
    `_demo_readers_last`) and removed at the end of the run."""
    from django.core.management import call_command

    from hamahang.core import clock
    from hamahang.demo.services import demo_load

    thaw = clock.freeze(DEMO_TODAY)
    try:
        with django_db_blocker.unblock():
            demo_load()
    finally:
        thaw()
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture(scope="module")
def demo_db(_demo_loaded):
    """The demo's data, with the clock (`core.clock`) at the day it was loaded on for the
    module's tests. Each test's own changes are rolled back as usual."""
    from hamahang.core import clock

    thaw = clock.freeze(DEMO_TODAY)
    yield
    thaw()


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests
    # make around it are still ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="fa-IR", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def login(page):
    """Sign in through the real login form."""

    def _login(username: str, password: str):
        page.goto("/accounts/login/")
        page.get_by_label("نام کاربری").fill(username)
        page.get_by_label("گذرواژه").fill(password)
        page.get_by_role("button", name="ورود").click()
        page.wait_for_load_state("networkidle")

    return _login


@pytest.fixture
def choose(page):
    """Pick an object in a type-ahead box (core.forms.TypeaheadInput) as a user does: type some
    of its name, then click the option of the object with this id."""

    def _choose(box, typed: str, pk: int):
        box.fill(typed)
        listbox = page.locator(f"#{box.get_attribute('id')}-listbox")
        listbox.locator(f'[role="option"][data-value="{pk}"]').click()
        box.press("Tab")

    return _choose


@pytest.fixture
def office_hours():
    """The clock (`core.clock`) at the latest 10:00 Tehran time that has passed, for tests that
    send SMS: no test may depend on the hour CI happens to run at (22:00–07:00 holds SMS for
    the quiet hours). Never in the future: a worker started by a test (another process, the
    real clock) must find what was written due, not scheduled hours ahead."""
    from zoneinfo import ZoneInfo

    from hamahang.core import clock

    tehran = ZoneInfo("Asia/Tehran")
    now = dt.datetime.now(tehran)
    ten = dt.datetime.combine(now.date(), dt.time(10, 0), tzinfo=tehran)
    if ten > now:
        ten -= dt.timedelta(days=1)
    with clock.frozen(ten):
        yield
