"""Every page: Persian, right-to-left, and nothing loaded from another host."""

import re

import pytest
from django.urls import reverse

from hamahang.demo.services import demo_load

pytestmark = pytest.mark.django_db

FOREIGN_URL = re.compile(
    r"""(?:src|href|action|url)\s*[=(]\s*["']?((?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)[^"'\s)>]+)""",
    re.IGNORECASE,
)
PAGE_NAMES = [
    "home",
    "password_change",
    "password_change_done",
    "admin:index",
    "meetings:meeting_list",
    "meetings:meeting_create",
    "meetings:resolution_list",
    "meetings:assignment_list",
    "meetings:inbox",
    "projects:project_list",
    "projects:project_create",
    "projects:contract_pipeline",
    "projects:submission_list",
    "projects:submission_create",
    "units:unit_list",
    "units:unit_create",
    "units:case_list",
    "units:case_create",
    "imports:import_list",
    "reports:report",
    "reports:statement",
    "token_list",
]


@pytest.fixture
def admin_client_demo(client):
    from hamahang.accounts.models import User

    demo_load(with_history=False)
    client.force_login(User.objects.get(username="admin"))
    return client


def test_every_page_loads_its_assets_from_this_host_only(admin_client_demo):
    for name in PAGE_NAMES:
        response = admin_client_demo.get(reverse(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert FOREIGN_URL.findall(body) == [], name
        if name != "admin:index":
            assert '<html lang="fa" dir="rtl">' in body, name
            assert "/static/vendor/vazirmatn/" in body, name


def test_the_login_page_loads_its_assets_from_this_host_only(client):
    body = client.get(reverse("login")).content.decode()
    assert FOREIGN_URL.findall(body) == []
    assert "/static/vendor/bootstrap/bootstrap.rtl.min.css" in body


def test_the_foreign_url_detector_catches_a_cdn():
    page = '<script src="https://cdn.jsdelivr.net/npm/htmx.org"></script><link href="//fonts.x/a">'
    assert len(FOREIGN_URL.findall(page)) == 2


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "<script>" not in response.content.decode()


def test_missing_pages_answer_a_persian_404(secretariat_client):
    response = secretariat_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "صفحه‌ای که خواستید یافت نشد" in response.content.decode()


def test_error_pages_are_persian(rf, secretariat_user):
    from hamahang.core import views

    request = rf.get("/")
    request.user = secretariat_user
    assert (
        "دسترسی به این بخش برای شما مجاز نیست" in views.permission_denied(request).content.decode()
    )
    server_error = views.server_error(request)
    assert server_error.status_code == 500
    assert "خطایی در سامانه رخ داد" in server_error.content.decode()
