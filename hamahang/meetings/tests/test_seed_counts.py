"""The seed article's meeting figures, computed from the demo data by the report engine, and the
screens showing the same."""

import pytest
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.jalali import Period, format_jalali
from hamahang.meetings.models import Meeting
from hamahang.meetings.selectors import meeting_detail, meeting_quorum, meeting_resolution_counts
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def dabir(demo_db):
    return User.objects.get(username="dabir")


def test_the_seed_period_has_24_165_and_5_22(dabir):
    from hamahang.reports.engine import Scope, build_report

    seed = Period.parse("1399/01/01", "1399/06/31")
    report = build_report(period=seed, scope=Scope(province_id=dabir.agency.province_id))
    # The committees that met (the county working groups added later met after the seed).
    counts = {row.kind: (row.meetings, row.resolutions) for row in report.meetings if row.meetings}
    assert counts == {"facilitation": (24, 165), "resistance_economy": (5, 22)}
    # The meeting list's counts are the engine's (one implementation, meetings.figures).
    listed = {
        row.committee.kind: (row.meetings, row.resolutions)
        for row in meeting_resolution_counts(user=dabir, period=seed)
        if row.meetings
    }
    assert listed == counts


def test_the_meeting_list_shows_the_same_counts(client, dabir):
    client.force_login(dabir)
    page = client.get(reverse("meetings:meeting_list"), {"period": "ytm1399-6"})
    body = page.content.decode()
    assert "ابتدای سال ۱۳۹۹ تا پایان شهریور" in body
    assert ">۲۴</span> جلسه" in body and ">۱۶۵</span> مصوبه" in body
    assert ">۵</span> جلسه" in body and ">۲۲</span> مصوبه" in body


def test_the_minutes_pdf_of_a_demo_meeting_holds_its_record(client, dabir):
    meeting = Meeting.objects.get(committee__kind="facilitation", jalali_year=1399, number=24)
    client.force_login(dabir)
    response = client.get(reverse("meetings:meeting_minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text_key(response.content)
    detail = meeting_detail(user=dabir, pk=meeting.pk)
    assert pdf_key("ستاد تسهیل و رفع موانع تولید استان قم") in text
    assert pdf_key("صورتجلسه بیست و چهارمین جلسه ستاد تسهیل و رفع موانع تولید") in text
    assert pdf_key("شماره جلسه: ۲۴") in text
    assert pdf_key(format_jalali(meeting.date)) in text
    assert len(detail.visible_resolutions) == 7
    for resolution in detail.visible_resolutions:
        assert pdf_key(resolution.text) in text, resolution.code
    assert meeting_quorum(detail).members == 16


def test_the_pre_meeting_brief_lists_open_resolutions(client, dabir):
    meeting = Meeting.objects.filter(committee__kind="facilitation").first()
    client.force_login(dabir)
    response = client.get(reverse("meetings:committee_brief_pdf", args=[meeting.committee_id]))
    text = pdf_text_key(response.content)
    assert "گزارشپیشاز" in text and "مصوباتبازومعوق" in text


def test_the_brief_is_titled_with_the_next_meetings_ordinal(client, dabir):
    from hamahang.core.jalali import today

    committee = Meeting.objects.filter(committee__kind="facilitation").first().committee
    last = Meeting.objects.filter(committee=committee).order_by("-date").first()
    planned = Meeting.objects.create(
        committee=committee,
        number=227,
        jalali_year=last.jalali_year,
        date=today(),
        status=Meeting.Status.PLANNED,
    )
    try:
        client.force_login(dabir)
        response = client.get(reverse("meetings:committee_brief_pdf", args=[committee.pk]))
        text = pdf_text_key(response.content)
        assert pdf_key("گزارش پیش از دویست و بیست و هفتمین جلسه ستاد تسهیل") in text
    finally:
        planned.delete()


def test_every_demo_liaison_has_overdue_due_soon_and_returned_work(client, demo_db):
    from hamahang.core.jalali import today
    from hamahang.meetings.selectors import inbox_for_user

    # On a fixed day (the demo's fixture freezes the clock), not on whatever day it is: early in
    # Farvardin the current year has no meetings yet, and this failed every spring.
    assert format_jalali(today()) == "۱۴۰۵/۰۸/۲۰"

    for username in ["samat", "maliat", "tamin", "jahad", "bankmelli"]:
        inbox = inbox_for_user(user=User.objects.get(username=username))
        assert inbox.overdue and inbox.due_soon and inbox.returned, username


def test_the_demo_queue_and_inbox_are_alive(client, demo_db):
    import datetime as dt

    from hamahang.core import clock
    from hamahang.meetings.tests.test_inbox_queue import waiting

    dabir = User.objects.get(username="dabir")
    client.force_login(dabir)
    page = client.get("/inbox/").content.decode()
    assert "کارتابل دبیرخانه" in page
    reviews = page.split('id="queue-reviews"')[1].split("</section>")[0]
    assert reviews.count('<tr id="review-') >= 2 and "پذیرش گزارش" in reviews
    assert waiting(page) != "۰"
    minutes = page.split('id="queue-minutes"')[1].split("</section>")[0]
    assert "صورتجلسه‌ای در انتظار تأیید نیست." not in minutes
    assert "۱۴۰۵" in minutes
    missing = page.split('id="queue-missing"')[1].split("</section>")[0]
    assert "جلسه برگزارشده‌ای بی‌صورتجلسه نمانده است." not in missing

    # The Samt liaison's first visit shows the assignment due in 21 days as new.
    client.force_login(User.objects.get(username="samat"))
    inbox = client.get("/inbox/").content.decode()
    new = inbox.split('id="inbox-new"')[1].split('id="inbox-')[0]
    deadline = format_jalali(clock.today() + dt.timedelta(days=19))
    assert deadline in new


def test_the_demo_has_an_objection_under_review_and_a_closure(client, dabir):
    from hamahang.meetings.models import Objection
    from hamahang.organizations.models import OfficeClosure

    objection = Objection.objects.get(status=Objection.Status.UNDER_REVIEW)
    assert objection.assignment.is_paused and objection.filed_at.year == 2026  # 1405
    assert objection.agenda_items.get().meeting.status == Meeting.Status.PLANNED
    assert OfficeClosure.objects.filter(reason="آلودگی هوا").exists()
    client.force_login(dabir)
    page = client.get(objection.assignment.get_absolute_url()).content.decode()
    assert "در انتظار رسیدگی به اعتراض" in page and "ثبت تصمیم" in page
