from django.core.management.base import BaseCommand, CommandError

from hamahang.notices.delivery import deliver_due, refresh_statuses


class Command(BaseCommand):
    help = (
        "Send the notices that are due (the outbox), once: for cron and tests. Safe to run "
        "beside db_worker and beside itself: each notice is claimed by one process at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="send at most this many notices")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="first ask the providers for the delivery status of recently sent notices "
            "(an undeliverable one falls back to the next channel, sent in this same run)",
        )

    def handle(self, *args, limit, refresh, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        if refresh:
            self.stdout.write(f"{refresh_statuses()} delivery statuses changed")
        run = deliver_due(limit=limit)
        self.stdout.write(
            f"{run.sent} sent, {run.retried} to retry, {run.fell_back} fell back to another "
            f"channel, {run.failed} failed"
        )
        for error in run.errors:
            self.stderr.write(error)
