from django_tasks import task

from hamahang.imports.models import ImportRun
from hamahang.imports.services import fail_stale_runs, import_run_execute


@task()
def run_import(run_id: int, apply: bool) -> str:
    """Large files leave the request: the page polls the run's progress. A worker starting a
    run first marks runs a dead worker left behind as failed."""
    fail_stale_runs()
    run = import_run_execute(run=ImportRun.objects.get(pk=run_id), apply=apply)
    return run.status
