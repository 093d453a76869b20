"""The ``balkan-kg`` command line.

Exit codes: 0 success; 1 the data fails validation, a quality check, a consistency check,
or a lookup found nothing, or a store does not hold what ``load`` sent; 2 bad input or
usage (unreadable file, malformed query, unknown query or parameter, contradictory engine
options, argparse errors); 3 a remote endpoint or store failed (unreachable, time-out,
HTTP error other than 400). Expected errors print one message on stderr, never a
traceback.

``query``, ``sparql`` and ``provenance`` run on the engine chosen by ``--engine``
(``rdflib``, ``oxigraph``, ``remote``) and ``--endpoint``, else ``$BALKAN_KG_ENGINE`` and
``$BALKAN_KG_ENDPOINT``, else embedded rdflib (see :func:`balkan_kg.engine.choose_engine`).

Start-up: a plain ``balkan-kg query NAME`` on a current build is answered by the quick
path (:mod:`balkan_kg.quick`) in a few tens of milliseconds, so this module imports
nothing at the top that the quick path does not need: :func:`parse_quick` reads such a
command line without argparse, and every other one goes through :func:`make_parser`.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

from .errors import (
    BalkanKGError,
    CheckError,
    EndpointError,
    InconsistencyError,
    QueryError,
    ValidationError,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

    from .api import KnowledgeGraph
    from .results import QueryResult

    Args = argparse.Namespace | SimpleNamespace

PROG = "balkan-kg"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
FORMATS = ("table", "json", "csv")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    args: Args | None = parse_quick(sys.argv[1:] if argv is None else argv)
    if args is None:
        parser = make_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse: --help/--version (0) or usage error (2)
            return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return int(args.handler(args))
    except (ValidationError, CheckError, InconsistencyError) as exc:
        _error(str(exc))
        return EXIT_FAILED
    except EndpointError as exc:
        _error(str(exc))
        return EXIT_USAGE if isinstance(exc, QueryError) else EXIT_UNAVAILABLE
    except BalkanKGError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


# The options parse_quick reads, each with its argparse dest: flags that store False, and
# options that take a value (as the next argument or after "=" for a long option).
_QUICK_FLAGS = {"--no-external": "include_external", "--no-reasoning": "reasoning"}
_QUICK_VALUES = {
    "--param": "param",
    "-p": "param",
    "--format": "format",
    "-f": "format",
    "--build-dir": "build_dir",
}


def parse_quick(argv: Sequence[str]) -> SimpleNamespace | None:
    """What ``make_parser().parse_args(argv)`` gives for a plain ``query NAME`` command line.

    Building the parser (eleven subparsers) and importing argparse take longer than the
    quick path takes to answer, so the common forms are read here: ``query NAME``
    followed by ``--param``/``-p NAME=VALUE`` (also ``--param=NAME=VALUE``),
    ``--example [N]``, ``--format``/``-f table|json|csv``, ``--no-external``,
    ``--no-reasoning`` and ``--build-dir DIR``, with the same values (``vars()`` of both
    are equal). Anything else gives ``None`` and goes to argparse, so every other form,
    every error and ``--help`` behave as argparse makes them: another command, an
    abbreviated or unknown option, ``--engine`` and the remote options, a second
    positional, a value starting with ``-``, or an ``--example`` that is not digits.
    """
    if len(argv) < 2 or argv[0] != "query" or argv[1].startswith("-"):
        return None
    params: list[str] = []
    values: dict[str, object] = {
        "command": "query",
        "include_external": True,
        "reasoning": True,
        "build_dir": None,
        "engine": None,
        "endpoint": None,
        "graph": None,
        "timeout": None,
        "format": "table",
        "name": argv[1],
        "param": params,
        "example": None,
        "handler": _cmd_query,
    }
    rest = list(argv[2:])
    while rest:
        arg = rest.pop(0)
        if arg in _QUICK_FLAGS:
            values[_QUICK_FLAGS[arg]] = False
            continue
        if arg == "--example":  # nargs="?": takes the next argument unless an option
            if rest and not rest[0].startswith("-"):
                if not (rest[0].isascii() and rest[0].isdigit()):
                    return None
                values["example"] = int(rest.pop(0))
            else:
                values["example"] = 1
            continue
        option, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        dest = _QUICK_VALUES.get(option)
        if dest is None:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if dest == "param":
            params.append(value)
        elif dest == "format":
            if value not in FORMATS:
                return None
            values["format"] = value
        else:
            from pathlib import Path

            values["build_dir"] = Path(value)
    return SimpleNamespace(**values)


def make_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``balkan-kg`` command, with one subparser per command."""
    import argparse
    from pathlib import Path

    from . import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Build, validate and query the balkan-kg knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    graph_options = argparse.ArgumentParser(add_help=False)
    graph_options.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out the facts from outside the source text (data/external/)",
    )
    graph_options.add_argument(
        "--no-reasoning",
        dest="reasoning",
        action="store_false",
        help="query only the asserted triples, without the inferred ones",
    )
    graph_options.add_argument(
        "--build-dir", type=Path, metavar="DIR", help="build cache directory to use"
    )
    from .engine_names import ENDPOINT_ENV, ENGINE_ENV, ENGINES, GRAPH_ENV

    graph_options.add_argument(
        "--engine",
        choices=ENGINES,
        help=f"query engine (default: ${ENGINE_ENV}, else remote if an endpoint is set, "
        "else rdflib); oxigraph is embedded pyoxigraph",
    )
    remote_options = argparse.ArgumentParser(add_help=False)
    remote_options.add_argument(
        "--endpoint",
        metavar="URL",
        help=f"SPARQL query endpoint of a store loaded with 'balkan-kg load' "
        f"(default: ${ENDPOINT_ENV})",
    )
    remote_options.add_argument(
        "--graph",
        metavar="IRI",
        help=f"graph of the store that holds the data (default: ${GRAPH_ENV}, else the "
        "store's default graph)",
    )
    remote_options.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="time-out of each request to the endpoint (default: 60)",
    )
    output_options = argparse.ArgumentParser(add_help=False)
    output_options.add_argument(
        "--format", "-f", choices=FORMATS, default="table", help="output format (default: table)"
    )

    build = commands.add_parser(
        "build",
        help="validate, reason and write the merged and inferred graphs",
        description="Parse the ontology and data, validate them against the shapes, run "
        "the quality checks and OWL 2 RL reasoning, and write merged.{ttl,nt,jsonld}, "
        "inferred.{ttl,nt,jsonld} and manifest.json. Skipped when nothing changed.",
    )
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    build.add_argument(
        "--reasoner",
        choices=("fast", "owlrl"),
        default="fast",
        help="OWL 2 RL reasoner: fast (default) or owlrl, the reference; same output",
    )
    build.add_argument(
        "--validator",
        choices=("fast", "pyshacl"),
        default="fast",
        help="SHACL validator: fast (pyshacl-turbo, default) or pyshacl, the reference; "
        "same report",
    )
    build.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out data/external/ (written to the text-only/ subdirectory)",
    )
    build.add_argument("--out", type=Path, metavar="DIR", help="build directory")
    build.set_defaults(handler=_cmd_build)

    validate = commands.add_parser(
        "validate",
        help="check data against the SHACL shapes",
        description="Validate RDF files (default: the project data and external facts) "
        "against the SHACL shapes. For the project data the quality checks run too. "
        "Exit 0 if it conforms, 1 on violations, 2 if an input cannot be read.",
    )
    validate.add_argument("files", nargs="*", type=Path, metavar="FILE", help="RDF files")
    validate.add_argument(
        "--validator",
        choices=("fast", "pyshacl"),
        default="fast",
        help="fast (pyshacl-turbo, default) or pyshacl, the reference; same report",
    )
    validate.add_argument("--shapes", type=Path, metavar="FILE", help="SHACL shapes file")
    validate.add_argument(
        "--ontology", type=Path, metavar="FILE", help="ontology giving the class hierarchy"
    )
    validate.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out data/external/ when validating the project data",
    )
    validate.set_defaults(handler=_cmd_validate)

    queries = commands.add_parser(
        "queries",
        help="list the canned queries",
        description="List the canned queries with their parameters and examples.",
    )
    queries.set_defaults(handler=_cmd_queries)

    query = commands.add_parser(
        "query",
        parents=[graph_options, remote_options, output_options],
        help="run a canned query",
        description="Run a canned query by name, e.g. "
        "'balkan-kg query members-since --param org=bk:NATO'.",
    )
    query.add_argument("name", metavar="NAME", help="query name (see 'balkan-kg queries')")
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value; repeat for several",
    )
    query.add_argument(
        "--example",
        nargs="?",
        type=int,
        const=1,
        metavar="N",
        help="use the parameters of the query's N-th '# example:' line (default 1); "
        "--param values override them",
    )
    query.set_defaults(handler=_cmd_query)

    sparql = commands.add_parser(
        "sparql",
        parents=[graph_options, remote_options, output_options],
        help="run an ad-hoc SPARQL query",
        description="Run a read-only SPARQL query given as text, with --file, or on "
        "standard input ('-'). The project prefixes (bk:, bkg:, ...) are predeclared.",
    )
    sparql.add_argument("text", nargs="?", metavar="QUERY", help="query text, or - for stdin")
    sparql.add_argument("--file", type=Path, metavar="F", help="read the query from F")
    sparql.set_defaults(handler=_cmd_sparql)

    provenance = commands.add_parser(
        "provenance",
        parents=[graph_options, remote_options],
        help="show where the facts about a term come from in the text",
        description="Print, for each fact about TERM, the sentence of the source text "
        "and the quoted span it was extracted from.",
    )
    provenance.add_argument("term", metavar="TERM", help="prefixed name or IRI, e.g. bk:Albania")
    provenance.set_defaults(handler=_cmd_provenance)

    load = commands.add_parser(
        "load",
        help="push the built graph into a triple store (SPARQL Graph Store Protocol)",
        description="Build if needed, then replace a graph of a triple store with the built "
        "graph (HTTP PUT and POST of N-Triples to STORE?graph=IRI, or STORE?default), and "
        "report how many triples the store holds in that graph (a COUNT query on the "
        "endpoint). Exit 1 if that is not the number sent, 3 if the store fails.",
    )
    load.add_argument(
        "--endpoint",
        metavar="URL",
        help=f"the store's SPARQL query endpoint (default: ${ENDPOINT_ENV})",
    )
    load.add_argument(
        "--store-url",
        metavar="URL",
        help="the store's Graph Store Protocol URL (default for an endpoint ending in "
        "/query, as Oxigraph's: /store next to it)",
    )
    load.add_argument(
        "--graph",
        metavar="IRI",
        help=f"named graph to replace (default: ${GRAPH_ENV}, else the default graph)",
    )
    load.add_argument(
        "--no-reasoning",
        dest="reasoning",
        action="store_false",
        help="send only the asserted triples, without the inferred ones",
    )
    load.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out the facts from outside the source text (data/external/)",
    )
    load.add_argument("--build-dir", type=Path, metavar="DIR", help="build cache directory to use")
    load.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="time-out of each request to the store (default: 60)",
    )
    load.set_defaults(handler=_cmd_load)
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

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


def _cmd_validate(args: argparse.Namespace) -> int:
    from .parsing import new_graph, parse_files
    from .resources import default_layout
    from .validate import validate

    layout = default_layout()
    shapes = parse_files([args.shapes or layout.shapes])
    ontology_file = args.ontology or (layout.ontology if layout.ontology.is_file() else None)
    ontology = parse_files([ontology_file]) if ontology_file else new_graph()
    files = args.files or layout.source_files(args.include_external, include_ontology=False)
    data = parse_files(files)
    report = validate(
        data, shapes=shapes, ontology=ontology, layout=layout, validator=args.validator
    )
    print(report.text)
    if not report.conforms:
        return EXIT_FAILED
    if not args.files:
        from .checks import run_checks

        failures = run_checks(ontology, data, layout.check_files())
        if failures:
            raise CheckError(failures)
        print(f"All {len(layout.check_files())} quality checks passed.")
    return EXIT_OK


def _cmd_queries(args: argparse.Namespace) -> int:
    from .catalog import list_queries

    for query in list_queries():
        print(f"{query.name}: {query.title}")
        for param in query.params:
            need = "required" if param.required else "optional"
            print(f"    --param {param.name}=<{param.type}>  ({need}) {param.description}")
        for example in query.examples:
            shown = " ".join(f"--param {k}={v}" for k, v in example.items())
            print(f"    e.g. {PROG} query {query.name} {shown}".rstrip())
    return EXIT_OK


def _cmd_query(args: Args) -> int:
    from .catalog import get_query
    from .errors import ParameterError
    from .params import bind

    query = get_query(args.name)
    params: dict[str, object] = {}
    if args.example is not None:
        if not 1 <= args.example <= len(query.examples):
            raise ParameterError(
                f"query {query.name!r} has {len(query.examples)} example(s), "
                f"no example {args.example}"
            )
        params.update(query.examples[args.example - 1])
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ParameterError(f"--param expects NAME=VALUE, got {item!r}")
        params[name] = value
    text = bind(query, **params)  # fail on bad input before loading the graph
    result = _quick(args, text)
    _write_result(result or _load(args).sparql(text), args.format, sys.stdout)
    return EXIT_OK


def _quick(args: Args, text: str) -> QueryResult | None:
    """The quick path's answer (see :mod:`balkan_kg.quick`), or ``None`` if it does not apply.

    It applies only when no engine was chosen (options or environment) and the output
    format is one whose text it gives exactly as the default rdflib engine does.
    """
    import os

    from .engine_names import engine_chosen
    from .quick import QUICK_FORMATS, quick_query

    chosen = engine_chosen(args.engine, args.endpoint, os.environ)
    # --graph/--timeout without an endpoint must reach load(), which rejects them.
    chosen = chosen or args.graph is not None or args.timeout is not None
    if chosen or args.format not in QUICK_FORMATS:
        return None
    return quick_query(
        text,
        include_external=args.include_external,
        reasoning=args.reasoning,
        build_dir=args.build_dir,
    )


def _cmd_sparql(args: argparse.Namespace) -> int:
    from .errors import InputError, QueryError

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
    from .querytext import query_form

    query_form(text)  # reject updates and junk before loading the graph
    _write_result(_load(args).sparql(text), args.format, sys.stdout)
    return EXIT_OK


def _cmd_provenance(args: argparse.Namespace) -> int:
    from .errors import ParameterError
    from .namespaces import shorten
    from .params import expand_iri

    try:
        iri = expand_iri(args.term)
    except ValueError as exc:
        raise ParameterError(f"TERM {args.term!r} is not an IRI: {exc}") from None
    kg = _load(args)
    records = kg.provenance(iri)
    external = kg.external_sources(iri)
    if not records and not external:
        _error(f"no provenance found for {shorten(iri)}")
        return EXIT_FAILED
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


def _cmd_load(args: argparse.Namespace) -> int:
    import os

    from .engine_names import ENDPOINT_ENV, GRAPH_ENV
    from .errors import EngineError
    from .graphstore import load_into_store
    from .remote import DEFAULT_TIMEOUT

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
        _error(
            f"the store holds {report.held} triples in {where}, not the {report.sent} sent "
            "(does the endpoint see the graph the store wrote?)"
        )
        return EXIT_FAILED
    return EXIT_OK


def _load(args: Args) -> KnowledgeGraph:
    from .api import load

    return load(
        include_external=args.include_external,
        reasoning=args.reasoning,
        build_dir=args.build_dir,
        engine=args.engine,
        endpoint=args.endpoint,
        default_graph=args.graph,
        timeout=args.timeout,
    )


def _write_result(result: QueryResult, format_name: str, out: TextIO) -> None:
    if format_name == "json":
        out.write(result.to_json() + "\n")
    elif format_name == "csv":
        out.write(result.to_csv())
    else:
        out.write(result.to_table() + "\n")


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
