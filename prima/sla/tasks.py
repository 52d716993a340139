"""Background tasks of the SLA app. Thin and idempotent: they take ids and call the services."""

from django_tasks import task

from prima.notify.services import send_email


@task()
def send_breach_emails_task(email_ids: list[int]) -> int:
    """Send the outbox rows a breach-scan batch queued, one after the other (each is sent at most once, see
    ``send_email``). Returns how many this run sent."""
    return sum(send_email(email_id) for email_id in email_ids)
