"""The server under test: a throwaway database, the environment it runs with, and gunicorn's lifecycle."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from bench.loadgen import Session

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
READY_PATH = "/_bench/bare/"
CONN_MAX_AGE = 600  # persistent database connections, as in production
_COMMAND_TIMEOUT = 600


class ServerError(Exception):
    """The server could not be prepared, did not start, or died."""


@dataclass(frozen=True)
class Database:
    """The database the benchmark uses; ``files`` are deleted afterwards (empty when DATABASE_URL is given)."""

    url: str
    vendor: str
    files: tuple[Path, ...] = ()

    def remove(self) -> None:
        for path in self.files:
            path.unlink(missing_ok=True)


def database_for_run(run_dir: Path, stamp: str) -> Database:
    """DATABASE_URL when set (nothing is created), else a fresh SQLite file under ``run_dir``."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return Database(url=url, vendor=url.split(":", 1)[0])
    path = run_dir / f"bench-{stamp}.sqlite3"
    files = tuple(Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal"))
    for existing in files:
        existing.unlink(missing_ok=True)
    return Database(url=f"sqlite:///{path}", vendor="sqlite", files=files)


def bench_environment(database: Database) -> dict[str, str]:
    """The environment for manage.py and gunicorn: production-like settings plus the benchmark views."""
    ignored = {"PRIMA_TESTING", "GUNICORN_CMD_ARGS"}  # both would change what is measured
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        DATABASE_URL=database.url,
        PRIMA_DB_CONN_MAX_AGE=str(CONN_MAX_AGE),
        PRIMA_BENCH_VIEWS="1",
        PRIMA_SECRET_KEY=secrets.token_urlsafe(50),
        PRIMA_DEBUG="0",
        PRIMA_ALLOWED_HOSTS=HOST,
        PRIMA_LOG_LEVEL=env.get("PRIMA_LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *command: str) -> None:
    """Run one manage.py command with the benchmark environment; ``ServerError`` with its output on failure."""
    try:
        completed = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=_COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ServerError(f"manage.py {' '.join(command)} took longer than {_COMMAND_TIMEOUT} s") from error
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()
        raise ServerError(f"manage.py {' '.join(command)} failed ({completed.returncode}):\n{output}")


def prepare(env: dict[str, str]) -> None:
    """Migrate the database and collect static files (pages with DEBUG off need the static manifest)."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class ServerConfig:
    """Like production (``manage.py run_prima``): two sync workers, which close the connection after each
    response, so the load generator reconnects per request. Every scenario runs on the same configuration."""

    workers: int = 2
    worker_class: str = "sync"
    threads: int = 1
    startup_timeout: float = 30.0
    stop_timeout: float = 15.0


@dataclass
class Server:
    """gunicorn serving ``config.wsgi:application`` on a free port of 127.0.0.1. Use as a context manager:
    entering starts it and waits until it answers; leaving always stops it (also on error or Ctrl-C)."""

    env: dict[str, str]
    log_path: Path
    config: ServerConfig = field(default_factory=ServerConfig)
    port: int = field(default=0, init=False)
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> Server:
        try:
            self.start()
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            *("--bind", f"{HOST}:{self.port}"),
            *("--workers", str(self.config.workers)),
            *("--worker-class", self.config.worker_class),
            *("--threads", str(self.config.threads)),
            *("--graceful-timeout", "5"),
            *("--log-level", "warning"),
            "--no-control-socket",  # gunicorn's default control socket path is shared by every instance
        ]

    def start(self) -> None:
        self.port = free_port()
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches only us; we stop gunicorn ourselves
            )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.config.startup_timeout
        while time.monotonic() < deadline:
            self.check_alive()
            status = asyncio.run(probe(HOST, self.port, READY_PATH))
            if status == 200:
                return
            if status is not None:
                raise ServerError(f"GET {READY_PATH} answered HTTP {status}; {self.log_hint()}")
            time.sleep(0.1)
        raise ServerError(f"gunicorn did not answer within {self.config.startup_timeout:g} s; {self.log_hint()}")

    def check_alive(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            raise ServerError(f"gunicorn exited with code {self._process.returncode}; {self.log_hint()}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=self.config.stop_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group of the session we started: master + workers
            process.wait()

    def log_hint(self) -> str:
        return f"server log:\n{tail(self.log_path)}"


async def probe(host: str, port: int, path: str) -> int | None:
    """The status of ``GET path``, or ``None`` while nothing answers."""
    session = Session(host, port, timeout=2.0)
    try:
        response = await session.get(path, check=False)
    except (OSError, asyncio.IncompleteReadError):  # TimeoutError and ConnectionError are OSErrors
        return None
    finally:
        await session.close()
    return response.status


def tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"
