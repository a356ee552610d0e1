"""Background work of the meetings domain (django-tasks; the database is the queue)."""

from django_tasks import task

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.meetings.mail import send_agency_mail
from hamahang.meetings.models import Assignment, ReminderLog
from hamahang.meetings.reminders import send_daily_digests

_NOTICES = {
    "issued": ("ابلاغ مصوبه {code} به {agency}", "meetings/email/assignment_issued.txt"),
    "returned": ("بازگشت گزارش پیگیری مصوبه {code}", "meetings/email/assignment_returned.txt"),
}


@task()
def send_assignment_notice(assignment_id: int, kind: str) -> list[str]:
    """E-mail the agency when an assignment is issued to it or its report is returned."""
    assignment = Assignment.objects.select_related("agency", "resolution__meeting__committee").get(
        pk=assignment_id
    )
    subject_template, template = _NOTICES[kind]
    subject = subject_template.format(
        code=to_persian_digits(assignment.resolution.code), agency=assignment.agency
    )
    last_return = assignment.followups.filter(status="returned").order_by("-reviewed_at").first()
    recipients = send_agency_mail(
        agency=assignment.agency,
        subject=subject,
        template=template,
        context={
            "assignment": assignment,
            "resolution": assignment.resolution,
            "deadline": format_jalali(assignment.deadline),
            "return_reason": last_return.return_reason if last_return else "",
        },
    )
    if recipients:
        ReminderLog.objects.create(
            agency=assignment.agency,
            kind=kind,
            day=today(),
            assignment=assignment,
            recipients=", ".join(recipients),
            subject=subject,
            item_count=1,
        )
    return recipients


@task()
def send_daily_digests_task(days_ahead: int = 7) -> dict:
    return send_daily_digests(days_ahead=days_ahead).as_dict()
