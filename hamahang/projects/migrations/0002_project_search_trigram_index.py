# Persian free-text search (LIKE '%…%' on the search key) from a trigram index on PostgreSQL.

from django.db import migrations

from hamahang.core.db import trigram_search_index


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [trigram_search_index("projects_project", "project_search_trgm")]
