from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.accounts.validators import validate_notice_channels
from hamahang.core import clock
from hamahang.core.validation import validate_mobile
from hamahang.organizations.models import Agency, County


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "کارشناس دبیرخانه"
    MANAGER = "manager", "مدیر"
    AGENCY_LIAISON = "agency_liaison", "رابط دستگاه"
    BANK_LIAISON = "bank_liaison", "رابط بانک"
    VIEWER = "viewer", "ناظر"
    NATIONAL = "national", "دبیرخانه ملی"
    OFFICE_ADMIN = "office_admin", "مدیر سامانه دفتر"


class User(AbstractUser):
    """A person who signs in: belongs to one agency and has one role."""

    agency = models.ForeignKey(
        Agency,
        verbose_name="دستگاه",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField("نقش", max_length=20, choices=Role.choices, default=Role.VIEWER)
    # A county secretariat (دبیرخانه کارگروه شهرستان): office staff whose work is one county's
    # working group; they see only that county's committees, meetings, resolutions, cases and
    # units (accounts.access.scope_by_province). Empty: the whole province.
    county = models.ForeignKey(
        County,
        verbose_name="شهرستان",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text="برای کارکنان دبیرخانه کارگروه شهرستان؛ خالی یعنی کل استان.",
    )
    title = models.CharField("سمت", max_length=120, blank=True)
    # The mobile number for SMS, stored as 09xxxxxxxxx (core.validation.normalize_mobile).
    phone = models.CharField("تلفن همراه", max_length=20, blank=True, validators=[validate_mobile])
    # The channels the user prefers to be told on, first choice first (e.g. ["bale", "sms"]);
    # empty: settings.HAMAHANG_NOTICE_CHANNEL_ORDER. See hamahang.notices.outbox.
    notice_channels = models.JSONField(
        "ترتیب مجاری اطلاع‌رسانی",
        default=list,
        blank=True,
        validators=[validate_notice_channels],
    )
    # The inbox's "new since my last visit": when the current visit began and when the one
    # before it did (a visit is a run of inbox views without a long gap; see meetings.inbox).
    inbox_visit_at = models.DateTimeField("آغاز بازدید کنونی از کارتابل", null=True, blank=True)
    inbox_previous_visit_at = models.DateTimeField(
        "آغاز بازدید پیشین از کارتابل", null=True, blank=True
    )

    history = HistoricalRecords(
        excluded_fields=["last_login", "password", "inbox_visit_at", "inbox_previous_visit_at"]
    )

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def mobile(self) -> str:
        """The mobile number to send SMS to; "" when none or not a valid one (an old entry)."""
        try:
            validate_mobile(self.phone)
        except ValidationError:
            return ""
        return self.phone

    def save(self, *args, **kwargs):
        # set_password() leaves the new password in _password until saved (a hash upgrade at
        # login does not): a changed password ends every API token made under the old one.
        password_changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=clock.now())


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is kept."""

    user = models.ForeignKey(
        User, verbose_name="کاربر", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("نام", max_length=100)
    prefix = models.CharField("آغاز توکن", max_length=12)
    key_hash = models.CharField("چکیده", max_length=64, unique=True)
    created_at = models.DateTimeField("زمان ساخت", auto_now_add=True)
    last_used_at = models.DateTimeField("آخرین استفاده", null=True, blank=True)
    expires_at = models.DateTimeField("انقضا")
    revoked_at = models.DateTimeField("زمان ابطال", null=True, blank=True)

    class Meta:
        verbose_name = "توکن API"
        verbose_name_plural = "توکن‌های API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= clock.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
