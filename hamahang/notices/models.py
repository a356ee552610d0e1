"""The outbox: one Notice row is one message to one address on one channel.

A producer writes it in the transaction of the change that causes it (hamahang.notices.outbox);
the worker (hamahang.notices.delivery) sends it later, so a provider's failure never undoes the
change. The row keeps the proof: when, how, to whom, and what the provider answered.
"""

from django.db import models

from hamahang.core import clock


class Notice(models.Model):
    class Kind(models.TextChoices):
        ISSUED = "issued", "ابلاغ تکلیف"
        RETURNED = "returned", "بازگشت گزارش"
        DIGEST = "digest", "یادآوری روزانه"
        INVITATION = "invitation", "دعوت به جلسه"
        ESCALATION = "escalation", "پیگیری تأخیر"
        EVENT = "event", "رویداد برای سامانه‌های دیگر"
        LINK = "link", "پیوند حساب"
        OBJECTION = "objection", "نتیجه رسیدگی به اعتراض"
        MINUTES_DRAFT = "minutes_draft", "ارسال پیش‌نویس صورتجلسه"
        SIGNOFF_CODE = "signoff_code", "رمز یک‌بار مصرف امضا"
        MINUTES_LATE = "minutes_late", "یادآوری صورتجلسه تأییدنشده"
        REFERRAL = "referral", "پاسخ ارجاع"

    class Status(models.TextChoices):
        PENDING = "pending", "در صف"
        SENT = "sent", "ارسال‌شده"
        DELIVERED = "delivered", "تحویل‌شده"
        FAILED = "failed", "ناموفق"
        SUPERSEDED = "superseded", "جایگزین‌شده"

    kind = models.CharField("نوع", max_length=30, choices=Kind.choices)
    channel = models.CharField("مجرا", max_length=20)
    address = models.CharField("نشانی", max_length=500)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="کاربر",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="دستگاه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    assignment = models.ForeignKey(
        "meetings.Assignment",
        verbose_name="تکلیف",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    # Every assignment the notice names (a daily digest names many): its proof of notice shows
    # on each of their pages.
    concerns = models.ManyToManyField(
        "meetings.Assignment",
        verbose_name="تکالیف نام‌برده",
        blank=True,
        related_name="notices_naming",
    )
    subject = models.CharField("عنوان", max_length=250)
    text = models.TextField("متن")
    payload = models.JSONField("داده‌های مجرا", default=dict, blank=True)
    urgent = models.BooleanField("فوری", default=False)
    idempotency_key = models.CharField("کلید یکتایی", max_length=120, unique=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField("تعداد تلاش", default=0)
    next_attempt_at = models.DateTimeField("زمان تلاش بعدی", default=clock.now)
    last_error = models.TextField("آخرین خطا", blank=True)
    provider_message_id = models.CharField("شناسه پیام نزد ارائه‌دهنده", max_length=100, blank=True)
    delivery_status = models.CharField("وضعیت تحویل نزد ارائه‌دهنده", max_length=100, blank=True)
    created_at = models.DateTimeField("زمان ثبت", default=clock.now)
    sent_at = models.DateTimeField("زمان ارسال", null=True, blank=True)
    delivered_at = models.DateTimeField("زمان تحویل", null=True, blank=True)
    fallback_of = models.ForeignKey(
        "self",
        verbose_name="جایگزین اعلان",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fallbacks",
    )

    class Meta:
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"
        ordering = ["created_at", "pk"]
        indexes = [
            # The worker's claim: due pending rows, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notice_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.masked_address}"

    @property
    def masked_address(self) -> str:
        return mask_address(self.address)


def mask_address(address: str) -> str:
    """What a page may show of an address: 0912***4567, ab***@example.ir, a URL's host."""
    if not address:
        return ""
    if address.isdigit() and len(address) >= 8:
        return f"{address[:4]}***{address[-4:]}"
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:2]}***@{domain}"
    if "://" in address:
        scheme, _, rest = address.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/…"
    return f"{address[:2]}***{address[-2:]}" if len(address) > 6 else "***"
