"""Portable database expressions the report engine needs: whole days between two dates, and a
median computed inside the database (percentile_cont on PostgreSQL; an aggregate registered on
each SQLite connection)."""

from __future__ import annotations

import statistics

from django.db.models import Aggregate, FloatField, Func, IntegerField


class DaysBetween(Func):
    """end − start in whole days (both DateFields)."""

    output_field = IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - per backend
        raise NotImplementedError(connection.vendor)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql_template(compiler, connection, "(%(expressions)s)", " - ")

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"CAST(julianday({end[0]}) - julianday({start[0]}) AS INTEGER)"
        return sql, [*end[1], *start[1]]

    def as_sql_template(self, compiler, connection, template, joiner):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, sql_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(sql_params)
        return template % {"expressions": joiner.join(parts)}, params


class Median(Aggregate):
    function = "median"
    name = "Median"
    output_field = FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler, connection, **extra_context):
        expression = self.get_source_expressions()[0]
        sql, params = compiler.compile(expression)
        return f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {sql})", params


class _SqliteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("median", 1, _SqliteMedian)


def trigram_search_index(table: str, name: str, column: str = "search_text"):
    """A migration operation: on PostgreSQL, a pg_trgm GIN index so that the `LIKE '%…%'` of
    every search (`filter_by_search`) is answered from an index instead of a scan; nothing on
    SQLite. pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it."""
    from django.db import migrations

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
