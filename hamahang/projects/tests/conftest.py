import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.organizations.tests.factories import AgencyFactory, CountyFactory
from hamahang.projects.models import Programme


@pytest.fixture
def county(province):
    return CountyFactory(province=province, name="قم")


@pytest.fixture
def deputy(province):
    return AgencyFactory(
        province=province,
        name="معاونت هماهنگی امور اقتصادی",
        short_name="معاونت اقتصادی",
        kind="governorate",
    )


@pytest.fixture
def bank(province):
    return AgencyFactory(
        province=province, name="بانک ملی ایران", short_name="بانک ملی", kind="bank"
    )


@pytest.fixture
def bank_liaison(bank):
    return UserFactory(agency=bank, role=Role.BANK_LIAISON)


@pytest.fixture
def leap(db):
    return Programme.objects.create(name="جهش تولید ۱۳۹۹", code="leap-1399")
