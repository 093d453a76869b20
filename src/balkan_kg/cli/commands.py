"""What each ``balkan-kg`` command does, once its arguments are parsed.

Every handler takes the parsed arguments and returns an exit code; expected failures
are raised as :class:`~balkan_kg.errors.BalkanKGError`, whose exit code
:func:`balkan_kg.cli.main` uses. Queries go through the Python API
(:func:`balkan_kg.load`), so the command line answers exactly what the API answers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..api import KnowledgeGraph, load
from ..errors import (
    EXIT_NOT_PUBLISHABLE,
    EXIT_OK,
    CheckError,
    EngineError,
    InputError,
    ParameterError,
    QueryError,
)
from ..layout import Layout, default_layout
from ..namespaces import shorten
from ..query.catalog import bind_canned, get_query, list_queries
from ..query.engines import ENDPOINT_ENV, GRAPH_ENV
from ..query.limits import DEFAULT_TIMEOUT, Limits
from ..query.params import expand_iri
from ..query.results import QueryResult
from .parser import PROG

if TYPE_CHECKING:
    from rdflib import Graph

    from ..kg.spans import Anchors

Handler = Callable[[argparse.Namespace], int]


def run_build(args: argparse.Namespace) -> int:
    """``balkan-kg build``."""
    from ..kg.build import build

    result = build(
        args.out,
        include_external=args.include_external,
        force=args.force,
        reasoner=args.reasoner,
        validator=args.validator,
    )
    triples = result.manifest.get("triples", {})
    state = "up to date" if result.reused else "built"
    print(
        f"{state}: {result.out_dir} ({triples.get('merged', '?')} asserted, "
        f"{triples.get('inferred', '?')} inferred triples)"
    )
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    """``balkan-kg validate``: SHACL, the spans against the source text, and for the
    project data the quality checks."""
    from ..kg.build import check_source
    from ..kg.checks import run_checks
    from ..kg.validate import validate
    from ..rdfio.parse import parse_files

    layout = default_layout()
    shapes = parse_files([args.shapes or layout.shapes])
    ontology = parse_files([args.ontology] if args.ontology else layout.ontology_files)
    data = parse_files(args.files or layout.data_files(args.include_external))
    report = validate(
        data, shapes=shapes, ontology=ontology, layout=layout, validator=args.validator
    )
    print(report.text)
    if not report.conforms:
        return EXIT_NOT_PUBLISHABLE
    check_source(data, layout)
    if not args.files:
        failures = run_checks(ontology, data, layout.check_files())
        if failures:
            raise CheckError(failures)
        print(f"All {len(layout.check_files())} quality checks passed.")
    return EXIT_OK


def run_queries(args: argparse.Namespace) -> int:
    """``balkan-kg queries``: the catalogue with parameters and examples."""
    for query in list_queries():
        print(f"{query.name}: {query.title}")
        for param in query.params:
            need = "required" if param.required else "optional"
            print(f"    --param {param.name}=<{param.type}>  ({need}) {param.description}")
        for example in query.examples:
            shown = " ".join(f"--param {k}={v}" for k, v in example.items())
            print(f"    e.g. {PROG} query {query.name} {shown}".rstrip())
    return EXIT_OK


def run_query(args: argparse.Namespace) -> int:
    """``balkan-kg query NAME``: the canned query through :meth:`KnowledgeGraph.query`."""
    query = get_query(args.name)
    params: dict[str, object] = {}
    if args.example is not None:
        try:
            params.update(query.example(args.example))
        except IndexError as exc:
            raise ParameterError(str(exc)) from None
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ParameterError(f"--param expects NAME=VALUE, got {item!r}")
        params[name] = value
    bind_canned(query, params)  # refuse bad parameters before loading the graph
    with _load(args) as kg:  # stops the query worker when the command is done
        result = kg.query(query.name, limits=_limits(args), **params)
    write_result(result, args, sys.stdout)
    return EXIT_OK


def run_sparql(args: argparse.Namespace) -> int:
    """``balkan-kg sparql``: an ad-hoc query through :meth:`KnowledgeGraph.sparql`."""
    from ..query.text import query_form

    if args.file is not None and args.text is not None:
        raise QueryError("give the query either as text or with --file, not both")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(args.file, None, f"cannot read file: {exc}") from None
    elif args.text == "-":
        text = sys.stdin.read()
    elif args.text:
        text = args.text
    else:
        raise QueryError("no query given: pass QUERY, --file F, or - to read stdin")
    query_form(text)  # refuse updates and junk before loading the graph
    with _load(args) as kg:
        result = kg.sparql(text, limits=_limits(args))
    write_result(result, args, sys.stdout)
    return EXIT_OK


def run_provenance(args: argparse.Namespace) -> int:
    """``balkan-kg provenance TERM``: the sentences and spans behind a term's facts."""
    try:
        iri = expand_iri(args.term)
    except ValueError as exc:
        raise ParameterError(f"TERM {args.term!r} is not an IRI: {exc}") from None
    with _load(args) as kg:
        records = kg.provenance(iri)
        external = kg.external_sources(iri)
    if not records and not external:
        print(f"{PROG}: no provenance found for {shorten(iri)}", file=sys.stderr)
        return EXIT_NOT_PUBLISHABLE
    for record in records:
        print(shorten(record.fact) if record.fact else f"{shorten(iri)} (named in the text)")
        print(f"  sentence {shorten(record.sentence)}: {record.sentence_text}")
        if record.quote is not None:
            span = f" [{record.begin}-{record.end}]" if record.begin is not None else ""
            print(f'  quote{span}: "{record.quote}"')
    for fact, source in external:
        print(f"{shorten(fact)} (external fact, not in the text)")
        print(f"  source: {source}")
    return EXIT_OK


def run_load(args: argparse.Namespace) -> int:
    """``balkan-kg load``: push the build into a store with the Graph Store Protocol."""
    from ..kg.graphstore import load_into_store

    endpoint = args.endpoint or os.environ.get(ENDPOINT_ENV, "").strip()
    if not endpoint:
        raise EngineError(f"load needs the store's SPARQL endpoint: --endpoint or ${ENDPOINT_ENV}")
    report = load_into_store(
        endpoint,
        graph=args.graph or os.environ.get(GRAPH_ENV, "").strip() or None,
        store_url=args.store_url,
        reasoning=args.reasoning,
        include_external=args.include_external,
        build_dir=args.build_dir,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
    )
    where = f"graph <{report.graph}>" if report.graph else "the default graph"
    sent = " + ".join(path.name for path in report.files)
    print(f"sent {report.sent} triples ({sent}) to {where} of {report.store_url}")
    print(f"{report.endpoint} holds {report.held} triples in {where}")
    if not report.complete:
        print(
            f"{PROG}: error: the store holds {report.held} triples in {where}, not the "
            f"{report.sent} sent (does the endpoint see the graph the store wrote?)",
            file=sys.stderr,
        )
        return EXIT_NOT_PUBLISHABLE
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """``balkan-kg serve``: the web application, with uvicorn, until interrupted.

    Builds first if the build is not current; logs one line per request (and uvicorn's
    own messages, not its access log) on standard error
    (:func:`balkan_kg.server.transport.serve`).

    :raises EngineError: without the serve extra.
    :raises ConfigError: for settings out of range.
    """
    try:
        import starlette  # noqa: F401 - asked for here, whatever modules are loaded already
        import uvicorn  # noqa: F401

        from ..server.app import create_app
        from ..server.config import ConfigError, ServerConfig, cors_origins
        from ..server.transport import serve
    except ImportError as exc:
        raise EngineError(
            f"serve needs the serve extra ({exc.name} is missing): pip install 'balkan-kg[serve]'"
        ) from None
    if not args.header_timeout > 0:
        raise ConfigError(f"--header-timeout must be positive, got {args.header_timeout!r}")
    config = ServerConfig(
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_body=args.max_body,
        max_answer_bytes=args.max_answer_bytes,
        max_workers=args.workers,
        queue_timeout=args.queue_timeout,
        memory_limit=args.memory_limit * 2**20,
        cors_origins=cors_origins(args.cors_origin),
        build_dir=args.build_dir,
        include_external=args.include_external,
        trust_forwarded=args.forwarded,
    )
    app = create_app(config)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    shown = f"[{shown}]" if ":" in shown else shown
    print(
        f"{PROG}: serving http://{shown}:{args.port}/ (Ctrl-C stops)", file=sys.stderr, flush=True
    )
    serve(app, args.host, args.port, args.log_level, args.header_timeout)
    return EXIT_OK


def run_span(args: argparse.Namespace) -> int:
    """``balkan-kg span QUOTE [--sentence N]``: the span of a quote, as Turtle."""
    from ..kg.spans import locate, phrase_iri, phrase_turtle
    from ..rdfio.parse import parse_files

    layout = default_layout()
    text = _source_text(layout.source_text)
    anchors = _anchors(parse_files(layout.data_files(include_external=False)), layout)
    try:
        matches = locate(text, args.quote, anchors.sentence_list(), args.sentence)
    except ValueError as exc:
        raise InputError(layout.source_text, None, str(exc)) from None
    where = f"sentence {args.sentence}" if args.sentence is not None else "the text"
    if not matches:
        print(f"{PROG}: {args.quote!r} is not in {where} (the match is exact)", file=sys.stderr)
        return EXIT_NOT_PUBLISHABLE
    if len(matches) > 1:
        print(f"{PROG}: {args.quote!r} occurs {len(matches)} times in {where}:", file=sys.stderr)
        for match in matches:
            number = f"S{match.sentence.number}" if match.sentence else "no sentence"
            print(f"  {number}, characters {match.begin}-{match.end}", file=sys.stderr)
        print("choose one with --sentence N, or write its lines by hand", file=sys.stderr)
        return EXIT_NOT_PUBLISHABLE
    match = matches[0]
    iri = phrase_iri(anchors.context, match.begin, match.end)
    number = f"S{match.sentence.number}" if match.sentence else "no sentence"
    known = any(p.iri == iri for p in anchors.phrases)
    print(
        f"# {number}, characters {match.begin}-{match.end}"
        + (" (already in the data)" if known else "")
    )
    print(phrase_turtle(anchors.context, match), end="")
    return EXIT_OK


def run_reanchor(args: argparse.Namespace) -> int:
    """``balkan-kg reanchor [--write]``: find every span again in a changed source text."""
    from ..kg.spans import check_rewrite, diff, expected_graph, reanchor, rewrite
    from ..rdfio.atomic import write_text_atomic
    from ..rdfio.parse import parse_files

    layout = default_layout()
    files = {path: path.read_text(encoding="utf-8") for path in layout.data_files()}
    graph = parse_files(files)
    anchors = _anchors(graph, layout)
    plan = reanchor(anchors, _source_text(layout.source_text))
    changes = "the text changed" if plan.text_changed else "the text is unchanged"
    print(
        f"{changes}; {plan.checked} spans checked: {len(plan.moves)} move, "
        f"{len(plan.unplaced)} cannot be placed"
    )
    if plan.unplaced:
        for unplaced in plan.unplaced:
            print(f"  not placed: {unplaced}")
        print(
            f"{PROG}: nothing written; give each span above its new words (nif:anchorOf) or "
            "write it again with 'balkan-kg span', then run reanchor again",
            file=sys.stderr,
        )
        return EXIT_NOT_PUBLISHABLE
    try:
        rewritten = rewrite(files, anchors, plan)
        check_rewrite(files, rewritten, expected_graph(graph, anchors, plan))
    except ValueError as exc:
        raise InputError(layout.data_dir, None, str(exc)) from None
    if not rewritten:
        print("nothing to change")
        return EXIT_OK
    if not args.write:
        sys.stdout.write(diff(files, rewritten, layout.root))
        print(f"{len(rewritten)} files would change; run with --write to rewrite them")
        return EXIT_OK
    for path, text in sorted(rewritten.items()):
        write_text_atomic(path, text)
        print(f"rewrote {path.relative_to(layout.root).as_posix()}")
    return EXIT_OK


def _source_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"cannot read the source text: {exc}") from None


def _anchors(graph: Graph, layout: Layout) -> Anchors:
    from ..kg.spans import read_anchors

    try:
        return read_anchors(graph)
    except ValueError as exc:
        raise InputError(layout.data_dir, None, str(exc)) from None


HANDLERS: dict[str, Handler] = {
    "build": run_build,
    "validate": run_validate,
    "queries": run_queries,
    "query": run_query,
    "sparql": run_sparql,
    "provenance": run_provenance,
    "load": run_load,
    "serve": run_serve,
    "span": run_span,
    "reanchor": run_reanchor,
}
"""Command name -> handler."""


def _load(args: argparse.Namespace) -> KnowledgeGraph:
    # The command runs no other thread, so its query worker can be a plain fork.
    return load(
        include_external=args.include_external,
        reasoning=args.reasoning,
        build_dir=args.build_dir,
        engine=args.engine,
        endpoint=args.endpoint,
        default_graph=args.graph,
        timeout=args.timeout,
        start_method="fork",
    )


def _limits(args: argparse.Namespace) -> Limits:
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    return Limits(timeout=timeout, max_rows=args.max_rows, max_bytes=args.max_bytes)


def write_result(result: QueryResult, args: argparse.Namespace, out: TextIO) -> None:
    """Write ``result`` in ``args.format`` (a table unless told otherwise).

    :raises QueryError: for a format that this kind of result cannot be written in.
    """
    if args.format == "table":
        # A table is for a terminal: what the data holds must not drive it.
        lines = result.to_table(wide=args.wide).split("\n")
        out.write("\n".join(_printable(line) for line in lines) + "\n")
        return
    try:
        text = result.serialize(args.format)
    except ValueError as exc:
        raise QueryError(f"--format {args.format}: {exc}") from None
    out.write(text if text.endswith("\n") or not text else text + "\n")


def _printable(text: str) -> str:
    """``text`` without control characters (``ESC`` and the others a terminal obeys)."""
    return "".join(c if c.isprintable() else " " if c.isspace() else "" for c in text)
