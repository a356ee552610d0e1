from django.core.management.base import BaseCommand

from hamahang.imports.services import STALE_AFTER, fail_stale_runs


class Command(BaseCommand):
    help = (
        "Mark imports left running by a stopped worker as failed (retryable); run it when the "
        "worker starts (e.g. ExecStartPre of db_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            help="a run without a heartbeat for this long is stale (0: every running run)",
        )

    def handle(self, *args, minutes, **options):
        import datetime as dt

        count = fail_stale_runs(older_than=dt.timedelta(minutes=minutes))
        self.stdout.write(f"{count} stale import run(s) marked failed")
