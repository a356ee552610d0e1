"""Meetings with their resolutions and each agency's assignment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from hamahang.core.jalali import jalali_year
from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet, validate_row_object
from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.meetings.selectors import (
    assignment_list_for_user,
    meeting_list_for_user,
    resolution_list_for_user,
)
from hamahang.meetings.services import resolution_code, resolution_roll_up
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
            Column("project", "کد طرح مربوط"),
            Column("case", "شماره پرونده مربوط"),
        ],
        required=False,
    ),
    Sheet(
        ASSIGNMENTS,
        [
            Column("committee", "ستاد", required=True),
            Column("resolution", "کد مصوبه", required=True, help="مانند 1399-24-07"),
            Column("agency", "دستگاه", required=True),
            Column("role", "نقش", "choice", required=True, choices=Assignment.Role.choices),
            Column("deadline", "مهلت", "date", required=True),
            Column("status", "وضعیت", "choice", required=True, choices=Assignment.Status.choices),
            Column("progress", "پیشرفت (درصد)", "int", minimum=0, maximum=100),
            Column("reported_done_on", "تاریخ اعلام انجام", "date"),
            Column("closed_on", "تاریخ بسته شدن", "date"),
        ],
        required=False,
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    lookup, problems, counts = Lookup(user), [], defaultdict(int)
    meetings = {
        (m.committee_id, m.jalali_year, m.number): m for m in meeting_list_for_user(user=user)
    }
    for row in rows.get(MEETINGS, []):
        v = row.values
        committee = lookup.committee(v["committee"])
        if committee is None:
            problems.append(
                Problem(MEETINGS, row.number, "ستاد", f"ستاد «{v['committee']}» شناخته نیست.")
            )
            continue
        if jalali_year(v["date"]) != v["year"]:
            problems.append(Problem(MEETINGS, row.number, "سال", "سال با تاریخ جلسه نمی‌خواند."))
            continue
        key = (committee.pk, v["year"], v["number"])
        meeting = meetings.get(key) or Meeting(
            committee=committee, jalali_year=v["year"], number=v["number"]
        )
        counts["meetings_updated" if meeting.pk else "meetings_created"] += 1
        meeting.date, meeting.start_time, meeting.status = v["date"], v["start_time"], v["status"]
        meeting.place, meeting.chair = v["place"] or "", v["chair"] or committee.chair_title
        meeting.save()
        meetings[key] = meeting

    projects = {p.code: p for p in project_list_for_user(user=user)}
    cases = {c.code: c for c in case_list_for_user(user=user)}
    resolutions = {(r.committee_id, r.code): r for r in resolution_list_for_user(user=user)}
    seen: dict = {}
    for row in rows.get(RESOLUTIONS, []):
        v = row.values
        committee = lookup.committee(v["committee"])
        meeting = meetings.get((committee.pk if committee else None, v["year"], v["meeting"]))
        if meeting is None:
            problems.append(
                Problem(
                    RESOLUTIONS,
                    row.number,
                    "شماره جلسه",
                    "این جلسه نه در برگه «جلسات» آمده و نه در سامانه هست.",
                )
            )
            continue
        code = resolution_code(meeting, v["number"])
        if (committee.pk, code) in seen:
            problems.append(
                Problem(
                    RESOLUTIONS,
                    row.number,
                    "شماره مصوبه",
                    f"مصوبه {code} در ردیف {seen[(committee.pk, code)]} همین برگه هم آمده است.",
                )
            )
            continue
        seen[(committee.pk, code)] = row.number
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
        resolution = resolutions.get((committee.pk, code)) or Resolution(
            committee=committee, code=code
        )
        counts["resolutions_updated" if resolution.pk else "resolutions_created"] += 1
        resolution.meeting, resolution.meeting_date, resolution.number = (
            meeting,
            meeting.date,
            v["number"],
        )
        resolution.text, resolution.type, resolution.is_confidential = (
            v["text"],
            v["type"],
            bool(v["is_confidential"]),
        )
        resolution.project, resolution.case = project, case
        resolution.unit_id = case.unit_id if case else None
        resolution.save()
        resolutions[(committee.pk, code)] = resolution

    assignments = {
        (a.resolution_id, a.agency_id): a
        for a in Assignment.objects.filter(resolution__in=[r.pk for r in resolutions.values()])
    }
    touched, seen = set(), {}
    for row in rows.get(ASSIGNMENTS, []):
        v = row.values
        committee = lookup.committee(v["committee"])
        resolution = resolutions.get((committee.pk if committee else None, v["resolution"]))
        agency = lookup.agency(v["agency"])
        if resolution is None:
            problems.append(
                Problem(
                    ASSIGNMENTS, row.number, "کد مصوبه", f"مصوبه «{v['resolution']}» این ستاد نیست."
                )
            )
            continue
        if agency is None:
            problems.append(
                Problem(ASSIGNMENTS, row.number, "دستگاه", f"دستگاه «{v['agency']}» شناخته نیست.")
            )
            continue
        key = (resolution.pk, agency.pk)
        if key in seen:
            problems.append(
                Problem(
                    ASSIGNMENTS,
                    row.number,
                    "دستگاه",
                    f"این تکلیف در ردیف {seen[key]} همین برگه هم آمده است.",
                )
            )
            continue
        seen[key] = row.number
        if v["deadline"] < resolution.meeting_date:
            problems.append(Problem(ASSIGNMENTS, row.number, "مهلت", "مهلت پیش از تاریخ جلسه است."))
            continue
        assignment = assignments.get(key) or Assignment(resolution=resolution, agency=agency)
        counts["assignments_updated" if assignment.pk else "assignments_created"] += 1
        assignment.role, assignment.deadline, assignment.status = (
            v["role"],
            v["deadline"],
            v["status"],
        )
        assignment.progress = v["progress"] or 0
        assignment.reported_done_on, assignment.closed_on = v["reported_done_on"], v["closed_on"]
        try:
            validate_row_object(assignment)
        except ValidationError as error:
            problems.append(Problem(ASSIGNMENTS, row.number, None, " ".join(error.messages)))
            continue
        assignment.save()
        touched.add(resolution.pk)
    for resolution in resolutions.values():
        if resolution.pk in touched:
            resolution_roll_up(resolution)
    return dict(counts), problems


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
