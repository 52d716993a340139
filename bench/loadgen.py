"""A small HTTP/1.1 load generator on asyncio streams (standard library only).

A *session* is one virtual user: one keep-alive connection and a cookie jar. A *step* is one operation a
scenario repeats (one or more requests through its session, e.g. GET a form then POST it with the CSRF token).
``run_load`` drives N sessions concurrently: an optional per-session setup, a warm-up whose figures are
thrown away, then the measured phase. Every phase is bounded both in time and in operation count.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias
from urllib.parse import urlencode

DEFAULT_CONNECTIONS = 16
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_OPERATIONS = 1_000_000
_HEADER_LIMIT = 64 * 1024
_CSRF_INPUT = re.compile(r"""name=["']csrfmiddlewaretoken["']\s+value=["']([^"']+)["']""")


class HttpError(Exception):
    """A response whose status is not 2xx/3xx; the operation that got it counts as an error."""

    def __init__(self, method: str, path: str, status: int) -> None:
        super().__init__(f"{method} {path} -> HTTP {status}")
        self.status = status


class ProtocolError(Exception):
    """The server's answer is not what the client expected: malformed HTTP, or a page without the expected
    content (no CSRF token, a failed login...). Scenarios raise it to mark an operation as failed."""


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: list[tuple[str, str]]  # names lower-cased, in the order received
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)

    def header_list(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key == name]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


Step: TypeAlias = Callable[["Session"], Awaitable[None]]


def find_csrf_token(html: str) -> str:
    """The token from a rendered Django form (``{% csrf_token %}``); ``ProtocolError`` if the page has none."""
    match = _CSRF_INPUT.search(html)
    if match is None:
        raise ProtocolError("no csrfmiddlewaretoken input in the page")
    return match.group(1)


class Session:
    """One virtual user: a keep-alive connection to ``host:port`` (reopened when the server closes it) and
    the cookies the server set. Non-2xx/3xx responses raise ``HttpError`` unless ``check=False``."""

    def __init__(self, host: str, port: int, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.requests = 0
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, *, headers: Mapping[str, str] | None = None, check: bool = True) -> Response:
        return await self.request("GET", path, headers=headers, check=check)

    async def post(
        self,
        path: str,
        form: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        check: bool = True,
    ) -> Response:
        body = urlencode(form or {}).encode()
        extra = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return await self.request("POST", path, body=body, headers=extra, check=check)

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        check: bool = True,
    ) -> Response:
        payload = self._encode_request(method, path, body, headers or {})
        async with asyncio.timeout(self.timeout):
            response = await self._exchange(payload, method)
        self.requests += 1
        self._store_cookies(response)
        if check and not response.ok:
            raise HttpError(method, path, response.status)
        return response

    async def close(self) -> None:
        writer = self._writer
        self._drop()
        if writer is not None:
            with contextlib.suppress(OSError):  # ConnectionError is an OSError
                await writer.wait_closed()

    def _drop(self) -> None:
        """Forget the connection without waiting (safe while being cancelled); the next request reconnects."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    def _encode_request(self, method: str, path: str, body: bytes, headers: Mapping[str, str]) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "User-Agent: prima-bench"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body or method not in {"GET", "HEAD"}:
            lines.append(f"Content-Length: {len(body)}")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def _exchange(self, payload: bytes, method: str) -> Response:
        """Send one request and read its response, retrying once on a fresh connection when a reused
        keep-alive connection turns out to be closed before any byte of the response arrived."""
        reused = self._writer is not None
        try:
            return await self._send_and_read(payload, method)
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            nothing_read = not isinstance(error, asyncio.IncompleteReadError) or not error.partial
            if not (reused and nothing_read):
                raise
        return await self._send_and_read(payload, method)

    async def _send_and_read(self, payload: bytes, method: str) -> Response:
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port, limit=_HEADER_LIMIT)
        try:
            self._writer.write(payload)
            await self._writer.drain()
            response, keep_alive = await read_response(self._reader, method)
        except BaseException:
            self._drop()  # the connection is in an unknown state: failed, timed out or cancelled
            raise
        if not keep_alive:
            self._drop()
        return response

    def _store_cookies(self, response: Response) -> None:
        for cookie in response.header_list("set-cookie"):
            name, value, expired = parse_set_cookie(cookie)
            if expired:
                self.cookies.pop(name, None)
            elif name:
                self.cookies[name] = value


def parse_set_cookie(header: str) -> tuple[str, str, bool]:
    """``(name, value, expired)`` from one Set-Cookie header; ``Max-Age=0`` (Django's delete) means expired."""
    pair, *attributes = header.split(";")
    name, _, value = pair.partition("=")
    expired = False
    for attribute in attributes:
        key, _, attribute_value = attribute.partition("=")
        if key.strip().lower() == "max-age":
            with contextlib.suppress(ValueError):
                expired = int(attribute_value) <= 0
    return name.strip(), value.strip().strip('"'), expired


async def read_response(reader: asyncio.StreamReader, method: str) -> tuple[Response, bool]:
    """Read one response; returns it and whether the connection may be reused."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
    version, status, reason = _parse_status_line(status_line)
    headers = [_parse_header_line(line) for line in header_lines if line]
    lookup = {name: value for name, value in headers}
    connection = lookup.get("connection", "").lower()
    keep_alive = version == "HTTP/1.1" and "close" not in connection
    if method == "HEAD" or status in {204, 304} or 100 <= status < 200:
        body = b""
    elif "chunked" in lookup.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    elif "content-length" in lookup:
        body = await reader.readexactly(int(lookup["content-length"]))
    else:
        body, keep_alive = await reader.read(), False
    return Response(status=status, reason=reason, headers=headers, body=body), keep_alive


def _parse_status_line(line: str) -> tuple[str, int, str]:
    version, _, rest = line.partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise ProtocolError(f"bad status line {line!r}")
    return version, int(code), reason


def _parse_header_line(line: str) -> tuple[str, str]:
    name, separator, value = line.partition(":")
    if not separator:
        raise ProtocolError(f"bad header line {line!r}")
    return name.strip().lower(), value.strip()


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":  # skip trailers
                pass
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


# --- Measuring --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile {pct} is outside 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class LoadResult:
    """What the measured phase saw. ``operations`` counts successful steps; failed ones are in ``errors``."""

    operations: int = 0
    requests: int = 0
    errors: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0  # CPU seconds the load generator itself used while measuring
    latencies: list[float] = field(default_factory=list)  # seconds, one per successful operation
    error_kinds: Counter[str] = field(default_factory=Counter)

    def record_success(self, latency: float) -> None:
        self.operations += 1
        self.latencies.append(latency)

    def record_error(self, error: BaseException) -> None:
        self.errors += 1
        self.error_kinds[describe_error(error)] += 1

    @property
    def operations_per_second(self) -> float:
        return self.operations / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0

    def latency_ms(self, pct: float) -> float | None:
        return percentile(self.latencies, pct) * 1000 if self.latencies else None


def describe_error(error: BaseException) -> str:
    if isinstance(error, HttpError):
        return f"HTTP {error.status}"
    if isinstance(error, TimeoutError):
        return "timeout"
    return type(error).__name__


@dataclass(frozen=True)
class LoadConfig:
    host: str = "127.0.0.1"
    port: int = 80
    connections: int = DEFAULT_CONNECTIONS
    duration: float = 5.0  # seconds of measurement
    warmup: float = 1.0  # seconds of unmeasured load before it
    max_operations: int = DEFAULT_MAX_OPERATIONS  # per phase, across all sessions
    timeout: float = DEFAULT_TIMEOUT  # per operation


class _Phase:
    """Shared bounds for one phase: workers stop at the deadline or when the operation budget is spent."""

    def __init__(self, duration: float, max_operations: int) -> None:
        self.deadline = time.perf_counter() + duration
        self.remaining = max_operations

    def take(self) -> bool:
        if self.remaining <= 0 or time.perf_counter() >= self.deadline:
            return False
        self.remaining -= 1
        return True


async def run_load(step: Step, config: LoadConfig, *, setup: Step | None = None) -> LoadResult:
    """Run ``step`` repeatedly on ``config.connections`` sessions and measure it after a warm-up.

    Returns at the latest about ``setup timeout + warmup + duration + 2 * timeout`` after it starts."""
    sessions = [Session(config.host, config.port, timeout=config.timeout) for _ in range(config.connections)]
    result = LoadResult()
    try:
        ready = await _set_up(sessions, setup, config, result)
        if config.warmup > 0:
            await _run_phase(ready, step, config, config.warmup, LoadResult())
        result.requests -= sum(session.requests for session in ready)
        started, cpu_started = time.perf_counter(), time.process_time()
        await _run_phase(ready, step, config, config.duration, result)
        result.elapsed = time.perf_counter() - started
        result.client_cpu = time.process_time() - cpu_started
        result.requests += sum(session.requests for session in ready)
    finally:
        await asyncio.gather(*(session.close() for session in sessions), return_exceptions=True)
    return result


async def _set_up(sessions: list[Session], setup: Step | None, config: LoadConfig, result: LoadResult) -> list[Session]:
    """Run the per-session setup; a session whose setup fails is left out and counted as an error."""
    if setup is None:
        return sessions
    outcomes = await asyncio.gather(
        *(asyncio.wait_for(setup(session), config.timeout) for session in sessions), return_exceptions=True
    )
    ready = []
    for session, outcome in zip(sessions, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            result.record_error(outcome)
        else:
            ready.append(session)
    return ready


async def _run_phase(
    sessions: list[Session], step: Step, config: LoadConfig, duration: float, result: LoadResult
) -> None:
    phase = _Phase(duration, config.max_operations)
    workers = [asyncio.create_task(_worker(session, step, phase, config.timeout, result)) for session in sessions]
    try:
        # Each worker stops by itself; this bound only guards against a bug in that logic.
        await asyncio.wait(workers, timeout=duration + 2 * config.timeout + 1)
    finally:  # also when we are cancelled (Ctrl-C): no worker outlives its phase
        for task in workers:
            task.cancel()
        outcomes = await asyncio.gather(*workers, return_exceptions=True)
    failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    if failures:
        raise failures[0]  # a bug in the worker loop, not a failed request


async def _worker(session: Session, step: Step, phase: _Phase, timeout: float, result: LoadResult) -> None:
    while phase.take():
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                await step(session)
        except Exception as error:  # every failure of a step is a measured error, not a crash
            await session.close()
            result.record_error(error)
        else:
            result.record_success(time.perf_counter() - started)
