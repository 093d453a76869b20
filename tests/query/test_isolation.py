"""Worker processes that a time limit really stops (balkan_kg.query.isolation)."""

from __future__ import annotations

import threading

import pytest

from balkan_kg.errors import InputError, QueryAbortedError, QueryError, QueryTimeoutError
from balkan_kg.kg.build import current_build
from balkan_kg.namespaces import PREFIXES
from balkan_kg.query.isolation import EngineSpec, IsolatedEngine
from balkan_kg.query.limits import Limits

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { bk:Albania ?p ?o }"
SHORT = Limits(timeout=1)


@pytest.fixture(scope="module")
def spec() -> EngineSpec:
    import balkan_kg

    balkan_kg.load().close()  # make sure the build exists
    build = current_build()
    assert build is not None
    return EngineSpec("oxigraph", tuple(build.query_files()))


def ask(engine: IsolatedEngine, limits: Limits = SHORT) -> bool:
    return bool(engine.evaluate(ASK, "ASK", PREFIXES, limits))


def test_a_worker_answers_and_knows_its_triples(spec: EngineSpec) -> None:
    with IsolatedEngine(spec, start_method="fork") as engine:
        assert ask(engine)
        assert len(engine) > 2000  # ontology, data and inferred triples


def test_a_query_past_its_limit_is_stopped_and_the_worker_replaced(spec: EngineSpec) -> None:
    with IsolatedEngine(spec, start_method="fork") as engine:
        with pytest.raises(QueryTimeoutError):
            engine.evaluate(CROSS_JOIN, "SELECT", PREFIXES, SHORT)
        assert ask(engine)


def test_the_engines_errors_come_back_with_their_class(spec: EngineSpec) -> None:
    with IsolatedEngine(spec, start_method="fork") as engine:
        with pytest.raises(QueryError, match="line 1, column"):
            engine.evaluate("ASK {", "ASK", PREFIXES, SHORT)
        assert ask(engine)


def test_a_worker_out_of_memory_is_reported_and_replaced(spec: EngineSpec) -> None:
    # 300 MB of address space holds the graph but not a cross join's sort.
    with IsolatedEngine(spec, start_method="fork", memory_limit=300 * 2**20) as engine:
        hog = "SELECT ?a ?b ?c ?d WHERE { ?a ?x ?b . ?c ?y ?d } ORDER BY ?a ?b ?c ?d"
        with pytest.raises((QueryAbortedError, QueryTimeoutError)):
            engine.evaluate(hog, "SELECT", PREFIXES, Limits(timeout=30, max_rows=None))
        assert ask(engine)


def test_a_file_that_cannot_be_loaded_is_reported_at_once(tmp_path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://e/s> <http://e/p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.nt:1"):
        IsolatedEngine(EngineSpec("oxigraph", (bad,)), start_method="fork")


def test_a_query_waits_for_no_runaway_when_the_pool_may_grow(spec: EngineSpec) -> None:
    with IsolatedEngine(spec, start_method="forkserver", max_workers=4, spare=1) as engine:
        runaways = [
            threading.Thread(
                target=lambda: pytest.raises(
                    QueryTimeoutError,
                    engine.evaluate,
                    CROSS_JOIN,
                    "SELECT",
                    PREFIXES,
                    Limits(timeout=5),
                )
            )
            for _ in range(2)
        ]
        for thread in runaways:
            thread.start()
        # Two workers are busy for 5 s; this one is answered by a third meanwhile.
        done = threading.Event()
        answer: list[bool] = []

        def simple() -> None:
            answer.append(ask(engine, Limits(timeout=10)))
            done.set()

        threading.Thread(target=simple).start()
        assert done.wait(4), "the simple query waited for a runaway one"
        assert answer == [True]
        for thread in runaways:
            thread.join()


def test_a_script_without_a_main_guard_runs_once(tmp_path) -> None:
    """The default start method forks a single-threaded program, so a script that calls
    load() at its top level is not imported again in the worker (as "forkserver" and
    "spawn" would, running it twice)."""
    import subprocess
    import sys

    script = tmp_path / "unguarded.py"
    script.write_text(
        "import balkan_kg\n"
        "print('started')\n"
        "with balkan_kg.load() as kg:\n"
        "    print(kg.sparql('ASK { bk:Albania ?p ?o }').boolean)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["started", "True"]
