"""The pages for people: a first version with only the home page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from .state import ServerState


def routes(state: ServerState) -> list[BaseRoute]:
    """The pages' routes."""

    async def home(request: Request) -> Response:
        return HTMLResponse(
            "<!doctype html><title>balkan-kg</title>"
            "<h1>balkan-kg</h1><p>SPARQL endpoint: <a href='/sparql'>/sparql</a></p>"
        )

    return [Route("/", home, methods=["GET", "HEAD"])]
