"""The form renderer: widgets through the project's template engine (so templates can
override them), without the one-line wrapper templates Django renders for every input, and
select boxes and inputs written out in Python.

A select's options were the costliest thing on the pages with filters: the national report's
form lists every province, county, committee and agency (about 1,500 options), and the
template loop over them took some 40 ms of the page's 160 (cProfile, scale 31). `_select`
writes exactly what Django's select template wrote (attributes, optgroups, escaping; Django's
blank «---------» reads «— انتخاب کنید —»); `tests/test_renderers.py` compares it with that
template, which stays as the reference. Inputs likewise (`_input`): a meeting's attendance
table and every filter form render dozens, at about 0.3 ms each through the template."""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

# Each of these Django templates only includes "input.html"; rendering it directly saves a
# template render per field (pages such as a meeting's attendance table render dozens).
# To override one of them in the project's templates, remove it from this list first.
_INPUT_WRAPPERS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


INPUT = "django/forms/widgets/input.html"
SELECT = "django/forms/widgets/select.html"
BLANK = "---------"
BLANK_LABEL = "— انتخاب کنید —"


class FormRenderer(TemplatesSetting):
    def get_template(self, template_name):
        if template_name in _INPUT_WRAPPERS:
            template_name = INPUT
        return super().get_template(template_name)

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return _select(context["widget"])
        if template_name == INPUT or template_name in _INPUT_WRAPPERS:
            return _input(context["widget"])
        return super().render(template_name, context, request=request)


def _attrs(attrs: dict) -> str:
    """` name="value"` for each attribute, as Django's attrs template writes it: True, the bare
    name; False, left out; the value escaped unless marked safe."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_as_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """What the input template writes: `value|stringformat:'s'` and attributes escaped unless
    marked safe; a False attribute left out, a True one bare."""
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{_as_text(widget["value"])}"')
    parts.append(f"{_attrs(widget['attrs'])}>")
    return mark_safe("".join(parts))


def _as_text(value) -> str:
    """`{{ value|stringformat:'s' }}`: safe text stays as it is, the rest is escaped."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(value)


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            label = BLANK_LABEL if option["label"] == BLANK else conditional_escape(option["label"])
            parts.append(
                f'\n<option value="{escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{label}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))
