"""Forms of the meetings screens. They parse and validate input; services decide."""

from django import forms

from hamahang.accounts.selectors import AGENCY_LOOKUP
from hamahang.core.forms import (
    JalaliDateField,
    PeriodFilterMixin,
    PersianCharField,
    PersianTimeField,
    TypeaheadField,
    WholeNumberField,
    WholeNumberInput,
    named_choices,
)
from hamahang.meetings.models import Assignment, Attendance, Meeting, Resolution
from hamahang.projects.selectors import PROJECT_LOOKUP
from hamahang.units.forms import legal_basis_text_field, obstacle_choice_field
from hamahang.units.selectors import CASE_LOOKUP


def project_field(label: str) -> TypeaheadField:
    """A project chosen by a word of its title or its code (a province has thousands)."""
    return TypeaheadField(
        label=label,
        lookup=PROJECT_LOOKUP,
        noun="طرح",
        placeholder="کد یا بخشی از عنوان طرح",
        required=False,
        error_messages={"not_found": "طرحی با کد «%(value)s» در دسترس شما نیست."},
    )


TEXTAREA = {"class": "form-control", "rows": 4}


def _select(choices, label, required=False):
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=[("", "همه"), *list(choices)] if not required else list(choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="ستاد",
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "ستاد را انتخاب کنید.",
            "invalid_choice": "این ستاد در دسترس شما نیست.",
        },
    )
    date = JalaliDateField(label="تاریخ جلسه")
    start_time = PersianTimeField(label="ساعت شروع", required=False)
    place = PersianCharField(
        label="محل برگزاری",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    chair = PersianCharField(
        label="رئیس جلسه",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    notes = PersianCharField(
        label="توضیحات", required=False, widget=forms.Textarea(attrs=TEXTAREA | {"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, committees, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if editing:
            self.fields["committee"].disabled = True


class AttendanceForm(forms.Form):
    agency_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="حضور",
        choices=[("", "—"), *Attendance.Status.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    representative = PersianCharField(
        label="نماینده",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


AttendanceFormSet = forms.formset_factory(AttendanceForm, extra=0)


class AgendaItemForm(forms.Form):
    title = PersianCharField(
        label="موضوع",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 2}),
    )
    project = project_field("طرح (اختیاری)")

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and not cleaned.get("project") and not self.errors:
            raise forms.ValidationError("موضوع دستور جلسه را بنویسید یا طرحی انتخاب کنید.")
        return cleaned


class ResolutionForm(forms.Form):
    text = PersianCharField(
        label="متن مصوبه",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "متن مصوبه را بنویسید."},
    )
    type = forms.ChoiceField(
        label="نوع مصوبه",
        choices=Resolution.Type.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    is_confidential = forms.BooleanField(
        label="محرمانه",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    # Type-aheads, not drop-downs: a province has thousands of projects and open cases.
    case = TypeaheadField(
        label="پرونده‌ای که این مصوبه درباره آن تصمیم می‌گیرد",
        lookup=CASE_LOOKUP,
        noun="پرونده",
        indefinite="پرونده‌ای",
        placeholder="شماره پرونده یا نام واحد",
        params={"open": "1"},
        required=False,
        error_messages={
            "invalid_choice": "این پرونده در دسترس نیست یا بسته شده است.",
            "not_found": "پرونده «%(value)s» در دسترس نیست یا بسته شده است.",
        },
    )
    project = project_field("طرح مربوط")
    obstacle = obstacle_choice_field()
    legal_basis = legal_basis_text_field()
    relief_expires_on = JalaliDateField(
        label="تاریخ پایان اعتبار",
        required=False,
        help_text="برای امهال، تعویق اجراییه و عدم قطع انشعاب الزامی است.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, projects, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        if cases is None:
            del self.fields["case"]
        else:
            self.fields["case"].queryset = cases


class ReliefExpiryForm(forms.Form):
    relief_expires_on = JalaliDateField(
        label="تاریخ پایان اعتبار",
        error_messages={"required": "تاریخ پایان اعتبار را وارد کنید."},
    )


class AssignmentRowForm(forms.Form):
    agency = TypeaheadField(
        label="دستگاه",
        lookup=AGENCY_LOOKUP,
        noun="دستگاه",
        placeholder="نام دستگاه",
        required=False,
    )
    role = forms.ChoiceField(
        label="نقش",
        choices=Assignment.Role.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    deadline = JalaliDateField(label="مهلت", required=False)
    working_days = forms.CharField(
        label="یا روز کاری",
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "placeholder": "مثلاً ۱۰"}
        ),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_working_days(self):
        from hamahang.meetings.services import working_day_count

        value = self.cleaned_data["working_days"].strip()
        return working_day_count(value) if value else None

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("deadline") or cleaned.get("working_days")
        if cleaned.get("agency") and not given and not self.errors:
            self.add_error("deadline", "مهلت این دستگاه را وارد کنید.")
        if given and not cleaned.get("agency") and "agency" not in self.errors:
            self.add_error("agency", "دستگاه را انتخاب کنید.")
        return cleaned


class BaseAssignmentFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            agency = form.cleaned_data.get("agency")
            if agency and agency.pk in seen:
                raise forms.ValidationError(
                    f"«{agency}» دو بار انتخاب شده است.", code="duplicate_agency"
                )
            if agency:
                seen.add(agency.pk)


AssignmentFormSet = forms.formset_factory(
    AssignmentRowForm, formset=BaseAssignmentFormSet, extra=3, max_num=20
)


class FollowUpForm(forms.Form):
    text = PersianCharField(
        label="شرح اقدام انجام‌شده",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "شرح اقدام انجام‌شده را بنویسید."},
    )
    progress = WholeNumberField(
        label="پیشرفت (درصد)",
        min_value=0,
        max_value=100,
        widget=WholeNumberInput(attrs={"class": "form-control"}),
        error_messages={
            "required": "درصد پیشرفت را وارد کنید.",
            "invalid": "درصد پیشرفت باید عددی از ۰ تا ۱۰۰ باشد.",
            "min_value": "درصد پیشرفت باید عددی از ۰ تا ۱۰۰ باشد.",
            "max_value": "درصد پیشرفت باید عددی از ۰ تا ۱۰۰ باشد.",
        },
    )
    is_final = forms.BooleanField(
        label="اجرای تکلیف کامل شده است (اعلام انجام)",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    attachment = forms.FileField(
        label="پیوست",
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    def clean_progress(self):
        from hamahang.core.digits import to_ascii_digits

        value = self.cleaned_data["progress"]
        return int(to_ascii_digits(str(value)))

    def clean_attachment(self):
        return checked_attachment(self.cleaned_data.get("attachment"))


ALLOWED_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "zip"}
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024


def checked_attachment(upload):
    """An attachment of a report or an objection: its kind and size, or a Persian refusal."""
    if not upload:
        return upload
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise forms.ValidationError(
            "نوع پرونده پیوست پذیرفته نیست (PDF، تصویر، Word، Excel یا ZIP)."
        )
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise forms.ValidationError("حجم پیوست بیش از ۱۰ مگابایت است.")
    return upload


class ObjectionForm(forms.Form):
    reason = PersianCharField(
        label="دلیل اعتراض",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "دلیل اعتراض را بنویسید."},
    )
    attachment = forms.FileField(
        label="پیوست",
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    def clean_attachment(self):
        return checked_attachment(self.cleaned_data.get("attachment"))


class ObjectionDecisionForm(forms.Form):
    DECISIONS = [
        ("rejected", "رد اعتراض (ادامه مهلت با افزودن روزهای توقف)"),
        ("cancel", "پذیرش اعتراض و لغو تکلیف"),
        ("amend", "پذیرش اعتراض و اصلاح مصوبه"),
    ]
    decision = forms.ChoiceField(
        label="تصمیم",
        choices=DECISIONS,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "تصمیم را برگزینید.", "invalid_choice": "تصمیم نادرست است."},
    )
    note = PersianCharField(
        label="شرح تصمیم",
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 2}),
        error_messages={"required": "شرح تصمیم درباره اعتراض را بنویسید."},
    )


class ReturnForm(forms.Form):
    reason = PersianCharField(
        label="دلیل بازگشت",
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 2}),
        error_messages={"required": "دلیل بازگشت گزارش را بنویسید."},
    )


class ExtensionForm(forms.Form):
    new_deadline = JalaliDateField(label="مهلت جدید")
    reason = PersianCharField(
        label="دلیل تمدید",
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 2}),
        error_messages={"required": "دلیل تمدید مهلت را بنویسید."},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="وضعیت جدید",
        choices=Assignment.Status.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = PersianCharField(
        label="توضیح", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BulkAssignmentForm(forms.Form):
    ACTIONS = [("extend", "تمدید مهلت"), ("status", "تغییر وضعیت")]

    action = forms.ChoiceField(
        label="اقدام گروهی", choices=ACTIONS, widget=forms.Select(attrs={"class": "form-select"})
    )
    selected = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": "هیچ تکلیفی انتخاب نشده است."}
    )
    new_deadline = JalaliDateField(label="مهلت جدید", required=False)
    status = forms.ChoiceField(
        label="وضعیت جدید",
        required=False,
        choices=[("", "—"), *Assignment.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = PersianCharField(
        label="دلیل / توضیح",
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, visible_ids, **kwargs):
        super().__init__(*args, **kwargs)
        # Only rows the user may see can be chosen: tampered ids are refused.
        self.fields["selected"].choices = [(pk, pk) for pk in visible_ids]
        self.fields["selected"].error_messages["invalid_choice"] = (
            "تکلیف انتخاب‌شده در دسترس شما نیست."
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") == "extend"
            and not cleaned.get("new_deadline")
            and "new_deadline" not in self.errors
        ):
            self.add_error("new_deadline", "مهلت جدید را وارد کنید.")
        if cleaned.get("action") == "status" and not cleaned.get("status"):
            self.add_error("status", "وضعیت جدید را انتخاب کنید.")
        return cleaned


class ListFilterForm(PeriodFilterMixin):
    committee = forms.TypedChoiceField(
        label="ستاد",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    agency = forms.TypedChoiceField(
        label="دستگاه",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    meeting = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="وضعیت", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    type = _select(Resolution.Type.choices, "نوع")
    obstacle = obstacle_choice_field()
    overdue = forms.BooleanField(
        label="فقط معوق",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    due_within = WholeNumberField(
        label="مهلت تا (روز آینده)",
        required=False,
        min_value=0,
        max_value=365,
        widget=WholeNumberInput(attrs={"class": "form-control"}),
        error_messages={
            "min_value": "تعداد روز نمی‌تواند منفی باشد.",
            "max_value": "حداکثر ۳۶۵ روز.",
            "invalid": "تعداد روز را به عدد وارد کنید.",
        },
    )
    q = PersianCharField(
        label="جست‌وجو در متن",
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "type": "search", "placeholder": "متن یا کد مصوبه"}
        ),
    )

    def __init__(self, *args, committees, agencies, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [
            ("", "همه ستادها"),
            *named_choices(committees, short=True),
        ]
        self.fields["agency"].choices = [("", "همه دستگاه‌ها"), *named_choices(agencies, short=True)]
        self.fields["status"].choices = [("", "همه"), *list(statuses)]


class MeetingFilterForm(PeriodFilterMixin):
    committee = forms.TypedChoiceField(
        label="ستاد",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = _select(Meeting.Status.choices, "وضعیت")

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [
            ("", "همه ستادها"),
            *named_choices(committees, short=True),
        ]
