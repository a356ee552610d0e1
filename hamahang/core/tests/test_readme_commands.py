"""Every `manage.py` command in README.md's code blocks works on a fresh checkout exactly as
written: no DEBUG or SECRET_KEY set by hand, against a temporary SQLite database holding the
demo. A command added to the README is covered without editing this test."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PREFIXES = (".venv/bin/python manage.py ", "python manage.py ")
ASSIGNMENT = re.compile(r"^[A-Z][A-Z0-9_]*=")
NOT_RUN = {"runserver": "serves until stopped"}
# Commands that serve until stopped but can be told to stop: run as written, bounded.
BOUNDED = {"fake_providers": " --seconds 1"}


def readme_commands() -> list[str]:
    """The shell commands of README.md's fenced code blocks that run manage.py."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^\s*```[a-z]*\n(.*?)^\s*```", text, flags=re.S | re.M):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip()
            if "manage.py " not in line:
                continue
            # Leading NAME=value words set the command's environment, as in a shell.
            words = shlex.split(line)
            while words and ASSIGNMENT.match(words[0]):
                words.pop(0)
            if " ".join(words).startswith(PREFIXES):
                commands.append(line)
    return commands


COMMANDS = readme_commands()


def _environment(database: Path) -> dict[str, str]:
    """A fresh shell's environment: nothing of the test run's DEBUG, SECRET_KEY or database."""
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CACHE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DATABASE_URL"] = f"sqlite:///{database}"  # the temporary stand-in for db.sqlite3
    return env


def _run(command: str, cwd: Path, env: dict[str, str], timeout: int = 600):
    argv = shlex.split(command)
    env = dict(env)
    while ASSIGNMENT.match(argv[0]):
        name, value = argv.pop(0).split("=", 1)
        env[name] = value
    # The interpreter and manage.py of this checkout; every argument as the README writes it.
    python = sys.executable if argv[0] == "python" else str(ROOT / argv[0])
    argv = [python, str(ROOT / argv[1]), *argv[2:]]
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def demo_checkout(tmp_path_factory):
    """A working directory and a temporary SQLite database with the demo loaded."""
    workdir = tmp_path_factory.mktemp("readme")
    env = _environment(workdir / "db.sqlite3")
    for command in ("python manage.py migrate --no-input", "python manage.py load_demo"):
        result = _run(command, workdir, env)
        assert result.returncode == 0, command + "\n" + result.stdout + result.stderr
    return workdir, env


def test_the_readme_documents_manage_py_commands():
    assert any("manage.py report" in command for command in COMMANDS)


@pytest.mark.slow  # the demo is loaded once for the module (about a minute)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_command_runs_as_written(command, demo_checkout):
    name = [w for w in shlex.split(command) if not ASSIGNMENT.match(w)][2]
    if name in NOT_RUN:
        pytest.skip(f"{name}: {NOT_RUN[name]}")
    workdir, env = demo_checkout
    result = _run(command + BOUNDED.get(name, ""), workdir, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is required" not in result.stderr


def test_production_settings_are_not_assumed_when_a_secret_key_is_set(tmp_path):
    env = _environment(tmp_path / "db.sqlite3") | {"SECRET_KEY": "x" * 50}
    result = _run("python manage.py check", tmp_path, env)
    # SECRET_KEY set: nothing is assumed, so DEBUG stays off and ALLOWED_HOSTS must be given.
    assert "DEBUG=1" not in result.stderr
