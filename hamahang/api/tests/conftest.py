import pytest

from hamahang.accounts.models import User
from hamahang.accounts.tokens import api_token_create


@pytest.fixture
def people(db):
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    return {name: User.objects.get(username=name) for name in ["dabir", "samat", "maliat", "melli"]}


@pytest.fixture
def bearer(people):
    def make(username):
        _token, raw = api_token_create(user=people[username], name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


# Filled by test_bad_input_corpus.py, printed at the end of the run.
CORPUS_STATS: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter):
    if CORPUS_STATS:
        terminalreporter.section("bad-input corpus")
        terminalreporter.write_line(
            ", ".join(f"{name}: {count}" for name, count in CORPUS_STATS.items())
        )
