"""Issue 13 items 1–4 at the selectors: nested lists go through the one scoped rule."""

from __future__ import annotations

import pytest

from hamahang.accounts.access import may_report
from hamahang.meetings import selectors as meeting_selectors
from hamahang.meetings.models import AgendaItem
from hamahang.projects import selectors as project_selectors
from hamahang.units import selectors as unit_selectors

pytestmark = pytest.mark.django_db


def _confidential(world):
    return world.objects["resolution"]["other_agency"]


def test_carried_agenda_items_reference_the_resolution_and_copy_none_of_its_text(world):
    confidential = _confidential(world)
    item = AgendaItem.objects.get(carried_resolution=confidential)
    assert world.home.markers["confidential"] not in item.title
    assert item.title.startswith("پیگیری مصوبه")


def test_a_viewer_sees_the_agenda_item_but_not_the_confidential_resolution_behind_it(world):
    meeting = world.objects["meeting"]["other_agency"]
    for role, visible in (("viewer", False), ("secretariat", True)):
        detail = meeting_selectors.meeting_detail(user=world.users[role], pk=meeting.pk)
        carried = {item.title: item.carried_resolution for item in detail.agenda_items.all()}
        assert len(carried) == 2
        shown = [r for r in carried.values() if r is not None]
        assert any(r.pk == _confidential(world).pk for r in shown) is visible


def test_case_and_unit_pages_list_only_the_resolutions_the_user_may_read(world):
    confidential = _confidential(world)
    case = confidential.case
    unit = case.unit
    for role, visible in (("viewer", False), ("agency_liaison", False), ("secretariat", True)):
        user = world.users[role]
        case_detail = unit_selectors.case_detail(user=user, pk=case.pk)
        unit_detail = unit_selectors.unit_detail(user=user, pk=unit.pk)
        assert (confidential in case_detail.resolutions.all()) is visible
        assert (confidential in unit_detail.resolutions.all()) is visible


def test_a_bank_liaison_reads_only_its_own_banks_contracts_on_a_project(world):
    project = world.objects["project"]["own"]
    own, other = world.objects["contract"]["own"], world.objects["contract"]["other_agency"]
    detail = project_selectors.project_detail(user=world.users["bank_liaison"], pk=project.pk)
    assert list(detail.contracts.all()) == [own]
    office = project_selectors.project_detail(user=world.users["secretariat"], pk=project.pk)
    assert set(office.contracts.all()) == {own, other}


def test_a_liaison_sees_only_its_own_agencys_assignments_in_the_resolution_list(world):
    liaison = world.users["agency_liaison"]
    rows = meeting_selectors.resolution_list(
        user=liaison, filters=meeting_selectors.ResolutionFilters()
    )
    agencies = {a.agency_id for r in rows for a in r.assignments.all()}
    assert agencies == {liaison.agency_id}


def test_who_may_report_is_one_rule(world):
    assignment = world.objects["assignment"]["own"]
    assert may_report(world.users["agency_liaison"], assignment)
    assert may_report(world.users["secretariat"], assignment)
    assert not may_report(world.home.users["agency_b_liaison"], assignment)
    assert not may_report(world.users["viewer"], assignment)
    assert not may_report(world.users["manager"], assignment)


def test_a_project_page_lists_only_the_resolutions_the_user_may_read(world):
    confidential = _confidential(world)
    project = world.objects["project"]["own"]
    for role, visible in (("viewer", False), ("agency_liaison", False), ("secretariat", True)):
        rows = project_selectors.project_resolutions(user=world.users[role], project=project)
        assert (confidential in rows) is visible
