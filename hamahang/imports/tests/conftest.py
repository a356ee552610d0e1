"""Counts the crafted Excel files the suite refuses, printed at the end of every run."""

import pytest

CRAFTED = pytest.StashKey[dict]()


def pytest_configure(config):
    config.stash[CRAFTED] = {"files": 0, "refused": 0}


@pytest.fixture
def crafted_counter(request):
    return request.config.stash[CRAFTED]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = config.stash.get(CRAFTED, None)
    if counts and counts["files"]:
        terminalreporter.write_line(
            f"crafted Excel files: {counts['files']} checked, {counts['refused']} refused with a "
            "Persian message and nothing written"
        )
