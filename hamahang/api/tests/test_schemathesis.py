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
