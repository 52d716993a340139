"""The benchmark harness: its baseline views, and its load generator driven against a tiny local HTTP server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from bench.loadgen import (
    HttpError,
    LoadConfig,
    LoadResult,
    ProtocolError,
    Session,
    find_csrf_token,
    parse_set_cookie,
    percentile,
    run_load,
)
from bench.report import summarise
from bench.scenarios import BASELINES, Scenario, Target, discover
from prima.core import bench_views
from prima.core.models import BenchRow

T = TypeVar("T")
HOST = "127.0.0.1"


# --- Baseline views ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_bare_view_answers_without_the_database(method: str) -> None:
    # No django_db mark: any query would fail this test.
    response = bench_views.bare(getattr(RequestFactory(), method)("/_bench/bare/"))
    assert isinstance(response, HttpResponse)
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_insert_view_inserts_exactly_one_row(method: str) -> None:
    request = getattr(RequestFactory(), method)("/_bench/insert/", {"payload": "x" * 100})
    response = bench_views.insert(request)
    assert response.status_code == 200
    row = BenchRow.objects.get()
    assert isinstance(response, HttpResponse)
    assert response.content == str(row.pk).encode()
    assert row.payload == "x" * 64


@pytest.mark.django_db
def test_bench_views_refuse_other_methods_and_skip_csrf() -> None:
    for view in (bench_views.bare, bench_views.insert):
        assert view(RequestFactory().put("/_bench/")).status_code == 405
        assert getattr(view, "csrf_exempt", False) is True
    assert not BenchRow.objects.exists()


def test_bench_urls_route_both_baselines() -> None:
    assert resolve("/bare/", urlconf="prima.core.bench_urls").func is bench_views.bare
    assert resolve("/insert/", urlconf="prima.core.bench_urls").func is bench_views.insert


# --- A tiny HTTP/1.1 server for the load generator -------------------------------------------------------


class TinyServer:
    """Keep-alive HTTP/1.1 on 127.0.0.1. Paths: /ok, /fail (500), /slow (sleeps 30 s), /close (200 and
    Connection: close), /bye (200, then closes without saying so, like an expired keep-alive), /chunked,
    /cookie (sets two cookies), /forget (deletes one), /echo (body: method, Cookie header, request body)."""

    def __init__(self) -> None:
        self.requests = 0
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> TinyServer:
        self._server = await asyncio.start_server(self._serve, HOST, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while await self._answer(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        method, path, _ = head.split("\r\n", 1)[0].split(" ")
        headers = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in head.split("\r\n")[1:] if line)
        )
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.requests += 1
        status, extra, content = 200, [], b"hello"
        if path == "/fail":
            status = 500
        elif path == "/slow":
            await asyncio.sleep(30)
        elif path == "/close":
            extra = ["Connection: close"]
        elif path == "/cookie":
            extra = ["Set-Cookie: sessionid=abc; Path=/; HttpOnly", "Set-Cookie: csrftoken=tok; Path=/"]
        elif path == "/forget":
            extra = ['Set-Cookie: sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']
        elif path == "/chunked":
            extra, content = ["Transfer-Encoding: chunked"], b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        elif path == "/echo":
            content = f"{method}|{headers.get('cookie', '')}|".encode() + body
        length = [] if path == "/chunked" else [f"Content-Length: {len(content)}"]
        lines = [f"HTTP/1.1 {status} X", *length, *extra]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + content)
        await writer.drain()
        return "Connection: close" not in extra and path != "/bye"


def run(make: Callable[[TinyServer], Awaitable[T]], limit: float = 2.5) -> T:
    """Run ``make(server)`` on a fresh event loop with a TinyServer, failing the test after ``limit`` s."""

    async def main() -> T:
        async with TinyServer() as server:
            return await asyncio.wait_for(make(server), limit)

    return asyncio.run(main())


def get(path: str) -> Callable[[Session], Awaitable[None]]:
    async def step(session: Session) -> None:
        await session.get(path)

    return step


def config(server: TinyServer, **overrides: float) -> LoadConfig:
    values: dict = {"host": HOST, "port": server.port, "connections": 4, "duration": 2.0, "warmup": 0.0}
    return LoadConfig(**{**values, **overrides})


# --- Load generator -----------------------------------------------------------------------------------


def test_percentile_interpolates_between_closest_ranks() -> None:
    values = [50.0, 15.0, 40.0, 20.0, 35.0]
    assert percentile(values, 0) == 15.0
    assert percentile(values, 50) == 35.0
    assert percentile(values, 100) == 50.0
    assert percentile(values, 40) == pytest.approx(29.0)  # rank 1.6: 20 + 0.6 x (35 - 20)
    assert percentile(values, 95) == pytest.approx(48.0)  # rank 3.8: 40 + 0.8 x (50 - 40)
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_counts_every_request_up_to_the_operation_bound() -> None:
    async def scenario(server: TinyServer) -> tuple[LoadResult, int]:
        result = await run_load(get("/ok"), config(server, max_operations=200))
        return result, server.requests

    result, served = run(scenario)
    assert (result.operations, result.requests, result.errors, served) == (200, 200, 0, 200)
    assert len(result.latencies) == 200
    assert result.operations_per_second == pytest.approx(200 / result.elapsed)
    p50, p99 = result.latency_ms(50), result.latency_ms(99)
    assert p50 is not None and p99 is not None and 0 < p50 <= p99


def test_keeps_connections_alive_and_leaves_the_warm_up_out() -> None:
    async def scenario(server: TinyServer) -> tuple[LoadResult, int, int]:
        result = await run_load(get("/ok"), config(server, warmup=1.0, max_operations=40))
        return result, server.requests, server.connections

    result, served, connections = run(scenario)
    assert (result.operations, result.requests, served) == (40, 40, 80)
    assert connections == 4  # one per session, reused through warm-up and measurement


def test_reconnects_when_the_server_closes_the_connection() -> None:
    async def scenario(server: TinyServer) -> tuple[LoadResult, int]:
        result = await run_load(get("/close"), config(server, max_operations=20))
        return result, server.connections

    result, connections = run(scenario)
    assert (result.operations, result.errors, connections) == (20, 0, 20)


def test_reports_server_errors() -> None:
    result = run(lambda server: run_load(get("/fail"), config(server, max_operations=30)))
    assert (result.operations, result.requests, result.errors) == (0, 30, 30)
    assert result.error_kinds == {"HTTP 500": 30}
    assert result.latency_ms(50) is None


def test_reports_connection_errors() -> None:
    async def scenario(server: TinyServer) -> LoadResult:
        await server.__aexit__()  # nothing listens on the port any more
        await asyncio.sleep(0.05)
        return await run_load(get("/ok"), config(server, max_operations=10))

    result = run(scenario)
    assert (result.operations, result.errors) == (0, 10)
    assert result.error_kinds == {"ConnectionRefusedError": 10}


def test_stops_at_its_deadline() -> None:
    started = time.perf_counter()
    result = run(lambda server: run_load(get("/ok"), config(server, duration=0.4)))
    assert time.perf_counter() - started < 1.5
    assert 0.4 <= result.elapsed < 1.0
    assert result.operations > 0 and result.errors == 0


def test_a_hanging_server_costs_at_most_the_timeout() -> None:
    started = time.perf_counter()
    result = run(lambda server: run_load(get("/slow"), config(server, duration=0.2, timeout=0.5)))
    assert time.perf_counter() - started < 1.5
    assert result.operations == 0
    assert result.error_kinds == {"timeout": 4}


def test_session_posts_forms_and_keeps_cookies() -> None:
    async def scenario(server: TinyServer) -> list[str]:
        session = Session(HOST, server.port)
        try:
            await session.get("/cookie")
            echoed = [(await session.post("/echo", {"name": "Siti R", "kota": "Bandung"})).text]
            await session.get("/forget")
            echoed.append((await session.get("/echo")).text)
            with pytest.raises(HttpError):
                await session.get("/fail")
            echoed.append(str((await session.get("/fail", check=False)).status))
        finally:
            await session.close()
        return echoed

    assert run(scenario) == ["POST|sessionid=abc; csrftoken=tok|name=Siti+R&kota=Bandung", "GET|csrftoken=tok|", "500"]


def test_session_retries_once_when_a_kept_alive_connection_was_closed() -> None:
    async def scenario(server: TinyServer) -> tuple[list[str], int, int]:
        session = Session(HOST, server.port)
        try:
            texts = [(await session.get(path)).text for path in ("/bye", "/ok", "/chunked")]
        finally:
            await session.close()
        return texts, session.requests, server.connections

    assert run(scenario) == (["hello", "hello", "hello world"], 3, 2)


def test_cookie_and_csrf_helpers() -> None:
    assert parse_set_cookie("csrftoken=abc; expires=Wed, 25 Nov 2027 07:00:00 GMT; Max-Age=31449600") == (
        "csrftoken",
        "abc",
        False,
    )
    assert parse_set_cookie('sessionid=""; Max-Age=0; Path=/') == ("sessionid", "", True)
    page = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t0k3n"></form>'
    assert find_csrf_token(page) == "t0k3n"
    with pytest.raises(ProtocolError):
        find_csrf_token("<form></form>")


# --- Registry and report ------------------------------------------------------------------------------


def test_registry_lists_the_baselines_first() -> None:
    names = [item.name for item in discover()]
    assert tuple(names[:2]) == BASELINES


def test_summary_compares_with_the_baselines_and_checks_the_target() -> None:
    result = LoadResult(operations=300, requests=600, elapsed=1.0, latencies=[0.01, 0.02, 0.03])
    feature = Scenario(name="feature", step=get("/"), target=Target("insert", 0.33))
    summary = summarise(feature, result, {"bare": 1200.0, "insert": 600.0})
    assert (summary.ops_per_s, summary.requests_per_s, summary.p50_ms) == (300.0, 600.0, 20.0)
    assert (summary.vs_bare, summary.vs_insert, summary.target_met) == (0.25, 0.5, True)
    missed = summarise(feature, result, {"bare": 1200.0, "insert": 1000.0})
    assert (missed.vs_insert, missed.target_met) == (0.3, False)
