"""Personal API tokens: created and revoked in the interface, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from hamahang.accounts.models import ApiToken, User

PREFIX = "hmh_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; its secret is returned once and never stored."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "توکن", key_hash=_digest(raw), prefix=raw[:12]
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    if token.user_id != user.pk:
        raise ApiToken.DoesNotExist
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_token_user(raw: str) -> User | None:
    """The active user behind a presented token (and mark it used), or None."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user__agency")
        .filter(key_hash=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
