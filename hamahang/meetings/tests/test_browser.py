"""The heart of the office, as people click it: record, assign, report, verify, see the trail."""

import pytest

from hamahang.accounts.models import Role, User
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.organizations.models import Agency, Committee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office_people():
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    samat = Agency.objects.get(short_name="صمت")
    maliat = Agency.objects.get(short_name="امور مالیاتی")
    return {
        "secretary": UserFactory(
            username="dabir2",
            role=Role.SECRETARIAT,
            agency=User.objects.get(username="dabir").agency,
            first_name="مریم",
            last_name="دبیرخانه",
        ),
        "samat_liaison": UserFactory(
            username="samat2",
            role=Role.AGENCY_LIAISON,
            agency=samat,
            first_name="علی",
            last_name="رابط صمت",
        ),
        "samat": samat,
        "maliat": maliat,
    }


def test_a_meeting_to_a_verified_resolution_with_its_timeline(page, login, choose, office_people):
    samat, maliat = office_people["samat"], office_people["maliat"]
    committee = Committee.objects.get(kind="facilitation")

    # The secretariat records a meeting…
    login("dabir2", TEST_PASSWORD)
    page.get_by_role("link", name="جلسات").first.click()
    page.get_by_role("link", name="جلسه جدید").click()
    page.get_by_label("ستاد").select_option(str(committee.pk))
    page.get_by_label("تاریخ جلسه").fill("۱۴۰۵/۰۹/۰۱")
    page.keyboard.press("Escape")
    page.get_by_label("محل برگزاری").fill("سالن جلسات استانداری")
    page.get_by_role("button", name="ذخیره").click()
    assert page.locator("h1").inner_text().startswith("اولین جلسه ستاد")
    assert "جلسه ۱ سال ۱۴۰۵" in page.locator("main").inner_text()
    page.get_by_role("button", name="ثبت برگزاری جلسه").click()
    assert "برگزار شده" in page.content()

    # …with two resolutions for two agencies.
    for text, agency, deadline in [
        ("سازمان صمت گزارش واحدهای راکد شهرک شکوهیه را ارائه کند.", samat, "۱۴۰۵/۱۰/۱۵"),
        (
            "اداره کل امور مالیاتی اجراییه شرکت کاشی سینا را سه ماه به تعویق اندازد.",
            maliat,
            "۱۴۰۵/۱۰/۲۰",
        ),
    ]:
        page.get_by_role("link", name="مصوبه جدید").click()
        page.get_by_label("متن مصوبه").fill(text)
        choose(page.get_by_label("دستگاه ردیف ۱"), agency.short_name, agency.pk)
        page.get_by_label("مهلت ردیف ۱").fill(deadline)
        page.keyboard.press("Escape")
        page.get_by_role("button", name="ذخیره و ابلاغ").click()
        assert text in page.content()
    page.context.clear_cookies()

    # The Samt liaison sees only their own assignment, and reports it done.
    login("samat2", TEST_PASSWORD)
    page.goto("/inbox/")
    assert "کارتابل" in page.locator("h1").inner_text()
    page.goto("/resolutions/")
    rows = page.locator("#list-table tbody tr")
    assert rows.count() == 1
    assert "واحدهای راکد" in rows.first.inner_text()
    rows.first.get_by_role("link").first.click()
    assert "اداره کل امور مالیاتی" not in page.locator("main").inner_text()
    page.get_by_role("link", name=str(samat)).click()
    page.get_by_label("شرح اقدام انجام‌شده").fill("گزارش واحدهای راکد تهیه و ارسال شد.")
    page.get_by_label("پیشرفت (درصد)").fill("۱۰۰")  # a Persian keyboard types these
    page.get_by_label("اجرای تکلیف کامل شده است (اعلام انجام)").check()
    page.get_by_role("button", name="ثبت گزارش").click()
    assert "گزارش پیگیری ثبت شد" in page.content()
    page.context.clear_cookies()

    # The secretariat verifies it.
    login("dabir2", TEST_PASSWORD)
    page.goto("/assignments/?status=reported_done")
    page.locator("#list-table tbody tr").first.get_by_role("link").first.click()
    page.get_by_role("button", name="پذیرش و تأیید اجرا").click()
    assert "اجرا شده" in page.locator("main").inner_text()

    # The resolution's timeline shows each step with who and when.
    page.get_by_role("link", name="مصوبه ۱۴۰۵-۰۱-۰۱").first.click()
    timeline = page.locator("#timeline li")
    timeline.first.wait_for()  # the click navigates: read the timeline once the page is there
    kinds = [timeline.nth(i).get_attribute("data-kind") for i in range(timeline.count())]
    assert kinds[:2] == ["created", "assigned"]
    assert "reported" in kinds and "accepted" in kinds
    text = page.locator("#timeline").inner_text()
    assert "مریم دبیرخانه" in text and "علی رابط صمت" in text
    assert "۱۴۰۵/" in text and "ساعت" in text


def test_a_prefilled_date_is_changed_through_the_picker(page, login, committee, secretariat_user):
    import datetime as dt

    from hamahang.meetings.models import Meeting
    from hamahang.meetings.tests.factories import make_meeting

    meeting = make_meeting(committee, dt.date(2026, 11, 22), status=Meeting.Status.PLANNED)
    login(secretariat_user.username, TEST_PASSWORD)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    field = page.get_by_label("تاریخ جلسه")
    assert field.input_value() == "1405/09/01"
    # …drawn with Persian digit glyphs.
    assert "Vazirmatn FD" in field.evaluate("el => getComputedStyle(el).fontFamily")
    field.click()
    days = page.locator("jdp-container div.jdp-day")
    # The calendar opens on the field's month with its days (it showed none before).
    assert days.count() >= 28
    assert page.locator("jdp-container div.jdp-day.selected").inner_text() == "۱"
    days.get_by_text("۱۵", exact=True).first.click()
    assert field.input_value() == "1405/09/15"
    page.get_by_role("button", name="ذخیره").click()
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2026, 12, 6)


def test_a_project_is_picked_by_type_ahead_on_the_agenda_and_on_a_phone(page, login):
    """The agenda's project box: part of the name typed with Arabic letters, the option chosen
    with the keyboard; then on a 390 px phone a resolution's project chosen with a tap."""
    import datetime as dt

    from hamahang.conftest import ARTIFACTS
    from hamahang.demo.services import demo_load
    from hamahang.meetings.models import AgendaItem, Meeting, Resolution
    from hamahang.meetings.tests.factories import make_meeting
    from hamahang.organizations.models import County
    from hamahang.projects import services as project_services
    from hamahang.projects.models import Project

    demo_load(with_history=False)
    secretary = UserFactory(
        username="dabir6", role=Role.SECRETARIAT, agency=User.objects.get(username="dabir").agency
    )
    committee = Committee.objects.get(kind="facilitation")
    meeting = make_meeting(committee, dt.date(2026, 11, 22), number=900)
    county = County.objects.filter(province=committee.province).first()
    for code, title in [("P05-099", "کاشی و سرامیک کهک"), ("P05-100", "کارخانه تولید کاشی دیواری")]:
        project_services.project_create(
            acting_user=secretary,
            code=code,
            title=title,
            sector="industry",
            county=county,
            owner=secretary.agency,
        )
    project = Project.objects.get(code="P05-100")
    typed = "كاشي"  # as an Arabic keyboard types it: both projects are offered
    login("dabir6", TEST_PASSWORD)

    page.goto(meeting.get_absolute_url())
    box = page.get_by_role("combobox", name="طرح")
    box.click()
    # The options for what was typed (the focus alone lists the first few, these two among them:
    # move through the list only once the answer for «كاشي» is in).
    with page.expect_response(lambda r: "/lookup/" in r.url and "q=%D9%83" in r.url):
        box.fill(typed)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")  # swapped in
    option = page.locator(f'#id_project-listbox [role="option"][data-value="{project.pk}"]')
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator('#id_project-listbox [role="option"]')
    position = [options.nth(i).get_attribute("data-value") for i in range(options.count())]
    assert len(position) == 2 and position[1] == str(project.pk)  # by code
    for _ in range(position.index(str(project.pk)) + 1):
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "typeahead-agenda-1366.png"))
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")  # chooses; does not send the form
    assert page.locator('input[name="project"]').input_value() == str(project.pk)
    assert box.input_value() == option.get_attribute("data-label")
    assert box.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name="افزودن موضوع").click()
    assert "موضوع به دستور جلسه افزوده شد" in page.content()
    assert AgendaItem.objects.get(meeting=meeting).project == project

    # On a phone: the resolution form's project, chosen with a tap.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/meetings/{meeting.pk}/resolutions/new/")
    page.get_by_label("متن مصوبه").fill("طرح یادشده در فهرست پیگیری ستاد قرار گیرد.")
    box = page.get_by_role("combobox", name="طرح مربوط")
    box.fill(project.code)
    option = page.locator(f'#id_project-listbox [role="option"][data-value="{project.pk}"]')
    option.wait_for()
    listbox = page.locator("#id_project-listbox").bounding_box()
    assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "typeahead-resolution-390.png"))
    option.click()
    page.get_by_role("button", name="ذخیره و ابلاغ").click()
    assert "ثبت و ابلاغ شد" in page.content()
    assert Resolution.objects.get(meeting=meeting).project == project
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_edit_boxes_draw_digits_as_the_page_does(page, login, committee, secretariat_user):
    """The meeting's start time «10:00» showed Latin digits in its box while the page showed
    Persian: text boxes and lists take the body's Persian-digit font feature, the value stays."""
    import datetime as dt

    from hamahang.meetings.models import Meeting
    from hamahang.meetings.tests.factories import make_meeting

    meeting = make_meeting(committee, dt.date(2026, 11, 22), status=Meeting.Status.PLANNED)
    meeting.start_time = dt.time(10, 0)
    meeting.save()
    login(secretariat_user.username, TEST_PASSWORD)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    body = page.evaluate("getComputedStyle(document.body).fontFeatureSettings")
    assert "ss01" in body
    boxes = page.locator("form input[type=text], form select, form textarea")
    assert boxes.count() >= 3
    drawn = boxes.evaluate_all("els => els.map(el => getComputedStyle(el).fontFeatureSettings)")
    assert all("ss01" in feature for feature in drawn), drawn
    time_box = page.locator("input[name=start_time]")
    assert time_box.input_value() == "10:00"  # the value itself is as typed
    assert "ss01" in time_box.evaluate("el => getComputedStyle(el).fontFeatureSettings")
