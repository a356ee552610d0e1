import pytest

from hamahang.demo.services import demo_load
from hamahang.demo.users import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_user_signs_in_and_sees_the_persian_dashboard(page, login):
    demo_load(with_history=False)
    login("dabir", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "داشبورد"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator('[data-figure="committees"]').inner_text() == "۲"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert page.evaluate("typeof window.htmx") == "object"
