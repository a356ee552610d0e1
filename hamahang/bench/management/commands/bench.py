import json

from django.core.cache import cache
from django.core.management.base import BaseCommand

from hamahang.bench.measure import run


class Command(BaseCommand):
    help = (
        "Run the benchmarks on the generated dataset; writes bench/results.json and BENCHMARKS.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=31)

    def handle(self, *args, scale, **options):
        # Cached entries are keyed on the data version; a rebuilt dataset restarts the count,
        # so entries left from an earlier dataset must not be found.
        cache.clear()
        results = run(scale)
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
