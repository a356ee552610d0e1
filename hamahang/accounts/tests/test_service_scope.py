"""Services refuse an actor outside their scope themselves, whoever calls them (a screen, the
API, an import, a task, the shell): each write service is called directly with Qom objects by
a secretariat user of another province, a liaison of another agency and a viewer. The first
gets the screens' 404 words (code "not_found"); every refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hamahang.accounts.access import NOT_FOUND_MESSAGE
from hamahang.accounts.tests.test_permission_matrix import fingerprint
from hamahang.meetings import services as meetings
from hamahang.projects import services as projects
from hamahang.units import services as units

DAY = dt.date(2025, 8, 1)


def _o(w, model, case="own"):
    return w.objects[model][case]


# Each write service, called on a Qom object (or for a Qom committee/unit/project).
CALLS = {
    "units.unit_update": lambda w, u: units.unit_update(
        unit=_o(w, "unit"), version=None, acting_user=u, name="تغییر"
    ),
    "units.unit_record_status": lambda w, u: units.unit_record_status(
        unit=_o(w, "unit"), to_status="stagnant", on_date=DAY, jobs_after=1, acting_user=u
    ),
    "units.case_create": lambda w, u: units.case_create(
        unit=_o(w, "unit"),
        type="deferral",
        creditor="bank",
        description="درخواست",
        received_on=DAY,
        acting_user=u,
    ),
    "units.case_transition": lambda w, u: units.case_transition(
        case=_o(w, "case", "other_agency"), to_status="under_review", acting_user=u
    ),
    "projects.project_update": lambda w, u: projects.project_update(
        project=_o(w, "project"), version=None, acting_user=u, title="تغییر"
    ),
    "projects.project_transition": lambda w, u: projects.project_transition(
        project=_o(w, "project"), to_status="study", on_date=DAY, acting_user=u
    ),
    "projects.investment_add": lambda w, u: projects.investment_add(
        project=_o(w, "project"),
        amount=Decimal("10"),
        currency="IRR",
        value_date=DAY,
        source="own_equity",
        acting_user=u,
    ),
    "projects.investment_remove": lambda w, u: projects.investment_remove(
        line=_o(w, "line"), acting_user=u
    ),
    "projects.contract_create": lambda w, u: projects.contract_create(
        project=_o(w, "project"),
        bank=_o(w, "contract").bank,
        facility_amount=Decimal("10"),
        currency="IRR",
        on_date=DAY,
        acting_user=u,
    ),
    "projects.contract_advance": lambda w, u: projects.contract_advance(
        contract=_o(w, "contract"),
        to_status="appraisal",
        on_date=DAY,
        version=_o(w, "contract").version,
        acting_user=u,
    ),
    "projects.submission_create": lambda w, u: projects.submission_create(
        title="ارسال", projects=[_o(w, "project")], acting_user=u
    ),
    "projects.submission_send": lambda w, u: projects.submission_send(
        submission=_o(w, "submission", "other_agency"),
        acting_user=u,
        letter_number="9",
        letter_date=DAY,
    ),
    "projects.submission_record_outcome": lambda w, u: projects.submission_record_outcome(
        item=_o(w, "submission_item"), outcome="accepted", on_date=DAY, acting_user=u
    ),
    "meetings.meeting_create": lambda w, u: meetings.meeting_create(
        committee=_o(w, "committee"), date=DAY, acting_user=u
    ),
    "meetings.meeting_update": lambda w, u: meetings.meeting_update(
        meeting=_o(w, "meeting", "other_agency"),
        version=None,
        acting_user=u,
        date=dt.date(2025, 7, 2),
        start_time=None,
        place="تالار",
        chair="رئیس",
    ),
    "meetings.meeting_transition": lambda w, u: meetings.meeting_transition(
        meeting=_o(w, "meeting"), to_status="approved", acting_user=u
    ),
    "meetings.meeting_record_attendance": lambda w, u: meetings.meeting_record_attendance(
        meeting=_o(w, "meeting"),
        rows=[meetings.AttendanceRow(agency=_o(w, "assignment").agency, status="present")],
        acting_user=u,
    ),
    "meetings.agenda_item_add": lambda w, u: meetings.agenda_item_add(
        meeting=_o(w, "meeting", "other_agency"), title="موضوع", acting_user=u
    ),
    "meetings.agenda_carry_over": lambda w, u: meetings.agenda_carry_over(
        meeting=_o(w, "meeting", "other_agency"), acting_user=u
    ),
    "meetings.agenda_add_resolutions": lambda w, u: meetings.agenda_add_resolutions(
        meeting=_o(w, "meeting", "other_agency"), resolutions=[_o(w, "resolution")], acting_user=u
    ),
    "meetings.agenda_refer_cases": lambda w, u: meetings.agenda_refer_cases(
        meeting=_o(w, "meeting", "other_agency"),
        cases=[_o(w, "case", "other_agency")],
        acting_user=u,
    ),
    "meetings.resolution_create": lambda w, u: meetings.resolution_create(
        meeting=_o(w, "meeting"), text="مصوبه", acting_user=u
    ),
    "meetings.resolution_assign": lambda w, u: meetings.resolution_assign(
        resolution=_o(w, "resolution"),
        agency=_o(w, "contract").bank,
        deadline=dt.date(2025, 12, 1),
        acting_user=u,
    ),
    "meetings.resolution_update": lambda w, u: meetings.resolution_update(
        resolution=_o(w, "resolution"),
        version=None,
        acting_user=u,
        text="متن تازه",
        type="directive",
        is_confidential=False,
    ),
    "meetings.assignment_report": lambda w, u: meetings.assignment_report(
        assignment=_o(w, "assignment"), acting_user=u, text="گزارش", progress=50
    ),
    "meetings.followup_accept": lambda w, u: meetings.followup_accept(
        followup=_o(w, "followup"), acting_user=u
    ),
    "meetings.followup_return": lambda w, u: meetings.followup_return(
        followup=_o(w, "followup"), reason="ناقص", acting_user=u
    ),
    "meetings.assignment_set_status": lambda w, u: meetings.assignment_set_status(
        assignment=_o(w, "assignment"), status="cancelled", acting_user=u, version=None
    ),
    "meetings.assignment_extend_deadline": lambda w, u: meetings.assignment_extend_deadline(
        assignment=_o(w, "assignment"),
        new_deadline=dt.date(2026, 1, 1),
        reason="دلیل",
        version=_o(w, "assignment").version,
        acting_user=u,
    ),
    "meetings.assignments_bulk_extend": lambda w, u: meetings.assignments_bulk_extend(
        assignments=[_o(w, "assignment")],
        new_deadline=dt.date(2026, 1, 1),
        reason="دلیل",
        acting_user=u,
    ),
    "meetings.assignments_bulk_set_status": lambda w, u: meetings.assignments_bulk_set_status(
        assignments=[_o(w, "assignment")], status="cancelled", reason="دلیل", acting_user=u
    ),
}


def _refused(world, call, actor) -> ValidationError:
    before = fingerprint()
    with pytest.raises(ValidationError) as refused:
        call(world, actor)
    assert fingerprint() == before
    return refused.value


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_secretariat_user_of_another_province_is_refused_with_the_404_words(world, service):
    refusal = _refused(world, CALLS[service], world.away.users["secretariat"])
    assert refusal.code == "not_found"
    assert refusal.messages == [NOT_FOUND_MESSAGE]


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_liaison_of_another_agency_is_refused(world, service):
    refusal = _refused(world, CALLS[service], world.home.users["agency_b_liaison"])
    assert refusal.code in {"not_found", "not_allowed"}


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_viewer_is_refused(world, service):
    refusal = _refused(world, CALLS[service], world.home.users["viewer"])
    assert refusal.code in {"not_found", "not_allowed"}


@pytest.mark.django_db
def test_out_of_scope_objects_of_the_liaison_roles_give_the_404_words(world):
    """Another agency's assignment and follow-up, another bank's contract: not found."""
    home = world.home
    for call, actor in (
        (CALLS["meetings.assignment_report"], home.users["agency_b_liaison"]),
        (CALLS["meetings.followup_accept"], home.users["agency_b_liaison"]),
        (CALLS["projects.contract_advance"], home.users["bank_y_liaison"]),
    ):
        refusal = _refused(world, call, actor)
        assert (refusal.code, refusal.messages) == ("not_found", [NOT_FOUND_MESSAGE])


@pytest.mark.django_db
def test_the_office_itself_may_still_write(world):
    """The checks are not a blanket refusal: Qom's secretariat accepts Qom's follow-up."""
    followup = meetings.followup_accept(
        followup=world.objects["followup"]["own"], acting_user=world.home.users["secretariat"]
    )
    assert followup.status == "accepted"
