"""The delivery task (django-tasks; the database is the queue)."""

from django_tasks import task

from hamahang.notices.delivery import deliver_due


@task()
def deliver_notices() -> dict:
    """Send the due notices; when some must be retried later, come back then."""
    run = deliver_due()
    if run.retry_at is not None:
        deferred = deliver_notices.using(run_after=run.retry_at)
        if deferred.get_backend().supports_defer:
            deferred.enqueue()
    return run.as_dict()
