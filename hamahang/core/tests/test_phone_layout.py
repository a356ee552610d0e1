"""On a 390×844 phone no page is wider than the screen: wide tables scroll in their own box."""

import datetime as dt

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


def test_the_liaisons_section_table_shows_the_deadline_on_a_phone(page, login):
    """/inbox/?section=all on a phone: rows become cards, so every deadline, status and
    progress is on screen, not cut or scrolled off."""
    from hamahang.accounts.models import User
    from hamahang.core.jalali import today
    from hamahang.demo.services import demo_load
    from hamahang.meetings.tests.factories import make_meeting, make_resolutions
    from hamahang.organizations.tests.factories import CommitteeFactory

    demo_load(with_history=False)
    user = User.objects.get(username="samat")
    user.set_password(TEST_PASSWORD)
    user.save()
    committee = CommitteeFactory(province=user.agency.province)
    meeting = make_meeting(committee, today() - dt.timedelta(days=30))
    for days in (-3, 5, 40):
        make_resolutions(meeting, [user.agency], 2, deadline=today() + dt.timedelta(days=days))
    page.set_viewport_size({"width": 390, "height": 844})
    login("samat", TEST_PASSWORD)
    page.goto("/inbox/?section=all")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('#inbox-table tbody td')].map(td => {
            const r = td.getBoundingClientRect();
            return {label: td.dataset.label, left: r.left, right: r.right, width: r.width};
        })"""
    )
    deadlines = [box for box in boxes if box["label"] == "مهلت"]
    assert deadlines, page.inner_text("main")[:1500]
    off = [box for box in boxes if box["width"] == 0 or box["left"] < 0 or box["right"] > 390]
    assert off == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
