"""The failure-to-act dossier (پرونده ترک فعل) and the escalated work on the brief and the
dashboard: read back from the PDFs with pdftotext, scoped, in a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hamahang.core import clock
from hamahang.core.jalali import format_jalali
from hamahang.meetings import services
from hamahang.meetings.escalation import escalate_overdue
from hamahang.meetings.services import AssignmentSpec
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.meetings.tests.factories import held_meeting
from hamahang.notices.models import Notice

pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")
MEETING_DAY = dt.date(2026, 9, 1)  # 1405/06/10
FIRST_DEADLINE = dt.date(2026, 10, 1)  # 1405/07/09
NEW_DEADLINE = dt.date(2026, 10, 15)  # 1405/07/23


def at(day: dt.date, hour: int = 10):
    return clock.frozen(dt.datetime.combine(day, dt.time(hour), tzinfo=TEHRAN))


@pytest.fixture
def history(committee, secretariat_user, agency_a, agency_b, liaison_a, province):
    """An assignment with its whole life: issued (notices), a report returned, a deadline
    extended, then overdue and escalated to the agency head and the deputy governor."""
    agency_a.head_name, agency_a.head_mobile = "رضا احمدی", "09121110001"
    agency_a.save()
    province.deputy_name, province.deputy_email = "محمد کریمی", "deputy@example.ir"
    province.save()
    with at(MEETING_DAY):
        meeting = held_meeting(committee, MEETING_DAY, secretariat_user)
        resolution = services.resolution_create(
            meeting=meeting,
            text="تأمین برق پایدار شهرک صنعتی محمودآباد",
            acting_user=secretariat_user,
            assignments=[
                AssignmentSpec(agency_a, FIRST_DEADLINE),
                AssignmentSpec(agency_b, FIRST_DEADLINE),
            ],
        )
    assignment = resolution.assignments.get(agency=agency_a)
    with at(MEETING_DAY + dt.timedelta(days=10)):
        report = services.assignment_report(
            assignment=assignment,
            acting_user=liaison_a,
            text="مکاتبه با شرکت توزیع انجام شد",
            progress=20,
        )
        services.followup_return(
            followup=report, reason="مستندات مکاتبه پیوست نشده است", acting_user=secretariat_user
        )
    assignment.refresh_from_db()
    with at(FIRST_DEADLINE):
        services.assignment_extend_deadline(
            assignment=assignment,
            new_deadline=NEW_DEADLINE,
            reason="درخواست دستگاه برای تأمین تجهیزات",
            acting_user=secretariat_user,
            version=assignment.version,
        )
    with at(NEW_DEADLINE + dt.timedelta(days=14)):
        escalate_overdue()
    return assignment


def test_the_dossier_pdf_holds_the_resolution_deadlines_notices_reports_and_steps(
    client, secretariat_user, history, django_assert_max_num_queries
):
    client.force_login(secretariat_user)
    page = client.get(history.get_absolute_url())
    assert "پرونده ترک فعل" in page.content.decode()
    with at(dt.date(2026, 11, 30)), django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:assignment_dossier_pdf", args=[history.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text_key(response.content)
    for words in [
        "پرونده ترک فعل",
        history.resolution.code,
        "تأمین برق پایدار شهرک صنعتی محمودآباد",
        format_jalali(FIRST_DEADLINE),
        format_jalali(NEW_DEADLINE),
        "درخواست دستگاه برای تأمین تجهیزات",
        "مکاتبه با شرکت توزیع انجام شد",
        "مستندات مکاتبه پیوست نشده است",
        "ابلاغ تکلیف",
        "بازگشت گزارش",
        "پیگیری تأخیر",
        "رضا احمدی",
        "محمد کریمی",
        "0912***0001",
        "de***@example.ir",
        "۴۶ روز",  # 1405/07/23 → 1405/09/09
    ]:
        assert pdf_key(words) in text, words
    # the full mobile number is not in the dossier (masked as on the timeline)
    assert "09121110001" not in text


def test_the_dossier_query_count_does_not_grow_with_its_history(
    client, secretariat_user, history, liaison_a, django_assert_max_num_queries
):
    for n in range(5):
        with at(NEW_DEADLINE + dt.timedelta(days=20 + n)):
            services.assignment_report(
                assignment=history, acting_user=liaison_a, text=f"گزارش {n}", progress=30 + n
            )
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:assignment_dossier_pdf", args=[history.pk]))
    assert response.status_code == 200


def test_a_liaison_reaches_no_dossier_not_even_their_own(client, liaison_a, history):
    client.force_login(liaison_a)
    page = client.get(history.get_absolute_url())
    assert page.status_code == 200 and "پرونده ترک فعل" not in page.content.decode()
    response = client.get(reverse("meetings:assignment_dossier_pdf", args=[history.pk]))
    assert response.status_code == 404
    other = history.resolution.assignments.exclude(pk=history.pk).get()
    assert (
        client.get(reverse("meetings:assignment_dossier_pdf", args=[other.pk])).status_code == 404
    )


def test_an_unknown_dossier_is_404(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get("/assignments/999999/dossier.pdf").status_code == 404


def test_the_brief_and_the_dashboard_list_escalated_work_with_its_step(
    client, manager_user, secretariat_user, committee, history, django_assert_max_num_queries
):
    assert Notice.objects.filter(kind=Notice.Kind.ESCALATION).exists()
    client.force_login(manager_user)
    with at(dt.date(2026, 11, 30)):
        with django_assert_max_num_queries(14):
            brief = client.get(reverse("meetings:committee_brief_pdf", args=[committee.pk]))
        text = pdf_text_key(brief.content)
        assert pdf_key("کارهای پیگیری‌شده سلسله‌مراتبی") in text
        assert pdf_key("پیگیری از معاون استاندار") in text
        home = client.get("/").content.decode()
    assert 'id="home-escalated"' in home and "معاون استاندار" in home
    assert history.get_absolute_url() in home
