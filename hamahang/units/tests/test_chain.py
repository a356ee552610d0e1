"""A unit's case goes to a meeting, a resolution decides it, and carrying it out closes it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hamahang.meetings import services as meetings
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.tests.factories import CommitteeFactory
from hamahang.units import services
from hamahang.units.models import SupportCase

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 5, 1)


def test_the_whole_chain(secretariat_user, unit_fields, tax_office, province, office):
    from hamahang.accounts.tests.factories import UserFactory

    liaison = UserFactory(agency=tax_office, role="agency_liaison")
    unit = services.unit_register(acting_user=secretariat_user, registered_on=DAY, **unit_fields)
    case = services.case_create(
        unit=unit,
        type="enforcement_postponement",
        creditor="tax",
        creditor_agency=tax_office,
        description="مهلت سه‌ماهه",
        received_on=DAY,
        acting_user=secretariat_user,
    )
    committee = CommitteeFactory(province=province, secretariat=office)
    meeting = held_meeting(committee, DAY + dt.timedelta(days=5), secretariat_user)
    assert (
        meetings.agenda_refer_cases(meeting=meeting, cases=[case], acting_user=secretariat_user)
        == 1
    )
    case.refresh_from_db()
    assert case.status == SupportCase.Status.REFERRED
    resolution = meetings.resolution_create(
        meeting=meeting,
        text="اجراییه سه ماه به تعویق افتد.",
        type="enforcement_postponement",
        case=case,
        relief_expires_on=DAY + dt.timedelta(days=95),
        assignments=[meetings.AssignmentSpec(tax_office, DAY + dt.timedelta(days=30))],
        acting_user=secretariat_user,
    )
    case.refresh_from_db()
    assert case.status == SupportCase.Status.DECIDED and resolution.unit == unit
    assignment = resolution.assignments.get()
    followup = meetings.assignment_report(
        assignment=assignment, text="انجام شد", progress=100, is_final=True, acting_user=liaison
    )
    meetings.followup_accept(followup=followup, acting_user=secretariat_user)
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IMPLEMENTED
    steps = list(case.events.values_list("to_status", flat=True))
    assert steps == ["received", "referred", "decided", "implemented"]


def test_a_rejection_resolution_rejects_the_case(
    secretariat_user, unit_fields, tax_office, province, office
):
    unit = services.unit_register(acting_user=secretariat_user, registered_on=DAY, **unit_fields)
    case = services.case_create(
        unit=unit,
        type="penalty_waiver",
        creditor="tax",
        creditor_agency=tax_office,
        description="بخشودگی",
        received_on=DAY,
        acting_user=secretariat_user,
    )
    committee = CommitteeFactory(province=province, secretariat=office)
    meeting = held_meeting(committee, DAY, secretariat_user)
    meetings.resolution_create(
        meeting=meeting, text="رد شد.", type="rejection", case=case, acting_user=secretariat_user
    )
    case.refresh_from_db()
    assert case.status == SupportCase.Status.REJECTED
    with pytest.raises(ValidationError) as closed:
        meetings.resolution_create(
            meeting=meeting, text="دوباره", case=case, acting_user=secretariat_user
        )
    assert closed.value.code == "case_closed"
