"""What the meetings domain tells agencies, through the outbox (hamahang.notices).

Each notice is written inside the transaction of the change that causes it, one per active
liaison of the agency on their preferred reachable channel (a short Persian text that fits two
SMS parts, naming the resolution code, with a link) and one to the agency's own e-mail address
(the full letter). Idempotency keys make a second write of the same notice a no-op.
`notifications_suppressed()` (the demo loader) lives in the outbox and is re-exported here.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from hamahang.accounts.access import LIAISON_ROLES
from hamahang.accounts.models import User
from hamahang.core.jalali import format_jalali
from hamahang.core.text import display_code
from hamahang.meetings.models import Assignment, FollowUp
from hamahang.notices.models import Notice
from hamahang.notices.outbox import (
    notifications_suppressed,
    notify_address,
    notify_user,
    site_link,
    suppressed,
)
from hamahang.organizations.models import Agency

__all__ = [
    "agency_liaisons",
    "notifications_suppressed",
    "notify_agency",
    "notify_assignment_issued",
    "notify_followup_returned",
    "notify_objection_decided",
]


def agency_liaisons(agency: Agency):
    """The people an agency's notices go to: its active liaisons."""
    return User.objects.filter(
        agency=agency, is_active=True, role__in=list(LIAISON_ROLES)
    ).order_by("pk")


def notify_agency(
    *,
    agency: Agency,
    kind: str,
    key: str,
    subject: str,
    text: str,
    letter: str,
    assignment: Assignment | None = None,
    payload: dict | None = None,
    concerns: list[int] = (),
) -> list[Notice]:
    """One notice per active liaison (`text`) and one to the agency's own e-mail (`letter`);
    the notices written (or already written under the same keys)."""
    notices = [
        notify_user(
            user,
            kind=kind,
            subject=subject,
            text=text,
            key=f"{key}:user:{user.pk}",
            payload=payload,
            agency=agency,
            assignment=assignment,
            concerns=concerns,
        )
        for user in agency_liaisons(agency)
    ]
    if agency.email:
        notices.append(
            notify_address(
                channel="email",
                address=agency.email,
                kind=kind,
                subject=subject,
                text=letter,
                key=f"{key}:agency",
                agency=agency,
                assignment=assignment,
                concerns=concerns,
            )
        )
    return [notice for notice in notices if notice is not None]


def _buttons(assignment: Assignment) -> dict:
    """Answer buttons for channels that show them (Bale); others ignore the payload."""
    return {
        "buttons": [
            {"text": "مشاهده", "callback": f"assignment:{assignment.pk}:view"},
            {"text": "گزارش پیشرفت", "callback": f"assignment:{assignment.pk}:progress"},
            {"text": "گزارش انجام", "callback": f"assignment:{assignment.pk}:done"},
        ]
    }


def notify_assignment_issued(assignment: Assignment) -> list[Notice]:
    """The agency is told of an assignment issued to it (call inside the issuing transaction)."""
    if suppressed():
        return []
    resolution = assignment.resolution
    code = display_code(resolution.code)
    deadline = format_jalali(assignment.deadline)
    return notify_agency(
        agency=assignment.agency,
        kind=Notice.Kind.ISSUED,
        key=f"issued:{assignment.pk}",
        subject=f"ابلاغ مصوبه {code} به {assignment.agency}",
        text=f"مصوبه {code} برای اقدام به شما ابلاغ شد؛ مهلت {deadline}. "
        f"{site_link(assignment.get_absolute_url())}",
        letter=render_to_string(
            "meetings/email/assignment_issued.txt",
            {
                "agency": assignment.agency,
                "assignment": assignment,
                "resolution": resolution,
                "deadline": deadline,
                "link": site_link(assignment.get_absolute_url()),
            },
        ),
        assignment=assignment,
        payload=_buttons(assignment),
    )


def notify_followup_returned(followup: FollowUp) -> list[Notice]:
    """The agency is told its report was returned, with the reason (inside that transaction)."""
    if suppressed():
        return []
    assignment = followup.assignment
    resolution = assignment.resolution
    code = display_code(resolution.code)
    link = site_link(assignment.get_absolute_url())
    return notify_agency(
        agency=assignment.agency,
        kind=Notice.Kind.RETURNED,
        key=f"returned:{followup.pk}",
        subject=f"بازگشت گزارش پیگیری مصوبه {code}",
        text=f"گزارش شما درباره مصوبه {code} بازگشت داده شد؛ دلیل را ببینید: {link}",
        letter=render_to_string(
            "meetings/email/assignment_returned.txt",
            {
                "agency": assignment.agency,
                "assignment": assignment,
                "resolution": resolution,
                "deadline": format_jalali(assignment.deadline),
                "return_reason": followup.return_reason,
                "link": link,
            },
        ),
        assignment=assignment,
        payload=_buttons(assignment),
    )


def notify_objection_decided(objection) -> list[Notice]:
    """The objecting agency hears the decision (inside the decision's transaction)."""
    if suppressed():
        return []
    assignment = objection.assignment
    code = display_code(assignment.resolution.code)
    outcome = objection.get_status_display()
    if objection.remedy:
        outcome += f" ({objection.get_remedy_display()})"
    text = (
        f"اعتراض «{assignment.agency}» به مصوبه {code} بررسی شد: {outcome}.\n"
        f"شرح تصمیم: {objection.decision_note}\n"
        f"وضعیت تکلیف: {assignment.state_label}؛ مهلت: {format_jalali(assignment.deadline)}"
    )
    return notify_agency(
        agency=assignment.agency,
        kind=Notice.Kind.OBJECTION,
        key=f"objection:{objection.pk}:decided",
        subject=f"نتیجه رسیدگی به اعتراض به مصوبه {code}",
        text=text,
        letter=text + "\n" + site_link(assignment.get_absolute_url()),
        assignment=assignment,
    )
