"""The application: configuration, the engines it queries, and its routes.

:func:`create_app` builds (or reuses) the graph, starts the query engines when the
application starts and stops them when it stops. Routes come from the modules that
serve them (:mod:`.sparql` for the protocol, :mod:`.pages` for people), each offering a
``routes(state)`` function, so one module owns each URL.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from .._version import __version__
from ..layout import Layout
from ..query.isolation import start_forkserver
from . import description, pages, sparql
from .config import ServerConfig
from .state import ServerState, load_state

LOG = logging.getLogger("balkan_kg.server")


async def health(request: Request) -> Response:
    """``/health``: whether the server answers queries, without running one.

    200 with ``"status": "ok"`` once both graphs' workers are started, 503 before and
    while stopping; the body says how many queries run and wait, and the triple counts.
    """
    state: ServerState = request.app.state.balkan_kg
    ready = state.reasoned is not None and state.asserted is not None and not state.stopping
    body = {
        "status": "ok" if ready else ("stopping" if state.stopping else "starting"),
        "version": __version__,
        "triples": {
            "reasoned": len(state.reasoned) if state.reasoned is not None else None,
            "asserted": len(state.asserted) if state.asserted is not None else None,
        },
        "queries": {
            "running": state.slots.busy,
            "waiting": state.slots.waiting,
            "at_once": state.slots.size,
        },
        "uptime_seconds": round(time.monotonic() - state.started, 1),
    }
    return JSONResponse(
        body, status_code=200 if ready else 503, headers={"Cache-Control": "no-store"}
    )


async def internal_error(request: Request, exc: Exception) -> Response:
    """The answer to an exception no route handled: a bug. It is logged with its
    traceback and answered 503 (never a bare 500), saying so."""
    LOG.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return PlainTextResponse(
        "internal error: the server failed to answer this request; it is logged, "
        "please report it\n",
        status_code=503,
        headers={"X-Error-Kind": "InternalError"},
    )


def create_app(config: ServerConfig | None = None, layout: Layout | None = None) -> Starlette:
    """The whole web application for the current build (building it first if needed).

    :raises BalkanKGError: as :func:`load_state` does.
    """
    start_forkserver()  # loads pyoxigraph in the worker template while the build is read
    state = load_state(config or ServerConfig(), layout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Each query running holds a thread of the pool: never fewer threads than slots.
        threads = anyio.to_thread.current_default_thread_limiter()
        threads.total_tokens = max(threads.total_tokens, state.config.max_workers + 8)
        state.start()
        try:
            yield
        finally:
            state.stop()

    routes: list[BaseRoute] = [
        Route("/health", health, methods=["GET", "HEAD"]),
        *sparql.routes(state),
        *description.routes(state),
        *pages.routes(state),
    ]
    middleware = [Middleware(access_log)]
    if state.config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(state.config.cors_origins),
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=["Retry-After", "Server-Timing", "X-Error-Kind"],
                allow_credentials=False,
                max_age=600,
            )
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={Exception: internal_error},
    )
    app.state.balkan_kg = state
    return app


class access_log:  # noqa: N801 - an ASGI middleware class, named as Starlette's are
    """One log line per request: client, method, path, status, bytes and milliseconds.

    The path is logged as it was sent (still percent-encoded, so a client cannot
    write line breaks into the log) and cut after :data:`LOGGED_PATH` characters.
    """

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        sent = 0

        async def record(message: dict) -> None:  # type: ignore[type-arg]
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, record)
        except Exception:
            status = status or 503  # what internal_error answers
            raise
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            client = scope.get("client") or ("-", 0)
            LOG.info(
                "%s %s %s %d %d %.1f ms",
                client[0],
                scope["method"],
                _logged_path(scope),
                status,
                sent,
                elapsed,
            )


LOGGED_PATH = 200
"""Characters of a request's path and query string that the access log keeps."""


def _logged_path(scope: dict) -> str:  # type: ignore[type-arg]
    raw: bytes = scope.get("raw_path") or str(scope["path"]).encode("utf-8")
    query: bytes = scope.get("query_string") or b""
    target = raw + (b"?" + query if query else b"")
    text = target.decode("ascii", "backslashreplace")
    if len(text) > LOGGED_PATH:
        text = f"{text[:LOGGED_PATH]}...({len(target)} bytes)"
    return text
