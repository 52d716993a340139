"""The job queue is real: a task enqueued on the database backend is run by `db_worker`, and on the
Redis backend by an RQ worker. Tests elsewhere run tasks immediately; these prove the deployed paths."""

import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus

from prima.activity.models import ActivityLog
from prima.core.tests.queue_tasks import record_ping

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TEST_QUEUE = "prima-test"  # declared in settings.RQ_QUEUES when testing


@pytest.mark.django_db(transaction=True)
def test_database_queue_runs_task_in_worker() -> None:
    # django_tasks drops its cached backends on setting_changed, so the override takes effect.
    with override_settings(TASKS=DATABASE_TASKS):
        result = record_ping.enqueue("db-queue")
        assert result.status == TaskResultStatus.READY
        assert ActivityLog.objects.filter(action="core.queue.ping").count() == 0

        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == "db-queue"
        assert list(ActivityLog.objects.filter(action="core.queue.ping").values_list("data", flat=True)) == [
            {"note": "db-queue"}
        ]


@pytest.mark.django_db(transaction=True)
def test_redis_queue_runs_task_in_rq_worker() -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    rq_tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [TEST_QUEUE]}}
    with override_settings(TASKS=rq_tasks):
        queue = django_rq.get_queue(TEST_QUEUE, job_class=Job)
        queue.empty()
        note = f"redis-{uuid.uuid4().hex[:8]}"
        result = record_ping.using(queue_name=TEST_QUEUE).enqueue(note)
        assert result.status == TaskResultStatus.READY

        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == note
        assert ActivityLog.objects.filter(action="core.queue.ping", data__note=note).count() == 1
