"""Fast bulk inserts for synthetic data: PostgreSQL's COPY, `bulk_create` elsewhere.

`bulk_create` spends most of its time compiling one huge INSERT in Python; COPY streams rows
to the server with no SQL to build. Primary keys are drawn from the table's own sequence
first, so rows inserted later can point at these (what `bulk_create` does with RETURNING).
Model instances are still built by the caller, so field defaults and `pre_save` (auto_now)
behave as they do for `bulk_create`. Signals are not sent, as with `bulk_create`.
"""

from __future__ import annotations

import enum

from django.db import connection, models

BATCH = 5000
# Fields whose Python value psycopg adapts exactly as Django would prepare it.
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,  # DateTimeField is a subclass
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,  # the small/big/positive variants are subclasses
    models.TextField,
)


def insert_rows(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved instances and give each its primary key."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="insert_rows")
    ids = _reserve_ids(model, len(objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    plain = [isinstance(field, _PLAIN_FIELDS) for field in fields]
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row(
                [
                    _value(field, obj) if is_plain else _prepared(field, obj)
                    for field, is_plain in zip(fields, plain, strict=True)
                ]
            )


def _value(field: models.Field, obj: models.Model):
    value = field.pre_save(obj, True)
    return value.value if isinstance(value, enum.Enum) else value


def _prepared(field: models.Field, obj: models.Model):
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]
