"""The benchmark suite: server-side latency of the pages and API people use most, exports and
imports of large files, and throughput against gunicorn. Results go to bench/results.json and
BENCHMARKS.md."""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client

from hamahang.accounts.models import Role, User
from hamahang.accounts.tokens import api_token_create
from hamahang.core.identifiers import complete_legal_id
from hamahang.core.jalali import today
from hamahang.meetings.models import Assignment, Meeting
from hamahang.organizations.models import Committee

ROOT = Path(settings.BASE_DIR)
TARGETS_MS = {
    "inbox": 30,
    "resolution_list": 30,
    "resolution_search": 150,
    "meeting_page": 30,
    "project_list": 30,
    "unit_list": 30,
    "report_national": 300,
    "report_province": 100,
    "statement": 100,
    "api_assignments": 30,
    "public_province": 30,
}
# The pages that cache what they render, measured as the writer's first request after a write
# (nothing cached or stored before it may be used): who asks, and the address.
AFTER_WRITE = {
    "inbox": ("liaison", "/inbox/"),
    "resolution_list": (
        "secretary",
        "/resolutions/?committee={committee}&period=y1400&status=in_progress",
    ),
    "meeting_page": ("secretary", "/meetings/{meeting}/"),
    "project_list": ("secretary", "/projects/"),
    "unit_list": ("secretary", "/units/"),
    "report_national": ("national", "/reports/?period=h1400-1"),
    "public_province": ("public", "/public/qom/"),
}


@dataclass
class Cast:
    secretary: User
    national: User
    liaison: User
    token: str
    committee: Committee
    meeting: Meeting


def cast() -> Cast:
    committee = (
        Committee.objects.filter(province__code="qom", kind="facilitation").order_by("pk").first()
    )
    secretary = User.objects.get(username="b-qom-dabir")
    national, _ = User.objects.get_or_create(
        username="b-national", defaults={"role": Role.NATIONAL}
    )
    heaviest = (
        Assignment.objects.overdue(today())
        .filter(resolution__committee__province__code="qom")
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    liaison = User.objects.filter(agency_id=heaviest["agency"], role=Role.AGENCY_LIAISON).first()
    token = api_token_create(user=liaison, name="bench")[1]
    meeting = (
        Meeting.objects.filter(committee=committee)
        .annotate(n=Count("resolutions"))
        .filter(n__gte=15)
        .order_by("-date")
        .first()
    )
    return Cast(secretary, national, liaison, token, committee, meeting)


def timed(
    client: Client,
    url: str,
    runs: int = 30,
    warmup: int = 5,
    after_write: int | None = None,
    **headers,
) -> dict:
    """Server-side latency of `url`. With `after_write` (a province's id), that province's
    data version is raised before each request, as a write there does, and the request is made
    as the writer (with the cookie a write response sets), so nothing cached or stored before
    it can be reused."""
    from hamahang.core import freshness
    from hamahang.core.versioning import bump_data_version

    for _ in range(warmup):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        if after_write is not None:
            bump_data_version(after_write)
            client.cookies[freshness.COOKIE] = freshness.write_cookie_value(time.time() + 0.001)
        started = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    client.cookies.pop(freshness.COOKIE, None)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
        "runs": runs,
    }


def latency(c: Cast) -> dict:
    results = {}
    secretary, liaison, national = Client(), Client(), Client()
    secretary.force_login(c.secretary)
    liaison.force_login(c.liaison)
    national.force_login(c.national)
    results["inbox"] = timed(liaison, "/inbox/")
    results["resolution_list"] = timed(
        secretary, f"/resolutions/?committee={c.committee.pk}&period=y1400&status=in_progress"
    )
    results["resolution_search"] = timed(secretary, "/resolutions/?q=" + "امهال تسهیلات")
    results["meeting_page"] = timed(secretary, f"/meetings/{c.meeting.pk}/")
    results["project_list"] = timed(secretary, "/projects/")
    results["unit_list"] = timed(secretary, "/units/")
    results["report_national"] = timed(national, "/reports/?period=h1400-1", runs=30, warmup=2)
    results["report_province"] = timed(secretary, "/reports/?period=h1400-1")
    results["statement"] = timed(secretary, "/reports/statement/?period=h1400-1")
    results["api_assignments"] = timed(
        Client(), "/api/v1/assignments?limit=25", HTTP_AUTHORIZATION=f"Bearer {c.token}"
    )
    # The public portal's province page, anonymous (issue 19), after the secretariat has
    # published the committee's resolutions of the measured half-year.
    publish_for_bench(c)
    results["public_province"] = timed(Client(), "/public/qom/")
    # The pages that cache part of their work, on the first request after a write.
    for name, (client, url) in AFTER_WRITE.items():
        results[f"{name}_after_write"] = timed(
            {"liaison": liaison, "secretary": secretary, "national": national, "public": Client()}[
                client
            ],
            url.format(committee=c.committee.pk, meeting=c.meeting.pk),
            after_write=c.committee.province_id,  # a write in Qom
        )
    return results


def publish_for_bench(c: Cast) -> None:
    """The committee's resolutions of 1400's first half published (once; the dataset is kept)."""
    from hamahang.core.jalali import Period
    from hamahang.meetings.models import Resolution
    from hamahang.meetings.services import resolutions_bulk_publish

    half = Period.half(1400, 1)
    rows = Resolution.objects.filter(
        committee=c.committee,
        meeting_date__range=(half.start, half.end),
        meeting__status__in=Meeting.HELD_STATUSES,
        is_confidential=False,
        is_published=False,
    )
    if not Resolution.objects.filter(committee=c.committee, is_published=True).exists():
        resolutions_bulk_publish(resolutions=list(rows), acting_user=c.secretary)


def export_100k(c: Cast) -> dict:
    """100,000 follow-up rows through the writer the export download uses (rows generated
    from the database as they are written, the workbook in constant-memory mode)."""
    from hamahang.imports.kinds import followups
    from hamahang.imports.writer import export_file
    from hamahang.meetings.models import FollowUp

    written = [0]

    def rows():
        written[0] = 0
        queryset = (
            FollowUp.objects.filter(assignment__resolution__committee__province__code="qom")
            .select_related("assignment__resolution__committee", "assignment__agency")
            .order_by("pk")[:100_000]
        )
        for f in queryset.iterator(chunk_size=2000):
            written[0] += 1
            yield {
                "committee": f.assignment.resolution.committee.name,
                "resolution": f.assignment.resolution.code,
                "agency": f.assignment.agency.name,
                "text": f.text,
                "progress": f.progress,
                "is_final": f.is_final,
            }

    def export() -> int:
        with export_file(followups, {followups.REPORTS: rows()}) as target:
            return target.seek(0, io.SEEK_END)

    started = time.perf_counter()
    size = export()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds": round(seconds, 1),
        "peak_mb": round(peak / 2**20, 1),
        "rows": written[0],
        "bytes": size,
    }


def import_50k(c: Cast) -> dict:
    from openpyxl import Workbook

    from hamahang.imports.services import import_file

    headers = ["نام واحد", "شناسه ملی", "نوع واحد", "شهرستان", "مالکیت", "وضعیت", "اشتغال فعلی"]
    county = c.secretary.agency.province.counties.first().name
    book = Workbook(write_only=True)
    sheet = book.create_sheet("واحدها")
    sheet.append(headers)
    for i in range(50_000):
        sheet.append(
            [
                f"واحد سنجش {i}",
                complete_legal_id(f"99{i:08d}"),
                "صنعتی",
                county,
                "خصوصی",
                "فعال",
                i % 90,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    started = time.perf_counter()
    with transaction.atomic():
        total, _counts = import_file(kind="units", source=buffer, user=c.secretary, apply=True)
        transaction.set_rollback(True)  # measure the write, keep the dataset as it was
    return {"seconds": round(time.perf_counter() - started, 1), "rows": total}


def throughput(c: Cast) -> dict:
    """inbox and api_assignments against gunicorn (2 workers) with wrk at 1, 8 and 32 connections."""
    import urllib.request

    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    from importlib import import_module

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(c.liaison.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = c.liaison.get_session_auth_hash()
    session.create()
    port = 8765
    # The same settings as this process (its SECRET_KEY too, or the session would not verify).
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "error"],
        cwd=ROOT,
        env=env,
    )
    targets = [
        ("inbox", "/inbox/", ("Cookie", f"sessionid={session.session_key}")),
        ("api_assignments", "/api/v1/assignments?limit=25", ("Authorization", f"Bearer {c.token}")),
    ]
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for _name, path, (header, value) in targets:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={header: value}
            )
            # wrk counts a redirect to the login page as a success: refuse that here.
            assert urllib.request.urlopen(request, timeout=10).geturl().endswith(path), path
        results = {}
        for name, path, (header, value) in targets:
            for connections in (1, 8, 32):
                output = subprocess.run(
                    [
                        "wrk",
                        "-t",
                        "2" if connections > 1 else "1",
                        "-c",
                        str(connections),
                        "-d",
                        "8s",
                        "-H",
                        f"{header}: {value}",
                        f"http://127.0.0.1:{port}{path}",
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                results[f"{name}_c{connections}"] = _parse_wrk(output)
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def _parse_wrk(output: str) -> dict:
    rps, errors = 0.0, 0
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            rps = float(line.split()[1])
        if line.startswith("Non-2xx or 3xx responses:"):
            errors += int(line.split(":")[1])
        if line.startswith("Socket errors:"):
            errors += sum(int(part.split()[-1]) for part in line.split(":", 1)[1].split(","))
    return {"rps": round(rps, 1), "errors": errors}


def machine(scale: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        database = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database.split(" on ")[0],
        "scale": scale,
        "assignments": Assignment.objects.count(),
        "followups": __import__(
            "hamahang.meetings.models", fromlist=["FollowUp"]
        ).FollowUp.objects.count(),
    }


def dataset_build() -> dict:
    """What `generate_load` recorded when it last built the dataset (bench/dataset.json)."""
    path = ROOT / "bench" / "dataset.json"
    return json.loads(path.read_text()) if path.exists() else {}


def write_outputs(results: dict, info: dict) -> None:
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "results.json").write_text(
        json.dumps({"machine": info, **results}, ensure_ascii=False, indent=2)
    )
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, Django {info['django']}, {info['database']}.",
        f"Dataset: `generate_load --scale {info['scale']}` — {info['assignments']:,} assignments, {info['followups']:,} follow-ups.",
        "",
        "| measure | p50 ms | p95 ms | target p95 ms | met |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for name, target in TARGETS_MS.items():
        row = results.get(name, {})
        met = "yes" if row.get("p95_ms", 1e9) <= target else "**no**"
        lines.append(
            f"| {name} | {row.get('p50_ms', '—')} | {row.get('p95_ms', '—')} | {target} | {met} |"
        )
    for name in AFTER_WRITE:
        row = results.get(f"{name}_after_write", {})
        lines.append(
            f"| {name}_after_write (the writer's first request after a write) | {row.get('p50_ms', '—')} | {row.get('p95_ms', '—')} | — | — |"
        )
    uncached = {
        "report_national_uncached": (
            "cold cache, right after a write in one province, read by another user; worker running",
            300,
        ),
        "report_national_writer": ("the same, read by the writer: that province recomputed", None),
        "report_national_stored": ("cold cache, stored figures current", None),
        "report_national_direct": ("every section from the rows, nothing stored", None),
        "report_province_uncached": (
            "cold cache, right after a write in it, read by another user; worker running",
            100,
        ),
        "report_province_writer": ("the same, read by the writer: recomputed", None),
        "report_province_stored": ("cold cache, stored figures current", None),
        "report_province_direct": ("every section from the rows, nothing stored", None),
    }
    for name, (what, target) in uncached.items():
        row = results.get(name, {})
        met = "—" if target is None else ("yes" if row.get("p95_ms", 1e9) <= target else "**no**")
        lines.append(
            f"| {name} ({what}) | {row.get('p50_ms', '—')} | {row.get('p95_ms', '—')} | {target or '—'} | {met} |"
        )
    mixed = results.get("mixed", {})
    if mixed:
        lines += [
            "",
            f"Mixed scenario: {mixed['writes']} progress reports filed by liaisons in "
            f"{len(mixed['provinces'])} provinces ({', '.join(mixed['provinces'])}) through the "
            f"ordinary service while the reads below were measured — {mixed['writes_per_s']} "
            f"writes/s, {mixed['failed_writes']} failed, write p95 {mixed['write_p95_ms']} ms. "
            "Beside them, as in production, the worker `refresh_report_figures --every 1` "
            f"({mixed.get('refresher') or 'no output'}); the readers had not written, so they "
            "may be shown stored figures up to `HAMAHANG_FIGURES_MAX_AGE` (5) seconds behind "
            "(`core.freshness`).",
            "",
            "| read under writes | p50 ms | p95 ms | quiet p95 ms | target p95 ms | met |",
            "| --- | ---: | ---: | ---: | ---: | :---: |",
        ]
        for name, row in mixed["reads"].items():
            target = row.get("target_ms")
            met = "—" if target is None else ("yes" if row["p95_ms"] <= target else "**no**")
            lines.append(
                f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row.get('quiet_p95_ms', '—')} | {target or '—'} | {met} |"
            )
    export, imported = results.get("export_xlsx_100k", {}), results.get("import_xlsx_50k", {})
    lines += [
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| export_xlsx_100k | {export.get('seconds')} s, peak {export.get('peak_mb')} MB ({export.get('rows')} rows) | ≤ 20 s, ≤ 200 MB |",
        f"| import_xlsx_50k | {imported.get('seconds')} s ({imported.get('rows')} rows) | ≤ 90 s |",
    ]
    build = results.get("generate_load", {})
    if build:
        lines.append(
            f"| generate_load --scale {build['scale']} | {build['seconds']} s "
            f"({build['provinces_built']} provinces built, {build['workers']} at a time) | ≤ 900 s at scale 31 |"
        )
    lines += [
        "",
        "| throughput (gunicorn, 2 workers) | requests/s | errors |",
        "| --- | ---: | ---: |",
    ]
    for name, row in results.get("throughput", {}).items():
        if isinstance(row, dict):
            lines.append(f"| {name} | {row['rps']} | {row['errors']} |")
        else:
            lines.append(f"| {name} | {row} | |")
    lines += [
        "",
        "Targets (scale 31): p95 ≤ 30 ms for the lists and the API, ≤ 150 ms for search, ≤ 300 ms national report, ≤ 100 ms province report and statement; inbox ≥ 300 requests/s at 8 connections and no errors at 32.",
        "",
    ]
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text()]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    peer = ROOT / "bench" / "peer.md"
    if peer.exists():  # the Redmine comparison (make bench-peer) stays in the file
        from hamahang.bench.peer_measure import place_in_benchmarks

        place_in_benchmarks(peer.read_text())


def uncached_reports(c: Cast) -> dict:
    """What the half-year report costs with the page cache cold (the engine called directly,
    the page cache never consulted):
    - `_uncached`: right after a write in one province (another one each time), read by
      someone who did not write it, with the worker running as in production
      (`refresh_report_figures --every 1`): stored figures up to HAMAHANG_FIGURES_MAX_AGE
      seconds behind may be used (core.freshness), older ones are recomputed;
    - `_writer`: the same read by the writer: the written province is always recomputed;
    - `_stored`: every province's stored figures current (the worker has caught up);
    - `_direct`: every section computed from the rows, nothing stored read (`stored=False`)."""
    from django.conf import settings

    from hamahang.core import freshness
    from hamahang.core.jalali import Period
    from hamahang.core.versioning import bump_data_version
    from hamahang.organizations.models import Province
    from hamahang.reports.engine import Scope, build_report

    period = Period.half(1400, 1)
    own = c.secretary.agency.province_id
    written = list(
        Province.objects.filter(committees__isnull=False).distinct().values_list("pk", flat=True)
    )
    results = {}
    refresher = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "refresh_report_figures", "--every", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        for name, scope in (
            ("report_national", Scope()),
            ("report_province", Scope(province_id=own)),
        ):

            def sample(runs: int, before=lambda i: None, age=None, scope=scope, **options):
                samples = []
                for i in range(runs):
                    before(i)
                    oldest = None if age is None else time.time() - age
                    started = time.perf_counter()
                    with freshness.reading_as(oldest):
                        build_report(period=period, scope=scope, **options)
                    samples.append((time.perf_counter() - started) * 1000)
                    time.sleep(0.2)  # a write, then a reader, a few times a second
                samples.sort()
                return {
                    "p50_ms": round(statistics.median(samples), 1),
                    "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
                    "max_ms": round(max(samples), 1),
                    "runs": runs,
                }

            build_report(period=period, scope=scope)  # stores what is missing
            results[f"{name}_stored"] = sample(30)
            provinces = written if scope.province_id is None else [own]

            def write(i, provinces=provinces):
                bump_data_version(provinces[i % len(provinces)])

            results[f"{name}_uncached"] = sample(
                30, before=write, age=settings.HAMAHANG_FIGURES_MAX_AGE
            )
            results[f"{name}_writer"] = sample(30, before=write, age=0)
            results[f"{name}_direct"] = sample(3, stored=False)
    finally:
        refresher.terminate()
        refresher.wait(timeout=30)
    return results


MIXED_WRITERS = 4  # provinces written at once
MIXED_RATE = 6.0  # progress reports per second in each: 24 a second in the country


def mixed(c: Cast, quiet: dict) -> dict:
    """The read targets measured while liaisons in several provinces file progress reports
    through the ordinary service (`manage.py bench_write`, one process per province) at a
    national rate of MIXED_WRITERS × MIXED_RATE writes a second."""
    from hamahang.organizations.models import Province

    others = (
        Province.objects.filter(committees__isnull=False)
        .exclude(code="qom")
        .distinct()
        .order_by("code")
        .values_list("code", flat=True)
    )
    codes = ["qom", *others[: MIXED_WRITERS - 1]]
    seconds = 150
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "bench_write",
                "--province",
                code,
                "--rate",
                str(MIXED_RATE),
                "--seconds",
                str(seconds),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for code in codes
    ]
    # As in production (deploy/prod.py): the worker recomputing the stored report figures of
    # the provinces written to, every second; readers may be shown them seconds behind.
    refresher = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "refresh_report_figures",
            "--every",
            "1",
            "--seconds",
            str(seconds),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(5)  # the writers started and writing
    secretary, liaison, national = Client(), Client(), Client()
    secretary.force_login(c.secretary)
    liaison.force_login(c.liaison)
    national.force_login(c.national)
    reads = {
        "inbox": (liaison, "/inbox/", {}),
        "resolution_list": (
            secretary,
            f"/resolutions/?committee={c.committee.pk}&period=y1400&status=in_progress",
            {},
        ),
        "meeting_page": (secretary, f"/meetings/{c.meeting.pk}/", {}),
        "project_list": (secretary, "/projects/", {}),
        "report_national": (national, "/reports/?period=h1400-1", {}),
        "report_province": (secretary, "/reports/?period=h1400-1", {}),
        "statement": (secretary, "/reports/statement/?period=h1400-1", {}),
        "api_assignments": (
            Client(),
            "/api/v1/assignments?limit=25",
            {"HTTP_AUTHORIZATION": f"Bearer {c.token}"},
        ),
    }
    measured = {}
    for name, (client, url, headers) in reads.items():
        row = timed(client, url, runs=30, warmup=2, **headers)
        row["quiet_p95_ms"] = quiet.get(name, {}).get("p95_ms")
        row["target_ms"] = TARGETS_MS.get(name)
        measured[name] = row
    writes = []
    for writer in writers:
        out, _ = writer.communicate(timeout=seconds + 60)
        writes.append(json.loads(out.strip().splitlines()[-1]))
    elapsed = max(w["seconds"] for w in writes)
    refreshed, _ = refresher.communicate(timeout=seconds + 60)
    return {
        "provinces": codes,
        "writes": sum(w["written"] for w in writes),
        "failed_writes": sum(w["failed"] for w in writes),
        "writes_per_s": round(sum(w["written"] for w in writes) / elapsed, 1),
        "write_p95_ms": max(w["write_p95_ms"] or 0 for w in writes),
        "refresher": refreshed.strip().splitlines()[-1] if refreshed.strip() else "",
        "reads": measured,
    }


def run(scale: int) -> dict:
    c = cast()
    results = latency(c)
    results.update(uncached_reports(c))
    results["mixed"] = mixed(c, results)
    results["export_xlsx_100k"] = export_100k(c)
    results["import_xlsx_50k"] = import_50k(c)
    results["throughput"] = throughput(c)
    results["generate_load"] = dataset_build()
    write_outputs(results, machine(scale))
    return results
