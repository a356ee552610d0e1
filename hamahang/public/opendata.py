"""The open-data ZIP of a province or of the country: CSV (UTF-8, a header row) and JSON of
the published records, described by a Frictionless `datapackage.json` (table schemas,
licence, sources, created) built with the `frictionless` library. Everything in it comes
from `public.selectors`; the bytes are cached per data version."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from frictionless import Package, Resource, Schema, fields

from hamahang.core import clock
from hamahang.core.jsonenc import plain_decimal
from hamahang.core.versioning import versioned
from hamahang.public import selectors

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a Frictionless field type
    title: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_key: tuple[str, str, str] | None = None  # (field, resource, field)


RESOLUTIONS = Table(
    "resolutions",
    "مصوبات منتشرشده",
    "مصوبات ستادها که دبیرخانه برای عموم منتشر کرده است (مصوبات محرمانه هرگز).",
    (
        Column("id", "integer", "شناسه"),
        Column("code", "string", "کد مصوبه"),
        Column("province", "string", "استان"),
        Column("committee", "string", "ستاد"),
        Column("meeting_year", "integer", "سال جلسه (شمسی)"),
        Column("meeting_number", "integer", "شماره جلسه"),
        Column("meeting_date", "date", "تاریخ جلسه"),
        Column("type", "string", "نوع"),
        Column("status", "string", "وضعیت"),
        Column("progress", "integer", "پیشرفت (درصد)"),
        Column("published_at", "datetime", "زمان انتشار"),
        Column("text", "string", "متن مصوبه"),
    ),
    primary_key=("id",),
)
ASSIGNMENTS = Table(
    "assignments",
    "تکالیف دستگاه‌ها",
    "تکلیف هر دستگاه در هر مصوبه منتشرشده: نقش، مهلت، وضعیت و پیشرفت.",
    (
        Column("resolution_id", "integer", "شناسه مصوبه"),
        Column("agency", "string", "دستگاه"),
        Column("role", "string", "نقش"),
        Column("deadline", "date", "مهلت"),
        Column("status", "string", "وضعیت"),
        Column("progress", "integer", "پیشرفت (درصد)"),
    ),
    foreign_key=("resolution_id", "resolutions", "id"),
)
PROJECTS = Table(
    "projects",
    "طرح‌های سرمایه‌گذاری",
    "طرح‌ها: عنوان، بخش، شهرستان، وضعیت، پیشرفت فیزیکی و اشتغال.",
    (
        Column("id", "integer", "شناسه"),
        Column("code", "string", "کد طرح"),
        Column("province", "string", "استان"),
        Column("county", "string", "شهرستان"),
        Column("title", "string", "عنوان"),
        Column("sector", "string", "بخش"),
        Column("status", "string", "وضعیت"),
        Column("physical_progress", "integer", "پیشرفت فیزیکی (درصد)"),
        Column("jobs_direct", "integer", "اشتغال مستقیم پیش‌بینی‌شده"),
        Column("jobs_indirect", "integer", "اشتغال غیرمستقیم پیش‌بینی‌شده"),
        Column("jobs_realised", "integer", "اشتغال محقق‌شده"),
    ),
    primary_key=("id",),
)
INVESTMENTS = Table(
    "investments",
    "سرمایه‌گذاری طرح‌ها به تفکیک ارز",
    "جمع سرمایه‌گذاری هر طرح در هر ارز (ارزها با هم جمع نمی‌شوند؛ ریال به ریال).",
    (
        Column("project_id", "integer", "شناسه طرح"),
        Column("currency", "string", "ارز (ISO 4217)"),
        Column("amount", "number", "مبلغ"),
    ),
    primary_key=("project_id", "currency"),
    foreign_key=("project_id", "projects", "id"),
)
TABLES = (RESOLUTIONS, ASSIGNMENTS, PROJECTS, INVESTMENTS)


def _rows(province_id: int | None) -> dict[str, list[dict]]:
    """The records of every table, from the public selectors only."""
    resolutions = selectors.resolutions_of(selectors.published_resolutions(province_id=province_id))
    projects = selectors.projects_of(selectors.projects(province_id=province_id))
    return {
        "resolutions": [
            {
                "id": r.id,
                "code": r.code,
                "province": r.province,
                "committee": r.committee,
                "meeting_year": r.meeting_year,
                "meeting_number": r.meeting_number,
                "meeting_date": r.meeting_date,
                "type": r.type,
                "status": r.status,
                "progress": r.progress,
                "published_at": r.published_at,
                "text": r.text,
            }
            for r in resolutions
        ],
        "assignments": [
            {
                "resolution_id": r.id,
                "agency": a.agency,
                "role": a.role,
                "deadline": a.deadline,
                "status": a.status,
                "progress": a.progress,
            }
            for r in resolutions
            for a in r.agencies
        ],
        "projects": [
            {
                "id": p.id,
                "code": p.code,
                "province": p.province,
                "county": p.county,
                "title": p.title,
                "sector": p.sector,
                "status": p.status,
                "physical_progress": p.progress,
                "jobs_direct": p.jobs_direct,
                "jobs_indirect": p.jobs_indirect,
                "jobs_realised": p.jobs_realised,
            }
            for p in projects
        ],
        "investments": [
            {"project_id": p.id, "currency": i.currency, "amount": i.amount}
            for p in projects
            for i in p.investments
        ],
    }


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return value


def _csv(table: Table, rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in rows:
        writer.writerow(["" if row[c.name] is None else _plain(row[c.name]) for c in table.columns])
    return out.getvalue().encode("utf-8")


def _json(table: Table, rows: Iterable[dict]) -> bytes:
    data = [{c.name: _plain(row[c.name]) for c in table.columns} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


FIELD_TYPES = {
    "integer": fields.IntegerField,
    "number": fields.NumberField,
    "string": fields.StringField,
    "date": fields.DateField,
    "datetime": fields.DatetimeField,
}


def _schema(table: Table) -> Schema:
    schema = Schema(
        fields=[FIELD_TYPES[c.kind](name=c.name, title=c.title) for c in table.columns],
        primary_key=list(table.primary_key),
    )
    if table.foreign_key:
        name, resource, target = table.foreign_key
        schema.foreign_keys = [
            {"fields": [name], "reference": {"resource": resource, "fields": [target]}}
        ]
    return schema


def datapackage(*, scope_name: str, scope_code: str, created: dt.datetime) -> dict:
    """The Frictionless descriptor of the ZIP's files (one CSV and one JSON per table)."""
    resources = []
    for table in TABLES:
        for fmt, mediatype in (("csv", "text/csv"), ("json", "application/json")):
            resources.append(
                Resource(
                    name=f"{table.name}-{fmt}",
                    path=f"{table.name}.{fmt}",
                    title=f"{table.title} ({fmt.upper()})",
                    description=table.description,
                    format=fmt,
                    mediatype=mediatype,
                    encoding="utf-8",
                    schema=_schema(table),
                )
            )
    for resource in resources:  # a foreign key names the same format's table
        fmt = resource.format
        for key in resource.schema.foreign_keys:
            key["reference"]["resource"] = f"{key['reference']['resource']}-{fmt}"
    package = Package(
        name=f"hamahang-{scope_code}",
        title=f"داده‌های باز هماهنگ — {scope_name}",
        description=(
            "مصوبات منتشرشده ستادهای اقتصادی و پیشرفت تکالیف دستگاه‌ها، و طرح‌های "
            f"سرمایه‌گذاری {scope_name}. بدون اطلاعات شخصی و بدون مصوبات محرمانه."
        ),
        licenses=[LICENSE],
        sources=[
            {
                "title": "سامانه هماهنگ، دفتر هماهنگی امور اقتصادی استانداری",
                "path": f"/public/{scope_code}/" if scope_code != "iran" else "/public/",
            }
        ],
        created=created.replace(microsecond=0).isoformat(),
        resources=resources,
    )
    return package.to_descriptor()


def open_data_zip(*, province: selectors.PublicProvince | None) -> bytes:
    """The ZIP of a province (None: the country), cached per data version."""
    province_id = province.id if province else None

    def compute() -> bytes:
        rows = _rows(province_id)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for table in TABLES:
                archive.writestr(f"{table.name}.csv", _csv(table, rows[table.name]))
                archive.writestr(f"{table.name}.json", _json(table, rows[table.name]))
            descriptor = datapackage(
                scope_name=f"استان {province.name}" if province else "کل کشور",
                scope_code=province.code if province else "iran",
                created=clock.now(),
            )
            archive.writestr(
                "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2)
            )
        return buffer.getvalue()

    return versioned("public-open-data", province_id=province_id, compute=compute)
