"""Queries are sealed and bounded on every engine (issue 12, goal 4).

Sealed: ``SERVICE``, ``FROM``/``FROM NAMED`` and every update (``LOAD`` and the rest,
first or after a ``;``) are refused by the query funnel before any engine sees the
text, whatever the spelling (any case, comments between the words, prefixed names,
variables, nested groups, every query form); the same words inside strings, comments,
IRIs, prefixed names and variable names do not count, and such queries are answered.

Proof that nothing is fetched: a listening socket on a free port of 127.0.0.1 and a
FIFO (a named pipe) stand for the outside world. Every query of the corpus names them
(``SERVICE <http://127.0.0.1:PORT/>``, ``FROM <file:///.../fifo>``, plain IRIs, ``BASE``,
``GRAPH``, ``DESCRIBE``). After the corpus has run on Oxigraph and rdflib (in their
worker processes, as the API runs them) and, the refused part, on the remote engine
(whose endpoint is the listening socket itself), the socket must have accepted no
connection and no process may have opened the FIFO: opening a FIFO for reading blocks
until a writer comes, so a read would have shown as a query stopped at its time limit,
and a reader still waiting would let the test open the FIFO's write end.

Bounded: on both embedded engines a query stops at its time limit with
:class:`~balkan_kg.errors.QueryTimeoutError` and its worker process is gone (rdflib's
catastrophic ``REGEX "(a+)+$"``, a three-way cross join), and answers over the row or
byte cap are refused. Limits are shown by the error raised; :data:`HANG_GUARD` only
fails a call that runs far beyond them.
"""

from __future__ import annotations

import contextlib
import errno
import io
import multiprocessing
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from balkan_kg.cli import main
from balkan_kg.errors import (
    QueryNotAllowedError,
    QueryRefusedError,
    QueryTimeoutError,
    ResultTooLargeError,
)
from balkan_kg.query.execute import execute
from balkan_kg.query.isolation import EngineSpec, IsolatedEngine
from balkan_kg.query.limits import Limits
from balkan_kg.query.remote import RemoteEngine
from servers import run_bounded

ENGINES = ("oxigraph", "rdflib")
HANG_GUARD = 60.0
"""Seconds a bounded call may take before the test calls it hung (limits here are 1-5 s)."""
CORPUS_LIMITS = Limits(timeout=5.0)


# --- the outside world: a socket and a FIFO -------------------------------------------------


@pytest.fixture(scope="module")
def listener() -> Iterator[socket.socket]:
    """A socket listening on a free port of 127.0.0.1 that nobody should ever reach."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.setblocking(False)
    yield sock
    sock.close()


@pytest.fixture(scope="module")
def fifo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A named pipe: a process that opens it to read waits for a writer."""
    path = tmp_path_factory.mktemp("outside") / "fifo"
    os.mkfifo(path)
    return path


def accepted(sock: socket.socket) -> list[tuple[str, int]]:
    """The connections waiting on ``sock`` (each one someone who reached it)."""
    peers = []
    while True:
        try:
            conn, peer = sock.accept()
        except BlockingIOError:
            return peers
        conn.close()
        peers.append(peer)


def fifo_readers(path: Path) -> bool:
    """Whether a process has ``path`` open for reading (or waits to)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        assert exc.errno == errno.ENXIO, exc  # ENXIO: no reader
        return False
    os.close(fd)
    return True


def test_the_detectors_can_see_a_connection_and_a_reader(listener, fifo: Path) -> None:
    """The checks the corpus relies on fail when someone does connect or read."""
    assert accepted(listener) == []
    port = listener.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    assert len(accepted(listener)) == 1
    assert not fifo_readers(fifo)
    reader = threading.Thread(target=lambda: Path(fifo).read_bytes(), daemon=True)
    reader.start()
    for _ in range(100):
        if fifo_readers(fifo):  # opening the write end also releases the reader
            break
        threading.Event().wait(0.05)
    else:
        pytest.fail("a reader of the FIFO was not seen")
    reader.join(5)


# --- the corpus -----------------------------------------------------------------------------


def refused_corpus(port: int, fifo: Path) -> dict[str, str]:
    """Queries that must be refused before evaluation: SERVICE, FROM, updates."""
    url = f"http://127.0.0.1:{port}/"
    file = fifo.as_uri()
    spo = "{ ?s ?p ?o }"
    return {
        "service": f"SELECT * WHERE {{ SERVICE <{url}> {spo} }}",
        "service-lower": f"select * where {{ service <{url}> {spo} }}",
        "service-mixed-case": f"SELECT * {{ SeRvIcE <{url}> {spo} }}",
        "service-silent": f"SELECT * {{ SERVICE SILENT <{url}> {spo} }}",
        "service-comments": f"SELECT * {{ #one\nSERVICE#two\n<{url}>#three\n{spo} }}",
        "service-no-space": f"SELECT * {{?s ?p ?o.SERVICE<{url}>{spo}}}",
        "service-prefixed": f"PREFIX ep: <{url}> SELECT * {{ SERVICE ep: {spo} }}",
        "service-prefixed-local": f"PREFIX ep: <{url}> SELECT * {{ SERVICE ep:sparql {spo} }}",
        "service-base-relative": f"BASE <{url}> SELECT * {{ SERVICE <sparql> {spo} }}",
        "service-variable": f"SELECT * {{ VALUES ?e {{ <{url}> }} SERVICE ?e {spo} }}",
        "service-in-optional": f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {spo} }} }}",
        "service-in-union": f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {spo} }} }}",
        "service-in-minus": f"SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {spo} }} }}",
        "service-in-exists": f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {spo} }} }}",
        "service-in-subquery": f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {spo} }} }} }}",
        "service-ask": f"ASK {{ SERVICE <{url}> {spo} }}",
        "service-construct": f"CONSTRUCT {spo} WHERE {{ SERVICE <{url}> {spo} }}",
        "service-describe": f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {spo} }}",
        "service-file": f"SELECT * {{ SERVICE <{file}> {spo} }}",
        "from": f"SELECT * FROM <{url}g> WHERE {spo}",
        "from-lower": f"select * from <{url}g> where {spo}",
        "from-named": f"SELECT * FROM NAMED <{url}g> WHERE {{ GRAPH ?g {spo} }}",
        "from-named-lower": f"select * from named <{url}g> {{ graph ?g {spo} }}",
        "from-comment": f"SELECT *\n# the graph:\nFROM\n<{url}g>\nWHERE {spo}",
        "from-prefixed": f"PREFIX ep: <{url}> SELECT * FROM ep:g WHERE {spo}",
        "from-file": f"SELECT * FROM <{file}> WHERE {spo}",
        "from-named-file": f"SELECT * FROM NAMED <{file}> WHERE {{ GRAPH ?g {spo} }}",
        "from-two": f"SELECT * FROM <{url}a> FROM NAMED <{url}b> WHERE {spo}",
        "from-ask": f"ASK FROM <{url}g> {spo}",
        "from-construct": f"CONSTRUCT {spo} FROM <{url}g> WHERE {spo}",
        "from-describe": f"DESCRIBE <{url}x> FROM <{url}g>",
        "load": f"LOAD <{url}data.ttl>",
        "load-lower": f"load <{url}data.ttl>",
        "load-silent-into": f"LOAD SILENT <{file}> INTO GRAPH <{url}g>",
        "load-after-prologue": f"PREFIX ep: <{url}>\n# fetch it\nLOAD ep:data.ttl",
        "load-after-select": f"SELECT * {{}} ; LOAD <{url}data.ttl>",
        "insert-after-select": "SELECT * {} ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "insert-data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "delete-where": "delete where { ?s ?p ?o }",
        "clear": "CLEAR ALL",
        "drop": "DROP SILENT DEFAULT",
        "create": f"CREATE GRAPH <{url}g>",
        "copy": f"COPY DEFAULT TO <{url}g>",
        "move": f"MOVE <{url}g> TO DEFAULT",
        "add": f"ADD <{url}g> TO DEFAULT",
        "with": f"WITH <{url}g> DELETE {{ ?s ?p ?o }} WHERE {spo}",
    }


def allowed_corpus(port: int, fifo: Path) -> dict[str, str]:
    """Queries that name the socket or the FIFO, or hold the words, and are answered."""
    url = f"http://127.0.0.1:{port}/"
    file = fifo.as_uri()
    return {
        "iri-subject": f"SELECT * WHERE {{ <{url}x> ?p ?o }}",
        "iri-object": f"ASK {{ ?s ?p <{url}x> }}",
        "file-iri": f"SELECT * WHERE {{ <{file}> ?p ?o }}",
        "graph-iri": f"SELECT * WHERE {{ GRAPH <{url}g> {{ ?s ?p ?o }} }}",
        "graph-file": f"SELECT * WHERE {{ GRAPH <{file}> {{ ?s ?p ?o }} }}",
        "describe-iri": f"DESCRIBE <{url}>",
        "describe-file": f"DESCRIBE <{file}>",
        "base": f"BASE <{url}> SELECT * WHERE {{ <x> ?p ?o }}",
        "iri-function": f'SELECT ?x WHERE {{ BIND(IRI("{url}") AS ?x) }}',
        "construct-iri": f"CONSTRUCT {{ <{url}a> <{url}b> <{file}> }} WHERE {{}}",
        "words-in-strings": f'SELECT * WHERE {{ ?s ?p "SERVICE <{url}> FROM LOAD" }}',
        "words-in-long-string": f'ASK {{ ?s ?p """LOAD <{url}>\nFROM <{file}>""" }}',
        "words-in-comment": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 # SERVICE <{url}> LOAD",
        "words-as-variables": "SELECT ?service ?from ?load WHERE { ?service ?from ?load } LIMIT 1",
        "words-as-prefixed-names": (
            "PREFIX ex: <http://example.org/> SELECT * { ?s ex:SERVICE ex:from , ex:load }"
        ),
        "words-in-iris": "SELECT * { <http://example.org/SERVICE> <urn:FROM> <urn:LOAD> }",
        "words-as-language": 'SELECT * { ?s ?p "x"@from }',
        "regex-on-url": f'ASK {{ FILTER(REGEX("{url}", "^http://127")) }}',
    }


ENGINE_REFUSALS = {
    ("graph-iri", "rdflib"): "requiring a dataset",
    ("graph-file", "rdflib"): "requiring a dataset",
}
"""Allowed queries an engine refuses itself, at once and without fetching: rdflib runs
``GRAPH`` only over a dataset, and the rdflib engine holds one graph."""


@pytest.fixture(scope="module")
def engines(built_graph) -> Iterator[dict[str, IsolatedEngine]]:
    """Both embedded engines in worker processes, as :func:`balkan_kg.load` runs them."""
    files = tuple(built_graph.query_files(True))
    made = {name: IsolatedEngine(EngineSpec(name, files)) for name in ENGINES}
    yield made
    for engine in made.values():
        engine.close()


def test_the_corpus_is_sealed_and_nothing_is_fetched(engines, listener, fifo: Path) -> None:
    """Every refused query is refused on every engine, every allowed one answered, and
    the socket and the FIFO saw no one."""
    port = listener.getsockname()[1]
    remote = RemoteEngine(f"http://127.0.0.1:{port}/sparql")
    refused = refused_corpus(port, fifo)
    allowed = allowed_corpus(port, fifo)
    problems = []
    for name, text in refused.items():
        for engine in (*engines.values(), remote):
            try:
                execute(engine, text, limits=CORPUS_LIMITS)
            except (QueryNotAllowedError, QueryRefusedError) as exc:
                expected = (
                    "updates are not allowed"
                    if isinstance(exc, QueryRefusedError)
                    else ("is not allowed: ")
                )
                if expected not in str(exc):
                    problems.append(f"{name} on {engine.name}: unclear message {exc}")
            except Exception as exc:
                problems.append(f"{name} on {engine.name}: {type(exc).__name__}: {exc}")
            else:
                problems.append(f"{name} on {engine.name}: answered")
    for name, text in allowed.items():
        for engine in engines.values():
            try:
                execute(engine, text, limits=CORPUS_LIMITS)
            except Exception as exc:
                why = ENGINE_REFUSALS.get((name, engine.name))
                if why is None or why not in str(exc) or isinstance(exc, QueryTimeoutError):
                    problems.append(f"{name} on {engine.name}: {type(exc).__name__}: {exc}")
    assert not problems, "\n".join(problems)
    assert accepted(listener) == [], "a query reached the socket"
    assert not fifo_readers(fifo), "a query opened the FIFO"
    assert len(refused) >= 45 and len(allowed) >= 18


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("SERVICE", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
        ("FROM", "SELECT * FROM NAMED <http://127.0.0.1:9/g> { ?s ?p ?o }"),
    ],
)
def test_the_refusal_says_why(word: str, text: str) -> None:
    code, _, err = run_cli("sparql", text)
    assert code == 2
    assert f"{word} is not allowed" in err and "only this graph is queried" in err


def test_a_load_after_a_query_is_refused_on_the_command_line() -> None:
    code, _, err = run_cli("sparql", "SELECT * {} ; LOAD <http://127.0.0.1:9/x>")
    assert code == 2
    assert "SPARQL updates are not allowed (found LOAD)" in err


# --- time limits that really stop the work -------------------------------------------------

CATASTROPHIC_REGEX = 'SELECT ?m WHERE { BIND(REGEX("' + "a" * 40 + '!", "(a+)+$") AS ?m) }'
"""Backtracking regex engines (Python's, so rdflib's) take 2^40 steps; Oxigraph's does not."""

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""About 7 * 10^10 solutions on the project graph: no engine finishes."""


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def bounded(call: Callable[[], object]) -> object:
    """What ``call`` returned or raised; fails the test if it runs past :data:`HANG_GUARD`."""
    return run_bounded(call, HANG_GUARD)


@pytest.fixture
def forked(built_graph) -> Iterator[Callable[[str], IsolatedEngine]]:
    """Engines whose workers are children of this process, so the test can see them."""
    made: list[IsolatedEngine] = []

    def make(name: str) -> IsolatedEngine:
        files = tuple(built_graph.query_files(True))
        engine = IsolatedEngine(EngineSpec(name, files), start_method="fork")
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


@pytest.mark.parametrize(
    ("engine_name", "text"),
    [("rdflib", CATASTROPHIC_REGEX), ("rdflib", CROSS_JOIN), ("oxigraph", CROSS_JOIN)],
    ids=["rdflib-regex", "rdflib-cross-join", "oxigraph-cross-join"],
)
def test_a_runaway_query_is_stopped_at_its_limit_and_its_worker_killed(
    forked, engine_name: str, text: str
) -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    engine = forked(engine_name)
    workers = {p.pid for p in multiprocessing.active_children()} - before
    assert len(workers) == 1, workers  # the engine's one worker, waiting for the query
    outcome = bounded(lambda: execute(engine, text, limits=Limits(timeout=1.0)))
    assert isinstance(outcome, QueryTimeoutError), outcome
    assert "longer than its limit of 1 s and was stopped" in str(outcome)
    alive = {p.pid for p in multiprocessing.active_children()}
    assert not workers & alive, "the worker that ran the query still runs"
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # The engine goes on answering, from a new worker.
    assert len(execute(engine, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")) == 3


def test_oxigraph_answers_the_catastrophic_regex(engines) -> None:
    """Oxigraph's regex engine does not backtrack: the same text is answered at once."""
    result = bounded(lambda: execute(engines["oxigraph"], CATASTROPHIC_REGEX, limits=Limits(5)))
    assert not isinstance(result, BaseException), result
    assert result.rows == [{"m": False}]  # type: ignore[attr-defined]


@pytest.mark.parametrize("engine", ENGINES)
def test_command_line_timeout_stops_an_embedded_query(engine: str, built_graph) -> None:
    argv = ["sparql", CROSS_JOIN, "--engine", engine, "--timeout", "1"]
    outcome = bounded(lambda: run_cli(*argv, "--build-dir", str(built_graph.out_dir)))
    assert isinstance(outcome, tuple), outcome
    code, out, err = outcome
    assert code == 3 and out == ""
    assert "ran longer than its limit of 1 s and was stopped" in err


# --- row and byte caps ------------------------------------------------------------------------


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (Limits(max_rows=100), "more than the cap of 100:"),
        (Limits(max_bytes=10_000), "larger than the cap of 10000 bytes"),
    ],
    ids=["rows", "bytes"],
)
def test_an_answer_over_a_cap_is_refused_whole(
    engines, engine_name: str, limits: Limits, message: str
) -> None:
    with pytest.raises(ResultTooLargeError, match=message):
        execute(engines[engine_name], "SELECT * WHERE { ?s ?p ?o }", limits=limits)
    with pytest.raises(ResultTooLargeError, match=message):
        execute(engines[engine_name], "CONSTRUCT WHERE { ?s ?p ?o }", limits=limits)
    small = execute(engines[engine_name], "SELECT * WHERE { ?s ?p ?o } LIMIT 10", limits=limits)
    assert len(small) == 10


@pytest.mark.parametrize("engine", ENGINES)
def test_command_line_caps(engine: str, built_graph) -> None:
    base = ["sparql", "SELECT * WHERE { ?s ?p ?o }", "--engine", engine]
    base += ["--build-dir", str(built_graph.out_dir)]
    code, out, err = run_cli(*base, "--max-bytes", "5000")
    assert code == 3 and out == "" and "larger than the cap of 5000 bytes" in err
    code, out, err = run_cli(*base, "--max-rows", "7")
    assert code == 3 and out == "" and "more than the cap of 7:" in err
