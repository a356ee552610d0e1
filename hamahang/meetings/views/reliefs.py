"""The sunset ledger: temporary reliefs expiring soon, expired, and recorded without a date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hamahang.meetings.ledger import DEFAULT_DAYS, LedgerInputError, parse_days, relief_ledger

DAY_CHOICES = [10, 30, 60, 90]


@login_required
def relief_ledger_view(request):
    error = ""
    try:
        days = parse_days(request.GET.get("days"))
    except LedgerInputError as problem:
        error, days = str(problem), DEFAULT_DAYS
    ledger = relief_ledger(user=request.user, days=days)
    return render(
        request,
        "meetings/relief_ledger.html",
        {"ledger": ledger, "error": error, "day_choices": DAY_CHOICES},
        status=400 if error else 200,
    )
