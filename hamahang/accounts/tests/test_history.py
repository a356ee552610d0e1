"""A sign-in is not a change to the person's record: it writes no history row."""

import pytest
from django.urls import reverse

from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_sets_last_login_without_a_history_row(client):
    user = UserFactory()
    rows = user.history.count()
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == rows
    assert not hasattr(user, "skip_history_when_saving")


def test_a_real_change_still_writes_history():
    user = UserFactory()
    rows = user.history.count()
    user.title = "کارشناس ارشد"
    user.save()
    assert user.history.count() == rows + 1
    assert user.history.first().title == "کارشناس ارشد"
