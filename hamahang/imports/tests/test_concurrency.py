"""Three imports of one follow-ups file at the same moment store each report once."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.test_bad_files import workbook
from hamahang.meetings.models import FollowUp
from hamahang.meetings.tests.factories import held_meeting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises every writer on its one database lock; row locks need "
        "PostgreSQL (make test runs this there via .ci/run)",
    ),
]

HEADERS = ["ستاد", "کد مصوبه", "دستگاه", "شرح اقدام", "پیشرفت (درصد)", "اعلام انجام کامل"]


def test_concurrent_imports_of_one_followups_file_store_each_report_once():
    from hamahang.accounts.models import User
    from hamahang.accounts.selectors import committee_list_for_user
    from hamahang.demo.services import demo_load
    from hamahang.meetings import services

    demo_load(with_history=False)
    dabir, liaison = User.objects.get(username="dabir"), User.objects.get(username="samat")
    committee = committee_list_for_user(user=dabir).order_by("pk").first()
    meeting = held_meeting(committee, dt.date(2024, 5, 5), dabir)
    resolution = services.resolution_create(
        meeting=meeting,
        text="پیگیری همزمان",
        acting_user=dabir,
        assignments=[services.AssignmentSpec(liaison.agency, dt.date(2024, 9, 1))],
    )
    content = workbook(
        {
            "گزارش‌های پیگیری": [
                HEADERS,
                [committee.name, resolution.code, liaison.agency.name, "اقدام انجام شد", 40, "خیر"],
            ]
        }
    ).getvalue()
    barrier, outcomes = threading.Barrier(3), []

    def run():
        import io

        try:
            barrier.wait()
            outcomes.append(
                import_file(kind="followups", source=io.BytesIO(content), user=liaison, apply=True)[
                    1
                ]
            )
        except ImportRefused as refused:
            outcomes.append(refused.problems)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert FollowUp.objects.filter(assignment__resolution=resolution).count() == 1
    assert sorted(o.get("followups_created", 0) for o in outcomes) == [0, 0, 1], outcomes
