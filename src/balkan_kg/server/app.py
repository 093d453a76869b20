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

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..layout import Layout
from . import pages, sparql
from .config import ServerConfig
from .state import ServerState, load_state

LOG = logging.getLogger("balkan_kg.server")


async def health(request: Request) -> Response:
    """``/health``: the server is up and its engines are started."""
    state: ServerState = request.app.state.balkan_kg
    ready = state.reasoned is not None and state.asserted is not None
    body = {
        "status": "ok" if ready else "starting",
        "triples": len(state.reasoned) if state.reasoned is not None else None,
        "uptime_seconds": round(time.monotonic() - state.started, 1),
    }
    return JSONResponse(body, status_code=200 if ready else 503)


def create_app(config: ServerConfig | None = None, layout: Layout | None = None) -> Starlette:
    """The whole web application for the current build (building it first if needed).

    :raises BalkanKGError: as :func:`load_state` does.
    """
    state = load_state(config or ServerConfig(), layout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.start()
        try:
            yield
        finally:
            state.stop()

    routes: list[BaseRoute] = [
        Route("/health", health, methods=["GET", "HEAD"]),
        *sparql.routes(state),
        *pages.routes(state),
    ]
    middleware = [
        Middleware(access_log),
        Middleware(
            CORSMiddleware,
            allow_origins=list(state.config.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            allow_credentials=False,
        ),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.balkan_kg = state
    return app


class access_log:  # noqa: N801 - an ASGI middleware class, named as Starlette's are
    """One log line per request: method, path, status and milliseconds."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: dict) -> None:  # type: ignore[type-arg]
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            LOG.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, elapsed)
