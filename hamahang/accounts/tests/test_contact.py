"""A user's contact details for notices: the mobile number and the channel order."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from hamahang.accounts.admin import UserAdminForm
from hamahang.accounts.models import User
from hamahang.accounts.tests.factories import UserFactory
from hamahang.accounts.validators import validate_notice_channels

pytestmark = pytest.mark.django_db


def test_only_a_valid_stored_mobile_is_a_users_mobile():
    assert UserFactory(phone="09121234567").mobile == "09121234567"
    assert UserFactory(phone="").mobile == ""
    assert UserFactory(phone="025-3777").mobile == ""  # an old entry the migration could not read


def test_the_channel_order_names_configured_channels_once_each(settings):
    settings.HAMAHANG_NOTICE_CHANNEL_ORDER = ["sms", "email"]  # webhook: not a personal one
    validate_notice_channels([])
    validate_notice_channels(["sms", "email"])
    for bad, words in [
        (["pigeon"], "مجرای ناشناخته: pigeon"),
        (["webhook"], "مجرای ناشناخته: webhook"),
        (["sms", "sms"], "یک بار"),
        ("sms", "فهرستی"),
        ([1], "فهرستی"),
    ]:
        with pytest.raises(ValidationError, match=words):
            validate_notice_channels(bad)


def test_the_admin_stores_a_mobile_typed_with_persian_digits_and_refuses_a_wrong_one(rf):
    user = UserFactory()
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    form_class = admin.site._registry[User].get_form(request, user)
    assert issubclass(form_class, UserAdminForm)
    data = {
        "username": user.username,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "role": user.role,
        "notice_channels": '["email"]',
    }
    form = form_class({**data, "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷"}, instance=user)
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert (user.phone, user.notice_channels) == ("09121234567", ["email"])
    form = form_class({**data, "phone": "۰۲۵۳۷۷۷"}, instance=user)
    assert not form.is_valid()
    assert "شماره تلفن همراه درست نیست" in form.errors["phone"][0]
