"""The seed's production-unit figures, counted from the demo's status history."""

import pytest

from hamahang.accounts.models import User
from hamahang.core.jalali import Period
from hamahang.units.models import SupportCase
from hamahang.units.selectors import launches, revivals, unit_list_for_user

pytestmark = pytest.mark.django_db

SEED = Period.parse("1399/01/01", "1399/06/31")


def test_revivals_and_mask_launches_of_the_seed_period(demo_db):
    units = unit_list_for_user(user=User.objects.get(username="dabir"))
    revived = revivals(units=units, period=SEED, kind="industrial")
    assert (revived.units, revived.jobs) == (15, 132)
    masks = launches(units=units, period=SEED, product="ماسک")
    assert masks.units("industrial") == 11
    assert masks.units("workshop") == 15


def test_covid_cases_reach_every_creditor_and_meetings_decide_them(demo_db):
    seed_cases = SupportCase.objects.filter(
        received_on__range=(SEED.start, SEED.end), unit__covid_affected=True
    )
    creditors = set(seed_cases.values_list("creditor", flat=True))
    assert {"tax", "social_security", "electricity", "gas", "water", "municipality"} <= creditors
    decided = seed_cases.filter(resolutions__committee__kind="facilitation").distinct()
    assert decided.count() >= 5
