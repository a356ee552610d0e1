"""The inbox: the acting user's open work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from hamahang.accounts.access import reading_province
from hamahang.core.jalali import today
from hamahang.core.versioning import versioned
from hamahang.meetings import selectors


@login_required
def inbox(request):
    try:
        days = max(0, min(90, int(request.GET.get("days", 7))))
    except ValueError:
        days = 7
    day, user = today(), request.user

    def sections() -> str:
        context = {"inbox": selectors.inbox_for_user(user=user, days=days), "today": day}
        return render_to_string("meetings/_inbox.html", context)

    # The busiest page: its lists are rendered once per data version (any write renders them
    # afresh), per user (their scope) and per day (overdue is relative to today).
    # Keyed on the versions of the user's province only: a write elsewhere leaves it warm.
    content = versioned(
        "inbox",
        user.pk,
        days,
        day.isoformat(),
        province_id=reading_province(user),
        compute=sections,
    )
    return render(request, "meetings/inbox.html", {"sections": content, "days": days})
