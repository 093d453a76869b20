"""Entity pages: every IRI under ``https://w3id.org/balkan-kg/id/`` resolves here.

``/id/{name}`` answers by content negotiation (``Vary: Accept``; ``?format=`` picks one
outright): an HTML page for a browser, or the triples about the resource as Turtle,
N-Triples or JSON-LD for a client (both directions, and the triples about its hash
IRIs, see ``queries/describe.rq``). The page shows the label, the types (asserted and
inferred, marked), the facts that link to it or that it links to with the sentence
and the exact quoted span each comes from (or, for an external fact, its source), the
other statements in both directions with the facts that back them, where the text
names it, its identity links (Wikidata) and, for a state, organisation or programme,
its rows of the timeline. An IRI the graph does not know gets a 404 page with
suggestions. The source text itself (``/id/report-excerpt``) is read in ``/source``.
"""

from __future__ import annotations

import asyncio
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import BalkanKGError, ParameterError
from ..kg.timeline import axis_years, timeline_svg
from ..namespaces import BK, BKG, RDF, RDFS, SKOS, shorten
from ..query.results import IRI, QueryResult
from ..rdfio.serialize import FORMAT_NAMES
from .negotiate import best_match
from .site import Site
from .web import Term, ask, canned, guarded, local_href, render, term_view, text

if TYPE_CHECKING:
    import pyoxigraph

HTML: Final = "text/html"
RDF_FORMATS: Final = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
"""The graph formats an entity is served in: format name -> media type."""
FORMAT_ALIASES: Final = {"html": "html", **FORMAT_NAMES}
OFFERS: Final = (HTML, *RDF_FORMATS.values(), "application/xhtml+xml")
SOURCE_DOCUMENTS: Final = ("report-excerpt",)
"""Names under ``/id/`` of the source texts, whose pages are ``/source``."""

_DESCRIPTIVE: Final = (
    (SKOS + "definition", "Definition"),
    (SKOS + "note", "Note"),
    (RDFS + "comment", "Comment"),
)
_HIDDEN: Final = frozenset({RDF + "type", RDFS + "label", SKOS + "altLabel"})


@dataclass
class Evidence:
    """Where a fact comes from: sentence numbers and spans, or external sources."""

    sentences: list[tuple[str, int | None]] = field(default_factory=list)
    spans: list[tuple[str, int, int, int | None]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    external: bool = False


@dataclass
class FactRow:
    """A fact linked to the resource: its kinds, its links to the resource
    (direction ``in`` or ``out``, property, inferred) and where it comes from."""

    fact: Term
    kinds: list[str]
    roles: list[tuple[str, Term, bool]]
    evidence: Evidence


@dataclass
class Statement:
    """A triple between the resource and something that is not a fact, with the
    facts that name both (``backing``)."""

    direction: str
    prop: Term
    other: Term
    inferred: bool
    backing: list[tuple[Term, Evidence]]


def requested_format(request: Request) -> str | None:
    """``html``, a key of :data:`RDF_FORMATS`, or ``None`` if nothing acceptable is asked.

    ``?format=`` wins over ``Accept``.
    """
    given = request.query_params.get("format")
    if given is not None:
        return FORMAT_ALIASES.get(given.strip().lower())
    media = best_match(request.headers.get("accept"), OFFERS)
    if media is None:
        return None
    if media in (HTML, "application/xhtml+xml"):
        return "html"
    return next(name for name, m in RDF_FORMATS.items() if m == media)


def alternates(path: str) -> str:
    """A ``Link`` header naming the other representations of ``path``."""
    links = [
        f'<{path}?format={name}>; rel="alternate"; type="{m}"' for name, m in RDF_FORMATS.items()
    ]
    return ", ".join(links)


def _term_value(term: object) -> str:
    return str(getattr(term, "value", term))


class EntityPages:
    """The routes of ``/id/...`` and ``/search`` over one :class:`Site`."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.state = site.state

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/id/{name:path}", guarded(self.entity), methods=["GET", "HEAD"]),
            Route("/id", guarded(self.entity), methods=["GET", "HEAD"]),
            Route("/search", guarded(self.search), methods=["GET", "HEAD"]),
        ]

    # -- the route -------------------------------------------------------------------

    async def entity(self, request: Request) -> Response:
        name = request.path_params.get("name", "")
        iri = BK + name
        chosen = requested_format(request)
        vary = {"Vary": "Accept", "Link": alternates(request.url.path)}
        if chosen is None:
            offered = ", ".join(OFFERS[:4])
            return PlainTextResponse(
                f"Not acceptable: this resource is served as {offered} (or use ?format=html, "
                "turtle, nt or jsonld).\n",
                status_code=406,
                headers=vary,
            )
        if chosen == "html" and name in SOURCE_DOCUMENTS:
            return RedirectResponse("/source", status_code=303, headers=vary)
        try:
            described = await ask(
                self.state, "describe", inference=_inference(request), resource=IRI(iri)
            )
        except ParameterError:  # not an IRI a query can name: nothing is known of it
            described = None
        if described is None or len(described) == 0:
            return await self.not_found(request, iri, chosen, vary)
        if chosen != "html":
            body = described.serialize(chosen)
            return Response(body, media_type=RDF_FORMATS[chosen], headers=vary)
        return await self.page(request, iri, vary)

    # -- HTML ------------------------------------------------------------------------

    async def page(self, request: Request, iri: str, headers: dict[str, str]) -> Response:
        state, site = self.state, self.site
        resource = IRI(iri)
        labels = await site.labels()
        bars = await site.bars()
        asked = [
            ask(state, "describe", resource=resource),
            ask(state, "describe", inference=False, resource=resource),
            *(
                ask(state, name, resource=resource)
                for name in ("linked-facts", "fact-evidence", "fact-links", "mentions")
            ),
            ask(state, "exact-matches", resource=resource),
        ]
        reasoned, asserted, facts, evidence, links, mentions, matches = await asyncio.gather(*asked)
        stated = {_key(t) for t in asserted.triples}
        about = [
            t for t in reasoned.triples if iri in (_term_value(t.subject), _term_value(t.object))
        ]

        def term(value: object) -> Term:
            return term_view(value, labels)

        # Types and descriptive literals of the resource.
        types: list[tuple[Term, bool]] = []
        alt_labels: list[str] = []
        descriptions: list[tuple[str, str]] = []
        for triple in sorted(about, key=str):
            if _term_value(triple.subject) != iri:
                continue
            predicate = triple.predicate.value
            if predicate == RDF + "type":
                types.append((term(triple.object), _key(triple) not in stated))
            elif predicate == SKOS + "altLabel":
                alt_labels.append(_term_value(triple.object))
            for descriptive, name in _DESCRIPTIVE:
                if predicate == descriptive:
                    descriptions.append((name, _term_value(triple.object)))
        types.sort(key=lambda item: (item[1], item[0].label.casefold()))

        # The facts linked to the resource, with their provenance.
        where = _evidence(facts, evidence)
        kinds: dict[str, list[str]] = defaultdict(list)
        fact_labels: dict[str, str] = {}
        for row in facts:
            fact = text(row["fact"])
            fact_labels[fact] = text(row["factLabel"]) or labels.get(fact) or shorten(fact)
            kind = row["kind"]
            if kind is not None and labels.get(str(kind), shorten(str(kind))) not in kinds[fact]:
                kinds[fact].append(labels.get(str(kind), shorten(str(kind))))
        roles: dict[str, list[tuple[str, Term, bool]]] = defaultdict(list)
        for triple in about:
            subject, obj = _term_value(triple.subject), _term_value(triple.object)
            inferred = _key(triple) not in stated
            if subject in fact_labels and obj == iri and subject != iri:
                roles[subject].append(("in", term(triple.predicate), inferred))
            elif subject == iri and obj in fact_labels and obj != iri:
                roles[obj].append(("out", term(triple.predicate), inferred))
        fact_rows: list[FactRow] = []
        for fact, found in roles.items():
            # The links the data states; the reasoner's (inverses, super-properties)
            # only where none is stated.
            shown = [r for r in found if not r[2]] or found
            fact_rows.append(
                FactRow(
                    Term(fact, fact_labels[fact], local_href(fact)),
                    sorted(kinds.get(fact, [])),
                    sorted(shown, key=lambda r: (r[0], r[1].label.casefold())),
                    where.get(fact, Evidence()),
                )
            )
        fact_rows.sort(key=lambda r: (_first_sentence(r.evidence), r.fact.label.casefold()))

        # Other statements, in both directions, with the facts that back them.
        backers: dict[str, list[str]] = defaultdict(list)
        for row in links:
            backers[text(row["other"])].append(text(row["fact"]))
        statements: list[Statement] = []
        for triple in about:
            subject, obj = _term_value(triple.subject), _term_value(triple.object)
            predicate = triple.predicate.value
            if (
                subject == iri
                and predicate in _HIDDEN
                or any(d == predicate for d, _ in _DESCRIPTIVE)
            ):
                continue
            direction, other = ("out", triple.object) if subject == iri else ("in", triple.subject)
            if _term_value(other) in fact_labels:
                continue
            # A fact's own statements come from where the fact does (shown above it).
            backing = [
                (Term(f, fact_labels.get(f, shorten(f)), local_href(f)), where.get(f, Evidence()))
                for f in sorted(set(backers.get(_term_value(other), [])))
                if f != iri and iri not in fact_labels
            ]
            statements.append(
                Statement(
                    direction,
                    term(triple.predicate),
                    term(other),
                    _key(triple) not in stated,
                    backing,
                )
            )
        statements.sort(
            key=lambda s: (
                s.direction != "out",
                s.prop.label.casefold(),
                s.other.label.casefold(),
                s.inferred,
            )
        )

        # Identity links, mentions, and this resource's own provenance.
        sources: dict[str, list[str]] = defaultdict(list)
        for row in matches:
            target = text(row["target"])
            if row["source"] is not None and text(row["source"]) not in sources[target]:
                sources[target].append(text(row["source"]))
            sources.setdefault(target, [])
        same_as = [(term(IRI(target)), found) for target, found in sorted(sources.items())]
        named = [
            (text(row["quote"]), row["begin"], row["end"], row["sentenceNumber"])
            for row in mentions
        ]
        own = where.get(iri)
        timeline = [bar for bar in bars if bar.involves(iri)]
        svg = None
        if timeline:
            title = f"Memberships and programmes: {labels.get(iri) or shorten(iri)}"
            drawn = timeline_svg(timeline, local_href, title=title, years=axis_years(bars))
            svg = Markup(drawn)  # noqa: S704 - timeline_svg escapes every text
        return render(
            request,
            "entity.html",
            headers=headers,
            iri=iri,
            short=shorten(iri),
            label=labels.get(iri) or shorten(iri),
            types=types,
            alt_labels=sorted(set(alt_labels)),
            descriptions=descriptions,
            same_as=same_as,
            own=own,
            is_fact=iri in fact_labels,
            facts=fact_rows,
            statements=statements,
            named=named,
            timeline=svg,
            formats=list(RDF_FORMATS),
        )

    # -- 404 and search -----------------------------------------------------------------

    async def suggestions(self, words: str, limit: int = 8) -> list[Term]:
        """Resources whose name or label is close to ``words``."""
        labels = await self.site.labels()
        names: dict[str, set[str]] = defaultdict(set)
        for iri, label in labels.items():
            if iri.startswith((BK, BKG)):
                names[label.casefold()].add(iri)
                local = re.split(r"[/#]", iri)[-1]
                names[local.casefold()].add(iri)
        wanted = words.casefold().strip()
        close = difflib.get_close_matches(wanted, list(names), n=limit, cutoff=0.6)
        close += [n for n in sorted(names) if wanted and len(wanted) >= 3 and wanted in n]
        found: list[str] = []
        for name in close:
            for iri in sorted(names[name]):
                if iri not in found:
                    found.append(iri)
        return [Term(i, labels.get(i, shorten(i)), local_href(i)) for i in found[:limit]]

    async def not_found(
        self, request: Request, iri: str, chosen: str, headers: dict[str, str]
    ) -> Response:
        name = iri[len(BK) :]
        if chosen != "html":
            return PlainTextResponse(
                f"No triples about <{iri}> in this graph.\n", status_code=404, headers=headers
            )
        words = re.sub(r"([a-z])([A-Z])", r"\1 \2", re.split(r"[/#]", name)[-1]).replace("-", " ")
        return render(
            request,
            "not_found.html",
            status=404,
            headers=headers,
            iri=iri,
            query=words,
            suggestions=await self.suggestions(words) if words.strip() else [],
        )

    async def search(self, request: Request) -> Response:
        words = request.query_params.get("q", "").strip()
        found: list[tuple[Term, str]] = []
        error = None
        if words:
            try:
                result = await canned(self.state, "find-entity", name=words)
                for row in result:
                    entity = text(row["entity"])
                    found.append(
                        (
                            Term(
                                entity,
                                text(row["entityLabel"]) or shorten(entity),
                                local_href(entity),
                            ),
                            text(row["matched"]),
                        )
                    )
            except BalkanKGError as exc:
                error = str(exc)
        close = await self.suggestions(words) if words and not found else []
        return render(
            request, "search.html", query=words, found=found, suggestions=close, error=error
        )


def _inference(request: Request) -> bool:
    return request.query_params.get("inference", "true").strip().lower() != "false"


def _key(triple: pyoxigraph.Triple) -> str:
    return str(triple)


def _first_sentence(evidence: Evidence) -> tuple[int, int]:
    numbers = [n for _, n in evidence.sentences if n is not None]
    return (0 if numbers else 1, min(numbers) if numbers else 0)


def _evidence(facts: QueryResult, evidence: QueryResult) -> dict[str, Evidence]:
    """Fact IRI -> where it comes from, from the rows of two of the pages' queries."""
    found: dict[str, Evidence] = defaultdict(Evidence)
    for row in facts:
        item = found[text(row["fact"])]
        item.external = item.external or row["external"] is True
        source = row["source"]
        if source is not None and str(source) not in item.sources:
            item.sources.append(str(source))
    for row in evidence:
        item = found[text(row["fact"])]
        sentence, number = row["sentence"], row["sentenceNumber"]
        if sentence is not None and row["span"] is None:
            entry = (str(sentence), number if isinstance(number, int) else None)
            if entry not in item.sentences:
                item.sentences.append(entry)
        begin, end = row["begin"], row["end"]
        if isinstance(begin, int) and isinstance(end, int):
            span = (text(row["quote"]), begin, end, number if isinstance(number, int) else None)
            if span not in item.spans:
                item.spans.append(span)
    for item in found.values():
        item.sentences.sort(key=lambda s: (s[1] is None, s[1] or 0, s[0]))
        item.spans.sort(key=lambda s: (s[1], s[2]))
        item.sources.sort()
    return dict(found)
