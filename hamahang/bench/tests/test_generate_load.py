"""The synthetic country: complete, consistent rows (COPY on PostgreSQL, bulk_create on
SQLite), provinces generated once, and ordinary writes still working after a bulk load."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection

from hamahang.core.jalali import today
from hamahang.core.text import search_key
from hamahang.meetings.models import Assignment, FollowUp, Meeting, Resolution
from hamahang.meetings.services import resolution_derived_state
from hamahang.organizations.models import Committee
from hamahang.projects.models import BankAgencyContract, InvestmentLine, Project
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_load", scale=2, fraction=0.01, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_two_provinces_are_generated_with_consistent_rows():
    output = generate(workers=1)
    assert "qom: meetings=20, resolutions=300" in output
    assert Meeting.objects.values("committee__province").distinct().count() == 2
    assert Meeting.objects.count() == 40 and Resolution.objects.count() == 600
    assert ProductionUnit.objects.count() == 100 == UnitEvent.objects.count()
    assert SupportCase.objects.count() == 400 and Project.objects.count() == 40
    assert InvestmentLine.objects.count() == 80 and BankAgencyContract.objects.count() == 40
    assignments = Assignment.objects.count()
    assert 600 <= assignments <= 1200
    assert 2 * assignments <= FollowUp.objects.count() <= 5 * assignments

    # Every resolution's derived fields follow from its assignments by the application's rule.
    for resolution in Resolution.objects.prefetch_related("assignments")[:100]:
        rows = [(a.status, a.progress, a.deadline) for a in resolution.assignments.all()]
        derived = (resolution.status, resolution.progress, resolution.next_deadline)
        assert derived == resolution_derived_state(rows)
        assert resolution.search_text == search_key(f"{resolution.code} {resolution.text}")
    statuses = set(Resolution.objects.values_list("status", flat=True))
    assert {"in_progress", "done", "not_implemented"} <= statuses
    overdue = Assignment.objects.overdue(today()).count()
    assert 0.1 < overdue / assignments < 0.3  # about a fifth overdue

    # A second run finds both provinces generated and adds nothing.
    again = generate(workers=1)
    assert again.count("already generated") == 2 and Meeting.objects.count() == 40

    # Ordinary writes after the bulk load get fresh primary keys.
    committee = Committee.objects.filter(province__code="qom").first()
    meeting = Meeting.objects.create(
        committee=committee, jalali_year=1405, number=999, date=dt.date(2026, 11, 1)
    )
    assert meeting.pk > Meeting.objects.exclude(pk=meeting.pk).latest("pk").pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel loading is PostgreSQL's")
def test_provinces_are_generated_in_parallel_processes_on_postgresql():
    output = generate(workers=2)
    assert "qom: meetings=20" in output and "done in" in output
    assert Meeting.objects.values("committee__province").distinct().count() == 2
    assert Resolution.objects.count() == 600
    assert not Assignment.objects.filter(resolution__isnull=True).exists()
