import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from hamahang.bench.load import generate_province, provinces_for
from hamahang.meetings.models import Meeting
from hamahang.reports.cache import bump_data_version


class Command(BaseCommand):
    help = "Build a synthetic dataset: --scale N provinces (1 = one province, 31 = the country)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=1405)
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="volume per province (tests use less)"
        )

    def handle(self, *args, scale, seed, fraction, **options):
        if not 1 <= scale <= 31:
            raise CommandError("--scale must be between 1 and 31")
        started = time.perf_counter()
        for province in provinces_for(scale):
            if Meeting.objects.filter(
                committee__province=province, place="سالن جلسات استانداری", chair="معاون اقتصادی"
            ).exists():
                self.stdout.write(f"{province.code}: already generated")
                continue
            counts = generate_province(province, seed=seed, fraction=fraction)
            self.stdout.write(
                f"{province.code}: "
                + ", ".join(f"{k}={v}" for k, v in counts.items())
                + f" ({time.perf_counter() - started:.0f}s)"
            )
        bump_data_version()
        if connection.vendor == "postgresql":
            # Fresh planner statistics: without them bulk-loaded tables get poor plans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f}s")
