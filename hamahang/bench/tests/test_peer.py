"""Redmine's peer workload in Hamahang's schema: the same md5 formula as
../shared/peers/redmine/load.sql, row for row, and the same counts."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from hamahang.accounts.models import Role, User
from hamahang.bench import peer
from hamahang.meetings.models import Assignment, FollowUp, Resolution

DAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
LOAD_SQL = Path(settings.BASE_DIR).parent / "shared" / "peers" / "redmine" / "load.sql"


def test_first_rows_match_load_sql_by_hand():
    """Worked from load.sql's expressions: md5('due:1') = f351e9d7… → 4082231767 % 1095 = 592,
    so due = today − 730 + 592 = today − 138 (past); r('status', 1) % 100 = 86 ≥ 30 → Closed;
    102 + r('agency', 1) % 39 = 138; created = least(due − 151, today − 6) + 11128 s."""
    assert peer.r("due", 1) == 0xF351E9D7
    first = peer.issue(1, DAY, NOW)
    assert first.due == DAY - dt.timedelta(days=138)
    assert (first.status, first.assignee, first.done_ratio) == (peer.CLOSED, 138, 100)
    assert first.created == dt.datetime.combine(
        DAY - dt.timedelta(days=138 + 151), dt.time(), dt.UTC
    ) + dt.timedelta(seconds=11128)
    assert first.created < first.closed < NOW
    second = peer.issue(2, DAY, NOW)  # offset 269 → today − 461; roll 12 < 15 → New
    assert (second.due, second.status, second.assignee) == (
        DAY - dt.timedelta(days=461),
        peer.NEW,
        134,
    )
    third = peer.issue(3, DAY, NOW)  # offset 919 → today + 189; roll 30 < 50 → New
    assert third.due == DAY + dt.timedelta(days=189)
    assert (third.status, third.assignee) == (peer.NEW, 128)
    assert peer.issue(20, DAY, NOW).assignee == 101  # every 20th: the big ministry
    assert peer.issue(20, DAY, NOW).subject.startswith("مصوبه شماره 20 - ")
    assert len(peer.issue(20, DAY, NOW).description) == 200
    # Journals 1 and 2 land on issues 173631 and 93793; journal 1 by the admin (r % 3 = 0).
    issues = {n: peer.issue(n, DAY, NOW) for n in (173631, 93793)}
    one = peer.journal(1, issues, NOW)
    assert one.issue == 173631 and one.by_admin
    assert issues[173631].created < one.created


def test_the_whole_workload_has_load_sqls_counts():
    """README: agency 101 has 10,000 items, 5,042 open and 2,021 overdue and open; 39,956
    overdue and open overall (relative to the load day, so any day gives the same counts)."""
    items = [peer.issue(n, DAY, NOW) for n in range(1, peer.ISSUES + 1)]
    big = [i for i in items if i.assignee == 101]
    open_big = [i for i in big if i.status != peer.CLOSED]
    assert (len(big), len(open_big)) == (10_000, 5_042)
    assert sum(i.due < DAY for i in open_big) == 2_021
    assert sum(i.status != peer.CLOSED and i.due < DAY for i in items) == 39_956


@pytest.mark.skipif(connection.vendor != "postgresql", reason="load.sql's md5 runs in PostgreSQL")
@pytest.mark.skipif(not LOAD_SQL.exists(), reason="../shared/peers/redmine/load.sql is absent")
@pytest.mark.django_db
def test_the_random_function_is_load_sqls_own():
    """load.sql's own `pg_temp.r` (read from the file) agrees with Python's for every salt."""
    source = LOAD_SQL.read_text(encoding="utf-8")
    body = re.search(r"\$\$(.*?)\$\$", source, re.S).group(1)
    salts = sorted(set(re.findall(r"pg_temp\.r\('(\w+)'", source)))
    assert {"due", "status", "agency", "lead", "lag", "tod", "jissue", "juser"} <= set(salts)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION pg_temp.r(salt text, n bigint) RETURNS bigint "
            f"LANGUAGE sql IMMUTABLE AS $f${body}$f$"
        )
        cursor.execute(
            "SELECT s, n, pg_temp.r(s, n) FROM unnest(%s::text[]) s, generate_series(1, 200) n",
            [salts],
        )
        for salt, n, value in cursor.fetchall():
            assert peer.r(salt, n) == value, (salt, n)


@pytest.mark.django_db
def test_a_small_workload_maps_issues_to_assignments_and_journals_to_follow_ups():
    counts = peer.generate(issues=400, journals=1200, day=DAY, now=NOW)
    assert counts["resolutions"] == counts["assignments"] == 400
    assert counts["followups"] == FollowUp.objects.count() == 1200
    liaisons = User.objects.filter(role=Role.AGENCY_LIAISON, username__startswith="agency")
    assert liaisons.count() == 40
    items = {n: peer.issue(n, DAY, NOW) for n in range(1, 401)}
    by_status = {
        peer.NEW: Assignment.Status.ISSUED,
        peer.IN_PROGRESS: Assignment.Status.IN_PROGRESS,
        peer.CLOSED: Assignment.Status.VERIFIED_DONE,
    }
    for resolution in Resolution.objects.select_related("meeting").prefetch_related(
        "assignments__agency"
    ):
        n = int(re.search(r"مصوبه شماره (\d+) ", resolution.text).group(1))
        (assignment,) = resolution.assignments.all()
        assert assignment.deadline == items[n].due
        assert assignment.status == by_status[items[n].status]
        assert assignment.agency.name == peer.AGENCY_NAMES[items[n].assignee - 101]
        assert resolution.meeting.date == items[n].created.date()
    # Follow-ups: ids in time order (load.sql's row_number() OVER (ORDER BY created, j)).
    times = list(FollowUp.objects.order_by("pk").values_list("created_at", flat=True))
    assert times == sorted(times)
    assert peer.already_generated()
