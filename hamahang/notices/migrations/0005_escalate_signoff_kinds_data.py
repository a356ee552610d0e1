"""Sign-off's notices written before they had kinds of their own (they borrowed «invitation»,
«link» and «escalation»): set by the prefix of their idempotency key (fallbacks carry the
same prefix)."""

from django.db import migrations

PREFIXES = {
    "signoff-draft:": ("invitation", "minutes_draft"),
    "signoff-code:": ("link", "signoff_code"),
    "minutes-late:": ("escalation", "minutes_late"),
}


def forwards(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    for prefix, (old, new) in PREFIXES.items():
        Notice.objects.filter(idempotency_key__startswith=prefix, kind=old).update(kind=new)


def backwards(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    for prefix, (old, new) in PREFIXES.items():
        Notice.objects.filter(idempotency_key__startswith=prefix, kind=new).update(kind=old)


class Migration(migrations.Migration):
    dependencies = [("notices", "0004_escalate_signoff_kinds")]

    operations = [migrations.RunPython(forwards, backwards)]
