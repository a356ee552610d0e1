"""A request that meets a database restart runs again, and never does anything twice."""

from types import SimpleNamespace

import pytest
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from hamahang.core import dbretry
from hamahang.core.dbretry import UNAVAILABLE, UNKNOWN_OUTCOME, DatabaseRestartMiddleware
from hamahang.organizations.models import Province

factory = RequestFactory()
LOST = "terminating connection due to administrator command"


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.HAMAHANG_DB_RETRY_WAIT = 0
    settings.HAMAHANG_DB_RETRIES = 3


def flaky(failures: int, action=None):
    """A view that fails with a lost connection `failures` times, then answers."""
    calls = {"n": 0}

    def view(request):
        calls["n"] += 1
        if action:
            action()
        if calls["n"] <= failures:
            raise OperationalError(LOST)
        return HttpResponse("ok")

    return view, calls


def test_a_read_that_meets_a_restart_is_answered_on_a_new_connection():
    view, calls = flaky(2)
    response = DatabaseRestartMiddleware(view)(factory.get("/reports/"))
    assert response.status_code == 200 and calls["n"] == 3


def test_a_database_that_stays_away_gets_a_persian_503():
    view, calls = flaky(99)
    response = DatabaseRestartMiddleware(view)(factory.get("/reports/"))
    assert response.status_code == 503
    assert response.content.decode() == UNAVAILABLE
    assert calls["n"] == 4


def test_other_database_errors_are_not_retried():
    def view(request):
        raise OperationalError("no such table: nowhere")

    with pytest.raises(OperationalError):
        DatabaseRestartMiddleware(view)(factory.get("/"))


@pytest.mark.django_db(transaction=True)
def test_a_write_interrupted_before_commit_runs_again_and_is_kept_once():
    def write():
        Province.objects.create(code=f"drill-{Province.objects.count()}", name="آزمون")

    view, calls = flaky(1, action=write)
    before = Province.objects.count()
    response = DatabaseRestartMiddleware(view)(factory.post("/api/v1/anything"))
    assert response.status_code == 200 and calls["n"] == 2
    # The first attempt's row went with its transaction; only the second attempt's is kept.
    assert Province.objects.count() == before + 1


def commit_cut(times: int | None = None):
    """The retry's atomic(): each COMMIT goes through, then its answer is lost (the first
    `times` times; every time when None)."""
    real_atomic = transaction.atomic
    cuts = {"n": 0}

    class CommitCut:
        def __init__(self):
            self.inner = real_atomic()

        def __enter__(self):
            return self.inner.__enter__()

        def __exit__(self, kind, error, traceback):
            self.inner.__exit__(kind, error, traceback)
            if kind is None and (times is None or cuts["n"] < times):
                cuts["n"] += 1
                raise OperationalError("server closed the connection unexpectedly")

    return SimpleNamespace(atomic=CommitCut)


@pytest.mark.django_db(transaction=True)
def test_a_write_whose_commit_was_cut_is_not_repeated(monkeypatch):
    monkeypatch.setattr(dbretry, "transaction", commit_cut())
    view, calls = flaky(0)
    response = DatabaseRestartMiddleware(view)(factory.post("/api/v1/anything"))
    assert response.status_code == 503
    assert response.content.decode() == UNKNOWN_OUTCOME
    assert calls["n"] == 1


def test_libpq_failing_over_between_hosts_counts_as_a_lost_connection():
    message = (
        'connection failed: connection to server at "127.0.0.1", port 55433 failed: '
        "session is read-only"
    )
    assert dbretry.connection_lost(OperationalError(message))
    assert not dbretry.connection_lost(OperationalError("division by zero"))


@pytest.mark.django_db(transaction=True)  # the retry owns the request's connection only outside one
def test_the_api_hands_a_lost_connection_to_the_retry_instead_of_answering_500(
    client, monkeypatch, secretariat_user
):
    from hamahang.meetings import apis as meeting_apis

    real = meeting_apis.selectors.meeting_list
    calls = {"n": 0}

    def flaky_list(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError(LOST)
        return real(*args, **kwargs)

    monkeypatch.setattr(meeting_apis.selectors, "meeting_list", flaky_list)
    client.force_login(secretariat_user)
    response = client.get("/api/v1/meetings")
    assert response.status_code == 200 and calls["n"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_whose_connection_is_refused_at_the_start_runs_again(monkeypatch):
    """A database still restarting refuses the connection when the request's transaction is
    opened, before anything ran: that is a lost connection too (was a 500 in the drill)."""
    real_atomic = transaction.atomic
    refusals = {"n": 0}

    class RefusedOnce:
        def __init__(self):
            self.inner = real_atomic()

        def __enter__(self):
            if refusals["n"] == 0:
                refusals["n"] += 1
                raise OperationalError(
                    'connection failed: connection to server at "127.0.0.1", port 56432 '
                    "failed: FATAL:  the database system is shutting down"
                )
            return self.inner.__enter__()

        def __exit__(self, *exc):
            return self.inner.__exit__(*exc)

    monkeypatch.setattr(dbretry, "transaction", SimpleNamespace(atomic=RefusedOnce))
    view, calls = flaky(0)
    response = DatabaseRestartMiddleware(view)(factory.post("/api/v1/anything"))
    assert response.status_code == 200 and calls["n"] == 1 and refusals["n"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_with_a_key_whose_commit_was_cut_is_answered_from_what_was_committed(
    monkeypatch,
):
    """The COMMIT went through but its answer was lost: with an Idempotency-Key the request
    is repeated, and the repeat answers what the first attempt stored without running again."""
    from hamahang.core.idempotency import REPLAYED_HEADER, IdempotencyMiddleware

    def write():
        Province.objects.create(code=f"drill-{Province.objects.count()}", name="آزمون")

    monkeypatch.setattr(dbretry, "transaction", commit_cut(times=1))
    view, calls = flaky(0, action=write)
    before = Province.objects.count()
    request = factory.post("/api/v1/anything", HTTP_IDEMPOTENCY_KEY="cut-1")
    response = DatabaseRestartMiddleware(IdempotencyMiddleware(view))(request)
    assert response.status_code == 200 and response.content == b"ok"
    assert response[REPLAYED_HEADER] == "true"
    assert calls["n"] == 1 and Province.objects.count() == before + 1
