"""Production units, their status history and their support cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hamahang.core import clock
from hamahang.core.identifiers import clean_identifier, validate_legal_id, validate_national_code
from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet, validate_row_object
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
            Column("legal_id", "شناسه ملی", help="۱۱ رقم؛ یا کد ملی را پر کنید"),
            Column("national_code", "کد ملی مالک", help="۱۰ رقم"),
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
            Column("unit", IDENT, required=True),
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
            Column("code", "شماره پرونده", required=True, max_length=30),
            Column("unit", IDENT, required=True),
            Column(
                "type", "نوع درخواست", "choice", required=True, choices=SupportCase.Type.choices
            ),
            Column("creditor", "طلبکار", "choice", choices=SupportCase.Creditor.choices[1:]),
            Column("creditor_agency", "دستگاه / بانک طلبکار"),
            Column("amount", "مبلغ (ریال)", "decimal", minimum=0),
            Column("received_on", "تاریخ دریافت", "date", required=True),
            Column("status", "وضعیت", "choice", required=True, choices=SupportCase.Status.choices),
            Column("description", "شرح درخواست", required=True),
            Column("outcome", "نتیجه"),
        ],
        required=False,
    ),
]


def _ident(value) -> str:
    return clean_identifier(value or "")


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    lookup, problems, counts = Lookup(user), [], defaultdict(int)
    existing = {}
    for unit in unit_list_for_user(user=user):
        for key in (unit.legal_id, unit.national_code):
            if key:
                existing[key] = unit
    seen: dict[str, int] = {}
    by_ident: dict[str, ProductionUnit] = dict(existing)
    created: list[ProductionUnit] = []
    updated: list[ProductionUnit] = []
    for row in rows.get(UNITS, []):
        v = row.values
        legal, code = _ident(v["legal_id"]) or None, _ident(v["national_code"]) or None
        try:
            if legal:
                validate_legal_id(legal)
            if code:
                validate_national_code(code)
        except ValidationError as error:
            problems.append(
                Problem(
                    UNITS, row.number, "شناسه ملی" if legal else "کد ملی مالک", error.messages[0]
                )
            )
            continue
        ident = legal or code
        if not ident:
            problems.append(
                Problem(UNITS, row.number, "شناسه ملی", "شناسه ملی یا کد ملی واحد لازم است.")
            )
            continue
        if ident in seen:
            problems.append(
                Problem(
                    UNITS,
                    row.number,
                    "شناسه ملی",
                    f"این شناسه در ردیف {seen[ident]} همین برگه هم آمده است.",
                )
            )
            continue
        seen[ident] = row.number
        county = lookup.county(v["county"])
        if county is None:
            problems.append(
                Problem(UNITS, row.number, "شهرستان", f"شهرستان «{v['county']}» شناخته نیست.")
            )
            continue
        unit = existing.get(ident) or ProductionUnit()
        counts["units_updated" if unit.pk else "units_created"] += 1
        estate = (
            unit_services.estate_ensure(county=county, name=v["estate"]) if v["estate"] else None
        )
        for name in (
            "name",
            "business_id",
            "isic",
            "activity",
            "kind",
            "address",
            "capacity",
            "contact_name",
            "phone",
            "ownership",
            "status",
        ):
            setattr(unit, name, v[name] or "")
        unit.legal_id, unit.national_code = legal, code
        unit.county, unit.province_id, unit.estate = county, county.province_id, estate
        unit.utilisation, unit.jobs = v["utilisation"] or 0, v["jobs"] or 0
        unit.covid_affected = bool(v["covid_affected"])
        try:
            validate_row_object(unit)
        except ValidationError as error:
            problems.append(Problem(UNITS, row.number, None, " ".join(error.messages)))
            continue
        (updated if unit.pk else created).append(unit)
        for key in (legal, code):
            if key:
                by_ident[key] = unit
    _write_units(created, updated, user)

    history: dict[int, list[Row]] = defaultdict(list)
    for row in rows.get(EVENTS, []):
        unit = by_ident.get(_ident(row.values["unit"]))
        if unit is None:
            problems.append(
                Problem(EVENTS, row.number, IDENT, f"واحدی با شناسه «{row.values['unit']}» نیست.")
            )
            continue
        history[unit.pk].append(row)
    for unit_pk, unit_rows in history.items():
        UnitEvent.objects.filter(unit_id=unit_pk).delete()
        UnitEvent.objects.bulk_create(
            UnitEvent(
                unit_id=unit_pk,
                date=r.values["date"],
                kind=r.values["kind"],
                from_status=r.values["from_status"] or "",
                to_status=r.values["to_status"],
                jobs_before=r.values["jobs_before"] or 0,
                jobs_after=r.values["jobs_after"] or 0,
                cause=r.values["cause"] or "",
                product=r.values["product"] or "",
                note=r.values["note"] or "",
                actor=user,
            )
            for r in unit_rows
        )
        counts["events"] += len(unit_rows)

    cases = {c.code: c for c in case_list_for_user(user=user)}
    seen_codes: dict[str, int] = {}
    for row in rows.get(CASES, []):
        v = row.values
        if v["code"] in seen_codes:
            problems.append(
                Problem(
                    CASES,
                    row.number,
                    "شماره پرونده",
                    f"این شماره در ردیف {seen_codes[v['code']]} همین برگه هم آمده است.",
                )
            )
            continue
        seen_codes[v["code"]] = row.number
        unit = by_ident.get(_ident(v["unit"]))
        if unit is None:
            problems.append(
                Problem(CASES, row.number, IDENT, f"واحدی با شناسه «{v['unit']}» نیست.")
            )
            continue
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
        case = cases.get(v["code"]) or SupportCase(code=v["code"])
        counts["cases_updated" if case.pk else "cases_created"] += 1
        case.unit, case.province_id = unit, unit.province_id
        case.type, case.creditor, case.creditor_agency = v["type"], v["creditor"] or "", agency
        case.amount, case.received_on, case.status = v["amount"], v["received_on"], v["status"]
        case.description, case.outcome = v["description"], v["outcome"] or ""
        case.save()
    return dict(counts), problems


def _write_units(created: list, updated: list, user) -> None:
    """Write the checked units in batches, each with its history row naming the importer
    (two queries a row, one by one, were most of a 50,000-row import)."""
    now = clock.now()
    for unit in (*created, *updated):
        unit.refresh_search_text()
        unit.updated_at = now
    for unit in updated:
        unit.version += 1  # an edit form opened before the import is now stale
    reason = "ورود از پرونده اکسل"
    bulk_create_with_history(
        created, ProductionUnit, batch_size=1000, default_user=user, default_change_reason=reason
    )
    if updated:
        fields = [
            f.name
            for f in ProductionUnit._meta.concrete_fields
            if not f.primary_key and f.name != "created_at"
        ]
        bulk_update_with_history(
            updated,
            ProductionUnit,
            fields,
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )


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
            }
            for c in case_list_for_user(user=user)
            .select_related("creditor_agency")
            .filter(unit__in=units.values("pk"))
            .order_by("pk")
            .iterator(2000)
        ),
    }
