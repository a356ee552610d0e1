"""A subscription of another government system (the national secretariat, a province portal)
to the office's events, delivered as signed HTTP POSTs through the outbox (hamahang.notices).

Each delivery is a Notice (channel "webhook", payload {"subscription": id, ...}): its status,
attempts and the receiver's answer are the subscription's delivery log.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core.models import TimeStampedModel


class Event(models.TextChoices):
    RESOLUTION_ISSUED = "resolution.issued", "ابلاغ مصوبه"
    ASSIGNMENT_CLOSED = "assignment.closed", "بسته شدن تکلیف دستگاه"
    PROJECT_SENT = "project.sent", "ارسال طرح به دبیرخانه ملی"
    STATEMENT_PUBLISHED = "statement.published", "انتشار گزارش عملکرد"


class WebhookSubscription(TimeStampedModel):
    name = models.CharField("نام گیرنده", max_length=200)
    url = models.CharField("نشانی (URL)", max_length=500)
    # A list of Event values; a JSON list so that SQLite and PostgreSQL read it alike.
    events = models.JSONField("رویدادها", default=list)
    # None: every province's events (a national subscriber).
    province = models.ForeignKey(
        "organizations.Province",
        verbose_name="استان",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="webhook_subscriptions",
    )
    # Kept to sign each delivery (HMAC needs the secret itself); shown to a person only once,
    # when made or rotated, and never written to the history.
    secret = models.CharField("کلید امضا", max_length=100, editable=False)
    is_active = models.BooleanField("فعال", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secret_rotated_at = models.DateTimeField("زمان آخرین تعویض کلید", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = "اشتراک وب‌هوک"
        verbose_name_plural = "اشتراک‌های وب‌هوک"
        ordering = ["-is_active", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("webhooks:subscription_detail", args=[self.pk])

    @property
    def scope_label(self) -> str:
        return f"استان {self.province}" if self.province_id else "کشوری (همه استان‌ها)"

    @property
    def event_labels(self) -> list[str]:
        return [Event(value).label for value in self.events if value in Event.values]

    def wants(self, event: str, province_id: int | None) -> bool:
        """Subscribed to this event of this province (a national one to every province's)."""
        if not self.is_active or event not in self.events:
            return False
        return self.province_id is None or self.province_id == province_id
