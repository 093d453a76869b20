"""A remote SPARQL 1.1 endpoint as a query engine, over HTTP with SPARQLWrapper.

:class:`RemoteEngine` offers :meth:`~RemoteEngine.evaluate` as the embedded engines do
(see :mod:`balkan_kg.query.engines`), so canned queries and the Python API run unchanged
against Oxigraph, Jena Fuseki, QLever or Virtuoso. A store cannot be handed prefixes
natively, so the project ``PREFIX`` lines the query does not declare itself are put in
front of its text; nothing else is changed (parameters are already bound as a typed
``VALUES`` block, see :mod:`balkan_kg.query.params`).

Answers are parsed by pyoxigraph (SPARQL JSON, XML or TSV results, chosen by the
server's ``Content-Type``; Turtle or N-Triples for a graph), so they become the same
pyoxigraph terms and :class:`~balkan_kg.query.results.QueryResult` as the other engines
give. Virtuoso's non-standard JSON ``"typed-literal"`` is read as a typed literal, and
its answer to an ASK query (solutions of ``__ASK_RETVAL``) as the boolean it stands for.

Every failure becomes an :class:`~balkan_kg.errors.EndpointError` subclass with a
message for a person: HTTP 400 (:class:`~balkan_kg.errors.EndpointQueryError`, with the
server's explanation), other HTTP errors (with the status and the server's text), a
time-out (:class:`~balkan_kg.errors.EndpointTimeoutError`) and a server that cannot be
reached (:class:`~balkan_kg.errors.EndpointUnreachableError`).
"""

from __future__ import annotations

import ast
import http.client
import re
import socket
import urllib.error
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ..errors import (
    EndpointError,
    EndpointQueryError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    EngineError,
)
from .limits import DEFAULT_TIMEOUT, Limits
from .results import QueryResult
from .text import QueryForm, prologue

if TYPE_CHECKING:
    import pyoxigraph

RESULT_FORMATS: Final = ("json", "xml")
"""The SPARQL results formats :class:`RemoteEngine` can ask for."""

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
_RESULT_PARSERS = {"json": "JSON", "xml": "XML", "tab-separated": "TSV"}
_GRAPH_PARSERS = {"n-triples": "N_TRIPLES", "turtle": "TURTLE"}


class RemoteEngine:
    """Runs queries on a SPARQL 1.1 endpoint (the query URL, e.g. ``.../sparql``).

    ``default_graph`` (an IRI) is sent as the protocol's ``default-graph-uri``, so
    queries written for the default graph run unchanged on a store that keeps the data
    in a named graph. ``result_format`` (``"json"`` or ``"xml"``) is the SPARQL results
    format asked for. Requests are POSTed (form-encoded), so long queries never hit a
    URL length limit; each is bounded by the query's time limit.

    :raises EngineError: for a URL that is not http(s) with a host, or another format.
    """

    name = "remote"

    def __init__(
        self,
        endpoint_url: str,
        default_graph: str | None = None,
        result_format: str = "json",
    ) -> None:
        self.endpoint_url = check_http_url(endpoint_url)
        if result_format not in RESULT_FORMATS:
            raise EngineError(
                f"unknown result format {result_format!r} (choose from "
                f"{', '.join(RESULT_FORMATS)})",
            )
        self.default_graph = default_graph
        self.result_format = result_format

    def __repr__(self) -> str:
        graph = f" graph <{self.default_graph}>" if self.default_graph else ""
        return f"<RemoteEngine {self.endpoint_url}{graph}>"

    def evaluate(
        self, text: str, form: QueryForm, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        """Send ``text`` (after the ``PREFIX`` lines it lacks) and read the answer.

        :raises EndpointError: subclasses as listed in the module docstring.
        """
        import pyoxigraph

        timeout = limits.timeout if limits.timeout is not None else DEFAULT_TIMEOUT
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body, content_type = self.fetch(
            prologue(prefixes, text) + text,
            form,
            "turtle" if graph else self.result_format,
            timeout,
        )
        shown = content_type or "no Content-Type"
        try:
            if graph:
                rdf_format = next(
                    (v for k, v in _GRAPH_PARSERS.items() if k in content_type), "TURTLE"
                )
                parsed = pyoxigraph.parse(
                    body, format=getattr(pyoxigraph.RdfFormat, rdf_format), lenient=False
                )
                return QueryResult(form, triples=[quad.triple for quad in parsed])
            results_format = next(
                (v for k, v in _RESULT_PARSERS.items() if k in content_type),
                self.result_format.upper(),
            )
            answer = pyoxigraph.parse_query_results(
                body, format=getattr(pyoxigraph.QueryResultsFormat, results_format)
            )
            if form == "ASK" and isinstance(answer, pyoxigraph.QuerySolutions):
                return QueryResult(form, boolean=_virtuoso_boolean(answer))
            return QueryResult.from_oxigraph(answer, form)
        except (SyntaxError, ValueError, TypeError) as exc:
            raise EndpointError(
                self.endpoint_url,
                f"the answer to a {form} query is not readable ({shown}): {_one_line(str(exc))}",
            ) from None

    def fetch(
        self, query_text: str, form: QueryForm, return_format: str, timeout: float
    ) -> tuple[bytes, str]:
        """POST ``query_text`` unchanged and return the answer's body and Content-Type.

        ``return_format`` is a SPARQLWrapper format name (``json``, ``xml``,
        ``turtle``), sent as the ``Accept`` header.

        :raises EndpointError: subclasses as listed in the module docstring.
        """
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoint_url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # the Accept header alone says which format
        wrapper.setReturnFormat(return_format)
        # setTimeout() truncates to int (0.5 s would become 0, i.e. no time-out at all);
        # urlopen, which receives the attribute, takes a float.
        wrapper.timeout = timeout  # type: ignore[assignment]
        if self.default_graph:
            wrapper.addDefaultGraph(self.default_graph)
        wrapper.setQuery(query_text)
        # SPARQLWrapper guesses the form with a regex that comment lines can fool (a
        # description saying "loaded" made it send a SPARQL LOAD update); ours is exact.
        wrapper.queryType = form
        try:
            response = wrapper.query().response
            body = response.read()
            content_type = response.headers.get("Content-Type", "") or ""
        except Exception as exc:
            raise translate_http_failure(self.endpoint_url, exc, timeout) from None
        return body, content_type.lower()


def _virtuoso_boolean(solutions: pyoxigraph.QuerySolutions) -> bool:
    """The answer of Virtuoso 7 to an ASK query, which it writes as solutions.

    Virtuoso answers ASK in JSON and XML with the one variable ``__ASK_RETVAL``: a row
    holding 1 for true, no row for false (it has no boolean result writer).

    :raises ValueError: for any other solutions.
    """
    from .results import to_python

    names = [variable.value for variable in solutions.variables]
    if names != ["__ASK_RETVAL"]:
        raise ValueError(f"solutions of {names} instead of a boolean")
    return any(to_python(solution[0]) in (1, True) for solution in solutions)


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
