"""Schemathesis generates requests from the OpenAPI schema: no server error, no response that
breaks the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: the request cycle must not close the test's connection
    (on PostgreSQL it would, and every later query would fail)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secretariat_token(db):
    from hamahang.accounts.models import User
    from hamahang.accounts.tokens import api_token_create
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    return api_token_create(user=User.objects.get(username="dabir"), name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_against_its_schema(case, secretariat_token):
    response = case.call(headers={"Authorization": f"Bearer {secretariat_token}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


writes = schema.include(method=["POST", "PATCH", "DELETE"])


@pytest.fixture
def real_rows(secretariat_token):
    """Rows the write operations can act on, so generated bodies reach the services instead of
    stopping at a 404 for an id that does not exist."""
    import datetime as dt
    from decimal import Decimal

    from hamahang.accounts.models import User
    from hamahang.core.identifiers import complete_national_code
    from hamahang.meetings import services as meetings
    from hamahang.meetings.tests.factories import held_meeting
    from hamahang.organizations.models import Agency, Committee, County
    from hamahang.projects import services as projects
    from hamahang.projects.models import Sector
    from hamahang.units import services as units

    dabir, samat = User.objects.get(username="dabir"), User.objects.get(username="samat")
    committee = Committee.objects.get(kind="facilitation")
    agency = Agency.objects.get(short_name="صمت")
    county = County.objects.filter(province_id=dabir.agency.province_id).first()
    meeting = held_meeting(committee, dt.date(2026, 10, 1), dabir)
    resolution = meetings.resolution_create(
        meeting=meeting,
        text="مصوبه",
        assignments=[meetings.AssignmentSpec(agency, dt.date(2026, 12, 1))],
        acting_user=dabir,
    )
    assignment = resolution.assignments.get()
    followup = meetings.assignment_report(
        assignment=assignment, text="گزارش", progress=30, acting_user=samat
    )
    project = projects.project_create(
        acting_user=dabir,
        code="ST-1",
        title="طرح",
        sector=Sector.values[0],
        county=county,
        owner=agency,
    )
    line = projects.investment_add(
        project=project,
        amount=Decimal("1000"),
        currency="IRR",
        value_date=dt.date(2026, 1, 1),
        source="own_equity",
        acting_user=dabir,
    )
    bank = Agency.objects.filter(kind=Agency.Kind.BANK, province_id=county.province_id).first()
    contract = projects.contract_create(
        project=project,
        bank=bank,
        facility_amount=Decimal("1000000"),
        currency="IRR",
        on_date=dt.date(2026, 2, 1),
        acting_user=dabir,
    )
    draft = projects.submission_create(title="پیش‌نویس", projects=[project], acting_user=dabir)
    unit = units.unit_register(
        acting_user=dabir,
        registered_on=dt.date(2026, 1, 1),
        name="واحد",
        national_code=complete_national_code("111222333"),
        county=county,
    )
    case = units.case_create(
        unit=unit,
        type="penalty_waiver",
        description="درخواست",
        received_on=dt.date(2026, 2, 1),
        creditor="tax",
        acting_user=dabir,
    )
    from hamahang.outcomes import services as outcomes

    commitment = outcomes.commitment_create(
        unit=unit,
        case=case,
        kind="other",
        description="تعهد",
        deadline=dt.date(2026, 3, 1),
        acting_user=dabir,
    )
    return {
        "commitment_id": commitment.pk,
        "meeting_id": meeting.pk,
        "resolution_id": resolution.pk,
        "assignment_id": assignment.pk,
        "followup_id": followup.pk,
        "project_id": project.pk,
        "line_id": line.pk,
        "contract_id": contract.pk,
        "submission_id": draft.pk,
        "item_id": draft.items.get().pk,
        "unit_id": unit.pk,
        "case_id": case.pk,
    }


@writes.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_write_operation_on_real_rows(case, secretariat_token, real_rows):
    """Every write operation (the new ones included) with generated bodies, aimed at rows that
    exist: no server error, and every answer as the schema says."""
    for name in list(case.path_parameters or {}):
        if name in real_rows:
            case.path_parameters[name] = real_rows[name]
    response = case.call(headers={"Authorization": f"Bearer {secretariat_token}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
