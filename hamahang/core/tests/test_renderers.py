"""Select boxes written in Python are exactly what the select template writes."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from hamahang.core.renderers import INPUT, SELECT, FormRenderer


class Filters(forms.Form):
    agency = forms.TypedChoiceField(
        choices=[("", "همه دستگاه‌ها"), (1, "بانک <ملی> & شرکا"), (2, mark_safe("<b>امن</b>"))],
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "data-x": 'a"b', "disabled": False}),
    )
    grouped = forms.ChoiceField(
        choices=[
            ("استان قم", [("q1", "کهک"), ("q2", "جعفرآباد")]),
            ("البرز", [("a1", "کرج")]),
            ("x", "بی‌گروه"),
        ],
        required=True,
    )
    many = forms.MultipleChoiceField(choices=[("1", "یک"), ("2", "دو"), ("3", "سه")])
    blank = forms.ModelChoiceField(queryset=None, required=False)


def _both(form, name):
    field = form[name]
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({}))
    context["widget"]["attrs"].setdefault("id", field.auto_id)
    fast = FormRenderer().render(SELECT, context)
    reference = TemplatesSetting().render(SELECT, context)
    return fast, reference


def test_python_selects_equal_the_template(db):
    from hamahang.organizations.models import Province

    Province.objects.create(name="قم", code="qom")
    form = Filters({"agency": "1", "grouped": "q2", "many": ["1", "3"]})
    form.fields["blank"].queryset = Province.objects.all()
    for name in ("agency", "grouped", "many", "blank"):
        fast, reference = _both(form, name)
        assert fast == reference, name
    fast, _ = _both(form, "agency")
    assert "&lt;ملی&gt; &amp;" in fast and "<b>امن</b>" in fast and 'data-x="a&quot;b"' in fast
    assert '<option value="1" selected>' in fast and "disabled" not in fast
    assert "— انتخاب کنید —" in _both(form, "blank")[0]
    assert str(form["many"]).count(" selected") == 2


class Inputs(forms.Form):
    name = forms.CharField(
        widget=forms.TextInput(attrs={"class": "form-control", "data-q": 'a"<b'})
    )
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "required": True}))
    agree = forms.BooleanField(required=False)
    search = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "disabled": False, "placeholder": "متن"}),
    )
    safe = forms.CharField(widget=forms.TextInput(attrs={"title": mark_safe("<i>امن</i>")}))


def _both_input(form, name):
    field = form[name]
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({}))
    context["widget"]["attrs"].setdefault("id", field.auto_id)
    fast = FormRenderer().render(widget.template_name, context)
    reference = TemplatesSetting().render(INPUT, context)
    return fast, reference


def test_python_inputs_equal_the_template(db):
    from hamahang.core.forms import JalaliDateField

    class WithDate(Inputs):
        day = JalaliDateField(required=False)

    bound = WithDate(
        {"name": 'کاشی "سینا" <و> شرکا', "hidden": "۱۲", "number": "0", "agree": "on", "day": ""}
    )
    unbound = WithDate(initial={"name": mark_safe("<b>پیش‌فرض</b>")})
    for form in (bound, unbound):
        for name in ("name", "hidden", "number", "agree", "search", "safe", "day"):
            fast, reference = _both_input(form, name)
            assert fast == reference, (name, fast, reference)
    fast, _ = _both_input(bound, "name")
    assert (
        'value="کاشی &quot;سینا&quot; &lt;و&gt; شرکا"' in fast and 'data-q="a&quot;&lt;b"' in fast
    )
    assert " checked" in _both_input(bound, "agree")[0]
    assert 'value="0"' in _both_input(bound, "number")[0]
    assert "disabled" not in _both_input(bound, "search")[0]
