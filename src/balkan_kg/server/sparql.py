"""``/sparql``: the SPARQL 1.1 Protocol, read-only, through the one query funnel.

Requests
--------
=======================================================  ===============================
request                                                  the query is
=======================================================  ===============================
``GET /sparql?query=...``                                the ``query`` parameter
``POST`` ``application/x-www-form-urlencoded``           the ``query`` field of the body
``POST`` ``application/sparql-query``                    the body (UTF-8)
``GET /sparql`` (or ``HEAD``) without ``query``          none: the service description
                                                         (:mod:`.description`)
=======================================================  ===============================

Parameters, from the URL and (for a form) the body, each decoded exactly once
(:func:`~.protocol.decode_params`): ``query``; ``inference`` (``true``, the default:
the asserted and inferred triples; ``false``: the asserted ones only); ``format`` (or
``output``) to choose the result format instead of ``Accept``; ``timeout`` (seconds, a
shorter time limit than the server's); ``default-graph-uri`` (only the served graph,
:data:`~.description.SERVED_GRAPH`) and ``named-graph-uri`` (none: there are no named
graphs). A parameter given twice, or in both the URL and the body, is refused.

Answers
-------
SELECT and ASK: SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT and DESCRIBE:
Turtle (the default), N-Triples or JSON-LD; chosen by ``format=`` or else by
``Accept`` with its q-values (``application/json`` means SPARQL JSON or JSON-LD,
``application/xml`` and ``text/xml`` SPARQL XML). Every answer says ``Vary: Accept``.
The answer is written completely before anything is sent, so a response is either
whole or an error.

======  ==================================================================
status  when
======  ==================================================================
400     a malformed request or query (the engine's message, line:column),
        SERVICE, FROM, FROM NAMED, another graph, a bad parameter
403     an update (``update=``, ``application/sparql-update``, or a query
        text that is an update, ``LOAD`` included), before evaluation
405     a method other than GET, HEAD, POST and OPTIONS (with ``Allow``)
406     no result format the request accepts
413     a body over the server's limit (``--max-body``)
415     a POST body of another type, or in another charset than UTF-8
503     the query ran past its time limit (stopped), its answer passed the
        row or byte cap, its worker died (memory cap), or every worker stayed
        busy (with ``Retry-After``)
======  ==================================================================

Every query goes through :meth:`balkan_kg.api.KnowledgeGraph.sparql`, that is
:func:`balkan_kg.query.execute.execute`, in the thread pool, on engines whose workers
the time limit kills (:mod:`balkan_kg.query.isolation`); :class:`~.slots.Slots` bounds
how many run at once.
"""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import BalkanKGError, ResultTooLargeError
from ..query.limits import Limits
from ..query.results import MEDIA_TYPES, QueryResult
from ..query.text import QueryForm, query_form
from .description import SERVED_GRAPH, ServiceDescription, Written, describe
from .negotiate import best_match
from .protocol import (
    Params,
    RequestError,
    decode_params,
    error_response,
    media_type,
    merge_params,
    read_body,
    single,
)
from .state import ServerState

ALLOWED = "GET, HEAD, POST, OPTIONS"

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
"""Media types offered for SELECT and ASK results, in the server's order of preference."""
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/x-turtle": "turtle",
    "application/json": "jsonld",
}
"""Media types offered for CONSTRUCT and DESCRIBE results, in order of preference."""
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
}
"""``format=`` names: the format for (SELECT/ASK, CONSTRUCT/DESCRIBE), ``None`` where
that kind of result cannot be written so."""
FORM_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")
UPDATE_TYPE = "application/sparql-update"
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update requests are refused (send queries "
    "with query=, or a body of type application/sparql-query)"
)


def routes(state: ServerState) -> list[BaseRoute]:
    """``/sparql``, for every method (other methods are answered 405 here)."""
    written = Written(ServiceDescription(state).triples)

    async def endpoint(request: Request) -> Response:
        return await answer(state, written, request)

    methods = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"]
    return [Route("/sparql", endpoint, methods=methods)]


async def answer(state: ServerState, written: Written, request: Request) -> Response:
    """Answer one protocol request (module docstring), an error included."""
    headers = {"Vary": "Accept"}
    try:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ALLOWED, **headers})
        if request.method not in ("GET", "HEAD", "POST"):
            raise RequestError(
                405, f"{request.method} is not allowed here; use GET or POST", {"Allow": ALLOWED}
            )
        params, text = await read_request(request, state.config.max_body)
        if "update" in params:
            raise RequestError(403, READ_ONLY)
        if text is None:
            if request.method == "POST":
                raise RequestError(
                    400, "no query: send query=... or a body of type application/sparql-query"
                )
            return await describe(written, request, params, html=True)
        if not text.strip():
            raise RequestError(400, "the query is empty")
        form = query_form(text)  # an update is refused (403) before anything else
        inference = _inference(single(params, "inference"))
        _check_graphs(params)
        limits = _limits(state, single(params, "timeout"))
        format_name, media = choose_format(
            form,
            request.headers.get("accept"),
            single(params, "format") or single(params, "output"),
        )
        started = time.perf_counter()
        body = await evaluate(state, text, inference, limits, format_name)
        elapsed = (time.perf_counter() - started) * 1000
        headers["Server-Timing"] = f"query;dur={elapsed:.1f}"
        return Response(body, media_type=media, headers=headers)
    except (RequestError, BalkanKGError) as exc:
        return error_response(exc, headers)


async def read_request(request: Request, max_body: int) -> tuple[Params, str | None]:
    """The parameters of a request and its query text (``None`` when it has none).

    :raises RequestError: (400) for a malformed query string or body, a query given
        twice; (403) for a body of type ``application/sparql-update``; (413) for a body
        over ``max_body`` bytes; (415) for another body type or charset.
    """
    url_params = decode_params(request.scope.get("query_string", b""), "the query string")
    if request.method != "POST":
        return url_params, single(url_params, "query")
    kind, parameters = media_type(request)
    charset = parameters.get("charset")
    if kind == UPDATE_TYPE:
        raise RequestError(403, READ_ONLY)
    if kind not in FORM_TYPES:
        shown = f"a body of type {kind!r}" if kind else "a body without a Content-Type"
        raise RequestError(
            415,
            f"{shown} is not a query; send {' or '.join(FORM_TYPES)}",
            {"Accept-Post": ", ".join(FORM_TYPES)},
        )
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise RequestError(415, f"the body must be UTF-8, not {charset[:30]!r}")
    body = await read_body(request, max_body)
    if kind == FORM_TYPES[0]:
        params = merge_params(url_params, decode_params(body, "the form body"), "in the body")
        return params, single(params, "query")
    if "query" in url_params:
        raise RequestError(400, "a query is given both in the URL and as the body; give it once")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(400, f"the query is not UTF-8 (byte {exc.start})") from None
    return url_params, text.removeprefix("\ufeff")


def choose_format(form: QueryForm, accept: str | None, asked: str | None) -> tuple[str, str]:
    """The format name and media type to answer a ``form`` query in: ``asked`` (a
    ``format=`` name or media type) if given, else the best of ``Accept``.

    >>> choose_format("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None)
    ('xml', 'application/sparql-results+xml')
    >>> choose_format("CONSTRUCT", None, "json")
    ('jsonld', 'application/ld+json')

    :raises RequestError: (400) for an unknown ``format=`` value; (406) for a format
        that cannot hold this kind of result, or an ``Accept`` that allows none.
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    choices = ", ".join(dict.fromkeys(offered.values()))
    if asked is not None:
        key = asked.strip().lower()
        if key in FORMAT_NAMES:
            name = FORMAT_NAMES[key][1 if graph else 0]
        elif key in offered:
            name = offered[key]
        elif key in RESULT_TYPES or key in GRAPH_TYPES:
            name = None
        else:
            raise RequestError(
                400, f"unknown format {asked[:40]!r}; one of {choices} (or a media type)"
            )
        if name is None:
            raise RequestError(
                406, f"a {form} result cannot be written as {asked[:40]!r}; choose {choices}"
            )
        return name, MEDIA_TYPES[name]
    chosen = best_match(accept, list(offered))
    if chosen is None:
        raise RequestError(
            406,
            f"none of the media types in Accept can hold a {form} result; this endpoint "
            f"writes {', '.join(MEDIA_TYPES[n] for n in dict.fromkeys(offered.values()))} "
            f"(or use format={'|'.join(dict.fromkeys(offered.values()))})",
        )
    name = offered[chosen]
    return name, MEDIA_TYPES[name]


async def evaluate(
    state: ServerState, text: str, inference: bool, limits: Limits, format_name: str
) -> bytes:
    """Answer ``text`` on the reasoned (or asserted) graph through the query funnel and
    write the answer as ``format_name``, in the thread pool (one hop for both), holding
    one of the server's query slots.

    :raises RequestError: (503) when no slot came free in time.
    :raises BalkanKGError: what :meth:`~balkan_kg.api.KnowledgeGraph.sparql` raises.
    """
    graph = state.graph(inference)
    cap = state.config.max_answer_bytes

    def run() -> bytes:
        result = graph.sparql(text, limits)
        if cap is not None and answer_size(result) > cap:  # before writing it out
            raise ResultTooLargeError(too_large(cap))
        body = result.serialize(format_name).encode("utf-8")
        if cap is not None and len(body) > cap:
            raise ResultTooLargeError(too_large(cap))
        return body

    async with state.slots.hold():
        return await run_in_threadpool(run)


def answer_size(result: QueryResult) -> int:
    """The characters of the terms of an answer: a lower bound of any format's size."""
    if result.is_graph:
        return sum(len(str(triple)) for triple in result.triples)
    return sum(len(str(term)) for terms in result.terms for term in terms if term is not None)


def too_large(cap: int) -> str:
    return (
        f"the answer is larger than this server's cap of {cap:,} bytes; narrow the query, "
        "add a LIMIT, or project fewer or shorter values"
    )


def _inference(value: str | None) -> bool:
    """The ``inference`` parameter: ``true`` (default) or ``false``.

    :raises RequestError: (400) for another value.
    """
    if value is None or value.strip().lower() == "true":
        return True
    if value.strip().lower() == "false":
        return False
    raise RequestError(400, f"inference must be true or false, not {value[:20]!r}")


def _check_graphs(params: Params) -> None:
    """Refuse ``named-graph-uri`` and a ``default-graph-uri`` other than the served graph.

    :raises RequestError: (400) naming the graph.
    """
    for name in params.get("named-graph-uri", []):
        raise RequestError(
            400, f"named-graph-uri <{name[:200]}>: this endpoint has no named graphs"
        )
    for name in params.get("default-graph-uri", []):
        if name != SERVED_GRAPH:
            raise RequestError(
                400,
                f"default-graph-uri <{name[:200]}>: only this endpoint's graph "
                f"<{SERVED_GRAPH}> can be queried (other graphs are never fetched)",
            )


def _limits(state: ServerState, timeout: str | None) -> Limits:
    """The server's limits, with a shorter time limit if the request asks for one.

    :raises RequestError: (400) for a ``timeout`` that is not a positive number.
    """
    limits = state.config.limits
    if timeout is None:
        return limits
    try:
        seconds = float(timeout)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise RequestError(
            400, f"timeout must be a positive number of seconds, not {timeout[:20]!r}"
        )
    if limits.timeout is not None and seconds >= limits.timeout:
        return limits
    return Limits(timeout=seconds, max_rows=limits.max_rows)
