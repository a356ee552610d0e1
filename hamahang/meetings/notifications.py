"""E-mails to agencies: a notice when an assignment is issued or returned, and the daily digest.

Side effects leave the request: services call `notify_*` inside their transaction and the
notice is enqueued (django-tasks) only once that transaction commits.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from hamahang.accounts.models import Role, User
from hamahang.organizations.models import Agency


def agency_recipients(agency: Agency) -> list[str]:
    """The agency's own address and its active liaisons' addresses."""
    liaisons = User.objects.filter(
        agency=agency,
        is_active=True,
        role__in=[Role.AGENCY_LIAISON, Role.BANK_LIAISON],
    ).exclude(email="")
    addresses = [agency.email] if agency.email else []
    addresses += list(liaisons.values_list("email", flat=True))
    return sorted(set(addresses))


def send_agency_mail(*, agency: Agency, subject: str, template: str, context: dict) -> list[str]:
    recipients = agency_recipients(agency)
    if recipients:
        body = render_to_string(template, {**context, "agency": agency})
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return recipients


_suppressed: ContextVar[bool] = ContextVar("hamahang_notifications_suppressed", default=False)


@contextmanager
def notifications_suppressed():
    """No e-mail within the block (the demo loader replays years of work)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def _enqueue_notice(assignment_id: int, kind: str) -> None:
    if _suppressed.get():
        return
    from hamahang.meetings.tasks import send_assignment_notice

    transaction.on_commit(lambda: send_assignment_notice.enqueue(assignment_id, kind))


def notify_assignment_issued(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "issued")


def notify_followup_returned(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "returned")
