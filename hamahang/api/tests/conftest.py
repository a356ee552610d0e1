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
