from django.core.management.base import BaseCommand, CommandError

from hamahang.core.jalali import JalaliDateError, parse_jalali_date
from hamahang.meetings.services import reliefs_schedule_all


class Command(BaseCommand):
    help = (
        "Put every relief (deferral, enforcement postponement, no cut-off) expiring before its "
        "committee's next planned meeting + 30 days on that meeting's agenda, with the reason "
        "«پایان اعتبار مصوبه». The services do this as reliefs and meetings are recorded; run "
        "it daily (cron) so that a meeting planned long ago takes the reliefs that came due "
        "since. Safe to run many times: a relief is put on a coming agenda once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to schedule from, Jalali (default today)")

    def handle(self, *args, date, **options):
        try:
            day = parse_jalali_date(date) if date else None
        except JalaliDateError as exc:
            raise CommandError(exc.message) from exc
        count = reliefs_schedule_all(as_of=day)
        self.stdout.write(f"{count} reliefs put on coming agendas")
