from django.conf import settings
from django.db import models

from hamahang.core import clock


class ImportRun(models.Model):
    """One uploaded file: who, when, what it held, what it changed or why it was refused."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "بارگذاری شده"
        CHECKING = "checking", "در حال بررسی"
        INVALID = "invalid", "دارای ایراد"
        READY = "ready", "آماده ورود"
        APPLYING = "applying", "در حال ورود"
        APPLIED = "applied", "وارد شد"
        FAILED = "failed", "ناموفق"

    kind = models.CharField("نوع", max_length=20)
    file = models.FileField("پرونده", upload_to="imports/%Y/%m/")
    original_name = models.CharField("نام پرونده", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("زمان بارگذاری", default=clock.now)
    finished_at = models.DateTimeField("زمان پایان", null=True, blank=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    progress = models.PositiveSmallIntegerField("پیشرفت", default=0)
    rows = models.PositiveIntegerField("تعداد ردیف", default=0)
    counts = models.JSONField("نتیجه", default=dict, blank=True)
    problems = models.JSONField("ایرادها", default=list, blank=True)
    sha256 = models.CharField("چکیده SHA-256", max_length=64, blank=True, db_index=True)
    heartbeat_at = models.DateTimeField("آخرین نشانه کار", null=True, blank=True)

    class Meta:
        verbose_name = "ورود از اکسل"
        verbose_name_plural = "ورودهای اکسل"
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("imports:import_detail", args=[self.pk])

    RUNNING = {Status.UPLOADED, Status.CHECKING, Status.APPLYING}

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def kind_title(self) -> str:
        """The kind as its reader knows it («واحدهای تولیدی…»), never the key («units»)."""
        from hamahang.imports.kinds import KINDS

        module = KINDS.get(self.kind)
        return module.TITLE if module else "—"

    @property
    def count_rows(self) -> list[tuple[str, int]]:
        """What the import changed, each count under its Persian label."""
        from hamahang.imports.counts import count_rows

        return count_rows(self.counts)

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED
