"""API parity: every write a screen offers has an API operation calling the same service.

The list of screen writes is read from the URL resolver (a view that reads request.POST or is
POST-only); a new screen action that has no API operation, and is not exempted here with a
reason, fails `test_every_screen_write_has_an_api_operation`.
"""

import datetime as dt
import inspect
import json

import pytest
from django.urls import get_resolver

from hamahang.meetings import services
from hamahang.meetings.models import (
    AgendaItem,
    Assignment,
    Attendance,
    FollowUp,
    Meeting,
    ResolutionEvent,
)
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.models import Agency, Committee

# screen (URL name) → the API operations doing the same through the same service.
PARITY = {
    "meetings:meeting_create": [("post", "/api/v1/meetings")],
    "meetings:meeting_edit": [("patch", "/api/v1/meetings/{meeting_id}")],
    "meetings:meeting_attendance": [("post", "/api/v1/meetings/{meeting_id}/attendance")],
    "meetings:meeting_agenda_add": [("post", "/api/v1/meetings/{meeting_id}/agenda")],
    "meetings:meeting_carry_over": [("post", "/api/v1/meetings/{meeting_id}/carry-over")],
    "meetings:meeting_refer_cases": [("post", "/api/v1/meetings/{meeting_id}/refer-cases")],
    "meetings:meeting_transition": [("post", "/api/v1/meetings/{meeting_id}/transition")],
    "meetings:resolution_create": [("post", "/api/v1/resolutions")],
    "meetings:resolution_edit": [("patch", "/api/v1/resolutions/{resolution_id}")],
    "meetings:resolution_relief_expiry": [
        ("put", "/api/v1/resolutions/{resolution_id}/relief-expiry")
    ],
    # The list's bulk actions: put the chosen resolutions on a meeting's agenda; publish them.
    "meetings:resolution_list": [
        ("post", "/api/v1/meetings/{meeting_id}/agenda/resolutions"),
        ("post", "/api/v1/resolution-batches/publish"),
    ],
    "meetings:resolution_publish": [
        ("post", "/api/v1/resolutions/{resolution_id}/publish"),
        ("post", "/api/v1/resolutions/{resolution_id}/unpublish"),
    ],
    "meetings:assignment_list": [
        ("post", "/api/v1/assignment-batches/extend"),
        ("post", "/api/v1/assignment-batches/status"),
    ],
    "meetings:assignment_report": [("post", "/api/v1/assignments/{assignment_id}/followups")],
    "meetings:assignment_extend": [("post", "/api/v1/assignments/{assignment_id}/extend")],
    "meetings:assignment_status": [("post", "/api/v1/assignments/{assignment_id}/status")],
    "meetings:assignment_object": [("post", "/api/v1/assignments/{assignment_id}/objections")],
    "meetings:objection_decide": [("post", "/api/v1/objections/{objection_id}/decision")],
    "office:closure_list": [("post", "/api/v1/closures")],
    "office:closure_remove": [("delete", "/api/v1/closures/{closure_id}")],
    "meetings:followup_review": [
        ("post", "/api/v1/followups/{followup_id}/accept"),
        ("post", "/api/v1/followups/{followup_id}/return"),
    ],
    "signoff:start": [("post", "/api/v1/meetings/{meeting_id}/signoff")],
    "invitations:send": [("post", "/api/v1/meetings/{meeting_id}/invitations")],
    "invitations:rsvp": [("post", "/api/v1/rsvp/{token}")],
    "invitations:series_list": [("post", "/api/v1/meeting-series")],
    "projects:project_create": [("post", "/api/v1/projects")],
    "projects:project_edit": [("patch", "/api/v1/projects/{project_id}")],
    "projects:project_transition": [("post", "/api/v1/projects/{project_id}/transition")],
    "projects:investment_add": [("post", "/api/v1/projects/{project_id}/investments")],
    "projects:investment_remove": [
        ("delete", "/api/v1/projects/{project_id}/investments/{line_id}")
    ],
    "projects:contract_add": [("post", "/api/v1/projects/{project_id}/contracts")],
    "projects:contract_step": [("post", "/api/v1/contracts/{contract_id}/steps")],
    "projects:submission_create": [("post", "/api/v1/submissions")],
    "projects:submission_send": [("post", "/api/v1/submissions/{submission_id}/send")],
    "projects:submission_outcome": [("post", "/api/v1/submission-items/{item_id}/outcome")],
    "units:unit_create": [("post", "/api/v1/units"), ("post", "/api/v1/unit-launches")],
    "units:unit_edit": [("patch", "/api/v1/units/{unit_id}")],
    "units:unit_status": [("post", "/api/v1/units/{unit_id}/status")],
    "units:case_create": [("post", "/api/v1/cases")],
    "units:case_status": [("post", "/api/v1/cases/{case_id}/transition")],
    "bale:link": [("post", "/api/v1/bale/link-codes")],
    "bale:unlink": [("delete", "/api/v1/bale/link")],
    "notices:profile": [("patch", "/api/v1/me")],
    "webhooks:subscription_create": [("post", "/api/v1/webhooks")],
    "meetings:referral_send": [("post", "/api/v1/referrals")],
    "meetings:referral_step": [
        ("post", "/api/v1/referrals/{referral_id}/receive"),
        ("post", "/api/v1/referrals/{referral_id}/decide"),
        ("post", "/api/v1/referrals/{referral_id}/resend"),
        ("post", "/api/v1/referrals/{referral_id}/withdraw"),
    ],
    "webhooks:subscription_deactivate": [("post", "/api/v1/webhooks/{subscription_id}/deactivate")],
    "webhooks:subscription_rotate": [("post", "/api/v1/webhooks/{subscription_id}/rotate-secret")],
    "outcomes:outcome_create": [("post", "/api/v1/outcomes")],
    "outcomes:commitment_create": [("post", "/api/v1/commitments")],
    "outcomes:commitment_status": [("post", "/api/v1/commitments/{commitment_id}/status")],
    "outcomes:assignment_block": [("post", "/api/v1/assignments/{assignment_id}/producer-block")],
    "outcomes:assignment_unblock": [
        ("delete", "/api/v1/assignments/{assignment_id}/producer-block")
    ],
}

EXEMPT = {
    "reports:statement": "edits the statement's text for download; nothing is stored",
    # hamahang.public sits beside hamahang.api in the layers (neither imports the other).
    "public:statement_publish": "the director publishes the statement he edited, in a session",
    "imports:import_list": "Excel upload: a file flow of its own (imports app), not JSON",
    "imports:import_confirm": "applies a checked Excel upload (imports app)",
    "imports:import_retry": "runs a failed Excel upload again (imports app)",
    "token_list": "a token is minted in a signed-in session, never by another token",
    "token_revoke": "as above: tokens are managed in the session only",
    # Setting up the office (issue 14) creates accounts with passwords and the bodies that
    # decide; it is done by the office administrator in a session, never by a token.
    "office:agency_create": "office set-up: in the office administrator's session only",
    "office:agency_edit": "office set-up: in the office administrator's session only",
    "office:committee_create": "office set-up: in the office administrator's session only",
    "office:committee_edit": "office set-up: in the office administrator's session only",
    "office:deputy_edit": "office set-up: in the office administrator's session only",
    "office:user_create": "office set-up: creates accounts; in a session only",
    "office:user_edit": "office set-up: changes accounts; in a session only",
    "bale:webhook": "Bale's bot server posts updates here (secret in the path); not a screen",
    # Minutes sign-off (issue 16): each answer is a person's own act confirmed with a one-time
    # code sent to them, in their session; a token acting for them would defeat the code.
    "signoff:code": "sends a one-time code to the signer themself, in their session",
    "signoff:respond": "a signature confirmed with the signer's one-time code, in a session",
    "signoff:verify": "the public check of an uploaded PDF: reads, writes nothing",
}


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


def screen_writes() -> set[str]:
    found = set()
    for name, callback in _walk(get_resolver().url_patterns):
        view = inspect.unwrap(callback)
        if not getattr(view, "__module__", "").startswith("hamahang."):
            continue
        source = inspect.getsource(view)
        if any(
            mark in source
            for mark in ("request.POST", "require_POST", '"POST"', "_assignment_action(")
        ):
            found.add(name)
    return found


def test_every_screen_write_has_an_api_operation(client):
    writes = screen_writes()
    assert len(writes) >= 30
    missing = writes - set(PARITY) - set(EXEMPT)
    assert not missing, f"screen writes without an API operation: {sorted(missing)}"
    schema = client.get("/api/v1/openapi.json").json()
    absent = [
        (name, method, path)
        for name, operations in PARITY.items()
        for method, path in operations
        if method not in schema["paths"].get(path, {})
    ]
    assert not absent
    assert not set(PARITY) - writes, "the table names a screen write that no longer exists"


# --- Behaviour of the new operations --------------------------------------------------------

pytestmark = pytest.mark.django_db


def call(client, method, url, payload, headers):
    return getattr(client, method)(
        url, data=json.dumps(payload), content_type="application/json", **headers
    )


@pytest.fixture
def meeting(people):
    return held_meeting(
        Committee.objects.get(kind="facilitation"), dt.date(2026, 10, 1), people["dabir"]
    )


@pytest.fixture
def reported(people, meeting):
    """A resolution with one assignment whose agency sent a final report."""
    samat = Agency.objects.get(short_name="صمت")
    resolution = services.resolution_create(
        meeting=meeting,
        text="گزارش دهند.",
        assignments=[services.AssignmentSpec(samat, dt.date(2026, 12, 1))],
        acting_user=people["dabir"],
    )
    assignment = resolution.assignments.get()
    followup = services.assignment_report(
        assignment=assignment,
        text="انجام شد",
        progress=100,
        is_final=True,
        acting_user=people["samat"],
    )
    assignment.refresh_from_db()
    return assignment, followup


def test_accepting_a_final_report_closes_the_assignment(client, bearer, reported):
    assignment, followup = reported
    response = call(client, "post", f"/api/v1/followups/{followup.pk}/accept", {}, bearer("dabir"))
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.VERIFIED_DONE
    assert ResolutionEvent.objects.filter(kind=ResolutionEvent.Kind.ACCEPTED).count() == 1


def test_returning_a_report_needs_a_reason(client, bearer, reported):
    assignment, followup = reported
    url = f"/api/v1/followups/{followup.pk}/return"
    refused = call(client, "post", url, {"reason": ""}, bearer("dabir"))
    assert refused.status_code == 422
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.SUBMITTED
    done = call(client, "post", url, {"reason": "مستندات پیوست نشده است."}, bearer("dabir"))
    assert done.status_code == 200 and done.json()["return_reason"] == "مستندات پیوست نشده است."
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS


def test_a_liaison_cannot_review_reports(client, bearer, reported):
    _assignment, followup = reported
    response = call(client, "post", f"/api/v1/followups/{followup.pk}/accept", {}, bearer("samat"))
    assert response.status_code == 403
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.SUBMITTED


@pytest.mark.parametrize("route", ["patch", "status"])
def test_the_status_route_does_not_bypass_review(client, bearer, reported, route):
    """The audit's bug: PATCH to verified_done left the report "submitted" for ever."""
    assignment, followup = reported
    payload = {"version": assignment.version, "status": "verified_done"}
    if route == "patch":
        response = call(
            client, "patch", f"/api/v1/assignments/{assignment.pk}", payload, bearer("dabir")
        )
    else:
        response = call(
            client, "post", f"/api/v1/assignments/{assignment.pk}/status", payload, bearer("dabir")
        )
    assert response.status_code == 422
    assert response.json()["code"] == "followup_pending"
    assert "در انتظار بررسی" in response.json()["message"]
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.REPORTED_DONE
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.SUBMITTED


def test_extend_a_deadline_with_version_and_reason(client, bearer, reported):
    assignment, _ = reported
    url = f"/api/v1/assignments/{assignment.pk}/extend"
    payload = {"version": assignment.version, "new_deadline": "2027-01-16", "reason": "تأخیر"}
    response = call(client, "post", url, payload, bearer("dabir"))
    assert response.status_code == 200 and response.json()["deadline"] == "2027-01-16"
    stale = call(client, "post", url, {**payload, "new_deadline": "2027-02-15"}, bearer("dabir"))
    assert stale.status_code == 409
    missing = call(
        client, "post", url, {"new_deadline": "2027-02-15", "reason": "x"}, bearer("dabir")
    )
    assert missing.status_code == 422 and "version" in json.dumps(missing.json())
    assignment.refresh_from_db()
    assert assignment.deadline == dt.date(2027, 1, 16)


def test_agenda_attendance_carry_over_and_transition(client, bearer, people, meeting):
    headers = bearer("dabir")
    later = services.meeting_create(
        committee=meeting.committee, date=dt.date(2026, 11, 1), acting_user=people["dabir"]
    )
    services.resolution_create(
        meeting=meeting,
        text="مصوبه باز",
        assignments=[
            services.AssignmentSpec(Agency.objects.get(short_name="صمت"), dt.date(2026, 12, 1))
        ],
        acting_user=people["dabir"],
    )
    carried = call(client, "post", f"/api/v1/meetings/{later.pk}/carry-over", {}, headers)
    assert carried.status_code == 200 and carried.json() == {"count": 1}
    item = call(
        client, "post", f"/api/v1/meetings/{later.pk}/agenda", {"title": "گزارش صادرات"}, headers
    )
    assert item.status_code == 201 and item.json()["order"] == 2
    agenda = client.get(f"/api/v1/meetings/{later.pk}/agenda", **headers).json()
    assert [row["order"] for row in agenda] == [1, 2]
    samat = Agency.objects.get(short_name="صمت")
    attendance = call(
        client,
        "post",
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {"rows": [{"agency_id": samat.pk, "status": "present", "representative": "آقای الف"}]},
        headers,
    )
    assert attendance.status_code == 200, attendance.content
    assert Attendance.objects.get(meeting=meeting, agency=samat).representative == "آقای الف"
    held = call(
        client, "post", f"/api/v1/meetings/{later.pk}/transition", {"status": "held"}, headers
    )
    assert held.status_code == 200 and held.json()["status"] == "held"
    approved = call(
        client, "post", f"/api/v1/meetings/{meeting.pk}/transition", {"status": "approved"}, headers
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    locked = call(client, "post", f"/api/v1/meetings/{meeting.pk}/agenda", {"title": "x"}, headers)
    assert locked.status_code in (409, 422) and "صورتجلسه" in locked.json()["message"]
    backwards = call(
        client, "post", f"/api/v1/meetings/{meeting.pk}/transition", {"status": "held"}, headers
    )
    assert backwards.status_code == 422
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.APPROVED


def test_add_resolutions_to_an_agenda_all_or_none(client, bearer, people, meeting):
    headers = bearer("dabir")
    later = services.meeting_create(
        committee=meeting.committee, date=dt.date(2026, 11, 1), acting_user=people["dabir"]
    )
    resolution = services.resolution_create(
        meeting=meeting, text="الف", assignments=[], acting_user=people["dabir"]
    )
    url = f"/api/v1/meetings/{later.pk}/agenda/resolutions"
    unknown = call(client, "post", url, {"resolution_ids": [resolution.pk, 99_999]}, headers)
    assert unknown.status_code == 404 and AgendaItem.objects.count() == 0
    done = call(client, "post", url, {"resolution_ids": [resolution.pk]}, headers)
    assert done.json() == {"count": 1}
    assert AgendaItem.objects.get().carried_resolution_id == resolution.pk


def test_bulk_extend_through_the_api(client, bearer, reported):
    assignment, _ = reported
    response = call(
        client,
        "post",
        "/api/v1/assignment-batches/extend",
        {"assignment_ids": [assignment.pk], "new_deadline": "2027-03-02", "reason": "تمدید"},
        bearer("dabir"),
    )
    assert response.json() == {"count": 1}
    assert Assignment.objects.get(pk=assignment.pk).deadline == dt.date(2027, 3, 2)


def _new_case(client, headers, people):
    from hamahang.core.identifiers import complete_national_code
    from hamahang.organizations.models import County
    from hamahang.units.models import SupportCase

    county = County.objects.filter(province_id=people["dabir"].agency.province_id).first()
    unit = call(
        client,
        "post",
        "/api/v1/units",
        {
            "name": "واحد آزمایشی",
            "national_code": complete_national_code("123456780"),
            "county_id": county.pk,
            "registered_on": "2026-01-01",
        },
        headers,
    )
    assert unit.status_code == 201, unit.content
    case = call(
        client,
        "post",
        "/api/v1/cases",
        {
            "unit_id": unit.json()["id"],
            "type": SupportCase.Type.values[0],
            "description": "درخواست",
            "received_on": "2026-02-01",
            "creditor": SupportCase.Creditor.values[1],
        },
        headers,
    )
    assert case.status_code == 201, case.content
    return SupportCase.objects.get(pk=case.json()["id"])


def test_refer_cases_and_case_transition(client, bearer, people, meeting):
    from hamahang.units.models import SupportCase

    headers = bearer("dabir")
    case = _new_case(client, headers, people)
    reviewed = call(
        client, "post", f"/api/v1/cases/{case.pk}/transition", {"status": "under_review"}, headers
    )
    assert reviewed.status_code == 200, reviewed.content
    response = call(
        client,
        "post",
        f"/api/v1/meetings/{meeting.pk}/refer-cases",
        {"case_ids": [case.pk]},
        headers,
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.status == SupportCase.Status.REFERRED
    assert AgendaItem.objects.filter(meeting=meeting, case=case).exists()


def test_project_contract_and_submission_round(client, bearer, people):
    from hamahang.projects.models import NationalSubmission, Project

    headers = bearer("dabir")
    from hamahang.organizations.models import County

    province_id = people["dabir"].agency.province_id
    made = call(
        client,
        "post",
        "/api/v1/projects",
        {
            "code": "API-1",
            "title": "طرح آزمایشی",
            "sector": Project.objects.model._meta.get_field("sector").choices[0][0],
            "county_id": County.objects.filter(province_id=province_id).first().pk,
            "owner_id": people["samat"].agency_id,
        },
        headers,
    )
    assert made.status_code == 201, made.content
    project = Project.objects.get(pk=made.json()["id"])
    bank = Agency.objects.filter(kind=Agency.Kind.BANK, province_id=province_id).first()
    contract = call(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/contracts",
        {"bank_id": bank.pk, "facility_amount": "1000000000", "on_date": "2026-05-01"},
        headers,
    )
    assert contract.status_code == 201, contract.content
    body = contract.json()
    step = call(
        client,
        "post",
        f"/api/v1/contracts/{body['id']}/steps",
        {"version": body["version"], "status": "appraisal", "on_date": "2026-05-10"},
        headers,
    )
    assert step.status_code == 200 and step.json()["status"] == "appraisal"
    invest = call(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/investments",
        {"amount": "5000", "currency": "IRR", "value_date": "2026-05-01", "source": "own_equity"},
        headers,
    )
    assert invest.status_code == 201, invest.content
    created = call(
        client,
        "post",
        "/api/v1/submissions",
        {"title": "ارسال آزمایشی", "project_ids": [project.pk]},
        headers,
    )
    assert created.status_code == 201, created.content
    submission = created.json()
    sent = call(
        client,
        "post",
        f"/api/v1/submissions/{submission['id']}/send",
        {"letter_number": "۱۲۳/الف", "letter_date": "2026-06-01"},
        headers,
    )
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert NationalSubmission.objects.get(pk=submission["id"]).items.get().snapshot
    outcome = call(
        client,
        "post",
        f"/api/v1/submission-items/{sent.json()['items'][0]['id']}/outcome",
        {"outcome": "returned", "on_date": "2026-07-01", "reason": ""},
        headers,
    )
    assert outcome.status_code == 422  # a return needs a reason


def test_unit_launch_and_status(client, bearer, people):
    from hamahang.core.identifiers import complete_national_code
    from hamahang.organizations.models import County
    from hamahang.units.models import ProductionUnit, UnitEvent

    headers = bearer("dabir")
    county = County.objects.filter(province_id=people["dabir"].agency.province_id).first()
    launched = call(
        client,
        "post",
        "/api/v1/unit-launches",
        {
            "name": "کارگاه تازه",
            "national_code": complete_national_code("987654321"),
            "county_id": county.pk,
            "product": "کاشی",
            "jobs": 12,
            "kind": "workshop",
            "launched_on": "2026-04-01",
        },
        headers,
    )
    assert launched.status_code == 201, launched.content
    unit = ProductionUnit.objects.get(pk=launched.json()["id"])
    assert unit.events.get().kind == UnitEvent.Kind.LAUNCH
    stagnant = call(
        client,
        "post",
        f"/api/v1/units/{unit.pk}/status",
        {"to_status": "stagnant", "on_date": "2026-06-01", "jobs_after": 3, "cause": "liquidity"},
        headers,
    )
    assert stagnant.status_code == 200 and stagnant.json()["status"] == "stagnant"


def test_a_referral_goes_up_and_is_decided_through_the_api(client, bearer, people, meeting):
    resolution = services.resolution_create(
        meeting=meeting,
        text="ارجاع به ستاد ملی برای امهال بیش از سه سال.",
        type="national_referral",
        acting_user=people["dabir"],
    )
    sent = call(
        client,
        "post",
        "/api/v1/referrals",
        {"resolution_id": resolution.pk, "deadline": "2099-01-10", "reason": "نیازمند مصوبه ملی"},
        bearer("dabir"),
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["from_level"], body["to_level"], body["status"]) == (
        "province",
        "national",
        "sent",
    )
    url = f"/api/v1/referrals/{body['id']}/decide"
    # The province cannot answer for the nation: a Persian error, nothing changed.
    refused = call(client, "post", url, {"action": "accept", "text": "پذیرفته"}, bearer("dabir"))
    assert refused.status_code in {400, 403, 422}
    assert "ستاد ملی" in refused.json()["message"]
    decided = call(client, "post", url, {"action": "accept", "text": "تصویب شد"}, bearer("melli"))
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "accepted"
    event = ResolutionEvent.objects.filter(resolution=resolution).order_by("pk").last()
    assert "تصویب شد" in event.description
    # A deadline in the past is refused with a Persian message.
    again = call(
        client,
        "post",
        "/api/v1/referrals",
        {"resolution_id": resolution.pk, "deadline": "2020-01-10", "reason": "دوباره"},
        bearer("dabir"),
    )
    assert again.status_code in {400, 422}
    assert "گذشته است" in json.dumps(again.json(), ensure_ascii=False)
