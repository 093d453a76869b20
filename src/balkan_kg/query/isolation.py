"""Queries run in worker processes, so that a time limit really stops them.

An embedded engine cannot be interrupted: neither pyoxigraph nor rdflib can cancel a
query once it runs, nor has a time-out, and a Python thread cannot be stopped from
outside (pyoxigraph 0.5 lets other threads run while it evaluates, but the evaluation
itself goes on to the end). So :class:`IsolatedEngine`
holds the engine in a worker process, sends it each query over a pipe, and waits at
most the query's time limit; a worker that runs past it is killed (``SIGKILL``, which
frees all its memory) and replaced, and the caller gets a
:class:`~balkan_kg.errors.QueryTimeoutError`. A worker can also be given a memory cap
(``RLIMIT_AS``); one that dies of it is replaced, and the caller gets a
:class:`~balkan_kg.errors.QueryAbortedError`.

Several workers serve concurrent callers (threads of the SPARQL endpoint, say): each
query takes an idle worker, new ones are started up to ``max_workers``, and with
``spare`` the pool keeps that many idle workers ready, so a query never waits behind
runaway ones for longer than a worker takes to start.

How workers start: ``"fork"`` copies the calling process (about a millisecond; safe
only in a process that runs no other threads, such as the command line or most
scripts); ``"forkserver"`` forks them from a clean server process (safe with threads,
as in the SPARQL endpoint), but, as Python's ``spawn`` does, imports the program's main
module again in the server, so a script without an ``if __name__ == "__main__":`` guard
would run twice. ``"auto"`` (the default) takes ``"fork"`` while the process runs one
thread and ``"forkserver"`` otherwise.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import BalkanKGError, QueryAbortedError, QueryTimeoutError
from .engines import LocalEngine, local_engine
from .limits import Limits, check_answer
from .results import QueryResult
from .text import QueryForm

START_METHODS = ("auto", "forkserver", "fork")
DEMOTED_NICENESS = 15
"""The niceness of a worker whose query runs past ``demote_after`` (0 is the default,
19 the lowest priority)."""
FORKSERVER_PRELOAD = ["balkan_kg.query.isolation", "pyoxigraph"]
"""The modules the forkserver imports once, so that each worker forked from it has them."""


def start_forkserver() -> None:
    """Start the process that ``"forkserver"`` workers are forked from now, loading
    its modules while the caller goes on, rather than when the first worker starts
    (the server calls it first thing, and reads its build meanwhile)."""
    import multiprocessing.forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(FORKSERVER_PRELOAD)
    multiprocessing.forkserver.ensure_running()


@dataclass(frozen=True)
class EngineSpec:
    """How a worker makes its engine: a local engine's name and the files it loads."""

    name: str
    files: tuple[Path, ...]

    def create(self) -> LocalEngine:
        """The engine, loaded.

        :raises InputError: for a missing or malformed file.
        """
        return local_engine(self.name, self.files)


@dataclass
class _Worker:
    process: Any  # multiprocessing.process.BaseProcess
    connection: Connection
    triples: int = 0

    def stop(self) -> None:
        """Kill the worker (if it still runs) and wait for it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(OSError):
            self.connection.close()


def _serve(connection: Connection, spec: EngineSpec, memory_limit: int | None) -> None:
    """A worker's life: make the engine, then answer queries until the pipe closes."""
    import faulthandler
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    faulthandler.disable()  # a worker that dies of its memory cap is expected; no dump
    if memory_limit is not None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        engine = spec.create()
    except BalkanKGError as exc:
        connection.send(("error", exc))
        return
    connection.send(("ready", len(engine)))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        text, form, prefixes, limits = request
        try:
            result = engine.evaluate(text, form, prefixes, limits)
            check_answer(result, limits)  # an answer over a cap never crosses the pipe
            reply: tuple[str, object] = ("ok", result)
        except BalkanKGError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", QueryAbortedError("the query needed more memory than allowed"))
        try:
            connection.send(reply)
        except MemoryError:  # too large to pickle under the cap: the parent sees the pipe
            return  # close and answers QueryAbortedError (no traceback on stderr)


@dataclass
class _Pool:
    spec: EngineSpec
    start_method: str
    max_workers: int
    spare: int
    memory_limit: int | None
    idle: list[_Worker] = field(default_factory=list)
    count: int = 0
    closed: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> _Worker:
        """A new worker, ready to answer.

        :raises BalkanKGError: what making the engine raised in the worker.
        :raises QueryAbortedError: if the worker died before it was ready.
        """
        method = self.start_method
        if method == "auto":
            method = "fork" if threading.active_count() == 1 else "forkserver"
        context: Any = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(FORKSERVER_PRELOAD)
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(child, self.spec, self.memory_limit),
            name=f"balkan-kg {self.spec.name} worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            status, payload = parent.recv()
        except (EOFError, OSError):
            worker.stop()
            raise QueryAbortedError(
                f"the {self.spec.name} worker stopped while loading the graph"
            ) from None
        if status != "ready":
            worker.stop()
            assert isinstance(payload, BalkanKGError)
            raise payload
        assert isinstance(payload, int)
        worker.triples = payload
        return worker

    def acquire(self) -> _Worker:
        """An idle worker, started if none is idle and the pool may grow, else waited for.

        :raises BalkanKGError: if a new worker cannot make its engine.
        """
        with self.changed:
            while not self.idle and self.count >= self.max_workers:
                self.changed.wait()
            if self.idle:
                worker = self.idle.pop()
                self._top_up()
                return worker
            self.count += 1
        try:
            return self.start()
        except BaseException:
            with self.changed:
                self.count -= 1
                self.changed.notify()
            raise

    def release(self, worker: _Worker) -> None:
        """Give back a worker that answered."""
        with self.changed:
            if self.closed:
                worker.stop()
                self.count -= 1
                return
            self.idle.append(worker)
            self.changed.notify()

    def discard(self, worker: _Worker) -> None:
        """Kill a worker that ran past its limit or died, and start a spare if wanted."""
        worker.stop()
        with self.changed:
            self.count -= 1
            self._top_up()
            self.changed.notify()

    def _top_up(self) -> None:
        """Start workers in the background until ``spare`` are idle (lock held)."""
        missing = min(self.spare - len(self.idle), self.max_workers - self.count)
        for _ in range(max(0, missing)):
            if self.closed:
                return
            self.count += 1
            threading.Thread(target=self._start_spare, daemon=True).start()

    def _start_spare(self) -> None:
        try:
            worker = self.start()
        except BalkanKGError:
            with self.changed:
                self.count -= 1
                self.changed.notify()
            return
        self.release(worker)

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when they are given back."""
        with self.changed:
            self.closed = True
            idle, self.idle = self.idle, []
            self.count -= len(idle)
            self.changed.notify_all()
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.stop()


def _demote(worker: _Worker) -> bool:
    """Lower the CPU priority of ``worker``; whether it was lowered."""
    import os

    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, DEMOTED_NICENESS)
    except OSError:  # gone already, or not allowed here
        return False
    return True


class IsolatedEngine:
    """A local engine that answers each query in a worker process (module docstring).

    The first worker starts here, so that a file that cannot be loaded is reported at
    once. ``max_workers`` bounds the concurrent queries; ``spare`` idle workers are
    kept ready; ``memory_limit`` (bytes) caps each worker's address space. The worker
    applies the row and byte caps of the query's limits before it answers
    (``checks_answers``, so the funnel does not count again). With ``demote_after``
    (seconds), a query still running after that long has its worker's CPU priority
    lowered (niceness :data:`DEMOTED_NICENESS`), so that quick queries in other workers
    are not slowed by it; the worker is replaced once it has answered, since a priority
    once lowered cannot be raised again without privileges.

    :raises EngineError: for an unknown engine or start method.
    :raises InputError: for a missing or malformed file.
    """

    def __init__(
        self,
        spec: EngineSpec,
        *,
        start_method: str = "auto",
        max_workers: int = 1,
        spare: int = 0,
        memory_limit: int | None = None,
        demote_after: float | None = None,
    ) -> None:
        from ..errors import EngineError

        if start_method not in START_METHODS:
            raise EngineError(f"unknown start method {start_method!r} ({', '.join(START_METHODS)})")
        if max_workers < 1 or spare < 0:
            raise EngineError("an isolated engine needs at least one worker")
        self.spec = spec
        self.name = spec.name
        self.checks_answers = True
        self.demote_after = demote_after
        self._pool = _Pool(spec, start_method, max_workers, spare, memory_limit)
        first = self._pool.acquire()
        self.triples = first.triples
        self._pool.release(first)

    def __len__(self) -> int:
        """The number of triples the engine loaded."""
        return self.triples

    def __repr__(self) -> str:
        return f"<IsolatedEngine {self.name} {self.triples} triples>"

    def evaluate(
        self, text: str, form: QueryForm, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        """Answer in a worker, waiting at most ``limits.timeout`` seconds.

        :raises QueryTimeoutError: when the query runs past its limit (it is stopped).
        :raises QueryAbortedError: when the worker died (e.g. of its memory cap).
        :raises QueryError: what the engine raised.
        """
        worker = self._pool.acquire()
        demoted = False
        try:
            worker.connection.send((text, form, dict(prefixes), limits))
            waited = self.demote_after
            if waited is not None and (limits.timeout is None or limits.timeout > waited):
                ready = worker.connection.poll(waited)
                if not ready:
                    demoted = _demote(worker)
                    rest = None if limits.timeout is None else limits.timeout - waited
                    ready = worker.connection.poll(rest)
            else:
                ready = worker.connection.poll(limits.timeout)
            if not ready:
                self._pool.discard(worker)
                raise QueryTimeoutError(
                    f"the query ran longer than its limit of {limits.timeout:g} s and was "
                    "stopped; narrow it, or allow more time"
                )
            status, payload = worker.connection.recv()
        except (EOFError, OSError):
            self._pool.discard(worker)
            raise QueryAbortedError(
                "the query's worker process stopped (out of memory?) and was replaced"
            ) from None
        if demoted:
            self._pool.discard(worker)
        else:
            self._pool.release(worker)
        if status == "error":
            assert isinstance(payload, BalkanKGError)
            raise payload
        assert isinstance(payload, QueryResult)
        return payload

    def close(self) -> None:
        """Stop the workers."""
        self._pool.close()

    def __enter__(self) -> IsolatedEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
