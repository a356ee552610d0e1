"""The delivery task (django-tasks; the database is the queue)."""

from django_tasks import task

from hamahang.notices.delivery import deliver_due


@task()
def deliver_notices() -> dict:
    """Send the due notices; when some must be retried later, come back then (on a backend that
    can defer a task; otherwise cron's `manage.py deliver_notices` picks them up)."""
    run = deliver_due()
    if run.retry_at is not None and deliver_notices.get_backend().supports_defer:
        deliver_notices.using(run_after=run.retry_at).enqueue()
    return run.as_dict()
