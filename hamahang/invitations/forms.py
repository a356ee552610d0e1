"""The RSVP form (no login) and the secretariat's meeting-series form."""

from django import forms

from hamahang.core.forms import (
    JalaliDateField,
    PersianCharField,
    PersianTimeField,
    WholeNumberField,
)
from hamahang.invitations.models import Invitation

_TEXT = {"class": "form-control"}


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label="پاسخ شما",
        choices=[c for c in Invitation.Answer.choices if c[0] != Invitation.Answer.PENDING],
        widget=forms.RadioSelect,
        error_messages={
            "required": "یکی از سه پاسخ را برگزینید.",
            "invalid_choice": "یکی از سه پاسخ را برگزینید.",
        },
    )
    substitute_name = PersianCharField(
        label="نام و نام خانوادگی جانشین",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
    )
    substitute_post = PersianCharField(
        label="سمت جانشین", required=False, max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    reason = PersianCharField(
        label="دلیل حضور نیافتن",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=_TEXT | {"rows": 2}),
    )


class SeriesForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="ستاد",
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "ستاد را انتخاب کنید.",
            "invalid_choice": "این ستاد در دسترس شما نیست.",
        },
    )
    first_date = JalaliDateField(label="تاریخ نخستین جلسه")
    interval_weeks = WholeNumberField(
        label="هر چند هفته یک بار",
        error_messages={"required": "فاصله جلسات را بنویسید.", "invalid": "عدد درست بنویسید."},
    )
    start_time = PersianTimeField(label="ساعت شروع")
    place = PersianCharField(
        label="محل برگزاری", required=False, max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    until = JalaliDateField(label="تا تاریخ", required=False)
    count = WholeNumberField(
        label="یا تعداد جلسات", required=False, error_messages={"invalid": "عدد درست بنویسید."}
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        for name in ("interval_weeks", "count"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
