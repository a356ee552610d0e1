import datetime as dt

import pytest

from hamahang.core.jalali import Period
from hamahang.meetings import services
from hamahang.organizations.tests.factories import CommitteeFactory
from hamahang.reports.cache import cached_report
from hamahang.reports.engine import Scope

pytestmark = pytest.mark.django_db


def test_a_cached_report_is_reused_and_refreshed_after_a_write(
    real_cache, secretariat_user, province, office, django_assert_max_num_queries
):
    committee = CommitteeFactory(province=province, secretariat=office)
    period, scope = Period.fiscal_year(1399), Scope(province_id=province.pk)
    first = cached_report(period=period, scope=scope)
    with django_assert_max_num_queries(1):  # only the data version is read
        assert cached_report(period=period, scope=scope).to_dict() == first.to_dict()
    meeting = services.meeting_create(
        committee=committee, date=dt.date(2020, 6, 1), acting_user=secretariat_user
    )
    services.meeting_transition(meeting=meeting, to_status="held", acting_user=secretariat_user)
    fresh = cached_report(period=period, scope=scope)
    assert [c.meetings for c in fresh.meetings] == [1]


def test_the_data_version_never_goes_back_to_a_number_already_used(db):
    from hamahang.core.models import DataVersion
    from hamahang.core.versioning import bump_data_version, data_version

    bump_data_version()
    first = data_version()
    bump_data_version()
    assert data_version() > first
    # A database restored from an older backup carries an old number; the next write jumps
    # past every number handed out since (cached entries of newer data are never found).
    DataVersion.objects.filter(pk=1).update(number=first)
    bump_data_version()
    assert data_version() > first + 1
