"""Forms of the office set-up screens (they only parse; the services decide)."""

from django import forms

from hamahang.core.forms import (
    JalaliDateField,
    MobileField,
    PersianCharField,
    TypeaheadField,
    WholeNumberField,
    WholeNumberInput,
)
from hamahang.office.selectors import OFFICE_AGENCY_LOOKUP
from hamahang.office.services import GRANTABLE_ROLES
from hamahang.organizations.models import Agency, Committee

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _agency_field(label: str) -> TypeaheadField:
    return TypeaheadField(
        label=label,
        lookup=OFFICE_AGENCY_LOOKUP,
        noun="دستگاه",
        placeholder="نام دستگاه",
        error_messages={
            "invalid_choice": "این دستگاه از دستگاه‌های این استان نیست.",
            "not_found": "دستگاهی با «%(value)s» در این استان نیست.",
        },
    )


def _email_field(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        widget=forms.EmailInput(TEXT | {"dir": "ltr"}),
        error_messages={"invalid": "نشانی رایانامه درست نیست."},
    )


class AgencyForm(forms.Form):
    name = PersianCharField(label="نام دستگاه", max_length=200, widget=forms.TextInput(TEXT))
    short_name = PersianCharField(
        label="نام کوتاه", max_length=60, required=False, widget=forms.TextInput(TEXT)
    )
    kind = forms.ChoiceField(
        label="نوع",
        choices=[(k, label) for k, label in Agency.Kind.choices if k != Agency.Kind.NATIONAL],
        widget=forms.Select(SELECT),
    )
    email = _email_field("رایانامه")
    phone = forms.CharField(
        label="تلفن", max_length=40, required=False, widget=forms.TextInput(TEXT | {"dir": "ltr"})
    )
    head_name = PersianCharField(
        label="نام رئیس دستگاه", max_length=120, required=False, widget=forms.TextInput(TEXT)
    )
    head_title = PersianCharField(
        label="سمت رئیس دستگاه",
        max_length=200,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text="مثلاً «رئیس سازمان صنعت، معدن و تجارت استان»؛ پیگیری تأخیرها به او می‌رسد.",
    )
    head_mobile = MobileField(label="تلفن همراه رئیس دستگاه", required=False)
    head_email = _email_field("رایانامه رئیس دستگاه")


class DeputyForm(forms.Form):
    deputy_name = PersianCharField(
        label="نام معاون استاندار", max_length=120, required=False, widget=forms.TextInput(TEXT)
    )
    deputy_title = PersianCharField(
        label="سمت", max_length=200, required=False, widget=forms.TextInput(TEXT)
    )
    deputy_mobile = MobileField(label="تلفن همراه", required=False)
    deputy_email = _email_field("رایانامه")


def _escalation_days_field(label: str, default: int) -> WholeNumberField:
    return WholeNumberField(
        label=label,
        initial=default,
        required=False,
        min_value=0,
        max_value=365,
        widget=WholeNumberInput(TEXT),
        help_text=f"روزهای گذشته از مهلت؛ خالی یعنی {default} روز و صفر یعنی بی‌این مرحله.",
        error_messages={
            "invalid": "روزها را به عدد وارد کنید.",
            "min_value": "روزها نمی‌تواند منفی باشد.",
            "max_value": "روزها بیش از ۳۶۵ نمی‌شود.",
        },
    )


class CommitteeForm(forms.Form):
    name = PersianCharField(
        label="نام ستاد / کارگروه",
        max_length=200,
        widget=forms.TextInput(TEXT),
        error_messages={"required": "نام ستاد یا کارگروه را بنویسید."},
    )
    short_name = PersianCharField(
        label="نام کوتاه", max_length=60, required=False, widget=forms.TextInput(TEXT)
    )
    kind = forms.ChoiceField(
        label="نوع", choices=Committee.Kind.choices, widget=forms.Select(SELECT)
    )
    county = forms.ModelChoiceField(
        label="سطح",
        queryset=None,
        required=False,
        empty_label="استانی",
        widget=forms.Select(SELECT),
        help_text="برای کارگروه شهرستان، شهرستان را برگزینید.",
    )
    chair_title = PersianCharField(
        label="رئیس", max_length=120, initial="استاندار", widget=forms.TextInput(TEXT)
    )
    secretariat = _agency_field("دبیرخانه")
    members = forms.ModelMultipleChoiceField(
        label="دستگاه‌های عضو",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "دست‌کم یک دستگاه عضو برگزینید."},
    )
    quorum = WholeNumberField(
        label="حد نصاب (تعداد اعضای حاضر)",
        required=False,
        min_value=1,
        widget=WholeNumberInput(TEXT),
        help_text="خالی یعنی بیش از نیمی از اعضا.",
        error_messages={
            "invalid": "حد نصاب را به عدد وارد کنید.",
            "min_value": "حد نصاب دست‌کم ۱ است.",
        },
    )

    thursday_off = forms.BooleanField(
        label="پنجشنبه تعطیل است",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    objection_days = WholeNumberField(
        label="مهلت اعتراض به مصوبات (روز)",
        initial=15,
        required=False,
        min_value=0,
        max_value=365,
        widget=WholeNumberInput(TEXT),
        help_text="از تاریخ جلسه؛ خالی یعنی ۱۵ روز و صفر یعنی اعتراض پذیرفته نمی‌شود.",
        error_messages={
            "required": "مهلت اعتراض را وارد کنید (صفر: بی‌اعتراض).",
            "invalid": "مهلت اعتراض را به عدد وارد کنید.",
            "min_value": "مهلت اعتراض نمی‌تواند منفی باشد.",
            "max_value": "مهلت اعتراض بیش از ۳۶۵ روز نمی‌شود.",
        },
    )

    escalate_head_days = _escalation_days_field("پیگیری تأخیر از رئیس دستگاه پس از (روز)", 7)
    escalate_deputy_days = _escalation_days_field("پیگیری تأخیر از معاون استاندار پس از (روز)", 14)

    def __init__(self, *args, agencies, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["secretariat"].queryset = agencies
        self.fields["members"].queryset = agencies

    def clean_objection_days(self):
        value = self.cleaned_data["objection_days"]
        return 15 if value is None else value

    def clean_escalate_head_days(self):
        value = self.cleaned_data["escalate_head_days"]
        return 7 if value is None else value

    def clean_escalate_deputy_days(self):
        value = self.cleaned_data["escalate_deputy_days"]
        return 14 if value is None else value


class ClosureForm(forms.Form):
    date = JalaliDateField(label="تاریخ تعطیلی")
    county = forms.ModelChoiceField(
        label="محدوده",
        queryset=None,
        required=False,
        empty_label="سراسر استان",
        widget=forms.Select(SELECT),
        error_messages={"invalid_choice": "این شهرستان در استان شما نیست."},
    )
    reason = PersianCharField(
        label="دلیل",
        max_length=200,
        widget=forms.TextInput(TEXT | {"placeholder": "مثلاً آلودگی هوا"}),
        error_messages={"required": "دلیل تعطیلی را بنویسید (مانند آلودگی هوا)."},
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties


class UserForm(forms.Form):
    username = forms.CharField(
        label="نام کاربری", max_length=150, widget=forms.TextInput(TEXT | {"dir": "ltr"})
    )
    first_name = PersianCharField(
        label="نام", max_length=150, required=False, widget=forms.TextInput(TEXT)
    )
    last_name = PersianCharField(
        label="نام خانوادگی", max_length=150, required=False, widget=forms.TextInput(TEXT)
    )
    title = PersianCharField(
        label="سمت", max_length=120, required=False, widget=forms.TextInput(TEXT)
    )
    email = _email_field("رایانامه")
    phone = MobileField(
        label="تلفن همراه", required=False, help_text="برای پیامک؛ مانند ۰۹۱۲۳۴۵۶۷۸۹."
    )
    agency = _agency_field("دستگاه")
    role = forms.ChoiceField(
        label="نقش",
        choices=[(role.value, role.label) for role in GRANTABLE_ROLES],
        widget=forms.Select(SELECT),
    )
    county = forms.ModelChoiceField(
        label="شهرستان (دبیرخانه کارگروه شهرستان)",
        queryset=None,
        required=False,
        empty_label="کل استان",
        widget=forms.Select(SELECT),
        help_text="کاربری که شهرستان دارد فقط کار همان شهرستان را می‌بیند.",
        error_messages={"invalid_choice": "این شهرستان در استان شما نیست."},
    )
    is_active = forms.BooleanField(
        label="حساب فعال است",
        required=False,
        initial=True,
        widget=forms.CheckboxInput({"class": "form-check-input"}),
    )
    password = forms.CharField(
        label="گذرواژه",
        required=False,
        strip=False,
        widget=forms.PasswordInput(TEXT | {"autocomplete": "new-password", "dir": "ltr"}),
        help_text="برای کاربر تازه لازم است؛ برای کاربر موجود خالی یعنی بی‌تغییر.",
    )

    def __init__(self, *args, agencies, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["county"].queryset = counties
