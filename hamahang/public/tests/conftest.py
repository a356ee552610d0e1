import datetime as dt
from decimal import Decimal

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.meetings import services
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    CountyFactory,
    ProvinceFactory,
)
from hamahang.projects import services as project_services

SECRET = "متن محرمانه درباره بدهی واحد الف"


@pytest.fixture
def qom(db):
    return ProvinceFactory(code="qom", name="قم")


@pytest.fixture
def world(qom):
    """One province: a committee, two agencies, a held meeting with three resolutions (one
    confidential), a project with rial and dollar investment."""
    office = AgencyFactory(province=qom, name="دفتر هماهنگی امور اقتصادی", kind="governorate")
    samat = AgencyFactory(province=qom, name="سازمان صنعت، معدن و تجارت", short_name="صمت")
    tax = AgencyFactory(province=qom, name="اداره کل امور مالیاتی", short_name="مالیات")
    dabir = UserFactory(agency=office, role=Role.SECRETARIAT, username="dabir-public")
    modir = UserFactory(agency=office, role=Role.MANAGER, username="modir-public")
    liaison = UserFactory(agency=samat, role=Role.AGENCY_LIAISON, username="samat-public")
    committee = CommitteeFactory(
        province=qom, secretariat=office, name="ستاد تسهیل و رفع موانع تولید استان قم"
    )
    meeting = held_meeting(committee, dt.date(2020, 6, 1), dabir)
    spec = services.AssignmentSpec(samat, dt.date(2020, 8, 1))
    first = services.resolution_create(
        meeting=meeting, text="تأمین برق شهرک صنعتی", assignments=[spec], acting_user=dabir
    )
    second = services.resolution_create(
        meeting=meeting,
        text="امهال بدهی مالیاتی واحدها",
        assignments=[services.AssignmentSpec(tax, dt.date(2020, 9, 1))],
        acting_user=dabir,
    )
    secret = services.resolution_create(
        meeting=meeting, text=SECRET, is_confidential=True, acting_user=dabir
    )
    county = CountyFactory(province=qom, name="قم")
    project = project_services.project_create(
        acting_user=dabir,
        code="P-1",
        title="کارخانه کاشی قم",
        sector="industry",
        county=county,
        owner=office,
        executor="آقای محمدی",
        jobs_direct=40,
    )
    for amount, currency in ((Decimal("9355000000000"), "IRR"), (Decimal("1200000"), "USD")):
        project_services.investment_add(
            project=project,
            amount=amount,
            currency=currency,
            value_date=dt.date(2020, 5, 1),
            source="own_equity",
            acting_user=dabir,
        )
    return {
        "province": qom,
        "dabir": dabir,
        "modir": modir,
        "liaison": liaison,
        "committee": committee,
        "meeting": meeting,
        "first": first,
        "second": second,
        "secret": secret,
        "project": project,
        "samat": samat,
    }


@pytest.fixture
def published(world):
    services.resolution_publish(resolution=world["first"], acting_user=world["dabir"])
    return world
