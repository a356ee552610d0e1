"""Running an import: limits → read → check (a full dry run, rolled back) → apply, all or nothing.

Every run ends in a final state: applied, ready, invalid (the file's problems) or failed (an
unexpected error, shown in Persian and retried from the page). A run whose worker died is
found by its heartbeat and marked failed when next read (`fail_stale_runs`, also the
`import_fail_stale` command and the start of every import task).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from hamahang.accounts.access import can_run_secretariat, is_liaison
from hamahang.core import clock
from hamahang.core.provenance import write_source
from hamahang.core.versioning import one_version_bump
from hamahang.imports.kinds import KINDS
from hamahang.imports.models import ImportRun
from hamahang.imports.reader import UnreadableFile, open_workbook, read_checked_sheets
from hamahang.imports.spec import Problem

log = logging.getLogger(__name__)

MAX_PROBLEMS_KEPT = 500
# A live run beats its heartbeat at least every 2,000 rows read and before it writes; a run
# silent for this long has lost its worker.
STALE_AFTER = dt.timedelta(minutes=30)
UNEXPECTED = (
    "ورود با خطای پیش‌بینی‌نشده‌ای متوقف شد و هیچ ردیفی ذخیره نشد ({detail}). "
    "می‌توانید دوباره بکوشید؛ اگر تکرار شد پرونده را برای پشتیبانی بفرستید."
)
INTERRUPTED = (
    "کار بررسی یا ورود این پرونده نیمه‌کاره قطع شد (کارگزار متوقف شد) و هیچ ردیفی ذخیره نشد؛ "
    "دوباره بکوشید."
)


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def may_import(user, kind: str) -> bool:
    if kind == "followups":
        return is_liaison(user) or can_run_secretariat(user)
    return can_run_secretariat(user)


def file_sha256(source) -> str:
    digest = hashlib.sha256()
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    position = source.tell()
    source.seek(0)
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
    source.seek(position)
    return digest.hexdigest()


def source_label(kind: str, name: str) -> str:
    """How the timeline and history name an imported change."""
    return f"ورود از اکسل «{name}» ({KINDS[kind].TITLE})"


def import_file(
    *, kind: str, source, user, apply: bool, on_progress=None, name: str = ""
) -> tuple[int, dict]:
    """Read and check `source` (a path or file); with `apply`, write it. Raises ImportRefused
    with every problem found and writes nothing if anything is wrong."""
    if kind not in KINDS:
        raise ValidationError(f"نوع ورود «{kind}» شناخته نیست.", code="unknown_kind")
    if not may_import(user, kind):
        raise ValidationError("شما اجازه این نوع ورود را ندارید.", code="not_allowed")
    module = KINDS[kind]
    try:
        workbook = open_workbook(source)
        try:
            rows, problems = read_checked_sheets(workbook, module.SHEETS, on_progress)
        finally:
            workbook.close()
    except UnreadableFile as error:
        raise ImportRefused([Problem("—", None, None, str(error))]) from error
    total = sum(len(sheet_rows) for sheet_rows in rows.values())
    if problems:
        raise ImportRefused(problems)
    name = name or os.path.basename(str(getattr(source, "name", source) or "")) or "—"
    if on_progress:
        on_progress(total)
    with transaction.atomic(), one_version_bump(), write_source(source_label(kind, name)):
        counts, problems = module.apply(rows, user)
        if problems:
            transaction.set_rollback(True)
            raise ImportRefused(problems)
        if not apply:
            transaction.set_rollback(True)
    return total, counts


def fail_stale_runs(*, now: dt.datetime | None = None, older_than: dt.timedelta = STALE_AFTER):
    """Runs left «در حال بررسی» / «در حال ورود» by a worker that died: failed, retryable."""
    cutoff = (now or clock.now()) - older_than
    stale = ImportRun.objects.filter(status__in=ImportRun.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    return stale.update(
        status=ImportRun.Status.FAILED,
        problems=[INTERRUPTED],
        progress=100,
        finished_at=now or clock.now(),
    )


def import_run_retry(*, run: ImportRun, user) -> ImportRun:
    """A failed run is checked again from the start (its file is kept)."""
    if not run.can_retry:
        raise ValidationError("فقط ورود ناموفق را می‌توان دوباره آزمود.", code="not_failed")
    if not may_import(user, run.kind):
        raise ValidationError("شما اجازه این نوع ورود را ندارید.", code="not_allowed")
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.FAILED).update(
        status=ImportRun.Status.UPLOADED,
        problems=[],
        counts={},
        progress=0,
        finished_at=None,
        heartbeat_at=clock.now(),
    )
    if not updated:
        raise ValidationError("این ورود هم‌اکنون دوباره در جریان است.", code="already_retried")
    run.refresh_from_db()
    return run


def import_run_execute(*, run: ImportRun, apply: bool) -> ImportRun:
    """Check (and with `apply`, write) an uploaded file, recording the outcome on the run.
    Whatever happens, the run ends in a final state."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.APPLYING if apply else ImportRun.Status.CHECKING,
        progress=5,
        heartbeat_at=clock.now(),
    )

    def progress(rows_read: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(
            progress=min(90, 5 + rows_read // 250), heartbeat_at=clock.now()
        )

    try:
        if not run.sha256:
            run.sha256 = file_sha256(run.file.path)
        total, counts = import_file(
            kind=run.kind,
            source=run.file.path,
            user=run.uploaded_by,
            apply=apply,
            on_progress=progress,
            name=run.original_name,
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
    except Exception as error:
        log.exception("import run %s failed", run.pk)
        detail = type(error).__name__
        if isinstance(error, DatabaseError):
            detail = "ناسازگاری با داده‌های موجود، مانند شناسه تکراری در استانی دیگر"
        run.status, run.problems = ImportRun.Status.FAILED, [UNEXPECTED.format(detail=detail)]
    else:
        run.status = ImportRun.Status.APPLIED if apply else ImportRun.Status.READY
        run.rows, run.counts, run.problems = total, counts, []
    run.progress, run.finished_at = 100, clock.now()
    run.save()
    return run
