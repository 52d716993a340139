"""A task used only by the queue tests: it records its argument so the test can see it ran in a worker."""

from django_tasks import task

from prima.activity.services import log_action


@task()
def record_ping(note: str) -> str:
    log_action("core.queue.ping", actor=None, data={"note": note})
    return note
