"""Agenda items that follow up a resolution reference it (carried_resolution) and no longer
carry a copy of its text in their title: the text is read through the scoped selector, so a
viewer never sees a confidential resolution's text on an agenda."""

from django.db import migrations

from hamahang.core.digits import to_persian_digits
from hamahang.core.text import ltr_isolate


def strip_copied_text(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    items = list(
        AgendaItem.objects.exclude(carried_resolution=None).select_related("carried_resolution")
    )
    for item in items:
        item.title = f"پیگیری مصوبه {ltr_isolate(to_persian_digits(item.carried_resolution.code))}"
    AgendaItem.objects.bulk_update(items, ["title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_events_protected_from_cascade")]

    operations = [migrations.RunPython(strip_copied_text, migrations.RunPython.noop)]
