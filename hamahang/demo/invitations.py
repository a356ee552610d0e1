"""The facilitation committee's next planned meeting with its invitations sent and answered
(one attends, one sends a named substitute, one declines, the rest have not answered yet), and
the resistance economy committee's regular schedule: every other Tuesday at 10:00."""

from __future__ import annotations

import datetime as dt

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.demo.moments import at
from hamahang.invitations import services
from hamahang.meetings.models import Meeting
from hamahang.meetings.notifications import notifications_suppressed
from hamahang.organizations.models import Committee

TUESDAY = 1


def load_invitations(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    secretary = User.objects.get(username="dabir")
    facilitation = Committee.objects.get(province__code="qom", kind="facilitation")
    economy = Committee.objects.get(province__code="qom", kind="resistance_economy")
    meeting = (
        Meeting.objects.filter(
            committee=facilitation, status=Meeting.Status.PLANNED, date__gt=today
        )
        .order_by("date")
        .first()
    )
    with notifications_suppressed():
        if meeting is not None:
            with clock.frozen(at(today, 8, 30)):
                sent = services.invitations_send(meeting=meeting, acting_user=secretary)
            answers = [
                {"answer": "attend"},
                {
                    "answer": "substitute",
                    "substitute_name": "مهندس حمید کریمی",
                    "substitute_post": "معاون برنامه‌ریزی",
                },
                {"answer": "decline", "reason": "مأموریت از پیش تعیین‌شده در تهران"},
            ]
            for hour, (invitation, answer) in enumerate(zip(sent, answers, strict=False)):
                with clock.frozen(at(today, 10 + hour)):
                    services.rsvp_answer(token=services.rsvp_token(invitation), **answer)
        first = today + dt.timedelta(days=27)
        first += dt.timedelta(days=(TUESDAY - first.weekday()) % 7)
        with clock.frozen(at(today, 9)):
            services.series_create(
                committee=economy,
                first_date=first,
                interval_weeks=2,
                start_time=dt.time(10, 0),
                place="سالن جلسات استانداری قم",
                count=4,
                acting_user=secretary,
            )
