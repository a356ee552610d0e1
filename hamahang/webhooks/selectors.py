"""Who manages webhook subscriptions, which they see, and each one's delivery log."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import province_id_of, sees_all_provinces
from hamahang.accounts.models import Role, User
from hamahang.notices.models import Notice
from hamahang.webhooks.models import WebhookSubscription

# The office administrator and the secretariat of a province manage its subscriptions; the
# national secretariat (and a superuser) every province's and the national ones.
MANAGER_ROLES = {Role.OFFICE_ADMIN, Role.SECRETARIAT, Role.NATIONAL}
DELIVERY_LOG_SIZE = 100


def can_manage_webhooks(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in MANAGER_ROLES))


def subscription_list_for_user(*, user: User) -> QuerySet[WebhookSubscription]:
    rows = WebhookSubscription.objects.select_related("province", "created_by")
    if not can_manage_webhooks(user):
        return rows.none()
    if sees_all_provinces(user):
        return rows
    province_id = province_id_of(user)
    return rows.filter(province_id=province_id) if province_id else rows.none()


def subscription_get_for_user(*, user: User, pk: int) -> WebhookSubscription:
    """The subscription, or 404 when it is outside the user's scope."""
    return get_object_or_404(subscription_list_for_user(user=user), pk=pk)


def subscription_deliveries(*, subscription: WebhookSubscription) -> QuerySet[Notice]:
    """The subscription's delivery log, newest first: one Notice per event sent to it."""
    return Notice.objects.filter(channel="webhook", payload__subscription=subscription.pk).order_by(
        "-created_at", "-pk"
    )[:DELIVERY_LOG_SIZE]


_RESPONSE_CODE = re.compile(r"HTTP (\d{3})")


def response_code(notice: Notice) -> int | None:
    """The receiver's HTTP status of the last attempt (the channel writes «HTTP 500: …» into
    the delivery status or the error); None when it never answered (timeout, refused)."""
    found = _RESPONSE_CODE.search(notice.delivery_status or "") or _RESPONSE_CODE.search(
        notice.last_error or ""
    )
    return int(found.group(1)) if found else None
