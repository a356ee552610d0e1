import datetime as dt

import pytest
from django.urls import reverse

from hamahang.meetings import services
from hamahang.meetings.models import Assignment, FollowUp, Meeting
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2020, 9, 15)


@pytest.fixture
def resolution(committee, secretariat_user, agency_a, agency_b):
    meeting = make_meeting(committee, HELD_ON)
    return services.resolution_create(
        meeting=meeting,
        text="شرکت کاشی سینا به بانک ملی معرفی شود.",
        assignments=[
            services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=30)),
            services.AssignmentSpec(agency_b, HELD_ON + dt.timedelta(days=30)),
        ],
        acting_user=secretariat_user,
    )


def test_the_secretariat_records_a_meeting_through_the_form(secretariat_client, committee):
    response = secretariat_client.post(
        reverse("meetings:meeting_create"),
        {
            "committee": committee.pk,
            "date": "۱۳۹۹/۰۶/۲۵",
            "start_time": "۱۰:۳۰",
            "place": "استانداری",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert (meeting.date, meeting.start_time.hour, meeting.number) == (HELD_ON, 10, 1)


def test_an_impossible_meeting_date_is_refused_in_persian(secretariat_client, committee):
    response = secretariat_client.post(
        reverse("meetings:meeting_create"), {"committee": committee.pk, "date": "1399/07/31"}
    )
    assert "ماه مهر ۳۰ روز دارد" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_a_resolution_is_recorded_with_assignments_through_the_form(
    secretariat_client, committee, agency_a, agency_b
):
    meeting = make_meeting(committee, HELD_ON)
    data = {
        "text": "متن مصوبه آزمایشی",
        "type": "directive",
        "assign-TOTAL_FORMS": "3",
        "assign-INITIAL_FORMS": "0",
        "assign-0-agency": agency_a.pk,
        "assign-0-role": "lead",
        "assign-0-deadline": "1399/07/15",
        "assign-1-agency": agency_b.pk,
        "assign-1-role": "collaborator",
        "assign-1-deadline": "1399/07/30",
        "assign-2-role": "lead",
    }
    secretariat_client.post(reverse("meetings:resolution_create", args=[meeting.pk]), data)
    assert (
        list(Assignment.objects.order_by("agency__name").values_list("role", flat=True))
        == [
            "lead",
            "collaborator",
        ]
        or Assignment.objects.count() == 2
    )


def test_a_row_without_a_deadline_is_refused(secretariat_client, committee, agency_a):
    meeting = make_meeting(committee, HELD_ON)
    data = {
        "text": "متن",
        "type": "directive",
        "assign-TOTAL_FORMS": "1",
        "assign-INITIAL_FORMS": "0",
        "assign-0-agency": agency_a.pk,
        "assign-0-role": "lead",
        "assign-0-deadline": "",
    }
    response = secretariat_client.post(
        reverse("meetings:resolution_create", args=[meeting.pk]), data
    )
    assert "مهلت این دستگاه را وارد کنید." in response.content.decode()
    assert meeting.resolutions.count() == 0


def test_a_liaison_gets_404_for_another_agencys_assignment(client, resolution, liaison_a, agency_b):
    theirs = resolution.assignments.get(agency=agency_b)
    client.force_login(liaison_a)
    assert client.get(reverse("meetings:assignment_detail", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("meetings:assignment_report", args=[theirs.pk]),
        {"text": "دستکاری", "progress": 100, "is_final": "on"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Assignment.Status.ISSUED and FollowUp.objects.count() == 0


def test_a_liaison_sees_only_its_own_assignment_of_a_shared_resolution(
    client, resolution, liaison_a, agency_a, agency_b
):
    client.force_login(liaison_a)
    page = client.get(reverse("meetings:resolution_detail", args=[resolution.pk])).content.decode()
    assert str(agency_a) in page and str(agency_b) not in page


def test_a_liaison_cannot_review_reports_or_see_meetings(client, resolution, liaison_a, agency_a):
    mine = resolution.assignments.get(agency=agency_a)
    followup = services.assignment_report(
        assignment=mine, text="انجام شد", progress=100, is_final=True, acting_user=liaison_a
    )
    client.force_login(liaison_a)
    response = client.post(reverse("meetings:followup_review", args=[followup.pk, "accept"]))
    assert response.status_code == 403
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.SUBMITTED
    assert (
        client.get(reverse("meetings:meeting_detail", args=[resolution.meeting_id])).status_code
        == 404
    )


def test_bulk_actions_refuse_tampered_ids(secretariat_client, resolution, province):
    from hamahang.organizations.tests.factories import CommitteeFactory, ProvinceFactory

    other = ProvinceFactory(name="تهران", code="tehran")
    foreign = make_resolutions(make_meeting(CommitteeFactory(province=other), HELD_ON), [], 1)
    foreign_assignment = Assignment.objects.create(
        resolution=foreign[0], agency=resolution.assignments.first().agency, deadline=HELD_ON
    )
    response = secretariat_client.post(
        reverse("meetings:assignment_list"),
        {
            "action": "extend",
            "selected": [foreign_assignment.pk],
            "new_deadline": "1400/01/01",
            "reason": "x",
        },
        follow=True,
    )
    assert (
        "هیچ تکلیفی انتخاب نشده است." in response.content.decode()
        or "در دسترس شما نیست" in response.content.decode()
    )
    foreign_assignment.refresh_from_db()
    assert foreign_assignment.deadline == HELD_ON


def test_bulk_extension_through_the_list(secretariat_client, resolution):
    ids = list(resolution.assignments.values_list("pk", flat=True))
    response = secretariat_client.post(
        reverse("meetings:assignment_list"),
        {
            "action": "extend",
            "selected": ids,
            "new_deadline": "1399/09/30",
            "reason": "تمدید گروهی",
        },
        follow=True,
    )
    assert "۲ تکلیف به‌روز شد." in response.content.decode()
    assert set(resolution.assignments.values_list("deadline", flat=True)) == {dt.date(2020, 12, 20)}


def test_a_stale_edit_shows_a_persian_message_and_keeps_the_other_change(
    secretariat_client, resolution, secretariat_user
):
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    seen = resolution.version
    services.resolution_update(
        resolution=resolution,
        version=seen,
        text="نسخه همکار",
        type="directive",
        is_confidential=False,
        acting_user=secretariat_user,
    )
    response = secretariat_client.post(
        url, {"text": "نسخه من", "type": "directive", "version": seen}
    )
    assert "کاربر دیگری تغییر کرده است" in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.text == "نسخه همکار"


def test_search_finds_text_typed_without_zwnj_or_with_arabic_letters(
    secretariat_client, resolution
):
    for query in ["كاشي", "شرکت کاشی", "سينا"]:
        page = secretariat_client.get(
            reverse("meetings:resolution_list"), {"q": query}
        ).content.decode()
        assert resolution.get_absolute_url() in page, query
    page = secretariat_client.get(
        reverse("meetings:resolution_list"), {"q": "سیمان"}
    ).content.decode()
    assert resolution.get_absolute_url() not in page


def test_list_filters_overdue_and_due_within(secretariat_client, committee, agency_a):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today() - dt.timedelta(days=40))
    late = make_resolutions(meeting, [agency_a], 1, deadline=today() - dt.timedelta(days=3))[0]
    soon = make_resolutions(meeting, [agency_a], 1, deadline=today() + dt.timedelta(days=3))[0]
    url = reverse("meetings:resolution_list")
    overdue_page = secretariat_client.get(url, {"overdue": "on"}).content.decode()
    assert late.get_absolute_url() in overdue_page and soon.get_absolute_url() not in overdue_page
    soon_page = secretariat_client.get(url, {"due_within": "7"}).content.decode()
    assert soon.get_absolute_url() in soon_page and late.get_absolute_url() not in soon_page
    bad = secretariat_client.get(url, {"date_from": "1400/12/30"}).content.decode()
    assert "سال ۱۴۰۰ کبیسه نیست" in bad


def test_htmx_requests_get_only_the_table(secretariat_client, resolution):
    response = secretariat_client.get(reverse("meetings:resolution_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and resolution.get_absolute_url() in body


@pytest.mark.parametrize("rows", [10, 200])
def test_query_budgets_hold_with_10_and_200_rows(
    rows,
    client,
    secretariat_user,
    committee,
    agency_a,
    agency_b,
    liaison_a,
    django_assert_max_num_queries,
):
    from hamahang.core.jalali import today

    meeting = make_meeting(committee, today() - dt.timedelta(days=20))
    make_resolutions(meeting, [agency_a, agency_b], rows, deadline=today() + dt.timedelta(days=2))
    client.force_login(secretariat_user)
    pages = [
        reverse("meetings:resolution_list"),
        reverse("meetings:assignment_list"),
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, url
    client.force_login(liaison_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("meetings:inbox")).status_code == 200


def test_attachments_are_served_only_to_those_who_may_see_them(
    client, resolution, liaison_a, liaison_b, agency_a, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    mine = resolution.assignments.get(agency=agency_a)
    followup = services.assignment_report(
        assignment=mine,
        text="مستندات",
        progress=50,
        attachment=SimpleUploadedFile("نامه.pdf", b"%PDF-1.4 test"),
        acting_user=liaison_a,
    )
    url = reverse("meetings:followup_attachment", args=[followup.pk])
    client.force_login(liaison_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(liaison_b)
    assert client.get(url).status_code == 404


def test_selected_resolutions_go_on_a_meeting_agenda_in_one_action(
    secretariat_client, resolution, committee
):
    from hamahang.meetings.models import AgendaItem

    upcoming = make_meeting(
        committee, HELD_ON + dt.timedelta(days=14), status=Meeting.Status.PLANNED
    )
    response = secretariat_client.post(
        reverse("meetings:resolution_list"),
        {"selected": [resolution.pk], "meeting": upcoming.pk},
        follow=True,
    )
    assert "۱ مصوبه به دستور" in response.content.decode()
    assert AgendaItem.objects.get().carried_resolution == resolution
    tampered = secretariat_client.post(
        reverse("meetings:resolution_list"),
        {"selected": [999999], "meeting": upcoming.pk},
        follow=True,
    )
    assert "در دسترس شما نیست" in tampered.content.decode()
    assert AgendaItem.objects.count() == 1


def test_an_agenda_item_can_be_about_a_project(
    secretariat_client, secretariat_user, committee, province
):
    from hamahang.meetings.models import AgendaItem
    from hamahang.organizations.tests.factories import CountyFactory
    from hamahang.projects import services as project_services

    county = CountyFactory(province=province)
    project = project_services.project_create(
        acting_user=secretariat_user,
        code="P-7",
        title="گلخانه",
        sector="agriculture",
        county=county,
        owner=secretariat_user.agency,
    )
    meeting = make_meeting(committee, HELD_ON)
    secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]), {"project": "p-۷"}
    )
    item = AgendaItem.objects.get()
    assert item.project == project and "بررسی طرح" in item.title and "گلخانه" in item.title
    page = secretariat_client.get(meeting.get_absolute_url()).content.decode()
    assert project.get_absolute_url() in page
    empty = secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]), {}, follow=True
    )
    assert "موضوع دستور جلسه را بنویسید یا طرحی انتخاب کنید." in empty.content.decode()
    unknown = secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]), {"project": "X-1"}, follow=True
    )
    assert "طرحی با کد «X-۱» در دسترس شما نیست." in unknown.content.decode()


def test_the_inbox_is_rendered_once_per_data_version_and_user(
    real_cache,
    client,
    resolution,
    committee,
    secretariat_user,
    agency_a,
    liaison_a,
    liaison_b,
    django_assert_max_num_queries,
):
    def main(response) -> str:  # the page without its per-request CSRF token
        return response.content.decode().split('<main id="main"')[1]

    client.force_login(liaison_a)
    first = main(client.get(reverse("meetings:inbox")))
    assert "شرکت کاشی سینا به بانک ملی معرفی شود." in first  # overdue since 1399
    with django_assert_max_num_queries(4):  # session, user, agency, data version: no lists
        assert main(client.get(reverse("meetings:inbox"))) == first

    # Any write renders the lists afresh.
    meeting = make_meeting(committee, HELD_ON + dt.timedelta(days=1))
    services.resolution_create(
        meeting=meeting,
        text="صندوق توسعه ملی گزارش تسهیلات را ارائه کند.",
        assignments=[services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=31))],
        acting_user=secretariat_user,
    )
    fresh = main(client.get(reverse("meetings:inbox")))
    assert fresh != first and "صندوق توسعه ملی گزارش تسهیلات" in fresh

    # Another agency's liaison never gets this user's cached lists.
    client.force_login(liaison_b)
    other = main(client.get(reverse("meetings:inbox")))
    assert "صندوق توسعه ملی گزارش تسهیلات" not in other
    assert "کارتابل " + str(liaison_b.agency) in other


def test_a_list_count_is_cached_until_a_write(
    real_cache, client, resolution, committee, secretariat_user, agency_a
):
    client.force_login(secretariat_user)
    url = reverse("meetings:resolution_list")
    assert "۱ مصوبه" in client.get(url).content.decode()
    meeting = make_meeting(committee, HELD_ON + dt.timedelta(days=2))
    services.resolution_create(
        meeting=meeting,
        text="گزارش پیشرفت طرح به دبیرخانه ارسال شود.",
        assignments=[services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=40))],
        acting_user=secretariat_user,
    )
    assert "۲ مصوبه" in client.get(url).content.decode()  # recounted after the write
    filtered = client.get(url, {"q": "پیشرفت طرح"}).content.decode()
    assert "۱ مصوبه" in filtered  # each filter has its own count


def test_waiting_cases_load_after_the_meeting_page_for_the_secretariat_only(
    client, secretariat_user, liaison_a, committee, province, django_assert_max_num_queries
):
    from hamahang.organizations.tests.factories import CountyFactory
    from hamahang.units import services as unit_services

    unit = unit_services.unit_register(
        acting_user=secretariat_user,
        registered_on=dt.date(2026, 1, 1),
        name="شرکت کاشی سینا",
        legal_id="10100340056",
        county=CountyFactory(province=province),
    )
    case = unit_services.case_create(
        unit=unit,
        type="deferral",
        creditor="bank",
        description="درخواست امهال تسهیلات",
        received_on=dt.date(2026, 10, 1),
        acting_user=secretariat_user,
    )
    meeting = make_meeting(committee, dt.date(2026, 12, 1), status=Meeting.Status.PLANNED)
    panel_url = reverse("meetings:meeting_cases_to_refer", args=[meeting.pk])
    client.force_login(secretariat_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'hx-get="{panel_url}"' in page and "شرکت کاشی سینا" not in page
    with django_assert_max_num_queries(8):
        panel = client.get(panel_url, HTTP_HX_REQUEST="true").content.decode()
    assert "شرکت کاشی سینا" in panel and f'value="{case.pk}"' in panel
    assert 'name="csrfmiddlewaretoken"' in panel

    meeting.status = Meeting.Status.APPROVED  # minutes approved: the agenda is closed
    meeting.save()
    assert client.get(panel_url).status_code == 404
    client.force_login(liaison_a)
    assert client.get(panel_url).status_code == 403


def test_a_meeting_is_titled_with_its_ordinal_as_officials_write_it(secretariat_client, committee):
    meeting = make_meeting(committee, HELD_ON, number=227)
    page = secretariat_client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    h1 = page.content.decode().split("<h1", 1)[1].split("</h1>", 1)[0]
    assert f"دویست و بیست و هفتمین جلسه {committee.name}" in h1
    assert meeting.ordinal_title == f"دویست و بیست و هفتمین جلسه {committee.name}"
