"""Running the application with uvicorn, with a bound on each request's head.

uvicorn parses HTTP with httptools when it is installed (the ``serve`` extra installs
it: about half the time per request of the pure-Python h11), but then sets no limit on
the request line and headers: a client could send gigabytes of URL, all kept in
memory. :class:`BoundedHttpToolsProtocol` counts the bytes of each request's head and
answers 414 (the URL) or 431 (the headers) once they pass :data:`HEAD_LIMIT`, closing
the connection; with h11 the same limit is h11's own (answered 400 by uvicorn).
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

LOG = logging.getLogger("balkan_kg.server")


def protocol_class() -> type[asyncio.Protocol] | str:
    """httptools with the head limit when httptools is installed, else h11."""
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

        def on_headers_complete(self) -> None:
            self._in_head = False
            super().on_headers_complete()

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
            message = (
                f"the {what} of this request passed {HEAD_LIMIT:,} bytes; "
                "send a long query by POST\n"
            ).encode("ascii")
            LOG.warning("refused a request whose %s passed %d bytes (%d)", what, HEAD_LIMIT, status)
            self.transport.write(
                b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"content-length: %d\r\nconnection: close\r\n\r\n%s"
                % (status, reason.encode("ascii"), len(message), message)
            )
            self.transport.close()
            self._in_head = False

    return BoundedHttpToolsProtocol


def serve(app: Any, host: str, port: int, log_level: str = "info") -> None:
    """Serve ``app`` on ``host:port`` until interrupted.

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
            http=protocol_class(),
            h11_max_incomplete_event_size=HEAD_LIMIT,
            log_level=log_level,
            access_log=False,
            proxy_headers=False,
            server_header=False,
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
