"""What the office publishes beside its resolutions: press statements for a period."""

from django.conf import settings
from django.db import models

from hamahang.core import clock
from hamahang.organizations.models import Province


class PublishedStatement(models.Model):
    """A press statement (reports.statement) as the director or the secretariat published it
    for a period and a scope (a province, or the country); shown on the public pages. The text
    is kept as published: later data never rewrites it."""

    province = models.ForeignKey(
        Province,
        verbose_name="استان",
        on_delete=models.PROTECT,
        related_name="published_statements",
        null=True,
        blank=True,
        help_text="خالی یعنی کل کشور.",
    )
    period_key = models.CharField("کلید دوره", max_length=40)
    period_label = models.CharField("دوره", max_length=120)
    period_start = models.DateField("آغاز دوره")
    period_end = models.DateField("پایان دوره")
    text = models.TextField("متن بیانیه")
    published_at = models.DateTimeField("زمان انتشار", default=clock.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="منتشرکننده",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "بیانیه منتشرشده"
        verbose_name_plural = "بیانیه‌های منتشرشده"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["province", "published_at"], name="statement_province_published")
        ]

    def __str__(self):
        return f"بیانیه {self.period_label}"
