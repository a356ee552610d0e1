"""On a 390×844 phone no page is wider than the screen: wide tables scroll in their own box."""

import pytest

from hamahang.accounts.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/inbox/",
    "/meetings/",
    "/resolutions/",
    "/assignments/",
    "/projects/",
    "/units/",
    "/cases/",
    "/contracts/",
    "/submissions/",
    "/reports/?date_from=1399/01/01&date_to=1399/06/31",
]


def test_no_page_is_wider_than_a_phone(page, login):
    from hamahang.accounts.models import User
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    user = User.objects.get(username="dabir")
    user.set_password(TEST_PASSWORD)
    user.save()
    page.set_viewport_size({"width": 390, "height": 844})
    login("dabir", TEST_PASSWORD)
    too_wide = {}
    for url in PAGES:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[url] = width
    assert too_wide == {}
