"""Projects with their money in every currency, jobs, bank agency contracts and the batches
sent to the national secretariat. Rial and foreign amounts are never added silently."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core import clock
from hamahang.core.models import AppendOnlyModel, SearchableModel, TimeStampedModel
from hamahang.organizations.models import Agency, County, Province
from hamahang.projects.currencies import validate_currency

AMOUNT = {"max_digits": 30, "decimal_places": 2}


class Sector(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", "عمرانی و زیربنایی"
    AGRICULTURE = "agriculture", "کشاورزی"
    INDUSTRY = "industry", "صنعت و معدن"
    TOURISM = "tourism", "گردشگری"
    SERVICES = "services", "خدمات"


class Programme(models.Model):
    """A programme tag: «جهش تولید ۱۳۹۹», «اقتصاد مقاومتی»…"""

    name = models.CharField("نام", max_length=120, unique=True)
    code = models.SlugField("کد", max_length=40, unique=True)

    class Meta:
        verbose_name = "برنامه"
        verbose_name_plural = "برنامه‌ها"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Project(SearchableModel, TimeStampedModel):
    class Status(models.TextChoices):
        IDENTIFIED = "identified", "شناسایی شده"
        APPROVED = "approved", "مصوب"
        IN_PROGRESS = "in_progress", "در حال اجرا"
        COMPLETED = "completed", "تکمیل شده"
        SUSPENDED = "suspended", "متوقف"
        CANCELLED = "cancelled", "لغو شده"

    TRANSITIONS = {
        Status.IDENTIFIED: {Status.APPROVED, Status.CANCELLED},
        Status.APPROVED: {Status.IN_PROGRESS, Status.SUSPENDED, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.COMPLETED, Status.SUSPENDED, Status.CANCELLED},
        Status.SUSPENDED: {Status.IN_PROGRESS, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    }

    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField("کد طرح", max_length=40)
    title = models.CharField("عنوان", max_length=300)
    description = models.TextField("شرح", blank=True)
    sector = models.CharField("بخش", max_length=20, choices=Sector.choices)
    sub_sector = models.CharField("زیربخش", max_length=120, blank=True)
    county = models.ForeignKey(
        County, verbose_name="شهرستان", on_delete=models.PROTECT, related_name="projects"
    )
    owner = models.ForeignKey(
        Agency, verbose_name="واحد متولی", on_delete=models.PROTECT, related_name="owned_projects"
    )
    executor = models.CharField("مجری / سرمایه‌گذار", max_length=200, blank=True)
    programmes = models.ManyToManyField(
        Programme, verbose_name="برنامه‌ها", related_name="projects", blank=True
    )
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    physical_progress = models.PositiveSmallIntegerField("پیشرفت فیزیکی (درصد)", default=0)
    start_date = models.DateField("تاریخ شروع", null=True, blank=True)
    planned_end_date = models.DateField("تاریخ پایان پیش‌بینی‌شده", null=True, blank=True)
    jobs_direct = models.PositiveIntegerField("اشتغال مستقیم پیش‌بینی‌شده", default=0)
    jobs_indirect = models.PositiveIntegerField("اشتغال غیرمستقیم پیش‌بینی‌شده", default=0)
    jobs_realised = models.PositiveIntegerField("اشتغال محقق‌شده", default=0)
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords(m2m_fields=[programmes])

    class Meta:
        verbose_name = "طرح"
        verbose_name_plural = "طرح‌ها"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="project_code_per_province"),
            models.CheckConstraint(
                condition=models.Q(physical_progress__lte=100), name="project_progress_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(planned_end_date__gte=models.F("start_date")),
                name="project_end_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "sector", "status"], name="project_filters"),
            models.Index(fields=["owner"], name="project_owner"),
        ]

    def __str__(self):
        from hamahang.core.text import display_code

        return f"{display_code(self.code)} — {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("projects:project_detail", args=[self.pk])

    def search_source(self):
        return [self.code, self.title, self.executor, self.sub_sector]

    @property
    def jobs_planned(self) -> int:
        return self.jobs_direct + self.jobs_indirect


class ProjectEvent(AppendOnlyModel):
    """A dated step in a project's life: status, progress, money, contracts, submissions."""

    class Kind(models.TextChoices):
        CREATED = "created", "ثبت طرح"
        EDITED = "edited", "ویرایش"
        STATUS = "status", "تغییر وضعیت"
        PROGRESS = "progress", "تغییر پیشرفت"
        INVESTMENT = "investment", "سرمایه‌گذاری"
        CONTRACT = "contract", "قرارداد عاملیت"
        SUBMISSION = "submission", "ارسال به دبیرخانه ملی"

    project = models.ForeignKey(
        Project, verbose_name="طرح", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("رویداد", max_length=20, choices=Kind.choices)
    description = models.TextField("شرح")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="انجام‌دهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("زمان", default=clock.now, db_index=True)

    class Meta:
        verbose_name = "رویداد طرح"
        verbose_name_plural = "رویدادهای طرح"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description


class InvestmentLine(TimeStampedModel):
    class Source(models.TextChoices):
        OWN_EQUITY = "own_equity", "آورده سرمایه‌گذار"
        BANK_FACILITY = "bank_facility", "تسهیلات بانکی"
        NDF = "ndf", "صندوق توسعه ملی"
        GOVERNMENT = "government", "بودجه دولتی"
        FOREIGN = "foreign", "سرمایه‌گذاری خارجی"

    project = models.ForeignKey(
        Project, verbose_name="طرح", on_delete=models.CASCADE, related_name="investments"
    )
    amount = models.DecimalField("مبلغ", **AMOUNT)
    currency = models.CharField("ارز", max_length=3, validators=[validate_currency])
    value_date = models.DateField("تاریخ ارزش")
    source = models.CharField("محل تأمین", max_length=20, choices=Source.choices)
    note = models.CharField("توضیح", max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "سرمایه‌گذاری"
        verbose_name_plural = "سرمایه‌گذاری‌ها"
        ordering = ["currency", "value_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="investment_positive")
        ]
        indexes = [models.Index(fields=["project", "currency"], name="investment_project_currency")]

    def __str__(self):
        return f"{self.amount} {self.currency}"


class ExchangeRate(models.Model):
    """One unit of `from_currency` is `rate` units of `to_currency` on `date` (per `source`)."""

    from_currency = models.CharField("از ارز", max_length=3, validators=[validate_currency])
    to_currency = models.CharField("به ارز", max_length=3, validators=[validate_currency])
    rate = models.DecimalField("نرخ", max_digits=24, decimal_places=6)
    date = models.DateField("تاریخ")
    source = models.CharField("منبع", max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "نرخ ارز"
        verbose_name_plural = "نرخ‌های ارز"
        ordering = ["-date", "from_currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "date", "source"], name="one_rate_a_day"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"{self.from_currency}→{self.to_currency} {self.rate} ({self.date})"


class BankAgencyContract(TimeStampedModel):
    """قرارداد عاملیت: the bank that finances a project as agent."""

    class Status(models.TextChoices):
        REFERRED = "referred", "معرفی به بانک"
        APPRAISAL = "appraisal", "در حال ارزیابی"
        APPROVED = "approved", "مصوب بانک"
        SIGNED = "signed", "قرارداد امضا شده"
        DISBURSED = "disbursed", "پرداخت شده"
        REJECTED = "rejected", "رد شده"

    TRANSITIONS = {
        Status.REFERRED: {Status.APPRAISAL, Status.REJECTED},
        Status.APPRAISAL: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.SIGNED, Status.REJECTED},
        Status.SIGNED: {Status.DISBURSED},
        Status.DISBURSED: {Status.DISBURSED},  # a further tranche
        Status.REJECTED: set(),
    }
    OPEN_STATUSES = {Status.REFERRED, Status.APPRAISAL, Status.APPROVED, Status.SIGNED}

    project = models.ForeignKey(
        Project, verbose_name="طرح", on_delete=models.CASCADE, related_name="contracts"
    )
    bank = models.ForeignKey(
        Agency, verbose_name="بانک عامل", on_delete=models.PROTECT, related_name="agency_contracts"
    )
    facility_amount = models.DecimalField("مبلغ تسهیلات", **AMOUNT)
    currency = models.CharField("ارز", max_length=3, validators=[validate_currency])
    contract_number = models.CharField("شماره قرارداد", max_length=60, blank=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.REFERRED
    )
    status_date = models.DateField("تاریخ آخرین وضعیت")
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "قرارداد عاملیت"
        verbose_name_plural = "قراردادهای عاملیت"
        ordering = ["project", "bank__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(facility_amount__gt=0), name="contract_amount_positive"
            )
        ]
        indexes = [models.Index(fields=["bank", "status"], name="contract_bank_status")]

    def __str__(self):
        from hamahang.core.text import display_code

        return f"{self.bank} — {display_code(self.project.code)}"


class ContractStep(AppendOnlyModel):
    """Each status a contract passed through, with its (Jalali-entered) date; a disbursement
    step carries the tranche amount."""

    contract = models.ForeignKey(
        BankAgencyContract, verbose_name="قرارداد", on_delete=models.PROTECT, related_name="steps"
    )
    status = models.CharField("وضعیت", max_length=20, choices=BankAgencyContract.Status.choices)
    date = models.DateField("تاریخ")
    amount = models.DecimalField("مبلغ پرداخت", null=True, blank=True, **AMOUNT)
    note = models.CharField("توضیح", max_length=250, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("زمان ثبت", default=clock.now)

    class Meta:
        verbose_name = "مرحله قرارداد"
        verbose_name_plural = "مراحل قرارداد"
        ordering = ["date", "pk"]

    def __str__(self):
        return self.get_status_display()


class NationalSubmission(TimeStampedModel):
    """A batch of projects sent to the national secretariat; frozen (snapshotted) when sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        SENT = "sent", "ارسال شده"

    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="submissions"
    )
    title = models.CharField("عنوان", max_length=200)
    letter_number = models.CharField("شماره نامه", max_length=60, blank=True)
    letter_date = models.DateField("تاریخ نامه", null=True, blank=True)
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField("زمان ارسال", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ارسال‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ارسال به دبیرخانه ملی"
        verbose_name_plural = "ارسال‌ها به دبیرخانه ملی"
        ordering = ["-letter_date", "-pk"]
        indexes = [
            models.Index(fields=["province", "status", "letter_date"], name="submission_sent")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("projects:submission_detail", args=[self.pk])


class SubmissionItem(models.Model):
    class Outcome(models.TextChoices):
        SENT = "sent", "ارسال شده"
        ACCEPTED = "accepted", "پذیرفته شده"
        RETURNED = "returned", "بازگشت داده شده"

    submission = models.ForeignKey(
        NationalSubmission, verbose_name="ارسال", on_delete=models.CASCADE, related_name="items"
    )
    project = models.ForeignKey(
        Project, verbose_name="طرح", on_delete=models.PROTECT, related_name="submission_items"
    )
    snapshot = models.JSONField("تصویر ثابت ارسال", default=dict, blank=True)
    outcome = models.CharField(
        "نتیجه", max_length=10, choices=Outcome.choices, default=Outcome.SENT
    )
    reason = models.TextField("دلیل بازگشت", blank=True)
    outcome_date = models.DateField("تاریخ نتیجه", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "طرح ارسالی"
        verbose_name_plural = "طرح‌های ارسالی"
        ordering = ["submission", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "project"], name="project_once_per_batch")
        ]

    def __str__(self):
        from hamahang.core.text import display_code

        return f"{self.submission} — {display_code(self.project.code)}"
