"""Demo meetings, resolutions and follow-ups, replayed through the real services.

Each step runs under `clock.frozen` at the day it happened, so timelines carry real-looking
dates: the seed's half-year of 1399 (Facilitation HQ 24 meetings / 165 resolutions, Resistance
Economy HQ 5 / 22), the rest of 1399, and the current year up to today with meetings planned
ahead. Deterministic for a given `today`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from hamahang.accounts.models import Role, User
from hamahang.core import clock
from hamahang.core.digits import to_persian_digits
from hamahang.core.errors import current_version
from hamahang.core.jalali import jalali_to_gregorian, jalali_year
from hamahang.demo import texts
from hamahang.demo.moments import at
from hamahang.demo.obstacle import resolution_obstacle
from hamahang.demo.units import pending_case
from hamahang.meetings import services
from hamahang.meetings.escalation import escalate_overdue
from hamahang.meetings.models import Assignment, Attendance, FollowUp, Meeting, Resolution
from hamahang.meetings.notifications import notifications_suppressed
from hamahang.office import services as office_services
from hamahang.organizations.models import Agency, Committee
from hamahang.projects.models import Project

CASE_KINDS = {"deferral", "enforcement_postponement", "no_utility_cutoff"}
DEMO_LIAISON_AGENCIES = ["صمت", "امور مالیاتی", "تأمین اجتماعی", "جهاد کشاورزی", "بانک ملی"]


@dataclass
class Cast:
    secretary: User
    manager: User
    liaisons: dict[int, User]  # agency id → liaison
    agencies: dict[str, Agency]  # short name → agency


def _cast() -> Cast:
    agencies = {a.short_name: a for a in Agency.objects.filter(province__code="qom")}
    liaisons = {}
    for user in User.objects.filter(role__in=[Role.AGENCY_LIAISON, Role.BANK_LIAISON]):
        liaisons.setdefault(user.agency_id, user)
    return Cast(
        secretary=User.objects.get(username="dabir"),
        manager=User.objects.get(username="modir"),
        liaisons=liaisons,
        agencies=agencies,
    )


class Story:
    def __init__(self, cast: Cast, today: dt.date, seed: int = 1399):
        self.cast = cast
        self.today = today
        self.rng = random.Random(seed)

    # --- Meetings ----------------------------------------------------------------------------

    def hold_meeting(
        self,
        committee: Committee,
        day: dt.date,
        resolution_count: int,
        catalogue: dict,
        forced: list[tuple[str, dt.date]] | None = None,
    ) -> Meeting:
        """Create, hold and (a few days later, if that is past) approve a meeting."""
        meeting = self.hold(committee, day)
        for index in range(resolution_count):
            self._resolution(meeting, day, index, catalogue)
        for agency_name, deadline in forced or []:
            self._forced_resolution(meeting, day, agency_name, deadline)
        approval_day = day + dt.timedelta(days=self.rng.randint(2, 6))
        if approval_day < self.today:
            with clock.frozen(at(approval_day, 13)):
                services.meeting_transition(
                    meeting=meeting,
                    to_status=Meeting.Status.APPROVED,
                    acting_user=self.cast.manager,
                )
        return meeting

    def hold(self, committee: Committee, day: dt.date) -> Meeting:
        """A meeting planned a week ahead and held on `day` (minutes not approved)."""
        with clock.frozen(at(day - dt.timedelta(days=7), 9)):
            meeting = services.meeting_create(
                committee=committee,
                date=day,
                start_time=dt.time(10, 0),
                place="سالن جلسات استانداری قم",
                acting_user=self.cast.secretary,
            )
        with clock.frozen(at(day, 10)):
            services.meeting_transition(
                meeting=meeting, to_status=Meeting.Status.HELD, acting_user=self.cast.secretary
            )
            self._attendance(meeting)
        return meeting

    def plan_meeting(self, committee: Committee, day: dt.date) -> Meeting:
        with clock.frozen(at(self.today, 8)):
            meeting = services.meeting_create(
                committee=committee,
                date=day,
                start_time=dt.time(10, 0),
                place="سالن جلسات استانداری قم",
                acting_user=self.cast.secretary,
            )
            services.agenda_carry_over(meeting=meeting, acting_user=self.cast.secretary)
        return meeting

    def _attendance(self, meeting: Meeting) -> None:
        rows = []
        for agency in meeting.committee.members.all():
            roll = self.rng.random()
            status = (
                Attendance.Status.PRESENT
                if roll < 0.8
                else Attendance.Status.SUBSTITUTE
                if roll < 0.9
                else Attendance.Status.EXCUSED
                if roll < 0.96
                else Attendance.Status.ABSENT
            )
            rows.append(services.AttendanceRow(agency, status))
        services.meeting_record_attendance(
            meeting=meeting, rows=rows, acting_user=self.cast.secretary
        )

    # --- Resolutions -------------------------------------------------------------------------

    def _resolution(self, meeting: Meeting, day: dt.date, index: int, catalogue: dict) -> None:
        kind = self.rng.choice(list(catalogue))
        templates, leads, collaborators = catalogue[kind]
        lead_name = self.rng.choice(leads) if leads else None
        lead = self.cast.agencies.get(lead_name) if lead_name else None
        case = pending_case(kind, day) if kind in CASE_KINDS else None
        if case is not None:
            # The unit's request comes to the meeting and this resolution decides it.
            with clock.frozen(at(day, 9, 30)):
                services.agenda_refer_cases(
                    meeting=meeting, cases=[case], acting_user=self.cast.secretary
                )
            lead = case.creditor_agency or lead
        text = self.rng.choice(templates).format(
            unit=case.unit.name if case else self.rng.choice(texts.UNITS),
            lead=lead.name if lead else "دفتر هماهنگی امور اقتصادی",
            months=to_persian_digits(self.rng.choice(texts.MONTHS)),
            estate=self.rng.choice(texts.ESTATES),
            sector=self.rng.choice(texts.SECTORS),
        )
        specs = []
        if lead is not None and kind != "informational":
            specs.append(services.AssignmentSpec(lead, self._deadline(day)))
            if collaborators and self.rng.random() < 0.35:
                partner = self.cast.agencies.get(self.rng.choice(collaborators))
                if partner and partner != lead:
                    specs.append(
                        services.AssignmentSpec(
                            partner, self._deadline(day), Assignment.Role.COLLABORATOR
                        )
                    )
        project = None
        if kind == "project_approval":
            year_projects = list(Project.objects.filter(created_at__year=day.year).order_by("code"))
            project = self.rng.choice(year_projects) if year_projects else None
        with clock.frozen(at(day, 11, min(59, index * 3))):
            resolution = services.resolution_create(
                project=project,
                case=case,
                meeting=meeting,
                text=text,
                type=kind,
                is_confidential=self.rng.random() < 0.04,
                assignments=specs,
                **resolution_obstacle(kind, index, day, with_case=case is not None),
                acting_user=self.cast.secretary,
            )
        for assignment in resolution.assignments.all():
            self._live(assignment, day)

    def _forced_resolution(
        self, meeting: Meeting, day: dt.date, agency_name: str, deadline: dt.date
    ) -> Resolution:
        agency = self.cast.agencies[agency_name]
        unit = self.rng.choice(texts.UNITS)
        with clock.frozen(at(day, 12, 30)):
            resolution = services.resolution_create(
                meeting=meeting,
                text=f"{agency.name} درخواست {unit} را بررسی و نتیجه را به دبیرخانه اعلام کند.",
                type=Resolution.Type.DIRECTIVE,
                assignments=[services.AssignmentSpec(agency, deadline)],
                acting_user=self.cast.secretary,
            )
        return resolution

    def _deadline(self, day: dt.date) -> dt.date:
        return day + dt.timedelta(days=self.rng.choice([14, 21, 30, 30, 45, 60]))

    # --- The life of one assignment ---------------------------------------------------------

    def _liaison(self, assignment: Assignment) -> User:
        return self.cast.liaisons.get(assignment.agency_id, self.cast.secretary)

    def _report(self, assignment, day, *, final, progress=None):
        with clock.frozen(at(day, 9, self.rng.randint(0, 59))):
            return services.assignment_report(
                assignment=assignment,
                acting_user=self._liaison(assignment),
                text=self.rng.choice(texts.FOLLOWUP_DONE if final else texts.FOLLOWUP_PROGRESS),
                progress=100 if final else (progress or self.rng.choice([20, 40, 50, 60, 80])),
                is_final=final,
            )

    def _accept(self, followup, day):
        with clock.frozen(at(day, 14, self.rng.randint(0, 59))):
            services.followup_accept(followup=followup, acting_user=self.cast.secretary)

    def _return(self, followup, day):
        with clock.frozen(at(day, 14, self.rng.randint(0, 59))):
            services.followup_return(
                followup=followup,
                reason=self.rng.choice(texts.RETURN_REASONS),
                acting_user=self.cast.secretary,
            )

    def _live(self, assignment: Assignment, issued: dt.date) -> None:
        """Play the assignment forward from its issue day up to yesterday."""
        last_day = self.today - dt.timedelta(days=1)
        deadline = assignment.deadline
        span = (deadline - issued).days
        roll = self.rng.random()

        def when(offset: int) -> dt.date | None:
            day = issued + dt.timedelta(days=offset)
            return day if day <= last_day else None

        progress_day = when(max(2, span // 3))
        if progress_day is None:
            return
        progress = self._report(assignment, progress_day, final=False)
        self._accept(progress, progress_day + dt.timedelta(days=1))

        if roll < 0.55:  # done on time
            done_day = when(self.rng.randint(max(3, span // 2), max(4, span - 1)))
            if done_day is None:
                return
            final = self._report(assignment, done_day, final=True)
            review = done_day + dt.timedelta(days=self.rng.randint(1, 3))
            if review <= last_day:
                self._accept(final, review)
        elif roll < 0.72:  # returned once, then done late
            first = when(span - 2)
            if first is None:
                return
            final = self._report(assignment, first, final=True)
            back = first + dt.timedelta(days=1)
            if back > last_day:
                return
            self._return(final, back)
            again = when(span + self.rng.randint(5, 20))
            if again is None:
                return
            final = self._report(assignment, again, final=True)
            if again + dt.timedelta(days=2) <= last_day:
                self._accept(final, again + dt.timedelta(days=2))
        elif roll < 0.82:  # extended, then done
            ask = when(span - 3)
            if ask is None:
                return
            with clock.frozen(at(ask, 12)):
                services.assignment_extend_deadline(
                    assignment=assignment,
                    new_deadline=deadline + dt.timedelta(days=30),
                    reason="درخواست دستگاه به دلیل نیاز به هماهنگی با مرکز",
                    version=current_version(assignment),
                    acting_user=self.cast.secretary,
                )
            done_day = when(span + 20)
            if done_day is None:
                return
            final = self._report(assignment, done_day, final=True)
            if done_day + dt.timedelta(days=1) <= last_day:
                self._accept(final, done_day + dt.timedelta(days=1))
        elif roll < 0.92:  # not implemented
            verdict = when(span + 30)
            if verdict is None:
                return
            with clock.frozen(at(verdict, 15)):
                services.assignment_set_status(
                    assignment=assignment,
                    status=Assignment.Status.NOT_IMPLEMENTED,
                    version=current_version(assignment),
                    reason="با وجود پیگیری‌های مکرر اقدامی انجام نشد؛ به‌عنوان ترک فعل گزارش شود.",
                    acting_user=self.cast.secretary,
                )
        elif roll < 0.95:  # not feasible
            verdict = when(span)
            if verdict is None:
                return
            with clock.frozen(at(verdict, 15)):
                services.assignment_set_status(
                    assignment=assignment,
                    status=Assignment.Status.NOT_FEASIBLE,
                    version=current_version(assignment),
                    reason="واحد درخواست خود را پس گرفت.",
                    acting_user=self.cast.secretary,
                )
        elif deadline < self.today - dt.timedelta(days=120):
            # Long overdue work is closed in the end: recorded as not implemented.
            with clock.frozen(at(deadline + dt.timedelta(days=90), 15)):
                services.assignment_set_status(
                    assignment=assignment,
                    status=Assignment.Status.NOT_IMPLEMENTED,
                    version=current_version(assignment),
                    reason="پس از سه ماه پیگیری بی‌نتیجه، اجرا نشده ثبت شد.",
                    acting_user=self.cast.secretary,
                )
        # else: still open, overdue once the deadline passes


def _spread(start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    step = (end - start).days / max(1, count - 1)
    days = [start + dt.timedelta(days=round(i * step)) for i in range(count)]
    # Meetings are not held on Fridays.
    return [d - dt.timedelta(days=1) if d.weekday() == 4 else d for d in days]


def load_meetings(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    cast = _cast()
    story = Story(cast, today)
    facilitation = Committee.objects.get(province__code="qom", kind="facilitation")
    economy = Committee.objects.get(province__code="qom", kind="resistance_economy")

    with notifications_suppressed():
        # The seed: 1399/01/01 – 1399/06/31.
        f_days = _spread(jalali_to_gregorian(1399, 1, 16), jalali_to_gregorian(1399, 6, 25), 24)
        for index, day in enumerate(f_days):
            story.hold_meeting(facilitation, day, 6 if index % 8 == 3 else 7, texts.FACILITATION)
        e_days = _spread(jalali_to_gregorian(1399, 2, 10), jalali_to_gregorian(1399, 6, 20), 5)
        for day, count in zip(e_days, [4, 4, 5, 4, 5], strict=True):
            story.hold_meeting(economy, day, count, texts.RESISTANCE_ECONOMY)

        # The rest of 1399: the meetings go on until the end of the year.
        for day in _spread(jalali_to_gregorian(1399, 7, 8), jalali_to_gregorian(1399, 12, 20), 10):
            story.hold_meeting(facilitation, day, 5, texts.FACILITATION)
        for day in _spread(jalali_to_gregorian(1399, 8, 15), jalali_to_gregorian(1399, 12, 10), 2):
            story.hold_meeting(economy, day, 4, texts.RESISTANCE_ECONOMY)

        # The current year, up to today, then planned meetings ahead.
        year_start = jalali_to_gregorian(jalali_year(today), 1, 15)
        start = max(year_start, today - dt.timedelta(days=180))
        if start < today - dt.timedelta(days=20):
            recent = _spread(start, today - dt.timedelta(days=3), 10)
            for day in recent:
                forced = None
                if day == recent[-3]:
                    # Every demo liaison has work overdue and due within the week.
                    forced = [
                        (name, today - dt.timedelta(days=4)) for name in DEMO_LIAISON_AGENCIES
                    ]
                    forced += [
                        (name, today + dt.timedelta(days=5)) for name in DEMO_LIAISON_AGENCIES
                    ]
                story.hold_meeting(facilitation, day, 5, texts.FACILITATION, forced)
            for day in _spread(start + dt.timedelta(days=10), today - dt.timedelta(days=15), 3):
                story.hold_meeting(economy, day, 4, texts.RESISTANCE_ECONOMY)
            _returned_for_each_liaison(story, facilitation, today)
            _work_for_the_secretariat(story, facilitation, economy, today)
            _signed_minutes(story, economy, today)
        story.plan_meeting(facilitation, today + dt.timedelta(days=6))
        story.plan_meeting(economy, today + dt.timedelta(days=20))
        _closure_and_objection(story, facilitation, today)
        _escalated(story, facilitation, today)


def _closure_and_objection(story: Story, committee: Committee, today: dt.date) -> None:
    """A closure announced for the province (air pollution, three days on) and, on the
    meeting held two days ago, the first demo liaison's objection under review: its deadline
    paused and the objection on the committee's next planned meeting."""
    with clock.frozen(at(today, 8, 30)):
        office_services.closure_add(
            acting_user=story.cast.secretary,
            date=today + dt.timedelta(days=3),
            reason="آلودگی هوا",
        )
    assignment = (
        Assignment.objects.filter(
            resolution__committee=committee,
            resolution__meeting_date=today - dt.timedelta(days=2),
            agency=story.cast.agencies[DEMO_LIAISON_AGENCIES[0]],
        )
        .order_by("pk")
        .first()
    )
    if assignment is None:
        return
    with clock.frozen(at(today, 9)):
        services.objection_file(
            assignment=assignment,
            acting_user=story._liaison(assignment),
            reason="اجرای این تکلیف در حوزه وظایف قانونی این دستگاه نیست و به دستگاه دیگری "
            "مربوط است؛ مستندات قانونی پیوست شده است.",
        )


# The agency heads of the demo liaisons' agencies: the escalation chain's first step.
DEMO_HEADS = {
    "صمت": ("مهدی صالحی", "رئیس سازمان صنعت، معدن و تجارت استان قم"),
    "امور مالیاتی": ("حمید نیک‌نام", "مدیرکل امور مالیاتی استان قم"),
    "تأمین اجتماعی": ("اکبر فرهادی", "مدیرکل تأمین اجتماعی استان قم"),
    "جهاد کشاورزی": ("مرتضی کاظمی", "رئیس سازمان جهاد کشاورزی استان قم"),
    "بانک ملی": ("ناصر امینی", "مدیر شعب بانک ملی استان قم"),
}


def _escalated(story: Story, committee: Committee, today: dt.date) -> None:
    """The escalation chain at work in 1405: the agency heads and the deputy governor (the
    demo's «moaven») are named; a meeting held 40 days ago gave the first demo liaison work
    now 9 days overdue (its head was told two days ago) and the second work 16 days overdue
    (its head told a week ago, the deputy governor two days ago). As all the demo's replayed
    work, it writes no notices (the timeline says so)."""
    admin = User.objects.get(username="samaneh")
    with clock.frozen(at(today - dt.timedelta(days=60), 9)):
        for name, (head, title) in DEMO_HEADS.items():
            agency = story.cast.agencies[name]
            office_services.agency_save(
                acting_user=admin,
                agency=agency,
                spec=office_services.AgencySpec(
                    name=agency.name,
                    kind=agency.kind,
                    short_name=agency.short_name,
                    email=agency.email,
                    phone=agency.phone,
                    head_name=head,
                    head_title=title,
                    head_email=f"head-{agency.pk}@example.ir",
                ),
            )
        office_services.province_deputy_save(
            acting_user=admin,
            spec=office_services.DeputySpec(
                deputy_name="حسین رضایی",
                deputy_title="معاون هماهنگی امور اقتصادی استاندار قم",
                deputy_email="moaven@example.ir",
            ),
        )
    held = today - dt.timedelta(days=40)
    meeting = story.hold(committee, held)
    work = []
    for name, late in zip(DEMO_LIAISON_AGENCIES[:2], (9, 16), strict=True):
        resolution = story._forced_resolution(meeting, held, name, today - dt.timedelta(days=late))
        work.extend(resolution.assignments.values_list("pk", flat=True))
    for days_ago in (9, 2):
        day = today - dt.timedelta(days=days_ago)
        with clock.frozen(at(day, 7, 30)):
            escalate_overdue(day=day, among=work)


def _returned_for_each_liaison(story: Story, committee: Committee, today: dt.date) -> None:
    """Each demo liaison finds one report of theirs returned in the inbox."""
    for name in DEMO_LIAISON_AGENCIES:
        agency = story.cast.agencies[name]
        assignment = (
            Assignment.objects.filter(
                agency=agency,
                resolution__committee=committee,
                status__in=[Assignment.Status.ISSUED, Assignment.Status.IN_PROGRESS],
                deadline__gt=today,
            )
            .order_by("deadline")
            .first()
        )
        if assignment is None:
            continue
        yesterday = today - dt.timedelta(days=2)
        final = story._report(assignment, yesterday, final=True)
        story._return(final, today - dt.timedelta(days=1))


def _signed_minutes(story: Story, committee: Committee, today: dt.date) -> None:
    """A meeting held a week ago whose minutes the attendees and the chair signed off."""
    from hamahang.demo.signoff import sign_minutes

    held = today - dt.timedelta(days=7)
    meeting = story.hold(committee, held)
    for name in DEMO_LIAISON_AGENCIES[2:4]:
        story._forced_resolution(meeting, held, name, held + dt.timedelta(days=30))
    chair = User.objects.get(username="moaven")
    sign_minutes(meeting, secretary=story.cast.secretary, chair=chair)


def _work_for_the_secretariat(
    story: Story, facilitation: Committee, economy: Committee, today: dt.date
) -> None:
    """The queue and the inboxes look alive: a meeting held two days ago whose minutes wait
    for approval (its resolutions give two liaisons new work due in 21 days), a meeting held
    ten days ago still without minutes, and two progress reports waiting for review."""
    held = today - dt.timedelta(days=2)
    meeting = story.hold(facilitation, held)
    for name in DEMO_LIAISON_AGENCIES[:2]:
        story._forced_resolution(meeting, held, name, held + dt.timedelta(days=21))
    story.hold(economy, today - dt.timedelta(days=10))

    # Progress reports not yet reviewed, on work with no report pending or returned.
    year_start = jalali_to_gregorian(jalali_year(today), 1, 1)
    reviewed = FollowUp.objects.filter(
        assignment=OuterRef("pk"),
        status__in=[FollowUp.Status.SUBMITTED, FollowUp.Status.RETURNED],
    )
    for days_ago in (6, 3):
        assignment = (
            Assignment.objects.filter(
                agency_id__in=list(story.cast.liaisons),
                resolution__meeting_date__gte=year_start,
                resolution__meeting_date__lt=today - dt.timedelta(days=days_ago),
                status__in=[Assignment.Status.ISSUED, Assignment.Status.IN_PROGRESS],
            )
            .exclude(Exists(reviewed))
            .order_by("-deadline", "pk")
            .first()
        )
        if assignment is not None:
            story._report(assignment, today - dt.timedelta(days=days_ago), final=False)
