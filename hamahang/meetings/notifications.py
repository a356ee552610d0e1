"""E-mails to agencies: a notice when an assignment is issued or returned, and the daily digest.

Side effects leave the request: services call `notify_*` inside their transaction and the
notice is enqueued (django-tasks) only once that transaction commits.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from hamahang.meetings.tasks import send_assignment_notice

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
    transaction.on_commit(lambda: send_assignment_notice.enqueue(assignment_id, kind))


def notify_assignment_issued(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "issued")


def notify_followup_returned(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "returned")


def notify_objection_decided(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "objection_decided")
