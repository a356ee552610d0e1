from django import forms

from hamahang.core.forms import AmountField, JalaliDateField, PersianCharField
from hamahang.outcomes.models import Outcome, ProducerCommitment
from hamahang.projects.currencies import currency_choices

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label="نوع دستاورد", choices=Outcome.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    quantity = AmountField(
        label="مقدار",
        help_text="شمار نفر یا واحد، مقدار تولید، یا مبلغ منابع آزادشده",
        widget=forms.TextInput(attrs=TEXT | {"inputmode": "decimal"}),
    )
    measure = PersianCharField(
        label="واحد سنجش تولید",
        required=False,
        max_length=50,
        help_text="فقط برای بازگشت تولید، مانند «تن در ماه»",
        widget=forms.TextInput(attrs=TEXT),
    )
    currency = forms.ChoiceField(
        label="ارز منابع آزادشده",
        required=False,
        choices=[("", "—"), *currency_choices()],
        widget=forms.Select(attrs=SELECT),
    )
    date = JalaliDateField(label="تاریخ دستاورد")
    source = PersianCharField(
        label="منبع",
        max_length=300,
        help_text="مانند «گزارش اداره کل تعاون»",
        widget=forms.TextInput(attrs=TEXT),
    )


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="نوع تعهد",
        choices=ProducerCommitment.Kind.choices,
        widget=forms.Select(attrs=SELECT),
    )
    description = PersianCharField(
        label="شرح تعهد", widget=forms.Textarea(attrs=TEXT | {"rows": 2})
    )
    headcount = forms.IntegerField(
        label="تعداد نیرو", required=False, min_value=1, widget=forms.NumberInput(attrs=TEXT)
    )
    deadline = JalaliDateField(label="مهلت")


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="وضعیت", choices=ProducerCommitment.Status.choices, widget=forms.Select(attrs=SELECT)
    )
    evidence = PersianCharField(
        label="مستندات", required=False, widget=forms.Textarea(attrs=TEXT | {"rows": 2})
    )


class BlockForm(forms.Form):
    commitment = forms.ModelChoiceField(
        label="تعهد تولیدکننده",
        queryset=ProducerCommitment.objects.none(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "این تعهد در فهرست نیست."},
    )
    reason = PersianCharField(label="دلیل", widget=forms.Textarea(attrs=TEXT | {"rows": 2}))

    def __init__(self, *args, commitments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commitments is not None:
            self.fields["commitment"].queryset = commitments
            # Nearly always one commitment: it is chosen already.
            self.fields["commitment"].empty_label = None
