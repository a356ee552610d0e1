"""Follow-up reports, so an agency can update many assignments at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet
from hamahang.meetings import services
from hamahang.meetings.models import Assignment, FollowUp
from hamahang.meetings.selectors import assignment_list_for_user

KEY = "followups"
TITLE = "گزارش‌های پیگیری دستگاه‌ها"

REPORTS = "گزارش‌های پیگیری"

SHEETS = [
    Sheet(
        REPORTS,
        [
            Column("committee", "ستاد", required=True),
            Column("resolution", "کد مصوبه", required=True, code=True),
            Column("agency", "دستگاه", required=True),
            Column("text", "شرح اقدام", required=True),
            Column("progress", "پیشرفت (درصد)", "int", required=True, minimum=0, maximum=100),
            Column("is_final", "اعلام انجام کامل", "bool"),
        ],
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    lookup, problems, counts = Lookup(user), [], defaultdict(int)
    visible = {
        (a.resolution.committee_id, a.resolution.code, a.agency_id): a
        for a in assignment_list_for_user(user=user).select_related("resolution")
    }
    found: list[tuple[Row, object]] = []
    for row in rows.get(REPORTS, []):
        v = row.values
        committee, agency = lookup.committee(v["committee"]), lookup.agency(v["agency"])
        found.append(
            (
                row,
                visible.get(
                    (
                        committee.pk if committee else None,
                        v["resolution"],
                        agency.pk if agency else None,
                    )
                ),
            )
        )
    # Lock the assignments the file reports on (in one order, so two imports cannot deadlock)
    # before asking whether a report is already stored: a second import of the same file,
    # running at the same time, waits here and then finds the first one's reports.
    ids = sorted({a.pk for _, a in found if a is not None})
    list(Assignment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    for row, assignment in found:
        v = row.values
        if assignment is None:
            problems.append(
                Problem(
                    REPORTS,
                    row.number,
                    "کد مصوبه",
                    f"تکلیف «{v['agency']}» در مصوبه «{v['resolution']}» یافت نشد "
                    "یا در دسترس شما نیست.",
                )
            )
            continue
        if FollowUp.objects.filter(
            assignment=assignment,
            text=v["text"],
            progress=v["progress"],
            is_final=bool(v["is_final"]),
        ).exists():
            counts["skipped_existing"] += 1
            continue
        try:
            services.assignment_report(
                assignment=assignment,
                text=v["text"],
                progress=v["progress"],
                is_final=bool(v["is_final"]),
                acting_user=user,
            )
        except ValidationError as error:
            problems.append(Problem(REPORTS, row.number, None, " ".join(error.messages)))
            continue
        counts["followups_created"] += 1
    return dict(counts), problems


def export(user) -> dict[str, Iterable[dict]]:
    """Rows are generated as the workbook is written, never held in a list."""
    return {
        REPORTS: (
            {
                "committee": f.assignment.resolution.committee.name,
                "resolution": f.assignment.resolution.code,
                "agency": f.assignment.agency.name,
                "text": f.text,
                "progress": f.progress,
                "is_final": f.is_final,
            }
            for f in FollowUp.objects.filter(assignment__in=assignment_list_for_user(user=user))
            .select_related("assignment__resolution__committee", "assignment__agency")
            .order_by("pk")
            .iterator(2000)
        )
    }
