"""The secretariat accepts a report from its queue without leaving the page (htmx)."""

import datetime as dt

import pytest

from hamahang.accounts.tests.factories import TEST_PASSWORD
from hamahang.core.jalali import today
from hamahang.meetings import services
from hamahang.meetings.models import FollowUp
from hamahang.meetings.tests.factories import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accepting_a_report_inline_from_the_queue(
    page, login, committee, secretariat_user, agency_a, liaison_a
):
    resolution = services.resolution_create(
        meeting=make_meeting(committee, today() - dt.timedelta(days=5)),
        text="گزارش واگذاری زمین‌های شهرک سلفچگان ارائه شود.",
        assignments=[services.AssignmentSpec(agency_a, today() + dt.timedelta(days=21))],
        acting_user=secretariat_user,
    )
    followup = services.assignment_report(
        assignment=resolution.assignments.get(),
        acting_user=liaison_a,
        text="نیمی از زمین‌ها واگذار شد.",
        progress=50,
    )
    login(secretariat_user.username, TEST_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/inbox/")  # on a phone the queue's table scrolls in its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator(f"#review-{followup.pk}")
    row.get_by_role("button", name="بازگشت گزارش").click()
    page.locator(f"#review-{followup.pk} .review-error").wait_for()
    assert "دلیل بازگشت گزارش را بنویسید." in page.locator(f"#review-{followup.pk}").inner_text()
    page.locator(f"#review-{followup.pk}").get_by_role("button", name="پذیرش گزارش").click()
    page.get_by_text("گزارش پذیرفته شد.").wait_for()
    assert page.url.endswith("/inbox/")  # the list stayed; only the row changed
    assert "پذیرفته شد" in page.locator(f"#review-{followup.pk}").inner_text()
    # The queue's counts follow (swapped in out of band).
    assert page.locator("#review-count-head").inner_text() == "۰"
    assert page.locator("#review-count-pill").inner_text() == "۰"
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ACCEPTED
