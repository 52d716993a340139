"""Background tasks of requests. Thin and idempotent: they take ids and call the services."""

from django_tasks import task

from prima.tickets.services.journal import register_received_submissions, register_submission


@task()
def register_submission_task(submission_id: int) -> bool:
    """Register journaled submission ``submission_id`` as a request; running twice registers once. Returns
    whether it is registered (False: it failed and waits for a retry). No longer enqueued per submission (see
    ``register_received_submissions_task``); kept so tasks already queued by an earlier release still run."""
    return register_submission(submission_id).is_registered


@task()
def register_received_submissions_task() -> int:
    """Register the journaled submissions still pending (enqueued by ``nudge_registration``, deferred to run
    after the submissions it covers). Idempotent; returns how many rows it tried."""
    return register_received_submissions()
