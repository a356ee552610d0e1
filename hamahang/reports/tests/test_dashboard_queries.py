import pytest
from django.urls import reverse

from hamahang.accounts.models import User

pytestmark = pytest.mark.django_db


def test_dashboard_and_exports_have_bounded_query_counts(
    client, demo_db, django_assert_max_num_queries
):
    client.force_login(User.objects.get(username="modir"))
    # The report computed (cache cold): its sections, 4 for outcomes, 7 for obstacles and
    # reliefs, 4 for referrals, and 3 for the province's stored figures (versions, read, store).
    with django_assert_max_num_queries(54):
        assert client.get(reverse("reports:report"), {"period": "y1399"}).status_code == 200
    # 40, 7 for the sections obstacles (4) and reliefs_expiring (3), 4 for referrals.
    with django_assert_max_num_queries(51):
        assert (
            client.get(
                reverse("reports:report_export", args=["xlsx"]), {"period": "y1399"}
            ).status_code
            == 200
        )


def test_the_statement_page_has_a_bounded_query_count(
    client, demo_db, django_assert_max_num_queries
):
    client.force_login(User.objects.get(username="modir"))
    with django_assert_max_num_queries(54):  # as the report page above
        assert client.get(reverse("reports:statement"), {"period": "y1399"}).status_code == 200
