"""The periodic runner's explicit list of jobs. Each job is a plain service function; the runner calls
them in order every interval. A job must be safe to run twice (idempotent) and quick; heavy work is
enqueued as tasks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from prima.improvement.detectors import detect_signals
from prima.improvement.services import escalate_overdue_actions, run_effectiveness_checks
from prima.notify.inbound.services import process_pending_inbound
from prima.notify.services import retry_due_emails
from prima.plans.reviews import schedule_reviews
from prima.retention.detection import scan_lost_customers
from prima.sla.services import scan_for_breaches
from prima.surveys.collection.services import send_campaign_reminders
from prima.tickets.services.journal import register_pending_submissions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: Callable[[], object]


def prune_finished_task_results(max_age: timedelta = timedelta(days=14)) -> int:
    """Delete finished background-task rows older than ``max_age`` so the queue table stays small."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - max_age
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


JOBS: list[PeriodicJob] = [
    PeriodicJob("prune_finished_task_results", prune_finished_task_results),
    PeriodicJob("retry_due_emails", retry_due_emails),
    PeriodicJob("process_pending_inbound", process_pending_inbound),
    PeriodicJob("register_pending_submissions", register_pending_submissions),
    PeriodicJob("scan_for_breaches", scan_for_breaches),
    PeriodicJob("send_campaign_reminders", send_campaign_reminders),
    PeriodicJob("escalate_overdue_actions", escalate_overdue_actions),
    PeriodicJob("run_effectiveness_checks", run_effectiveness_checks),
    PeriodicJob("detect_signals", detect_signals),
    PeriodicJob("scan_lost_customers", scan_lost_customers),
    PeriodicJob("schedule_reviews", schedule_reviews),
]


def run_jobs_once(jobs: list[PeriodicJob] | None = None) -> dict[str, str]:
    """Run each job once; a failing job is logged and does not stop the others."""
    outcomes: dict[str, str] = {}
    for job in jobs if jobs is not None else JOBS:
        try:
            result = job.function()
            outcomes[job.name] = f"ok ({result})"
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
            outcomes[job.name] = "failed"
        finally:
            # Like Django does between requests: a long-running runner must not keep a broken connection.
            # (Never inside a transaction, such as a test's: closing would abort it.)
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
    return outcomes
