from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.organizations.models import Agency


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "کارشناس دبیرخانه"
    MANAGER = "manager", "مدیر"
    AGENCY_LIAISON = "agency_liaison", "رابط دستگاه"
    BANK_LIAISON = "bank_liaison", "رابط بانک"
    VIEWER = "viewer", "ناظر"
    NATIONAL = "national", "دبیرخانه ملی"


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
    title = models.CharField("سمت", max_length=120, blank=True)
    phone = models.CharField("تلفن همراه", max_length=20, blank=True)

    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username
