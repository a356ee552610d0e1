import pytest

from hamahang.accounts.access import can_run_secretariat, is_liaison, sees_all_provinces
from hamahang.accounts.models import Role
from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_get_for_user,
    committee_list_for_user,
)
from hamahang.accounts.tests.factories import UserFactory
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces():
    qom = ProvinceFactory(name="قم", code="qom")
    tehran = ProvinceFactory(name="تهران", code="tehran")
    return qom, tehran


def test_province_staff_see_only_their_province(two_provinces):
    qom, tehran = two_provinces
    ours, theirs = CommitteeFactory(province=qom), CommitteeFactory(province=tehran)
    staff = UserFactory(agency=AgencyFactory(province=qom), role=Role.SECRETARIAT)
    assert list(committee_list_for_user(user=staff)) == [ours]
    with pytest.raises(Exception) as missing:
        committee_get_for_user(user=staff, pk=theirs.pk)
    assert missing.typename == "Http404"


def test_the_national_secretariat_sees_every_province(two_provinces):
    qom, tehran = two_provinces
    CommitteeFactory(province=qom), CommitteeFactory(province=tehran)
    national = UserFactory(agency=AgencyFactory(province=None, kind="national"), role=Role.NATIONAL)
    assert sees_all_provinces(national)
    assert committee_list_for_user(user=national).count() == 2


def test_a_liaison_sees_only_its_own_agency(two_provinces):
    qom, _ = two_provinces
    mine, other = AgencyFactory(province=qom), AgencyFactory(province=qom)
    liaison = UserFactory(agency=mine, role=Role.AGENCY_LIAISON)
    assert is_liaison(liaison) and not can_run_secretariat(liaison)
    assert list(agency_list_for_user(user=liaison)) == [mine]
    assert other not in agency_list_for_user(user=liaison)


def test_a_user_without_an_agency_sees_nothing(two_provinces):
    qom, _ = two_provinces
    CommitteeFactory(province=qom)
    orphan = UserFactory(agency=None, role=Role.SECRETARIAT)
    assert committee_list_for_user(user=orphan).count() == 0


def test_archived_agencies_are_not_listed(two_provinces):
    qom, _ = two_provinces
    live, archived = AgencyFactory(province=qom), AgencyFactory(province=qom, is_archived=True)
    staff = UserFactory(agency=live, role=Role.SECRETARIAT)
    assert archived not in agency_list_for_user(user=staff)
