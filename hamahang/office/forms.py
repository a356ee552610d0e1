"""Forms of the office set-up screens (they only parse; the services decide)."""

from django import forms

from hamahang.core.forms import (
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
    email = forms.EmailField(
        label="رایانامه",
        required=False,
        widget=forms.EmailInput(TEXT | {"dir": "ltr"}),
        error_messages={"invalid": "نشانی رایانامه درست نیست."},
    )
    phone = forms.CharField(
        label="تلفن", max_length=40, required=False, widget=forms.TextInput(TEXT | {"dir": "ltr"})
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

    def __init__(self, *args, agencies, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["secretariat"].queryset = agencies
        self.fields["members"].queryset = agencies


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
    email = forms.EmailField(
        label="رایانامه",
        required=False,
        widget=forms.EmailInput(TEXT | {"dir": "ltr"}),
        error_messages={"invalid": "نشانی رایانامه درست نیست."},
    )
    phone = MobileField(
        label="تلفن همراه", required=False, help_text="برای پیامک؛ مانند ۰۹۱۲۳۴۵۶۷۸۹."
    )
    agency = _agency_field("دستگاه")
    role = forms.ChoiceField(
        label="نقش",
        choices=[(role.value, role.label) for role in GRANTABLE_ROLES],
        widget=forms.Select(SELECT),
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

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
