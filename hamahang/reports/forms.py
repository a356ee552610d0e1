from django import forms

from hamahang.core.forms import PeriodFilterMixin, named_choices
from hamahang.projects.models import Sector

SELECT = {"class": "form-select"}


class ReportForm(PeriodFilterMixin):
    province = forms.TypedChoiceField(
        label="استان",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    county = forms.TypedChoiceField(
        label="شهرستان",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    committee = forms.TypedChoiceField(
        label="ستاد",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    agency = forms.TypedChoiceField(
        label="دستگاه",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    sector = forms.ChoiceField(
        label="بخش",
        required=False,
        choices=[("", "همه بخش‌ها"), *Sector.choices],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, provinces, counties, committees, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        if provinces is None:
            del self.fields["province"]
        else:
            self.fields["province"].choices = [("", "کل کشور"), *named_choices(provinces)]
        self.fields["county"].choices = [("", "همه شهرستان‌ها"), *named_choices(counties)]
        self.fields["committee"].choices = [("", "همه ستادها"), *named_choices(committees)]
        self.fields["agency"].choices = [("", "همه دستگاه‌ها"), *named_choices(agencies, short=True)]


class StatementForm(forms.Form):
    FORMATS = [("txt", "متن"), ("docx", "Word"), ("pdf", "PDF")]

    text = forms.CharField(
        label="متن بیانیه",
        widget=forms.Textarea(attrs={"class": "form-control statement-text", "rows": 18}),
        error_messages={"required": "متن بیانیه خالی است."},
    )
    format = forms.ChoiceField(choices=FORMATS, widget=forms.HiddenInput)
