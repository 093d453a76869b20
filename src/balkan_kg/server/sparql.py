"""``/sparql``: the SPARQL 1.1 Protocol, read-only, through the one query funnel.

A first version: GET ``?query=``, POST form-encoded and POST
``application/sparql-query``; results as SPARQL JSON, XML, CSV or TSV by ``Accept`` or
``format=``, graphs as Turtle, N-Triples or JSON-LD. Errors answer with the status of
the error class (:mod:`balkan_kg.errors`).
"""

from __future__ import annotations

import urllib.parse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import BalkanKGError
from ..query.results import MEDIA_TYPES, RESULT_FORMATS
from ..rdfio.serialize import GRAPH_FORMATS
from .negotiate import best_match
from .state import ServerState


def routes(state: ServerState) -> list[BaseRoute]:
    """The protocol's routes."""

    async def endpoint(request: Request) -> Response:
        return await answer(state, request)

    return [Route("/sparql", endpoint, methods=["GET", "POST"])]


async def answer(state: ServerState, request: Request) -> Response:
    """Answer one protocol request."""
    if request.method == "GET":
        params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
        text = (params.get("query") or [""])[0]
    elif request.headers.get("content-type", "").startswith("application/sparql-query"):
        text = (await request.body()).decode("utf-8")
        params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
    else:
        body = (await request.body()).decode("utf-8")
        params = urllib.parse.parse_qs(body, keep_blank_values=True)
        text = (params.get("query") or [""])[0]
    inference = (params.get("inference") or ["true"])[0].lower() != "false"
    try:
        result = await run_in_threadpool(state.graph(inference).sparql, text)
    except BalkanKGError as exc:
        return PlainTextResponse(str(exc) + "\n", status_code=exc.http_status)
    offers = [MEDIA_TYPES[f] for f in (GRAPH_FORMATS if result.is_graph else RESULT_FORMATS)]
    media = best_match(request.headers.get("accept"), offers) or offers[0]
    name = next(f for f, m in MEDIA_TYPES.items() if m == media)
    return Response(result.serialize(name), media_type=media)
