#!/usr/bin/env python3
"""Throughput through nginx (TLS) of the liaison's inbox page and an API list, measured with
wrk at 8, 32 and 128 connections; written to artifacts/throughput.json. deploy/prod.py up must
have run. Every response must be a 2xx: wrk's own count (non-2xx-or-3xx, socket errors) is not
enough — a session that lapsed would answer 302 to the login page — so a Lua script counts the
non-2xx responses itself.

    .venv/bin/python deploy/throughput.py               # 10 s per level
    THROUGHPUT_SECONDS=30 .venv/bin/python deploy/throughput.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drills
import prod

ARTIFACT = prod.ROOT / "artifacts" / "throughput.json"
CONNECTIONS = (8, 32, 128)
SECONDS = int(os.environ.get("THROUGHPUT_SECONDS", "10"))
LIAISON = "samat"  # the demo's liaison of the Industry, Mine and Trade organisation (Qom)

# Per thread: the responses outside 2xx; done() adds them up over the threads and prints one
# JSON line with wrk's figures.
SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non_2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non_2xx") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "non_2xx": %d, "socket_errors": %d, '
    .. '"timeouts": %d, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\\n',
    summary.requests, summary.duration / 1e6, bad, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def wrk(url: str, connections: int, headers: dict[str, str], script: Path) -> dict:
    threads = min(connections, 2)
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={SECONDS}s",
        "--timeout=30s",
        f"--script={script}",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=SECONDS + 120, check=False
    )
    line = next((x for x in output.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"[throughput] wrk gave no result:\n{output.stdout}\n{output.stderr}")
    result = json.loads(line[len("RESULT ") :])
    result["requests_per_second"] = round(result["requests"] / result["seconds"], 1)
    result["errors"] = result["non_2xx"] + result["socket_errors"] + result["timeouts"]
    return result


def targets() -> list[tuple[str, str, dict[str, str]]]:
    from hamahang.accounts.models import User
    from hamahang.accounts.tokens import api_token_create

    session = drills._session(LIAISON)
    inbox = session.get("/inbox/")
    if inbox.status_code != 200 or inbox.url.path != "/inbox/":
        raise SystemExit(f"[throughput] the inbox did not open: {inbox.status_code} {inbox.url}")
    cookie = f"sessionid={session.cookies.get('sessionid')}"
    _token, raw = api_token_create(
        user=User.objects.get(username=LIAISON), name=f"throughput {drills.RUN}", days=None
    )
    return [
        ("inbox (session of a liaison)", "/inbox/", {"Cookie": cookie}),
        (
            "API assignments list (token)",
            "/api/v1/assignments?page_size=25",
            {"Authorization": f"Bearer {raw}", "Accept": "application/json"},
        ),
    ]


def main() -> int:
    drills.django_ready()
    started = time.time()
    results = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(SCRIPT)
    script = Path(file.name)
    try:
        for name, path, headers in targets():
            wrk(prod.base_url() + path, 8, headers, script)  # warm the caches and workers
            for connections in CONNECTIONS:
                figures = wrk(prod.base_url() + path, connections, headers, script)
                entry = {"target": name, "path": path, "connections": connections, **figures}
                print(f"[throughput] {json.dumps(entry, ensure_ascii=False)}", flush=True)
                results.append(entry)
    finally:
        script.unlink()
    passed = all(r["errors"] == 0 and r["requests"] > 0 for r in results)
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(
        json.dumps(
            {
                "passed": passed,
                "seconds_per_level": SECONDS,
                "topology": "nginx (TLS) → 2 gunicorn app servers × 2 workers × 4 threads",
                "results": results,
                "seconds": round(time.time() - started, 1),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
