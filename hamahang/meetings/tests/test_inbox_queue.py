"""The liaison's inbox (every open item of the agency, in sections) and the secretariat's
work queue (reports to review inline, minutes, overdue work by agency, changes)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from hamahang.core import clock
from hamahang.core.jalali import today
from hamahang.meetings import services
from hamahang.meetings.models import Assignment, FollowUp, Meeting
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db

INBOX = "/inbox/"


def card(page: str, key: str) -> str:
    """The text of one inbox section (its card, up to the next one)."""
    start = page.index(f'id="inbox-{key}"')
    rest = page[start + 1 :]
    following = re.search(r'id="inbox-(?!' + key + r'")', rest)
    return rest[: following.start()] if following else rest


def section_count(page: str, title: str) -> str:
    match = re.search(re.escape(title) + r" \(([۰-۹٬]+)\)", page)
    assert match, title
    return match.group(1)


def waiting(page: str) -> str:
    """The queue's count of reports waiting for review, as its heading shows it."""
    heading = re.search(
        r'گزارش‌های در انتظار بررسی \(<span id="review-count-head"[^>]*>([^<]+)<', page
    )
    assert heading, "no review queue on the page"
    return heading.group(1)


@pytest.fixture
def issued_21_days(committee, secretariat_user, agency_a):
    meeting = make_meeting(committee, today() - dt.timedelta(days=1))
    return services.resolution_create(
        meeting=meeting,
        text="سازمان صمت فهرست واحدهای راکد شهرک شکوهیه را ارائه کند.",
        assignments=[services.AssignmentSpec(agency_a, today() + dt.timedelta(days=21))],
        acting_user=secretariat_user,
    )


def test_a_21_day_assignment_is_new_on_the_first_visit_and_open_later(
    client, liaison_a, issued_21_days
):
    client.force_login(liaison_a)
    page = client.get(INBOX).content.decode()
    assert "واحدهای راکد شهرک شکوهیه" in card(page, "new")
    assert section_count(page, "تازه از بازدید پیشین") == "۱"
    assert "واحدهای راکد شهرک شکوهیه" not in card(page, "due_soon")

    # A reload within the same visit still shows it as new.
    assert "واحدهای راکد شهرک شکوهیه" in card(client.get(INBOX).content.decode(), "new")

    # The next visit: no longer new, but still in reach ("other open" and "all open").
    with clock.frozen(clock.now() + dt.timedelta(hours=2)):
        later = client.get(INBOX).content.decode()
        every = client.get(INBOX, {"section": "all"}).content.decode()
    assert "واحدهای راکد شهرک شکوهیه" not in card(later, "new")
    assert "واحدهای راکد شهرک شکوهیه" in card(later, "other")
    assert section_count(later, "سایر کارهای باز") == "۱"
    assert section_count(later, "همه کارهای باز") == "۱"
    assert "بازدید پیشین" in later
    assert "واحدهای راکد شهرک شکوهیه" in every.split('id="inbox-page"')[1]


def test_the_visit_is_remembered_without_touching_the_data_version(
    client, liaison_a, issued_21_days
):
    from hamahang.core.models import DataVersion

    before = list(DataVersion.objects.values_list("scope", "number"))
    history = liaison_a.history.count()
    client.force_login(liaison_a)
    client.get(INBOX)
    liaison_a.refresh_from_db()
    assert liaison_a.inbox_visit_at is not None and liaison_a.inbox_previous_visit_at is None
    assert list(DataVersion.objects.values_list("scope", "number")) == before
    assert liaison_a.history.count() == history  # no history row for a visit


@pytest.fixture
def three_deadlines(committee, agency_a, agency_b):
    meeting = make_meeting(committee, today() - dt.timedelta(days=40))
    texts = {
        -3: "اداره کل صمت گزارش گلخانه‌های ورشکسته را بدهد.",
        3: "اداره کل صمت مجوز کارخانه آجر را تمدید کند.",
        30: "اداره کل صمت طرح توسعه شهرک محمودآباد را پیگیری کند.",
    }
    rows = {}
    for offset, text in texts.items():
        (resolution,) = make_resolutions(
            meeting, [agency_a, agency_b], 1, deadline=today() + dt.timedelta(days=offset)
        )
        resolution.text = text
        resolution.save()
        rows[offset] = resolution
    return rows


def test_sections_count_every_open_item_and_the_filters_narrow_them(
    client, liaison_a, three_deadlines
):
    client.force_login(liaison_a)
    client.get(INBOX)  # the first visit: everything is new
    with clock.frozen(clock.now() + dt.timedelta(hours=2)):
        page = client.get(INBOX).content.decode()
        assert section_count(page, "معوق") == "۱"
        assert section_count(page, "نزدیک به مهلت") == "۱"
        assert section_count(page, "سایر کارهای باز") == "۱"
        assert section_count(page, "همه کارهای باز") == "۳"
        assert "۳ تکلیف باز" in page
        assert "گلخانه‌های ورشکسته" in card(page, "overdue")
        assert "کارخانه آجر" in card(page, "due_soon")
        assert "شهرک محمودآباد" in card(page, "other")

        # Days typed in Persian digits widen "due soon" to the 30-day one.
        wide = client.get(INBOX, {"days": "۳۰"}).content.decode()
        assert section_count(wide, "نزدیک به مهلت") == "۲"
        assert section_count(wide, "سایر کارهای باز") == "۰"

        # Text search (by the Persian search key) narrows every section.
        found = client.get(INBOX, {"q": "گلخانه"}).content.decode()
        assert section_count(found, "همه کارهای باز") == "۱"
        assert "۱ تکلیف باز با «گلخانه»" in found
        assert "کارخانه آجر" not in found

        # One section, as a paged table.
        overdue = client.get(INBOX, {"section": "overdue"}).content.decode()
        table = overdue.split('id="inbox-page"')[1]
        assert "گلخانه‌های ورشکسته" in table and "کارخانه آجر" not in table

        # Nonsense filters fall back to the defaults instead of failing.
        assert client.get(INBOX, {"days": "abc", "section": "x", "page": "-"}).status_code == 200


def test_the_liaison_inbox_reads_a_fixed_number_of_queries(
    client, committee, agency_a, liaison_a, django_assert_max_num_queries
):
    meeting = make_meeting(committee, today() - dt.timedelta(days=40))
    for offset in (-5, 2, 20):
        make_resolutions(meeting, [agency_a], 30, deadline=today() + dt.timedelta(days=offset))
    client.force_login(liaison_a)
    with django_assert_max_num_queries(20):
        page = client.get(INBOX).content.decode()
    assert section_count(page, "همه کارهای باز") == "۹۰"
    assert "نمایش همه ۳۰ مورد" in page
    with django_assert_max_num_queries(20):
        paged = client.get(INBOX, {"section": "all", "page": "2"}).content.decode()
    assert "صفحه ۲ از ۴" in paged


# --- The secretariat's queue ------------------------------------------------------------------


@pytest.fixture
def two_reports(committee, secretariat_user, agency_a, agency_b, liaison_a, liaison_b):
    meeting = make_meeting(committee, today() - dt.timedelta(days=20))
    resolution = services.resolution_create(
        meeting=meeting,
        text="گزارش پیشرفت شهرک صنعتی سلفچگان ارائه شود.",
        assignments=[
            services.AssignmentSpec(agency_a, today() + dt.timedelta(days=10)),
            services.AssignmentSpec(agency_b, today() + dt.timedelta(days=10)),
        ],
        acting_user=secretariat_user,
    )
    liaisons = {liaison_a.agency_id: liaison_a, liaison_b.agency_id: liaison_b}
    reports = []
    for assignment, days_ago, final in zip(
        resolution.assignments.order_by("agency__name"), (5, 2), (False, True), strict=True
    ):
        with clock.frozen(clock.now() - dt.timedelta(days=days_ago)):
            reports.append(
                services.assignment_report(
                    assignment=assignment,
                    acting_user=liaisons[assignment.agency_id],
                    text="انجام شد و گزارش نهایی پیوست است." if final else "نیمی واگذار شد.",
                    progress=100 if final else 50,
                    is_final=final,
                )
            )
    first, second = reports
    return first, second


def test_the_queue_lists_waiting_reports_oldest_first_with_their_age(
    secretariat_client, two_reports
):
    first, second = two_reports
    page = secretariat_client.get(INBOX).content.decode()
    assert "کارتابل دبیرخانه" in page
    assert waiting(page) == "۲"
    assert page.index(f'id="review-{first.pk}"') < page.index(f'id="review-{second.pk}"')
    older = page.split(f'id="review-{first.pk}"')[1].split("</tr>")[0]
    newer = page.split(f'id="review-{second.pk}"')[1].split("</tr>")[0]
    assert "۵ روز" in older and "۲ روز" in newer
    assert "پذیرش گزارش" in older and "بازگشت گزارش" in older


def test_accepting_inline_returns_the_row_in_its_new_state(secretariat_client, two_reports):
    _, final = two_reports
    url = reverse("meetings:followup_review", args=[final.pk, "accept"])
    response = secretariat_client.post(url, {"next": INBOX}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<tr id="review-{final.pk}"')
    assert "گزارش پذیرفته شد." in body and "پذیرش گزارش" not in body
    # The queue's counts come along, swapped in out of band: one report still waits.
    assert '<span id="review-count-head" hx-swap-oob="true">۱</span>' in body
    final.refresh_from_db()
    assert final.status == FollowUp.Status.ACCEPTED
    assert final.assignment.status == Assignment.Status.VERIFIED_DONE
    # Accepting again is refused in Persian through the same service rule.
    again = secretariat_client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "این گزارش پیش‌تر بررسی شده است." in again
    # The queue no longer lists it.
    assert waiting(secretariat_client.get(INBOX).content.decode()) == "۱"


def test_returning_needs_a_reason_and_then_returns_the_report(secretariat_client, two_reports):
    first, _ = two_reports
    url = reverse("meetings:followup_review", args=[first.pk, "return"])
    empty = secretariat_client.post(url, {"reason": "  "}, HTTP_HX_REQUEST="true")
    assert "دلیل بازگشت گزارش را بنویسید." in empty.content.decode()
    assert "بازگشت گزارش" in empty.content.decode()  # the forms stay for a second try
    first.refresh_from_db()
    assert first.status == FollowUp.Status.SUBMITTED and first.return_reason == ""

    done = secretariat_client.post(
        url, {"reason": "مستندات واگذاری پیوست نشده است."}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "بازگشت داده شد" in done and "مستندات واگذاری پیوست نشده است." in done
    first.refresh_from_db()
    assert first.status == FollowUp.Status.RETURNED


def test_without_javascript_the_review_redirects_back_to_the_queue(secretariat_client, two_reports):
    first, _ = two_reports
    url = reverse("meetings:followup_review", args=[first.pk, "accept"])
    response = secretariat_client.post(url, {"next": INBOX})
    assert response.status_code == 302 and response["Location"] == INBOX
    page = secretariat_client.get(INBOX).content.decode()
    assert "گزارش پذیرفته شد." in page and waiting(page) == "۱"
    bad = secretariat_client.post(
        reverse("meetings:followup_review", args=[two_reports[1].pk, "return"]), {"next": INBOX}
    )
    assert bad["Location"] == INBOX
    assert "دلیل بازگشت گزارش را بنویسید." in secretariat_client.get(INBOX).content.decode()
    two_reports[1].refresh_from_db()
    assert two_reports[1].status == FollowUp.Status.SUBMITTED


def test_a_liaison_cannot_review(client, liaison_a, two_reports):
    first, _ = two_reports
    client.force_login(liaison_a)
    url = reverse("meetings:followup_review", args=[first.pk, "accept"])
    assert client.post(url, HTTP_HX_REQUEST="true").status_code in (403, 404)
    first.refresh_from_db()
    assert first.status == FollowUp.Status.SUBMITTED
    assert "کارتابل دبیرخانه" not in client.get(INBOX).content.decode()


def test_the_queue_shows_minutes_overdue_work_by_agency_and_changes(
    client, committee, secretariat_user, manager_user, agency_b, two_reports, settings
):
    settings.HAMAHANG_MINUTES_DUE_DAYS = 7
    without = make_meeting(committee, today() - dt.timedelta(days=9))
    recent = make_meeting(committee, today() - dt.timedelta(days=2))
    old = make_meeting(committee, today() - dt.timedelta(days=60))
    make_resolutions(old, [agency_b], 2, deadline=today() - dt.timedelta(days=3))
    Meeting.objects.filter(pk=old.pk).update(status=Meeting.Status.APPROVED)

    client.force_login(manager_user)  # a manager sees the queue, without the review buttons
    page = client.get(INBOX).content.decode()
    missing = page.split('id="queue-missing"')[1].split("</section>")[0]
    assert str(without.pk) in missing and f"/meetings/{recent.pk}/" not in missing
    assert "پس از ۷ روز" in missing
    minutes = page.split('id="queue-minutes"')[1].split("</section>")[0]
    assert f"/meetings/{two_reports[0].assignment.resolution.meeting_id}/" in minutes
    overdue = page.split('id="queue-overdue"')[1].split("</section>")[0]
    assert f"?agency={agency_b.pk}&overdue=on" in overdue and "۲ تکلیف معوق" in overdue
    changes = page.split('id="queue-changes"')[1].split("</section>")[0]
    assert "گزارش پیشرفت ثبت کرد" in changes
    assert "پذیرش گزارش" not in page and "در انتظار بررسی</span>" in page
    assert waiting(page) == "۲"

    # On the next visit only what changed since the previous one is listed.
    with clock.frozen(clock.now() + dt.timedelta(hours=1)):
        client.get(INBOX)
    with clock.frozen(clock.now() + dt.timedelta(hours=2)):
        later = client.get(INBOX).content.decode()
    assert "تغییرات از بازدید پیشین" in later and "(۰)" in later.split('id="queue-changes"')[1]


def test_the_queue_reads_a_fixed_number_of_queries(
    secretariat_client,
    committee,
    secretariat_user,
    agency_a,
    agency_b,
    liaison_a,
    django_assert_max_num_queries,
):
    meeting = make_meeting(committee, today() - dt.timedelta(days=30))
    resolutions = make_resolutions(
        meeting, [agency_a, agency_b], 40, deadline=today() - dt.timedelta(days=1)
    )
    FollowUp.objects.bulk_create(
        FollowUp(assignment=a, author=liaison_a, text="گزارش", progress=30)
        for r in resolutions
        for a in r.assignments.all()
    )
    for day in (10, 12, 14):
        make_meeting(committee, today() - dt.timedelta(days=day))
    with django_assert_max_num_queries(20):
        page = secretariat_client.get(INBOX).content.decode()
    assert waiting(page) == "۸۰"
    assert len(re.findall(r'<tr id="review-\d', page)) == 50


def test_the_dashboard_leads_to_the_queue_and_the_inbox(
    client, secretariat_user, liaison_a, two_reports
):
    client.force_login(secretariat_user)
    work = client.get("/").content.decode().split('id="home-work"')[1].split("</a>")[0]
    assert 'href="/inbox/"' in work and "۲ گزارش در انتظار بررسی" in work
    client.force_login(liaison_a)
    work = client.get("/").content.decode().split('id="home-work"')[1].split("</a>")[0]
    assert "کارتابل من:" in work and "۱ تکلیف باز" in work


# --- What the liaison reads in the sections (the new-user probe) ------------------------------


def test_returned_work_says_why_it_was_returned(
    client, secretariat_user, liaison_a, liaison_b, two_reports, django_assert_max_num_queries
):
    """The returned list and its summary card show the latest return reason, read in the same
    query as the list."""
    first, _ = two_reports
    liaison = liaison_a if first.assignment.agency_id == liaison_a.agency_id else liaison_b
    services.followup_return(
        followup=first, reason="مستندات واگذاری پیوست نشده است.", acting_user=secretariat_user
    )
    client.force_login(liaison)
    summary = client.get(INBOX).content.decode()
    assert "دلیل بازگشت: مستندات واگذاری پیوست نشده است." in card(summary, "returned")
    with django_assert_max_num_queries(20):
        page = client.get(INBOX, {"section": "returned"}).content.decode()
    table = page.split('id="inbox-page"')[1]
    assert "دلیل بازگشت: مستندات واگذاری پیوست نشده است." in table


def test_the_tabs_say_an_item_may_be_in_more_than_one_section(client, liaison_a, three_deadlines):
    client.force_login(liaison_a)
    for params in ({}, {"section": "all"}):
        page = client.get(INBOX, params).content.decode()
        assert (
            "یک کار ممکن است در بیش از یک بخش آمده باشد؛ «همه کارهای باز» هر کار را یک بار"
            " می‌شمارد." in page
        )


def test_the_section_table_becomes_cards_on_a_phone(client, liaison_a, three_deadlines):
    """Each cell of the section table carries its heading, so under 576px the rows stack into
    cards (hamahang.css .table-stack) and the deadline stays on screen."""
    client.force_login(liaison_a)
    page = client.get(INBOX, {"section": "all"}).content.decode()
    table = page.split('id="inbox-page"')[1].split("</table>")[0]
    assert "table-stack" in table
    for label in ("مصوبه", "متن", "مهلت", "وضعیت", "پیشرفت"):
        assert table.count(f'data-label="{label}"') == 3, label
