"""Forms of the portfolio screens. They parse and validate input; services decide."""

from decimal import Decimal

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
    named_choices,
)
from hamahang.organizations.models import Agency
from hamahang.projects.currencies import currency_choices
from hamahang.projects.models import (
    BankAgencyContract,
    InvestmentLine,
    Project,
    Sector,
    SubmissionItem,
)

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


def _count_field(label):
    return WholeNumberField(
        label=label,
        min_value=0,
        max_value=10_000_000,
        initial=0,
        widget=WholeNumberInput(attrs=TEXT),
        error_messages={
            "min_value": f"{label} نمی‌تواند منفی باشد.",
            "max_value": f"{label} بیش از اندازه بزرگ است.",
            "invalid": f"{label} را به عدد وارد کنید.",
            "required": f"{label} را وارد کنید.",
        },
    )


class ProjectForm(forms.Form):
    code = PersianCharField(
        label="کد طرح",
        max_length=40,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
        error_messages={"required": "کد طرح را وارد کنید."},
    )
    title = PersianCharField(
        label="عنوان",
        max_length=300,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "عنوان طرح را بنویسید."},
    )
    description = PersianCharField(
        label="شرح", required=False, widget=forms.Textarea(attrs=TEXT | {"rows": 3})
    )
    sector = forms.ChoiceField(
        label="بخش", choices=Sector.choices, widget=forms.Select(attrs=SELECT)
    )
    sub_sector = PersianCharField(
        label="زیربخش", required=False, max_length=120, widget=forms.TextInput(attrs=TEXT)
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
    owner = TypeaheadField(
        label="واحد متولی",
        lookup=AGENCY_LOOKUP,
        noun="دستگاه",
        placeholder="نام دستگاه",
        params={"exclude": Agency.Kind.BANK},
        error_messages={
            "required": "واحد متولی را انتخاب کنید.",
            "invalid_choice": "این دستگاه شناخته نیست.",
        },
    )
    executor = PersianCharField(
        label="مجری / سرمایه‌گذار",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )
    programmes = forms.ModelMultipleChoiceField(
        label="برنامه‌ها", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    physical_progress = WholeNumberField(
        label="پیشرفت فیزیکی (درصد)",
        min_value=0,
        max_value=100,
        initial=0,
        widget=WholeNumberInput(attrs=TEXT),
        error_messages={
            "min_value": "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد.",
            "max_value": "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد.",
            "invalid": "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد.",
        },
    )
    progress_reason = PersianCharField(
        label="دلیل کاهش پیشرفت",
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text="اگر پیشرفت کم شده است، دلیل آن را بنویسید.",
    )
    start_date = JalaliDateField(label="تاریخ شروع", required=False)
    planned_end_date = JalaliDateField(label="تاریخ پایان پیش‌بینی‌شده", required=False)
    jobs_direct = _count_field("اشتغال مستقیم پیش‌بینی‌شده")
    jobs_indirect = _count_field("اشتغال غیرمستقیم پیش‌بینی‌شده")
    jobs_realised = _count_field("اشتغال محقق‌شده")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, counties, owners, programmes, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["owner"].queryset = owners
        self.fields["programmes"].queryset = programmes
        if editing:
            self.fields["code"].disabled = True
        else:
            del self.fields["progress_reason"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", "تاریخ پایان پیش از تاریخ شروع است.")
        return cleaned


class InvestmentForm(forms.Form):
    amount = AmountField(
        label="مبلغ", min_value=Decimal("0.01"), error_messages={"required": "مبلغ را وارد کنید."}
    )
    currency = forms.ChoiceField(
        label="ارز",
        choices=(),
        initial="IRR",
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "«%(value)s» کد ارز معتبر (ISO 4217) نیست."},
    )
    value_date = JalaliDateField(label="تاریخ ارزش")
    source = forms.ChoiceField(
        label="محل تأمین", choices=InvestmentLine.Source.choices, widget=forms.Select(attrs=SELECT)
    )
    note = PersianCharField(
        label="توضیح", required=False, max_length=250, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()
        self.fields["amount"].error_messages["min_value"] = "مبلغ باید بیشتر از صفر باشد."

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError("مبلغ باید بیشتر از صفر باشد.")
        return amount


class ContractForm(forms.Form):
    bank = TypeaheadField(
        label="بانک عامل",
        lookup=AGENCY_LOOKUP,
        noun="بانک",
        placeholder="نام بانک",
        params={"kind": Agency.Kind.BANK},
    )
    facility_amount = AmountField(
        label="مبلغ تسهیلات", error_messages={"required": "مبلغ تسهیلات را وارد کنید."}
    )
    currency = forms.ChoiceField(
        label="ارز", choices=(), initial="IRR", widget=forms.Select(attrs=SELECT)
    )
    contract_number = PersianCharField(
        label="شماره قرارداد",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
    )
    on_date = JalaliDateField(label="تاریخ معرفی به بانک")

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks
        self.fields["currency"].choices = currency_choices()

    def clean_facility_amount(self):
        amount = self.cleaned_data["facility_amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError("مبلغ باید بیشتر از صفر باشد.")
        return amount


class ContractStepForm(forms.Form):
    status = forms.ChoiceField(
        label="مرحله", choices=BankAgencyContract.Status.choices, widget=forms.Select(attrs=SELECT)
    )
    on_date = JalaliDateField(label="تاریخ")
    amount = AmountField(label="مبلغ این پرداخت", required=False)
    contract_number = PersianCharField(
        label="شماره قرارداد",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
    )
    note = PersianCharField(
        label="توضیح", required=False, max_length=250, widget=forms.TextInput(attrs=TEXT)
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    status = forms.ChoiceField(
        label="وضعیت جدید", choices=Project.Status.choices, widget=forms.Select(attrs=SELECT)
    )
    on_date = JalaliDateField(label="تاریخ")
    note = PersianCharField(label="توضیح", required=False, widget=forms.TextInput(attrs=TEXT))


class ProjectFilterForm(PeriodFilterMixin):
    q = PersianCharField(
        label="جست‌وجو",
        required=False,
        widget=forms.TextInput(attrs=TEXT | {"type": "search", "placeholder": "کد، عنوان یا مجری"}),
    )
    sector = forms.ChoiceField(
        label="بخش",
        required=False,
        choices=[("", "همه بخش‌ها"), *Sector.choices],
        widget=forms.Select(attrs=SELECT),
    )
    county = forms.TypedChoiceField(
        label="شهرستان",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label="وضعیت",
        required=False,
        choices=[("", "همه"), *Project.Status.choices],
        widget=forms.Select(attrs=SELECT),
    )
    owner = forms.TypedChoiceField(
        label="واحد متولی",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    programme = forms.TypedChoiceField(
        label="برنامه",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    bank = forms.TypedChoiceField(
        label="بانک عامل",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    convert = forms.ChoiceField(
        label="معادل به",
        required=False,
        choices=[("", "بدون تبدیل"), ("IRR", "ریال"), ("USD", "دلار")],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, counties, owners, programmes, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "همه شهرستان‌ها"), *named_choices(counties)]
        self.fields["owner"].choices = [("", "همه"), *named_choices(owners, short=True)]
        self.fields["programme"].choices = [("", "همه برنامه‌ها"), *named_choices(programmes)]
        self.fields["bank"].choices = [("", "همه بانک‌ها"), *named_choices(banks, short=True)]
        self.fields["date_from"].label = "ارسال به دبیرخانه ملی از"
        self.fields["date_to"].label = "تا"


class SubmissionForm(forms.Form):
    title = PersianCharField(
        label="عنوان",
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "عنوان ارسال را بنویسید."},
    )
    letter_number = PersianCharField(
        label="شماره نامه",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
    )
    letter_date = JalaliDateField(label="تاریخ نامه", required=False)
    projects = forms.ModelMultipleChoiceField(
        label="طرح‌ها",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "دست‌کم یک طرح انتخاب کنید.",
            "invalid_choice": "طرح انتخاب‌شده در دسترس شما نیست.",
        },
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects


class SendForm(forms.Form):
    letter_number = PersianCharField(
        label="شماره نامه",
        max_length=60,
        widget=forms.TextInput(attrs=TEXT | {"dir": "ltr"}),
        error_messages={"required": "شماره نامه را وارد کنید."},
    )
    letter_date = JalaliDateField(label="تاریخ نامه")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="نتیجه",
        choices=SubmissionItem.Outcome.choices,
        widget=forms.Select(attrs=SELECT | {"class": "form-select form-select-sm"}),
    )
    on_date = JalaliDateField(label="تاریخ")
    reason = PersianCharField(
        label="دلیل بازگشت", required=False, widget=forms.TextInput(attrs=TEXT)
    )
