"""The daily digest: each agency gets one e-mail a day of its assignments due soon and overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db import IntegrityError, transaction

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.meetings.mail import agency_recipients, send_agency_mail
from hamahang.meetings.models import Assignment, ReminderLog


@dataclass
class DigestRun:
    day: dt.date
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "sent": self.sent,
            "already_sent": self.already_sent,
            "no_address": self.no_address,
        }


def send_daily_digests(*, day: dt.date | None = None, days_ahead: int = 7) -> DigestRun:
    """Send each agency one digest for `day`; an agency already sent one that day is skipped."""
    day = day or today()
    horizon = day + dt.timedelta(days=days_ahead)
    run = DigestRun(day=day)
    due = (
        Assignment.objects.open()
        .filter(deadline__lte=horizon)
        .select_related("agency", "resolution__committee")
        .order_by("agency_id", "deadline", "pk")
    )
    for _agency_id, rows in groupby(due, key=lambda a: a.agency_id):
        rows = list(rows)
        agency = rows[0].agency
        overdue = [a for a in rows if a.is_overdue_on(day)]
        soon = [a for a in rows if a.deadline >= day]
        if not agency_recipients(agency):
            run.no_address.append(str(agency))
            continue
        subject = (
            f"یادآوری روزانه مصوبات {format_jalali(day)}: "
            f"{to_persian_digits(len(overdue))} مورد معوق، "
            f"{to_persian_digits(len(soon))} مورد نزدیک به مهلت"
        )
        try:
            with transaction.atomic():
                # The log row is the lock: a second run on the same day cannot insert it.
                log = ReminderLog.objects.create(
                    agency=agency,
                    kind=ReminderLog.Kind.DAILY_DIGEST,
                    day=day,
                    recipients="",
                    subject=subject,
                    item_count=len(rows),
                )
                recipients = send_agency_mail(
                    agency=agency,
                    subject=subject,
                    template="meetings/email/daily_digest.txt",
                    context={
                        "day": format_jalali(day),
                        "overdue": overdue,
                        "soon": soon,
                        "days_ahead": days_ahead,
                    },
                )
                log.recipients = ", ".join(recipients)
                log.save(update_fields=["recipients"])
        except IntegrityError:
            run.already_sent.append(str(agency))
            continue
        run.sent.append(str(agency))
    return run
