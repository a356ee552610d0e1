"""The form renderer: widgets through the project's template engine (so templates can
override them), without the one-line wrapper templates Django renders for every input."""

from django.forms.renderers import TemplatesSetting

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


class FormRenderer(TemplatesSetting):
    def get_template(self, template_name):
        if template_name in _INPUT_WRAPPERS:
            template_name = "django/forms/widgets/input.html"
        return super().get_template(template_name)
