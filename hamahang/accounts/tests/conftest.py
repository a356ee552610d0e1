"""The two-province world the access tests share, and their counts after the run."""

import pytest


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two provinces built through the services (see world.py), once per module; the database
    is emptied afterwards even when building or walking fails, so later modules start clean."""
    from django.core.management import call_command

    from hamahang.accounts.tests.world import build_world

    try:
        with django_db_blocker.unblock():
            built = build_world()
        yield built
    finally:
        with django_db_blocker.unblock():
            call_command("flush", "--no-input", verbosity=0)


def pytest_terminal_summary(terminalreporter):
    from hamahang.accounts.tests.world import SUMMARY

    for title, counts in SUMMARY.items():
        terminalreporter.write_sep("-", f"{title}")
        terminalreporter.write_line(", ".join(f"{k}: {v}" for k, v in counts.items()))
