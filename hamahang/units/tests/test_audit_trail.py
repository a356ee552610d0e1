"""A unit's status change leaves a history row and a protected event."""

import datetime as dt

import pytest
from django.db.models import ProtectedError

from hamahang.units import services
from hamahang.units.models import ProductionUnit, UnitEvent

pytestmark = pytest.mark.django_db


def test_a_status_change_writes_history_and_its_events_outlive_any_delete(
    secretariat_user, unit_fields
):
    unit = services.unit_register(
        acting_user=secretariat_user, registered_on=dt.date(2019, 1, 1), jobs=4, **unit_fields
    )
    services.unit_record_status(
        unit=unit,
        to_status="stagnant",
        on_date=dt.date(2020, 1, 1),
        jobs_after=0,
        acting_user=secretariat_user,
    )
    unit.refresh_from_db()
    assert unit.history.first().status == "stagnant"
    events = UnitEvent.objects.filter(unit=unit).count()
    assert events == 2
    with pytest.raises(ProtectedError):
        ProductionUnit.objects.filter(pk=unit.pk).delete()
    with pytest.raises(ProtectedError):
        UnitEvent.objects.filter(unit=unit).delete()
    assert UnitEvent.objects.filter(unit=unit).count() == events
