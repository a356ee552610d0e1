"""Forms of the referral screens: they parse input; meetings.services.referrals decides."""

from django import forms

from hamahang.core.forms import JalaliDateField, PersianCharField
from hamahang.meetings.forms import TEXTAREA


class ReferralSendForm(forms.Form):
    from_committee = forms.ModelChoiceField(
        label="ستاد یا کارگروه ارجاع‌دهنده",
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "ستاد یا کارگروه ارجاع‌دهنده را برگزینید.",
            "invalid_choice": "این ستاد در دسترس شما نیست.",
        },
    )
    to_committee = forms.ModelChoiceField(
        label="گیرنده",
        queryset=None,
        required=False,
        empty_label="سطح بالاتر (استان برای شهرستان، ستاد ملی برای استان)",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "این ستاد در دسترس شما نیست."},
    )
    deadline = JalaliDateField(label="مهلت پاسخ")
    reason = PersianCharField(
        label="موضوع و دلیل ارجاع",
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 3}),
        error_messages={"required": "موضوع و دلیل ارجاع را بنویسید."},
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_committee"].queryset = committees
        self.fields["to_committee"].queryset = committees


class ReferralDecisionForm(forms.Form):
    ACTIONS = [
        ("accept", "پذیرش و تصمیم"),
        ("reject", "رد"),
        ("refer_on", "ارجاع به ستاد ملی"),
        ("return", "بازگشت برای تکمیل اطلاعات"),
    ]
    action = forms.ChoiceField(
        label="تصمیم",
        choices=ACTIONS,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "تصمیم را برگزینید.", "invalid_choice": "تصمیم نادرست است."},
    )
    text = PersianCharField(
        label="متن تصمیم یا پاسخ",
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 3}),
        error_messages={"required": "متن تصمیم یا پاسخ را بنویسید."},
    )
    deadline = JalaliDateField(label="مهلت پاسخ ستاد ملی (برای ارجاع)", required=False)


class ReferralResendForm(forms.Form):
    text = PersianCharField(
        label="اطلاعات تکمیلی",
        widget=forms.Textarea(attrs=TEXTAREA | {"rows": 3}),
        error_messages={"required": "اطلاعات تکمیلی را بنویسید."},
    )
