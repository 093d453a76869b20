"""A remote SPARQL 1.1 endpoint as a query engine, over HTTP, bounded per request.

:class:`RemoteEngine` offers :meth:`~RemoteEngine.evaluate` as the embedded engines do
(see :mod:`balkan_kg.query.engines`), so canned queries and the Python API run unchanged
against Oxigraph, Jena Fuseki, QLever or Virtuoso. A store cannot be handed prefixes
natively, so the project ``PREFIX`` lines the query does not declare itself are put in
front of its text; nothing else is changed (parameters are already bound as a typed
``VALUES`` block, see :mod:`balkan_kg.query.params`).

SPARQLWrapper writes each query request (:meth:`RemoteEngine.sparql_request`: the
SPARQL 1.1 Protocol's form-encoded POST, its ``Accept`` header, ``default-graph-uri``,
credentials); every request, those and ``balkan-kg load``'s (:func:`http_request`), is
sent by :func:`send`, bounded:

* in total time: the connection, the request and the whole answer must be done within
  the query's time limit. urllib's own time-out bounds each read, so a server that
  trickles a byte a second could hold a request for ever; here a timer shuts the
  socket down at the deadline, which ends whatever read is waiting, and the request
  fails with :class:`~balkan_kg.errors.EndpointTimeoutError`. The connection is closed
  when the client gives up, so the server can notice and stop;
* in size: the answer is read in pieces and refused with
  :class:`~balkan_kg.errors.ResultTooLargeError` as soon as it passes the byte cap
  (:attr:`~balkan_kg.query.limits.Limits.max_bytes`); an error page is read up to
  64 KiB.

Answers are parsed by pyoxigraph (SPARQL JSON, XML or TSV results, chosen by the
server's ``Content-Type``; Turtle or N-Triples for a graph), so they become the same
pyoxigraph terms and :class:`~balkan_kg.query.results.QueryResult` as the other engines
give. Virtuoso's non-standard JSON ``"typed-literal"`` is read as a typed literal, and
its answer to an ASK query (solutions of ``__ASK_RETVAL``) as the boolean it stands for.

Every failure becomes an :class:`~balkan_kg.errors.EndpointError` subclass with a
message for a person: HTTP 400 (:class:`~balkan_kg.errors.EndpointQueryError`, with the
server's explanation), other HTTP errors (with the status and the server's text), a
time-out (:class:`~balkan_kg.errors.EndpointTimeoutError`) and a server that cannot be
reached (:class:`~balkan_kg.errors.EndpointUnreachableError`). The server's text is cut
to one line of at most 600 characters with control characters (terminal escape
sequences among them) removed, and a password in the endpoint URL
(``http://user:secret@host/``) is sent as HTTP Basic authentication and shown as
``***`` in every message.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import re
import socket
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ..errors import (
    EndpointError,
    EndpointQueryError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    EngineError,
    ResultTooLargeError,
    redact_url,
)
from .limits import DEFAULT_TIMEOUT, Limits
from .results import QueryResult
from .text import QueryForm, prologue

if TYPE_CHECKING:
    import pyoxigraph

RESULT_FORMATS: Final = ("json", "xml")
"""The SPARQL results formats :class:`RemoteEngine` can ask for."""

ACCEPT: Final = {
    "json": "application/sparql-results+json, application/json;q=0.8",
    "xml": "application/sparql-results+xml, application/xml;q=0.8",
    "turtle": "text/turtle, application/n-triples;q=0.9, application/turtle;q=0.8",
}
"""The ``Accept`` header sent for each answer format asked for."""

MAX_ERROR_BODY: Final = 65_536
"""Bytes of an error page that are read (its first 600 characters are shown)."""

_MAX_SERVER_TEXT = 600
_CHUNK = 65_536
_HTML_TAG = re.compile(r"<[^>]+>")
_HTML_PAGE = re.compile(r"<(!DOCTYPE\s+html|html|body|head|title|h1|p)\b", re.IGNORECASE)
_RESULT_PARSERS = {"json": "JSON", "xml": "XML", "tab-separated": "TSV"}
_GRAPH_PARSERS = {"n-triples": "N_TRIPLES", "turtle": "TURTLE"}


class RemoteEngine:
    """Runs queries on a SPARQL 1.1 endpoint (the query URL, e.g. ``.../sparql``).

    ``default_graph`` (an IRI) is sent as the protocol's ``default-graph-uri``, so
    queries written for the default graph run unchanged on a store that keeps the data
    in a named graph. ``result_format`` (``"json"`` or ``"xml"``) is the SPARQL results
    format asked for. Requests are POSTed (form-encoded), so long queries never hit a
    URL length limit; each is bounded by the query's limits (module docstring).

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

    @property
    def shown_url(self) -> str:
        """The endpoint URL as shown in messages, a password replaced by ``***``."""
        return redact_url(self.endpoint_url)

    def __repr__(self) -> str:
        graph = f" graph <{self.default_graph}>" if self.default_graph else ""
        return f"<RemoteEngine {self.shown_url}{graph}>"

    def evaluate(
        self, text: str, form: QueryForm, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        """Send ``text`` (after the ``PREFIX`` lines it lacks) and read the answer.

        :raises EndpointError: subclasses as listed in the module docstring.
        :raises ResultTooLargeError: when the answer passes ``limits.max_bytes``.
        """
        import pyoxigraph

        timeout = limits.timeout if limits.timeout is not None else DEFAULT_TIMEOUT
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body, content_type = self.fetch(
            prologue(prefixes, text) + text,
            form,
            "turtle" if graph else self.result_format,
            timeout,
            limits.max_bytes,
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
                f"the answer to {'an' if form == 'ASK' else 'a'} {form} query is not readable "
                f"({clean_text(shown)}): {clean_text(str(exc))}",
            ) from None

    def fetch(
        self,
        query_text: str,
        form: QueryForm,
        return_format: str,
        timeout: float,
        max_bytes: int | None = None,
    ) -> tuple[bytes, str]:
        """POST ``query_text`` unchanged and return the answer's body and Content-Type.

        ``return_format`` (``json``, ``xml`` or ``turtle``) chooses the ``Accept``
        header; ``form`` is not sent (the protocol has no place for it) but says which
        kind of answer to expect. ``timeout`` bounds the whole request, ``max_bytes``
        the answer.

        :raises EndpointError: subclasses as listed in the module docstring.
        :raises ResultTooLargeError: when the answer passes ``max_bytes``.
        """
        answer = send(
            self.sparql_request(query_text, form, return_format),
            self.endpoint_url,
            timeout=timeout,
            max_bytes=max_bytes,
        )
        return answer.body, answer.content_type

    def sparql_request(
        self, query_text: str, form: QueryForm, return_format: str
    ) -> urllib.request.Request:
        """The SPARQL 1.1 Protocol request for ``query_text``, as SPARQLWrapper writes it:
        a form-encoded POST with ``query`` and ``default-graph-uri``, the ``Accept``
        header of ``return_format`` (``json``, ``xml``, ``turtle``), Basic authentication
        for a user name and password in the URL.

        SPARQLWrapper writes the request; :func:`send` sends it within the limits (its
        own sending bounds only each read, not the whole answer). Two things are
        changed: SPARQLWrapper guesses the query form with a regex that comment lines
        can fool (a description saying "loaded" made it send a SPARQL LOAD update), so
        the form read by :func:`~balkan_kg.query.text.query_form` is given; and the
        ``Authorization`` header is kept from whatever the endpoint redirects to. The
        request is made by SPARQLWrapper's ``_createRequest``, an underscore method
        of SPARQLWrapper 2 (``tests/query/test_remote.py`` fails if it changes).
        """
        from SPARQLWrapper import POST, SPARQLWrapper

        target, user, password = split_credentials(self.endpoint_url)
        wrapper = SPARQLWrapper(target)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # the Accept header alone says which format
        wrapper.setReturnFormat(return_format)
        if self.default_graph:
            wrapper.addDefaultGraph(self.default_graph)
        if user is not None:
            wrapper.setCredentials(user, password or "")
        wrapper.setQuery(query_text)
        wrapper.queryType = form
        request: urllib.request.Request = wrapper._createRequest()
        authorization = request.get_header("Authorization")
        if authorization is not None:  # not carried over to where a redirect points
            request.remove_header("Authorization")
            request.add_unredirected_header("Authorization", authorization)
        return request


@dataclass(frozen=True)
class HttpAnswer:
    """A successful HTTP answer: status (2xx), body and lower-cased Content-Type."""

    status: int
    body: bytes
    content_type: str


def http_request(
    url: str,
    *,
    method: str,
    data: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int | None,
) -> HttpAnswer:
    """One plain HTTP request (``balkan-kg load`` sends files with it), :func:`send`.

    A user name and password in ``url`` are sent as HTTP Basic authentication to that
    URL only (not to where it redirects), and never shown.

    :raises EndpointTimeoutError: when the deadline passes.
    :raises ResultTooLargeError: when the answer passes ``max_bytes``.
    :raises EndpointError: subclasses for an error status or a failed connection.
    """
    target, user, password = split_credentials(url)
    request = urllib.request.Request(target, data=data, method=method)
    for key, value in headers.items():
        request.add_header(key, value)
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
    return send(request, url, timeout=timeout, max_bytes=max_bytes)


def send(
    request: urllib.request.Request, url: str, *, timeout: float, max_bytes: int | None
) -> HttpAnswer:
    """Send ``request``, done within ``timeout`` seconds in all and an answer of at most
    ``max_bytes`` bytes (``None``: no cap), or an error (module docstring). ``url``
    names the endpoint in messages (its password shown as ``***``). Proxies and
    redirects are followed as urllib does.

    :raises EndpointTimeoutError: when the deadline passes, whatever the request was
        doing (the connection is then closed).
    :raises ResultTooLargeError: when the answer passes ``max_bytes`` (likewise).
    :raises EndpointError: subclasses for an error status or a failed connection.
    """
    deadline = Deadline(timeout)
    opener = urllib.request.build_opener(
        _WatchedHTTPHandler(deadline), _WatchedHTTPSHandler(deadline)
    )
    response: Any = None
    try:
        try:
            response = opener.open(request, timeout=timeout)
            body = read_capped(response, max_bytes, deadline, url)
            status = int(response.status)
            content_type = (response.headers.get("Content-Type", "") or "").lower()
        except urllib.error.HTTPError as exc:
            response = exc
            page = read_capped(exc, MAX_ERROR_BODY, deadline, url, cut=True)
            raise http_status_error(url, exc.code, server_text(page)) from None
        except (ResultTooLargeError, EndpointError):
            raise
        except Exception as exc:
            if deadline.expired:
                raise _timeout_error(url, timeout) from None
            raise translate_http_failure(url, exc, timeout) from None
    finally:
        deadline.cancel()
        if response is not None:
            close_quietly(response)
    if deadline.expired:
        raise _timeout_error(url, timeout)
    return HttpAnswer(status, body, content_type)


def read_capped(
    response: Any, max_bytes: int | None, deadline: Deadline, url: str, cut: bool = False
) -> bytes:
    """The body of ``response``, read in pieces as they come, at most ``max_bytes``.

    With ``cut``, a longer body is cut there; otherwise it is refused.

    :raises ResultTooLargeError: for a body longer than ``max_bytes`` (unless ``cut``).
    :raises EndpointTimeoutError: when the deadline passed while reading.
    """
    pieces: list[bytes] = []
    size = 0
    while True:
        try:
            piece = response.read1(_CHUNK)
        except (OSError, http.client.HTTPException, ValueError):
            if deadline.expired:
                raise _timeout_error(url, deadline.seconds) from None
            if cut:
                break
            raise
        if deadline.expired:
            raise _timeout_error(url, deadline.seconds)
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
        if max_bytes is not None and size > max_bytes:
            if cut:
                break
            raise ResultTooLargeError(
                f"{redact_url(url)}: the answer is larger than the cap of {max_bytes} bytes "
                "and was not read further; narrow the query, add a LIMIT, or raise the cap "
                "(--max-bytes)"
            )
    body = b"".join(pieces)
    return body[:max_bytes] if cut and max_bytes is not None else body


class Deadline:
    """The moment a request must be done by; at that moment every socket it watches is
    shut down, which ends any read or write waiting on it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left (at least a millisecond, so it can be a socket time-out)."""
        return max(self.at - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (at once if it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def cancel(self) -> None:
        """Stop the timer (the request is over)."""
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], deadline: Deadline) -> Callable[..., Any]:
    """A connection class like ``base`` whose socket ``deadline`` watches."""

    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            # Each socket operation is bounded by what is left; the deadline ends the rest.
            self.timeout: float | None = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req)


def close_quietly(response: Any) -> None:
    """Close an answer and its connection, ignoring a connection already broken."""
    with contextlib.suppress(Exception):  # nothing to report about a connection given up
        response.close()


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without its user name and password, and the two (``None`` when absent).

    >>> split_credentials("http://ann:s%40cret@example.org:8890/sparql")
    ('http://example.org:8890/sparql', 'ann', 's@cret')
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    plain = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    password = None if parts.password is None else urllib.parse.unquote(parts.password)
    return plain, urllib.parse.unquote(parts.username), password


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

    Raises :class:`~balkan_kg.errors.EngineError` (a usage error) saying what is wrong,
    with any password in the URL shown as ``***``.
    """
    try:
        parsed = urllib.parse.urlsplit(url.strip())
        parsed.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as exc:
        raise EngineError(f"{redact_url(url)}: not a usable URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise EngineError(f"{redact_url(url)}: not an http:// or https:// URL with a host")
    return url.strip()


def _timeout_error(url: str, timeout: float) -> EndpointTimeoutError:
    return EndpointTimeoutError(
        url, f"no answer within {timeout:g} s (time-out; raise it with --timeout)"
    )


def translate_http_failure(url: str, exc: BaseException, timeout: float) -> EndpointError:
    """The :class:`~balkan_kg.errors.EndpointError` that explains ``exc``.

    ``exc`` is what urllib raised while talking to ``url``: an HTTP error status, a
    time-out, a refused or dropped connection. Anything else is reported as an
    unexpected failure, still with its text.
    """
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read(MAX_ERROR_BODY)
        except Exception:
            body = b""
        return http_status_error(url, exc.code, server_text(body or b""))
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError | socket.timeout):
        return _timeout_error(url, timeout)
    if isinstance(reason, OSError | http.client.HTTPException):
        why = getattr(reason, "strerror", None) or clean_text(str(reason)) or type(reason).__name__
        return EndpointUnreachableError(url, f"cannot reach the server: {why}")
    return EndpointError(url, f"request failed: {type(exc).__name__}: {clean_text(str(exc))}")


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
    """A server's error body as one short, safe line: tags of an HTML page dropped,
    control characters removed (:func:`clean_text`), at most 600 characters."""
    text = body.decode("utf-8", errors="replace")
    if _HTML_PAGE.search(text):
        text = _HTML_TAG.sub(" ", text)
    text = clean_text(text)
    return text if len(text) <= _MAX_SERVER_TEXT else text[: _MAX_SERVER_TEXT - 3] + "..."


def clean_text(text: str) -> str:
    """``text`` on one line, without the characters a terminal obeys: control characters
    (``ESC`` and the rest of C0 and C1, ``DEL``) and the bidirectional overrides.

    >>> clean_text("bad\\x1b[31m red\\r\\n\\u202eevil")
    'bad[31m red evil'
    """
    kept = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
    )
    return " ".join(kept.split())
