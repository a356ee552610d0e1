"""The subscription form (it only parses; the service decides)."""

from django import forms

from hamahang.core.forms import PersianCharField
from hamahang.core.validation import TITLE_MAX
from hamahang.organizations.models import Province
from hamahang.webhooks.models import Event
from hamahang.webhooks.services import URL_MAX

TEXT = {"class": "form-control"}


class SubscriptionForm(forms.Form):
    name = PersianCharField(
        label="نام گیرنده",
        max_length=TITLE_MAX,
        widget=forms.TextInput(TEXT),
        help_text="سامانه‌ای که پیام‌ها را می‌گیرد، مانند «درگاه استان» یا «دبیرخانه ملی».",
        error_messages={"required": "نام گیرنده را بنویسید."},
    )
    url = forms.CharField(
        label="نشانی (URL)",
        max_length=URL_MAX,
        widget=forms.TextInput(TEXT | {"dir": "ltr", "placeholder": "https://"}),
        help_text="فقط https؛ هر پیام با کلید اشتراک امضا می‌شود.",
        error_messages={
            "required": "نشانی گیرنده را بنویسید.",
            "max_length": "نشانی حداکثر %(limit_value)s نویسه می‌تواند باشد.",
        },
    )
    events = forms.MultipleChoiceField(
        label="رویدادها",
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "دست‌کم یک رویداد برگزینید.",
            "invalid_choice": "رویداد «%(value)s» شناخته نیست.",
        },
    )
    province = forms.ModelChoiceField(
        label="گستره",
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label="کشوری (همه استان‌ها)",
        widget=forms.Select({"class": "form-select"}),
        error_messages={"invalid_choice": "این استان شناخته نیست."},
    )

    def __init__(self, *args, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not national:  # a province's office subscribes to its own province's events only
            del self.fields["province"]
