# Step 2 of 3 of moving the data version from reports to core: core takes over the model
# (state only; the table already exists under this name).

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("reports", "0002_rename_data_version_table")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "number",
                            models.BigIntegerField(default=0, verbose_name="نسخه داده\u200cها"),
                        ),
                    ],
                    options={
                        "verbose_name": "نسخه داده\u200cها",
                        "verbose_name_plural": "نسخه داده\u200cها",
                    },
                )
            ]
        )
    ]
