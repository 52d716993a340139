"""Background tasks of the outbox. Thin and idempotent: they take ids and call the services."""

from django_tasks import task

from prima.notify.services import send_email


@task()
def send_email_task(email_id: int) -> bool:
    """Send outbox row ``email_id`` if it is still pending and due; running twice sends once."""
    return send_email(email_id)
