# The data version moves to core (every app may cache under it; apps left of reports cannot
# import reports). Step 1 of 3: the table takes core's name; its row and number are kept.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_data_version")]

    operations = [migrations.AlterModelTable(name="DataVersion", table="core_dataversion")]
