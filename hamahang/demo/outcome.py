"""Demo outcomes and producer commitments (issue 18, part C).

The seed period (1399/01/01–1399/06/31) gets outcomes on seed resolutions and cases of the
Qom facilitation and economy HQs, so the seed-period report's `outcomes` section is filled;
the seed article states no outcomes, so none of its figures changes (outcomes are new rows,
not new resolutions). The current year gets outcomes on this year's resolutions, and
commitments: one met, one open, one failed that holds up an open assignment. Deterministic:
rows are picked by their order, not at random.
"""

from __future__ import annotations

import datetime as dt

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import jalali_to_gregorian, jalali_year
from hamahang.demo.moments import at
from hamahang.meetings.models import Assignment, Meeting, Resolution
from hamahang.outcomes import services
from hamahang.outcomes.models import Outcome, ProducerCommitment
from hamahang.units.models import ProductionUnit, SupportCase

K = Outcome.Kind
SEED_START, SEED_END = dt.date(2020, 3, 20), dt.date(2020, 9, 21)
SOURCES = (
    "گزارش اداره کل تعاون، کار و رفاه اجتماعی",
    "گزارش سازمان صنعت، معدن و تجارت",
    "گزارش بانک عامل",
    "گزارش سازمان جهاد کشاورزی",
)
# (kind, quantity, measure or currency): what each picked seed resolution produced.
SEED_OUTCOMES = (
    (K.JOBS_KEPT, 180, ""),
    (K.JOBS_KEPT, 95, ""),
    (K.JOBS_CREATED, 40, ""),
    (K.JOBS_KEPT, 320, ""),
    (K.MONEY_RELEASED, 450_000_000_000, "IRR"),
    (K.JOBS_KEPT, 60, ""),
    (K.JOBS_CREATED, 25, ""),
    (K.PRODUCTION_RESTORED, 1200, "تن در ماه"),
    (K.JOBS_KEPT, 140, ""),
    (K.UNIT_REVIVED, 1, ""),
    (K.MONEY_RELEASED, 350_000, "USD"),
    (K.JOBS_CREATED, 70, ""),
)
CASE_OUTCOMES = ((K.JOBS_KEPT, 45, ""), (K.JOBS_KEPT, 30, ""), (K.JOBS_CREATED, 12, ""))
CURRENT_OUTCOMES = (
    (K.JOBS_KEPT, 210, ""),
    (K.JOBS_CREATED, 35, ""),
    (K.MONEY_RELEASED, 820_000_000_000, "IRR"),
    (K.JOBS_KEPT, 75, ""),
    (K.UNIT_LAUNCHED, 1, ""),
)


def _record(secretary: User, row: tuple, day: dt.date, serial: int, **subject) -> None:
    kind, quantity, extra = row
    with clock.frozen(at(day, 11)):
        services.outcome_record(
            kind=kind,
            quantity=quantity,
            date=day,
            source=SOURCES[serial % len(SOURCES)],
            acting_user=secretary,
            measure=extra if kind == K.PRODUCTION_RESTORED else "",
            currency=extra if kind == K.MONEY_RELEASED else "",
            **subject,
        )


def _held(queryset):
    return queryset.filter(meeting__status__in=Meeting.HELD_STATUSES)


def load_outcomes(*, today: dt.date | None = None) -> None:
    today = today or clock.today()
    secretary = User.objects.get(username="dabir")
    seed = list(
        _held(Resolution.objects.filter(meeting_date__range=(SEED_START, SEED_END)))
        .filter(committee__province__code="qom")
        .order_by("meeting_date", "pk")
    )
    # Every eleventh seed resolution, so both HQs and many agencies are represented.
    for serial, (row, resolution) in enumerate(zip(SEED_OUTCOMES, seed[::11], strict=False)):
        day = min(resolution.meeting_date + dt.timedelta(days=30 + serial), SEED_END)
        _record(secretary, row, day, serial, resolution=resolution)
    cases = list(
        SupportCase.objects.filter(
            received_on__range=(SEED_START, SEED_END), province__code="qom"
        ).order_by("received_on", "pk")
    )
    for serial, (row, case) in enumerate(zip(CASE_OUTCOMES, cases[::7], strict=False)):
        day = min(case.received_on + dt.timedelta(days=45), SEED_END)
        _record(secretary, row, day, serial, case=case)

    year_start = jalali_to_gregorian(jalali_year(today), 1, 1)
    current = list(
        _held(Resolution.objects.filter(meeting_date__range=(year_start, today)))
        .filter(committee__province__code="qom")
        .order_by("meeting_date", "pk")
    )
    for serial, (row, resolution) in enumerate(zip(CURRENT_OUTCOMES, current[::9], strict=False)):
        day = min(resolution.meeting_date + dt.timedelta(days=20), today - dt.timedelta(days=1))
        _record(secretary, row, day, serial, resolution=resolution)
    _commitments(secretary, today)


def _commitments(secretary: User, today: dt.date) -> None:
    """A failed commitment holding up an overdue assignment of this year (so the ranking
    leaves it out), a met one and an open one on this year's resolutions about a unit."""
    year_start = jalali_to_gregorian(jalali_year(today), 1, 1)
    held_here = Assignment.objects.filter(
        status__in=Assignment.OPEN_STATUSES,
        resolution__committee__province__code="qom",
        resolution__meeting__status__in=Meeting.HELD_STATUSES,
    ).select_related("resolution__case__unit", "resolution__unit", "agency")
    overdue = held_here.filter(deadline__range=(year_start, today - dt.timedelta(days=1)))
    blocked = overdue.order_by("-deadline", "pk").first()
    about_a_unit = list(
        held_here.exclude(resolution__unit__isnull=True, resolution__case__isnull=True)
        .exclude(pk=getattr(blocked, "pk", None))
        .order_by("-resolution__meeting_date", "pk")[:2]
    )
    fallback_unit = (
        ProductionUnit.objects.filter(province__code="qom", cases__isnull=False)
        .order_by("pk")
        .first()
    )
    plan = [
        (
            blocked,
            ProducerCommitment.Kind.REPAY_ARREARS,
            "بازپرداخت اقساط معوق سه‌ماهه به بانک عامل",
            None,
            ProducerCommitment.Status.FAILED,
        ),
        *zip(
            about_a_unit,
            (ProducerCommitment.Kind.HIRE, ProducerCommitment.Kind.RESTART_LINE),
            ("به‌کارگیری نیروی تازه پس از راه‌اندازی خط", "راه‌اندازی دوباره خط دوم تولید"),
            (12, None),
            (ProducerCommitment.Status.MET, ProducerCommitment.Status.OPEN),
            strict=False,
        ),
    ]
    for index, (assignment, kind, text, headcount, status) in enumerate(plan):
        if assignment is None:
            continue
        resolution = assignment.resolution
        unit = resolution.unit or (resolution.case.unit if resolution.case_id else fallback_unit)
        if unit is None:
            continue
        with clock.frozen(at(today - dt.timedelta(days=20 - index), 9)):
            commitment = services.commitment_create(
                unit=unit,
                case=resolution.case,
                resolution=resolution,
                kind=kind,
                description=text,
                headcount=headcount,
                deadline=today + dt.timedelta(days=-10 if status == "failed" else 25),
                acting_user=secretary,
            )
        if status == ProducerCommitment.Status.OPEN:
            continue
        with clock.frozen(at(today - dt.timedelta(days=3), 10)):
            services.commitment_set_status(
                commitment=commitment,
                status=status,
                evidence=(
                    "نامه بانک عامل: اقساط معوق تا پایان مهلت پرداخت نشد."
                    if status == ProducerCommitment.Status.FAILED
                    else "فهرست بیمه کارکنان تازه به‌کارگرفته‌شده"
                ),
                acting_user=secretary,
            )
            if status == ProducerCommitment.Status.FAILED:
                services.assignment_block(
                    assignment=assignment,
                    commitment=commitment,
                    reason="پرداخت تسهیلات تازه منوط به بازپرداخت معوقات تولیدکننده است.",
                    acting_user=secretary,
                )
