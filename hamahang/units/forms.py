"""Forms of the units and cases screens. They parse and validate input; services decide."""

from django import forms

from hamahang.accounts.selectors import AGENCY_LOOKUP
from hamahang.core.forms import (
    AmountField,
    JalaliDateField,
    PeriodFilterMixin,
    PersianCharField,
    TypeaheadField,
    WholeNumberField,
    WholeNumberInput,
)
from hamahang.core.identifiers import clean_identifier, validate_legal_id, validate_national_code
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent, UnitStatus
from hamahang.units.obstacles import LEGAL_BASIS_MAX, Obstacle
from hamahang.units.selectors import UNIT_LOOKUP

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


def _count(label, required=True):
    return WholeNumberField(
        label=label,
        min_value=0,
        max_value=10_000_000,
        required=required,
        initial=0,
        widget=WholeNumberInput(attrs=TEXT),
        error_messages={
            "min_value": "تعداد شاغلان نمی‌تواند منفی باشد.",
            "max_value": "تعداد شاغلان بیش از اندازه بزرگ است.",
            "invalid": "تعداد شاغلان را به عدد وارد کنید.",
            "required": "تعداد شاغلان را وارد کنید.",
        },
    )


class UnitForm(forms.Form):
    name = PersianCharField(
        label="نام واحد",
        max_length=250,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "نام واحد را بنویسید."},
    )
    legal_id = forms.CharField(
        label="شناسه ملی (۱۱ رقم)",
        required=False,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr", "inputmode": "numeric"}),
    )
    national_code = forms.CharField(
        label="کد ملی مالک (۱۰ رقم)",
        required=False,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr", "inputmode": "numeric"}),
    )
    business_id = PersianCharField(
        label="شناسه کسب‌وکار",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
    )
    isic = forms.RegexField(
        label="کد فعالیت (ISIC)",
        required=False,
        regex=r"^[0-9۰-۹]{2,8}$",
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
        error_messages={"invalid": "کد ISIC باید ۲ تا ۸ رقم باشد."},
    )
    activity = PersianCharField(
        label="فعالیت / محصول", required=False, max_length=250, widget=forms.TextInput(attrs=TEXT)
    )
    kind = forms.ChoiceField(
        label="نوع واحد", choices=ProductionUnit.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    county = forms.ModelChoiceField(
        label="شهرستان",
        queryset=None,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "شهرستان را انتخاب کنید.",
            "invalid_choice": "این شهرستان شناخته نیست.",
        },
    )
    estate = forms.ModelChoiceField(
        label="شهرک / ناحیه صنعتی",
        queryset=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "این شهرک شناخته نیست."},
    )
    address = PersianCharField(
        label="نشانی", required=False, widget=forms.Textarea(attrs=TEXT | {"rows": 2})
    )
    capacity = PersianCharField(
        label="ظرفیت اسمی", required=False, max_length=120, widget=forms.TextInput(attrs=TEXT)
    )
    utilisation = WholeNumberField(
        label="درصد استفاده از ظرفیت",
        min_value=0,
        max_value=100,
        initial=0,
        widget=WholeNumberInput(attrs=TEXT),
        error_messages={
            "min_value": "درصد استفاده از ظرفیت باید از ۰ تا ۱۰۰ باشد.",
            "max_value": "درصد استفاده از ظرفیت باید از ۰ تا ۱۰۰ باشد.",
        },
    )
    covid_affected = forms.BooleanField(
        label="آسیب‌دیده از کرونا",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    ownership = forms.ChoiceField(
        label="مالکیت", choices=ProductionUnit.Ownership.choices, widget=forms.Select(attrs=SELECT)
    )
    contact_name = PersianCharField(
        label="نام رابط واحد", required=False, max_length=120, widget=forms.TextInput(attrs=TEXT)
    )
    phone = PersianCharField(
        label="تلفن",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, counties, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["estate"].queryset = estates

    def clean_legal_id(self):
        value = clean_identifier(self.cleaned_data["legal_id"])
        if value:
            validate_legal_id(value)
        return value or None

    def clean_national_code(self):
        value = clean_identifier(self.cleaned_data["national_code"])
        if value:
            validate_national_code(value)
        return value or None

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("legal_id")
            and not cleaned.get("national_code")
            and not (self.errors.get("legal_id") or self.errors.get("national_code"))
        ):
            self.add_error(
                "legal_id", "شناسه ملی واحد (۱۱ رقم) یا کد ملی مالک (۱۰ رقم) را وارد کنید."
            )
        return cleaned


class NewUnitForm(UnitForm):
    """Registering a unit: either one the office starts following, or a new unit's launch."""

    MODES = [("register", "واحد موجود"), ("launch", "راه‌اندازی واحد جدید")]

    mode = forms.ChoiceField(
        label="نوع ثبت", choices=MODES, initial="register", widget=forms.RadioSelect
    )
    status = forms.ChoiceField(
        label="وضعیت فعلی", choices=UnitStatus.choices, widget=forms.Select(attrs=SELECT)
    )
    jobs = _count("اشتغال فعلی")
    on_date = JalaliDateField(label="تاریخ ثبت / راه‌اندازی")
    product = PersianCharField(
        label="محصول (برای واحد تازه)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs=TEXT),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "launch" and not cleaned.get("product"):
            self.add_error("product", "محصول واحد تازه‌راه‌اندازی‌شده را بنویسید.")
        return cleaned


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(
        label="وضعیت جدید", choices=UnitStatus.choices, widget=forms.Select(attrs=SELECT)
    )
    on_date = JalaliDateField(label="تاریخ")
    jobs_after = _count("اشتغال پس از تغییر")
    cause = forms.ChoiceField(
        label="علت",
        required=False,
        choices=UnitEvent.Cause.choices,
        widget=forms.Select(attrs=SELECT),
    )
    note = PersianCharField(label="توضیح", required=False, widget=forms.TextInput(attrs=TEXT))


def obstacle_choice_field(label: str = "مانع") -> forms.ChoiceField:
    """The obstacle taxonomy on a form (cases, resolutions, list filters)."""
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *Obstacle.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )


def legal_basis_text_field() -> forms.CharField:
    return PersianCharField(
        label="مستند قانونی",
        required=False,
        max_length=LEGAL_BASIS_MAX,
        widget=forms.TextInput(attrs=TEXT),
        help_text="مانند «ماده ۶۱ قانون رفع موانع تولید رقابت‌پذیر»",
    )


class CaseForm(forms.Form):
    unit = TypeaheadField(
        label="واحد",
        lookup=UNIT_LOOKUP,
        noun="واحد",
        placeholder="نام یا شناسه ملی واحد",
    )
    type = forms.ChoiceField(
        label="نوع درخواست", choices=SupportCase.Type.choices, widget=forms.Select(attrs=SELECT)
    )
    creditor = forms.ChoiceField(
        label="طلبکار",
        required=False,
        choices=SupportCase.Creditor.choices,
        widget=forms.Select(attrs=SELECT),
    )
    creditor_agency = TypeaheadField(
        label="دستگاه / بانک طلبکار",
        lookup=AGENCY_LOOKUP,
        noun="دستگاه",
        placeholder="نام دستگاه یا بانک",
        required=False,
        error_messages={"invalid_choice": "این دستگاه شناخته نیست."},
    )
    amount = AmountField(label="مبلغ (ریال)", required=False, min_value=0)
    received_on = JalaliDateField(label="تاریخ دریافت")
    description = PersianCharField(
        label="شرح درخواست",
        widget=forms.Textarea(attrs=TEXT | {"rows": 3}),
        error_messages={"required": "شرح درخواست را بنویسید."},
    )
    obstacle = obstacle_choice_field()
    legal_basis = legal_basis_text_field()

    def __init__(self, *args, units, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["creditor_agency"].queryset = agencies
        self.fields["amount"].error_messages["min_value"] = "مبلغ نمی‌تواند منفی باشد."


class CaseStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="وضعیت جدید", choices=SupportCase.Status.choices, widget=forms.Select(attrs=SELECT)
    )
    note = PersianCharField(
        label="توضیح / دلیل", required=False, widget=forms.TextInput(attrs=TEXT)
    )


class UnitFilterForm(forms.Form):
    q = PersianCharField(
        label="جست‌وجو",
        required=False,
        widget=forms.TextInput(
            attrs=TEXT | {"type": "search", "placeholder": "نام، شناسه ملی یا محصول"}
        ),
    )
    county = forms.TypedChoiceField(
        label="شهرستان",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    estate = forms.TypedChoiceField(
        label="شهرک",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label="وضعیت",
        required=False,
        choices=[("", "همه"), *UnitStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )
    ownership = forms.ChoiceField(
        label="مالکیت",
        required=False,
        choices=[("", "همه"), *ProductionUnit.Ownership.choices],
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label="نوع",
        required=False,
        choices=[("", "همه"), *ProductionUnit.Kind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    covid = forms.BooleanField(
        label="آسیب‌دیده از کرونا",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, counties, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "همه شهرستان‌ها"), *((c.pk, c.name) for c in counties)]
        self.fields["estate"].choices = [("", "همه شهرک‌ها"), *((e.pk, e.name) for e in estates)]


class CaseFilterForm(PeriodFilterMixin):
    q = PersianCharField(
        label="جست‌وجو",
        required=False,
        widget=forms.TextInput(
            attrs=TEXT | {"type": "search", "placeholder": "شماره پرونده، واحد یا شرح"}
        ),
    )
    type = forms.ChoiceField(
        label="نوع درخواست",
        required=False,
        choices=[("", "همه"), *SupportCase.Type.choices],
        widget=forms.Select(attrs=SELECT),
    )
    creditor = forms.ChoiceField(
        label="طلبکار",
        required=False,
        choices=[("", "همه"), *SupportCase.Creditor.choices[1:]],
        widget=forms.Select(attrs=SELECT),
    )
    obstacle = obstacle_choice_field()
    status = forms.ChoiceField(
        label="وضعیت",
        required=False,
        choices=[("", "همه"), *SupportCase.Status.choices],
        widget=forms.Select(attrs=SELECT),
    )
    county = forms.TypedChoiceField(
        label="شهرستان",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    open_only = forms.BooleanField(
        label="فقط پرونده‌های باز",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "همه شهرستان‌ها"), *((c.pk, c.name) for c in counties)]
        self.fields["date_from"].label = "دریافت از"
        self.fields["date_to"].label = "تا"


class ReferForm(forms.Form):
    meeting = forms.TypedChoiceField(
        label="جلسه",
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "جلسه را انتخاب کنید.",
            "invalid_choice": "این جلسه در دسترس نیست یا صورتجلسه آن قفل شده است.",
        },
    )
    selected = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        error_messages={
            "required": "هیچ پرونده‌ای انتخاب نشده است.",
            "invalid_choice": "پرونده انتخاب‌شده در دسترس شما نیست.",
        },
    )

    def __init__(self, *args, meetings, visible_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "—"), *((m.pk, str(m)) for m in meetings)]
        self.fields["selected"].choices = [(pk, pk) for pk in visible_ids]
