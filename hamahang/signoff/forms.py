from django import forms

from hamahang.signoff.services import COMMENT_MAX, Decision


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        label="پاسخ",
        choices=[(Decision.APPROVE, "تأیید صورتجلسه"), (Decision.COMMENT, "نظر اصلاحی")],
        widget=forms.RadioSelect,
        initial=Decision.APPROVE,
        error_messages={"required": "پاسخ را برگزینید.", "invalid_choice": "پاسخ نادرست است."},
    )
    comment = forms.CharField(
        label="نظر اصلاحی",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "نظر بیش از اندازه بلند است."},
    )
    code = forms.CharField(
        label="کد یک‌بارمصرف",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
        error_messages={"required": "کد یک‌بارمصرف را وارد کنید.", "max_length": "کد نادرست است."},
    )


class VerifyForm(forms.Form):
    document = forms.FileField(
        label="پرونده PDF صورتجلسه",
        error_messages={
            "required": "پرونده‌ای برگزیده نشد.",
            "empty": "پرونده خالی است.",
            "invalid": "پرونده نادرست است.",
        },
    )
