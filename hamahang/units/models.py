"""Production units, their dated status history, and the support cases they bring.

A revival (stagnant or closed → active) and the launch of a new unit are events in the status
history; reports count them from there, never from a typed-in total.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core import clock
from hamahang.core.identifiers import validate_legal_id, validate_national_code
from hamahang.core.models import AppendOnlyModel, SearchableModel, TimeStampedModel
from hamahang.organizations.models import Agency, County, Province
from hamahang.units.obstacles import legal_basis_field, obstacle_field

AMOUNT = {"max_digits": 30, "decimal_places": 2}


class IndustrialEstate(models.Model):
    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="estates"
    )
    county = models.ForeignKey(
        County, verbose_name="شهرستان", on_delete=models.PROTECT, related_name="estates"
    )
    name = models.CharField("نام", max_length=120)

    class Meta:
        verbose_name = "شهرک / ناحیه صنعتی"
        verbose_name_plural = "شهرک‌ها و نواحی صنعتی"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="estate_unique_per_province")
        ]

    def __str__(self):
        return self.name


class UnitStatus(models.TextChoices):
    ACTIVE = "active", "فعال"
    SEMI_ACTIVE = "semi_active", "نیمه‌فعال"
    STAGNANT = "stagnant", "راکد"
    CLOSED = "closed", "تعطیل"


class ProductionUnit(SearchableModel, TimeStampedModel):
    class Kind(models.TextChoices):
        INDUSTRIAL = "industrial", "صنعتی"
        WORKSHOP = "workshop", "کارگاهی"
        AGRICULTURAL = "agricultural", "کشاورزی"
        SERVICE = "service", "خدماتی"

    class Ownership(models.TextChoices):
        PRIVATE = "private", "خصوصی"
        BANK_SEIZED = "bank_seized", "تملیکی بانک"
        COOPERATIVE = "cooperative", "تعاونی"
        PUBLIC = "public", "دولتی / عمومی"

    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("نام واحد", max_length=250)
    legal_id = models.CharField(
        "شناسه ملی",
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_legal_id],
    )
    national_code = models.CharField(
        "کد ملی مالک",
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_national_code],
    )
    business_id = models.CharField("شناسه کسب‌وکار", max_length=30, blank=True)
    isic = models.CharField("کد فعالیت (ISIC)", max_length=8, blank=True)
    activity = models.CharField("فعالیت / محصول", max_length=250, blank=True)
    kind = models.CharField(
        "نوع واحد", max_length=20, choices=Kind.choices, default=Kind.INDUSTRIAL
    )
    county = models.ForeignKey(
        County, verbose_name="شهرستان", on_delete=models.PROTECT, related_name="units"
    )
    estate = models.ForeignKey(
        IndustrialEstate,
        verbose_name="شهرک / ناحیه صنعتی",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    address = models.TextField("نشانی", blank=True)
    capacity = models.CharField("ظرفیت اسمی", max_length=120, blank=True)
    utilisation = models.PositiveSmallIntegerField("درصد استفاده از ظرفیت", default=0)
    jobs = models.PositiveIntegerField("اشتغال فعلی", default=0)
    covid_affected = models.BooleanField("آسیب‌دیده از کرونا", default=False)
    ownership = models.CharField(
        "مالکیت", max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    contact_name = models.CharField("نام رابط واحد", max_length=120, blank=True)
    phone = models.CharField("تلفن", max_length=40, blank=True)
    # The latest status of the history; kept by the service that records a status event.
    status = models.CharField(
        "وضعیت", max_length=20, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "واحد تولیدی"
        verbose_name_plural = "واحدهای تولیدی"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(utilisation__lte=100), name="unit_utilisation_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(legal_id__isnull=False) | models.Q(national_code__isnull=False),
                name="unit_has_an_identifier",
            ),
        ]
        indexes = [models.Index(fields=["province", "status", "county"], name="unit_filters")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("units:unit_detail", args=[self.pk])

    def search_source(self):
        return [self.name, self.legal_id, self.national_code, self.activity, self.business_id]


class UnitEvent(AppendOnlyModel):
    """A dated change of a unit's status (or its launch), with jobs before and after."""

    class Kind(models.TextChoices):
        STATUS = "status", "تغییر وضعیت"
        LAUNCH = "launch", "راه‌اندازی واحد جدید"
        REGISTERED = "registered", "ثبت واحد"

    class Cause(models.TextChoices):
        NONE = "", "—"
        LIQUIDITY = "liquidity", "کمبود نقدینگی"
        MARKET = "market", "بازار و فروش"
        RAW_MATERIALS = "raw_materials", "مواد اولیه"
        PARTNERS = "partners", "اختلاف شرکا"
        MACHINERY = "machinery", "ماشین‌آلات و فناوری"
        LICENCES = "licences", "مجوزها و زمین"
        UTILITIES = "utilities", "آب، برق و گاز"
        COVID = "covid", "شیوع کرونا"
        SUPPORT = "support", "حمایت ستاد و تسهیلات"
        OTHER = "other", "سایر"

    unit = models.ForeignKey(
        ProductionUnit, verbose_name="واحد", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("رویداد", max_length=20, choices=Kind.choices, default=Kind.STATUS)
    date = models.DateField("تاریخ", db_index=True)
    from_status = models.CharField(
        "وضعیت پیشین", max_length=20, choices=UnitStatus.choices, blank=True
    )
    to_status = models.CharField("وضعیت جدید", max_length=20, choices=UnitStatus.choices)
    jobs_before = models.PositiveIntegerField("اشتغال پیش از تغییر", default=0)
    jobs_after = models.PositiveIntegerField("اشتغال پس از تغییر", default=0)
    cause = models.CharField("علت", max_length=20, choices=Cause.choices, blank=True, default="")
    product = models.CharField("محصول", max_length=120, blank=True)
    note = models.TextField("توضیح", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("زمان ثبت", default=clock.now)

    class Meta:
        verbose_name = "رویداد واحد"
        verbose_name_plural = "رویدادهای واحد"
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["kind", "to_status", "date"], name="unit_event_counts")]

    def __str__(self):
        return f"{self.unit}: {self.get_to_status_display()}"

    @property
    def is_revival(self) -> bool:
        return self.from_status in REVIVABLE and self.to_status == UnitStatus.ACTIVE


REVIVABLE = {UnitStatus.STAGNANT, UnitStatus.CLOSED}


class SupportCase(SearchableModel, TimeStampedModel):
    class Type(models.TextChoices):
        DEFERRAL = "deferral", "امهال تسهیلات"
        INSTALMENTS = "instalments", "تقسیط بدهی"
        PENALTY_WAIVER = "penalty_waiver", "بخشودگی جرائم"
        WORKING_CAPITAL = "working_capital", "سرمایه در گردش و معرفی به بانک"
        COLLATERAL = "collateral", "وثیقه و ضمانت"
        ENFORCEMENT_POSTPONEMENT = "enforcement_postponement", "تعویق اجراییه"
        NO_UTILITY_CUTOFF = "no_utility_cutoff", "عدم قطع انشعاب"
        SEIZED_UNIT_RETURN = "seized_unit_return", "بازگشت واحد تملیکی"
        LICENCES_LAND = "licences_land", "مجوز و زمین"
        RAW_MATERIALS_FX = "raw_materials_fx", "مواد اولیه و ارز"
        REVIVAL = "revival", "احیای واحد راکد"

    class Creditor(models.TextChoices):
        NONE = "", "—"
        BANK = "bank", "بانک"
        TAX = "tax", "امور مالیاتی"
        SOCIAL_SECURITY = "social_security", "تأمین اجتماعی"
        ELECTRICITY = "electricity", "برق"
        GAS = "gas", "گاز"
        WATER = "water", "آب"
        MUNICIPALITY = "municipality", "شهرداری"
        CUSTOMS = "customs", "گمرک"
        OTHER = "other", "سایر"

    class Status(models.TextChoices):
        RECEIVED = "received", "دریافت شده"
        UNDER_REVIEW = "under_review", "در حال بررسی"
        REFERRED = "referred", "ارجاع به جلسه"
        DECIDED = "decided", "تصمیم‌گیری شده"
        IMPLEMENTED = "implemented", "اجرا شده"
        REJECTED = "rejected", "رد شده"
        WITHDRAWN = "withdrawn", "منصرف شده"

    TRANSITIONS = {
        Status.RECEIVED: {Status.UNDER_REVIEW, Status.REFERRED, Status.REJECTED, Status.WITHDRAWN},
        Status.UNDER_REVIEW: {Status.REFERRED, Status.REJECTED, Status.WITHDRAWN},
        Status.REFERRED: {Status.DECIDED, Status.UNDER_REVIEW, Status.WITHDRAWN},
        Status.DECIDED: {Status.IMPLEMENTED, Status.REJECTED},
        Status.IMPLEMENTED: set(),
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
    }
    OPEN_STATUSES = {Status.RECEIVED, Status.UNDER_REVIEW, Status.REFERRED}
    # Types whose creditor must be named.
    NEEDS_CREDITOR = {
        Type.ENFORCEMENT_POSTPONEMENT,
        Type.NO_UTILITY_CUTOFF,
        Type.DEFERRAL,
        Type.INSTALMENTS,
        Type.PENALTY_WAIVER,
    }

    unit = models.ForeignKey(
        ProductionUnit, verbose_name="واحد", on_delete=models.PROTECT, related_name="cases"
    )
    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="cases"
    )
    code = models.CharField("شماره پرونده", max_length=30)
    type = models.CharField("نوع درخواست", max_length=30, choices=Type.choices)
    creditor = models.CharField(
        "طلبکار", max_length=20, choices=Creditor.choices, blank=True, default=""
    )
    creditor_agency = models.ForeignKey(
        Agency,
        verbose_name="دستگاه / بانک طلبکار",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_as_creditor",
    )
    amount = models.DecimalField("مبلغ (ریال)", null=True, blank=True, **AMOUNT)
    description = models.TextField("شرح درخواست")
    received_on = models.DateField("تاریخ دریافت", db_index=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.TextField("نتیجه", blank=True)
    closed_on = models.DateField("تاریخ بسته شدن", null=True, blank=True)
    obstacle = obstacle_field()
    legal_basis = legal_basis_field()
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "پرونده حمایتی"
        verbose_name_plural = "پرونده‌های حمایتی"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="case_code_per_province"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="case_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "status", "type"], name="case_filters"),
            models.Index(fields=["province", "status", "received_on"], name="case_waiting_by_date"),
        ]

    def __str__(self):
        from hamahang.core.text import display_code

        return f"پرونده {display_code(self.code)}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("units:case_detail", args=[self.pk])

    def search_source(self):
        return [self.code, self.description, self.unit.name if self.unit_id else ""]


class CaseEvent(AppendOnlyModel):
    case = models.ForeignKey(
        SupportCase, verbose_name="پرونده", on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(
        "وضعیت پیشین", max_length=20, choices=SupportCase.Status.choices, blank=True
    )
    to_status = models.CharField("وضعیت جدید", max_length=20, choices=SupportCase.Status.choices)
    description = models.TextField("شرح")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="انجام‌دهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("زمان", default=clock.now)

    class Meta:
        verbose_name = "رویداد پرونده"
        verbose_name_plural = "رویدادهای پرونده"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description
