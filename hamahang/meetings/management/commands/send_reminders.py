from django.core.management.base import BaseCommand, CommandError

from hamahang.core.jalali import JalaliDateError, parse_jalali_date
from hamahang.meetings.reminders import send_daily_digests


class Command(BaseCommand):
    help = (
        "Tell each agency once a day of its assignments due within N days and overdue: each "
        "active liaison on their preferred channel and the agency's own e-mail (notices in the "
        "outbox, sent by the worker). Safe to run many times a day (cron): an agency gets at "
        "most one digest per day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="look-ahead in days (default 7)")
        parser.add_argument("--date", help="the day to send for, Jalali (default today)")
        parser.add_argument(
            "--enqueue", action="store_true", help="enqueue as a background task instead"
        )

    def handle(self, *args, days, date, enqueue, **options):
        if days < 0:
            raise CommandError("--days must not be negative")
        if enqueue:
            from hamahang.meetings.tasks import send_daily_digests_task

            result = send_daily_digests_task.enqueue(days)
            self.stdout.write(f"enqueued task {result.id}")
            return
        try:
            day = parse_jalali_date(date) if date else None
        except JalaliDateError as exc:
            raise CommandError(exc.message) from exc
        run = send_daily_digests(day=day, days_ahead=days)
        self.stdout.write(
            f"{run.day}: {len(run.sent)} digests queued, {len(run.already_sent)} already sent "
            f"today, {len(run.no_address)} agencies with no one reachable"
        )
