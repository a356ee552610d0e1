"""Hamahang beside Redmine on the same workload (issue 20): the five requests measured the
same way on both systems, from outside, over HTTP.

- Latency: `curl` `time_total`, a new connection per request, WARMUP unmeasured then N
  measured requests; median and p95 (nearest rank), as ../shared/peers/redmine/bench.sh.
  Hamahang's (a) and (d) twice: cached, and with a write (the data version raised, as every
  domain write does) before each request, so nothing cached can be reused.
- Throughput: wrk at 1, 4 and 16 connections for (a) and (b).
- Memory: RSS and PSS summed over each server's processes (master and workers).

Redmine runs under puma (2 workers × 5 threads) as ../shared/peers/redmine/setup.sh starts it;
Hamahang under gunicorn with the same shape (2 workers × 5 threads), nothing in front.
Writes bench/peer.json and bench/peer.md (the table, also placed in BENCHMARKS.md)."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from importlib import import_module
from pathlib import Path

import django
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
STATE = Path("/var/lib/redmine-bench")
REDMINE = os.environ.get("REDMINE_BASE", "http://127.0.0.1:3000")
PORT = int(os.environ.get("PEER_PORT", "8106"))
HAMAHANG = f"http://127.0.0.1:{PORT}"
N = int(os.environ.get("N", "30"))
WARMUP = int(os.environ.get("WARMUP", "5"))
WRK_SECS = int(os.environ.get("WRK_SECS", "20"))
CONNECTIONS = (1, 4, 16)
AGENCY, ISSUE = 101, 800

_F_OVERDUE = (
    "set_filter=1&f%5B%5D=status_id&op%5Bstatus_id%5D=o&f%5B%5D=assigned_to_id"
    f"&op%5Bassigned_to_id%5D=%3D&v%5Bassigned_to_id%5D%5B%5D={AGENCY}&f%5B%5D=due_date"
    "&op%5Bdue_date%5D=%3Ct-&v%5Bdue_date%5D%5B%5D=1&sort=due_date%2Cid"
)
_F_OPEN = (
    "set_filter=1&f%5B%5D=status_id&op%5Bstatus_id%5D=o&f%5B%5D=assigned_to_id"
    f"&op%5Bassigned_to_id%5D=%3D&v%5Bassigned_to_id%5D%5B%5D={AGENCY}&sort=id"
)
_CSV_COLS = "&".join(
    f"c%5B%5D={c}"
    for c in (
        "tracker",
        "status",
        "priority",
        "subject",
        "assigned_to",
        "due_date",
        "created_on",
        "updated_on",
        "description",
    )
)
REDMINE_URLS = {
    "a": f"/projects/resolutions/issues?{_F_OVERDUE}&per_page=25",
    "b": f"/projects/resolutions/issues.json?{_F_OVERDUE}&limit=25",
    "c": f"/projects/resolutions/issues.csv?{_F_OPEN}&{_CSV_COLS}&encoding=UTF-8",
    "d": "/projects/resolutions/issues/report",
    "e": f"/issues/{ISSUE}",
}
NAMES = {
    "a": "(a) one agency's overdue open work, 25 a page, HTML",
    "b": "(b) the same as JSON",
    "c": "(c) export of one agency's 5,042 open items (CSV)",
    "d": "(d) summary report over all 200,000",
    "e": "(e) one item's page with its notes",
}


# --------------------------------------------------------------------------- measuring
def curl_series(url: str, headers: list[str], before=None) -> dict:
    """WARMUP + N requests with curl (a new connection each); `before` runs before each
    measured one (the write) and may return more curl arguments for it."""
    args = ["curl", "-s", "-o", "/dev/null"]
    for header in headers:
        args += ["-H", header]
    for _ in range(WARMUP):
        subprocess.run([*args, url], check=True)
    samples, codes, size = [], set(), 0
    for _ in range(N):
        extra = (before() or []) if before else []
        out = subprocess.run(
            [*args, *extra, "-w", "%{time_total} %{http_code} %{size_download}", url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        samples.append(float(out[0]) * 1000)
        codes.add(out[1])
        size = int(out[2])
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[math.ceil(0.95 * len(samples)) - 1], 1),
        "min_ms": round(samples[0], 1),
        "max_ms": round(samples[-1], 1),
        "bytes": size,
        "http": sorted(codes),
        "n": N,
    }


def wrk(url: str, headers: list[str], connections: int) -> dict:
    args = ["wrk", f"-t{1 if connections < 2 else 2}", f"-c{connections}", f"-d{WRK_SECS}s"]
    args += ["--timeout", "30s", "--latency"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    return {
        "rps": rps,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
    }


def memory(master: int) -> dict:
    """RSS and PSS (MB) summed over a server's master and its children."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    rss = pss = 0
    for pid in [str(master), *children]:
        status = Path(f"/proc/{pid}/status").read_text()
        rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        pss += int(re.search(r"Pss:\s+(\d+)", rollup).group(1))
    return {
        "rss_mb": round(rss / 1024),
        "pss_mb": round(pss / 1024),
        "processes": 1 + len(children),
    }


# --------------------------------------------------------------------------- Redmine
def redmine_headers() -> dict[str, list[str]]:
    """An admin session (as bench.sh: admin/admin) and the admin API key."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{REDMINE}/login").read().decode()
    token = re.search(r'name="authenticity_token" value="([^"]*)"', page).group(1)
    data = urllib.parse.urlencode(
        {"authenticity_token": token, "username": "admin", "password": "admin"}
    ).encode()
    opener.open(f"{REDMINE}/login", data=data)
    session = next(c.value for c in jar if c.name == "Redmine")
    key = (STATE / "api_key").read_text().strip()
    return {
        "session": [f"Cookie: Redmine={session}"],
        "api": [f"X-Redmine-API-Key: {key}"],
    }


def measure_redmine() -> dict:
    headers = redmine_headers()
    result = {"urls": {k: REDMINE + v for k, v in REDMINE_URLS.items()}}
    pid = int((STATE / "puma.pid").read_text())
    result["memory_before"] = memory(pid)
    result["latency"] = {
        key: curl_series(REDMINE + path, headers["api" if key == "b" else "session"])
        for key, path in REDMINE_URLS.items()
    }
    result["throughput"] = {
        f"{key}_c{c}": wrk(
            REDMINE + REDMINE_URLS[key], headers["api" if key == "b" else "session"], c
        )
        for key in ("a", "b")
        for c in CONNECTIONS
    }
    result["memory_after"] = memory(pid)
    return result


# --------------------------------------------------------------------------- Hamahang
def hamahang_cast() -> dict:
    """The liaison of agency01 (Redmine's user 101), its API token, the secretariat, item 800."""
    from hamahang.accounts.models import User
    from hamahang.accounts.tokens import api_token_create
    from hamahang.meetings.models import Assignment

    liaison = User.objects.get(username="agency01")
    secretary = User.objects.get(username="peer-dabir")
    item = Assignment.objects.get(resolution__text__startswith=f"مصوبه شماره {ISSUE} - ")
    token = api_token_create(user=liaison, name="bench-peer")[1]
    return {
        "liaison": _session(liaison),
        "secretary": _session(secretary),
        "token": token,
        "item": item.pk,
        "notes": item.followups.count(),
    }


def _session(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"Cookie: {settings.SESSION_COOKIE_NAME}={store.session_key}"


def hamahang_urls(cast: dict) -> dict[str, tuple[str, list[str]]]:
    from hamahang.core.jalali import today

    day = today()
    span = f"{day.replace(year=day.year - 4).isoformat()}..{day.replace(year=day.year + 1).isoformat()}"
    liaison, secretary = [cast["liaison"]], [cast["secretary"]]
    return {
        "a": ("/inbox/?section=overdue", liaison),
        "b": (
            "/api/v1/assignments?overdue=true&limit=25",
            [f"Authorization: Bearer {cast['token']}"],
        ),
        "c": ("/inbox/export.csv?section=all", liaison),
        "d": (f"/reports/?period={span}", secretary),
        "e": (f"/assignments/{cast['item']}/", liaison),
        "c_xlsx": ("/inbox/export.xlsx?section=all", liaison),
    }


def start_gunicorn() -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"}
    env["GUNICORN_CMD_ARGS"] = "--log-level error"
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "-w", "2", "--threads", "5", "-b", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{HAMAHANG}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not come up")


def measure_hamahang() -> dict:

    from hamahang.core import freshness
    from hamahang.core.versioning import bump_data_version

    cast = hamahang_cast()
    urls = hamahang_urls(cast)

    def write_then_read_as_writer(headers: list[str]):
        """What every domain write does (the data version raised: nothing cached is reused),
        and the request made as the writer: with the cookie a write response sets, so that
        no stored figure read before the write may be shown (core.freshness)."""

        def write() -> list[str]:
            bump_data_version()
            cookie = f"{freshness.COOKIE}={freshness.write_cookie_value(time.time() + 0.001)}"
            return [arg for h in headers for arg in ("-H", f"{h}; {cookie}")]

        return write

    server = start_gunicorn()
    try:
        for key, (path, headers) in urls.items():
            request = urllib.request.Request(
                HAMAHANG + path, headers=dict(h.split(": ", 1) for h in headers)
            )
            # A redirect to the sign-in page would measure the wrong page: refuse it.
            assert urllib.request.urlopen(request, timeout=60).geturl().endswith(path), key
        result = {
            "urls": {k: HAMAHANG + p for k, (p, _) in urls.items()},
            "item_notes": cast["notes"],
        }
        result["memory_before"] = memory(server.pid)
        result["latency"] = {key: curl_series(HAMAHANG + p, h) for key, (p, h) in urls.items()}
        for key in ("a", "d"):
            path, headers = urls[key]
            result["latency"][f"{key}_after_write"] = curl_series(
                HAMAHANG + path, [], write_then_read_as_writer(headers)
            )
        result["throughput"] = {
            f"{key}_c{c}": wrk(HAMAHANG + urls[key][0], urls[key][1], c)
            for key in ("a", "b")
            for c in CONNECTIONS
        }
        result["memory_after"] = memory(server.pid)
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


# --------------------------------------------------------------------------- output
def compare(redmine: dict, hamahang: dict) -> dict:
    rows = {}
    for key in ("a", "b", "c", "d", "e"):
        rm = redmine["latency"][key]
        for variant in (key, f"{key}_after_write"):
            hh = hamahang["latency"].get(variant)
            if not hh:
                continue
            rows[variant] = {
                "redmine": rm,
                "hamahang": hh,
                "ratio": {
                    "median": round(rm["median_ms"] / hh["median_ms"], 1),
                    "p95": round(rm["p95_ms"] / hh["p95_ms"], 1),
                },
            }
    for name, rm in redmine["throughput"].items():
        hh = hamahang["throughput"][name]
        rows[f"throughput_{name}"] = {
            "redmine": rm,
            "hamahang": hh,
            "ratio": round(hh["rps"] / rm["rps"], 1) if rm["rps"] else None,
        }
    rm_mem, hh_mem = redmine["memory_after"], hamahang["memory_after"]
    rows["memory"] = {
        "redmine": rm_mem,
        "hamahang": hh_mem,
        "ratio": {
            "rss": round(rm_mem["rss_mb"] / hh_mem["rss_mb"], 1),
            "pss": round(rm_mem["pss_mb"] / hh_mem["pss_mb"], 1),
        },
    }
    return rows


def versions() -> dict:
    def out(*args: str) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    gunicorn = out(str(Path(sys.executable).parent / "gunicorn"), "--version")
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.split()[-1].strip("()") if gunicorn else "?",
        "postgresql": pg,
        "redmine": out("dpkg-query", "-W", "-f=${Version}", "redmine"),
        "ruby": out("ruby", "-e", "print RUBY_VERSION"),
        "rails": out("dpkg-query", "-W", "-f=${Version}", "ruby-rails"),
        "puma": out("dpkg-query", "-W", "-f=${Version}", "puma"),
        "wrk": out("dpkg-query", "-W", "-f=${Version}", "wrk"),
    }


def table(rows: dict, info: dict, redmine: dict, hamahang: dict) -> str:
    ok = "✓"
    lines = [
        "## Hamahang beside Redmine (issue 20)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench-peer` on one "
        f"{info['cores']}-core machine ({info['memory_gb']} GiB), both systems on the same "
        f"PostgreSQL {info['postgresql']}: Redmine {info['redmine']} (Ruby {info['ruby']}, Rails "
        f"{info['rails']}, puma {info['puma']}, 2 workers × 5 threads) and Hamahang (Python "
        f"{info['python']}, Django {info['django']}, gunicorn {info['gunicorn']}, 2 workers × 5 "
        f"threads, Redis cache); wrk {info['wrk']}. Workload: Redmine's `load.sql`, regenerated "
        "in Hamahang by `generate_load --workload redmine` (200,000 items, 600,000 notes).",
        "",
        f"Latency: curl `time_total`, a new connection per request, {WARMUP} warm-up + {N} "
        "measured; ratio = Redmine's time / Hamahang's (≥ 10 is the goal, ✓).",
        "",
        "| request | Redmine median | Redmine p95 | Hamahang median | Hamahang p95 | ratio median | ratio p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for variant, row in rows.items():
        if variant.startswith("throughput") or variant == "memory":
            continue
        key = variant[0]
        label = NAMES[key] + (" — right after a write" if variant.endswith("after_write") else "")
        rm, hh, ratio = row["redmine"], row["hamahang"], row["ratio"]
        lines.append(
            f"| {label} | {rm['median_ms']} | {rm['p95_ms']} | {hh['median_ms']} | {hh['p95_ms']} "
            f"| {ratio['median']}× {ok if ratio['median'] >= 10 else ''} "
            f"| {ratio['p95']}× {ok if ratio['p95'] >= 10 else ''} |"
        )
    xlsx = hamahang["latency"].get("c_xlsx")
    if xlsx:
        lines.append(
            f"| (c) the same as XLSX (Hamahang only) | — | — | {xlsx['median_ms']} | {xlsx['p95_ms']} | — | — |"
        )
    lines += [
        "",
        f"Throughput: wrk, {WRK_SECS} s per run; ratio = Hamahang's requests/s / Redmine's.",
        "",
        "| request | connections | Redmine req/s | Hamahang req/s | ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for variant, row in rows.items():
        if not variant.startswith("throughput"):
            continue
        _, key, conns = variant.split("_")
        ratio = row["ratio"]
        lines.append(
            f"| ({key}) | {conns[1:]} | {row['redmine']['rps']} | {row['hamahang']['rps']} "
            f"| {ratio}× {ok if ratio and ratio >= 10 else ''} |"
        )
    mem = rows["memory"]
    lines += [
        "",
        "| server memory after the runs | Redmine (puma) | Hamahang (gunicorn) | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| RSS, MB (sum of {mem['redmine']['processes']} / {mem['hamahang']['processes']} processes) "
        f"| {mem['redmine']['rss_mb']} | {mem['hamahang']['rss_mb']} | {mem['ratio']['rss']}× |",
        f"| PSS, MB | {mem['redmine']['pss_mb']} | {mem['hamahang']['pss_mb']} | {mem['ratio']['pss']}× |",
        "",
        "Exact URLs (agency 101 = `agency01`, item 800):",
        "",
    ]
    for key in ("a", "b", "c", "d", "e"):
        lines.append(f"- {key} Redmine: `{redmine['urls'][key]}`")
        lines.append(f"- {key} Hamahang: `{hamahang['urls'][key]}`")
    lines += [
        "",
        "Redmine requests are made as admin (session cookie; (b) with the admin API key) as "
        "`bench.sh` does; Hamahang's (a), (c), (e) as agency01's liaison (session), (b) with its "
        'API token, (d) as the secretariat. Hamahang\'s "right after a write" rows raise the data '
        "version before each measured request, as every domain write does, so nothing cached "
        "is reused, and make the request as the writer (with the cookie a write response "
        "sets), so no stored figure read before the write is shown either (`core.freshness`).",
        "",
    ]
    notes = ROOT / "bench" / "PEER_NOTES.md"
    if notes.exists():
        lines += [notes.read_text()]
    return "\n".join(lines)


BEGIN, END = "<!-- peer:begin -->", "<!-- peer:end -->"


def place_in_benchmarks(section: str) -> None:
    """The section between markers in BENCHMARKS.md (added at the end the first time)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{section}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def run(skip_redmine: bool = False) -> dict:
    if not shutil.which("wrk") or not shutil.which("curl"):
        raise RuntimeError("curl and wrk are needed (apt-get install curl wrk)")
    info = versions()
    hamahang = measure_hamahang()
    previous = ROOT / "bench" / "peer.json"
    if skip_redmine and previous.exists():
        redmine = json.loads(previous.read_text())["redmine"]
    else:
        redmine = measure_redmine()
    rows = compare(redmine, hamahang)
    result = {"machine": info, "comparison": rows, "redmine": redmine, "hamahang": hamahang}
    (ROOT / "bench").mkdir(exist_ok=True)
    previous.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    render(result)
    return result


def render(result: dict | None = None) -> None:
    """The table (bench/peer.md and BENCHMARKS.md) from measured figures (default: the last
    bench/peer.json), with bench/PEER_NOTES.md after it."""
    if result is None:
        result = json.loads((ROOT / "bench" / "peer.json").read_text())
    section = table(result["comparison"], result["machine"], result["redmine"], result["hamahang"])
    (ROOT / "bench" / "peer.md").write_text(section)
    place_in_benchmarks(section)
