"""Managing webhook subscriptions: create, deactivate, rotate the signing secret.

The screen and the API call these; each checks the acting user itself. The secret is returned
once, to be shown once: nothing shows it again (rotate it to get a new one).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from hamahang.accounts.access import out_of_scope, province_id_of, sees_all_provinces
from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.text import normalize_text
from hamahang.core.validation import TITLE_MAX, has_control_chars, refuse_too_long
from hamahang.organizations.models import Province
from hamahang.webhooks import selectors
from hamahang.webhooks.models import Event, WebhookSubscription

URL_MAX = WebhookSubscription._meta.get_field("url").max_length
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NOT_ALLOWED = "مدیریت وب‌هوک‌ها فقط از مدیر سامانه دفتر، دبیرخانه یا دبیرخانه ملی برمی‌آید."


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@dataclass
class SubscriptionSpec:
    name: str
    url: str
    events: Iterable[str] = field(default_factory=list)
    # None: the acting user's own province, or national for the national secretariat.
    province: Province | None = None


def _require_manager(user: User) -> None:
    if not selectors.can_manage_webhooks(user):
        raise ValidationError(NOT_ALLOWED, code="not_allowed")


def _require_subscription(user: User, subscription: WebhookSubscription) -> None:
    _require_manager(user)
    if not selectors.subscription_list_for_user(user=user).filter(pk=subscription.pk).exists():
        raise out_of_scope()


def clean_name(value: str) -> str:
    name = normalize_text(value or "")
    if not name:
        raise ValidationError({"name": "نام گیرنده را بنویسید."}, code="required")
    if has_control_chars(name):
        raise ValidationError({"name": "نام نباید نویسه کنترلی داشته باشد."}, code="control_char")
    try:
        refuse_too_long(name, TITLE_MAX, "نام گیرنده")
    except ValidationError as error:
        raise ValidationError({"name": error.messages}, code="too_long") from error
    return name


def clean_url(value: str) -> str:
    url = (value or "").strip()
    if not url:
        raise ValidationError({"url": "نشانی گیرنده را بنویسید."}, code="required")
    if len(url) > URL_MAX:
        raise ValidationError(
            {
                "url": f"نشانی حداکثر {to_persian_digits(URL_MAX)} نویسه می‌تواند باشد "
                f"(اکنون {to_persian_digits(len(url))})."
            },
            code="too_long",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError(
            {"url": "نشانی درست نیست؛ نمونه: https://portal.example.ir/hooks/hamahang"},
            code="invalid_url",
        ) from error
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise ValidationError(
            {"url": "نام کاربری و گذرواژه در نشانی پذیرفته نیست؛ امضای هر پیام جای آن است."},
            code="credentials_in_url",
        )
    if parts.scheme == "https":
        return url
    local_allowed = settings.DEBUG or settings.HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP
    if (parts.hostname or "") in LOCAL_HOSTS and local_allowed:
        return url
    raise ValidationError(
        {"url": "نشانی باید با https:// آغاز شود؛ پیام‌های امضاشده جز از راه امن فرستاده نمی‌شوند."},
        code="not_https",
    )


def clean_events(values: Iterable[str]) -> list[str]:
    chosen = [str(value) for value in values or []]
    unknown = [value for value in chosen if value not in Event.values]
    if unknown:
        raise ValidationError(
            {"events": f"رویداد «{unknown[0][:60]}» شناخته نیست."}, code="unknown_event"
        )
    if not chosen:
        raise ValidationError({"events": "دست‌کم یک رویداد برگزینید."}, code="no_events")
    return [value for value in Event.values if value in chosen]


def _scope(user: User, province: Province | None) -> Province | None:
    if sees_all_provinces(user):
        return province
    own = province_id_of(user)
    if own is None:
        raise ValidationError("حساب شما به استانی وصل نیست.", code="no_province")
    if province is not None and province.pk != own:
        raise ValidationError(
            {"province": "فقط برای استان خودتان می‌توانید اشتراک بسازید."}, code="not_found"
        )
    return Province.objects.get(pk=own)


@transaction.atomic
def subscription_create(
    *, acting_user: User, spec: SubscriptionSpec
) -> tuple[WebhookSubscription, str]:
    """The new subscription and its secret (shown to the person once)."""
    _require_manager(acting_user)
    row = WebhookSubscription(
        name=clean_name(spec.name),
        url=clean_url(spec.url),
        events=clean_events(spec.events),
        province=_scope(acting_user, spec.province),
        secret=new_secret(),
        created_by=acting_user,
    )
    row.save()
    return row, row.secret


@transaction.atomic
def subscription_deactivate(
    *, acting_user: User, subscription: WebhookSubscription
) -> WebhookSubscription:
    """No event is sent to it any more (notices already queued are refused by the channel)."""
    _require_subscription(acting_user, subscription)
    row = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not row.is_active:
        raise ValidationError("این اشتراک پیش‌تر غیرفعال شده است.", code="already_inactive")
    row.is_active = False
    row.save(update_fields=["is_active", "updated_at"])
    return row


@transaction.atomic
def subscription_rotate_secret(
    *, acting_user: User, subscription: WebhookSubscription
) -> tuple[WebhookSubscription, str]:
    """A new secret: every delivery from now on (retries included) is signed with it."""
    _require_subscription(acting_user, subscription)
    row = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not row.is_active:
        raise ValidationError(
            "کلید اشتراک غیرفعال تعویض نمی‌شود؛ اشتراک تازه‌ای بسازید.", code="inactive"
        )
    row.secret, row.secret_rotated_at = new_secret(), clock.now()
    row.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
    return row, row.secret
