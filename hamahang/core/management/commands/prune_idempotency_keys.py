from django.core.management.base import BaseCommand

from hamahang.core.idempotency import prune


class Command(BaseCommand):
    help = "Forget Idempotency-Key records older than --hours (24); clients repeat in minutes."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        self.stdout.write(f"removed {prune(hours)}")
