import datetime as dt

import pytest

from hamahang.core import clock
from hamahang.meetings.tests.conftest import agency_a, agency_b, committee  # noqa: F401
from hamahang.meetings.tests.factories import make_meeting, make_resolutions
from hamahang.organizations.tests.factories import CountyFactory
from hamahang.units.models import ProductionUnit, SupportCase


@pytest.fixture
def unit(province):
    county = CountyFactory(province=province, name="قم")
    return ProductionUnit.objects.create(
        province=province,
        county=county,
        name="شرکت کاشی سینا",
        kind="industrial",
        legal_id="10100340056",
    )


@pytest.fixture
def case(unit):
    return SupportCase.objects.create(
        unit=unit,
        province=unit.province,
        code="1399-0001",
        type=SupportCase.Type.DEFERRAL,
        creditor="bank",
        description="درخواست امهال تسهیلات",
        received_on=dt.date(2020, 5, 1),
        status=SupportCase.Status.REFERRED,
    )


@pytest.fixture
def resolution(committee, agency_a):  # noqa: F811
    meeting = make_meeting(committee, dt.date(2020, 6, 1))
    return make_resolutions(meeting, [agency_a], 1, deadline=dt.date(2020, 7, 1))[0]


@pytest.fixture(autouse=True)
def frozen_today():
    """1405/09/09: outcomes may not be dated after it."""
    thaw = clock.freeze(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    yield
    thaw()
