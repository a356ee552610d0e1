"""Invitations to a planned meeting, one per member agency, with the agency's answer; and
meeting series (a committee's regular schedule) with the meetings each generated.

The answer is given through a signed link without a password (services.rsvp_token); the
calendar files (.ics) are built from the meeting itself (services.meeting_ics).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core import clock


class Invitation(models.Model):
    class Answer(models.TextChoices):
        PENDING = "pending", "بی‌پاسخ"
        ATTEND = "attend", "حضور می‌یابد"
        SUBSTITUTE = "substitute", "جانشین می‌فرستد"
        DECLINE = "decline", "حضور نمی‌یابد"

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="جلسه",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="دستگاه",
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    # Who the invitation went to, as sent: the liaisons' names and the agency's e-mail.
    sent_to = models.TextField("گیرندگان", blank=True)
    sent_at = models.DateTimeField("زمان ارسال", default=clock.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ارسال‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.CharField("پاسخ", max_length=20, choices=Answer.choices, default=Answer.PENDING)
    substitute_name = models.CharField("نام جانشین", max_length=200, blank=True)
    substitute_post = models.CharField("سمت جانشین", max_length=200, blank=True)
    decline_reason = models.TextField("دلیل عدم حضور", blank=True)
    answered_at = models.DateTimeField("زمان پاسخ", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "دعوت‌نامه"
        verbose_name_plural = "دعوت‌نامه‌ها"
        ordering = ["agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="invitation_once_per_agency")
        ]

    def __str__(self):
        return f"دعوت {self.agency} به {self.meeting}"

    @property
    def is_answered(self) -> bool:
        return self.answer != self.Answer.PENDING


class MeetingSeries(models.Model):
    """A committee's regular schedule: every `interval_weeks` weeks on the weekday of
    `first_date`, at `start_time` in `place`, until a date or for a number of meetings. A date
    that falls on a closed day (holiday, weekend, office closure) moves to the next working
    day."""

    committee = models.ForeignKey(
        "organizations.Committee",
        verbose_name="ستاد",
        on_delete=models.PROTECT,
        related_name="meeting_series",
    )
    first_date = models.DateField("تاریخ نخستین جلسه")
    interval_weeks = models.PositiveSmallIntegerField("فاصله (هفته)")
    start_time = models.TimeField("ساعت شروع")
    place = models.CharField("محل برگزاری", max_length=200, blank=True)
    until = models.DateField("تا تاریخ", null=True, blank=True)
    count = models.PositiveSmallIntegerField("تعداد جلسات", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("زمان ثبت", default=clock.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "جلسات دوره‌ای"
        verbose_name_plural = "جلسات دوره‌ای"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=False) | models.Q(count__isnull=False),
                name="series_has_an_end",
            ),
            models.CheckConstraint(
                condition=models.Q(interval_weeks__gte=1), name="series_interval_positive"
            ),
        ]

    def __str__(self):
        return f"جلسات دوره‌ای {self.committee}"


class SeriesMeeting(models.Model):
    """One date of a series and the meeting generated for it (the planned date by the rule,
    and the meeting's own date, moved when that day was closed)."""

    series = models.ForeignKey(
        MeetingSeries, verbose_name="جلسات دوره‌ای", on_delete=models.CASCADE, related_name="items"
    )
    scheduled_date = models.DateField("تاریخ طبق برنامه")
    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name="جلسه",
        on_delete=models.PROTECT,
        related_name="series_item",
    )

    class Meta:
        verbose_name = "جلسه دوره‌ای"
        verbose_name_plural = "جلسه‌های دوره‌ای"
        ordering = ["scheduled_date"]
        constraints = [
            models.UniqueConstraint(fields=["series", "scheduled_date"], name="series_date_once")
        ]

    def __str__(self):
        return f"{self.series}: {self.meeting}"
