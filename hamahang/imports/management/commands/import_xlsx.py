import os

from django.core.management.base import BaseCommand, CommandError

from hamahang.accounts.models import User
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
        verb = "checked (nothing written)" if dry_run else "imported"
        self.stdout.write(
            f"{total} rows {verb}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        )
