"""Reference data: provinces, counties, agencies (executive, bank, governorate unit), committees."""

from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core.models import ArchivableModel, SearchableModel, TimeStampedModel
from hamahang.core.validation import validate_mobile


class Province(TimeStampedModel):
    name = models.CharField("نام استان", max_length=100, unique=True)
    code = models.SlugField("کد", max_length=40, unique=True)
    # The last step of the escalation chain (meetings.escalation): the deputy governor for
    # economic affairs, told of work overdue past each committee's second threshold.
    deputy_name = models.CharField("نام معاون استاندار", max_length=120, blank=True)
    deputy_title = models.CharField(
        "سمت معاون استاندار",
        max_length=200,
        blank=True,
        default="معاون هماهنگی امور اقتصادی استاندار",
    )
    deputy_mobile = models.CharField(
        "تلفن همراه معاون استاندار", max_length=20, blank=True, validators=[validate_mobile]
    )
    deputy_email = models.EmailField("رایانامه معاون استاندار", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "استان"
        verbose_name_plural = "استان‌ها"
        ordering = ["name"]

    def __str__(self):
        return self.name


class County(TimeStampedModel):
    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="counties"
    )
    name = models.CharField("نام شهرستان", max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "شهرستان"
        verbose_name_plural = "شهرستان‌ها"
        ordering = ["province__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="county_unique_per_province")
        ]

    def __str__(self):
        return self.name


class Agency(ArchivableModel, SearchableModel, TimeStampedModel):
    """An executive agency, a bank or a governorate unit: one model with a kind."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "دستگاه اجرایی"
        BANK = "bank", "بانک"
        GOVERNORATE = "governorate", "واحد استانداری"
        NATIONAL = "national", "نهاد ملی"

    province = models.ForeignKey(
        Province,
        verbose_name="استان",
        on_delete=models.PROTECT,
        related_name="agencies",
        null=True,
        blank=True,
        help_text="برای نهادهای ملی خالی می‌ماند.",
    )
    name = models.CharField("نام", max_length=200)
    short_name = models.CharField("نام کوتاه", max_length=60, blank=True)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.EXECUTIVE)
    email = models.EmailField("رایانامه", blank=True)
    phone = models.CharField("تلفن", max_length=40, blank=True)
    # The agency head (رئیس دستگاه): the first step of the escalation chain after the liaison.
    head_name = models.CharField("نام رئیس دستگاه", max_length=120, blank=True)
    head_title = models.CharField("سمت رئیس دستگاه", max_length=200, blank=True)
    head_mobile = models.CharField(
        "تلفن همراه رئیس دستگاه", max_length=20, blank=True, validators=[validate_mobile]
    )
    head_email = models.EmailField("رایانامه رئیس دستگاه", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "دستگاه"
        verbose_name_plural = "دستگاه‌ها"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="agency_unique_per_province")
        ]

    def __str__(self):
        return self.short_name or self.name

    def search_source(self):
        return [self.name, self.short_name]


class Committee(ArchivableModel, TimeStampedModel):
    """A provincial HQ or working group (ستاد / کارگروه) that meets and issues resolutions."""

    class Kind(models.TextChoices):
        FACILITATION = "facilitation", "ستاد تسهیل و رفع موانع تولید"
        RESISTANCE_ECONOMY = "resistance_economy", "ستاد فرماندهی اقتصاد مقاومتی"
        OTHER = "other", "سایر ستادها و کارگروه‌ها"

    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField("نام", max_length=200)
    short_name = models.CharField("نام کوتاه", max_length=60, blank=True)
    kind = models.CharField("نوع", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    chair_title = models.CharField("رئیس", max_length=120, default="استاندار")
    county = models.ForeignKey(
        County,
        verbose_name="شهرستان",
        on_delete=models.PROTECT,
        related_name="committees",
        null=True,
        blank=True,
        help_text="برای کارگروه شهرستان؛ خالی یعنی ستاد استانی.",
    )
    secretariat = models.ForeignKey(
        Agency,
        verbose_name="دبیرخانه",
        on_delete=models.PROTECT,
        related_name="secretariat_of",
    )
    members = models.ManyToManyField(
        Agency, verbose_name="دستگاه‌های عضو", related_name="committees", blank=True
    )
    quorum = models.PositiveSmallIntegerField(
        "حد نصاب (تعداد اعضای حاضر)",
        null=True,
        blank=True,
        help_text="خالی یعنی بیش از نیمی از اعضا.",
    )
    # The working-day calendar of its deadlines (core.workdays): Friday always; Thursday too
    # when the committee's offices close on Thursdays.
    thursday_off = models.BooleanField("پنجشنبه تعطیل است", default=False)
    # The window (calendar days from the resolution's meeting) in which an assigned agency may
    # object to a resolution; 0 means objections are not taken.
    objection_days = models.PositiveSmallIntegerField(
        "مهلت اعتراض (روز)", default=15, help_text="صفر یعنی اعتراض پذیرفته نمی‌شود."
    )
    # The escalation chain (meetings.escalation): days an assignment is overdue before its
    # agency head is told, and before the deputy governor is; 0 turns that step off.
    escalate_head_days = models.PositiveSmallIntegerField(
        "پیگیری از رئیس دستگاه پس از (روز تأخیر)",
        default=7,
        help_text="صفر یعنی این مرحله انجام نمی‌شود.",
    )
    escalate_deputy_days = models.PositiveSmallIntegerField(
        "پیگیری از معاون استاندار پس از (روز تأخیر)",
        default=14,
        help_text="صفر یعنی این مرحله انجام نمی‌شود.",
    )

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "ستاد / کارگروه"
        verbose_name_plural = "ستادها و کارگروه‌ها"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"], name="committee_unique_per_province"
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def level_label(self) -> str:
        return f"شهرستان {self.county}" if self.county_id else "استانی"

    def quorum_for(self, member_count: int) -> int:
        """Members who must be present: the set number, or more than half of the members."""
        return self.quorum if self.quorum else member_count // 2 + 1


class OfficeClosure(TimeStampedModel):
    """A day the offices of a province (or of one county) are closed by an announcement
    (تعطیلی اضطراری: air pollution, heat): no deadline lands on it and it is not a working day
    of the committees there."""

    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="closures"
    )
    county = models.ForeignKey(
        County,
        verbose_name="شهرستان",
        on_delete=models.PROTECT,
        related_name="closures",
        null=True,
        blank=True,
        help_text="خالی یعنی سراسر استان.",
    )
    date = models.DateField("تاریخ", db_index=True)
    reason = models.CharField("دلیل", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "تعطیلی اعلام‌شده"
        verbose_name_plural = "تعطیلی‌های اعلام‌شده"
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["province", "date"], name="closure_province_date")]

    def __str__(self):
        from hamahang.core.jalali import format_jalali

        where = self.county or self.province
        return f"تعطیلی {where} در {format_jalali(self.date)}"
