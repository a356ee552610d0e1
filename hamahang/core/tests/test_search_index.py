"""On PostgreSQL, free-text search is served by trigram indexes (not by scanning the table)."""

import pytest
from django.db import connection

from hamahang.core.models import filter_by_search
from hamahang.meetings.models import Resolution
from hamahang.projects.models import Project
from hamahang.units.models import ProductionUnit, SupportCase

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Resolution, "resolution_search_trgm"),
        (ProductionUnit, "unit_search_trgm"),
        (SupportCase, "case_search_trgm"),
        (Project, "project_search_trgm"),
    ],
)
def test_a_persian_search_can_use_the_trigram_index(model, index):
    query = filter_by_search(model.objects.order_by(), "امهال تسهیلات").values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a test's near-empty tables a scan is cheapest; without scans (and without an
        # ordering that an index could serve) the planner must find an index for the LIKEs.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
