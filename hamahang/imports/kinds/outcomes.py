"""Outcomes (what resolutions and cases produced), many at once, through the same service as
the form and the API (outcomes.services.outcome_record)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet
from hamahang.meetings.selectors import resolution_list_for_user
from hamahang.outcomes import services
from hamahang.outcomes.models import Outcome
from hamahang.outcomes.selectors import outcome_list_for_user
from hamahang.units.selectors import case_list_for_user

KEY = "outcomes"
TITLE = "دستاوردهای مصوبات و پرونده‌ها"

OUTCOMES = "دستاوردها"

SHEETS = [
    Sheet(
        OUTCOMES,
        [
            Column("committee", "ستاد", help="با کد مصوبه"),
            Column("resolution", "کد مصوبه", code=True),
            Column("case", "شماره پرونده", code=True, help="یا کد مصوبه، یا هر دو"),
            Column("kind", "نوع دستاورد", "choice", required=True, choices=Outcome.Kind.choices),
            Column("quantity", "مقدار", "decimal", required=True),
            Column("measure", "واحد سنجش تولید", max_length=50),
            Column("currency", "ارز", max_length=3, code=True, help="IRR یا کد ارز خارجی"),
            Column("date", "تاریخ دستاورد", "date", required=True),
            Column("source", "منبع", required=True, max_length=300),
        ],
        help="هر ردیف یک دستاورد: کد مصوبه (با ستاد) یا شماره پرونده را بنویسید.",
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    lookup, problems, counts = Lookup(user), [], defaultdict(int)
    resolutions = {
        (r.committee_id, r.code): r for r in resolution_list_for_user(user=user).order_by()
    }
    cases = {c.code: c for c in case_list_for_user(user=user).order_by()}
    for row in rows.get(OUTCOMES, []):
        v = row.values
        resolution = case = None
        if v["resolution"]:
            committee = lookup.committee(v["committee"] or "")
            resolution = resolutions.get((committee.pk if committee else None, v["resolution"]))
            if resolution is None:
                problems.append(
                    Problem(
                        OUTCOMES,
                        row.number,
                        "کد مصوبه",
                        f"مصوبه «{v['resolution']}» در ستاد «{v['committee'] or '—'}» یافت نشد "
                        "یا در دسترس شما نیست.",
                    )
                )
                continue
        if v["case"]:
            case = cases.get(v["case"])
            if case is None:
                problems.append(
                    Problem(
                        OUTCOMES,
                        row.number,
                        "شماره پرونده",
                        f"پرونده «{v['case']}» یافت نشد یا در دسترس شما نیست.",
                    )
                )
                continue
        same = outcome_list_for_user(user=user).filter(
            resolution=resolution,
            case=case,
            kind=v["kind"],
            quantity=v["quantity"],
            date=v["date"],
        )
        if same.exists():
            counts["skipped_existing"] += 1
            continue
        try:
            services.outcome_record(
                kind=v["kind"],
                quantity=v["quantity"],
                date=v["date"],
                source=v["source"],
                measure=v["measure"] or "",
                currency=v["currency"] or "",
                resolution=resolution,
                case=case,
                acting_user=user,
            )
        except ValidationError as error:
            problems.append(Problem(OUTCOMES, row.number, None, " ".join(error.messages)))
            continue
        counts["outcomes_created"] += 1
    return dict(counts), problems


def export(user) -> dict[str, Iterable[dict]]:
    return {
        OUTCOMES: (
            {
                "committee": o.resolution.committee.name if o.resolution_id else "",
                "resolution": o.resolution.code if o.resolution_id else "",
                "case": o.case.code if o.case_id else "",
                "kind": o.kind,
                "quantity": o.quantity,
                "measure": o.measure,
                "currency": o.currency,
                "date": o.date,
                "source": o.source,
            }
            for o in outcome_list_for_user(user=user)
            .select_related("resolution__committee", "case")
            .order_by("pk")
            .iterator(2000)
        )
    }
