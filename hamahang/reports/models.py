"""The report's per-province figures, kept in the database (reports.partials)."""

from django.db import models
from django.utils import timezone


class ProvinceFigures(models.Model):
    """One province's sections of a report (meetings, accountability, projects, units) for one
    period and report day, as the engine computed them, under the data versions they were read
    at (`core.versioning.version_key`: reference data and the province). A national report is
    the sum of its provinces' rows; a row whose version is no longer the province's is
    recomputed before it is used, and `refresh_report_figures` (the worker) recomputes them
    ahead of the readers."""

    province = models.ForeignKey(
        "organizations.Province", verbose_name="استان", on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField("آغاز دوره")
    period_end = models.DateField("پایان دوره")
    as_of = models.DateField("روز گزارش")
    version = models.CharField("نسخه داده‌ها", max_length=60)
    # The engine's own dataclasses, pickled: exact decimals and money, nothing to re-parse.
    figures = models.BinaryField("ارقام")
    # The last moment its figures are known to have been the data's: when its computation
    # began to read the data, moved on by the worker while its version stays current
    # (reports.partials.refresh). core.freshness compares it with a reader's last write.
    computed_at = models.DateTimeField("زمان محاسبه", default=timezone.now)

    class Meta:
        verbose_name = "ارقام استانی گزارش"
        verbose_name_plural = "ارقام استانی گزارش"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "period_start", "period_end", "as_of"],
                name="province_figures_unique",
            )
        ]
        indexes = [models.Index(fields=["as_of", "province"], name="province_figures_day")]

    def __str__(self):
        return f"{self.province_id}: {self.period_start}..{self.period_end} ({self.as_of})"
