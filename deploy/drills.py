#!/usr/bin/env python3
"""Drills on the production topology (deploy/prod.py up must have run): each measured through
nginx, each written to artifacts/drill.json as {name, passed, failed_requests, lost_writes, …}.

    .venv/bin/python deploy/drills.py            # all drills
    .venv/bin/python deploy/drills.py standby_lag app_server_killed

A write is a follow-up report posted through the API with a unique marker in its text; after a
drill the primary is asked which markers it holds: a marker answered 201 and missing is a lost
write, a marker held twice is a duplicated write.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prod

ARTIFACT = prod.ROOT / "artifacts" / "drill.json"
RUN = uuid.uuid4().hex[:8]


def primary(dbname: str = prod.DB, port: int | None = None):
    return psycopg.connect(
        host="127.0.0.1",
        port=port or prod.PORTS["primary"],
        user="postgres",
        dbname=dbname,
        autocommit=True,
        connect_timeout=5,
    )


# --- Actors: API tokens for liaisons and the secretariat, made through the app's own service --


def django_ready() -> None:
    os.environ.update(prod.app_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(prod.ROOT))
    import django

    django.setup()


@dataclass
class Actor:
    username: str
    token: str
    province: str
    assignments: list[int] = field(default_factory=list)


def actors() -> list[Actor]:
    from django.db.models import Count, Q

    from hamahang.accounts.models import Role, User
    from hamahang.accounts.tokens import api_token_create
    from hamahang.meetings.models import Assignment

    open_statuses = list(Assignment.OPEN_STATUSES)
    liaisons = (
        User.objects.filter(role__in=[Role.AGENCY_LIAISON, Role.BANK_LIAISON], is_active=True)
        .annotate(
            open=Count(
                "agency__assignments", filter=Q(agency__assignments__status__in=open_statuses)
            )
        )
        .filter(open__gt=0)
        .select_related("agency__province")
        .order_by("agency__province__code", "-open")
    )
    found, per_province = [], {}
    for user in liaisons:
        code = user.agency.province.code
        if per_province.get(code, 0) >= 3:
            continue
        per_province[code] = per_province.get(code, 0) + 1
        _token, raw = api_token_create(user=user, name=f"drill {RUN}", days=None)
        ids = list(
            Assignment.objects.filter(agency=user.agency, status__in=open_statuses).values_list(
                "pk", flat=True
            )[:5]
        )
        found.append(Actor(user.username, raw, code, ids))
    return found


# --- Load through nginx ---------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    reads: int = 0
    writes: int = 0
    failures: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    written_at: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


READ_PATHS = (
    "/api/v1/assignments?page_size=25",
    "/api/v1/resolutions?page_size=25",
    "/api/v1/meetings?page_size=25",
)


def load(
    actors_: list[Actor],
    seconds: float,
    *,
    threads: int = 8,
    write_share: float = 0.1,
    events: list[tuple[float, callable]] = (),
) -> Tally:
    tally = Tally()
    stop = threading.Event()
    rng_seed = random.Random(RUN)

    def worker(index: int) -> None:
        rng = random.Random(rng_seed.random() + index)
        with httpx.Client(base_url=prod.base_url(), verify=False, timeout=30) as client:
            while not stop.is_set():
                actor = rng.choice(actors_)
                headers = {"Authorization": f"Bearer {actor.token}"}
                started = time.perf_counter()
                write = rng.random() < write_share and actor.assignments
                try:
                    if write:
                        marker = f"drill {RUN} {uuid.uuid4().hex}"
                        # As a client that may have to send it again: with a key of its own.
                        response = client.post(
                            f"/api/v1/assignments/{rng.choice(actor.assignments)}/followups",
                            json={"text": marker, "progress": rng.randint(1, 99)},
                            headers={**headers, "Idempotency-Key": marker.split()[-1]},
                        )
                        ok = response.status_code == 201
                    else:
                        response = client.get(rng.choice(READ_PATHS), headers=headers)
                        ok = response.status_code == 200
                    request = response.request
                    outcome = f"{response.status_code} {request.method} {request.url.path}"
                except httpx.HTTPError as error:
                    ok, outcome = False, f"{type(error).__name__} {error}"
                elapsed = time.perf_counter() - started
                with tally.lock:
                    tally.requests += 1
                    tally.latencies.append(elapsed)
                    if write:
                        tally.writes += 1
                    else:
                        tally.reads += 1
                    if ok and write:
                        tally.written.append(marker)
                        tally.written_at.append(time.time())
                    elif not ok:
                        tally.failures.append(outcome)

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    started = time.time()
    for thread in pool:
        thread.start()
    for at, action in sorted(events, key=lambda e: e[0]):
        time.sleep(max(0.0, started + at - time.time()))
        action()
    time.sleep(max(0.0, started + seconds - time.time()))
    stop.set()
    for thread in pool:
        thread.join(timeout=60)
    return tally


def writes_held(markers: list[str], port: int | None = None) -> tuple[int, int]:
    """(lost, duplicated) among the markers answered 201, as the database now holds them."""
    with primary(port=port) as connection:
        rows = connection.execute(
            "SELECT text, count(*) FROM meetings_followup WHERE text LIKE %s GROUP BY text",
            (f"drill {RUN} %",),
        ).fetchall()
    held = dict(rows)
    lost = sum(1 for marker in markers if marker not in held)
    duplicated = sum(1 for count in held.values() if count > 1)
    return lost, duplicated


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else 0.0


def summary(
    name: str, tally: Tally, *, extra_ok: bool = True, port: int | None = None, **figures
) -> dict:
    lost, duplicated = writes_held(tally.written, port=port)
    entry = {
        "name": name,
        "passed": bool(extra_ok and not tally.failures and not lost and not duplicated),
        "failed_requests": len(tally.failures),
        "lost_writes": lost,
        "duplicated_writes": duplicated,
        "requests": tally.requests,
        "reads": tally.reads,
        "writes_answered": len(tally.written),
        "p95_ms": p95(tally.latencies),
        **figures,
    }
    if tally.failures:
        entry["failures_sample"] = sorted(set(tally.failures))[:10]
    return entry


# --- The drills -----------------------------------------------------------------------------


def app_server_killed(actors_: list[Actor]) -> dict:
    """Mixed load for 60 s; one app server is killed at 15 s, the other at 40 s, each with
    SIGKILL on its whole process group (master and workers: a crash or the OOM killer, no
    graceful finish of the requests in flight); the supervisor restarts each. nginx sends the
    requests that were in flight to the other server — reads always, writes because they carry
    an Idempotency-Key (the application answers a repeat once)."""
    restarts_before = _restarts()
    replayed_before = _replayed()

    def kill(name: str):
        def action():
            pid = prod.pid_of(f"{name}.child")
            os.killpg(pid, signal.SIGKILL)

        return action

    tally = load(actors_, 60, events=[(15, kill("app1")), (40, kill("app2"))])
    restarted = {k: v - restarts_before.get(k, 0) for k, v in _restarts().items()}
    both_back = restarted.get("app1", 0) >= 1 and restarted.get("app2", 0) >= 1
    return summary(
        "app_server_killed",
        tally,
        extra_ok=both_back,
        signal="SIGKILL (process group)",
        restarts=restarted,
        write_share=0.1,
        provinces=sorted({a.province for a in actors_}),
        nginx_write_retries=_replayed() - replayed_before,
    )


def _replayed() -> int:
    """Writes nginx sent to a second app server (its access log: two upstreams in one line)."""
    try:
        lines = prod.path("log", "nginx-access.log").read_text().splitlines()
    except OSError:
        return 0
    return sum(1 for line in lines if '"POST ' in line and ", 127.0.0.1:" in line)


def _restarts() -> dict:
    try:
        return json.loads(prod.path("run", "restarts.json").read_text())
    except (OSError, ValueError):
        return {}


def primary_restarted(actors_: list[Actor]) -> dict:
    """Mixed load for 40 s; the primary restarts (fast shutdown) at 10 s; the application must
    answer again by itself within seconds."""
    marks = {}

    def restart():
        marks["down"] = time.time()
        prod.pg_ctl("primary", "restart", "-m", "fast")
        marks["up"] = time.time()
        marks["recovered"] = _first_green_after(marks["up"])

    tally = load(actors_, 40, events=[(10, restart)])
    recovered = marks.get("recovered")
    return summary(
        "primary_restarted",
        tally,
        extra_ok=recovered is not None and recovered < 10,
        restart_seconds=round(marks["up"] - marks["down"], 2),
        recovered_seconds_after_restart=recovered,
        max_ms=round(max(tally.latencies, default=0) * 1000, 1),
    )


def _first_green_after(since: float) -> float | None:
    """Seconds after `since` until /healthz finds the database answering again (the standby's
    lag and the queue may take longer to settle; they are not the application's answer)."""
    deadline = time.time() + 30
    while time.time() < deadline:
        _status, body = prod.https_get(prod.base_url() + "/healthz?format=json")
        try:
            checks = json.loads(body)
        except ValueError:
            checks = {}
        if any(name.startswith("Database") and state == "OK" for name, state in checks.items()):
            return round(max(0.0, time.time() - since), 2)
        time.sleep(0.2)
    return None


# --- 2. A worker killed in the middle of a task ------------------------------------------------


class Receiver:
    """A subscriber's webhook endpoint on 127.0.0.1: slow enough for the kill to land mid-batch;
    keeps each delivery once by its id, as subscribers are told to (README, webhooks)."""

    def __init__(self, delay: float = 0.3):
        import http.server

        self.seen: list[str] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                time.sleep(delay)
                receiver.seen.append(self.headers.get("X-Hamahang-Delivery", ""))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self):
        self.server.shutdown()


def worker_killed(_actors: list[Actor]) -> dict:
    """40 notices to a webhook receiver; the worker sending them is SIGKILLed mid-batch; the
    supervisor restarts it and the periodic delivery run finishes the batch: every notice
    delivered, each taken by the receiver exactly once."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from hamahang.accounts.models import User
    from hamahang.notices.models import Notice
    from hamahang.notices.outbox import notify_address
    from hamahang.webhooks.models import WebhookSubscription
    from hamahang.webhooks.services import new_secret

    receiver = Receiver()
    count = 40
    subscription = WebhookSubscription.objects.create(
        name=f"drill {RUN}",
        url=receiver.url,
        events=["resolution.issued"],
        province=None,
        secret=new_secret(),
        created_by=User.objects.get(username="dabir"),
    )
    keys = [f"drill:{RUN}:{i}" for i in range(count)]
    with transaction.atomic():
        for key in keys:
            notify_address(
                channel="webhook",
                address=receiver.url,
                kind="event",
                subject="drill",
                text="drill",
                key=key,
                payload={
                    "subscription": subscription.pk,
                    "event": "resolution.issued",
                    "body": {"drill": key},
                },
            )
    killed = None
    deadline = time.time() + 60
    while time.time() < deadline and killed is None:
        if len(receiver.seen) >= 5:
            running = DBTaskResult.objects.filter(status="RUNNING").order_by("-started_at").first()
            if running and running.worker_ids:
                killed = running.worker_ids[-1]
                os.killpg(prod.pid_of(f"{killed}.child"), signal.SIGKILL)
        time.sleep(0.05)
    deadline = time.time() + 180
    while time.time() < deadline:
        done = Notice.objects.filter(idempotency_key__in=keys, status="delivered").count()
        if done == count:
            break
        time.sleep(1)
    receiver.stop()
    taken = set(receiver.seen) & set(keys)
    repeated = len([k for k in receiver.seen if k in keys]) - len(taken)
    entry = {
        "name": "worker_killed",
        "passed": bool(killed and done == count and len(taken) == count),
        "failed_requests": 0,
        "lost_writes": count - len(taken),
        "duplicated_writes": 0,
        "notices": count,
        "delivered": done,
        "worker_killed": killed,
        "requests_repeated_to_receiver": repeated,
        "taken_once_by_receiver": len(taken),
    }
    return entry


# --- 4. Backup, destruction, point-in-time restore -------------------------------------------


def _seed_report_digest() -> str:
    import hashlib

    output = prod.run(
        prod.VENV / "python",
        prod.ROOT / "manage.py",
        "report",
        "--from",
        "1399/01/01",
        "--to",
        "1399/06/31",
        "--format",
        "json",
        env=prod.app_env(),
        quiet=True,
    ).stdout
    data = json.loads(output[output.index("{") :])
    data.pop("as_of", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def pitr_restore(actors_: list[Actor]) -> dict:
    """A full backup and the WAL archive; writes; the point in time; more writes; the database
    destroyed; restored to that point: the seed-period report is identical (SHA-256), the last
    write before the point is there and none of those after it."""
    before = _seed_report_digest()
    prod.full_backup()
    tally = load(actors_[:1], 3, threads=1, write_share=1.0)
    last = tally.written[-1] if tally.written else None
    with primary() as connection:
        target = connection.execute("SELECT now()::text").fetchone()[0]
    time.sleep(0.2)
    # Writes after the point: recovery stops at the first commit past it (without one in the
    # archive it would end short of its target and refuse to start), and they must not return.
    later = load(actors_[:1], 2, threads=1, write_share=1.0)
    with primary() as connection:
        connection.execute("SELECT pg_switch_wal()")
    prod.pgbackrest("check")  # waits until the switched segment is in the archive
    # Destroy the database: the cluster stops and its data directory is gone.
    prod.pg_ctl("standby", "stop", "-m", "immediate", check=False)
    prod.pg_ctl("primary", "stop", "-m", "immediate")
    shutil.rmtree(prod.path("pg", "primary"))
    prod.path("pg", "primary").mkdir(mode=0o700)
    os.chown(prod.path("pg", "primary"), *_postgres_ids())
    started = time.time()
    prod.pgbackrest("restore", "--type=time", f"--target={target}", "--target-action=promote")
    prod.pg_ctl("primary", "start")
    _wait_writable()
    restored_seconds = round(time.time() - started, 1)
    prod.forget_recovery_target()
    after = _seed_report_digest()
    lost, duplicated = writes_held(tally.written)
    missing_later, _ = writes_held(later.written)
    came_back = len(later.written) - missing_later
    prod.rebuild_standby()
    return {
        "name": "pitr_restore",
        "passed": bool(before == after and last and lost == 0 and later.written and not came_back),
        "failed_requests": len(tally.failures) + len(later.failures),
        "lost_writes": lost,
        "duplicated_writes": duplicated,
        "report_sha256_before": before,
        "report_sha256_after": after,
        "writes_before_target": len(tally.written),
        "last_write_present": bool(last) and lost == 0,
        "writes_after_target": len(later.written),
        "writes_after_target_restored": came_back,
        "restore_seconds": restored_seconds,
        "target_time": target,
    }


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def _wait_writable(port: int | None = None, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with primary(port=port) as connection:
                if not connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    return
        except psycopg.Error:
            pass
        time.sleep(0.5)
    raise SystemExit("[drill] the database did not accept writes in time")


# --- 5. The standby promoted --------------------------------------------------------------------


def standby_promoted(actors_: list[Actor]) -> dict:
    """The primary stops; the standby is promoted; the application (which names both hosts)
    writes to it without a configuration change — measured under load from the start."""
    marks = {}

    def fail_over():
        marks["stop"] = time.time()
        prod.pg_ctl("primary", "stop", "-m", "fast")
        prod.pg_ctl("standby", "promote")
        _wait_writable(port=prod.PORTS["standby"])
        marks["promoted"] = time.time()

    tally = load(actors_, 30, events=[(8, fail_over)])
    after = [at for at in tally.written_at if at > marks["promoted"]]
    return summary(
        "standby_promoted",
        tally,
        extra_ok=bool(after),
        port=prod.PORTS["standby"],
        failover_seconds=round(marks["promoted"] - marks["stop"], 2),
        writes_answered_after_promotion=len(after),
        first_write_after_promotion_seconds=round(min(after) - marks["promoted"], 2)
        if after
        else None,
    )


# --- 6. The standby lagging ----------------------------------------------------------------


def standby_lag(actors_: list[Actor]) -> dict:
    """Replay paused on the standby: heavy pages fall back to the primary, and the writer's own
    report right after a write shows it."""
    writer = _session("dabir")
    report_url = "/reports/export.json"
    failures = []
    with primary(port=prod.PORTS["standby"]) as standby:
        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            time.sleep(prod_lag_threshold() + 1)
            before = writer.get(report_url)
            created = _write_as(writer)
            after = writer.get(report_url)
            if before.status_code != 200 or after.status_code != 200:
                failures.append(f"report answered {before.status_code}/{after.status_code}")
            elif _meetings_figure(after) != _meetings_figure(before) + 1:
                failures.append("the writer's report after the write did not show it")
            health = prod.https_get(prod.base_url() + "/healthz?format=json")[0]
            count = "SELECT count(*) FROM meetings_meeting WHERE id = %s"
            standby_has_it = standby.execute(count, (created,)).fetchone()[0] == 1
            lag = standby.execute(
                "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
            ).fetchone()[0]
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")
    if standby_has_it:
        failures.append("the standby was not behind: the drill proved nothing")
    tally = Tally(requests=4, reads=2, failures=failures)
    return summary(
        "standby_lag",
        tally,
        meeting_written=created,
        standby_lag_seconds=round(float(lag or 0), 1),
        standby_had_the_write=standby_has_it,
        healthz_while_paused=health,
        report_meetings_before=_meetings_figure(before),
        report_meetings_after=_meetings_figure(after),
    )


def prod_lag_threshold() -> int:
    return int(prod.app_env().get("HAMAHANG_REPLICA_MAX_LAG", "5"))


def _session(username: str) -> httpx.Client:
    client = httpx.Client(base_url=prod.base_url(), verify=False, timeout=30, follow_redirects=True)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": "Hamahang@1405",
            "csrfmiddlewaretoken": client.cookies.get("csrftoken"),
        },
        headers={"Referer": prod.base_url() + "/accounts/login/"},
    )
    response.raise_for_status()
    return client


def _write_as(client: httpx.Client) -> int:
    """A meeting recorded through the API by the signed-in secretariat (session and CSRF, as
    the screens do), so the response sets the write-position cookie."""
    from hamahang.core.jalali import today
    from hamahang.meetings.models import Committee

    committee = Committee.objects.filter(province__code="qom").order_by("pk").first()
    response = client.post(
        "/api/v1/meetings",
        json={"committee_id": committee.pk, "date": today().isoformat()},
        headers={"X-CSRFToken": client.cookies.get("csrftoken"), "Referer": prod.base_url() + "/"},
    )
    if response.status_code != 201:
        raise SystemExit(f"[drill] the write was refused: {response.status_code} {response.text}")
    meeting = response.json()["id"]
    held = client.post(
        f"/api/v1/meetings/{meeting}/transition",
        json={"status": "held"},
        headers={"X-CSRFToken": client.cookies.get("csrftoken"), "Referer": prod.base_url() + "/"},
    )
    if held.status_code != 200:
        raise SystemExit(f"[drill] the meeting was not held: {held.status_code} {held.text}")
    return meeting


def _meetings_figure(response) -> int:
    """The report's number of meetings held, over every committee."""
    return sum(row["meetings"] for row in response.json().get("meetings") or [])


# In this order: the destructive ones last (the restore rebuilds the standby the last one promotes).
DRILLS = {
    "standby_lag": standby_lag,
    "app_server_killed": app_server_killed,
    "worker_killed": worker_killed,
    "primary_restarted": primary_restarted,
    "pitr_restore": pitr_restore,
    "standby_promoted": standby_promoted,
}


def main(names: list[str]) -> int:
    django_ready()
    cast = actors()
    chosen = names or list(DRILLS)
    results = []
    for name in chosen:
        print(f"[drill] {name} …", flush=True)
        started = time.time()
        try:
            entry = DRILLS[name](cast)
        except (Exception, SystemExit) as error:
            # A drill that breaks is a failed drill; the others still run and are written.
            entry = {
                "name": name,
                "passed": False,
                "failed_requests": None,
                "lost_writes": None,
                "error": f"{type(error).__name__}: {error}",
            }
        entry["seconds"] = round(time.time() - started, 1)
        print(
            f"[drill] {name}: {'passed' if entry['passed'] else 'FAILED'} "
            + json.dumps(entry, ensure_ascii=False),
            flush=True,
        )
        results.append(entry)
        ARTIFACT.parent.mkdir(exist_ok=True)
        ARTIFACT.write_text(
            json.dumps({"run": RUN, "drills": results}, ensure_ascii=False, indent=2)
        )
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
