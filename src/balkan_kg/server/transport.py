"""Running the application with uvicorn, with a bound on each request's head.

uvicorn parses HTTP with httptools when it is installed (the ``serve`` extra installs
it: about half the time per request of the pure-Python h11), but then sets no limit on
the request line and headers: a client could send gigabytes of URL, all kept in
memory, or a header byte now and then to hold a connection for ever.
``BoundedHttpToolsProtocol`` counts the bytes of each request's head and answers 414
(the URL) or 431 (the headers) once they pass :data:`HEAD_LIMIT`, and 408 when the head
has not arrived within :data:`HEAD_TIMEOUT`, closing the connection; with h11 the size
limit is h11's own (answered 400 by uvicorn).
The count is made after each read from the socket, so a head that arrives whole in one
read (at most 256 KiB) is let through; what a client can make the server hold is
bounded either way. Queries longer than that are sent by POST, whose body has its own
limit (413).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import uvicorn

HEAD_LIMIT = 64 * 1024
"""Bytes a request line and its headers may have together."""
HEAD_TIMEOUT = 30.0
"""Seconds a request line and its headers may take to arrive, from the connection or
from a request's first byte (uvicorn sets no such limit: a client sending a header
byte now and then would hold its connection for ever)."""
MAX_CONNECTIONS = 1024
"""Connections and requests in progress at once; uvicorn answers 503 to more."""

LOG = logging.getLogger("balkan_kg.server")


def protocol_class(head_timeout: float = HEAD_TIMEOUT) -> type[asyncio.Protocol] | str:
    """httptools with the head's size and time limits when httptools is installed, else
    h11 (which has the size limit)."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "h11"

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol, refusing a request head over :data:`HEAD_LIMIT`."""

        _head = 0
        _in_head = True
        _line_done = False
        _completed = False
        _timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_headers_complete(self) -> None:
            self._in_head = False
            self._disarm()
            super().on_headers_complete()

        def _arm(self) -> None:
            self._disarm()
            self._timer = self.loop.call_later(head_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _too_slow(self) -> None:
            self._timer = None
            if self._in_head and not self.transport.is_closing():
                self._answer(
                    408,
                    "Request Timeout",
                    f"the request line and headers did not arrive within {head_timeout:g} s",
                )

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._in_head = True  # what follows is the next request's head
            self._head = 0
            self._line_done = False
            self._completed = True

        def data_received(self, data: bytes) -> None:
            # Parsed first: a chunk that completes the head, whatever body follows it in
            # the same read, is never counted; a head still incomplete after a chunk is
            # refused once it passes the limit, so at most one read more is kept.
            in_head, self._completed = self._in_head, False
            if in_head and not self._line_done:
                self._line_done = b"\n" in data
            super().data_received(data)
            if in_head and self._in_head and not self._completed:
                self._head += len(data)
                if self._head > HEAD_LIMIT and not self.transport.is_closing():
                    self._refuse()

        def _refuse(self) -> None:
            if not self._line_done:  # still in the request line: the URL is too long
                status, reason, what = 414, "URI Too Long", "URL"
            else:
                status, reason, what = (
                    431,
                    "Request Header Fields Too Large",
                    "request line and headers",
                )
            self._answer(
                status,
                reason,
                f"the {what} of this request passed {HEAD_LIMIT:,} bytes; "
                "send a long query by POST",
            )

        def _answer(self, status: int, reason: str, text: str) -> None:
            """Answer ``status`` with ``text`` before any application saw the request,
            and close the connection."""
            LOG.warning("%d before the application: %s", status, text)
            message = (text + "\n").encode("ascii")
            self.transport.write(
                b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"content-length: %d\r\nconnection: close\r\n\r\n%s"
                % (status, reason.encode("ascii"), len(message), message)
            )
            self.transport.close()
            self._in_head = False
            self._disarm()

    return BoundedHttpToolsProtocol


def serve(
    app: Any,
    host: str,
    port: int,
    log_level: str = "info",
    head_timeout: float = HEAD_TIMEOUT,
) -> None:
    """Serve ``app`` on ``host:port`` until interrupted, with the head limits of
    :func:`protocol_class` and at most :data:`MAX_CONNECTIONS` at once.

    While it serves, the package's log records at ``log_level`` and above (the access
    log's line per request at ``info``) go to standard error; uvicorn's own access log
    is off, and forwarded headers are left to the application.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("balkan_kg")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(log_level.upper())
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            http=protocol_class(head_timeout),
            h11_max_incomplete_event_size=HEAD_LIMIT,
            limit_concurrency=MAX_CONNECTIONS,
            log_level=log_level,
            access_log=False,
            proxy_headers=False,
            server_header=False,
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
