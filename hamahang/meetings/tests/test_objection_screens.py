"""Objections and working-day deadlines at the screens and the API (the same services)."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamahang.accounts.tokens import api_token_create
from hamahang.core import clock
from hamahang.meetings import services
from hamahang.meetings.models import Assignment, Objection, Resolution
from hamahang.meetings.services import AssignmentSpec
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.models import OfficeClosure

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 1)  # 1405/08/10


@pytest.fixture(autouse=True)
def _on_the_day():
    with clock.frozen(dt.datetime.combine(DAY, dt.time(9), tzinfo=dt.UTC)):
        yield


@pytest.fixture
def assignment(committee, secretariat_user, agency_a):
    meeting = held_meeting(committee, DAY - dt.timedelta(days=2), secretariat_user)
    resolution = services.resolution_create(
        meeting=meeting,
        text="ساماندهی مجوزهای شهرک",
        acting_user=secretariat_user,
        assignments=[AssignmentSpec(agency_a, working_days=10)],
    )
    return resolution.assignments.get()


def bearer(user):
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_json(client, url, payload, user):
    return client.post(
        url, data=json.dumps(payload), content_type="application/json", **bearer(user)
    )


def test_the_liaison_objects_on_the_screen_and_the_page_shows_the_pause(
    client, assignment, liaison_a, django_assert_max_num_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(liaison_a)
    page = client.get(assignment.get_absolute_url())
    assert "ثبت اعتراض" in page.content.decode()
    assert "روز کاری" in page.content.decode()
    upload = SimpleUploadedFile("dalil.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("meetings:assignment_object", args=[assignment.pk]),
        {"reason": "این کار در حوزه وظایف ما نیست.", "attachment": upload},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.attachment.name.endswith(".pdf")
    download = client.get(reverse("meetings:objection_attachment", args=[objection.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    with django_assert_max_num_queries(25):
        page = client.get(assignment.get_absolute_url()).content.decode()
    assert "در انتظار رسیدگی به اعتراض" in page and "ثبت اعتراض" not in page


def test_a_bad_file_or_an_empty_reason_is_refused_on_the_screen(client, assignment, liaison_a):
    client.force_login(liaison_a)
    url = reverse("meetings:assignment_object", args=[assignment.pk])
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"reason": "دلیل", "attachment": bad})
    assert response.status_code == 422
    assert "نوع پرونده پیوست پذیرفته نیست" in response.content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 422 and "دلیل اعتراض را بنویسید" in response.content.decode()
    assert not Objection.objects.exists()
    assert Assignment.objects.get(pk=assignment.pk).paused_on is None


def test_the_secretariat_rejects_on_the_screen(client, assignment, liaison_a, secretariat_user):
    objection = services.objection_file(assignment=assignment, acting_user=liaison_a, reason="د")
    client.force_login(secretariat_user)
    url = reverse("meetings:objection_decide", args=[objection.pk])
    refused = client.post(url, {"decision": "rejected", "note": ""})
    assert refused.status_code == 422 and "شرح تصمیم" in refused.content.decode()
    done = client.post(url, {"decision": "rejected", "note": "تکلیف بجاست."})
    assert done.status_code == 302
    assert Objection.objects.get().status == Objection.Status.REJECTED


def test_the_liaison_may_not_decide(client, assignment, liaison_a):
    objection = services.objection_file(assignment=assignment, acting_user=liaison_a, reason="د")
    client.force_login(liaison_a)
    response = client.post(
        reverse("meetings:objection_decide", args=[objection.pk]),
        {"decision": "upheld", "note": "خودم"},
    )
    assert response.status_code == 403
    assert Objection.objects.get().is_under_review


def test_objections_through_the_api(client, assignment, liaison_a, liaison_b, secretariat_user):
    url = f"/api/v1/assignments/{assignment.pk}/objections"
    assert post_json(client, url, {"reason": "دلیل"}, liaison_b).status_code == 404
    filed = post_json(client, url, {"reason": "در حوزه وظایف ما نیست."}, liaison_a)
    assert filed.status_code == 201, filed.content
    again = post_json(client, url, {"reason": "دوباره"}, liaison_a)
    assert again.status_code == 422 and "در حال رسیدگی" in again.json()["message"]
    decided = post_json(
        client,
        f"/api/v1/objections/{filed.json()['id']}/decision",
        {"decision": "upheld", "remedy": "cancel", "note": "وارد است."},
        secretariat_user,
    )
    assert decided.status_code == 200 and decided.json()["status"] == "upheld"
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.CANCELLED


@pytest.mark.parametrize(
    "working_days, status",
    [("۱۰", 201), (0, 422), (-2, 422), (100000, 422), ("ده", 422)],
)
def test_working_days_through_the_api(
    client, committee, secretariat_user, agency_a, working_days, status
):
    meeting = held_meeting(committee, DAY, secretariat_user)
    response = post_json(
        client,
        "/api/v1/resolutions",
        {
            "meeting_id": meeting.pk,
            "text": "مصوبه",
            "assignments": [{"agency_id": agency_a.pk, "working_days": working_days}],
        },
        secretariat_user,
    )
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["assignments"][0]["working_days"] == 10
    else:
        assert "روز کاری" in response.json()["message"]
        assert not Resolution.objects.exists()


def test_the_resolution_form_takes_working_days_in_persian_digits(
    secretariat_client, committee, secretariat_user, agency_a
):
    meeting = held_meeting(committee, DAY, secretariat_user)
    data = {
        "text": "مصوبه با مهلت روز کاری",
        "type": "directive",
        "assign-TOTAL_FORMS": "1",
        "assign-INITIAL_FORMS": "0",
        "assign-0-agency": str(agency_a.pk),
        "assign-0-role": "lead",
        "assign-0-deadline": "",
        "assign-0-working_days": "۱۲",
    }
    url = reverse("meetings:resolution_create", args=[meeting.pk])
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assignment.objects.get().working_days == 12
    bad = secretariat_client.post(url, data | {"assign-0-working_days": "-۳"})
    assert "تعداد روز کاری باید دست‌کم یک روز باشد" in bad.content.decode()
    assert Assignment.objects.count() == 1


# --- Closures ---------------------------------------------------------------------------------


def test_the_secretariat_enters_and_removes_a_closure_on_the_screen(secretariat_client, province):
    url = reverse("office:closure_list")
    past = secretariat_client.post(url, {"date": "۱۴۰۵/۰۸/۰۱", "reason": "آلودگی هوا"})
    assert past.status_code == 422 and "گذشته است" in past.content.decode()
    bad = secretariat_client.post(url, {"date": "۱۴۰۵/۱۳/۰۱", "reason": "آلودگی هوا"})
    assert bad.status_code == 422
    assert not OfficeClosure.objects.exists()
    done = secretariat_client.post(url, {"date": "۱۴۰۵/۰۸/۲۰", "reason": "آلودگی هوا"})
    assert done.status_code == 302
    closure = OfficeClosure.objects.get()
    assert closure.date == dt.date(2026, 11, 11) and closure.province == province
    assert "آلودگی هوا" in secretariat_client.get(url).content.decode()
    secretariat_client.post(reverse("office:closure_remove", args=[closure.pk]))
    assert not OfficeClosure.objects.exists()


def test_closures_through_the_api_and_a_liaison_is_refused(client, secretariat_user, liaison_a):
    added = post_json(
        client, "/api/v1/closures", {"date": "2026-11-12", "reason": "گرما"}, secretariat_user
    )
    assert added.status_code == 201 and added.json()["date_jalali"]
    refused = post_json(
        client, "/api/v1/closures", {"date": "2026-11-13", "reason": "گرما"}, liaison_a
    )
    assert refused.status_code == 403
    duplicate = post_json(
        client, "/api/v1/closures", {"date": "2026-11-12", "reason": "گرما"}, secretariat_user
    )
    assert duplicate.status_code == 422
    gone = client.delete(f"/api/v1/closures/{added.json()['id']}", **bearer(secretariat_user))
    assert gone.status_code == 204 and not OfficeClosure.objects.exists()


def test_the_secretariats_queue_lists_objections_under_review(
    client, assignment, liaison_a, secretariat_user
):
    services.objection_file(assignment=assignment, acting_user=liaison_a, reason="دلیل")
    client.force_login(secretariat_user)
    page = client.get(reverse("meetings:inbox")).content.decode()
    assert "اعتراض‌های در حال رسیدگی (۱)" in page
    assert assignment.get_absolute_url() + "#objections" in page


def test_the_menu_offers_closures_to_the_secretariat_only(client, secretariat_user, liaison_a):
    url = reverse("office:closure_list")
    client.force_login(secretariat_user)
    assert url in client.get(reverse("meetings:inbox")).content.decode()
    client.force_login(liaison_a)
    assert url not in client.get(reverse("meetings:inbox")).content.decode()
    assert client.get(url).status_code == 403
