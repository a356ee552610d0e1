from django import forms

from hamahang.imports.kinds import KINDS

MAX_SIZE = 20 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="نوع داده",
        choices=[(key, module.TITLE) for key, module in KINDS.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label="پرونده اکسل (xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": "پرونده‌ای انتخاب نشده است."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("فقط پرونده اکسل با پسوند xlsx پذیرفته می‌شود.")
        if upload.size > MAX_SIZE:
            raise forms.ValidationError("حجم پرونده بیش از ۲۰ مگابایت است.")
        return upload
