"""The office's whole day in Chromium, as its two busiest people live it, on a desktop screen and on
a phone: the secretariat moves a meeting by the date picker and issues a resolution picking its
project by type-ahead; the liaison finds the new 21-day assignment in the inbox and reports it
with Persian digits; the secretariat accepts the report inline from the review queue.
Each step leaves a screenshot in artifacts/ (day-<width>-<step>.png) for a person to look at."""

import datetime as dt

import pytest

from hamahang.conftest import ARTIFACTS
from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.demo.users import DEMO_PASSWORD
from hamahang.meetings.deadlines import calendar_for
from hamahang.meetings.models import Assignment, FollowUp, Meeting
from hamahang.organizations.models import Agency, Committee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"desktop": (1366, 900), "phone": (390, 844)}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = "سازمان صمت طرح توسعه شهرک صنعتی را ظرف سه هفته بررسی و گزارش کند."


@pytest.fixture
def office():
    """The demo's people and agencies, a meeting held last week, one planned for next week and a
    project of the province's portfolio."""
    from hamahang.accounts.models import User
    from hamahang.demo.services import demo_load
    from hamahang.meetings.tests.factories import make_meeting
    from hamahang.organizations.models import County
    from hamahang.projects import services as project_services

    demo_load(with_history=False)
    committee = Committee.objects.get(kind="facilitation", province__code="qom")
    day = today()
    held = make_meeting(committee, day - dt.timedelta(days=6), number=226)
    planned = make_meeting(
        committee, day + dt.timedelta(days=3), number=227, status=Meeting.Status.PLANNED
    )
    project = project_services.project_create(
        acting_user=User.objects.get(username="dabir"),
        code="P05-120",
        title="توسعه شهرک صنعتی سلفچگان",
        sector="industry",
        county=County.objects.filter(province=committee.province).first(),
        owner=Agency.objects.get(short_name="صمت"),
    )
    return {"held": held, "planned": planned, "project": project}


def _shot(page, width: int, step: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"day-{width}-{step}.png"), full_page=True)


def _close_picker(page) -> None:
    """As a person closes the picker: on a phone it is a sheet over a dimmed page, closed by a
    tap on the dimmed part; on a desktop, by Escape. Both are ignored in its 300 ms opening."""
    page.wait_for_timeout(350)
    overlay = page.locator("jdp-overlay")
    if overlay.is_visible() and overlay.bounding_box()["height"] > 0:
        overlay.click(position={"x": 20, "y": 20})
    else:
        page.keyboard.press("Escape")
    page.locator("jdp-container").wait_for(state="hidden")


def _fits(page, width: int, *controls) -> None:
    """Nothing on the page is wider than the screen, and each control named is wholly on it
    (not in a table's sideways-scrolled part)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for control in controls:
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_offices_day(page, login, choose, office, screen):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    samat = Agency.objects.get(short_name="صمت")
    held, planned, project = office["held"], office["planned"], office["project"]
    day = today()

    # 1. The secretariat moves a planned meeting: its date box is prefilled, changed by the picker.
    login("dabir", DEMO_PASSWORD)
    page.goto(f"/meetings/{planned.pk}/edit/")
    field = page.get_by_label("تاریخ جلسه")
    assert field.input_value() == format_jalali(planned.date, "ascii")
    field.click()
    days = page.locator("jdp-container div.jdp-day:not(.disabled-day)")
    assert days.count() >= 28  # the month's days, on a prefilled field
    _shot(page, width, "1-picker")
    page.locator("jdp-container div.jdp-day.selected").wait_for()
    days.last.click()
    picked = field.input_value()
    assert picked != format_jalali(planned.date, "ascii")
    page.get_by_role("button", name="ذخیره").click()
    planned.refresh_from_db()
    assert format_jalali(planned.date, "ascii") == picked
    _fits(page, width)

    # 2. …and issues a resolution of a held meeting, its project picked by type-ahead.
    page.goto(f"/meetings/{held.pk}/resolutions/new/")
    page.get_by_label("متن مصوبه").fill(TEXT)
    choose(page.get_by_role("combobox", name="طرح مربوط"), "شهرك سلفچگان", project.pk)
    choose(page.get_by_label("دستگاه ردیف ۱"), "صمت", samat.pk)
    # An open day three weeks on (a deadline on a closed day would be moved to the next one).
    deadline = calendar_for(held.committee).next_working_day(day + dt.timedelta(days=21))
    box = page.get_by_label("مهلت ردیف ۱")
    box.fill(to_persian_digits(format_jalali(deadline, "ascii")))
    _close_picker(page)
    assert to_ascii_digits(box.input_value()) == format_jalali(deadline, "ascii")  # kept as typed
    _fits(page, width, page.get_by_label("دستگاه ردیف ۱"), box, page.get_by_label("نقش ردیف ۱"))
    _shot(page, width, "2-resolution-form")
    page.get_by_role("button", name="ذخیره و ابلاغ").click()
    assert "ثبت و ابلاغ شد" in page.content()
    assignment = Assignment.objects.get(resolution__text=TEXT)
    assert assignment.deadline == deadline and assignment.resolution.project == project
    _fits(page, width)
    page.context.clear_cookies()

    # 3. The Samt liaison's inbox shows the 21-day assignment as new, and it is reported with
    # Persian digits as a Persian keyboard types them.
    login("samat", DEMO_PASSWORD)
    page.goto("/inbox/")
    new = page.locator("#inbox-new")
    assert TEXT[:30] in new.inner_text()
    _shot(page, width, "3-liaison-inbox")
    _fits(page, width)
    new.get_by_role("link", name=to_persian_digits(assignment.resolution.code)).first.click()
    page.get_by_label("شرح اقدام انجام‌شده").fill("بررسی آغاز شد و نیمی از گزارش آماده است.")
    page.get_by_label("پیشرفت (درصد)").fill("۵۰")
    # The file box speaks Persian whatever the browser's language, and names the chosen file.
    # (The report's own box: the page also offers an objection with a file of its own.)
    report = page.locator("form[action$='/report/']")
    files = report.locator(".file-picker")
    assert "انتخاب فایل" in files.inner_text() and "فایلی انتخاب نشده است" in files.inner_text()
    report.locator("input[type=file]").set_input_files(
        files=[{"name": "گزارش-بررسی.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert "گزارش-بررسی.pdf" in files.inner_text()
    _shot(page, width, "4-report")
    page.get_by_role("button", name="ثبت گزارش").click()
    assert "گزارش پیگیری ثبت شد" in page.content()
    followup = FollowUp.objects.get(assignment=assignment)
    assert followup.progress == 50 and followup.status == FollowUp.Status.SUBMITTED
    assert followup.attachment.name.endswith(".pdf")
    page.context.clear_cookies()

    # 4. The secretariat accepts it inline from the review queue: the list stays, the row changes.
    login("dabir", DEMO_PASSWORD)
    page.goto("/inbox/")
    row = page.locator(f"#review-{followup.pk}")
    assert "نیمی از گزارش" in row.inner_text()
    assert "امروز" in row.inner_text()  # its age
    _shot(page, width, "5-queue")
    _fits(
        page,
        width,
        row.get_by_role("button", name="پذیرش گزارش"),
        row.get_by_label(f"دلیل بازگشت گزارش {samat}"),
    )
    row.get_by_role("button", name="پذیرش گزارش").click()
    page.get_by_text("گزارش پذیرفته شد.").wait_for()
    assert page.url.endswith("/inbox/")
    _shot(page, width, "6-accepted")
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ACCEPTED
