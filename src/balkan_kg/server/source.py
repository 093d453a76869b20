"""``/source``: the source text as the way into the graph.

Everything comes from the graph: the text (``nif:isString`` of each ``nif:Context``),
its sentences and the spans the facts rest on (``nif:beginIndex``/``nif:endIndex``,
NIF 2.0), the facts resting on each span and the entities each span names.

The text is cut at every sentence and span boundary into segments; each segment is
shaded by how many facts rest on the spans covering it (none, 1, 2, 3 or more), and
underlined where it names an entity. Each sentence carries its number and the number of
facts it states, linking to the list of those facts under the text, where each fact
links to its page and to its exact span. Each span has an anchor ``#char=B,E`` (the
fragment of its IRI, ``report-excerpt#char=B,E``): ``static/source.js`` highlights the
span of the address and, on a click in the text, lists the facts resting on the words
clicked. Without JavaScript the anchors and the lists still work.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..namespaces import shorten
from .site import Site
from .web import ask, guarded, local_href, render, text


@dataclass
class Span:
    """A span of a text, with what rests on it."""

    iri: str
    begin: int
    end: int
    quote: str
    sentence: str | None
    facts: list[tuple[str, str, str]] = field(default_factory=list)
    entities: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"char={self.begin},{self.end}"


@dataclass
class Sentence:
    """A sentence of a text, with the facts it states."""

    iri: str
    number: int | None
    begin: int
    end: int
    text: str
    count: int
    facts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"S{self.number}" if self.number is not None else self.iri.rsplit("/", 1)[-1]


@dataclass
class Text:
    """One source text (a NIF context) and everything the page shows of it."""

    iri: str
    title: str
    string: str
    sentences: list[Sentence]
    spans: list[Span]

    def html(self) -> Markup:
        """The text as HTML: paragraphs, sentences and shaded segments (all escaped)."""
        return render_text(self.string, self.sentences, self.spans)

    def data(self) -> str:
        """The spans as JSON for ``source.js`` (safe inside a ``<script>`` element)."""
        spans = [
            {
                "id": s.anchor,
                "begin": s.begin,
                "end": s.end,
                "quote": s.quote,
                "facts": [{"href": h, "label": label, "relation": r} for h, label, r in s.facts],
                "entities": [{"href": h, "label": label} for h, label in s.entities],
            }
            for s in self.spans
        ]
        raw = json.dumps(spans, ensure_ascii=False, sort_keys=True)
        return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def coverage(self) -> dict[str, int]:
        """Sentences stating a fact, facts, characters under some fact's spans."""
        covered = [False] * len(self.string)
        for span in self.spans:
            if span.facts:
                for i in range(max(0, span.begin), min(len(self.string), span.end)):
                    covered[i] = True
        in_sentences = sum(s.end - s.begin for s in self.sentences)
        return {
            "sentences": len(self.sentences),
            "stating": sum(1 for s in self.sentences if s.count),
            "facts": len({f["href"] for s in self.sentences for f in s.facts}),
            "characters": in_sentences,
            "covered": sum(1 for s in self.sentences for i in range(s.begin, s.end) if covered[i]),
        }


def level(facts: int) -> str:
    """The shading class of a segment that ``facts`` facts rest on."""
    return "" if facts <= 0 else f"c{min(facts, 3)}"


def render_text(string: str, sentences: list[Sentence], spans: list[Span]) -> Markup:
    """``string`` cut into segments at every boundary, as escaped HTML."""
    cuts = {0, len(string)}
    bounds = [(s.begin, s.end) for s in sentences] + [(s.begin, s.end) for s in spans]
    for begin, end in bounds:
        cuts.update(p for p in (begin, end) if 0 <= p <= len(string))
    points = sorted(cuts)
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        starts[span.begin].append(span)
    sentence_at = {s.begin: s for s in sentences}
    ends = {s.end for s in sentences}
    index = {id(span): i for i, span in enumerate(spans)}
    out: list[str] = ["<p>"]
    inside = False
    for a, b in zip(points, points[1:], strict=False):
        if a in sentence_at and not inside:
            s = sentence_at[a]
            shown = f"S{s.number}" if s.number is not None else s.anchor
            noun = "fact" if s.count == 1 else "facts"
            out.append(
                f'<span class="sentence" id="{escape(s.anchor)}">'
                f'<a class="snum{"" if s.count else " none"}" href="#facts-{escape(s.anchor)}" '
                f'data-sentence="{escape(s.anchor)}" title="{s.count} {noun} stated in '
                f'{escape(shown)}">{escape(shown)} · {s.count}</a>'
            )
            inside = True
        for span in sorted(starts.get(a, []), key=lambda x: -x.end):
            out.append(f'<span class="anchor" id="{span.anchor}"></span>')
        covering = [s for s in spans if s.begin <= a and s.end >= b]
        piece = string[a:b]
        if covering:
            facts = {f[0] for s in covering for f in s.facts}
            classes = " ".join(
                c
                for c in (
                    "seg",
                    level(len(facts)),
                    "m" if any(s.entities for s in covering) else "",
                )
                if c
            )
            ids = " ".join(str(index[id(s)]) for s in covering)
            out.append(f'<span class="{classes}" data-spans="{ids}">{_text(piece, inside)}</span>')
        else:
            out.append(_text(piece, inside))
        if b in ends and inside:
            out.append("</span>")
            inside = False
    out.append("</p>")
    html = "".join(out).replace("<p></p>", "")
    return Markup(html)  # noqa: S704 - every text above is escaped


def _text(piece: str, inside: bool) -> str:
    """Escaped text; a line break between sentences starts a new paragraph."""
    escaped = escape(piece)
    return escaped.replace("\n", "<br>" if inside else "</p><p>")


class SourcePage:
    """``/source``."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.state = site.state

    def routes(self) -> list[BaseRoute]:
        return [Route("/source", guarded(self.source), methods=["GET", "HEAD"])]

    async def texts(self) -> list[Text]:
        """Every source text of the graph, with its sentences and spans."""
        state = self.state
        labels = await self.site.labels()
        asked = [
            ask(state, "source-span-facts", inference=False),
            *(
                ask(state, name)
                for name in (
                    "source-text",
                    "source-sentences",
                    "source-spans",
                    "source-span-entities",
                    "sentence-facts",
                )
            ),
        ]
        (
            span_facts,
            contexts,
            sentences,
            spans,
            span_entities,
            sentence_facts,
        ) = await asyncio.gather(*asked)
        facts_on: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        spans_of_fact: dict[str, list[str]] = defaultdict(list)
        for row in span_facts:
            fact, span = text(row["fact"]), text(row["span"])
            relation = text(row["relation"])
            entry = (
                local_href(fact),
                text(row["factLabel"]) or shorten(fact),
                labels.get(relation, shorten(relation)),
            )
            if entry not in facts_on[span]:
                facts_on[span].append(entry)
            spans_of_fact[fact].append(span)
        named: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in span_entities:
            entity = text(row["entity"])
            named[text(row["span"])].append(
                (local_href(entity), text(row["entityLabel"]) or shorten(entity))
            )
        by_span: dict[str, Span] = {}
        per_context: dict[str, list[Span]] = defaultdict(list)
        for row in spans:
            begin, end = row["begin"], row["end"]
            if not isinstance(begin, int) or not isinstance(end, int):
                continue
            iri = text(row["span"])
            found_span = Span(
                iri,
                begin,
                end,
                text(row["quote"]),
                text(row["sentence"]) or None,
                facts_on.get(iri, []),
                named.get(iri, []),
            )
            by_span[iri] = found_span
            per_context[text(row["context"])].append(found_span)
        stated: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in sentence_facts:
            sentence, fact = text(row["sentence"]), text(row["fact"])
            item = stated[sentence].setdefault(
                fact,
                {
                    "href": local_href(fact),
                    "label": text(row["factLabel"]) or shorten(fact),
                    "kinds": [],
                    "spans": sorted(
                        (by_span[s] for s in set(spans_of_fact.get(fact, [])) if s in by_span),
                        key=lambda s: (s.begin, s.end),
                    ),
                },
            )
            kind = row["kind"]
            if kind is not None:
                name = labels.get(str(kind), shorten(str(kind)))
                if name not in item["kinds"]:
                    item["kinds"].append(name)
        per_context_sentences: dict[str, list[Sentence]] = defaultdict(list)
        for row in sentences:
            begin, end = row["begin"], row["end"]
            if not isinstance(begin, int) or not isinstance(end, int):
                continue
            iri = text(row["sentence"])
            number = row["number"]
            facts = sorted(
                stated.get(iri, {}).values(),
                key=lambda f: (f["spans"][0].begin if f["spans"] else 10**9, f["label"]),
            )
            per_context_sentences[text(row["context"])].append(
                Sentence(
                    iri,
                    number if isinstance(number, int) else None,
                    begin,
                    end,
                    text(row["text"]),
                    len(stated.get(iri, {})),
                    facts,
                )
            )
        found = []
        for row in contexts:
            iri = text(row["context"])
            found.append(
                Text(
                    iri,
                    text(row["title"]) or shorten(iri),
                    text(row["text"]),
                    sorted(per_context_sentences.get(iri, []), key=lambda s: s.begin),
                    sorted(per_context.get(iri, []), key=lambda s: (s.begin, -s.end, s.iri)),
                )
            )
        return found

    async def source(self, request: Request) -> Response:
        return render(request, "source.html", texts=await self.texts())
