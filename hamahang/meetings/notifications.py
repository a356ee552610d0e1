"""Notices to agencies when an assignment is issued or returned.

Side effects leave the request: services call `notify_*` inside their transaction and the
notice is enqueued (django-tasks) only once that transaction commits. The demo loader's
`notifications_suppressed()` lives in the outbox (hamahang.notices.outbox) and is re-exported
here for the callers that import it from meetings.
"""

from __future__ import annotations

from django.db import transaction

from hamahang.meetings.tasks import send_assignment_notice
from hamahang.notices.outbox import notifications_suppressed, suppressed

__all__ = ["notifications_suppressed", "notify_assignment_issued", "notify_followup_returned"]


def _enqueue_notice(assignment_id: int, kind: str) -> None:
    if suppressed():
        return
    transaction.on_commit(lambda: send_assignment_notice.enqueue(assignment_id, kind))


def notify_assignment_issued(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "issued")


def notify_followup_returned(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "returned")
