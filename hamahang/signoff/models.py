"""Minutes sign-off: who must sign a held meeting's minutes, what each answered, and the
signed PDF the chair's approval produced (kept as bytes: the same file on every download).

A round (SignoffRound) is one sending of the draft minutes; signers (Signer) are one named
person per agency present at the meeting and the chair, recorded when the round is sent.
"""

from django.conf import settings
from django.db import models
from django_otp.models import SideChannelDevice, ThrottlingMixin

from hamahang.core import clock
from hamahang.core.models import AppendOnlyModel


class SignoffRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "در جریان امضا"
        APPROVED = "approved", "تأیید نهایی و امضاشده"
        SUPERSEDED = "superseded", "جایگزین‌شده با ارسال دوباره"

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="جلسه",
        on_delete=models.PROTECT,
        related_name="signoff_rounds",
    )
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.OPEN)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ارسال‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField("زمان ارسال", default=clock.now)
    due_on = models.DateField("مهلت پاسخ حاضران")
    # The draft the signers read, and the SHA-256 of the minutes' content when it was sent:
    # the chair's approval is refused if the minutes changed since.
    draft_pdf = models.FileField("پیش‌نویس صورتجلسه", upload_to="signoff/drafts/%Y/")
    draft_sha256 = models.CharField("چکیده پیش‌نویس", max_length=64)
    content_sha256 = models.CharField("چکیده محتوای صورتجلسه", max_length=64)

    class Meta:
        verbose_name = "دور تأیید صورتجلسه"
        verbose_name_plural = "دورهای تأیید صورتجلسه"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(status="open"),
                name="one_open_signoff_round_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(status="approved"),
                name="one_approved_signoff_round_per_meeting",
            ),
        ]

    def __str__(self):
        return f"تأیید صورتجلسه {self.meeting}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("signoff:round", args=[self.pk])


class Signer(models.Model):
    class Role(models.TextChoices):
        ATTENDEE = "attendee", "نماینده دستگاه حاضر"
        CHAIR = "chair", "رئیس جلسه"

    class Status(models.TextChoices):
        PENDING = "pending", "در انتظار پاسخ"
        APPROVED = "approved", "تأیید کرد"
        COMMENTED = "commented", "نظر اصلاحی داد"

    round = models.ForeignKey(
        SignoffRound, verbose_name="دور تأیید", on_delete=models.CASCADE, related_name="signers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="امضاکننده",
        on_delete=models.PROTECT,
        related_name="signoffs",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="دستگاه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField("نقش", max_length=20, choices=Role.choices)
    status = models.CharField("پاسخ", max_length=20, choices=Status.choices, default=Status.PENDING)
    comment = models.TextField("نظر", blank=True)
    responded_at = models.DateTimeField("زمان پاسخ", null=True, blank=True)

    class Meta:
        verbose_name = "امضاکننده صورتجلسه"
        verbose_name_plural = "امضاکنندگان صورتجلسه"
        ordering = ["role", "agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="signer_once_per_round"),
            models.UniqueConstraint(
                fields=["round", "agency"],
                condition=models.Q(agency__isnull=False),
                name="one_signer_per_agency_per_round",
            ),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(role="chair"), name="one_chair_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class SignoffEvent(AppendOnlyModel):
    """The round's timeline: sent, each approval or comment, the chair's approval."""

    class Kind(models.TextChoices):
        SENT = "sent", "ارسال پیش‌نویس برای تأیید"
        CODE_SENT = "code_sent", "ارسال کد یک‌بارمصرف"
        APPROVED = "approved", "تأیید حاضر"
        COMMENTED = "commented", "نظر اصلاحی"
        CHAIR_APPROVED = "chair_approved", "تأیید نهایی رئیس جلسه و امضای دیجیتال"
        SUPERSEDED = "superseded", "ارسال دوباره"

    round = models.ForeignKey(
        SignoffRound, verbose_name="دور تأیید", on_delete=models.PROTECT, related_name="events"
    )
    signer = models.ForeignKey(
        Signer,
        verbose_name="امضاکننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="انجام‌دهنده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("رویداد", max_length=20, choices=Kind.choices)
    description = models.TextField("شرح")
    created_at = models.DateTimeField("زمان", default=clock.now)

    class Meta:
        verbose_name = "رویداد تأیید صورتجلسه"
        verbose_name_plural = "رویدادهای تأیید صورتجلسه"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description


class SignedMinutes(models.Model):
    """The approved minutes as signed (PAdES): its bytes, their SHA-256 and the short code of
    its public verification page (/v/<code>/)."""

    round = models.OneToOneField(
        SignoffRound, verbose_name="دور تأیید", on_delete=models.PROTECT, related_name="signed"
    )
    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name="جلسه",
        on_delete=models.PROTECT,
        related_name="signed_minutes",
    )
    code = models.CharField("کد بررسی", max_length=16, unique=True)
    sha256 = models.CharField("چکیده SHA-256", max_length=64, unique=True)
    pdf = models.FileField("صورتجلسه امضاشده", upload_to="signoff/signed/%Y/")
    size = models.PositiveIntegerField("اندازه (بایت)")
    signed_at = models.DateTimeField("زمان امضا", default=clock.now)
    certificate_subject = models.CharField("دارنده گواهی", max_length=300)

    class Meta:
        verbose_name = "صورتجلسه امضاشده"
        verbose_name_plural = "صورتجلسه‌های امضاشده"

    def __str__(self):
        return f"صورتجلسه امضاشده {self.meeting}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("signoff:verify", args=[self.code])


class OutboxCodeDevice(ThrottlingMixin, SideChannelDevice):
    """A django-otp device whose one-time codes go out through the notices outbox, urgent (an
    SMS is not held for the quiet hours), on the user's first reachable channel, e-mail
    included (signoff.codes)."""

    class Meta(SideChannelDevice.Meta):
        verbose_name = "دستگاه کد یک‌بارمصرف (پیامک / پیام‌رسان)"
        verbose_name_plural = "دستگاه‌های کد یک‌بارمصرف (پیامک / پیام‌رسان)"

    def get_throttle_factor(self):
        return 1

    def verify_token(self, token):
        """As django-otp's e-mail device: a wrong code counts towards the throttle."""
        if not self.verify_is_allowed()[0]:
            return False
        verified = super().verify_token(token)
        if verified:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return verified
