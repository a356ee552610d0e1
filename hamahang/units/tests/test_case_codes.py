"""Case codes are unique even when several intakes happen at once (the audit saw 3 of 4
parallel "new case" requests fail on PostgreSQL: the code was count + 1)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from hamahang.units import services
from hamahang.units.models import SupportCase


def _unit(secretariat_user, unit_fields):
    return services.unit_register(
        acting_user=secretariat_user, registered_on=dt.date(2020, 1, 1), **unit_fields
    )


@pytest.mark.django_db
def test_codes_count_on_from_the_highest_not_from_the_count(secretariat_user, unit_fields):
    unit = _unit(secretariat_user, unit_fields)
    day = dt.date(2020, 5, 1)  # 1399
    made = [
        services.case_create(
            unit=unit,
            type="penalty_waiver",
            description="الف",
            received_on=day,
            creditor="tax",
            acting_user=secretariat_user,
        )
        for _ in range(3)
    ]
    assert [case.code for case in made] == ["1399-0001", "1399-0002", "1399-0003"]
    # Codes that are not 1…n (one renumbered by the admin): count + 1 would hand out
    # 1399-0004 a second time.
    SupportCase.objects.filter(pk=made[1].pk).update(code="1399-0004")
    fourth = services.case_create(
        unit=unit,
        type="penalty_waiver",
        description="ب",
        received_on=day,
        creditor="tax",
        acting_user=secretariat_user,
    )
    assert fourth.code == "1399-0005"


@pytest.mark.django_db(transaction=True)
def test_parallel_intakes_all_succeed_with_distinct_codes(secretariat_user, unit_fields):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write anyway")
    unit = _unit(secretariat_user, unit_fields)
    barrier, results, failures = threading.Barrier(4), [], []

    def intake(index):
        try:
            barrier.wait(timeout=30)
            case = services.case_create(
                unit=unit,
                type="penalty_waiver",
                description=f"درخواست {index}",
                received_on=dt.date(2020, 5, 1),
                creditor="tax",
                acting_user=secretariat_user,
            )
            results.append(case.code)
        except Exception as error:
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=intake, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(results) == ["1399-0001", "1399-0002", "1399-0003", "1399-0004"]
