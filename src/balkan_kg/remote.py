"""A remote SPARQL 1.1 endpoint as a query engine, over HTTP with SPARQLWrapper.

:class:`RemoteEngine` offers the same three methods as the embedded engines (see
:mod:`balkan_kg.engine`), so canned queries and the Python API run unchanged against
Oxigraph, Jena Fuseki, QLever or Virtuoso. The query text it sends is exactly the text
it is given: for canned queries that is the query file with the parameters bound as a
typed ``VALUES`` block (:func:`balkan_kg.params.bind`); nothing is formatted into it.

Answers are parsed with rdflib's SPARQL results parsers (JSON or XML, chosen by the
server's ``Content-Type``, else by ``result_format``), so they become the same rdflib
terms and the same :class:`~balkan_kg.results.QueryResult` as the other engines give.
Virtuoso's non-standard JSON ``"typed-literal"`` is read as a typed literal.

Every failure becomes an :class:`~balkan_kg.errors.EndpointError` subclass with a
message for a person: HTTP 400 (:class:`~balkan_kg.errors.EndpointQueryError`, with the
server's explanation), other HTTP errors (with the status and the server's text), a
time-out (:class:`~balkan_kg.errors.EndpointTimeoutError`) and a server that cannot be
reached (:class:`~balkan_kg.errors.EndpointUnreachableError`).
"""

from __future__ import annotations

import ast
import http.client
import io
import re
import socket
import urllib.error
import urllib.parse
from typing import TYPE_CHECKING, Final

from .errors import (
    EndpointError,
    EndpointQueryError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    EngineError,
    QueryError,
)
from .querytext import query_form
from .results import QueryResult

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

RESULT_FORMATS: Final = ("json", "xml")
"""The SPARQL results formats :class:`RemoteEngine` can ask for."""

DEFAULT_TIMEOUT: Final = 60.0
"""Seconds to wait for a connection and for each read from the server."""

_MAX_SERVER_TEXT = 600
_SPARQLWRAPPER_RESPONSE = re.compile(r"Response:\n(b(['\"]).*\2)\s*\Z", re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]+>")
_HTML_PAGE = re.compile(r"<(!DOCTYPE\s+html|html|body|head|title|h1|p)\b", re.IGNORECASE)
_SPARQLWRAPPER_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


class RemoteEngine:
    """Runs queries on a SPARQL 1.1 endpoint (the query URL, e.g. ``.../sparql``).

    ``timeout`` bounds the connection and each read, in seconds. ``default_graph``
    (an IRI) is sent as the protocol's ``default-graph-uri``, so queries written for
    the default graph run unchanged on a store that keeps the data in a named graph.
    ``result_format`` is ``"json"`` or ``"xml"``. Requests are POSTed (form-encoded),
    so long queries never hit a URL length limit.
    """

    name = "remote"

    def __init__(
        self,
        endpoint_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        default_graph: str | None = None,
        result_format: str = "json",
    ) -> None:
        self.endpoint_url = check_http_url(endpoint_url)
        if not timeout > 0:
            raise EngineError(f"the time-out must be positive, got {timeout!r}")
        if result_format not in RESULT_FORMATS:
            raise EngineError(
                f"unknown result format {result_format!r} (choose from "
                f"{', '.join(RESULT_FORMATS)})",
            )
        self.timeout = float(timeout)
        self.default_graph = default_graph
        self.result_format = result_format

    def __repr__(self) -> str:
        graph = f" graph <{self.default_graph}>" if self.default_graph else ""
        return f"<RemoteEngine {self.endpoint_url}{graph}>"

    def select(self, query_text: str) -> QueryResult:
        """Run a SELECT query; variables keep the order of the server's answer head."""
        return QueryResult.from_rdflib(self._results(query_text, "SELECT"))

    def ask(self, query_text: str) -> bool:
        """Run an ASK query."""
        return bool(self._results(query_text, "ASK").askAnswer)

    def construct(self, query_text: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the answer is read as Turtle or N-Triples."""
        from .parsing import new_graph

        form = query_form(query_text)
        if form not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"expected a CONSTRUCT or DESCRIBE query, got {form}")
        body, content_type = self.fetch(query_text, "turtle")
        graph = new_graph()
        if "xml" in content_type:
            rdf_format = "xml"
        elif "n-triples" in content_type:
            rdf_format = "nt"
        else:
            rdf_format = "turtle"
        try:
            graph.parse(data=body, format=rdf_format)
        except Exception as exc:
            raise EndpointError(
                self.endpoint_url, f"the answer is not readable RDF ({content_type}): {exc}"
            ) from None
        return graph

    def _results(self, query_text: str, expected: str) -> Result:
        from rdflib.query import Result

        form = query_form(query_text)
        if form != expected:
            raise QueryError(f"expected a {expected} query, got {form}")
        body, content_type = self.fetch(query_text, self.result_format)
        if "json" in content_type:
            parser = "json"
        elif "xml" in content_type:
            parser = "xml"
        else:
            parser = self.result_format
        try:
            result = Result.parse(io.BytesIO(body), format=parser)
        except Exception as exc:
            shown = content_type or "no Content-Type"
            raise EndpointError(
                self.endpoint_url,
                f"the answer is not a SPARQL {parser.upper()} result ({shown}): "
                f"{_one_line(str(exc))}",
            ) from None
        if result.type != expected:
            raise EndpointError(
                self.endpoint_url, f"asked a {expected} query, the answer is a {result.type}"
            )
        return result

    def fetch(self, query_text: str, return_format: str) -> tuple[bytes, str]:
        """POST ``query_text`` unchanged and return the answer's body and Content-Type.

        ``return_format`` is a SPARQLWrapper format name (``json``, ``xml``,
        ``turtle``), sent as the ``Accept`` header. Raises the
        :class:`~balkan_kg.errors.EndpointError` subclasses listed in the module doc.
        """
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoint_url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # the Accept header alone says which format
        wrapper.setReturnFormat(return_format)
        # setTimeout() truncates to int (0.5 s would become 0, i.e. no time-out at all);
        # urlopen, which receives the attribute, takes a float.
        wrapper.timeout = self.timeout  # type: ignore[assignment]
        if self.default_graph:
            wrapper.addDefaultGraph(self.default_graph)
        wrapper.setQuery(query_text)
        # SPARQLWrapper guesses the form with a regex that comment lines can fool (a
        # description saying "loaded" made it send a SPARQL LOAD update); ours is exact.
        wrapper.queryType = query_form(query_text)
        try:
            response = wrapper.query().response
            body = response.read()
            content_type = response.headers.get("Content-Type", "") or ""
        except Exception as exc:
            raise translate_http_failure(self.endpoint_url, exc, self.timeout) from None
        return body, content_type.lower()


def check_http_url(url: str) -> str:
    """``url`` if it is an absolute ``http``/``https`` URL with a host, else raise.

    Raises :class:`~balkan_kg.errors.EngineError` (a usage error) saying what is wrong.
    """
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EngineError(f"{url}: not an http:// or https:// URL with a host")
    return url.strip()


def translate_http_failure(url: str, exc: BaseException, timeout: float) -> EndpointError:
    """The :class:`~balkan_kg.errors.EndpointError` that explains ``exc``.

    ``exc`` is what urllib or SPARQLWrapper raised while talking to ``url``: an HTTP
    error status, a time-out, a refused or dropped connection. Anything else is
    reported as an unexpected failure, still with its text.
    """
    status, text = _http_status(exc)
    if status is not None:
        return http_status_error(url, status, text)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError | socket.timeout):
        return EndpointTimeoutError(
            url, f"no answer within {timeout:g} s (time-out; raise it with --timeout)"
        )
    if isinstance(reason, OSError | http.client.HTTPException):
        why = getattr(reason, "strerror", None) or _one_line(str(reason)) or type(reason).__name__
        return EndpointUnreachableError(url, f"cannot reach the server: {why}")
    return EndpointError(url, f"request failed: {type(exc).__name__}: {_one_line(str(exc))}")


def http_status_error(url: str, status: int, server_text: str) -> EndpointError:
    """The error for an HTTP error ``status``, quoting the server's explanation."""
    said = f": {server_text}" if server_text else ""
    if status == 400:
        return EndpointQueryError(url, f"the server rejected the request (HTTP 400){said}", 400)
    if status == 404:
        return EndpointError(url, f"nothing found at this URL (HTTP 404); check it{said}", 404)
    if status in (401, 403):
        return EndpointError(url, f"access denied (HTTP {status}){said}", status)
    if status >= 500:
        return EndpointError(url, f"the server failed (HTTP {status}){said}", status)
    return EndpointError(url, f"unexpected answer (HTTP {status}){said}", status)


def server_text(body: bytes) -> str:
    """A server's error body as one short line (tags of an HTML page dropped, <= 600 chars)."""
    text = body.decode("utf-8", errors="replace")
    if _HTML_PAGE.search(text):
        text = _HTML_TAG.sub(" ", text)
    text = _one_line(text)
    return text if len(text) <= _MAX_SERVER_TEXT else text[: _MAX_SERVER_TEXT - 3] + "..."


def _http_status(exc: BaseException) -> tuple[int | None, str]:
    """The HTTP status and server text behind ``exc``, or ``(None, "")``."""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read()
        except Exception:
            body = b""
        return exc.code, server_text(body or b"")
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if isinstance(exc, SPARQLWrapperException):
        # SPARQLWrapper read the body already and kept it only in its message.
        cause = exc.__context__
        if isinstance(cause, urllib.error.HTTPError):
            status: int | None = cause.code
        else:
            status = _SPARQLWRAPPER_STATUS.get(type(exc).__name__)
        match = _SPARQLWRAPPER_RESPONSE.search(str(exc))
        body = b""
        if match:
            try:
                body = ast.literal_eval(match.group(1))
            except (ValueError, SyntaxError):
                body = b""
        return status, server_text(body if isinstance(body, bytes) else b"")
    return None, ""


def _one_line(text: str) -> str:
    return " ".join(text.split())
