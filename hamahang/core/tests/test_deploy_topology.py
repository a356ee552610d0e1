"""The production topology's script (deploy/prod.py) honours its directory and port base, and
its nginx configuration resends only the writes that carry an Idempotency-Key."""

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def load_prod(monkeypatch, tmp_path, base="56000"):
    monkeypatch.setenv("PROD_DIR", str(tmp_path / "prod"))
    monkeypatch.setenv("PROD_PORT_BASE", base)
    spec = importlib.util.spec_from_file_location("prod_under_test", DEPLOY / "prod.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_directory_and_port_base_come_from_the_environment(monkeypatch, tmp_path):
    prod = load_prod(monkeypatch, tmp_path)
    assert tmp_path / "prod" == prod.DIR
    assert prod.PORTS == {
        "primary": 56432,
        "standby": 56433,
        "redis": 56379,
        "app1": 56001,
        "app2": 56002,
        "https": 56443,
    }
    assert "port = 56432" in prod.postgresql_conf(prod.PORTS["primary"])
    assert f"repo1-path={tmp_path / 'prod' / 'backup'}" in prod.pgbackrest_conf()


def test_the_application_keeps_its_files_in_the_topologys_directory(monkeypatch, tmp_path):
    """Media, static files and the signing certificate under PROD_DIR: a certificate the
    checkout's DEBUG runs made (another password) once stopped the drill's demo load."""
    prod = load_prod(monkeypatch, tmp_path)
    (tmp_path / "prod").mkdir()
    (tmp_path / "prod" / "secret_key").write_text("k" * 50)
    env = prod.app_env()
    for name in ("MEDIA_ROOT", "STATIC_ROOT", "HAMAHANG_SIGNING_P12"):
        assert env[name].startswith(str(tmp_path / "prod")), name


def test_nginx_resends_a_write_only_when_it_carries_a_key(monkeypatch, tmp_path):
    prod = load_prod(monkeypatch, tmp_path)
    conf = prod.nginx_conf(tmp_path / "cert.pem", tmp_path / "key.pem")
    assert not re.search(r"@@[A-Z]+@@", conf)
    assert "127.0.0.1:56001" in conf and "127.0.0.1:56002" in conf
    assert "listen 127.0.0.1:56443 ssl" in conf
    retries = re.findall(r"proxy_next_upstream ([^;]*);", conf)
    assert retries == [
        "error timeout http_502 http_503",
        "error timeout http_502 http_503 non_idempotent",
    ]
    repeatable = conf[conf.index("location @repeatable") :]
    assert "non_idempotent" in repeatable
    assert "if ($http_idempotency_key)" in conf[: conf.index("location @repeatable")]


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")), reason="nginx not installed"
)
def test_the_rendered_nginx_configuration_is_valid(monkeypatch, tmp_path):
    prod = load_prod(monkeypatch, tmp_path)
    for sub in ("run", "log", "nginx"):
        prod.path(sub).mkdir(parents=True)
    cert, key = prod.self_signed_certificate()
    conf = prod.path("nginx", "nginx.conf")
    conf.write_text(prod.nginx_conf(cert, key))
    checked = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
