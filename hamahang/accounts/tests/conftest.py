"""Prints the permission matrix's and the content-leak test's counts after the run."""


def pytest_terminal_summary(terminalreporter):
    from hamahang.accounts.tests.world import SUMMARY

    for title, counts in SUMMARY.items():
        terminalreporter.write_sep("-", f"{title}")
        terminalreporter.write_line(", ".join(f"{k}: {v}" for k, v in counts.items()))
