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
            self.fields["province"].choices = [("", "کل کشور"), *_named(provinces)]
        self.fields["county"].choices = [("", "همه شهرستان‌ها"), *_named(counties)]
        self.fields["committee"].choices = [("", "همه ستادها"), *_named(committees)]
        self.fields["agency"].choices = [("", "همه دستگاه‌ها"), *_named(agencies, short=True)]


def _named(rows, *, short: bool = False) -> list[tuple[int, str]]:
    """(pk, name) of each row — an agency by its short name when it has one, as `str()`
    names it. A queryset is read as values: a national form lists some 2,000 agencies, and
    building their model objects cost more than the rest of the form."""
    if hasattr(rows, "values_list"):
        if short:
            return [
                (pk, abbr or name)
                for pk, abbr, name in rows.values_list("pk", "short_name", "name")
            ]
        return list(rows.values_list("pk", "name"))
    return [(row.pk, str(row) if short else row.name) for row in rows]


class StatementForm(forms.Form):
    FORMATS = [("txt", "متن"), ("docx", "Word"), ("pdf", "PDF")]

    text = forms.CharField(
        label="متن بیانیه",
        widget=forms.Textarea(attrs={"class": "form-control statement-text", "rows": 18}),
        error_messages={"required": "متن بیانیه خالی است."},
    )
    format = forms.ChoiceField(choices=FORMATS, widget=forms.HiddenInput)
