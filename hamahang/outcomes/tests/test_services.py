"""Recording outcomes: the rules every write path goes through (outcomes.services)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hamahang.meetings.models import ResolutionEvent
from hamahang.outcomes import services
from hamahang.outcomes.models import Outcome
from hamahang.units.models import CaseEvent

pytestmark = pytest.mark.django_db


def test_an_outcome_of_a_resolution_is_on_its_timeline(resolution, secretariat_user):
    outcome = services.outcome_record(
        kind="jobs_kept",
        quantity="120",
        date=dt.date(2020, 8, 1),
        source="گزارش اداره کل تعاون",
        resolution=resolution,
        acting_user=secretariat_user,
    )
    assert outcome.quantity == Decimal(120)
    event = ResolutionEvent.objects.get(resolution=resolution, kind="outcome_recorded")
    assert "حفظ اشتغال ۱۲۰ نفر" in event.description
    assert "گزارش اداره کل تعاون" in event.description


def test_money_keeps_its_currency_and_a_case_outcome_is_on_the_case(case, secretariat_user):
    outcome = services.outcome_record(
        kind="money_released",
        quantity="350000",
        currency="usd",
        date=dt.date(2020, 8, 1),
        source="گزارش بانک عامل",
        case=case,
        acting_user=secretariat_user,
    )
    assert (outcome.currency, outcome.quantity) == ("USD", Decimal(350000))
    assert CaseEvent.objects.filter(case=case, description__contains="منابع آزادشده").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "jobs_kept", "quantity": "-5"}, "بزرگ‌تر از صفر"),
        ({"kind": "jobs_created", "quantity": "0"}, "بزرگ‌تر از صفر"),
        ({"kind": "jobs_created", "quantity": "2.5"}, "عدد صحیح"),
        ({"kind": "jobs_kept", "quantity": "۱۲x"}, "عدد نیست"),
        ({"kind": "money_released", "quantity": "1000"}, "ارز را مشخص کنید"),
        ({"kind": "money_released", "quantity": "1000", "currency": "ABC"}, "کد ارز معتبر"),
        ({"kind": "production_restored", "quantity": "10"}, "واحد سنجش"),
        ({"kind": "jobs_kept", "quantity": "10", "date": dt.date(2026, 12, 1)}, "در آینده است"),
        ({"kind": "jobs_kept", "quantity": "10", "date": "1405/09/01"}, "معتبر نیست"),
        ({"kind": "jobs_kept", "quantity": "10", "source": "  "}, "منبع دستاورد"),
        ({"kind": "jobs_kept", "quantity": "10", "resolution": None}, "یک مصوبه یا یک پرونده"),
        ({"kind": "growth", "quantity": "10"}, "شناخته نیست"),
    ],
)
def test_bad_input_is_refused_in_persian_and_nothing_changes(
    resolution, secretariat_user, fields, message
):
    arguments = {
        "date": dt.date(2020, 8, 1),
        "source": "گزارش اداره کل تعاون",
        "resolution": resolution,
        "acting_user": secretariat_user,
        **fields,
    }
    with pytest.raises(ValidationError) as refused:
        services.outcome_record(**arguments)
    assert message in " ".join(refused.value.messages)
    assert not Outcome.objects.exists()
    assert not ResolutionEvent.objects.filter(kind="outcome_recorded").exists()


def test_a_liaison_cannot_record_an_outcome(resolution, agency_a):
    from hamahang.accounts.models import Role
    from hamahang.accounts.tests.factories import UserFactory

    liaison = UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON)
    with pytest.raises(ValidationError, match="دبیرخانه"):
        services.outcome_record(
            kind="jobs_kept",
            quantity=10,
            date=dt.date(2020, 8, 1),
            source="گزارش",
            resolution=resolution,
            acting_user=liaison,
        )
    assert not Outcome.objects.exists()
