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
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..api import KnowledgeGraph
from ..kg.build import BuildResult, build, current_build
from ..layout import Layout, default_layout
from ..query.isolation import EngineSpec, IsolatedEngine
from .config import ServerConfig

LOG = logging.getLogger("balkan_kg.server")


@dataclass
class ServerState:
    """What the routes share: the configuration, the build and the loaded graphs.

    ``reasoned`` answers queries over asserted and inferred triples (the default),
    ``asserted`` over the asserted triples alone (``?inference=false``).
    """

    config: ServerConfig
    layout: Layout
    build: BuildResult
    reasoned: KnowledgeGraph | None = None
    asserted: KnowledgeGraph | None = None
    started: float = field(default_factory=time.monotonic)

    def graph(self, inference: bool = True) -> KnowledgeGraph:
        """The loaded graph with or without inferred triples."""
        chosen = self.reasoned if inference else self.asserted
        if chosen is None:
            raise RuntimeError("the server's engines are not started")
        return chosen

    def start(self) -> None:
        """Start the query workers of both graphs."""
        config = self.config
        for reasoning in (True, False):
            files = tuple(self.build.query_files(reasoning))
            engine = IsolatedEngine(
                EngineSpec("oxigraph", files),
                max_workers=config.max_workers,
                spare=config.spare_workers,
                memory_limit=config.memory_limit,
            )
            kg = KnowledgeGraph(
                engine,
                layout=self.layout,
                include_external=config.include_external,
                build=self.build,
                graph_files=files,
                limits=config.limits,
            )
            if reasoning:
                self.reasoned = kg
            else:
                self.asserted = kg

    def stop(self) -> None:
        for kg in (self.reasoned, self.asserted):
            if kg is not None:
                kg.close()


def load_state(config: ServerConfig, layout: Layout | None = None) -> ServerState:
    """The build the server publishes: the current one, else a new one.

    :raises BalkanKGError: as :func:`balkan_kg.kg.build.build` does.
    """
    layout = layout or default_layout()
    result = current_build(config.build_dir, config.include_external, layout) or build(
        config.build_dir, include_external=config.include_external, layout=layout
    )
    return ServerState(config, layout, result)


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
    from . import pages, sparql

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
