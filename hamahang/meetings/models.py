"""Meetings, their resolutions, and each agency's assignment until it is done.

Workflows are data: the allowed transitions sit beside the status choices, and one service
performs a transition and writes the event row (ResolutionEvent) shown as the timeline.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hamahang.core import clock
from hamahang.core.models import AppendOnlyModel, SearchableModel, TimeStampedModel
from hamahang.organizations.models import Agency, Committee
from hamahang.units.obstacles import legal_basis_field, obstacle_field


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "برنامه‌ریزی شده"
        HELD = "held", "برگزار شده"
        APPROVED = "approved", "صورتجلسه تأیید شده"
        CANCELLED = "cancelled", "لغو شده"

    TRANSITIONS = {
        Status.PLANNED: {Status.HELD, Status.CANCELLED},
        Status.HELD: {Status.APPROVED, Status.CANCELLED},
        Status.APPROVED: set(),
        Status.CANCELLED: set(),
    }
    # Resolutions, attendance and agenda can change only while the minutes are not approved.
    EDITABLE = {Status.PLANNED, Status.HELD}
    # A meeting that took place: only its resolutions are issued, reported on and verified
    # (the rule: services/_common.require_held).
    HELD_STATUSES = {Status.HELD, Status.APPROVED}

    committee = models.ForeignKey(
        Committee, verbose_name="ستاد", on_delete=models.PROTECT, related_name="meetings"
    )
    jalali_year = models.PositiveSmallIntegerField("سال (شمسی)")
    number = models.PositiveIntegerField("شماره جلسه")
    date = models.DateField("تاریخ", db_index=True)
    start_time = models.TimeField("ساعت شروع", null=True, blank=True)
    place = models.CharField("محل برگزاری", max_length=200, blank=True)
    chair = models.CharField("رئیس جلسه", max_length=200, blank=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.TextField("توضیحات", blank=True)
    minutes_approved_at = models.DateTimeField("زمان تأیید صورتجلسه", null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="تأییدکننده صورتجلسه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "جلسه"
        verbose_name_plural = "جلسات"
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "jalali_year", "number"], name="meeting_number_per_year"
            )
        ]
        indexes = [models.Index(fields=["committee", "date"], name="meeting_committee_date")]

    def __str__(self):
        from hamahang.core.digits import to_persian_digits as fa

        return f"جلسه {fa(self.number)} سال {fa(self.jalali_year)} {self.committee}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def ordinal_title(self) -> str:
        """As officials title it: «دویست و بیست و هفتمین جلسه ستاد تسهیل …»."""
        from hamahang.core.numbers import ordinal_words

        return f"{ordinal_words(self.number)} جلسه {self.committee.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def was_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    @property
    def takes_resolutions(self) -> bool:
        """Held and its minutes not yet approved: new resolutions may be recorded."""
        return self.status == self.Status.HELD


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "حاضر"
        ABSENT = "absent", "غایب"
        EXCUSED = "excused", "غیبت موجه"
        SUBSTITUTE = "substitute", "حضور جانشین"

    PRESENT_STATUSES = {Status.PRESENT, Status.SUBSTITUTE}

    meeting = models.ForeignKey(
        Meeting, verbose_name="جلسه", on_delete=models.CASCADE, related_name="attendances"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="دستگاه", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField("حضور", max_length=20, choices=Status.choices)
    representative = models.CharField("نماینده", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "حضور و غیاب"
        verbose_name_plural = "حضور و غیاب"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="attendance_once_per_agency")
        ]

    def __str__(self):
        return f"{self.agency}: {self.get_status_display()}"


class Resolution(SearchableModel, TimeStampedModel):
    class Type(models.TextChoices):
        DIRECTIVE = "directive", "تکلیف به دستگاه"
        PROGRAMME = "programme", "تصویب راهبرد و برنامه عملیاتی"
        DEFERRAL = "deferral", "امهال / تقسیط تسهیلات"
        ENFORCEMENT_POSTPONEMENT = "enforcement_postponement", "تعویق اجراییه"
        NO_UTILITY_CUTOFF = "no_utility_cutoff", "عدم قطع انشعاب"
        BANK_REFERRAL = "bank_referral", "معرفی به بانک"
        COMMITTEE_REFERRAL = "committee_referral", "ارجاع به کارگروه تخصصی"
        NATIONAL_REFERRAL = "national_referral", "ارجاع به ستاد ملی"
        PROJECT_APPROVAL = "project_approval", "تصویب طرح"
        REJECTION = "rejection", "رد درخواست"
        INFORMATIONAL = "informational", "اطلاع‌رسانی"

    class Status(models.TextChoices):
        NO_ACTION = "no_action", "بدون تکلیف"
        ISSUED = "issued", "ابلاغ شده"
        IN_PROGRESS = "in_progress", "در دست اجرا"
        DONE = "done", "اجرا شده"
        NOT_IMPLEMENTED = "not_implemented", "اجرا نشده"
        NOT_FEASIBLE = "not_feasible", "منتفی"
        CANCELLED = "cancelled", "لغو شده"

    OPEN_STATUSES = {Status.ISSUED, Status.IN_PROGRESS}
    # Temporary reliefs (مهلت‌های حمایتی): each has an expiry date (the sunset ledger). A
    # deferral covers rescheduling too (امهال / تقسیط), so no separate rescheduling type.
    RELIEF_TYPES = {Type.DEFERRAL, Type.ENFORCEMENT_POSTPONEMENT, Type.NO_UTILITY_CUTOFF}

    meeting = models.ForeignKey(
        Meeting, verbose_name="جلسه", on_delete=models.PROTECT, related_name="resolutions"
    )
    # Denormalised from the meeting so that lists filter by committee and period on one table.
    committee = models.ForeignKey(
        Committee, verbose_name="ستاد", on_delete=models.PROTECT, related_name="resolutions"
    )
    meeting_date = models.DateField("تاریخ جلسه")
    number = models.PositiveIntegerField("شماره مصوبه")
    code = models.CharField("کد مصوبه", max_length=30)
    text = models.TextField("متن مصوبه")
    type = models.CharField("نوع", max_length=30, choices=Type.choices, default=Type.DIRECTIVE)
    is_confidential = models.BooleanField("محرمانه", default=False)
    # Shown on the public portal (hamahang.public) once the secretariat publishes it; a
    # confidential resolution is never published (meetings.services.resolution_publish).
    is_published = models.BooleanField("منتشرشده برای عموم", default=False)
    published_at = models.DateTimeField("زمان انتشار", null=True, blank=True)
    # What the resolution concerns (projects read their resolutions through this relation).
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="طرح مربوط",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    unit = models.ForeignKey(
        "units.ProductionUnit",
        verbose_name="واحد مربوط",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    case = models.ForeignKey(
        "units.SupportCase",
        verbose_name="پرونده مربوط",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    # Rolled up from the assignments by the service that changes them.
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.NO_ACTION
    )
    progress = models.PositiveSmallIntegerField("پیشرفت (درصد)", default=0)
    next_deadline = models.DateField("نزدیک‌ترین مهلت باز", null=True, blank=True)
    obstacle = obstacle_field()
    legal_basis = legal_basis_field()
    # The end of a temporary relief (RELIEF_TYPES); required for new ones by the service.
    relief_expires_on = models.DateField("تاریخ پایان اعتبار", null=True, blank=True)
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "مصوبه"
        verbose_name_plural = "مصوبات"
        ordering = ["-meeting_date", "-meeting__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="resolution_number_in_meeting"
            ),
            models.UniqueConstraint(
                fields=["committee", "code"], name="resolution_code_per_committee"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="resolution_progress_max_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(is_published=True, is_confidential=True),
                name="resolution_confidential_never_published",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "meeting_date"], name="resolution_committee_date"),
            models.Index(fields=["status", "next_deadline"], name="resolution_status_deadline"),
            models.Index(
                fields=["committee", "relief_expires_on"],
                condition=models.Q(relief_expires_on__isnull=False),
                name="resolution_relief_expiry",
            ),
            # The public portal's newest published resolutions (its pages and Atom feeds).
            models.Index(
                fields=["-published_at"],
                condition=models.Q(is_published=True),
                name="resolution_published",
            ),
        ]

    def __str__(self):
        from hamahang.core.text import display_code

        return f"مصوبه {display_code(self.code)}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:resolution_detail", args=[self.pk])

    def search_source(self):
        return [self.code, self.text]

    @property
    def is_relief(self) -> bool:
        return self.type in self.RELIEF_TYPES

    def is_overdue_on(self, day) -> bool:
        """Some assignment is overdue: `next_deadline` is the earliest open assignment's."""
        return self.next_deadline is not None and self.next_deadline < day


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def overdue(self, day):
        """Overdue on `day`: the one query of the rule (`Assignment.overdue_q`)."""
        return self.filter(Assignment.overdue_q(day))


class Assignment(TimeStampedModel):
    """One resolution × one agency: its own deadline, status and progress.

    Overdue (معوق) on a day: still open (issued, in progress or reported done but not yet
    verified) and its deadline is before that day. Stated once for queries (`overdue_q`, the
    queryset's `.overdue(day)`) and once for a row (`is_overdue_on`, the `overdue` template
    filter)."""

    class Role(models.TextChoices):
        LEAD = "lead", "مسئول"
        COLLABORATOR = "collaborator", "همکار"

    class Status(models.TextChoices):
        ISSUED = "issued", "ابلاغ شده"
        IN_PROGRESS = "in_progress", "در دست اجرا"
        REPORTED_DONE = "reported_done", "اعلام انجام"
        VERIFIED_DONE = "verified_done", "اجرا شده"
        NOT_IMPLEMENTED = "not_implemented", "اجرا نشده"
        CANCELLED = "cancelled", "لغو شده"
        NOT_FEASIBLE = "not_feasible", "منتفی"

    OPEN_STATUSES = {Status.ISSUED, Status.IN_PROGRESS, Status.REPORTED_DONE}
    CLOSED_STATUSES = {
        Status.VERIFIED_DONE,
        Status.NOT_IMPLEMENTED,
        Status.CANCELLED,
        Status.NOT_FEASIBLE,
    }
    # What the secretariat may set by hand (the agency moves it through follow-up reports).
    TRANSITIONS = {
        Status.ISSUED: {
            Status.IN_PROGRESS,
            Status.REPORTED_DONE,
            Status.NOT_IMPLEMENTED,
            Status.CANCELLED,
            Status.NOT_FEASIBLE,
        },
        Status.IN_PROGRESS: {
            Status.REPORTED_DONE,
            Status.NOT_IMPLEMENTED,
            Status.CANCELLED,
            Status.NOT_FEASIBLE,
        },
        Status.REPORTED_DONE: {
            Status.VERIFIED_DONE,
            Status.IN_PROGRESS,
            Status.NOT_IMPLEMENTED,
            Status.CANCELLED,
            Status.NOT_FEASIBLE,
        },
        Status.VERIFIED_DONE: {Status.IN_PROGRESS},
        Status.NOT_IMPLEMENTED: {Status.IN_PROGRESS},
        Status.CANCELLED: {Status.IN_PROGRESS},
        Status.NOT_FEASIBLE: {Status.IN_PROGRESS},
    }

    resolution = models.ForeignKey(
        Resolution, verbose_name="مصوبه", on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="دستگاه", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("نقش", max_length=20, choices=Role.choices, default=Role.LEAD)
    deadline = models.DateField("مهلت")
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.ISSUED)
    progress = models.PositiveSmallIntegerField("پیشرفت (درصد)", default=0)
    reported_done_on = models.DateField("تاریخ اعلام انجام", null=True, blank=True)
    closed_on = models.DateField("تاریخ بسته شدن", null=True, blank=True)
    # The deadline as given in working days («۱۰ روز کاری»), kept for display; the date the
    # service computed from it is `deadline`.
    working_days = models.PositiveSmallIntegerField("مهلت (روز کاری)", null=True, blank=True)
    # Since when the deadline stands still: an objection is under review (not overdue then).
    paused_on = models.DateField("توقف مهلت از", null=True, blank=True)
    version = models.PositiveIntegerField("نسخه", default=1)

    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "تکلیف دستگاه"
        verbose_name_plural = "تکالیف دستگاه‌ها"
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "agency"], name="assignment_once_per_agency"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="assignment_progress_max_100"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "deadline"], name="assignment_agency_open"),
            models.Index(fields=["status", "deadline"], name="assignment_status_deadline"),
            # An agency's open work by deadline: the inbox, overdue lists and the API.
            models.Index(
                fields=["agency", "deadline", "id"],
                condition=models.Q(status__in=["issued", "in_progress", "reported_done"]),
                name="assignment_agency_open_due",
            ),
            models.Index(fields=["agency", "deadline", "id"], name="assignment_agency_deadline"),
            # An agency's overdue work (open, deadline not paused), by deadline: the overdue
            # list, its count and the API's `overdue=true` read only this index (issue 20).
            models.Index(
                fields=["agency", "deadline", "id"],
                condition=models.Q(
                    status__in=["issued", "in_progress", "reported_done"], paused_on__isnull=True
                ),
                name="assignment_agency_live_due",
            ),
        ]

    def __str__(self):
        return f"{self.resolution} — {self.agency}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:assignment_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        """An objection is under review: the deadline stands still and nothing is overdue."""
        return self.paused_on is not None

    @property
    def state_label(self) -> str:
        """The status as people read it: a paused assignment waits for the objection."""
        return PAUSED_LABEL if self.is_paused and self.is_open else self.get_status_display()

    def is_overdue_on(self, day) -> bool:
        return self.is_open and not self.is_paused and self.deadline < day

    @property
    def escalation_label(self) -> str:
        """The highest escalation step reached, for a row annotated with `escalation_level`
        (selectors: the brief, the dashboard); "" when not escalated."""
        level = getattr(self, "escalation_level", None)
        return Escalation.Level(level).label if level else ""

    @classmethod
    def overdue_q(cls, day, prefix: str = "") -> models.Q:
        """The rows overdue on `day` (`prefix`: the path to an assignment, e.g. "assignments__");
        a deadline paused by an objection under review is not overdue."""
        return models.Q(
            **{
                f"{prefix}status__in": cls.OPEN_STATUSES,
                f"{prefix}deadline__lt": day,
                f"{prefix}paused_on__isnull": True,
            }
        )


PAUSED_LABEL = "در انتظار رسیدگی به اعتراض"


class FollowUp(TimeStampedModel):
    """The agency liaison's report on an assignment; the secretariat accepts or returns it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "در انتظار بررسی"
        ACCEPTED = "accepted", "پذیرفته شده"
        RETURNED = "returned", "بازگشت داده شده"

    assignment = models.ForeignKey(
        Assignment, verbose_name="تکلیف", on_delete=models.CASCADE, related_name="followups"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="گزارش‌دهنده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField("شرح اقدام")
    progress = models.PositiveSmallIntegerField("پیشرفت (درصد)")
    is_final = models.BooleanField("اعلام انجام کامل", default=False)
    attachment = models.FileField("پیوست", upload_to="followups/%Y/%m/", blank=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="بررسی‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("زمان بررسی", null=True, blank=True)
    return_reason = models.TextField("دلیل بازگشت", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "گزارش پیگیری"
        verbose_name_plural = "گزارش‌های پیگیری"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="followup_progress_max_100"
            ),
        ]
        indexes = [
            models.Index(fields=["assignment", "status"], name="followup_by_status"),
            # Returned reports are few: the inbox finds them from this small index.
            models.Index(
                fields=["assignment"],
                condition=models.Q(status="returned"),
                name="followup_returned",
            ),
        ]

    def __str__(self):
        return f"گزارش {self.assignment}"


class DeadlineExtension(AppendOnlyModel):
    """A deadline change: kept as history, never overwritten."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="تکلیف", on_delete=models.PROTECT, related_name="extensions"
    )
    original_deadline = models.DateField("مهلت پیشین")
    new_deadline = models.DateField("مهلت جدید")
    reason = models.TextField("دلیل")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="تأییدکننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("زمان", default=clock.now)

    class Meta:
        verbose_name = "تمدید مهلت"
        verbose_name_plural = "تمدیدهای مهلت"
        ordering = ["created_at"]

    def __str__(self):
        return f"تمدید {self.assignment}"


class Objection(TimeStampedModel):
    """An assigned agency's objection (اعتراض) to a resolution, within its committee's window:
    while under review the assignment's deadline is paused; the committee upholds it (the
    resolution is amended or the assignment cancelled) or rejects it (the deadline resumes
    with the paused days added)."""

    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", "در حال رسیدگی"
        UPHELD = "upheld", "پذیرفته شده"
        REJECTED = "rejected", "رد شده"

    class Remedy(models.TextChoices):
        CANCEL = "cancel", "لغو تکلیف"
        AMEND = "amend", "اصلاح مصوبه"

    assignment = models.ForeignKey(
        Assignment, verbose_name="تکلیف", on_delete=models.PROTECT, related_name="objections"
    )
    reason = models.TextField("دلیل اعتراض")
    attachment = models.FileField("پیوست", upload_to="objections/%Y/%m/", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="معترض", on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("زمان ثبت اعتراض", default=clock.now)
    status = models.CharField(
        "وضعیت", max_length=20, choices=Status.choices, default=Status.UNDER_REVIEW
    )
    remedy = models.CharField("نتیجه پذیرش", max_length=10, choices=Remedy.choices, blank=True)
    decided_at = models.DateTimeField("زمان رسیدگی", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="رسیدگی‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField("شرح تصمیم", blank=True)
    paused_at = models.DateField("توقف مهلت از")
    paused_days = models.PositiveSmallIntegerField("روزهای توقف افزوده‌شده", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "اعتراض به مصوبه"
        verbose_name_plural = "اعتراض‌ها به مصوبات"
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(status="under_review"),
                name="one_objection_under_review",
            )
        ]

    def __str__(self):
        return f"اعتراض {self.assignment}"

    @property
    def is_under_review(self) -> bool:
        return self.status == self.Status.UNDER_REVIEW


class AgendaItem(models.Model):
    class Reason(models.TextChoices):
        NONE = "", "—"
        RELIEF_EXPIRY = "relief_expiry", "پایان اعتبار مصوبه"

    meeting = models.ForeignKey(
        Meeting, verbose_name="جلسه", on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField("ردیف")
    title = models.TextField("موضوع")
    carried_resolution = models.ForeignKey(
        Resolution,
        verbose_name="مصوبه پیگیری‌شده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
    )
    # Why a resolution was carried here besides being open: its relief expires.
    reason = models.CharField(
        "علت درج", max_length=20, choices=Reason.choices, blank=True, default=""
    )
    case = models.ForeignKey(
        "units.SupportCase",
        verbose_name="پرونده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="طرح",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    objection = models.ForeignKey(
        Objection,
        verbose_name="اعتراض",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = "دستور جلسه"
        verbose_name_plural = "دستور جلسه"
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "carried_resolution"],
                condition=models.Q(carried_resolution__isnull=False),
                name="agenda_carries_a_resolution_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "case"],
                condition=models.Q(case__isnull=False),
                name="agenda_takes_a_case_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "objection"],
                condition=models.Q(objection__isnull=False),
                name="agenda_takes_an_objection_once",
            ),
        ]

    def __str__(self):
        return self.title


class ResolutionEvent(AppendOnlyModel):
    """One step in a resolution's life (who, when, what): the timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", "ثبت مصوبه"
        EDITED = "edited", "ویرایش مصوبه"
        ASSIGNED = "assigned", "ابلاغ به دستگاه"
        STATUS_CHANGED = "status_changed", "تغییر وضعیت"
        REPORTED = "reported", "ثبت گزارش پیگیری"
        ACCEPTED = "accepted", "پذیرش گزارش"
        RETURNED = "returned", "بازگشت گزارش"
        EXTENDED = "extended", "تمدید مهلت"
        CARRIED_OVER = "carried_over", "درج در دستور جلسه"
        MINUTES_APPROVED = "minutes_approved", "تأیید صورتجلسه"
        PUBLISHED = "published", "انتشار برای عموم"
        UNPUBLISHED = "unpublished", "لغو انتشار"
        OBJECTED = "objected", "ثبت اعتراض"
        OBJECTION_UPHELD = "objection_upheld", "پذیرش اعتراض"
        OBJECTION_REJECTED = "objection_rejected", "رد اعتراض"
        ESCALATED = "escalated", "پیگیری سلسله‌مراتبی"
        OUTCOME_RECORDED = "outcome_recorded", "ثبت دستاورد"
        PRODUCER_BLOCKED = "producer_blocked", "معطل تعهد تولیدکننده"
        PRODUCER_UNBLOCKED = "producer_unblocked", "رفع توقف تعهد تولیدکننده"
        REFERRED = "referred", "ارجاع به سطح بالاتر"
        REFERRAL_ANSWERED = "referral_answered", "پاسخ ارجاع"

    resolution = models.ForeignKey(
        Resolution, verbose_name="مصوبه", on_delete=models.PROTECT, related_name="events"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="تکلیف",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="انجام‌دهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("رویداد", max_length=30, choices=Kind.choices)
    description = models.TextField("شرح")
    created_at = models.DateTimeField("زمان", default=clock.now, db_index=True)
    # Empty for a person at a screen or the API; otherwise what wrote it, e.g.
    # «ورود از اکسل «meetings.xlsx» (جلسات، مصوبات و تکالیف)».
    source = models.CharField("منبع", max_length=300, blank=True)

    class Meta:
        verbose_name = "رویداد مصوبه"
        verbose_name_plural = "رویدادهای مصوبه"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description


class Escalation(AppendOnlyModel):
    """One step of the escalation chain reached by an overdue assignment (پیگیری سلسله‌مراتبی):
    level 1 its agency head, level 2 the deputy governor. Each level is reached once
    (meetings.escalation.escalate_overdue); the notices are the proof it was sent."""

    class Level(models.IntegerChoices):
        AGENCY_HEAD = 1, "رئیس دستگاه"
        DEPUTY_GOVERNOR = 2, "معاون استاندار"

    assignment = models.ForeignKey(
        Assignment, verbose_name="تکلیف", on_delete=models.PROTECT, related_name="escalations"
    )
    level = models.PositiveSmallIntegerField("مرحله", choices=Level.choices)
    day = models.DateField("روز")
    overdue_days = models.PositiveIntegerField("روزهای تأخیر")
    deadline = models.DateField("مهلت در آن روز")
    recipient = models.CharField("گیرنده", max_length=300, blank=True)
    notices = models.ManyToManyField(
        "notices.Notice", verbose_name="اعلان‌ها", blank=True, related_name="escalations"
    )
    created_at = models.DateTimeField("زمان", default=clock.now)

    class Meta:
        verbose_name = "پیگیری سلسله‌مراتبی"
        verbose_name_plural = "پیگیری‌های سلسله‌مراتبی"
        ordering = ["created_at", "level", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "level"], name="escalation_level_once")
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.assignment}"


class ReminderLog(models.Model):
    """What the reminder command sent: one daily digest per agency per day, and notices."""

    class Kind(models.TextChoices):
        DAILY_DIGEST = "daily_digest", "خلاصه روزانه"
        ISSUED = "issued", "ابلاغ تکلیف"
        RETURNED = "returned", "بازگشت گزارش"

    agency = models.ForeignKey(
        Agency, verbose_name="دستگاه", on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    day = models.DateField("روز")
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="تکلیف",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipients = models.TextField("گیرندگان")
    subject = models.CharField("عنوان", max_length=250)
    item_count = models.PositiveIntegerField("تعداد موارد", default=0)
    sent_at = models.DateTimeField("زمان ارسال", default=clock.now)

    class Meta:
        verbose_name = "یادآوری ارسال‌شده"
        verbose_name_plural = "یادآوری‌های ارسال‌شده"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day"],
                condition=models.Q(kind="daily_digest"),
                name="one_daily_digest_per_agency_per_day",
            )
        ]

    def __str__(self):
        return self.subject


# Referrals between tiers live in their own module; imported here so that Django finds them.
from hamahang.meetings.referral_models import Referral  # noqa: E402, F401
