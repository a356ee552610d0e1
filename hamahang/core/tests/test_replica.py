"""The standby router: heavy reads go to a fresh standby, never past the reader's own write."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from hamahang.core import replica
from hamahang.core.replica import COOKIE, ReplicaRouter, WritePositionMiddleware, standby_reads

factory = RequestFactory()


@pytest.fixture
def standby(monkeypatch, settings):
    """A configured standby whose (lag, replayed position) the test sets."""
    settings.HAMAHANG_REPLICA_MAX_LAG = 5
    state = {"value": (0.0, 1000)}
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "standby_state", lambda: state["value"])
    return state


def _read_alias_seen(request) -> str:
    seen = {}

    @standby_reads
    def view(request):
        seen["alias"] = ReplicaRouter().db_for_read(None)
        return HttpResponse("ok")

    view(request)
    return seen["alias"]


def _request_after_a_write():
    writer = WritePositionMiddleware(lambda request: HttpResponse("saved"))
    response = writer(factory.post("/anything/"))
    request = factory.get("/reports/")
    request.COOKIES[COOKIE] = response.cookies[COOKIE].value
    return request


def test_without_a_standby_every_read_stays_on_the_primary():
    assert _read_alias_seen(factory.get("/reports/")) == "default"
    assert ReplicaRouter().db_for_read(None) == "default"
    assert ReplicaRouter().db_for_write(None) == "default"


def test_a_fresh_standby_serves_heavy_reads_only_inside_marked_views(standby):
    assert _read_alias_seen(factory.get("/reports/")) == "replica"
    assert ReplicaRouter().db_for_read(None) == "default"


def test_a_lagging_paused_or_unreachable_standby_sends_reads_to_the_primary(standby):
    standby["value"] = (6.0, 1000)
    assert _read_alias_seen(factory.get("/reports/")) == "default"
    standby["value"] = None
    assert _read_alias_seen(factory.get("/reports/")) == "default"


def test_the_writer_reads_the_primary_until_the_standby_replayed_their_write(standby, monkeypatch):
    monkeypatch.setattr(replica, "primary_position", lambda: 2000)
    request = _request_after_a_write()
    assert _read_alias_seen(request) == "default"
    standby["value"] = (0.0, 2000)
    assert _read_alias_seen(request) == "replica"


def test_a_forged_position_cookie_is_ignored(standby):
    request = factory.get("/reports/")
    request.COOKIES[COOKIE] = "999999999"
    assert _read_alias_seen(request) == "replica"


def test_writes_outside_marked_views_and_failed_writes_set_no_cookie(standby, monkeypatch):
    monkeypatch.setattr(replica, "primary_position", lambda: 2000)
    refused = WritePositionMiddleware(lambda request: HttpResponse("no", status=400))
    assert COOKIE not in refused(factory.post("/x/")).cookies
    reader = WritePositionMiddleware(lambda request: HttpResponse("page"))
    assert COOKIE not in reader(factory.get("/x/")).cookies


def test_a_post_to_a_marked_view_is_not_routed_to_the_standby(standby):
    assert _read_alias_seen(factory.post("/reports/")) == "default"


def test_wal_positions_compare_as_numbers():
    assert replica._lsn_to_int("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert replica._lsn_to_int("0/10") < replica._lsn_to_int("1/0")


def test_migrations_run_on_the_primary_only():
    assert ReplicaRouter().allow_migrate("default", "meetings")
    assert not ReplicaRouter().allow_migrate("replica", "meetings")


@pytest.mark.django_db
def test_the_standby_questions_are_valid_sql_on_postgresql(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("WAL positions exist on PostgreSQL only; SQLite has no standby")
    monkeypatch.setattr(replica, "REPLICA", "default")
    # The primary answers the standby's question with no replay position: not a standby.
    assert replica.standby_state() is None
    assert replica.primary_position() > 0
