"""The daily digest: each agency is told once a day of its assignments due soon and overdue —
each active liaison on their preferred channel, and the agency's own e-mail with the full list.

The digest's notices and its ReminderLog row (one per agency and day, a unique row: the lock
that makes a second run the same day write nothing) are written in one transaction; the
outbox's worker sends them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.core.text import display_code
from hamahang.meetings.models import Assignment, ReminderLog
from hamahang.meetings.notifications import notify_agency
from hamahang.notices.models import Notice
from hamahang.notices.outbox import site_link


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


class _NoRecipient(Exception):
    pass


# The short text (SMS, Bale) fits two Persian SMS parts: it names as many codes as fit, at most
# SHORT_CODES, then «…».
SHORT_CODES = 3
SHORT_MAX = 134


def _short_text(day: dt.date, overdue: list[Assignment], soon: list[Assignment]) -> str:
    rows = overdue + soon
    link = site_link(reverse("meetings:inbox"))
    head = (
        f"یادآوری هماهنگ {format_jalali(day)}: {to_persian_digits(len(overdue))} مصوبه معوق، "
        f"{to_persian_digits(len(soon))} نزدیک به مهلت"
    )
    return short_with_codes(head, rows, link)


def short_with_codes(head: str, rows: list[Assignment], link: str) -> str:
    """`head`, as many of the rows' resolution codes as fit (at most SHORT_CODES, then «…»)
    and the link, in SHORT_MAX characters (two Persian SMS parts)."""
    for count in range(min(SHORT_CODES, len(rows)), 0, -1):
        codes = "، ".join(display_code(a.resolution.code) for a in rows[:count])
        more = "، …" if len(rows) > count else ""
        text = f"{head} ({codes}{more}). {link}"
        if len(text) <= SHORT_MAX:
            return text
    return f"{head}. {link}"


def send_daily_digests(*, day: dt.date | None = None, days_ahead: int = 7) -> DigestRun:
    """Write each agency's digest for `day`; an agency already given one that day is skipped."""
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
                notices = notify_agency(
                    agency=agency,
                    kind=Notice.Kind.DIGEST,
                    key=f"digest:{day.isoformat()}:{agency.pk}",
                    concerns=[row.pk for row in rows],
                    subject=subject,
                    text=_short_text(day, overdue, soon),
                    letter=render_to_string(
                        "meetings/email/daily_digest.txt",
                        {
                            "agency": agency,
                            "day": format_jalali(day),
                            "overdue": overdue,
                            "soon": soon,
                            "days_ahead": days_ahead,
                            "link": site_link(reverse("meetings:inbox")),
                        },
                    ),
                )
                if not notices:
                    raise _NoRecipient
                log.recipients = ", ".join(f"{n.channel}:{n.address}" for n in notices)
                log.save(update_fields=["recipients"])
        except IntegrityError:
            run.already_sent.append(str(agency))
            continue
        except _NoRecipient:
            run.no_address.append(str(agency))
            continue
        run.sent.append(str(agency))
    return run
