from django.core.management.base import BaseCommand

from hamahang.demo.services import demo_load
from hamahang.demo.users import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Load the reference and demo data once (does nothing if it is already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print logins")

    def handle(self, *args, quiet_logins=False, **options):
        loaded = demo_load()
        self.stdout.write("demo data loaded" if loaded else "demo data already present")
        if quiet_logins:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'admin':<10} superuser (admin site)")
        for username, first, last, agency, role, _title in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role.label} — {first} {last}, {agency}")
