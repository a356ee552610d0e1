# Step 3 of 3: reports lets go of the model (state only; the table now belongs to core).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_rename_data_version_table"), ("core", "0001_data_version")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataVersion")]
        )
    ]
