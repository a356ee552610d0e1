from django.core.management.base import BaseCommand

from hamahang.organizations.services import reference_data_load


class Command(BaseCommand):
    help = "Load the reference data (provinces, counties, agencies, committees); idempotent."

    def handle(self, *args, **options):
        created = reference_data_load()
        self.stdout.write(
            "reference data: " + ", ".join(f"{count} new {kind}" for kind, count in created.items())
        )
