"""Audit trail: every status and roll-up change leaves history; timelines cannot be deleted."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models import ProtectedError
from django.test import RequestFactory

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.core.models import AppendOnlyModel
from hamahang.meetings import services
from hamahang.meetings.models import Assignment, Resolution, ResolutionEvent

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2020, 9, 15)


@pytest.fixture
def resolution(committee, secretariat_user, agency_a, agency_b):
    meeting = services.meeting_create(
        committee=committee, date=HELD_ON, acting_user=secretariat_user
    )
    meeting = services.meeting_transition(
        meeting=meeting, to_status="held", acting_user=secretariat_user
    )
    return services.resolution_create(
        meeting=meeting,
        text="سازمان صمت گزارش واحدهای راکد را ارائه کند.",
        assignments=[
            services.AssignmentSpec(agency_a, HELD_ON + dt.timedelta(days=30)),
            services.AssignmentSpec(agency_b, HELD_ON + dt.timedelta(days=45)),
        ],
        acting_user=secretariat_user,
    )


def test_the_resolution_roll_up_writes_a_history_row(resolution, liaison_a, secretariat_user):
    assignment = resolution.assignments.get(agency=liaison_a.agency)
    followup = services.assignment_report(
        assignment=assignment, text="انجام شد", progress=100, is_final=True, acting_user=liaison_a
    )
    services.followup_accept(followup=followup, acting_user=secretariat_user)
    resolution.refresh_from_db()
    assert (resolution.status, resolution.progress) == (Resolution.Status.IN_PROGRESS, 50)
    latest = resolution.history.first()
    assert (latest.status, latest.progress) == (Resolution.Status.IN_PROGRESS, 50)
    assert resolution.history.filter(progress=50).exists()


def test_a_status_change_writes_history_for_the_assignment_and_the_resolution(
    resolution, secretariat_user, agency_a, agency_b
):
    for agency, status in ((agency_a, "not_implemented"), (agency_b, "cancelled")):
        row = resolution.assignments.get(agency=agency)
        services.assignment_set_status(
            assignment=row, status=status, version=row.version, acting_user=secretariat_user
        )
        assert row.history.first().status == status
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.NOT_IMPLEMENTED
    assert resolution.history.first().status == Resolution.Status.NOT_IMPLEMENTED


def test_a_roll_up_that_changes_nothing_writes_no_history(resolution):
    before = resolution.history.count()
    services.resolution_roll_up(resolution)
    assert resolution.history.count() == before


def test_a_resolutions_timeline_cannot_be_deleted_with_it(resolution):
    events = ResolutionEvent.objects.filter(resolution=resolution).count()
    assert events
    with pytest.raises(ProtectedError):
        Resolution.objects.filter(pk=resolution.pk).delete()
    with pytest.raises(ProtectedError):
        Assignment.objects.filter(resolution=resolution).delete()
    assert ResolutionEvent.objects.filter(resolution=resolution).count() == events


def test_timeline_rows_are_append_only(resolution):
    event = ResolutionEvent.objects.filter(resolution=resolution).first()
    with pytest.raises(ProtectedError) as refused:
        event.delete()
    assert "فقط افزوده می‌شوند" in refused.value.args[0]
    event.description = "بازنویسی تاریخ"
    with pytest.raises(ProtectedError):
        event.save()
    with pytest.raises(ProtectedError):
        ResolutionEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.description != "بازنویسی تاریخ"


TIMELINES = [
    ("meetings", "ResolutionEvent", ["resolution", "assignment"]),
    ("meetings", "DeadlineExtension", ["assignment"]),
    ("meetings", "Escalation", ["assignment"]),
    ("units", "UnitEvent", ["unit"]),
    ("units", "CaseEvent", ["case"]),
    ("projects", "ProjectEvent", ["project"]),
    ("projects", "ContractStep", ["contract"]),
]


@pytest.mark.parametrize(("app", "name", "parents"), TIMELINES)
def test_every_timeline_is_append_only_protected_and_undeletable_in_the_admin(app, name, parents):
    model = apps.get_model(app, name)
    assert issubclass(model, AppendOnlyModel)
    for parent in parents:
        assert model._meta.get_field(parent).remote_field.on_delete is models.PROTECT
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True, role=Role.SECRETARIAT)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_add_permission(request)


def test_reminder_logs_are_protected_from_cascades():
    model = apps.get_model("meetings", "ReminderLog")
    for parent in ("agency", "assignment"):
        assert model._meta.get_field(parent).remote_field.on_delete is models.PROTECT


@pytest.mark.parametrize(
    ("app", "name"),
    [
        ("meetings", "Meeting"),
        ("meetings", "Resolution"),
        ("meetings", "ReminderLog"),
        ("units", "ProductionUnit"),
        ("units", "SupportCase"),
        ("projects", "Project"),
        ("projects", "BankAgencyContract"),
        ("projects", "NationalSubmission"),
    ],
)
def test_records_with_a_timeline_cannot_be_deleted_in_the_admin(app, name):
    model_admin = admin.site._registry[apps.get_model(app, name)]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not model_admin.has_delete_permission(request)


def test_the_admin_refuses_to_delete_a_resolution(client, resolution):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(f"/admin/meetings/resolution/{resolution.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Resolution.objects.filter(pk=resolution.pk).exists()
