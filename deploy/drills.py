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
                        response = client.post(
                            f"/api/v1/assignments/{rng.choice(actor.assignments)}/followups",
                            json={"text": marker, "progress": rng.randint(1, 99)},
                            headers=headers,
                        )
                        ok = response.status_code == 201
                    else:
                        response = client.get(rng.choice(READ_PATHS), headers=headers)
                        ok = response.status_code == 200
                    outcome = f"{response.status_code} {response.request.method} {response.request.url.path}"
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
    """Mixed load for 60 s; one app server is killed at 15 s, the other at 40 s; the supervisor
    restarts each."""
    restarts_before = _restarts()

    def kill(name: str):
        def action():
            pid = prod.pid_of(f"{name}.child")
            os.killpg(pid, signal.SIGTERM)

        return action

    tally = load(actors_, 60, events=[(15, kill("app1")), (40, kill("app2"))])
    restarted = {k: v - restarts_before.get(k, 0) for k, v in _restarts().items()}
    both_back = restarted.get("app1", 0) >= 1 and restarted.get("app2", 0) >= 1
    return summary(
        "app_server_killed",
        tally,
        extra_ok=both_back,
        restarts=restarted,
        provinces=sorted({a.province for a in actors_}),
    )


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

    tally = load(actors_, 40, events=[(10, restart)])
    recovered = _first_green_after(marks.get("up", time.time()))
    return summary(
        "primary_restarted",
        tally,
        extra_ok=recovered is not None and recovered < 10,
        restart_seconds=round(marks["up"] - marks["down"], 2),
        recovered_seconds_after_restart=recovered,
    )


def _first_green_after(since: float) -> float | None:
    deadline = time.time() + 30
    while time.time() < deadline:
        status, _ = prod.https_get(prod.base_url() + "/healthz?format=json")
        if status == 200:
            return round(max(0.0, time.time() - since), 2)
        time.sleep(0.2)
    return None


DRILLS = {
    "app_server_killed": app_server_killed,
    "primary_restarted": primary_restarted,
}


def main(names: list[str]) -> int:
    django_ready()
    cast = actors()
    chosen = names or list(DRILLS)
    results = []
    for name in chosen:
        print(f"[drill] {name} …", flush=True)
        started = time.time()
        entry = DRILLS[name](cast)
        entry["seconds"] = round(time.time() - started, 1)
        print(
            f"[drill] {name}: {'passed' if entry['passed'] else 'FAILED'} {json.dumps(entry, ensure_ascii=False)}",
            flush=True,
        )
        results.append(entry)
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps({"run": RUN, "drills": results}, ensure_ascii=False, indent=2))
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
