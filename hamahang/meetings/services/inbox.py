"""The inbox's memory of the user's visits ("new since my last visit")."""

from __future__ import annotations

import datetime as dt

from hamahang.accounts.models import User
from hamahang.core import clock

# A visit is the inbox views within this span of its first one: reloading the page during a
# visit keeps showing the same "new" items instead of emptying the section at once.
VISIT_SPAN = dt.timedelta(minutes=30)


def inbox_visit(*, user: User) -> dt.datetime | None:
    """Record a view of the inbox; return when the previous visit began (None: never).

    A queryset update, not `save()`: no history row and no data-version bump (no cached page
    shows these timestamps; the inbox keys its cache on the returned value itself)."""
    now = clock.now()
    if user.inbox_visit_at is None or now - user.inbox_visit_at > VISIT_SPAN:
        previous = user.inbox_visit_at
        User.objects.filter(pk=user.pk).update(inbox_visit_at=now, inbox_previous_visit_at=previous)
        user.inbox_visit_at, user.inbox_previous_visit_at = now, previous
    return user.inbox_previous_visit_at
