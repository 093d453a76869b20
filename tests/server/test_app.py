"""The application around the routes (:mod:`balkan_kg.server.app`): ``/health``, CORS,
the access log, the answer to a bug, and worker slots (:mod:`balkan_kg.server.slots`)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import time

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from balkan_kg.server.app import access_log, internal_error
from balkan_kg.server.protocol import RequestError
from balkan_kg.server.slots import Slots
from serving import CLIENT_TIMEOUT, BalkanServer

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def wait_for_log(server: BalkanServer, pattern: str) -> re.Match[str]:
    """The first log line matching ``pattern``, waiting up to a hang guard for it."""
    deadline = time.monotonic() + 20
    while True:
        found = re.search(pattern, server.log_text(), re.MULTILINE)
        if found or time.monotonic() > deadline:
            assert found, f"no log line matches {pattern!r}:\n{server.log_text()[-2000:]}"
            return found
        time.sleep(0.05)


# --- /health ---------------------------------------------------------------------------


def test_health_says_ok_with_the_triple_counts(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    total = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()[
        "results"
    ]["bindings"][0]["n"]["value"]
    asserted = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "inference": "false"},
    ).json()["results"]["bindings"][0]["n"]["value"]
    assert body["triples"] == {"reasoned": int(total), "asserted": int(asserted)}
    assert body["queries"]["running"] == 0
    assert response.headers["cache-control"] == "no-store"
    assert client.head("/health").status_code == 200


def test_health_counts_running_queries(proxied_server: BalkanServer) -> None:
    with proxied_server.client() as http, concurrent.futures.ThreadPoolExecutor(1) as pool:
        running = pool.submit(http.get, "/sparql", params={"query": CROSS_JOIN, "timeout": "2"})
        deadline = time.monotonic() + CLIENT_TIMEOUT
        while http.get("/health").json()["queries"]["running"] == 0:
            assert time.monotonic() < deadline and not running.done()
            time.sleep(0.02)
        assert running.result().status_code == 503
        assert http.get("/health").json()["queries"]["running"] == 0


# --- CORS ------------------------------------------------------------------------------


def test_cors_allows_any_origin_without_credentials(client: httpx.Client) -> None:
    response = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://elsewhere.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers


def test_cors_preflight_for_a_post(client: httpx.Client) -> None:
    response = client.options(
        "/sparql",
        headers={
            "origin": "https://elsewhere.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_cors_for_one_configured_origin(proxied_server: BalkanServer) -> None:
    with proxied_server.client() as http:
        allowed = http.get("/health", headers={"origin": "https://allowed.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://allowed.example"
        other = http.get("/health", headers={"origin": "https://other.example"})
        assert "access-control-allow-origin" not in other.headers


# --- the access log ----------------------------------------------------------------------


def test_one_access_log_line_per_request_with_status_and_time(
    client: httpx.Client, server: BalkanServer
) -> None:
    client.get("/sparql", params={"query": "ASK {}", "marker": "log-ok-7f3a"})
    client.get("/sparql", params={"query": "ASK {", "marker": "log-bad-7f3a"})
    ok = wait_for_log(
        server, r"^.* GET /sparql\?query=ASK\+%7B%7D&marker=log-ok-7f3a 200 \d+ [\d.]+ ms$"
    )
    bad = wait_for_log(server, r"^.* GET /sparql\?\S*marker=log-bad-7f3a 400 \d+ [\d.]+ ms$")
    assert ok and bad
    assert len(re.findall("log-ok-7f3a", server.log_text())) == 1


def test_the_log_cannot_be_given_line_breaks(client: httpx.Client, server: BalkanServer) -> None:
    client.get("/sparql%0Afake-line-4c2e")
    found = wait_for_log(server, r"^.*GET /sparql(\S*)fake-line-4c2e 404 .*$")
    assert "%0A" in found.group(1) or "%0a" in found.group(1)
    assert not re.search(r"^fake-line-4c2e", server.log_text(), re.MULTILINE)


def test_uvicorn_access_log_is_off(client: httpx.Client, server: BalkanServer) -> None:
    client.get("/health", params={"marker": "once-91bd"})
    wait_for_log(server, r"once-91bd")
    assert server.log_text().count("once-91bd") == 1


# --- a bug is logged and answered 503, never a bare 500 ---------------------------------


def test_a_bug_is_answered_503_and_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(request: Request) -> Response:
        raise ZeroDivisionError("a bug in a route")

    app = Starlette(
        routes=[Route("/broken", broken)],
        middleware=[Middleware(access_log)],
        exception_handlers={Exception: internal_error},
    )

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.get("/broken")

    with caplog.at_level(logging.INFO, logger="balkan_kg.server"):
        response = asyncio.run(call())
    assert response.status_code == 503
    assert "internal error" in response.text and "logged" in response.text
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info and errors[0].exc_info[0] is ZeroDivisionError
    assert any(" GET /broken 503 " in r.getMessage() for r in caplog.records)


def test_an_unknown_path_is_404(client: httpx.Client) -> None:
    assert client.get("/no/such/page").status_code == 404


# --- slots: how many queries run at once -------------------------------------------------


def test_slots_let_size_holders_in_and_the_next_wait_its_turn() -> None:
    async def scenario() -> list[str]:
        slots = Slots(2, wait=5)
        order: list[str] = []
        release = asyncio.Event()

        async def hold(name: str) -> None:
            async with slots.hold():
                order.append(f"in {name}")
                await release.wait()
            order.append(f"out {name}")

        first = [asyncio.create_task(hold(n)) for n in ("a", "b")]
        await asyncio.sleep(0)
        third = asyncio.create_task(hold("c"))
        await asyncio.sleep(0.01)
        assert slots.busy == 2 and slots.waiting == 1
        release.set()
        await asyncio.gather(*first, third)
        assert slots.busy == 0 and slots.waiting == 0
        return order

    order = asyncio.run(scenario())
    assert order[:2] == ["in a", "in b"]
    assert order.index("in c") > order.index("out a")


def test_a_query_that_waits_too_long_for_a_slot_gets_503() -> None:
    async def scenario() -> RequestError:
        slots = Slots(1, wait=0.05)
        async with slots.hold():
            with pytest.raises(RequestError) as caught:
                async with slots.hold():
                    pass
        assert slots.busy == 0
        async with slots.hold():  # the slot came back
            assert slots.busy == 1
        return caught.value

    error = asyncio.run(scenario())
    assert error.status == 503
    assert "Retry-After" in error.headers


def test_a_cancelled_waiter_gives_up_its_place() -> None:
    async def scenario() -> None:
        slots = Slots(1, wait=5)
        async with slots.hold():
            waiter = asyncio.create_task(slots.hold().__aenter__())
            await asyncio.sleep(0.01)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
        assert slots.busy == 0 and slots.waiting == 0

    asyncio.run(scenario())


def test_a_busy_server_answers_503_with_retry_after(proxied_server: BalkanServer) -> None:
    """Two workers, both held by runaways: a third query waits half a second, then 503."""
    with proxied_server.client() as http, concurrent.futures.ThreadPoolExecutor(2) as pool:
        runaways = [
            pool.submit(http.get, "/sparql", params={"query": CROSS_JOIN, "timeout": "3"})
            for _ in range(2)
        ]
        deadline = time.monotonic() + CLIENT_TIMEOUT
        while http.get("/health").json()["queries"]["running"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        waiting = http.get("/sparql", params={"query": "ASK {}"})
        assert waiting.status_code == 503
        assert "busy" in waiting.text
        assert int(waiting.headers["retry-after"]) >= 1
        assert http.get("/health").status_code == 200  # health never waits for a worker
        assert [r.result().status_code for r in runaways] == [503, 503]
        assert http.get("/sparql", params={"query": "ASK {}"}).status_code == 200
