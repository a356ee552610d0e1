"""Notices to agencies when an assignment is issued or returned.

Side effects leave the request: services call `notify_*` inside their transaction and the
notice is enqueued (django-tasks) only once that transaction commits. The demo loader's
`notifications_suppressed()` lives in the outbox (hamahang.notices.outbox) and is re-exported
here for the callers that import it from meetings.
"""

from __future__ import annotations

from django.db import transaction

from hamahang.core.jalali import format_jalali
from hamahang.meetings.tasks import send_assignment_notice
from hamahang.notices.outbox import notifications_suppressed, suppressed

__all__ = [
    "notifications_suppressed",
    "notify_assignment_issued",
    "notify_followup_returned",
    "notify_objection_decided",
]


def _enqueue_notice(assignment_id: int, kind: str) -> None:
    if suppressed():
        return
    transaction.on_commit(lambda: send_assignment_notice.enqueue(assignment_id, kind))


def notify_assignment_issued(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "issued")


def notify_followup_returned(assignment_id: int) -> None:
    _enqueue_notice(assignment_id, "returned")


def notify_objection_decided(objection) -> None:
    """Through the outbox (hamahang.notices): each active liaison of the objecting agency hears
    the decision on their first reachable channel, in the decision's transaction."""
    from hamahang.accounts.models import Role, User
    from hamahang.core.text import display_code
    from hamahang.notices.models import Notice
    from hamahang.notices.outbox import notify_user

    assignment = objection.assignment
    code = display_code(assignment.resolution.code)
    outcome = objection.get_status_display()
    if objection.remedy:
        outcome += f" ({objection.get_remedy_display()})"
    subject = f"نتیجه رسیدگی به اعتراض به مصوبه {code}"
    text = (
        f"اعتراض «{assignment.agency}» به مصوبه {code} بررسی شد: {outcome}.\n"
        f"شرح تصمیم: {objection.decision_note}\n"
        f"وضعیت تکلیف: {assignment.state_label}؛ مهلت: {format_jalali(assignment.deadline)}"
    )
    liaisons = User.objects.filter(
        agency_id=assignment.agency_id,
        is_active=True,
        role__in=[Role.AGENCY_LIAISON, Role.BANK_LIAISON],
    )
    for user in liaisons:
        notify_user(
            user,
            kind=Notice.Kind.OBJECTION,
            subject=subject,
            text=text,
            key=f"objection-{objection.pk}-decided-{user.pk}",
            agency=assignment.agency,
            assignment=assignment,
        )
