"""``/``: the query editor, the canned queries as examples, and the timeline.

The editor is YASGUI (``@zazuko/yasgui`` from the npm registry), installed with
``npm ci`` in ``server/static/`` (``make venv`` does it) and served from this server
only: ``static/home.js`` turns off the autocompleters that ask an outside vocabulary
service before YASGUI is made, points it at ``/sparql`` alone, keeps its share links on
this site and makes the project's IRIs in results link to this server's pages. A wheel
carries the two files it needs in ``server/static/yasgui/``.

Without the editor the page is a plain form that works (it runs the query through the
funnel and shows a table), with a line saying how to install the editor; with it, the
same form is the ``<noscript>`` fallback. ``/?query=...`` fills the editor (or the form)
without running the query: a permalink. ``/?query=...&run=1`` runs it in the form.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import BalkanKGError
from ..kg.timeline import timeline_svg
from ..namespaces import PREFIXES
from ..query.catalog import CannedQuery, bind_canned
from ..query.results import QueryResult
from .site import Site
from .web import HERE, Term, guarded, local_href, render, sparql, term_view

STATIC: Final = HERE / "static"
EDITOR_FILES: Final = ("yasgui.min.js", "yasgui.min.css")
EDITOR_DIRS: Final = (
    STATIC / "yasgui",  # where a wheel carries it
    STATIC / "node_modules" / "@zazuko" / "yasgui" / "build",  # where npm ci puts it
)
SHOWN_ROWS: Final = 500
"""Rows the plain form shows at most (the query's own row cap still applies)."""

DEFAULT_QUERY: Final = """\
# Which facts name Albania, and which words of the text does each rest on?
# (The project prefixes bk:, bkg:, nif:, rdfs: ... need not be declared.)
SELECT ?fact ?factLabel ?sentence ?quote
WHERE {
  ?fact ?role bk:Albania ;
      a bkg:Fact ;
      rdfs:label ?label .
  OPTIONAL { ?fact bkg:statedIn ?sentence }
  OPTIONAL { ?fact bkg:evidence/nif:anchorOf ?quote }
  BIND(STR(?label) AS ?factLabel)
}
ORDER BY ?sentence ?fact
"""


def find_editor() -> Path | None:
    """The folder holding YASGUI's built files, or ``None`` if it is not installed."""
    for folder in EDITOR_DIRS:
        if all((folder / name).is_file() for name in EDITOR_FILES):
            return folder
    return None


@dataclass(frozen=True)
class Example:
    """A canned query as an example of the editor."""

    name: str
    title: str
    description: str
    params: tuple[tuple[str, str, bool, str], ...]
    example: str
    text: str

    @property
    def permalink(self) -> str:
        return "/?" + urllib.parse.urlencode({"query": self.text})


def example(query: CannedQuery) -> Example:
    """``query`` with its first example's parameters bound (as a ``VALUES`` block)."""
    binding = query.example(1) if query.examples else {}
    try:
        bound = bind_canned(query, binding)
    except BalkanKGError:
        bound = query.text
    return Example(
        query.name,
        query.title,
        query.description,
        tuple((p.name, p.type, p.required, p.description) for p in query.params),
        " ".join(f"{k}={v}" for k, v in binding.items()),
        bound,
    )


@dataclass
class Answer:
    """What the plain form shows for a query it ran."""

    form: str
    columns: list[str]
    rows: list[list[Term]]
    boolean: bool | None
    total: int


class HomePage:
    """``/``, the static files, and ``/timeline.svg``."""

    def __init__(self, site: Site, editor: Path | None) -> None:
        self.site = site
        self.state = site.state
        self.editor = editor

    def routes(self) -> list[BaseRoute]:
        found: list[BaseRoute] = [
            Route("/", guarded(self.home), methods=["GET", "HEAD"]),
            Route("/timeline.svg", self.timeline, methods=["GET", "HEAD"]),
        ]
        if self.editor is not None:
            found.append(Mount("/static/yasgui", StaticFiles(directory=self.editor), name="yasgui"))
        found.append(Mount("/static", StaticFiles(directory=STATIC / "site"), name="static"))
        return found

    async def examples(self) -> list[Example]:
        queries = await run_in_threadpool(self.state.graph().queries)
        return [example(q) for q in queries]

    async def home(self, request: Request) -> Response:
        params = request.query_params
        shared = params.get("query")
        text = shared if shared is not None else DEFAULT_QUERY
        answer: Answer | None = None
        error: str | None = None
        if shared is not None and params.get("run") in ("1", "true", "yes"):
            inference = params.get("inference", "true").lower() != "false"
            try:
                result = await sparql(self.state, shared, inference)
                answer = self.answer(result, await self.site.labels())
            except BalkanKGError as exc:
                error = str(exc)
        bars = await self.site.bars()
        examples = await self.examples()
        config = {
            "endpoint": "/sparql",
            "prefixes": dict(PREFIXES),
            "defaultQuery": DEFAULT_QUERY,
            "queries": {e.name: {"title": e.title, "text": e.text} for e in examples},
        }
        return render(
            request,
            "home.html",
            editor=self.editor is not None,
            query=text,
            shared=shared is not None,
            answer=answer,
            error=error,
            examples=examples,
            config=config,
            timeline=Markup(timeline_svg(bars, local_href)),  # noqa: S704 - escaped by timeline_svg
            shown_rows=SHOWN_ROWS,
        )

    @staticmethod
    def answer(result: QueryResult, labels: dict[str, str]) -> Answer:
        if result.form == "ASK":
            return Answer("ASK", [], [], bool(result.boolean), 0)
        if result.is_graph:
            triples = sorted(result.triples, key=str)
            rows = [
                [
                    term_view(t.subject, labels),
                    term_view(t.predicate, labels),
                    term_view(t.object, labels),
                ]
                for t in triples[:SHOWN_ROWS]
            ]
            return Answer(result.form, ["subject", "predicate", "object"], rows, None, len(triples))
        rows = [[term_view(t, labels) for t in terms] for terms in result.terms[:SHOWN_ROWS]]
        return Answer("SELECT", list(result.variables), rows, None, len(result.terms))

    async def timeline(self, request: Request) -> Response:
        path = self.state.build.path("timeline.svg")
        if not path.is_file():
            return PlainTextResponse("The build has no timeline.\n", status_code=404)
        return FileResponse(path, media_type="image/svg+xml")
