"""Personal API tokens: created and revoked in the interface, stored only as a hash.

A token lives a chosen number of days (HAMAHANG_TOKEN_DAYS by default), ends when its owner's
password changes (accounts.models.User.save) and records when it was last used, at most once a
minute so that a busy integration does not write on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from hamahang.accounts.models import ApiToken, User
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.text import normalize_text

PREFIX = "hmh_"
LIFETIMES = (30, 90, 180, 365)  # days offered on the tokens page
LAST_USED_EVERY = dt.timedelta(minutes=1)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = "متن نباید نویسه کنترلی (مانند NUL) داشته باشد."


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _clean_name(name: str) -> str:
    if _CONTROL.search(name or ""):
        raise ValidationError({"name": CONTROL_MESSAGE})
    name = normalize_text(name).strip()
    if not name:
        raise ValidationError({"name": "نامی برای توکن بنویسید (مثلاً «سامانه دستگاه»)."})
    limit = ApiToken._meta.get_field("name").max_length
    if len(name) > limit:
        raise ValidationError(
            {"name": f"نام توکن حداکثر {to_persian_digits(limit)} نویسه می‌تواند باشد."}
        )
    return name


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token valid for `days` days; its secret is returned once and never stored."""
    days = settings.HAMAHANG_TOKEN_DAYS if days is None else int(days)
    if days not in LIFETIMES and days != settings.HAMAHANG_TOKEN_DAYS:
        choices = "، ".join(to_persian_digits(d) for d in LIFETIMES)
        raise ValidationError({"days": f"مدت اعتبار توکن باید یکی از {choices} روز باشد."})
    name = _clean_name(name)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=_digest(raw),
        prefix=raw[:12],
        expires_at=clock.now() + dt.timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    if token.user_id != user.pk:
        raise ApiToken.DoesNotExist
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_token_user(raw: str) -> User | None:
    """The active user behind a presented, unexpired token (and mark it used), or None."""
    if not raw or not raw.startswith(PREFIX):
        return None
    now = clock.now()
    token = (
        ApiToken.objects.select_related("user__agency")
        .filter(
            key_hash=_digest(raw),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY),
            pk=token.pk,
        ).update(last_used_at=now)
    return token.user
