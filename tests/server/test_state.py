"""What the routes share (:mod:`balkan_kg.server.state`): both graphs' worker pools,
started together, and a runaway query's worker put at a lower CPU priority."""

from __future__ import annotations

import concurrent.futures
import os
import time
from collections.abc import Iterator

import pytest

from balkan_kg.errors import QueryTimeoutError
from balkan_kg.query.isolation import DEMOTED_NICENESS
from balkan_kg.query.limits import Limits
from balkan_kg.server.config import ServerConfig
from balkan_kg.server.state import ServerState, load_state

HANG_GUARD = 60.0
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (the forkserver's workers are grandchildren)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - family
        family |= frontier
    return family


def niceness(pid: int) -> int | None:
    try:
        return os.getpriority(os.PRIO_PROCESS, pid)
    except OSError:
        return None


@pytest.fixture
def state(built_graph) -> Iterator[ServerState]:
    config = ServerConfig(build_dir=built_graph.out_dir, timeout=3, demote_after=0.1, max_workers=4)
    running = load_state(config)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_both_graphs_start_and_stop(state: ServerState) -> None:
    reasoned, asserted = state.graph(True), state.graph(False)
    assert len(reasoned) > len(asserted) > 0
    # The text says Albania joined NATO; the shortcut triple is only inferred.
    query = "ASK { bk:Albania org:memberOf bk:NATO }"
    assert reasoned.sparql(query).boolean is True
    assert asserted.sparql(query).boolean is False
    state.stop()
    assert state.stopping


def test_a_runaway_is_demoted_and_its_worker_replaced(state: ServerState) -> None:
    graph = state.graph(True)
    before = descendants(os.getpid())
    assert all(niceness(pid) != DEMOTED_NICENESS for pid in before)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        running = pool.submit(graph.sparql, CROSS_JOIN, Limits(timeout=3))
        deadline = time.monotonic() + HANG_GUARD
        demoted: list[int] = []
        while not demoted:
            assert time.monotonic() < deadline and not running.done(), "never demoted"
            demoted = [p for p in descendants(os.getpid()) if niceness(p) == DEMOTED_NICENESS]
            time.sleep(0.02)
        with pytest.raises(QueryTimeoutError):
            running.result(timeout=HANG_GUARD)
    assert all(niceness(pid) is None for pid in demoted)  # killed, not reused
    # a quick query still answers, in a worker at the normal priority
    assert graph.sparql("ASK { bk:Montenegro org:memberOf bk:NATO }").boolean is True
    assert all(niceness(pid) != DEMOTED_NICENESS for pid in descendants(os.getpid()))
