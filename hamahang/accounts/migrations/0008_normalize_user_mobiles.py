"""Existing mobile numbers in their one stored form (09xxxxxxxxx). A number that cannot be read
as an Iranian mobile is kept as it was (nothing is lost); User.mobile ignores it and the admin
asks for a valid one when the user is next edited."""

from django.core.exceptions import ValidationError
from django.db import migrations

from hamahang.core.validation import normalize_mobile


def normalize(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(phone="").only("pk", "phone"):
        try:
            mobile = normalize_mobile(user.phone)
        except ValidationError:
            continue
        if mobile != user.phone:
            User.objects.filter(pk=user.pk).update(phone=mobile)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_user_mobile_and_notice_channels")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
