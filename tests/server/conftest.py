"""The servers the server tests talk to, started once per session (see ``serving``)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from servers import stop_process
from serving import MAX_ANSWER, MAX_BODY, MAX_ROWS, QUERY_TIMEOUT, BalkanServer, start_server


@pytest.fixture(scope="session")
def server(tmp_path_factory, built_graph) -> Iterator[BalkanServer]:
    """The server most tests use: default workers and CORS, short limits."""
    running = start_server(
        tmp_path_factory.mktemp("serve"),
        built_graph.out_dir,
        "--timeout",
        str(QUERY_TIMEOUT),
        "--max-rows",
        str(MAX_ROWS),
        "--max-body",
        str(MAX_BODY),
        "--max-answer-bytes",
        str(MAX_ANSWER),
        "--memory-limit",
        "512",
    )
    try:
        yield running
    finally:
        stop_process(running.process)


@pytest.fixture(scope="session")
def proxied_server(tmp_path_factory, built_graph) -> Iterator[BalkanServer]:
    """A server behind an imagined proxy: ``--forwarded``, one CORS origin, two
    workers whose queries wait at most half a second for a free one, and a second for
    a request's head to arrive."""
    running = start_server(
        tmp_path_factory.mktemp("serve-proxied"),
        built_graph.out_dir,
        "--forwarded",
        "--cors-origin",
        "https://allowed.example",
        "--workers",
        "2",
        "--timeout",
        "4",
        "--queue-timeout",
        "0.5",
        "--header-timeout",
        "1",
        "--memory-limit",
        "512",
    )
    try:
        yield running
    finally:
        stop_process(running.process)


@pytest.fixture
def client(server: BalkanServer) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http
