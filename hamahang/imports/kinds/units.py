"""Production units, their status history and their support cases."""

from __future__ import annotations

from collections.abc import Iterable

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import OBSTACLE_COLUMNS, Column, Problem, Row, Sheet, to_problem
from hamahang.units import services as unit_services
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent, UnitStatus
from hamahang.units.selectors import case_list_for_user, unit_list_for_user

KEY = "units"
TITLE = "واحدهای تولیدی و پرونده‌ها"

UNITS, EVENTS, CASES = "واحدها", "تاریخچه وضعیت", "پرونده‌ها"
IDENT = "شناسه ملی یا کد ملی واحد"

SHEETS = [
    Sheet(
        UNITS,
        [
            Column("name", "نام واحد", required=True, max_length=250),
            Column("legal_id", "شناسه ملی", help="۱۱ رقم؛ یا کد ملی را پر کنید", code=True),
            Column("national_code", "کد ملی مالک", help="۱۰ رقم", code=True),
            Column("business_id", "شناسه کسب‌وکار", max_length=30),
            Column("isic", "کد فعالیت (ISIC)", max_length=8),
            Column("activity", "فعالیت / محصول", max_length=250),
            Column(
                "kind", "نوع واحد", "choice", required=True, choices=ProductionUnit.Kind.choices
            ),
            Column("county", "شهرستان", required=True),
            Column("estate", "شهرک / ناحیه صنعتی"),
            Column("address", "نشانی"),
            Column("capacity", "ظرفیت اسمی", max_length=120),
            Column("utilisation", "درصد استفاده از ظرفیت", "int", minimum=0, maximum=100),
            Column("jobs", "اشتغال فعلی", "int", minimum=0),
            Column("covid_affected", "آسیب‌دیده از کرونا", "bool"),
            Column(
                "ownership",
                "مالکیت",
                "choice",
                required=True,
                choices=ProductionUnit.Ownership.choices,
            ),
            Column("status", "وضعیت", "choice", required=True, choices=UnitStatus.choices),
            Column("contact_name", "نام رابط واحد", max_length=120),
            Column("phone", "تلفن", max_length=40),
        ],
    ),
    Sheet(
        EVENTS,
        [
            Column("unit", IDENT, required=True, code=True),
            Column("date", "تاریخ", "date", required=True),
            Column("kind", "رویداد", "choice", required=True, choices=UnitEvent.Kind.choices),
            Column("from_status", "وضعیت پیشین", "choice", choices=UnitStatus.choices),
            Column("to_status", "وضعیت جدید", "choice", required=True, choices=UnitStatus.choices),
            Column("jobs_before", "اشتغال پیش از تغییر", "int", minimum=0),
            Column("jobs_after", "اشتغال پس از تغییر", "int", minimum=0),
            Column("cause", "علت", "choice", choices=UnitEvent.Cause.choices[1:]),
            Column("product", "محصول", max_length=120),
            Column("note", "توضیح"),
        ],
        required=False,
    ),
    Sheet(
        CASES,
        [
            Column("code", "شماره پرونده", required=True, max_length=30, code=True),
            Column("unit", IDENT, required=True, code=True),
            Column(
                "type", "نوع درخواست", "choice", required=True, choices=SupportCase.Type.choices
            ),
            Column("creditor", "طلبکار", "choice", choices=SupportCase.Creditor.choices[1:]),
            Column("creditor_agency", "دستگاه / بانک طلبکار"),
            Column("amount", "مبلغ (ریال)", "decimal", minimum=0),
            Column("received_on", "تاریخ دریافت", "date", required=True),
            Column("status", "وضعیت", "choice", required=True, choices=SupportCase.Status.choices),
            Column("description", "شرح درخواست", required=True),
            *OBSTACLE_COLUMNS,
            Column("outcome", "نتیجه"),
        ],
        required=False,
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    """Row → typed row → `units_bulk_upsert`; this module only resolves names."""
    lookup, problems = Lookup(user), []
    units = []
    for row in rows.get(UNITS, []):
        v = row.values
        county = lookup.county(v["county"])
        if county is None:
            problems.append(
                Problem(UNITS, row.number, "شهرستان", f"شهرستان «{v['county']}» شناخته نیست.")
            )
            continue
        fields = {k: v[k] for k in v if k not in {"county", "estate"}}
        units.append(
            unit_services.UnitRow(ref=row, county=county, fields=fields, estate=v["estate"] or "")
        )
    events = [
        unit_services.UnitEventRow(
            ref=row,
            unit=row.values["unit"],
            date=row.values["date"],
            kind=row.values["kind"],
            to_status=row.values["to_status"],
            from_status=row.values["from_status"] or "",
            jobs_before=row.values["jobs_before"] or 0,
            jobs_after=row.values["jobs_after"] or 0,
            cause=row.values["cause"] or "",
            product=row.values["product"] or "",
            note=row.values["note"] or "",
        )
        for row in rows.get(EVENTS, [])
    ]
    cases = []
    for row in rows.get(CASES, []):
        v = row.values
        agency = lookup.agency(v["creditor_agency"])
        if v["creditor_agency"] and agency is None:
            problems.append(
                Problem(
                    CASES,
                    row.number,
                    "دستگاه / بانک طلبکار",
                    f"دستگاه «{v['creditor_agency']}» شناخته نیست.",
                )
            )
            continue
        cases.append(
            unit_services.CaseRow(
                ref=row,
                code=v["code"],
                unit=v["unit"],
                type=v["type"],
                received_on=v["received_on"],
                status=v["status"],
                description=v["description"],
                creditor=v["creditor"] or "",
                creditor_agency=agency,
                amount=v["amount"],
                outcome=v["outcome"] or "",
                obstacle=v["obstacle"] or "",
                legal_basis=v["legal_basis"] or "",
            )
        )
    if problems:
        return {}, problems
    counts, row_problems = unit_services.units_bulk_upsert(
        units=units, events=events, cases=cases, acting_user=user
    )
    return counts, [to_problem(p, SHEETS) for p in row_problems]


def export(user) -> dict[str, Iterable[dict]]:
    """Rows are generated as the workbook is written, never held in a list."""
    units = unit_list_for_user(user=user)
    ident = {
        pk: legal_id or national_code
        for pk, legal_id, national_code in units.values_list("pk", "legal_id", "national_code")
    }
    return {
        UNITS: (
            {
                **{
                    name: getattr(u, name)
                    for name in (
                        "name",
                        "legal_id",
                        "national_code",
                        "business_id",
                        "isic",
                        "activity",
                        "kind",
                        "address",
                        "capacity",
                        "utilisation",
                        "jobs",
                        "covid_affected",
                        "ownership",
                        "status",
                        "contact_name",
                        "phone",
                    )
                },
                "county": u.county.name,
                "estate": u.estate.name if u.estate else "",
            }
            for u in units.select_related("county", "estate").order_by("pk").iterator(2000)
        ),
        EVENTS: (
            {
                "unit": ident[e.unit_id],
                "date": e.date,
                "kind": e.kind,
                "from_status": e.from_status or None,
                "to_status": e.to_status,
                "jobs_before": e.jobs_before,
                "jobs_after": e.jobs_after,
                "cause": e.cause or None,
                "product": e.product,
                "note": e.note,
            }
            for e in UnitEvent.objects.filter(unit__in=units.values("pk"))
            .order_by("unit_id", "date", "pk")
            .iterator(2000)
        ),
        CASES: (
            {
                "code": c.code,
                "unit": ident[c.unit_id],
                "type": c.type,
                "creditor": c.creditor or None,
                "creditor_agency": c.creditor_agency.name if c.creditor_agency else "",
                "amount": c.amount,
                "received_on": c.received_on,
                "status": c.status,
                "description": c.description,
                "outcome": c.outcome,
                "obstacle": c.obstacle,
                "legal_basis": c.legal_basis,
            }
            for c in case_list_for_user(user=user)
            .select_related("creditor_agency")
            .filter(unit__in=units.values("pk"))
            .order_by("pk")
            .iterator(2000)
        ),
    }
