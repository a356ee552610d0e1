"""Meetings with their resolutions and each agency's assignment."""

from __future__ import annotations

from collections.abc import Iterable

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import OBSTACLE_COLUMNS, Column, Problem, Row, Sheet, to_problem
from hamahang.meetings import services
from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.meetings.selectors import (
    assignment_list_for_user,
    meeting_list_for_user,
    resolution_list_for_user,
)
from hamahang.projects.selectors import project_list_for_user
from hamahang.units.selectors import case_list_for_user

KEY = "meetings"
TITLE = "جلسات، مصوبات و تکالیف"

MEETINGS, RESOLUTIONS, ASSIGNMENTS = "جلسات", "مصوبات", "تکالیف"

SHEETS = [
    Sheet(
        MEETINGS,
        [
            Column("committee", "ستاد", required=True),
            Column("year", "سال", "int", required=True, minimum=1300, maximum=1499),
            Column("number", "شماره جلسه", "int", required=True, minimum=1, maximum=100000),
            Column("date", "تاریخ جلسه", "date", required=True),
            Column("start_time", "ساعت", "time"),
            Column("place", "محل", max_length=200),
            Column("chair", "رئیس جلسه", max_length=200),
            Column("status", "وضعیت", "choice", required=True, choices=Meeting.Status.choices),
        ],
    ),
    Sheet(
        RESOLUTIONS,
        [
            Column("committee", "ستاد", required=True),
            Column("year", "سال", "int", required=True, minimum=1300, maximum=1499),
            Column("meeting", "شماره جلسه", "int", required=True, minimum=1, maximum=100000),
            Column("number", "شماره مصوبه", "int", required=True, minimum=1, maximum=10000),
            Column("text", "متن مصوبه", required=True),
            Column("type", "نوع", "choice", required=True, choices=Resolution.Type.choices),
            Column("is_confidential", "محرمانه", "bool"),
            Column("project", "کد طرح مربوط", code=True),
            Column("case", "شماره پرونده مربوط", code=True),
            *OBSTACLE_COLUMNS,
            Column(
                "relief_expires_on",
                "تاریخ پایان اعتبار",
                "date",
                help="برای امهال، تعویق اجراییه و عدم قطع انشعاب",
            ),
        ],
        required=False,
    ),
    Sheet(
        ASSIGNMENTS,
        [
            Column("committee", "ستاد", required=True),
            Column("resolution", "کد مصوبه", required=True, help="مانند 1399-24-07", code=True),
            Column("agency", "دستگاه", required=True),
            Column("role", "نقش", "choice", required=True, choices=Assignment.Role.choices),
            Column("deadline", "مهلت", "date", help="تاریخ؛ یا ستون «مهلت (روز کاری)»"),
            Column(
                "working_days",
                "مهلت (روز کاری)",
                "int",
                minimum=1,
                maximum=3650,
                help="شمار روزهای کاری از تاریخ جلسه",
            ),
            Column("status", "وضعیت", "choice", required=True, choices=Assignment.Status.choices),
            Column("progress", "پیشرفت (درصد)", "int", minimum=0, maximum=100),
            Column("reported_done_on", "تاریخ اعلام انجام", "date"),
            Column("closed_on", "تاریخ بسته شدن", "date"),
        ],
        required=False,
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    """Row → typed row → `meetings_bulk_upsert`; this module only resolves names."""
    lookup, problems = Lookup(user), []
    projects = {p.code: p for p in project_list_for_user(user=user)}
    cases = {c.code: c for c in case_list_for_user(user=user)}

    def committee(row: Row):
        found = lookup.committee(row.values["committee"])
        if found is None:
            problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    "ستاد",
                    f"ستاد «{row.values['committee']}» شناخته نیست یا در حوزه شما نیست.",
                )
            )
        return found

    meetings = []
    for row in rows.get(MEETINGS, []):
        v = row.values
        if (found := committee(row)) is not None:
            meetings.append(
                services.MeetingRow(
                    ref=row,
                    committee=found,
                    year=v["year"],
                    number=v["number"],
                    date=v["date"],
                    status=v["status"],
                    start_time=v["start_time"],
                    place=v["place"] or "",
                    chair=v["chair"] or "",
                )
            )
    resolutions = []
    for row in rows.get(RESOLUTIONS, []):
        v = row.values
        if (found := committee(row)) is None:
            continue
        project = projects.get(v["project"]) if v["project"] else None
        case = cases.get(v["case"]) if v["case"] else None
        if v["project"] and project is None:
            problems.append(
                Problem(
                    RESOLUTIONS, row.number, "کد طرح مربوط", f"طرحی با کد «{v['project']}» نیست."
                )
            )
            continue
        if v["case"] and case is None:
            problems.append(
                Problem(
                    RESOLUTIONS, row.number, "شماره پرونده مربوط", f"پرونده «{v['case']}» نیست."
                )
            )
            continue
        resolutions.append(
            services.ResolutionRow(
                ref=row,
                committee=found,
                year=v["year"],
                meeting_number=v["meeting"],
                number=v["number"],
                text=v["text"],
                type=v["type"],
                is_confidential=bool(v["is_confidential"]),
                project=project,
                case=case,
                obstacle=v["obstacle"] or "",
                legal_basis=v["legal_basis"] or "",
                relief_expires_on=v["relief_expires_on"],
            )
        )
    assignments = []
    for row in rows.get(ASSIGNMENTS, []):
        v = row.values
        if (found := committee(row)) is None:
            continue
        agency = lookup.agency(v["agency"])
        if agency is None:
            problems.append(
                Problem(ASSIGNMENTS, row.number, "دستگاه", f"دستگاه «{v['agency']}» شناخته نیست.")
            )
            continue
        assignments.append(
            services.AssignmentRow(
                ref=row,
                committee=found,
                resolution_code=v["resolution"],
                agency=agency,
                role=v["role"],
                deadline=v["deadline"],
                working_days=v["working_days"],
                status=v["status"],
                progress=v["progress"] or 0,
                reported_done_on=v["reported_done_on"],
                closed_on=v["closed_on"],
            )
        )
    if problems:
        return {}, problems
    counts, row_problems = services.meetings_bulk_upsert(
        meetings=meetings, resolutions=resolutions, assignments=assignments, acting_user=user
    )
    return counts, [to_problem(p, SHEETS, {"meeting_number": "meeting"}) for p in row_problems]


def export(user) -> dict[str, Iterable[dict]]:
    """Rows are generated as the workbook is written, never held in a list."""
    resolutions = resolution_list_for_user(user=user)
    return {
        MEETINGS: (
            {
                "committee": m.committee.name,
                "year": m.jalali_year,
                "number": m.number,
                "date": m.date,
                "start_time": m.start_time,
                "place": m.place,
                "chair": m.chair,
                "status": m.status,
            }
            for m in meeting_list_for_user(user=user)
            .select_related("committee")
            .order_by("committee_id", "jalali_year", "number")
            .iterator(2000)
        ),
        RESOLUTIONS: (
            {
                "committee": r.committee.name,
                "year": r.meeting.jalali_year,
                "meeting": r.meeting.number,
                "number": r.number,
                "text": r.text,
                "type": r.type,
                "is_confidential": r.is_confidential,
                "project": r.project.code if r.project else "",
                "case": r.case.code if r.case else "",
                "obstacle": r.obstacle,
                "legal_basis": r.legal_basis,
                "relief_expires_on": r.relief_expires_on,
            }
            for r in resolutions.select_related("committee", "meeting", "project", "case")
            .order_by("pk")
            .iterator(2000)
        ),
        ASSIGNMENTS: (
            {
                "committee": a.resolution.committee.name,
                "resolution": a.resolution.code,
                "agency": a.agency.name,
                "role": a.role,
                "deadline": a.deadline,
                "working_days": a.working_days,
                "status": a.status,
                "progress": a.progress,
                "reported_done_on": a.reported_done_on,
                "closed_on": a.closed_on,
            }
            # A liaison exports only its own agency's assignments (the one assignment scope).
            for a in assignment_list_for_user(user=user)
            .filter(resolution__in=resolutions.values("pk"))
            .select_related("resolution__committee", "agency")
            .order_by("pk")
            .iterator(2000)
        ),
    }
