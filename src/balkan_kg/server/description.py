"""The endpoint describing itself: the SPARQL 1.1 Service Description and VoID.

A GET of ``/sparql`` without a query answers the **service description**
(:func:`service_description`): the endpoint URL as the request reached it, the query
languages (SPARQL 1.0 and 1.1 Query, no Update), the result formats, the entailment
(OWL 2 RL closure by default), the endpoint's own features (the ``inference``
parameter, the time limit, the row cap, read-only), the default dataset with its
triple count and a link to its VoID description, and every canned query as a SHACL
SPARQL executable (``sh:SPARQLSelectExecutable`` with ``sh:select``, the query text
bound to its first example, and ``schema:target`` the endpoint, as the SIB
``sparql-examples`` collections write them).

``/.well-known/void`` answers the build's ``void.ttl`` (:mod:`balkan_kg.kg.void`) with
its endpoint renamed to the one the request reached.

Both are Turtle by default, or N-Triples or JSON-LD by ``Accept`` (or ``format=``).
A browser asking for the service description (HTML preferred to every RDF format) is
redirected (303) to the query editor at ``/``.
"""

from __future__ import annotations

import decimal
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..kg.void import DATASET, SERVICE_FRAGMENT, with_endpoint
from ..namespaces import DCT, PREFIXES, RDF, RDFS, SCHEMA, SD, SH, VOID, XSD
from ..query.catalog import CannedQuery, bind_canned, list_queries
from ..query.results import MEDIA_TYPES
from ..query.text import declared_prefixes
from ..rdfio.serialize import FORMAT_NAMES, GRAPH_FORMATS
from .negotiate import best_match
from .protocol import RequestError, decode_params, error_response, single
from .state import ServerState
from .urls import base_url

if TYPE_CHECKING:
    import pyoxigraph

FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
PROFILE = "http://www.w3.org/ns/owl-profile/"
SERVED_GRAPH = DATASET
"""The name of the dataset, which other stores give this graph (``balkan-kg load
--graph``): the only one a request's ``default-graph-uri`` may name."""
VOID_PATH = "/.well-known/void"
ENDPOINT_PATH = "/sparql"

RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
)
GRAPH_MEDIA = {MEDIA_TYPES[name]: name for name in GRAPH_FORMATS}
"""Media type -> graph format, in the order offered (Turtle first)."""
GRAPH_FORMAT_NAMES = {**FORMAT_NAMES, "json": "jsonld", **GRAPH_MEDIA}
"""``format=`` values a description can be written in."""
PLACEHOLDER = "http://base-url.balkan-kg.invalid"
"""The base URL descriptions are written for, then replaced by the request's."""


def graph_format(request: Request, params: dict[str, list[str]], html: bool) -> str | None:
    """The graph format a request for a description asks for; ``None`` for HTML (only
    when ``html`` is offered).

    :raises RequestError: (400) for an unknown ``format=`` value, (406) when ``Accept``
        allows none of the formats.
    """
    asked = single(params, "format") or single(params, "output")
    if asked is not None:
        name = GRAPH_FORMAT_NAMES.get(asked.strip().lower())
        if name is None:
            raise RequestError(
                400, f"unknown format {asked[:40]!r}: a description is turtle, nt or jsonld"
            )
        return name
    offers = list(GRAPH_MEDIA) + (["text/html"] if html else [])
    chosen = best_match(request.headers.get("accept"), offers)
    if chosen is None:
        raise RequestError(
            406,
            "none of the media types in Accept can be given; this description is "
            + ", ".join(GRAPH_MEDIA)
            + " (or use format=turtle|nt|jsonld)",
        )
    return None if chosen == "text/html" else GRAPH_MEDIA[chosen]


class Written:
    """A description written once per format, for any base URL.

    ``make`` gives the description's triples for a base URL; they are made for
    :data:`PLACEHOLDER`, written, and the placeholder replaced in the text by the base
    URL each request reached. So a client sending many ``Host`` values costs a string
    replacement each, not a serialisation (thread-safe: written in the thread pool).
    The base URL holds only characters that are safe in IRIs and JSON strings
    (:func:`~.urls.base_url` checks the host and quotes the path).
    """

    def __init__(self, make: Callable[[str], list[pyoxigraph.Triple]]) -> None:
        self._make = make
        self._texts: dict[str, str] = {}
        self._lock = threading.Lock()

    def text(self, base: str, format_name: str) -> bytes:
        """The description for the server at ``base``, written as ``format_name``."""
        from ..rdfio.serialize import canonical, serialize

        with self._lock:
            text = self._texts.get(format_name)
        if text is None:
            text = serialize(canonical(self._make(PLACEHOLDER)), format_name)
            with self._lock:
                self._texts[format_name] = text
        return text.replace(PLACEHOLDER, base).encode("utf-8")


async def describe(
    written: Written, request: Request, params: dict[str, list[str]], html: bool
) -> Response:
    """A description for ``request``, naming the URLs under the one the request reached
    (or, if ``html`` and a browser asks for HTML, a redirect to ``/``).

    :raises RequestError: as :func:`graph_format` and :func:`~.urls.base_url` do.
    """
    state: ServerState = request.app.state.balkan_kg
    base = base_url(request, state.config.trust_forwarded)
    format_name = graph_format(request, params, html)
    if format_name is None:
        root = str(request.scope.get("root_path", "")).rstrip("/")
        return RedirectResponse(root + "/", status_code=303, headers={"Vary": "Accept"})
    body = await run_in_threadpool(written.text, base, format_name)
    return Response(body, media_type=MEDIA_TYPES[format_name], headers={"Vary": "Accept"})


def service_description(
    state: ServerState, base: str, examples: list[tuple[CannedQuery, str]] | None = None
) -> list[pyoxigraph.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint of the server at ``base``
    (the module docstring says what it holds); ``examples`` are :func:`examples`
    of the state, computed here unless given."""
    import pyoxigraph as ox

    triples: list[ox.Triple] = []

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def add(subject: str, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(iri(subject), iri(predicate), obj))

    def text(value: str) -> ox.Literal:
        return ox.Literal(value, language="en")

    def number(value: int | float, datatype: str) -> ox.Literal:
        lexical = str(value)
        if isinstance(value, float):  # the canonical decimal form, which Turtle keeps
            lexical = format(decimal.Decimal(repr(value)), "f")
            lexical += "" if "." in lexical else ".0"
        return ox.Literal(lexical, datatype=iri(datatype))

    config = state.config
    endpoint = base + ENDPOINT_PATH
    service = endpoint + SERVICE_FRAGMENT
    void = base + VOID_PATH
    reasoned, asserted = len(state.graph(True)), len(state.graph(False))
    add(service, RDF + "type", iri(SD + "Service"))
    add(service, SD + "endpoint", iri(endpoint))
    add(service, DCT + "title", text("balkan-kg SPARQL endpoint"))
    add(
        service,
        RDFS + "comment",
        text(
            "A read-only SPARQL 1.1 Protocol endpoint over the balkan-kg knowledge graph. "
            "Queries may be sent by GET (query=), by POST form (query=) or by POST with "
            "Content-Type application/sparql-query; results come as SPARQL JSON, XML, CSV "
            "or TSV, graphs as Turtle, N-Triples or JSON-LD, by Accept or format=. The "
            "project prefixes (bk:, bkg:, org:, prov:, nif:, ...) need not be declared."
        ),
    )
    for language in ("SPARQL10Query", "SPARQL11Query"):
        add(service, SD + "supportedLanguage", iri(SD + language))
    for name in RESULT_FORMAT_IRIS:
        add(service, SD + "resultFormat", iri(FORMATS + name))
    add(service, SD + "defaultEntailmentRegime", iri(ENTAILMENT + "OWL-RDF-Based"))
    add(service, SD + "defaultSupportedEntailmentProfile", iri(PROFILE + "RL"))
    add(service, RDFS + "seeAlso", iri(void))
    features = {
        "inference": (
            "inference parameter",
            f"Queries are answered from the {reasoned} triples of the default graph: the "
            f"{asserted} asserted ones and those the OWL 2 RL rules derive from them "
            "(materialised when the graph is built). With the request parameter "
            f"inference=false they are answered from the {asserted} asserted triples only.",
            None,
        ),
        "time-limit": (
            "time limit",
            f"A query that runs longer than {config.timeout:g} s is stopped and answered "
            "503 (Service Unavailable); a request may ask for a shorter limit with "
            "timeout=SECONDS. A query that finds every worker busy waits up to "
            f"{config.wait_for_worker:g} s, then is answered 503 with Retry-After.",
            number(config.timeout, XSD + "decimal"),
        ),
        "row-limit": (
            "row limit",
            f"An answer of more than {config.max_rows} solutions (or triples) is refused "
            "with 503 and no part of it is sent: narrow the query or add a LIMIT.",
            number(config.max_rows, XSD + "integer"),
        ),
        "read-only": (
            "read-only",
            "SPARQL Update requests (also LOAD) are refused with 403 before anything is "
            "evaluated. SERVICE, FROM and FROM NAMED are refused with 400, as are "
            f"named-graph-uri and any default-graph-uri but <{SERVED_GRAPH}>. A request "
            f"body may have at most {config.max_body} bytes (413).",
            None,
        ),
    }
    for name, (label, comment, value) in features.items():
        feature = f"{endpoint}#{name}"
        add(service, SD + "feature", iri(feature))
        add(feature, RDF + "type", iri(SD + "Feature"))
        add(feature, RDFS + "label", text(label))
        add(feature, RDFS + "comment", text(comment))
        if value is not None:
            add(feature, RDF + "value", value)

    add(service, SD + "defaultDataset", iri(DATASET))
    add(DATASET, RDF + "type", iri(SD + "Dataset"))
    add(DATASET, RDFS + "seeAlso", iri(void))
    graph = f"{endpoint}#default-graph"
    add(DATASET, SD + "defaultGraph", iri(graph))
    add(graph, RDF + "type", iri(SD + "Graph"))
    add(graph, VOID + "triples", number(reasoned, XSD + "integer"))

    for query, query_text in examples if examples is not None else state_examples(state):
        example = f"{endpoint}#example-{query.name}"
        add(example, RDF + "type", iri(SH + "SPARQLExecutable"))
        add(example, RDF + "type", iri(SH + "SPARQLSelectExecutable"))
        add(example, DCT + "identifier", ox.Literal(query.name))
        add(example, RDFS + "label", text(query.title))
        add(example, RDFS + "comment", text(query.description))
        add(example, SH + "select", ox.Literal(query_text))
        add(example, SCHEMA + "target", iri(endpoint))
    return triples


def state_examples(state: ServerState) -> list[tuple[CannedQuery, str]]:
    """The canned SELECT queries of the served layout that run as they stand or with
    their first example, each with that text (:func:`example_text`)."""
    from ..errors import BalkanKGError
    from ..query.text import query_form

    runnable = []
    for query in list_queries(state.layout):
        try:
            text = example_text(query)
            if query_form(text) == "SELECT":
                runnable.append((query, text))
        except BalkanKGError:  # a query that cannot be bound is no example
            continue
    return runnable


class ServiceDescription:
    """The service description of one server, its examples worked out once."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._examples: list[tuple[CannedQuery, str]] | None = None

    def triples(self, base: str) -> list[pyoxigraph.Triple]:
        """:func:`service_description` for the server reached at ``base``."""
        if self._examples is None:
            self._examples = state_examples(self.state)
        return service_description(self.state, base, self._examples)


def example_text(query: CannedQuery) -> str:
    """The canned query's text bound to its first example, with ``PREFIX`` lines for the
    project prefixes it uses but does not declare, so it runs on any endpoint.

    :raises ParameterError: when the query needs parameters and has no example.
    """
    text = bind_canned(query, query.examples[0] if query.examples else {})
    own = declared_prefixes(text)
    code = _code(text)
    needed = [
        f"PREFIX {prefix}: <{namespace}>\n"
        for prefix, namespace in PREFIXES.items()
        if prefix not in own and re.search(rf"(?<![\w:.-]){re.escape(prefix)}:", code)
    ]
    return "".join(needed) + text


def _code(text: str) -> str:
    """``text`` without its comment lines (where a prefix may be named, not used)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def routes(state: ServerState) -> list[BaseRoute]:
    """``/.well-known/void``: the VoID description naming this server's endpoint."""
    from ..errors import BalkanKGError

    cached: list[list[pyoxigraph.Triple]] = []

    def triples(base: str) -> list[pyoxigraph.Triple]:
        if not cached:
            import pyoxigraph as ox

            cached.append(
                list(ox.parse(path=state.build.path("void.ttl"), format=ox.RdfFormat.TURTLE))
            )
        return with_endpoint(cached[0], base + ENDPOINT_PATH)

    written = Written(triples)

    async def void(request: Request) -> Response:
        try:
            params = decode_params(request.scope.get("query_string", b""), "the query string")
            return await describe(written, request, params, html=False)
        except (RequestError, BalkanKGError) as exc:
            return error_response(exc, {"Vary": "Accept"})

    return [Route(VOID_PATH, void, methods=["GET", "HEAD"])]
