"""One benchmark operation, run in a process of its own by :mod:`bench.run`.

``python -m bench.ops OP ENGINE --data FILE [--merged FILE] [--inferred FILE] [--repeat N]``
does one operation and prints one JSON object on the last line of standard output:
``{"seconds": [...], "result": {...}}``. ``seconds`` are the timings of the measured step
only (parsing that is not part of the operation is done before the clock starts); the
parent process reads the peak memory of the whole process from ``os.wait4``.

Operations and engines:

* ``load rdflib|oxigraph``: load the ontology (Turtle) and the data (N-Triples) into the
  engine, as :func:`balkan_kg.query.engines.local_engine` does for every load (both
  parsed by pyoxigraph; rdflib's graph is built from its triples).
* ``validate pyshacl|fast``: :func:`balkan_kg.kg.validate.validate` of the data.
* ``closure owlrl|fast``: :func:`balkan_kg.kg.reason.reason` with owlrl (input parsed by
  rdflib), or :func:`balkan_kg.kg.fastreason.materialize` on the triples pyoxigraph parses;
  ``--write-inferred FILE`` writes the inferred triples for the query steps, as
  ``balkan-kg build`` writes ``inferred.nt`` (:func:`build_form_lines`).
* ``queries rdflib|oxigraph``: every canned query (with the parameters of its first
  ``# example:`` line, if any) on ontology + data + inferred triples (``--merged`` and
  ``--inferred``: the files a build writes, which the query path reads), each ``--repeat``
  times, through :func:`balkan_kg.query.execute.execute` as every query is answered
  (the rdflib engine keeps a parsed query text, so its later runs are evaluation only,
  as a user's repeated query is); the figure is the sum of the per-query medians (all
  canned queries together); one JSON line per query is appended to ``--progress FILE``
  as it finishes, so a run cut short by the time budget keeps what it measured.
* ``cold rdflib|oxigraph``: what a fresh ``balkan-kg query`` process does once it knows
  the build is current (imports, loading the files, one query, printing); the parent
  times the process.
* ``calibrate python``: :func:`calibration_workload`, the same fixed Python work on every
  run and every version of the project, timed to tell how fast the machine is now.
* ``api default|rdflib|oxigraph``: :func:`balkan_kg.load` on the real graph (``default``:
  no engine chosen), then every canned query through :meth:`KnowledgeGraph.query` and
  one ad-hoc query through :meth:`KnowledgeGraph.sparql`, each ``--repeat`` times (warm
  queries, answered by the load's worker process).
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

COLD_QUERY = "members-since"
T = TypeVar("T")


def _timed(step: Callable[[], T], repeat: int) -> tuple[list[float], T]:
    """``step()`` run ``repeat`` (≥ 1) times: the seconds of each run, and the last result.

    Only the call is timed. The previous run's result is dropped before the clock
    starts and the last one is returned, so that freeing a result (a million-triple
    store, graph or closure takes a good part of a second) is never counted as part of
    the step that follows it or of the step that built it.
    """
    seconds: list[float] = []
    result: T | None = None
    for _ in range(max(1, repeat)):
        result = None
        start = time.perf_counter()
        result = step()
        seconds.append(time.perf_counter() - start)
    assert result is not None
    return seconds, result


def _ontology() -> list[Path]:
    """The ontology files (the ontology and the concept schemes beside it)."""
    from balkan_kg.layout import default_layout

    return default_layout().ontology_files


def _rdflib_graph(files: list[Path]) -> Any:
    from balkan_kg.rdfio.gate import LARGE_LIMITS
    from balkan_kg.rdfio.parse import parse_files

    return parse_files(files, limits=LARGE_LIMITS)


def _files(args: argparse.Namespace) -> list[Path]:
    """The files an operation reads: ``--merged`` (a build's ``merged.nt``, which holds
    the ontology too) or the ontology and ``--data``; then ``--inferred``, if given."""
    files = [args.merged] if args.merged is not None else [*_ontology(), args.data]
    if args.inferred is not None:
        files.append(args.inferred)
    return files


def build_form_lines(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    """N-Triples in the form ``balkan-kg build`` writes its files (one triple per line,
    lines sorted and unique, see :func:`balkan_kg.serialize.to_ntriples`), from
    pyoxigraph terms. Sorted lines keep each subject's triples together, which is how
    the query path meets them."""
    return "".join(sorted({f"{s} {p} {o} .\n" for s, p, o in triples}))


def _oxigraph_triples(files: list[Path]) -> list[tuple[Any, Any, Any]]:
    """The triples of ``files`` (Turtle for ``.ttl``, else N-Triples) as pyoxigraph terms."""
    import pyoxigraph

    triples = []
    for path in files:
        turtle = path.suffix == ".ttl"
        fmt = pyoxigraph.RdfFormat.TURTLE if turtle else pyoxigraph.RdfFormat.N_TRIPLES
        parsed = pyoxigraph.parse(path=path, format=fmt)
        triples.extend((t.subject, t.predicate, t.object) for t in parsed)
    return triples


def write_merged(data: Path, out: Path) -> int:
    """Write ``out`` as the ``merged.nt`` a build of the ontology plus ``data`` would
    write (:func:`build_form_lines`, atomically); return the number of triples."""
    from balkan_kg.rdfio.atomic import write_text_atomic

    text = build_form_lines(_oxigraph_triples([*_ontology(), data]))
    write_text_atomic(out, text)
    return text.count("\n")


def op_load(args: argparse.Namespace) -> dict[str, Any]:
    """The files loaded into the engine as :func:`balkan_kg.load` loads a build's files."""
    from balkan_kg.query.engines import local_engine

    files = _files(args)
    seconds, engine = _timed(functools.partial(local_engine, args.engine, files), args.repeat)
    return {"seconds": seconds, "result": {"triples": len(engine)}}


def op_validate(args: argparse.Namespace) -> dict[str, Any]:
    from balkan_kg.kg.validate import validate
    from balkan_kg.layout import default_layout
    from balkan_kg.rdfio.gate import LARGE_LIMITS
    from balkan_kg.rdfio.parse import parse_files

    layout = default_layout()
    data = parse_files([args.data], limits=LARGE_LIMITS)
    shapes = parse_files([layout.shapes])
    ontology = parse_files(layout.ontology_files)
    validator = "pyshacl" if args.engine == "pyshacl" else "fast"
    seconds, report = _timed(
        lambda: validate(data, shapes=shapes, ontology=ontology, validator=validator),
        args.repeat,
    )
    keys = sorted({(str(r.focus), str(r.path)) for r in report.violations})
    return {
        "seconds": seconds,
        "result": {
            "violations": len(report.violations),
            "results": len(report.results),
            "focus_paths": keys[:50],
            "validator": report.validator,
        },
    }


def op_closure(args: argparse.Namespace) -> dict[str, Any]:
    if args.engine == "owlrl":
        from balkan_kg.kg.reason import reason

        graph = _rdflib_graph(_files(args))
        seconds, reasoning = _timed(lambda: reason(graph, "owlrl"), args.repeat)
        result = {"inferred": len(reasoning.inferred), "inconsistencies": reasoning.inconsistencies}
        return {"seconds": seconds, "result": result}

    import pyoxigraph

    from balkan_kg.kg.fastreason import materialize, oxigraph_term

    triples = _oxigraph_triples(_files(args))
    seconds, closure = _timed(
        lambda: materialize(triples, oxigraph_term, pyoxigraph.NamedNode), args.repeat
    )
    if args.write_inferred is not None:
        from balkan_kg.rdfio.atomic import write_text_atomic

        write_text_atomic(args.write_inferred, build_form_lines(closure.inferred))
    result = {"inferred": len(closure.inferred), "inconsistencies": closure.inconsistencies}
    return {"seconds": seconds, "result": result}


def _canned() -> list[tuple[Any, dict[str, str]]]:
    """Every canned query with the parameters of its first ``# example:`` line."""
    from balkan_kg.query.catalog import list_queries

    return [(query, query.examples[0] if query.examples else {}) for query in list_queries()]


def op_queries(args: argparse.Namespace) -> dict[str, Any]:
    from balkan_kg.query.engines import local_engine
    from balkan_kg.query.execute import execute
    from balkan_kg.query.limits import Limits

    files = _files(args)
    load_start = time.perf_counter()
    engine = local_engine(args.engine, files)
    load_seconds = time.perf_counter() - load_start
    unlimited = Limits(timeout=None, max_rows=None)
    per_query: dict[str, Any] = {}
    for query, params in _canned():
        step = functools.partial(execute, engine, query, params, limits=unlimited)
        times, result = _timed(step, args.repeat)
        per_query[query.name] = {"seconds": statistics.median(times), "rows": len(result)}
        if args.progress is not None:
            with args.progress.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"query": query.name, **per_query[query.name]}) + "\n")
    total = sum(q["seconds"] for q in per_query.values())
    slowest = max(per_query, key=lambda name: per_query[name]["seconds"])
    median = statistics.median(q["seconds"] for q in per_query.values())
    return {
        "seconds": [total],
        "result": {
            "load_seconds": load_seconds,
            "total": total,
            "slowest": slowest,
            "median": median,
            "queries": per_query,
        },
    }


def op_cold(args: argparse.Namespace) -> dict[str, Any]:
    """What ``balkan-kg query`` does after finding the build current: load the files
    into the engine, answer through the funnel, print the table."""
    from balkan_kg.query.catalog import get_query
    from balkan_kg.query.engines import local_engine
    from balkan_kg.query.execute import execute

    result = execute(local_engine(args.engine, _files(args)), get_query(COLD_QUERY))
    sys.stdout.write(result.to_table() + "\n")
    return {"seconds": [], "result": {"rows": len(result)}}


API_SPARQL = "SELECT ?state ?label WHERE { ?state a bkg:NATOMemberState ; rdfs:label ?label }"
"""The ad-hoc query whose warm time the ``api`` operation measures."""


def op_api(args: argparse.Namespace) -> dict[str, Any]:
    """Warm queries through the Python API: the median over the canned queries of each
    one's median time, and the median time of one ad-hoc query."""
    import balkan_kg

    kg = balkan_kg.load(engine=None if args.engine == "default" else args.engine)

    def median_of(call: Callable[[], object]) -> float:
        call()  # warm up
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    per_query = {
        name: median_of(functools.partial(kg.query, name, **params))
        for name, params in ((q.name, p) for q, p in _canned())
    }
    median = statistics.median(per_query.values())
    sparql = median_of(functools.partial(kg.sparql, API_SPARQL))
    kg.close()
    result = {"median": median, "sparql_median": sparql, "queries": per_query}
    return {"seconds": [median], "result": result}


CALIBRATION_SIZE = 500_000


def calibration_workload(size: int = CALIBRATION_SIZE) -> int:
    """A fixed Python workload that touches no project code: sort ``size`` pseudo-random
    integers (seeded), fill a dict with them and read it back in another order (memory
    bound, like a store's lookups). Returns a checksum, the same on every run."""
    import random

    draw = random.Random(0).getrandbits
    numbers = [draw(40) for _ in range(size)]
    ordered = sorted(numbers)
    table = {number: index for index, number in enumerate(ordered)}
    return sum(table[number] for number in numbers) % 1_000_003


def op_calibrate(args: argparse.Namespace) -> dict[str, Any]:
    """:func:`calibration_workload` ``--repeat`` times: a figure of the machine's speed
    at that moment, so that runs on a busier or quieter hour can be told apart."""
    seconds, checksum = _timed(calibration_workload, args.repeat)
    return {"seconds": seconds, "result": {"checksum": checksum}}


OPS = {
    "calibrate": op_calibrate,
    "load": op_load,
    "validate": op_validate,
    "closure": op_closure,
    "queries": op_queries,
    "cold": op_cold,
    "api": op_api,
}


def main(argv: list[str] | None = None) -> int:
    """Run one operation and print its JSON result on the last line."""
    parser = argparse.ArgumentParser(prog="python -m bench.ops")
    parser.add_argument("op", choices=sorted(OPS))
    parser.add_argument("engine")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--merged", type=Path)
    parser.add_argument("--inferred", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--write-inferred", type=Path)
    parser.add_argument("--progress", type=Path)
    args = parser.parse_args(argv)
    outcome = OPS[args.op](args)
    sys.stdout.write(json.dumps(outcome) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
