"""What the pages for people share: templates, links, and the way they query.

Every page queries through the one funnel: a canned query by name
(``state.graph().query``) or one of the pages' own queries in ``server/queries/*.rq``
(``state.graph().sparql`` with the bindings as Python values), always in a worker
thread (:func:`starlette.concurrency.run_in_threadpool`), never on the event loop.

Links: every IRI minted under ``https://w3id.org/balkan-kg/`` is shown as a link to this
server's page for it (:func:`local_href`); other IRIs link to themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import BalkanKGError
from ..namespaces import BK, BKG, XSD, shorten
from ..query.catalog import parse_query_text
from ..query.results import IRI, QueryResult, Value
from .state import ServerState

BASE: Final = "https://w3id.org/balkan-kg/"
"""Every IRI the project mints starts with this."""

ONTOLOGY: Final = BKG.rstrip("#")
HERE: Final = Path(__file__).resolve().parent

NAV: Final = (
    ("/", "Query"),
    ("/source", "Source text"),
    ("/ontology", "Ontology"),
    ("/sparql", "SPARQL endpoint"),
    ("/.well-known/void", "Dataset (VoID)"),
)
"""The site's navigation: path and name."""


def local_href(iri: str) -> str:
    """The address of this server's page for ``iri``; ``iri`` itself for other IRIs.

    ``bk:`` individuals are ``/id/...`` (a fragment kept: a span of the source text,
    ``report-excerpt#char=0,31``, is a place in ``/source``); ontology terms are
    anchors of ``/ontology``.

    >>> local_href("https://w3id.org/balkan-kg/id/NATO")
    '/id/NATO'
    >>> local_href("https://w3id.org/balkan-kg/ontology#Membership")
    '/ontology#Membership'
    >>> local_href("https://w3id.org/balkan-kg/id/report-excerpt#char=0,31")
    '/source#char=0,31'
    """
    if iri.startswith(BK):
        rest = iri[len(BK) :]
        document, hash_, fragment = rest.partition("#")
        if hash_ and fragment.startswith("char="):
            return "/source#" + fragment
        return "/id/" + rest
    if iri == ONTOLOGY or iri.startswith(ONTOLOGY + "/"):
        return "/ontology"
    if iri.startswith(BKG):
        return "/ontology#" + iri[len(BKG) :]
    if iri == BASE:
        return "/"
    return iri


def is_local(iri: str) -> bool:
    """Whether ``iri`` is one the project mints (and this server has a page for)."""
    return iri.startswith(BASE)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["href"] = local_href
    env.filters["short"] = shorten
    env.globals["nav"] = NAV
    return env


TEMPLATES: Final = _environment()


def render(
    request: Request,
    template: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """The template ``template`` rendered with ``context`` (escaped: autoescape is on)."""
    html = TEMPLATES.get_template(template).render(path=request.url.path, **context)
    return HTMLResponse(html, status_code=status, headers=dict(headers or {}))


Endpoint = Callable[[Request], Awaitable[Response]]


def guarded(endpoint: Endpoint) -> Endpoint:
    """``endpoint``, answering an error of a query it asked (a time limit, a row cap, a
    query the engine refuses) with a page that says so and the error's status (503
    for a limit), never a bare 500."""

    @functools.wraps(endpoint)
    async def answer(request: Request) -> Response:
        try:
            return await endpoint(request)
        except BalkanKGError as exc:
            return render(
                request, "error.html", status=exc.http_status, message=str(exc),
                headers={"Vary": "Accept"},
            )  # fmt: skip

    return answer


@functools.cache
def page_query(name: str) -> str:
    """The text of the pages' own query ``name`` (``server/queries/<name>.rq``).

    Its header is checked as a canned query's is, so each one says what it answers.
    """
    text = resources.files(__package__).joinpath("queries", f"{name}.rq").read_text("utf-8")
    parse_query_text(text, f"{name}.rq")
    return text


async def sparql(
    state: ServerState, text: str, inference: bool = True, **bindings: object
) -> QueryResult:
    """Answer the SPARQL query ``text`` with ``bindings``, through the funnel, in a
    worker thread. Every query of the pages is answered here."""
    graph = state.graph(inference)
    return await run_in_threadpool(lambda: graph.sparql(text, None, **bindings))


async def ask(
    state: ServerState, name: str, inference: bool = True, **bindings: object
) -> QueryResult:
    """Answer the pages' own query ``name`` with ``bindings`` (see :func:`sparql`)."""
    return await sparql(state, page_query(name), inference, **bindings)


async def canned(state: ServerState, query: str, /, **params: object) -> QueryResult:
    """Answer the canned query named ``query`` through the funnel, in a worker thread."""
    graph = state.graph()
    return await run_in_threadpool(lambda: graph.query(query, None, **params))


@dataclass
class Term:
    """A term as a page shows it: the IRI or lexical form, the text shown, the address
    it links to (``None`` for a literal), a note (language or datatype) and whether it
    is an IRI outside the project."""

    value: str
    label: str
    href: str | None = None
    note: str = ""
    external: bool = False


def term_view(value: object, labels: Mapping[str, str]) -> Term:
    """A pyoxigraph term (or an IRI as text) as a page shows it, labelled from ``labels``."""
    import pyoxigraph

    if isinstance(value, pyoxigraph.Literal):
        note = value.language or ""
        if not note and value.datatype.value != XSD + "string":
            note = shorten(value.datatype.value)
        return Term(value.value, value.value, None, note)
    if isinstance(value, pyoxigraph.BlankNode):
        return Term("_:" + value.value, "(anonymous node)")
    if value is None:
        return Term("", "")
    iri = str(getattr(value, "value", value))
    label = labels.get(iri)
    if label is None and iri.startswith(BK) and "#char=" in iri:
        begin, _, end = iri.rpartition("#char=")[2].partition(",")
        label = f"text span {begin}–{end}"
    return Term(iri, label or shorten(iri), local_href(iri), external=not is_local(iri))


def text(value: Value) -> str:
    """A result value as text (``""`` when unbound)."""
    return "" if value is None else str(value)


def iri(value: Value) -> IRI | None:
    """A result value if it is an IRI."""
    return value if isinstance(value, IRI) else None
