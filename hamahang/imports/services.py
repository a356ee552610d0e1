"""Running an import: read → check (a full dry run, rolled back) → apply, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.access import can_run_secretariat, is_liaison
from hamahang.core import clock
from hamahang.core.versioning import one_version_bump
from hamahang.imports.kinds import KINDS
from hamahang.imports.models import ImportRun
from hamahang.imports.reader import UnreadableFile, open_workbook, read_sheets
from hamahang.imports.spec import Problem

MAX_PROBLEMS_KEPT = 500


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def may_import(user, kind: str) -> bool:
    if kind == "followups":
        return is_liaison(user) or can_run_secretariat(user)
    return can_run_secretariat(user)


def import_file(*, kind: str, source, user, apply: bool, on_progress=None) -> tuple[int, dict]:
    """Read and check `source` (a path or file); with `apply`, write it. Raises ImportRefused
    with every problem found and writes nothing if anything is wrong."""
    if kind not in KINDS:
        raise ValidationError(f"نوع ورود «{kind}» شناخته نیست.", code="unknown_kind")
    if not may_import(user, kind):
        raise ValidationError("شما اجازه این نوع ورود را ندارید.", code="not_allowed")
    module = KINDS[kind]
    try:
        workbook = open_workbook(source)
    except UnreadableFile as error:
        raise ImportRefused([Problem("—", None, None, str(error))]) from error
    try:
        rows, problems = read_sheets(workbook, module.SHEETS, on_progress)
    finally:
        workbook.close()
    total = sum(len(sheet_rows) for sheet_rows in rows.values())
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic(), one_version_bump():
        counts, problems = module.apply(rows, user)
        if problems:
            transaction.set_rollback(True)
            raise ImportRefused(problems)
        if not apply:
            transaction.set_rollback(True)
    return total, counts


def import_run_execute(*, run: ImportRun, apply: bool) -> ImportRun:
    """Check (and with `apply`, write) an uploaded file, recording the outcome on the run."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.APPLYING if apply else ImportRun.Status.CHECKING, progress=5
    )

    def progress(rows_read: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(progress=min(90, 5 + rows_read // 250))

    try:
        total, counts = import_file(
            kind=run.kind,
            source=run.file.path,
            user=run.uploaded_by,
            apply=apply,
            on_progress=progress,
        )
    except ImportRefused as refused:
        run.status, run.problems = (
            ImportRun.Status.INVALID,
            [str(p) for p in refused.problems[:MAX_PROBLEMS_KEPT]],
        )
        if len(refused.problems) > MAX_PROBLEMS_KEPT:
            run.problems.append(f"و {len(refused.problems) - MAX_PROBLEMS_KEPT} ایراد دیگر.")
        run.counts = {"problems": len(refused.problems)}
    except ValidationError as error:
        run.status, run.problems = ImportRun.Status.FAILED, error.messages
    else:
        run.status = ImportRun.Status.APPLIED if apply else ImportRun.Status.READY
        run.rows, run.counts, run.problems = total, counts, []
    run.progress, run.finished_at = 100, clock.now()
    run.save()
    return run
