import pytest

from hamahang.organizations.tests.factories import AgencyFactory, CountyFactory


@pytest.fixture
def county(province):
    return CountyFactory(province=province, name="قم")


@pytest.fixture
def tax_office(province):
    return AgencyFactory(province=province, name="اداره کل امور مالیاتی", short_name="امور مالیاتی")


@pytest.fixture
def unit_fields(county):
    return {
        "name": "شرکت کاشی سینا",
        "legal_id": "10100340056",
        "county": county,
        "kind": "industrial",
    }
