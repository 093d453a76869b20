"""``/ontology``: the ontology's documentation for a browser, its triples for a client.

The HTML is the build's ``ontology.html`` (:mod:`balkan_kg.kg.ontodoc`), so what the
server shows is what the build wrote and hashed. Turtle, N-Triples and JSON-LD are the
ontology files of the project (``ontology/*.ttl`` but the shapes), by ``Accept`` or
``?format=``, with ``Vary: Accept``. The ontology's terms are hash IRIs
(``.../ontology#Membership``), so a browser asks for ``/ontology`` and lands on the
term's section. ``/ontology/...`` (the version IRI) is the same document.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import BalkanKGError
from .entities import RDF_FORMATS, alternates, requested_format
from .site import Site


class OntologyPage:
    """``/ontology`` and ``/ontology/{version}``."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/ontology", self.ontology, methods=["GET", "HEAD"]),
            Route("/ontology/{rest:path}", self.version, methods=["GET", "HEAD"]),
        ]

    async def ontology(self, request: Request) -> Response:
        headers = {"Vary": "Accept", "Link": alternates("/ontology")}
        chosen = requested_format(request)
        if chosen is None:
            return PlainTextResponse(
                "Not acceptable: the ontology is served as text/html, text/turtle, "
                "application/n-triples or application/ld+json.\n",
                status_code=406,
                headers=headers,
            )
        if chosen == "html":
            path = self.site.state.build.path("ontology.html")
            try:
                html = path.read_text(encoding="utf-8")
            except OSError:
                return PlainTextResponse(
                    "The build has no ontology documentation: run 'balkan-kg build'.\n",
                    status_code=503,
                    headers=headers,
                )
            return Response(html, media_type="text/html; charset=utf-8", headers=headers)
        try:
            body = await run_in_threadpool(self.site.ontology_rdf, chosen)
        except BalkanKGError as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=exc.http_status, headers=headers)
        return Response(body, media_type=RDF_FORMATS[chosen], headers=headers)

    async def version(self, request: Request) -> Response:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse("/ontology" + query, status_code=303, headers={"Vary": "Accept"})
