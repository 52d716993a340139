"""Background tasks of requests. Thin and idempotent: they take ids and call the services."""

from django_tasks import task

from prima.tickets.services.journal import register_submission


@task()
def register_submission_task(submission_id: int) -> bool:
    """Register journaled submission ``submission_id`` as a request; running twice registers once. Returns
    whether it is registered (False: it failed and waits for a retry)."""
    return register_submission(submission_id).is_registered
