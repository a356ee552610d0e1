import time

from django.core.management.base import BaseCommand

from hamahang.core.jalali import today
from hamahang.reports import partials


class Command(BaseCommand):
    help = (
        "Recompute the stored per-province report figures of today whose province has been "
        "written to since (reports.partials), so that the next reader finds them current, and "
        "drop those of earlier days. Run it with --every 1 as a service (a reader may be shown "
        "figures a few seconds behind, core.freshness, while this catches up), or cron it, or "
        "enqueue the task hamahang.reports.tasks.refresh_report_figures; readers recompute a "
        "stale province themselves, so a missed run costs time, never correctness."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="enqueue as a background task instead"
        )
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="keep running: look for stale figures every this many seconds",
        )
        parser.add_argument(
            "--seconds", type=float, default=0, help="with --every: stop after this long"
        )

    def handle(self, *args, enqueue, every, seconds, **options):
        if enqueue:
            from hamahang.reports.tasks import refresh_report_figures

            self.stdout.write(f"enqueued task {refresh_report_figures.enqueue().id}")
            return
        started = time.monotonic()
        refreshed = dropped = 0
        while True:
            day = today()
            dropped += partials.drop_before(day)
            refreshed += partials.refresh(day)
            if not every or (seconds and time.monotonic() - started >= seconds):
                break
            time.sleep(every)
        self.stdout.write(
            f"{refreshed} province figures recomputed, {dropped} of earlier days dropped"
        )
