from django.core.management.base import BaseCommand

from hamahang.core.jalali import today
from hamahang.reports import partials


class Command(BaseCommand):
    help = (
        "Recompute the stored per-province report figures of today whose province has been "
        "written to since (reports.partials), so that the next reader finds them current, and "
        "drop those of earlier days. Cron it every minute (or enqueue the task "
        "hamahang.reports.tasks.refresh_report_figures); readers recompute a stale province "
        "themselves, so a missed run costs time, never correctness."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="enqueue as a background task instead"
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            from hamahang.reports.tasks import refresh_report_figures

            self.stdout.write(f"enqueued task {refresh_report_figures.enqueue().id}")
            return
        day = today()
        dropped = partials.drop_before(day)
        refreshed = partials.refresh(day)
        self.stdout.write(
            f"{refreshed} province figures recomputed, {dropped} of earlier days dropped"
        )
