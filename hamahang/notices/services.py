"""Writes of the notices domain that are not the outbox itself: a person's contact settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.models import User
from hamahang.core.validation import normalize_mobile
from hamahang.notices.selectors import installed_channels

UNSET = object()


@transaction.atomic
def user_contact_update(
    *, user: User, acting_user: User, phone=UNSET, notice_channels=UNSET
) -> User:
    """A person sets their own mobile number and the order of the channels they are told on
    (an empty order: the office's). The profile screen and the API's /me both call this."""
    if acting_user.pk != user.pk:
        raise ValidationError("فقط خود شخص می‌تواند این تنظیمات را تغییر دهد.", code="not_allowed")
    errors: dict[str, list[str]] = {}
    row = User.objects.select_for_update().get(pk=user.pk)
    given = {"phone": (phone, normalize_mobile), "notice_channels": (notice_channels, _order)}
    fields = [name for name, (value, _parse) in given.items() if value is not UNSET]
    for name in fields:
        value, parse = given[name]
        try:
            setattr(row, name, parse(value))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors, code="invalid")
    if fields:
        row.save(update_fields=fields)
    return row


def _order(names) -> list[str]:
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise ValidationError("ترتیب مجاری باید فهرستی از نام مجراها باشد.", code="bad_channels")
    personal = {name for name, _label in installed_channels()}
    unknown = [name for name in names if name not in personal]
    if unknown:
        raise ValidationError(
            f"این مجرا در سامانه نیست: {'، '.join(unknown)}.", code="unknown_channel"
        )
    if len(set(names)) != len(names):
        raise ValidationError("هر مجرا یک بار در ترتیب می‌آید.", code="duplicate_channel")
    return list(names)
