"""Referrals (ارجاع): a case or resolution sent up a tier — county working group → provincial
HQ → national HQ — one row per hop, each with its own deadline and status. Going on from the
province to the nation is a new hop linked to the one before (`previous`); the decision at the
top is written back on every lower hop and on the origin case and resolution
(meetings.services.referrals)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core.models import TimeStampedModel
from hamahang.organizations.models import Committee, County, Province


class Referral(TimeStampedModel):
    class Level(models.TextChoices):
        COUNTY = "county", "کارگروه شهرستان"
        PROVINCE = "province", "ستاد استان"
        NATIONAL = "national", "ستاد ملی"

    class Status(models.TextChoices):
        SENT = "sent", "ارسال شده"
        UNDER_REVIEW = "under_review", "دریافت و در حال بررسی"
        RETURNED = "returned", "بازگشت برای تکمیل اطلاعات"
        REFERRED_ON = "referred_on", "ارجاع به سطح بالاتر"
        DECIDED = "decided", "تصمیم‌گیری شده"
        WITHDRAWN = "withdrawn", "مسترد شده"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        ACCEPTED = "accepted", "پذیرفته شد"
        REJECTED = "rejected", "رد شد"

    # Not yet answered for good (overdue when past the deadline); the receiving tier answers
    # those in ANSWERABLE, the sender completes a returned one.
    OPEN_STATUSES = {Status.SENT, Status.UNDER_REVIEW, Status.RETURNED}
    ANSWERABLE = {Status.SENT, Status.UNDER_REVIEW}
    TRANSITIONS = {
        Status.SENT: {
            Status.UNDER_REVIEW,
            Status.RETURNED,
            Status.REFERRED_ON,
            Status.DECIDED,
            Status.WITHDRAWN,
        },
        Status.UNDER_REVIEW: {
            Status.RETURNED,
            Status.REFERRED_ON,
            Status.DECIDED,
            Status.WITHDRAWN,
        },
        Status.RETURNED: {Status.SENT, Status.WITHDRAWN},
        # The hop above decides: its decision lands on this one too.
        Status.REFERRED_ON: {Status.DECIDED},
        Status.DECIDED: set(),
        Status.WITHDRAWN: set(),
    }
    # Tier order: a hop goes up one tier (or a province refers down to a county group).
    UPWARD = {Level.COUNTY: Level.PROVINCE, Level.PROVINCE: Level.NATIONAL}

    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="referrals"
    )
    county = models.ForeignKey(
        County,
        verbose_name="شهرستان مبدأ",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        "units.SupportCase",
        verbose_name="پرونده مبدأ",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
    )
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name="مصوبه مبدأ",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
    )
    previous = models.OneToOneField(
        "self",
        verbose_name="ارجاع پیشین",
        on_delete=models.PROTECT,
        related_name="next_hop",
        null=True,
        blank=True,
    )
    from_level = models.CharField("از سطح", max_length=20, choices=Level.choices)
    from_committee = models.ForeignKey(
        Committee,
        verbose_name="ارجاع‌دهنده",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    to_level = models.CharField("به سطح", max_length=20, choices=Level.choices)
    to_committee = models.ForeignKey(
        Committee,
        verbose_name="گیرنده",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        null=True,
        blank=True,
        help_text="خالی یعنی ستاد ملی.",
    )
    reason = models.TextField("موضوع و دلیل ارجاع")
    sent_on = models.DateField("تاریخ ارسال", db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="فرستنده",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    deadline = models.DateField("مهلت پاسخ")
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.SENT)
    received_on = models.DateField("تاریخ دریافت", null=True, blank=True)
    outcome = models.CharField(
        "نتیجه", max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    decision = models.TextField("تصمیم / پاسخ", blank=True)
    decided_on = models.DateField("تاریخ تصمیم", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده تصمیم",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_level = models.CharField(
        "سطح تصمیم‌گیرنده", max_length=20, choices=Level.choices, blank=True
    )
    decision_resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name="مصوبه تصمیم",
        on_delete=models.PROTECT,
        related_name="referral_decisions",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ارجاع"
        verbose_name_plural = "ارجاع‌ها"
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(resolution__isnull=False),
                name="referral_has_origin",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_level=models.F("to_level")),
                name="referral_changes_tier",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "to_level", "status"], name="referral_received"),
            models.Index(fields=["province", "from_level", "status"], name="referral_sent"),
        ]

    def __str__(self):
        from hamahang.core.digits import to_persian_digits

        levels = f"{self.get_from_level_display()} ← {self.get_to_level_display()}"
        return f"ارجاع {to_persian_digits(self.pk)} ({levels})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:referral_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def to_label(self) -> str:
        return str(self.to_committee) if self.to_committee_id else "ستاد ملی تسهیل"
