"""/healthz, /metrics and the request id that ties nginx's log to the application's."""

import datetime as dt
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from hamahang.core import clock
from hamahang.core.requestid import HEADER, RequestIdFilter, RequestIdMiddleware

pytestmark = pytest.mark.django_db


def _health(client):
    response = client.get("/healthz?format=json")
    return response.status_code, json.loads(response.content)


def test_healthz_reports_database_cache_disk_standby_and_workers(client, real_cache):
    status, body = _health(client)
    assert status == 200, body
    checks = " ".join(body)
    for name in ("Database", "Cache", "Disk", "StandbyLag", "TaskQueue"):
        assert name in checks


@pytest.mark.django_db(transaction=True)  # the checks run in threads: the task must be committed
def test_healthz_fails_when_no_worker_takes_the_queued_tasks(client, real_cache, settings):
    from hamahang.meetings.tasks import send_daily_digests_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    send_daily_digests_task.enqueue()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert _health(client)[0] == 200
    # Due ten minutes ago and still waiting (the checks run in threads: the row ages, not the
    # clock, which is per thread).
    DBTaskResult.objects.update(run_after=clock.now() - dt.timedelta(minutes=10))
    status, body = _health(client)
    assert status == 503
    assert "no worker" in json.dumps(body)


def test_metrics_answer_the_server_itself_only(client):
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"django_http_requests_latency_seconds_by_view_method" in response.content
    assert b"django_db_execute_total" in response.content
    outside = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    assert outside.status_code == 403
    assert "فقط از درون کارگزار" in outside.content.decode()


def test_the_request_id_from_nginx_is_kept_logged_and_echoed(caplog):
    seen = {}

    def view(request):
        record = logging.LogRecord("hamahang", logging.INFO, __file__, 1, "x", None, None)
        RequestIdFilter().filter(record)
        seen["logged"] = record.request_id
        return HttpResponse("ok")

    middleware = RequestIdMiddleware(view)
    response = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="a1b2c3d4e5f60718"))
    assert response[HEADER] == "a1b2c3d4e5f60718" == seen["logged"]
    forged = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="bad id\n<script>"))
    assert forged[HEADER] != "bad id\n<script>" and len(forged[HEADER]) == 32
    assert seen["logged"] == forged[HEADER]
