from django.core.management.base import BaseCommand

from hamahang.core.digits import to_persian_digits
from hamahang.signoff.services import late_minutes_notify


class Command(BaseCommand):
    help = (
        "E-mails the secretariat about held meetings whose minutes are still not approved "
        "HAMAHANG_MINUTES_DUE_DAYS after the meeting (once a meeting a day; cron it daily)."
    )

    def handle(self, *args, **options):
        sent = late_minutes_notify()
        self.stdout.write(f"{to_persian_digits(sent)} یادآوری صورتجلسه فرستاده شد.")
