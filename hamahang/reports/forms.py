from django import forms

from hamahang.core.forms import PeriodFilterMixin
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
            self.fields["province"].choices = [
                ("", "کل کشور"),
                *((p.pk, p.name) for p in provinces),
            ]
        self.fields["county"].choices = [("", "همه شهرستان‌ها"), *((c.pk, c.name) for c in counties)]
        self.fields["committee"].choices = [
            ("", "همه ستادها"),
            *((c.pk, c.name) for c in committees),
        ]
        self.fields["agency"].choices = [("", "همه دستگاه‌ها"), *((a.pk, str(a)) for a in agencies)]


class StatementForm(forms.Form):
    FORMATS = [("txt", "متن"), ("docx", "Word"), ("pdf", "PDF")]

    text = forms.CharField(
        label="متن بیانیه",
        widget=forms.Textarea(attrs={"class": "form-control statement-text", "rows": 18}),
        error_messages={"required": "متن بیانیه خالی است."},
    )
    format = forms.ChoiceField(choices=FORMATS, widget=forms.HiddenInput)
