"""The escalation chain (پیگیری سلسله‌مراتبی): work overdue past its committee's thresholds goes
from the liaison (the daily digest) to the agency head, then to the deputy governor.

`escalate_overdue(day=...)` is run once a day (`manage.py escalate_overdue`, or the task); each
level of an assignment is reached once (an `Escalation` row, unique per assignment and level),
so a second run writes nothing. Each step is on the resolution's timeline and its notices go
through the outbox: one digest per recipient (an agency head, the deputy governor), on SMS and
e-mail, naming every assignment that reached that step for them that day.

Not escalated: a deadline paused by an objection under review (not overdue by the rule), work
the agency reported done and the secretariat has still to verify (the wait is the office's),
closed work, and work any of ESCALATION_EXCLUSIONS names (the outcomes app registers the work
held up by the producer's failed commitment: the agency is not the one late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from hamahang.core.digits import to_persian_digits
from hamahang.core.jalali import format_jalali, today
from hamahang.meetings.models import Assignment, Escalation, ResolutionEvent
from hamahang.meetings.reminders import short_with_codes
from hamahang.notices.channels import channel_label
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_address, site_link, suppressed

Level = Escalation.Level

# Open work the agency still owes: reported-done work waits on the secretariat, not on it.
ESCALATING_STATUSES = [Assignment.Status.ISSUED, Assignment.Status.IN_PROGRESS]
# Conditions (on Assignment) of work that is overdue but not the agency's to answer for;
# registered by apps above meetings, which it does not import (outcomes: blocked_by_producer).
ESCALATION_EXCLUSIONS: list[Callable[[], object]] = []


@dataclass
class EscalationRun:
    day: dt.date
    agency_head: list[int] = field(default_factory=list)  # assignment ids escalated
    deputy_governor: list[int] = field(default_factory=list)
    notices: int = 0
    no_address: list[str] = field(default_factory=list)  # recipients with no mobile or e-mail

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "agency_head": self.agency_head,
            "deputy_governor": self.deputy_governor,
            "notices": self.notices,
            "no_address": self.no_address,
        }


def threshold(committee, level: int) -> int:
    """Days overdue before `level` is reached for the committee's work (0: never)."""
    if level == Level.AGENCY_HEAD:
        return committee.escalate_head_days
    return committee.escalate_deputy_days


def due_levels(assignment: Assignment, day: dt.date, reached: set[int]) -> list[int]:
    """The levels the assignment reaches on `day` and has not reached before."""
    overdue_days = (day - assignment.deadline).days
    committee = assignment.resolution.committee
    return [
        level
        for level in Level.values
        if level not in reached and 0 < threshold(committee, level) <= overdue_days
    ]


def _candidates(day: dt.date):
    rows = Assignment.objects.overdue(day)
    for excluded in ESCALATION_EXCLUSIONS:
        rows = rows.exclude(excluded())
    return (
        rows.filter(status__in=ESCALATING_STATUSES)
        .select_related("agency", "resolution__committee__province")
        .order_by("resolution__committee__province_id", "agency_id", "deadline", "pk")
    )


def _recipient(level: int, rows: list[Assignment]) -> tuple[str, str, str, str]:
    """(label, mobile, e-mail, key part) of who this level tells about these rows."""
    if level == Level.AGENCY_HEAD:
        agency = rows[0].agency
        who = agency.head_name or "رئیس"
        label = f"{who} ({agency.head_title or 'رئیس ' + agency.name})"
        return label, agency.head_mobile, agency.head_email, f"agency:{agency.pk}"
    province = rows[0].resolution.committee.province
    who = province.deputy_name or "معاون استاندار"
    label = f"{who} ({province.deputy_title or 'معاون استاندار'})"
    return label, province.deputy_mobile, province.deputy_email, f"province:{province.pk}"


def _notify(level: int, day: dt.date, rows: list[Assignment], key: str, label: str, mobile, email):
    """The digest of one recipient: an SMS (short) and an e-mail (the full letter)."""
    step = Level(level).label
    overdue = [(a, (day - a.deadline).days) for a in rows]
    if level == Level.AGENCY_HEAD:
        whose = f"{rows[0].agency.name}"
    else:
        whose = f"استان {rows[0].resolution.committee.province}"
    subject = f"پیگیری تأخیر در اجرای مصوبات ({whose}): {to_persian_digits(len(rows))} تکلیف معوق"
    link = site_link("/")
    head = f"پیگیری هماهنگ {format_jalali(day)}: {to_persian_digits(len(rows))} تکلیف معوق {whose}"
    notices = []
    common = {
        "kind": Notice.Kind.ESCALATION,
        "subject": subject,
        "concerns": [a.pk for a in rows],
        "agency": rows[0].agency if level == Level.AGENCY_HEAD else None,
        "payload": {"recipient": label, "escalation_level": level},
    }
    if mobile:
        notices.append(
            notify_address(
                channel="sms",
                address=mobile,
                text=short_with_codes(head, rows, link),
                key=f"{key}:sms",
                **common,
            )
        )
    if email:
        notices.append(
            notify_address(
                channel="email",
                address=email,
                text=render_to_string(
                    "meetings/email/escalation.txt",
                    {
                        "recipient": label,
                        "step": step,
                        "whose": whose,
                        "day": format_jalali(day),
                        "rows": overdue,
                        "link": link,
                    },
                ),
                key=f"{key}:email",
                **common,
            )
        )
    return [n for n in notices if n is not None]


def escalate_overdue(*, day: dt.date | None = None, among=None) -> EscalationRun:
    """Record and send every escalation step reached on `day` (default today) and not reached
    before. Safe to run many times: a level is reached once per assignment. `among` (ids)
    limits the run to those assignments (the demo's story)."""
    day = day or today()
    run = EscalationRun(day=day)
    candidates = _candidates(day)
    if among is not None:
        candidates = candidates.filter(pk__in=list(among))
    rows = list(candidates)
    reached: dict[int, set[int]] = {}
    for assignment_id, level in Escalation.objects.filter(
        assignment__in=[a.pk for a in rows]
    ).values_list("assignment_id", "level"):
        reached.setdefault(assignment_id, set()).add(level)
    batches: dict[tuple[int, object], list[Assignment]] = {}
    for assignment in rows:
        for level in due_levels(assignment, day, reached.get(assignment.pk, set())):
            group = (
                assignment.agency_id
                if level == Level.AGENCY_HEAD
                else assignment.resolution.committee.province_id
            )
            batches.setdefault((level, group), []).append(assignment)
    for (level, _group), batch in sorted(batches.items(), key=lambda item: item[0]):
        _escalate_batch(run, level, day, batch)
    return run


def _told(notices: list[Notice], *, has_address: bool) -> str:
    """How the step's recipient was told, for the timeline."""
    if notices:
        channels = "، ".join(sorted({channel_label(n.channel) for n in notices}))
        return f"از طریق {channels} اطلاع داده شد"
    if not has_address:
        return "نشانی تماسی برای او ثبت نشده است؛ پیامی فرستاده نشد"
    if suppressed():
        return "اطلاع‌رسانی خاموش بود؛ پیامی فرستاده نشد"
    return "مجرای پیام در دسترس نبود؛ پیامی فرستاده نشد"


def _escalate_batch(run: EscalationRun, level: int, day: dt.date, batch: list[Assignment]):
    label, mobile, email, who_key = _recipient(level, batch)
    try:
        with transaction.atomic():
            steps = [
                Escalation.objects.create(
                    assignment=assignment,
                    level=level,
                    day=day,
                    overdue_days=(day - assignment.deadline).days,
                    deadline=assignment.deadline,
                    recipient=label,
                )
                for assignment in batch
            ]
            # One key per batch: the first step's id (a later batch the same day is another).
            key = f"escalation:{day.isoformat()}:{level}:{who_key}:{steps[0].pk}"
            notices = _notify(level, day, batch, key, label, mobile, email)
            told = _told(notices, has_address=bool(mobile or email))
            for step in steps:
                if notices:
                    step.notices.set(notices)
                ResolutionEvent.objects.create(
                    resolution=step.assignment.resolution,
                    assignment=step.assignment,
                    kind=ResolutionEvent.Kind.ESCALATED,
                    description=(
                        f"پیگیری سلسله‌مراتبی ({step.get_level_display()}): تکلیف "
                        f"{step.assignment.agency} {to_persian_digits(step.overdue_days)} روز "
                        f"از مهلت {format_jalali(step.deadline)} گذشته است؛ به {label} "
                        f"{told}."
                    ),
                    source="پیگیری خودکار تأخیرها",
                )
    except IntegrityError:
        # Another run reached these first: nothing of this batch is written twice.
        return
    target = run.agency_head if level == Level.AGENCY_HEAD else run.deputy_governor
    target.extend(a.pk for a in batch)
    run.notices += len(notices)
    if not (mobile or email):
        run.no_address.append(label)
