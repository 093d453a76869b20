"""The address a client reached the server at, for the URLs the server writes.

The service description and the VoID description name the endpoint by the URL the
request came to, never by a configured or listening address: the ``Host`` header
(validated: a host name, IPv4 or bracketed IPv6 address, and an optional port) under
the request's scheme and root path. Behind a reverse proxy, ``trust_forwarded``
(``balkan-kg serve --forwarded``) takes the scheme and host from ``X-Forwarded-Proto``
and ``X-Forwarded-Host`` instead; without it those headers are ignored, since any
client can send them.
"""

from __future__ import annotations

import re
import urllib.parse

from starlette.requests import Request

from .protocol import RequestError

PATH_SAFE = "/-._~!$&'()*+,;=:@%"
"""Characters a path keeps as they are in the URLs the server writes."""
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$"
)


def check_host(host: str) -> str:
    """``host`` (``name[:port]``) lower-cased, if it is one a URL may name.

    >>> check_host("Example.org:8080"), check_host("[::1]:8000")
    ('example.org:8080', '[::1]:8000')

    :raises RequestError: (400) for anything else (spaces, ``/``, quotes, user info).
    """
    if len(host) > 260 or not _HOST.match(host):
        raise RequestError(
            400, f"the Host header {host[:80]!r} is not a host name with an optional port"
        )
    return host.lower()


def base_url(request: Request, trust_forwarded: bool = False) -> str:
    """The URL of the application's root as the client reached it, without a final ``/``.

    :raises RequestError: (400) for a malformed ``Host`` (or trusted forwarded host),
        or a forwarded scheme other than ``http`` and ``https``.
    """
    scope = request.scope
    scheme = str(scope.get("scheme", "http"))
    host = request.headers.get("host")
    if trust_forwarded:
        forwarded_host = request.headers.get("x-forwarded-host")
        if forwarded_host:
            host = forwarded_host.split(",")[0].strip()
        forwarded_proto = request.headers.get("x-forwarded-proto")
        if forwarded_proto:
            scheme = forwarded_proto.split(",")[0].strip().lower()
            if scheme not in ("http", "https"):
                raise RequestError(400, f"X-Forwarded-Proto {scheme[:20]!r} is not http or https")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        address, port = str(server[0]), server[1]
        host = f"[{address}]" if ":" in address else address
        if port is not None:
            host += f":{port}"
    host = check_host(host)
    root = str(scope.get("root_path", "")).rstrip("/")
    # The root path (uvicorn's --root-path) with what an IRI cannot hold percent-encoded.
    return f"{scheme}://{host}{urllib.parse.quote(root, safe=PATH_SAFE)}"
