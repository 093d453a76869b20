"""Push the built graph into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

:func:`load_into_store` is ``balkan-kg load``: it takes the files of the build cache
(``merged.nt``, plus ``inferred.nt`` unless reasoning is left out), replaces the target
graph with the first (HTTP ``PUT``), adds the second (HTTP ``POST``), both as
N-Triples, and then asks the store's SPARQL endpoint how many triples the graph holds
(a constant ``COUNT`` query, the graph sent as ``default-graph-uri``).

The target is ``<store>?graph=IRI`` for a named graph, or ``<store>?default`` for the
default graph (SPARQL 1.1 Graph Store HTTP Protocol, sections 4.1 and 4.2). Each file is
sent as its own request, so blank node labels are scoped per file exactly as when the
files are parsed locally. Each request is bounded in total time (the time-out covers
sending the file and reading the answer, see :func:`balkan_kg.query.remote.http_request`)
and the store's answer to it in size (:data:`MAX_ANSWER_BYTES`).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..errors import EndpointError, EngineError, ParameterError, redact_url
from ..query.execute import execute
from ..query.limits import DEFAULT_TIMEOUT, Limits
from ..query.params import expand_iri
from ..query.remote import RemoteEngine, check_http_url, http_request
from .build import build

N_TRIPLES: Final = "application/n-triples"

MAX_ANSWER_BYTES: Final = 1024 * 1024
"""Bytes of a store's answer to a PUT or POST that are read; a longer one is an error."""

TRIPLE_COUNT_QUERY: Final = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"
"""Counts the triples of the default graph (or of the ``default-graph-uri`` graph)."""


@dataclass(frozen=True)
class LoadReport:
    """What :func:`load_into_store` did.

    ``store_url`` and ``endpoint`` are the URLs used, as shown (a password as ``***``);
    ``graph`` is the target graph IRI (``None``: the default graph), ``sent`` the number
    of triples sent (from the build manifest) and ``held`` the number the store reports
    for that graph afterwards; ``files`` are the files sent, in order.
    """

    store_url: str
    endpoint: str
    graph: str | None
    files: tuple[Path, ...]
    sent: int
    held: int

    @property
    def complete(self) -> bool:
        """Whether the store holds exactly the triples that were sent."""
        return self.sent == self.held


def default_store_url(endpoint: str) -> str:
    """The Graph Store URL next to a query ``endpoint`` ending in ``/query`` (Oxigraph).

    ``http://host:7878/query`` gives ``http://host:7878/store``. Other stores name their
    endpoints differently (Fuseki ``/ds/sparql`` and ``/ds/data``, Virtuoso ``/sparql``
    and ``/sparql-graph-crud``), so for any other path this raises
    :class:`~balkan_kg.errors.ParameterError` asking for ``--store-url``.
    """
    parts = urllib.parse.urlsplit(check_http_url(endpoint))
    if not parts.path.endswith("/query"):
        raise ParameterError(
            f"cannot tell the Graph Store URL of {redact_url(endpoint)}: give it with --store-url "
            "(e.g. http://localhost:3030/ds/data for Fuseki); only an endpoint ending in "
            "/query (Oxigraph) has a default (/store next to it)"
        )
    path = parts.path[: -len("/query")] + "/store"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def graph_target(store_url: str, graph: str | None) -> str:
    """``store_url`` with ``?graph=IRI`` (percent-encoded) or ``?default`` appended."""
    query = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    separator = "&" if urllib.parse.urlsplit(store_url).query else "?"
    return f"{store_url}{separator}{query}"


def send_file(target: str, path: Path, method: str, timeout: float = DEFAULT_TIMEOUT) -> int:
    """Send the N-Triples file ``path`` to ``target`` with ``method`` (PUT or POST),
    all within ``timeout`` seconds.

    Returns the HTTP status (2xx).

    :raises EndpointError: subclasses for an HTTP error, a time-out (of the whole
        request) or an unreachable server.
    :raises ResultTooLargeError: for an answer longer than :data:`MAX_ANSWER_BYTES`.
    :raises InputError: if the file cannot be read.
    """
    from ..errors import InputError

    try:
        body = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    answer = http_request(
        target,
        method=method,
        data=body,
        headers={"Content-Type": N_TRIPLES},
        timeout=timeout,
        max_bytes=MAX_ANSWER_BYTES,
    )
    return answer.status


def load_into_store(
    endpoint: str,
    *,
    graph: str | None = None,
    store_url: str | None = None,
    reasoning: bool = True,
    include_external: bool = True,
    build_dir: str | Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> LoadReport:
    """Replace ``graph`` (``None``: the default graph) in a store with the built graph.

    ``endpoint`` is the store's SPARQL query URL, used to count the triples afterwards;
    ``store_url`` its Graph Store Protocol URL (default: :func:`default_store_url`).
    Builds first if the cache is stale (see :func:`balkan_kg.kg.build.build`). Raises
    :class:`~balkan_kg.errors.EndpointError` subclasses when the store fails, and
    :class:`~balkan_kg.errors.ParameterError` for a graph that is not an absolute IRI,
    and :class:`~balkan_kg.errors.EngineError` for a bad URL or time-out.
    """
    if not timeout > 0:
        raise EngineError(f"the time-out must be positive, got {timeout!r}")
    endpoint = check_http_url(endpoint)
    store = check_http_url(store_url) if store_url else default_store_url(endpoint)
    if graph is not None:
        try:
            graph = expand_iri(graph)
        except ValueError as exc:
            raise ParameterError(f"graph {graph!r} is not an IRI: {exc}") from None
    result = build(build_dir, include_external=include_external)
    files = tuple(result.query_files(reasoning))
    names = [path.name for path in files]
    target = graph_target(store, graph)
    for index, path in enumerate(files):
        send_file(target, path, "PUT" if index == 0 else "POST", timeout)
    outputs = result.manifest.get("outputs", {})
    sent = sum(int(outputs.get(name, {}).get("triples", 0)) for name in names)
    held = count_triples(endpoint, graph, timeout)
    return LoadReport(redact_url(store), redact_url(endpoint), graph, files, sent, held)


def count_triples(endpoint: str, graph: str | None, timeout: float = DEFAULT_TIMEOUT) -> int:
    """The number of triples ``endpoint`` holds in ``graph`` (``None``: its default graph).

    The query text is constant; the graph is passed as the protocol's
    ``default-graph-uri``, never written into the query.
    """
    engine = RemoteEngine(endpoint, default_graph=graph)
    rows = execute(engine, TRIPLE_COUNT_QUERY, limits=Limits(timeout=timeout)).rows
    value = rows[0].get("triples") if rows else None
    if not isinstance(value, int):
        raise EndpointError(endpoint, f"the triple count is not an integer: {value!r}")
    return value
