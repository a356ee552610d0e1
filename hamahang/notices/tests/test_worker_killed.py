"""The worker killed in the middle of a batch and started again: every notice is delivered
exactly once. Real worker processes (`manage.py deliver_notices`) post to a local HTTP
receiver that counts by idempotency key, as a provider drops a second copy; on SQLite they
work on a file copy of the test database, on PostgreSQL on the test database itself."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_address

ROOT = Path(__file__).resolve().parents[3]
BATCH = 8
STALL_AT = 3  # the receiver holds the answer to this POST until the worker is dead


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.posts: list[str] = []  # every POST's key, in order
        self.accepted: dict[str, int] = {}  # key → how many times it was acted on (always 1)
        self.stalled, self.release = threading.Event(), threading.Event()
        self.stall_at = STALL_AT
        # With `meet`, the first POST is answered only once a second one is in: two workers
        # are then sending at the same time.
        self.meet: threading.Event | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/deliver"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        server: Receiver = self.server
        self.rfile.read(int(self.headers["Content-Length"]))
        key = self.headers["X-Hamahang-Delivery"]
        with server.lock:
            server.posts.append(key)
            count = len(server.posts)
            duplicate = key in server.accepted
            if not duplicate:  # a second copy is dropped by its key
                server.accepted[key] = 1
        if server.meet is not None:
            if count == 1:
                server.meet.wait(60)
            else:
                server.meet.set()
        if count == server.stall_at:
            server.stalled.set()
            server.release.wait(60)
        body = json.dumps({"id": f"r-{count}", "status": "duplicate" if duplicate else "ok"})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def worker_database(transactional_db, tmp_path):
    """(DATABASE_URL for the workers, a function that reads the notices back as dicts)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"

        def share():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()

        def read():
            with sqlite3.connect(path) as db:
                db.row_factory = sqlite3.Row
                rows = db.execute("SELECT * FROM notices_notice ORDER BY id").fetchall()
            return [dict(row) for row in rows]

        return f"sqlite:///{path}", share, read
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    return url, lambda: None, lambda: list(Notice.objects.order_by("pk").values())


def _worker_command(database_url: str, lease_seconds: int) -> tuple[list[str], dict]:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "hamahang.notices.tests.worker_settings",
        "WORKER_LEASE_SECONDS": str(lease_seconds),
    }
    return [sys.executable, str(ROOT / "manage.py"), "deliver_notices"], env


def _write_batch(settings, receiver, count: int) -> list[str]:
    settings.HAMAHANG_NOTICE_CHANNELS = {"post": "hamahang.notices.tests.fakes.HttpPostChannel"}
    # This process only writes the batch; the workers started by the test send it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    keys = [f"event:worker-test:{n}" for n in range(count)]
    for key in keys:
        notify_address(
            channel="post", address=receiver.url, kind="event", subject="s", text="t", key=key
        )
    return keys


def test_a_worker_killed_mid_batch_and_restarted_delivers_every_notice_exactly_once(
    settings, receiver, worker_database
):
    database_url, share, read = worker_database
    keys = _write_batch(settings, receiver, BATCH)
    share()
    # No lease: the restarted worker takes over the notice the dead one held at once.
    command, env = _worker_command(database_url, lease_seconds=0)

    first = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        assert receiver.stalled.wait(120), "the worker never reached the third notice"
    finally:
        first.send_signal(signal.SIGKILL)  # in the middle: the third notice sent, not recorded
        first.wait(30)
        receiver.release.set()
    assert first.returncode == -signal.SIGKILL
    before = {row["idempotency_key"]: row for row in read()}
    assert [before[key]["status"] for key in keys[:STALL_AT]] == ["sent", "sent", "pending"]
    assert all(before[key]["status"] == "pending" for key in keys[STALL_AT:])

    again = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    after = {row["idempotency_key"]: row for row in read()}
    assert {key: after[key]["status"] for key in keys} == dict.fromkeys(keys, "sent")
    # Each notice acted on once; only the one held at the kill was posted a second time, and
    # the receiver dropped that copy by its key.
    assert receiver.accepted == dict.fromkeys(keys, 1)
    assert sorted(receiver.posts) == sorted([*keys, keys[STALL_AT - 1]])
    assert after[keys[STALL_AT - 1]]["attempts"] == 2
    assert after[keys[STALL_AT - 1]]["delivery_status"] == "duplicate"


def test_two_workers_at_once_send_each_notice_once(settings, receiver, worker_database):
    database_url, share, read = worker_database
    receiver.stall_at, receiver.meet = 0, threading.Event()
    keys = _write_batch(settings, receiver, 12)
    share()
    command, env = _worker_command(database_url, lease_seconds=300)
    workers = [subprocess.Popen(command, env=env, cwd=ROOT) for _ in range(2)]
    assert [worker.wait(120) for worker in workers] == [0, 0]
    assert receiver.meet.is_set()  # the second worker sent while the first was sending
    assert sorted(receiver.posts) == sorted(keys)  # none posted twice
    assert {row["status"] for row in read()} == {"sent"}
