import pytest
from django.core.management import call_command

from prima.core.periodic import JOBS, PeriodicJob, run_jobs_once


@pytest.mark.django_db
def test_run_jobs_once_runs_every_registered_job_on_an_empty_database() -> None:
    outcomes = run_jobs_once()

    assert list(outcomes) == [job.name for job in JOBS]
    assert all(outcome.startswith("ok") for outcome in outcomes.values())


@pytest.mark.django_db
def test_run_jobs_once_keeps_going_after_a_failing_job() -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    outcomes = run_jobs_once([PeriodicJob("broken", broken), PeriodicJob("after", lambda: ran.append("after"))])

    assert outcomes == {"broken": "failed", "after": "ok (None)"}
    assert ran == ["after"]


@pytest.mark.django_db
def test_run_periodic_once_prints_each_job(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("run_periodic", "--once")

    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [job.name for job in JOBS]
