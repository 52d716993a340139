"""Start everything Prima needs on one machine: web server, task worker and periodic runner.

Stops all three when any one exits or on Ctrl-C, so nothing is left running in the background.
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server, the task worker and the periodic runner together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ],
            "worker": [python, manage, "db_worker", "--interval", "1"],
            "periodic": [python, manage, "run_periodic"],
        }
        if str(settings.TASKS["default"]["BACKEND"]).endswith("RQBackend"):
            commands["worker"] = [python, manage, "rqworker", "default", "--job-class", "django_tasks_rq.backend.Job"]
        processes = {
            name: subprocess.Popen(command, cwd=settings.BASE_DIR, env=os.environ.copy())  # noqa: S603
            for name, command in commands.items()
        }
        self.stdout.write(self.style.SUCCESS(f"Prima is running at http://{options['bind']}/ (Ctrl-C stops it)"))
        try:
            while all(process.poll() is None for process in processes.values()):
                time.sleep(0.5)
            stopped = [name for name, process in processes.items() if process.poll() is not None]
            self.stderr.write(f"Stopped unexpectedly: {', '.join(stopped)}; shutting down the rest.")
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
