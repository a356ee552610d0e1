import pytest
from django.urls import reverse

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory, CountyFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_real_counts_from_the_database(secretariat_client, province):
    CommitteeFactory.create_batch(2, province=province)
    AgencyFactory.create_batch(3, province=province, kind="bank")
    CountyFactory.create_batch(3, province=province)
    page = secretariat_client.get(reverse("home")).content.decode()
    assert 'data-figure="committees">۲<' in page
    assert 'data-figure="banks">۳<' in page
    assert 'data-figure="counties">۳<' in page


@pytest.mark.parametrize("rows", [10, 200])
def test_the_dashboard_query_count_does_not_grow_with_rows(
    rows, secretariat_client, province, django_assert_max_num_queries
):
    CommitteeFactory.create_batch(rows, province=province)
    with django_assert_max_num_queries(12):
        assert secretariat_client.get(reverse("home")).status_code == 200


def test_a_liaison_sees_only_its_agency_on_the_dashboard(client, province):
    mine = AgencyFactory(province=province)
    AgencyFactory.create_batch(4, province=province)
    client.force_login(UserFactory(agency=mine, role=Role.AGENCY_LIAISON))
    assert 'data-figure="executive_agencies">۱<' in client.get(reverse("home")).content.decode()
