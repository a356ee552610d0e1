"""Background work of the meetings domain (django-tasks; the database is the queue).

Notices themselves are sent by the outbox's worker (hamahang.notices.tasks.deliver_notices).
"""

from django.db import transaction
from django_tasks import task

from hamahang.meetings.models import Assignment, FollowUp
from hamahang.meetings.notifications import notify_assignment_issued, notify_followup_returned
from hamahang.meetings.reminders import send_daily_digests


@task()
def send_assignment_notice(assignment_id: int, kind: str) -> int:
    """Queued by the release before the outbox: write the notices it would have sent (none
    twice: the keys are those the services use now). The number of notices."""
    with transaction.atomic():
        if kind == "issued":
            assignment = Assignment.objects.select_related("resolution", "agency").get(
                pk=assignment_id
            )
            return len(notify_assignment_issued(assignment))
        followup = (
            FollowUp.objects.filter(assignment_id=assignment_id, status=FollowUp.Status.RETURNED)
            .order_by("-reviewed_at")
            .first()
        )
        return len(notify_followup_returned(followup)) if followup else 0


@task()
def send_daily_digests_task(days_ahead: int = 7) -> dict:
    return send_daily_digests(days_ahead=days_ahead).as_dict()


@task()
def escalate_overdue_task() -> dict:
    from hamahang.meetings.escalation import escalate_overdue

    return escalate_overdue().as_dict()
