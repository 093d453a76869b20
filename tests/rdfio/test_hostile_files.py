"""Hostile and broken files through the gate: each answered, within 2 s of CPU and 500 MB.

The corpus is ``tests/hostile.py`` (36 kinds in three sizes), written at test time into a
temporary folder. Each case runs :func:`~balkan_kg.rdfio.gate.read_rdf` in a child
process whose CPU time and address space are limited (``RLIMIT_CPU``, ``RLIMIT_AS``): a
child killed by either, or one that writes anything to standard error (a traceback),
fails the case. The answer must be exactly the one worked out from the input: accepted
with so many triples, or refused at such a line and column with such a message.

Nothing is fetched or read besides the input. A socket listens on 127.0.0.1 while the
corpus runs, and the corpus names it (a JSON-LD ``@context``, an XML entity and DTD,
``owl:imports`` in files the gate accepts); after every case, and again after the last,
it must have accepted no connection. An audit hook in the child records every file that
Python opens and every network call it makes while the gate runs: only the input, and
only when the gate should read it (never a FIFO, a device or a directory). pyoxigraph is
given the bytes, never a path, so it has nothing to open; what its Rust code would do
with a socket the listener would see.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile import (
    CASES,
    CPU_SECONDS,
    MEMORY_BYTES,
    PREAMBLE,
    Accepted,
    Case,
    Env,
    run_gate,
    run_limited,
    why_it_failed,
)


def connections(server: socket.socket) -> int:
    """How many connections ``server`` has waiting (and closes them)."""
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.fixture(scope="module")
def listener() -> Iterator[socket.socket]:
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    try:
        yield server
        assert connections(server) == 0, "something connected to the listener"
    finally:
        server.close()


def test_the_listener_sees_a_connection() -> None:
    """The check used below can fail: a connection is seen."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        assert connections(server) == 0
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
        assert connections(server) == 1


def test_the_limits_stop_a_child() -> None:
    """The limits are real: a child that loops is killed, one that allocates fails."""
    spinning = run_limited(PREAMBLE + "while True: pass\n")
    assert spinning.returncode != 0, why_it_failed(spinning)
    assert "SIGXCPU" in why_it_failed(spinning)
    hungry = run_limited(PREAMBLE + f"b = bytearray({MEMORY_BYTES})\n")
    assert hungry.returncode != 0 and "MemoryError" in hungry.stderr


def test_the_corpus() -> None:
    kinds = {case.kind for case in CASES}
    assert len(kinds) >= 15
    assert all(
        sorted(case.size for case in CASES if case.kind == kind) == ["large", "medium", "small"]
        for kind in kinds
    )
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_file(case: Case, tmp_path: Path, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    path, expected = case.make(Env(tmp_path, port))
    result = run_gate(path, case.limits)
    assert result["network"] == [], "the gate made a network call"
    assert result["opened"] == ([str(path)] if case.read else []), "files opened"
    assert connections(listener) == 0, "something connected to the listener"
    if isinstance(expected, Accepted):
        assert "error" not in result, result["error"]
        assert result["triples"] == expected.triples
        return
    assert "error" in result, f"accepted with {result['triples']} triples"
    assert (result["line"], result["column"]) == (expected.line, expected.column), result["error"]
    assert result["message"].startswith(expected.message), result["message"]
    where = "".join(f":{n}" for n in (expected.line, expected.column) if n is not None)
    assert result["error"] == f"{path}{where}: {result['message']}"
    assert "\n" not in result["error"] and "\r" not in result["error"]


def test_the_bounds_are_what_the_issue_asks() -> None:
    assert (CPU_SECONDS, MEMORY_BYTES) == (2, 500 * 1024 * 1024)
