import datetime as dt

from django.db import migrations, models


def expire_existing_tokens(apps, schema_editor):
    """Tokens made before expiry existed get the default lifetime from their creation."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + dt.timedelta(days=90)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_tokens")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="انقضا"),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="انقضا"),
        ),
    ]
