"""Reading requests and writing error answers, the same way for every route.

Every parameter is decoded exactly once: the query string (or a form body) is checked
for malformed percent-escapes, decoded as UTF-8 (an invalid sequence is refused, never
replaced), and split by :func:`urllib.parse.parse_qs`, which turns ``+`` into a space
and each ``%XX`` into its byte once. A body is read up to a byte limit, whatever the
``Content-Length`` says or whether it is sent in chunks.

What goes wrong with a request is a :class:`RequestError` carrying its HTTP status;
:func:`error_response` writes it, or a :class:`~balkan_kg.errors.BalkanKGError` with
the status of the error table, as ``text/plain`` with control characters escaped.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response

from ..errors import BalkanKGError

MAX_FIELDS = 1000
"""Parameters a query string or form body may have."""

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

Params = dict[str, list[str]]


class RequestError(Exception):
    """A request the server cannot answer as asked: its HTTP ``status``, a message for
    the client and extra response ``headers`` (``Allow`` with a 405, say)."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        super().__init__(message)


def decode_params(data: bytes, where: str) -> Params:
    """The parameters of a query string or ``application/x-www-form-urlencoded`` body.

    ``where`` names the part of the request in messages ("the query string").

    >>> decode_params(b"query=ASK+%7B%7D&&x=%41%25", "the body")
    {'query': ['ASK {}'], 'x': ['A%']}

    :raises RequestError: (400) for bytes that are not UTF-8, a ``%`` not followed by
        two hexadecimal digits, an escape that decodes to invalid UTF-8, or more than
        :data:`MAX_FIELDS` parameters.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(400, f"{where} is not UTF-8 (byte {exc.start})") from None
    bad = _BAD_ESCAPE.search(text)
    if bad is not None:
        shown = text[bad.start() : bad.start() + 3]
        raise RequestError(
            400,
            f"{where} has a malformed percent-escape {shown!r} at character {bad.start()}: "
            "a % must be followed by two hexadecimal digits (write %25 for a % sign)",
        )
    try:
        return urllib.parse.parse_qs(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError:
        raise RequestError(400, f"{where} has percent-escapes that are not UTF-8") from None
    except ValueError:
        raise RequestError(400, f"{where} has more than {MAX_FIELDS} parameters") from None


def single(params: Params, name: str) -> str | None:
    """The one value of parameter ``name``, or ``None`` when it is absent.

    :raises RequestError: (400) when it is given more than once.
    """
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise RequestError(
            400, f"the parameter {name!r} is given {len(values)} times; give it once"
        )
    return values[0]


def merge_params(first: Params, second: Params, where: str) -> Params:
    """The parameters of two parts of a request together (the URL's and a form body's).

    :raises RequestError: (400) for the same single-valued parameter in both, e.g. a
        query in the URL and another in the body.
    """
    merged = {name: list(values) for name, values in first.items()}
    for name, values in second.items():
        if name in merged and name not in ("default-graph-uri", "named-graph-uri"):
            raise RequestError(400, f"the parameter {name!r} is given both in the URL and {where}")
        merged.setdefault(name, []).extend(values)
    return merged


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read up to ``limit`` bytes.

    A ``Content-Length`` over the limit is refused before reading; a body sent without
    one (chunked) or longer than it said is refused as soon as it passes the limit.

    :raises RequestError: (413) for a body over ``limit``; (400) for a malformed
        ``Content-Length`` or a client that went away.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise RequestError(400, f"Content-Length {declared[:40]!r} is not a number")
        if int(declared) > limit:
            raise _too_large(limit, f"{int(declared):,} bytes announced")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit, "more sent")
            chunks.append(chunk)
    except ClientDisconnect:
        raise RequestError(400, "the client went away while sending the body") from None
    return b"".join(chunks)


def _too_large(limit: int, seen: str) -> RequestError:
    return RequestError(
        413,
        f"the request body is larger than this server's limit of {limit:,} bytes ({seen}); "
        "send a shorter query",
        {"Connection": "close"},
    )


def media_type(request: Request) -> tuple[str, dict[str, str]]:
    """The request's ``Content-Type``: the media type (lower case) and its parameters."""
    raw = request.headers.get("content-type", "")
    kind, *rest = raw.split(";")
    parameters: dict[str, str] = {}
    for item in rest:
        name, _, value = item.partition("=")
        parameters[name.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), parameters


def printable(text: str) -> str:
    """``text`` with control characters other than tab and newline written as ``\\xNN``,
    so that a message echoing a client's bytes cannot drive the reader's terminal."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def error_response(
    error: RequestError | BalkanKGError, headers: Mapping[str, str] | None = None
) -> Response:
    """A ``text/plain`` answer for ``error`` with its status (the error table's for a
    :class:`~balkan_kg.errors.BalkanKGError`) and a header naming the error's kind."""
    if isinstance(error, RequestError):
        status, message, extra = error.status, error.message, error.headers
        kind = "RequestError"
    else:
        status, message, extra = error.http_status, str(error), {}
        kind = type(error).__name__
    body = printable(message).rstrip("\n") + "\n"
    return PlainTextResponse(
        body, status_code=status, headers={**(headers or {}), **extra, "X-Error-Kind": kind}
    )
