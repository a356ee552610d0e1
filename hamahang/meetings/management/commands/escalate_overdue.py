from django.core.management.base import BaseCommand, CommandError

from hamahang.core.jalali import JalaliDateError, parse_jalali_date
from hamahang.meetings.escalation import escalate_overdue


class Command(BaseCommand):
    help = (
        "Escalate overdue work past each committee's thresholds: to the agency head, then to "
        "the deputy governor (one digest per recipient through the outbox; each step on the "
        "timeline). Safe to run many times a day (cron): each level is reached once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to escalate for, Jalali (default today)")
        parser.add_argument(
            "--enqueue", action="store_true", help="enqueue as a background task instead"
        )

    def handle(self, *args, date, enqueue, **options):
        if enqueue:
            from hamahang.meetings.tasks import escalate_overdue_task

            result = escalate_overdue_task.enqueue()
            self.stdout.write(f"enqueued task {result.id}")
            return
        try:
            day = parse_jalali_date(date) if date else None
        except JalaliDateError as exc:
            raise CommandError(exc.message) from exc
        run = escalate_overdue(day=day)
        self.stdout.write(
            f"{run.day}: {len(run.agency_head)} assignments escalated to agency heads, "
            f"{len(run.deputy_governor)} to the deputy governor, {run.notices} notices queued, "
            f"{len(run.no_address)} recipients with no address"
        )
