import os

from django.core.management.base import BaseCommand, CommandError

from hamahang.accounts.models import User
from hamahang.core.digits import to_persian_digits
from hamahang.imports.counts import count_rows
from hamahang.imports.kinds import KINDS
from hamahang.imports.services import ImportRefused, import_file


class Command(BaseCommand):
    help = "Import an Excel registry (units, projects, meetings, followups); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--user", default="dabir", help="the user the import acts as (default: dabir)"
        )

    def handle(self, *args, kind, file, dry_run, user, **options):
        try:
            acting = User.objects.get(username=user)
        except User.DoesNotExist as error:
            raise CommandError(f"کاربر «{user}» نیست.") from error
        try:
            total, counts = import_file(
                kind=kind, source=file, user=acting, apply=not dry_run, name=os.path.basename(file)
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(refused.problems)} ایراد؛ چیزی ذخیره نشد.") from refused
        verb = "بررسی شد (چیزی ذخیره نشد)" if dry_run else "وارد شد"
        self.stdout.write(
            f"{to_persian_digits(total)} ردیف {verb}: "
            + "، ".join(f"{label} {to_persian_digits(n)}" for label, n in count_rows(counts))
        )
