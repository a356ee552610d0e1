# Persian free-text search (LIKE '%…%' on the search key) from a trigram index on PostgreSQL.

from django.db import migrations

from hamahang.core.db import trigram_search_index


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_agenda_item_project")]

    operations = [trigram_search_index("meetings_resolution", "resolution_search_trgm")]
