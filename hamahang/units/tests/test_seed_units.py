"""The seed's production-unit figures, counted by the report engine from the demo's status
history (the engine is the one place they are counted)."""

import pytest

from hamahang.core.jalali import Period
from hamahang.organizations.models import Province
from hamahang.reports.engine import Scope, build_report
from hamahang.units.models import SupportCase

pytestmark = pytest.mark.django_db

SEED = Period.parse("1399/01/01", "1399/06/31")


def test_revivals_and_mask_launches_of_the_seed_period(demo_db):
    qom = Province.objects.get(code="qom")
    figures = build_report(period=SEED, scope=Scope(province_id=qom.pk)).units
    assert (figures.revived_units, figures.revived_jobs) == (15, 132)
    assert figures.launched("industrial", "ماسک") == 11
    assert figures.launched("workshop", "ماسک") == 15


def test_covid_cases_reach_every_creditor_and_meetings_decide_them(demo_db):
    seed_cases = SupportCase.objects.filter(
        received_on__range=(SEED.start, SEED.end), unit__covid_affected=True
    )
    creditors = set(seed_cases.values_list("creditor", flat=True))
    assert {"tax", "social_security", "electricity", "gas", "water", "municipality"} <= creditors
    decided = seed_cases.filter(resolutions__committee__kind="facilitation").distinct()
    assert decided.count() >= 5
