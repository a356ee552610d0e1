#!/usr/bin/env python3
"""The production topology on one machine, from Debian's packages, for drills and measurement.

    deploy/prod.py up        # nginx (TLS, HTTP/2) → two gunicorn app servers → PostgreSQL 15
                             # primary + streaming hot standby (slot), Redis, two db_workers,
                             # pgBackRest (WAL archive + a full backup); demo data loaded
    deploy/prod.py status    # what runs, and whether /healthz is green
    deploy/prod.py down      # stop everything and remove the directory

Everything lives under PROD_DIR (default /tmp/hamahang-prod) on its own ports (PROD_PORT_BASE,
default 55000: +432 primary, +433 standby, +379 Redis, +1/+2 app servers, +443 nginx), so it
never touches the machine's own PostgreSQL or Redis. No systemd: `supervise` (started by `up`,
detached) keeps the app servers and workers running and restarts any that dies, as systemd's
Restart=always would in a province's real installation (README, production).

Run as root (PostgreSQL and pgBackRest run as the postgres user, nginx drops to nobody).
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DIR = Path(os.environ.get("PROD_DIR", "/tmp/hamahang-prod"))
BASE = int(os.environ.get("PROD_PORT_BASE", "55000"))
PORTS = {
    "primary": BASE + 432,
    "standby": BASE + 433,
    "redis": BASE + 379,
    "app1": BASE + 1,
    "app2": BASE + 2,
    "https": BASE + 443,
}
APP_SERVERS = ("app1", "app2")
WORKERS = ("worker1", "worker2")
STANZA = "hamahang"
DELIVERY_EVERY = 20  # seconds between periodic delivery runs
PRUNE_EVERY = 6 * 60 * 60  # seconds between runs of prune_idempotency_keys (README: daily)
# The stored report figures of provinces written to are recomputed this often (a reader may
# be shown them this many seconds behind, never more than HAMAHANG_FIGURES_MAX_AGE).
REFRESH_EVERY = 1
DB = "hamahang"


def log(message: str) -> None:
    print(f"[prod] {message}", flush=True)


def run(*args, user: str | None = None, check: bool = True, env=None, quiet=False, **kw):
    command = [str(a) for a in args]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    output = subprocess.run(
        command,
        check=False,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        **kw,
    )
    if check and output.returncode:
        raise SystemExit(
            f"[prod] failed ({output.returncode}): {' '.join(command)}\n{output.stdout}"
        )
    if not quiet and output.stdout.strip():
        print(output.stdout.rstrip(), flush=True)
    return output


def path(*parts) -> Path:
    return DIR.joinpath(*parts)


# --- Configuration ------------------------------------------------------------------------


def pg_url(role: str) -> str:
    return f"postgres://postgres@127.0.0.1:{PORTS[role]}/{DB}"


def app_env() -> dict[str, str]:
    """The environment every application process gets: production settings."""
    secret = path("secret_key")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secret.read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{PORTS['https']},https://localhost:{PORTS['https']}",
        "DATABASE_URL": pg_url("primary"),
        "DATABASE_REPLICA_URL": pg_url("standby"),
        # Both servers: after a failover, libpq finds the promoted one by itself.
        "DATABASE_FAILOVER_HOSTS": f"127.0.0.1:{PORTS['primary']},127.0.0.1:{PORTS['standby']}",
        "HAMAHANG_REPLICA_MAX_LAG": "5",
        # Subscribers on this machine (the drills' receiver) over plain http.
        "HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP": "1",
        # A notice a killed worker held is taken over after this long.
        "HAMAHANG_NOTICE_LEASE_SECONDS": "30",
        "CACHE_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "MEDIA_ROOT": str(path("media")),
        "STATIC_ROOT": str(path("static")),
        # The office's signing certificate of this topology (the demo signs minutes with it),
        # never the checkout's: one made by a DEBUG run there has another password.
        "HAMAHANG_SIGNING_P12": str(path("signing.p12")),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(path("prometheus")),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return env


def pgbackrest_conf() -> str:
    return (
        "[global]\n"
        f"repo1-path={path('backup')}\n"
        "repo1-retention-full=2\n"
        f"log-path={path('log')}\n"
        f"lock-path={path('run')}\n"
        f"spool-path={path('run')}\n"
        "start-fast=y\n"
        "log-level-console=warn\n"
        "\n"
        f"[{STANZA}]\n"
        f"pg1-path={path('pg', 'primary')}\n"
        f"pg1-port={PORTS['primary']}\n"
        f"pg1-socket-path={path('run')}\n"
    )


def pgbackrest(*args, check=True):
    return run(
        "pgbackrest",
        f"--config={path('pgbackrest.conf')}",
        f"--stanza={STANZA}",
        *args,
        user="postgres",
        check=check,
    )


def postgresql_conf(port: int) -> str:
    return (
        "\n# --- Hamahang production topology (deploy/prod.py) ---\n"
        f"port = {port}\n"
        "listen_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{path('run')}'\n"
        "wal_level = replica\n"
        "max_wal_senders = 8\n"
        "max_replication_slots = 8\n"
        "hot_standby = on\n"
        "hot_standby_feedback = on\n"
        "archive_mode = on\n"
        f"archive_command = 'pgbackrest --config={path('pgbackrest.conf')} --stanza={STANZA} "
        "archive-push %p'\n"
        "archive_timeout = 30\n"
        "shared_buffers = 256MB\n"
        "max_connections = 200\n"
        "synchronous_commit = on\n"
    )


def nginx_conf(cert: Path, key: Path) -> str:
    upstreams = "\n".join(
        f"        server 127.0.0.1:{PORTS[name]} max_fails=1 fail_timeout=3s;"
        for name in APP_SERVERS
    )
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    for name, value in {
        "DIR": DIR,
        "UPSTREAMS": upstreams,
        "HTTPS_PORT": PORTS["https"],
        "CERT": cert,
        "KEY": key,
        "STATIC": path("static"),
    }.items():
        text = text.replace(f"@@{name}@@", str(value))
    return text


# --- Steps --------------------------------------------------------------------------------


def prepare_dirs() -> None:
    if DIR.exists():
        raise SystemExit(f"[prod] {DIR} exists: run `deploy/prod.py down` first")
    for sub in ("pg", "run", "log", "backup", "media", "static", "prometheus", "nginx"):
        path(sub).mkdir(parents=True)
    DIR.chmod(0o755)
    postgres = pwd.getpwnam("postgres")
    for sub in ("pg", "run", "log", "backup"):
        os.chown(path(sub), postgres.pw_uid, postgres.pw_gid)
    path("secret_key").write_text(secrets.token_urlsafe(50))
    path("pgbackrest.conf").write_text(pgbackrest_conf())
    path("pgbackrest.conf").chmod(0o644)


def start_primary() -> None:
    data = path("pg", "primary")
    run(
        PG_BIN / "initdb",
        "-D",
        data,
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        user="postgres",
        quiet=True,
    )
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(postgresql_conf(PORTS["primary"]))
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    pg_ctl("primary", "start")
    run(
        PG_BIN / "psql",
        "-h",
        path("run"),
        "-p",
        PORTS["primary"],
        "-U",
        "postgres",
        "-qc",
        f"CREATE DATABASE {DB}",
        user="postgres",
    )
    pgbackrest("stanza-create")
    pgbackrest("check")


def pg_ctl(role: str, action: str, *extra, check=True):
    return run(
        PG_BIN / "pg_ctl",
        "-D",
        path("pg", role),
        "-l",
        path("log", f"{role}.log"),
        "-w",
        "-t",
        "60",
        action,
        *extra,
        user="postgres",
        check=check,
        quiet=True,
    )


def start_standby() -> None:
    rebuild_standby()


def psql(role: str, sql: str, check: bool = True):
    return run(
        PG_BIN / "psql",
        "-h",
        path("run"),
        "-p",
        PORTS[role],
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-tAqc",
        sql,
        user="postgres",
        check=check,
        quiet=True,
    )


def rebuild_standby() -> None:
    """A fresh hot standby of the current primary (pg_basebackup through the slot standby1)."""
    data = path("pg", "standby")
    if (data / "postmaster.pid").exists():
        pg_ctl("standby", "stop", "-m", "immediate", check=False)
    shutil.rmtree(data, ignore_errors=True)
    psql(
        "primary",
        "SELECT pg_drop_replication_slot('standby1') FROM pg_replication_slots "
        "WHERE slot_name = 'standby1'",
    )
    psql("primary", "SELECT pg_create_physical_replication_slot('standby1')")
    run(
        PG_BIN / "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        PORTS["primary"],
        "-U",
        "postgres",
        "-D",
        data,
        "-R",
        "-S",
        "standby1",
        "-X",
        "stream",
        "-c",
        "fast",
        user="postgres",
    )
    auto = data / "postgresql.auto.conf"
    # A primary restored to a moment keeps pgBackRest's recovery target in its auto.conf;
    # copied here it would make the standby recover to that moment and promote itself.
    kept = [
        line
        for line in auto.read_text().splitlines()
        if not line.startswith(("recovery_target", "restore_command"))
    ]
    kept += [f"port = {PORTS['standby']}", "archive_mode = off"]
    auto.write_text("\n".join(kept) + "\n")
    pg_ctl("standby", "start")


def start_redis() -> None:
    run(
        "redis-server",
        "--port",
        PORTS["redis"],
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--pidfile",
        path("run", "redis.pid"),
        "--logfile",
        path("log", "redis.log"),
        "--dir",
        path("run"),
    )


def prepare_application() -> None:
    env = app_env()
    manage = [VENV / "python", ROOT / "manage.py"]
    # Static files need no database: collected while the data loads.
    static = subprocess.Popen(
        [str(a) for a in (*manage, "collectstatic", "--no-input", "-v0")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    run(*manage, "migrate", "--no-input", env=env, quiet=True)
    run(*manage, "load_demo", env=env, quiet=True)
    # Two more provinces with their own offices, liaisons and work: load from several provinces.
    run(
        *manage,
        "generate_load",
        "--provinces",
        "khuzestan,isfahan",
        "--fraction",
        "0.02",
        env=env,
        quiet=True,
    )
    output, _ = static.communicate()
    if static.returncode:
        raise SystemExit(f"[prod] collectstatic failed ({static.returncode}):\n{output}")


def self_signed_certificate() -> tuple[Path, Path]:
    cert, key = os.environ.get("TLS_CERT"), os.environ.get("TLS_KEY")
    if cert and key:
        return Path(cert), Path(key)
    cert, key = path("nginx", "cert.pem"), path("nginx", "key.pem")
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        key,
        "-out",
        cert,
        quiet=True,
    )
    return cert, key


def start_nginx() -> None:
    cert, key = self_signed_certificate()
    conf = path("nginx", "nginx.conf")
    conf.write_text(nginx_conf(cert, key))
    run("nginx", "-t", "-c", conf, quiet=True)
    run("nginx", "-c", conf)


def process_commands() -> dict[str, list[str]]:
    gunicorn = [
        str(VENV / "gunicorn"),
        "--config",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "config.wsgi",
    ]
    commands = {
        name: [
            *gunicorn,
            "--bind",
            f"127.0.0.1:{PORTS[name]}",
            "--pid",
            str(path("run", f"{name}.pid")),
        ]
        for name in APP_SERVERS
    }
    for name in WORKERS:
        commands[name] = [
            str(VENV / "python"),
            str(ROOT / "manage.py"),
            "db_worker",
            "--worker-id",
            name,
        ]
    commands["figures"] = [
        str(VENV / "python"),
        str(ROOT / "manage.py"),
        "refresh_report_figures",
        "--every",
        str(REFRESH_EVERY),
    ]
    return commands


def supervise() -> None:
    """Keep the app servers and workers running; restart any that exits; stop all on TERM."""
    env = app_env()
    commands = process_commands()
    children: dict[str, subprocess.Popen] = {}
    restarts = dict.fromkeys(commands, 0)
    stopping = False

    def spawn(name: str) -> None:
        out = open(path("log", f"{name}.log"), "a")  # noqa: SIM115 - the child keeps it
        children[name] = subprocess.Popen(
            commands[name],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        path("run", f"{name}.child").write_text(str(children[name].pid))

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for name in commands:
        spawn(name)
    # The periodic runs (systemd timers in a real installation): notices a killed worker left,
    # and retries that came due, are sent even when nothing new is written; the remembered
    # answers to keyed writes are dropped once no retry can come for them. (The stored
    # per-province report figures are kept current by the supervised child "figures".)
    periodic = {"deliver_notices": DELIVERY_EVERY, "prune_idempotency_keys": PRUNE_EVERY}
    due = {command: time.time() + every for command, every in periodic.items()}
    running: dict[str, subprocess.Popen] = {}
    while not stopping:
        for command, every in periodic.items():
            busy = running.get(command) is not None and running[command].poll() is None
            if time.time() >= due[command] and not busy:
                running[command] = subprocess.Popen(
                    [str(VENV / "python"), str(ROOT / "manage.py"), command],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                due[command] = time.time() + every
        for name, child in list(children.items()):
            if child.poll() is not None and not stopping:
                restarts[name] += 1
                path("run", "restarts.json").write_text(json.dumps(restarts))
                spawn(name)
        time.sleep(0.2)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.time() + 25
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            child.kill()


def start_supervisor() -> None:
    out = open(path("log", "supervisor.log"), "a")  # noqa: SIM115 - the daemon keeps it
    process = subprocess.Popen(
        [sys.executable, __file__, "supervise"],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    path("run", "supervisor.pid").write_text(str(process.pid))


def base_url() -> str:
    return f"https://127.0.0.1:{PORTS['https']}"


def https_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_healthy(timeout: float = 90) -> dict:
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            status, body = https_get(base_url() + "/healthz?format=json")
            last = (status, body[:500])
            if status == 200:
                return json.loads(body)
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise SystemExit(f"[prod] /healthz did not turn green: {last}")


RECOVERY_SETTINGS = ("recovery_target_time", "recovery_target_action", "restore_command")


def forget_recovery_target(role: str = "primary") -> None:
    """After a point-in-time restore has promoted: pgBackRest's recovery settings are reset, so
    no later recovery (a standby made from this server) stops at that old moment again."""
    for setting in RECOVERY_SETTINGS:
        psql(role, f"ALTER SYSTEM RESET {setting}")


def full_backup() -> None:
    pgbackrest("backup", "--type=full")


def up() -> None:
    started = time.time()

    def step(message: str) -> None:
        log(f"{time.time() - started:4.0f} s  {message}")

    prepare_dirs()
    step(f"PostgreSQL primary on {PORTS['primary']}, pgBackRest stanza «{STANZA}»")
    start_primary()
    step(f"Redis on {PORTS['redis']}")
    start_redis()
    step("migrate, collectstatic, demo data")
    prepare_application()
    step(f"hot standby on {PORTS['standby']} (pg_basebackup, slot standby1)")
    start_standby()
    step("full backup (pgBackRest)")
    full_backup()
    step(f"app servers on {PORTS['app1']}, {PORTS['app2']}; two db_workers (supervised)")
    start_supervisor()
    step(f"nginx (TLS, HTTP/2) on {base_url()}")
    start_nginx()
    checks = wait_healthy()
    log(f"healthy in {time.time() - started:.0f} s: {', '.join(checks)}")


def pid_of(name: str) -> int | None:
    file = path("run", name)
    try:
        return int(file.read_text().strip())
    except (OSError, ValueError):
        return None


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def down() -> None:
    if not DIR.exists():
        log(f"{DIR} does not exist: nothing to stop")
        return
    supervisor = pid_of("supervisor.pid")
    if alive(supervisor):
        os.kill(supervisor, signal.SIGTERM)
        for _ in range(150):
            if not alive(supervisor):
                break
            time.sleep(0.2)
    for name in (*APP_SERVERS, *WORKERS):
        child = pid_of(f"{name}.child")
        if alive(child):
            os.killpg(child, signal.SIGKILL)
    conf = path("nginx", "nginx.conf")
    if alive(pid_of("nginx.pid")):
        run("nginx", "-c", conf, "-s", "quit", check=False, quiet=True)
    redis = pid_of("redis.pid")
    if alive(redis):
        os.kill(redis, signal.SIGTERM)
    for role in ("standby", "primary"):
        if path("pg", role, "postmaster.pid").exists():
            pg_ctl(role, "stop", "-m", "immediate", check=False)
    for _ in range(50):
        if not any(alive(pid_of(p)) for p in ("nginx.pid", "redis.pid")):
            break
        time.sleep(0.1)
    shutil.rmtree(DIR, ignore_errors=True)
    log(f"stopped; {DIR} removed")


def status() -> None:
    for name in ("supervisor.pid", "nginx.pid", "redis.pid"):
        print(f"{name[:-4]:12} {'running' if alive(pid_of(name)) else 'stopped'}")
    for name in (*APP_SERVERS, *WORKERS):
        print(f"{name:12} {'running' if alive(pid_of(name + '.child')) else 'stopped'}")
    for role in ("primary", "standby"):
        ok = run(
            PG_BIN / "pg_isready", "-h", "127.0.0.1", "-p", PORTS[role], check=False, quiet=True
        )
        print(f"{role:12} {'running' if ok.returncode == 0 else 'stopped'}")
    status_code, body = https_get(base_url() + "/healthz?format=json")
    print(f"/healthz     {status_code} {body.decode()[:300]}")


if __name__ == "__main__":
    if os.geteuid() != 0:
        raise SystemExit(
            "deploy/prod.py runs as root (PostgreSQL as postgres, nginx's master as root)"
        )
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    {"up": up, "down": down, "status": status, "supervise": supervise}[command]()
