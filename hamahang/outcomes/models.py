"""What resolutions and cases produced (outcomes), and what producers owe in return
(commitments), with the assignments a producer's failure holds up.

An outcome is a fact reported by a source («گزارش اداره کل تعاون»): so many jobs kept or
created, a unit revived or launched, production restored, money released. Quantities keep
their unit: money its currency (never converted), production its unit of measure.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from simple_history.models import HistoricalRecords

from hamahang.core import clock
from hamahang.core.models import TimeStampedModel
from hamahang.meetings.models import Assignment, Resolution
from hamahang.units.models import ProductionUnit, SupportCase


class Outcome(TimeStampedModel):
    class Kind(models.TextChoices):
        JOBS_KEPT = "jobs_kept", "حفظ اشتغال"
        JOBS_CREATED = "jobs_created", "ایجاد اشتغال"
        UNIT_REVIVED = "unit_revived", "احیای واحد"
        UNIT_LAUNCHED = "unit_launched", "راه‌اندازی واحد"
        PRODUCTION_RESTORED = "production_restored", "بازگشت تولید"
        MONEY_RELEASED = "money_released", "منابع آزادشده"

    # Counted in whole people or units (the rest are amounts with a unit).
    COUNTED = {Kind.JOBS_KEPT, Kind.JOBS_CREATED, Kind.UNIT_REVIVED, Kind.UNIT_LAUNCHED}

    kind = models.CharField("نوع دستاورد", max_length=30, choices=Kind.choices)
    quantity = models.DecimalField("مقدار", max_digits=24, decimal_places=2)
    # Production restored: what the value is in («تن در ماه», «دستگاه»).
    measure = models.CharField("واحد سنجش", max_length=50, blank=True)
    # Money released: IRR or a foreign currency code, kept as recorded (never converted).
    currency = models.CharField("ارز", max_length=3, blank=True)
    date = models.DateField("تاریخ", db_index=True)
    source = models.CharField("منبع", max_length=300)
    resolution = models.ForeignKey(
        Resolution,
        verbose_name="مصوبه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    case = models.ForeignKey(
        SupportCase,
        verbose_name="پرونده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "دستاورد"
        verbose_name_plural = "دستاوردها"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolution__isnull=False) | models.Q(case__isnull=False),
                name="outcome_of_a_resolution_or_case",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="outcome_quantity_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="money_released", currency=""),
                name="outcome_money_has_currency",
            ),
        ]
        indexes = [models.Index(fields=["date", "kind"], name="outcome_date_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date})"


class ProducerCommitment(TimeStampedModel):
    """What the producer must do in return for the help (two-sided commitments)."""

    class Kind(models.TextChoices):
        REPAY_ARREARS = "repay_arrears", "بازپرداخت معوقات"
        RESTART_LINE = "restart_line", "راه‌اندازی مجدد خط تولید"
        HIRE = "hire", "به‌کارگیری نیرو"
        OTHER = "other", "سایر"

    class Status(models.TextChoices):
        OPEN = "open", "در انتظار انجام"
        MET = "met", "انجام شده"
        FAILED = "failed", "انجام نشده"

    unit = models.ForeignKey(
        ProductionUnit,
        verbose_name="واحد",
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    case = models.ForeignKey(
        SupportCase,
        verbose_name="پرونده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    resolution = models.ForeignKey(
        Resolution,
        verbose_name="مصوبه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    kind = models.CharField("نوع تعهد", max_length=20, choices=Kind.choices)
    description = models.TextField("شرح تعهد")
    # Hire N: the number of people; otherwise empty.
    headcount = models.PositiveIntegerField("تعداد نیرو", null=True, blank=True)
    deadline = models.DateField("مهلت")
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField("مستندات", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "تعهد تولیدکننده"
        verbose_name_plural = "تعهدات تولیدکنندگان"
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit}"


class AssignmentBlock(TimeStampedModel):
    """An assignment held up by the producer's failure to meet a commitment («معطل تعهد
    تولیدکننده»). While not lifted, the assignment is left out of the agency's accountability
    ranking (`blocked_by_producer`, the one rule) and shown separately."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="تکلیف", on_delete=models.PROTECT, related_name="blocks"
    )
    commitment = models.ForeignKey(
        ProducerCommitment,
        verbose_name="تعهد تولیدکننده",
        on_delete=models.PROTECT,
        related_name="blocks",
    )
    reason = models.TextField("دلیل")
    blocked_at = models.DateTimeField("زمان ثبت توقف", default=clock.now)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    lifted_at = models.DateTimeField("زمان رفع توقف", null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="رفع‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "توقف تکلیف به سبب تعهد تولیدکننده"
        verbose_name_plural = "توقف تکالیف به سبب تعهد تولیدکننده"
        ordering = ["-blocked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_producer_block_per_assignment",
            )
        ]

    def __str__(self):
        return f"معطل تعهد تولیدکننده: {self.assignment}"


BLOCKED_LABEL = "معطل تعهد تولیدکننده"


def blocked_by_producer(prefix: str = "") -> Exists:
    """The assignments (at `prefix`, e.g. "assignment__") held up by the producer now: the one
    rule every ranking of agencies applies (reports.engine `_accountability`)."""
    return Exists(
        AssignmentBlock.objects.filter(assignment=OuterRef(f"{prefix}pk"), lifted_at__isnull=True)
    )
