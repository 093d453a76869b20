"""The ``balkan-kg`` command line's arguments: one argparse parser, a subparser a command."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._version import __version__
from ..kg.reason import REASONERS
from ..kg.validate import VALIDATORS
from ..query.engines import DEFAULT_ENGINE, ENDPOINT_ENV, ENGINE_ENV, ENGINES, GRAPH_ENV
from ..query.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from ..query.results import RESULT_FORMATS
from ..rdfio.serialize import GRAPH_FORMATS
from ..server import config as server

PROG = "balkan-kg"
OUTPUT_FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)
"""``--format`` values: a table, a SPARQL results format, or (CONSTRUCT, DESCRIBE) RDF."""


def make_parser() -> argparse.ArgumentParser:
    """The parser of the ``balkan-kg`` command, with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Build, validate and query the balkan-kg knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    graph = _graph_options()
    remote = _remote_options()
    output = _output_options()

    build = commands.add_parser(
        "build",
        help="validate, reason and write the merged and inferred graphs",
        description="Parse the ontology and data, validate them against the shapes, run "
        "OWL 2 RL reasoning, and write merged.{ttl,nt,jsonld}, inferred.{ttl,nt,jsonld} "
        "and manifest.json. Skipped when nothing changed.",
    )
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    build.add_argument(
        "--reasoner",
        choices=REASONERS,
        default=REASONERS[0],
        help="OWL 2 RL reasoner: fast (default) or owlrl, the reference; same output",
    )
    build.add_argument(
        "--validator",
        choices=VALIDATORS,
        default=VALIDATORS[0],
        help="SHACL validator: fast (pyshacl-turbo when installed, default) or pyshacl, "
        "the reference; same report",
    )
    build.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out data/external/ (written to the text-only/ subdirectory)",
    )
    build.add_argument("--out", type=Path, metavar="DIR", help="build directory")

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
        choices=VALIDATORS,
        default=VALIDATORS[0],
        help="fast (pyshacl-turbo when installed, default) or pyshacl, the reference",
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

    commands.add_parser(
        "queries",
        help="list the canned queries",
        description="List the canned queries with their parameters and examples.",
    )

    query = commands.add_parser(
        "query",
        parents=[graph, remote, output],
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

    sparql = commands.add_parser(
        "sparql",
        parents=[graph, remote, output],
        help="run an ad-hoc SPARQL query",
        description="Run a read-only SPARQL query given as text, with --file, or on "
        "standard input ('-'). The project prefixes (bk:, bkg:, ...) are predeclared.",
    )
    sparql.add_argument("text", nargs="?", metavar="QUERY", help="query text, or - for stdin")
    sparql.add_argument("--file", type=Path, metavar="F", help="read the query from F")

    provenance = commands.add_parser(
        "provenance",
        parents=[graph, remote],
        help="show where the facts about a term come from in the text",
        description="Print, for each fact about TERM, the sentence of the source text "
        "and the quoted span it was extracted from.",
    )
    provenance.add_argument("term", metavar="TERM", help="prefixed name or IRI, e.g. bk:Albania")

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
    load.add_argument("--build-dir", type=Path, metavar="DIR", help="build directory to use")
    load.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help=f"time each request to the store may take in all (default: {DEFAULT_TIMEOUT:g})",
    )
    span = commands.add_parser(
        "span",
        help="find a quote in the source text and print its span for data/spans.ttl",
        description="Find QUOTE (exact, case and punctuation included) in the source text "
        "and print its offsets, sentence, phrase IRI and the lines of data/spans.ttl for it. "
        "Exit 1 if the quote is not in the text, or occurs more than once (all occurrences "
        "are listed; --sentence chooses).",
    )
    span.add_argument("quote", metavar="QUOTE", help="the exact words, e.g. 'Albania (2009)'")
    span.add_argument(
        "--sentence", "-s", type=int, metavar="N", help="look only in sentence N (S1 = 1)"
    )

    reanchor = commands.add_parser(
        "reanchor",
        help="find every span again after the source text changed",
        description="Compare the source text file with the text the spans were made for "
        "(the context's nif:isString in data/source.ttl) and find every sentence and phrase "
        "again by its quote and, where the quote occurs more than once, the words around it. "
        "Prints what moves, and every span that cannot be placed by name; with --write, and "
        "only if every span was placed, rewrites the curated files (offsets, phrase IRIs, "
        "the stored text) in place, each atomically. Without --write it prints the diff "
        "and changes nothing. Exit 1 if a span cannot be placed.",
    )
    reanchor.add_argument(
        "--write", action="store_true", help="rewrite the curated files (default: show the diff)"
    )
    _add_serve(commands)
    return parser


def _graph_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out the facts from outside the source text (data/external/)",
    )
    options.add_argument(
        "--no-reasoning",
        dest="reasoning",
        action="store_false",
        help="query only the asserted triples, without the inferred ones",
    )
    options.add_argument("--build-dir", type=Path, metavar="DIR", help="build directory to use")
    options.add_argument(
        "--engine",
        choices=tuple(ENGINES),
        help=f"query engine (default: ${ENGINE_ENV}, else remote if an endpoint is set, "
        f"else {DEFAULT_ENGINE}); rdflib is the reference",
    )
    options.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help=f"stop a query that runs longer (default: {DEFAULT_TIMEOUT:g}); for a remote "
        "store, the time the whole request may take",
    )
    options.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"refuse an answer of more than N rows (default: {DEFAULT_MAX_ROWS})",
    )
    options.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse an answer of more than N bytes, counted as SPARQL TSV terms; a "
        f"remote answer as received (default: {DEFAULT_MAX_BYTES})",
    )
    return options


def _remote_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--endpoint",
        metavar="URL",
        help=f"SPARQL query endpoint of a store loaded with 'balkan-kg load' "
        f"(default: ${ENDPOINT_ENV})",
    )
    options.add_argument(
        "--graph",
        metavar="IRI",
        help=f"graph of the store that holds the data (default: ${GRAPH_ENV}, else the "
        "store's default graph)",
    )
    return options


def _output_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--format",
        "-f",
        choices=OUTPUT_FORMATS,
        default="table",
        help="output format: table (default); json, xml, csv, tsv (SPARQL results); "
        "turtle, nt, jsonld (the graph of a CONSTRUCT or DESCRIBE query)",
    )
    options.add_argument(
        "--wide", action="store_true", help="show long table cells whole instead of cut with …"
    )
    return options


def _add_serve(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``balkan-kg serve`` and its options (the limits are :mod:`balkan_kg.server.config`'s)."""
    serve = commands.add_parser(
        "serve",
        help="serve the graph: a read-only SPARQL endpoint and pages for people",
        description="Serve the current build (building it first if needed) as a web "
        "application: the SPARQL 1.1 Protocol at /sparql (a GET without a query gives the "
        "service description), the dataset's VoID description at /.well-known/void, "
        "/health, a query editor at /, entity pages for every IRI, the source text at "
        "/source, the ontology at /ontology. Queries answer from the asserted and "
        "inferred triples; ?inference=false from the asserted ones only. Needs the serve "
        "extra: pip install 'balkan-kg[serve]'.",
    )
    serve.add_argument(
        "--host",
        default=server.DEFAULT_HOST,
        help=f"address to listen on (default: {server.DEFAULT_HOST}; 0.0.0.0 for every interface)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=server.DEFAULT_PORT,
        help=f"port to listen on (default: {server.DEFAULT_PORT})",
    )
    serve.add_argument("--build-dir", type=Path, metavar="DIR", help="build directory to use")
    serve.add_argument(
        "--no-external",
        dest="include_external",
        action="store_false",
        help="leave out the facts from outside the source text (data/external/)",
    )
    serve.add_argument(
        "--timeout",
        type=float,
        default=server.DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query that runs longer, answering 503 (default: {server.DEFAULT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--max-rows",
        type=int,
        default=server.DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"refuse (503) an answer of more than N rows (default: {server.DEFAULT_MAX_ROWS})",
    )
    serve.add_argument(
        "--max-body",
        type=int,
        default=server.DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=f"refuse (413) a request body larger than this (default: {server.DEFAULT_MAX_BODY})",
    )
    serve.add_argument(
        "--max-answer-bytes",
        type=int,
        default=server.DEFAULT_MAX_ANSWER,
        metavar="BYTES",
        help=f"refuse (503) an answer larger than this (default: {server.DEFAULT_MAX_ANSWER})",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=server.DEFAULT_WORKERS,
        metavar="N",
        help="queries evaluated at once, each in a worker process holding the graph; "
        f"others wait up to the time limit, then get 503 (default: {server.DEFAULT_WORKERS})",
    )
    serve.add_argument(
        "--queue-timeout",
        type=float,
        metavar="SECONDS",
        help="how long a query may wait for a free worker before it gets 503 "
        "(default: the time limit)",
    )
    serve.add_argument(
        "--memory-limit",
        type=int,
        default=server.DEFAULT_MEMORY_LIMIT // 2**20,
        metavar="MIB",
        help="memory (address space) each query worker may use; a query that needs more "
        f"gets 503 (default: {server.DEFAULT_MEMORY_LIMIT // 2**20})",
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="an origin whose pages may query the server (repeat; default: any, '*'; "
        "never with credentials); 'none' turns CORS off",
    )
    serve.add_argument(
        "--forwarded",
        action="store_true",
        help="behind a reverse proxy: name the endpoint by X-Forwarded-Proto and "
        "X-Forwarded-Host (only a proxy you run may set them) instead of Host",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="close (408) a connection whose request line and headers take longer to "
        "arrive (default: 30)",
    )
    serve.add_argument(
        "--log-level",
        choices=("debug", "info", "warning", "error"),
        default="info",
        help="what to log on standard error; info logs a line per request (default: info)",
    )
