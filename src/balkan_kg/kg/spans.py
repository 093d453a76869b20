"""Spans of the source text: find a quote, and find every span again when the text changes.

Every span of the source text is a NIF string with offsets (``nif:beginIndex``,
``nif:endIndex``: Python ``str`` indices, end exclusive), the exact text it covers
(``nif:anchorOf``) and, for a phrase, an IRI made from its offsets
(``<context#char=B,E>``). Two jobs follow from that, both pure functions here:

* :func:`locate` finds a quote in the text (within one sentence if asked) and
  :func:`phrase_turtle` writes the lines of ``data/spans.ttl`` for it, so that nobody
  counts characters by hand (``balkan-kg span "QUOTE"``);
* :func:`reanchor` finds every sentence and phrase again after the text changed, the way
  a Web Annotation ``TextQuoteSelector`` is resolved: by its exact text (the stored
  ``nif:anchorOf``) and, where that occurs more than once, by the words before and after
  it in the text the spans were made for (``prefix`` and ``suffix``, up to
  :data:`CONTEXT_CHARS` characters, taken from the context's stored ``nif:isString``).
  A phrase is looked for inside its own sentence. A span is placed only where one
  occurrence is the unique best match; every other span is reported by name with the
  reason. :func:`rewrite` then edits the curated Turtle files as text (offsets, the
  phrase IRIs wherever they are used, and the stored text of the context), keeping their
  comments and layout, and :func:`check_rewrite` parses the result and checks that it is
  exactly the old graph with the new offsets. Nothing here writes a file: the command
  line writes only when asked (``balkan-kg reanchor --write``).
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..namespaces import BK, BKG, NIF, RDF, XSD, shorten
from ..rdfio.parse import parse_files

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

CONTEXT_CHARS = 32
"""How many characters before and after a span make its prefix and suffix."""

CONTEXT_IRI = BK + "report-excerpt"
"""The project's source text (``data/source.ttl``)."""


# --- locating a quote -----------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text: its number (S1 = 1), IRI and offsets."""

    number: int
    iri: str
    begin: int
    end: int


@dataclass(frozen=True)
class Match:
    """One occurrence of a quote: its offsets and the sentence it lies in (if any)."""

    begin: int
    end: int
    quote: str
    sentence: Sentence | None


def phrase_iri(context: str, begin: int, end: int) -> str:
    """The NIF IRI of the span ``[begin, end)`` of ``context``: ``context#char=B,E``."""
    return f"{context}#char={begin},{end}"


def occurrences(text: str, quote: str, start: int = 0, stop: int | None = None) -> list[int]:
    """Every offset at which ``quote`` begins in ``text[start:stop]`` (overlaps too)."""
    if not quote:
        return []
    stop = len(text) if stop is None else stop
    found, position = [], text.find(quote, start, stop)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1, stop)
    return found


def sentence_of(sentences: Iterable[Sentence], begin: int, end: int) -> Sentence | None:
    """The sentence that contains ``[begin, end)``, if one does."""
    return next((s for s in sentences if s.begin <= begin and end <= s.end), None)


def locate(
    text: str, quote: str, sentences: Iterable[Sentence], sentence: int | None = None
) -> list[Match]:
    """Every occurrence of ``quote`` in ``text``, in order; with ``sentence``, only those
    inside that sentence (by its number).

    :raises ValueError: for an empty quote or a sentence number the text does not have.
    """
    if not quote:
        raise ValueError("the quote is empty")
    known = sorted(sentences, key=lambda s: s.begin)
    start, stop = 0, len(text)
    if sentence is not None:
        chosen = next((s for s in known if s.number == sentence), None)
        if chosen is None:
            raise ValueError(f"the text has no sentence {sentence} (S1 to S{len(known)})")
        start, stop = chosen.begin, chosen.end
    return [
        Match(begin, begin + len(quote), quote, sentence_of(known, begin, begin + len(quote)))
        for begin in occurrences(text, quote, start, stop)
    ]


def turtle_string(text: str) -> str:
    """``text`` as a Turtle string literal in double quotes (escaped as N-Triples does)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def phrase_turtle(context: str, match: Match) -> str:
    """The lines of ``data/spans.ttl`` for ``match`` (prefixes bk:, nif:, xsd:), without
    what the span is used for (add ``itsrdf:taIdentRef`` for a mention)."""
    lines = [f"<{phrase_iri(context, match.begin, match.end)}> a nif:Phrase ;"]
    lines.append(f"    nif:referenceContext {shorten(context)} ;")
    if match.sentence is not None:
        lines.append(f"    nif:sentence {shorten(match.sentence.iri)} ;")
    lines += [
        f'    nif:beginIndex "{match.begin}"^^xsd:nonNegativeInteger ;',
        f'    nif:endIndex "{match.end}"^^xsd:nonNegativeInteger ;',
        f"    nif:anchorOf {turtle_string(match.quote)} .",
    ]
    return "\n".join(lines) + "\n"


# --- the spans of the curated data ----------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A sentence or phrase of the curated data as it is stored."""

    iri: str
    kind: str  # "sentence" or "phrase"
    begin: int
    end: int
    quote: str
    sentence: str | None = None  # a phrase's nif:sentence
    number: int | None = None  # a sentence's bkg:sentenceNumber
    used_by: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """How a person finds it: short IRI and quote (at most 60 characters)."""
        quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "..."
        return f"{shorten(self.iri)} {turtle_string(quote)}"


@dataclass(frozen=True)
class Anchors:
    """The source text as stored in the data, and its sentences and phrases."""

    context: str
    text: str
    sentences: tuple[Anchor, ...]
    phrases: tuple[Anchor, ...]

    def sentence_list(self) -> list[Sentence]:
        return [Sentence(s.number or 0, s.iri, s.begin, s.end) for s in self.sentences]


def _int(graph: Graph, node: Node, predicate: str) -> int:
    from rdflib import Literal, URIRef

    value = graph.value(node, URIRef(predicate))
    if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
        raise ValueError(f"{shorten(str(node))} has no integer {shorten(predicate)}")
    return int(value.toPython())


def read_anchors(graph: Graph, context: str = CONTEXT_IRI) -> Anchors:
    """The stored text of ``context`` and every sentence and phrase of it in ``graph``.

    :raises ValueError: if the context has no stored text, or a span lacks its offsets
        or quote.
    """
    from rdflib import Literal, URIRef

    node = URIRef(context)
    text = graph.value(node, URIRef(NIF + "isString"))
    if not isinstance(text, Literal):
        raise ValueError(f"{shorten(context)} has no nif:isString (the text the spans index)")
    found: dict[str, list[Anchor]] = {"sentence": [], "phrase": []}
    reference = URIRef(NIF + "referenceContext")
    for span in sorted(graph.subjects(reference, node), key=str):
        if (span, URIRef(RDF + "type"), URIRef(NIF + "Sentence")) in graph:
            kind = "sentence"
        elif (span, URIRef(RDF + "type"), URIRef(NIF + "Phrase")) in graph:
            kind = "phrase"
        else:
            continue
        quote = graph.value(span, URIRef(NIF + "anchorOf"))
        if not isinstance(quote, Literal):
            raise ValueError(f"{shorten(str(span))} has no nif:anchorOf")
        sentence = graph.value(span, URIRef(NIF + "sentence"))
        nif_types = {URIRef(NIF + t) for t in ("Phrase", "Sentence", "Context")}
        users = sorted(
            {
                shorten(str(s))
                for s in graph.subjects(None, span)
                if not nif_types & set(graph.objects(s, URIRef(RDF + "type")))
            }
        )
        found[kind].append(
            Anchor(
                str(span),
                kind,
                _int(graph, span, NIF + "beginIndex"),
                _int(graph, span, NIF + "endIndex"),
                str(quote),
                sentence=str(sentence) if sentence is not None else None,
                number=_int(graph, span, BKG + "sentenceNumber") if kind == "sentence" else None,
                used_by=tuple(users),
            )
        )
    return Anchors(
        context,
        str(text),
        tuple(sorted(found["sentence"], key=lambda a: (a.begin, a.end))),
        tuple(sorted(found["phrase"], key=lambda a: (a.begin, a.end, a.iri))),
    )


# --- re-anchoring ---------------------------------------------------------------------


@dataclass(frozen=True)
class Unplaced:
    """A span that could not be found again, and why."""

    anchor: Anchor
    reason: str

    def __str__(self) -> str:
        used = f" (used by {', '.join(self.anchor.used_by)})" if self.anchor.used_by else ""
        return f"{self.anchor.name}: {self.reason}{used}"


@dataclass
class Plan:
    """Where each span goes in the new text: ``moves`` maps a span's IRI to its new
    offsets (only spans whose offsets change); ``unplaced`` lists the rest."""

    old_text: str
    new_text: str
    checked: int = 0
    moves: dict[str, tuple[int, int]] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def text_changed(self) -> bool:
        return self.old_text != self.new_text

    @property
    def complete(self) -> bool:
        """Every span was placed."""
        return not self.unplaced


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def selector(anchor: Anchor, old_text: str) -> tuple[str, str, str]:
    """The span's TextQuoteSelector in the text it was made for: (prefix, exact, suffix)."""
    prefix = old_text[max(0, anchor.begin - CONTEXT_CHARS) : anchor.begin]
    suffix = old_text[anchor.end : anchor.end + CONTEXT_CHARS]
    return prefix, anchor.quote, suffix


def place(
    anchor: Anchor, old_text: str, new_text: str, start: int = 0, stop: int | None = None
) -> tuple[int, int] | str:
    """The new offsets of ``anchor`` in ``new_text[start:stop]``, or why there are none.

    Every occurrence of the exact quote is a candidate; one candidate is taken. Of
    several, the one whose surroundings agree with the stored prefix and suffix over the
    most characters is taken if no other agrees as far; otherwise the span is ambiguous.
    """
    prefix, exact, suffix = selector(anchor, old_text)
    candidates = occurrences(new_text, exact, start, stop)
    if not candidates:
        return "its quote is no longer in the text" + (" of its sentence" if start else "")
    if len(candidates) == 1:
        return candidates[0], candidates[0] + len(exact)
    scores = {
        begin: _common_suffix(prefix, new_text[max(0, begin - len(prefix)) : begin])
        + _common_prefix(suffix, new_text[begin + len(exact) : begin + len(exact) + len(suffix)])
        for begin in candidates
    }
    best = max(scores.values())
    winners = [begin for begin, score in scores.items() if score == best]
    if len(winners) > 1:
        return (
            f"its quote occurs {len(candidates)} times and the words around it do not tell "
            f"{len(winners)} of them apart"
        )
    return winners[0], winners[0] + len(exact)


def reanchor(anchors: Anchors, new_text: str) -> Plan:
    """Where every sentence and phrase of ``anchors`` lies in ``new_text``.

    Sentences are placed first, in the whole text, and must keep their order; a phrase
    is then looked for inside the new range of its sentence (in the whole text if its
    sentence could not be placed, which is reported anyway).
    """
    plan = Plan(anchors.text, new_text)
    placed: dict[str, tuple[int, int]] = {}
    for anchor in (*anchors.sentences, *anchors.phrases):
        plan.checked += 1
        start, stop = 0, len(new_text)
        if anchor.kind == "phrase" and anchor.sentence in placed:
            start, stop = placed[anchor.sentence]
        where = place(anchor, anchors.text, new_text, start, stop)
        if isinstance(where, str):
            plan.unplaced.append(Unplaced(anchor, where))
            continue
        placed[anchor.iri] = where
        if where != (anchor.begin, anchor.end):
            plan.moves[anchor.iri] = where
    for index, unplaced in enumerate(plan.unplaced):
        if unplaced.anchor.kind == "sentence":
            stretch = _between_neighbours(anchors, placed, unplaced.anchor, new_text)
            if stretch is not None:
                reason = f"{unplaced.reason}; between its neighbours the text now reads {stretch}"
                plan.unplaced[index] = Unplaced(unplaced.anchor, reason)
    order = [placed[s.iri] for s in anchors.sentences if s.iri in placed]
    if order != sorted(order):
        plan.unplaced.append(
            Unplaced(anchors.sentences[0], "the sentences would no longer be in order")
        )
    return plan


def _between_neighbours(
    anchors: Anchors, placed: Mapping[str, tuple[int, int]], sentence: Anchor, new_text: str
) -> str | None:
    """The new text between the placed sentences before and after ``sentence`` (quoted,
    cut to 200 characters), to show what an edited sentence now reads; ``None`` unless
    both neighbours (or the text's start or end) are placed."""
    index = anchors.sentences.index(sentence)
    before = anchors.sentences[index - 1] if index > 0 else None
    after = anchors.sentences[index + 1] if index + 1 < len(anchors.sentences) else None
    if (before is not None and before.iri not in placed) or (
        after is not None and after.iri not in placed
    ):
        return None
    start = placed[before.iri][1] if before is not None else 0
    stop = placed[after.iri][0] if after is not None else len(new_text)
    stretch = new_text[start:stop].strip()
    return turtle_string(stretch if len(stretch) <= 200 else stretch[:197] + "...")


# --- rewriting the curated files ------------------------------------------------------


def renamed(anchors: Anchors, plan: Plan) -> dict[str, str]:
    """Old phrase IRI -> new phrase IRI, for every phrase whose offsets change."""
    names = {}
    for phrase in anchors.phrases:
        if phrase.iri in plan.moves:
            begin, end = plan.moves[phrase.iri]
            names[phrase.iri] = phrase_iri(anchors.context, begin, end)
    return names


def _block(text: str, subject: str) -> tuple[int, int] | None:
    """Where the statement block whose subject is ``subject`` lies in Turtle ``text``:
    from the subject at the start of a line to the line that ends with " ."."""
    found = re.search(rf"^{re.escape(subject)}\s", text, re.M)
    if found is None:
        return None
    end = re.compile(r"\s\.[ \t]*(#[^\n]*)?$", re.M).search(text, found.start())
    return found.start(), (end.end() if end else len(text))


def _set_offsets(text: str, subject: str, begin: int, end: int) -> str:
    block = _block(text, subject)
    if block is None:
        return text
    start, stop = block
    part = text[start:stop]
    for name, value in (("beginIndex", begin), ("endIndex", end)):
        pattern = rf'(nif:{name}\s+)"\d+"(\^\^xsd:nonNegativeInteger)'
        part, count = re.subn(pattern, rf'\g<1>"{value}"\g<2>', part)
        if count != 1:
            raise ValueError(f"{subject}: found {count} nif:{name} values to rewrite")
    return text[:start] + part + text[stop:]


def _subject_token(iri: str) -> str:
    """How a span's subject is written in the curated files: bk:S3 or <...#char=B,E>."""
    return shorten(iri) if "#" not in iri else f"<{iri}>"


def rewrite(files: Mapping[Path, str], anchors: Anchors, plan: Plan) -> dict[Path, str]:
    """The curated Turtle ``files`` (path -> text) with ``plan`` applied: each moved
    span's offsets, each renamed phrase IRI wherever it occurs, and the context's stored
    text and end offset. Only files that change are returned.

    :raises ValueError: if the plan is not complete (a span could not be placed).
    """
    if not plan.complete:
        raise ValueError(f"{len(plan.unplaced)} spans could not be placed; nothing rewritten")
    names = renamed(anchors, plan)
    tokens = {old: f"\x00span{i}\x00" for i, old in enumerate(sorted(names))}
    changed: dict[Path, str] = {}
    for path, original in files.items():
        text = original
        # Offsets first, while each block still has its old subject.
        for anchor in (*anchors.sentences, *anchors.phrases):
            if anchor.iri in plan.moves:
                text = _set_offsets(text, _subject_token(anchor.iri), *plan.moves[anchor.iri])
        # Then the IRIs, in two steps so that no new IRI is taken for an old one.
        for old, token in tokens.items():
            text = text.replace(f"<{old}>", token)
        for old, token in tokens.items():
            text = text.replace(token, f"<{names[old]}>")
        if plan.text_changed:
            text = _set_context_text(text, anchors.context, plan.new_text)
        if text != original:
            changed[path] = text
    return changed


def _set_context_text(text: str, context: str, new_text: str) -> str:
    block = _block(text, _subject_token(context))
    if block is None:
        return text
    start, stop = block
    part = text[start:stop]
    part, count = re.subn(
        r'(nif:isString\s+)"(?:[^"\\\n]|\\.)*"',
        lambda m: m.group(1) + turtle_string(new_text),
        part,
    )
    if count != 1:
        raise ValueError(f"{shorten(context)}: found {count} nif:isString values to rewrite")
    part = re.sub(
        r'(nif:endIndex\s+)"\d+"(\^\^xsd:nonNegativeInteger)',
        rf'\g<1>"{len(new_text)}"\g<2>',
        part,
    )
    return text[:start] + part + text[stop:]


def expected_graph(graph: Graph, anchors: Anchors, plan: Plan) -> Graph:
    """``graph`` as it should read after :func:`rewrite`: IRIs renamed, offsets and the
    context's text replaced."""
    from rdflib import Graph, Literal, URIRef

    names = {URIRef(k): URIRef(v) for k, v in renamed(anchors, plan).items()}
    moves: dict[Node, tuple[int, int]] = {URIRef(k): v for k, v in plan.moves.items()}
    begin_p, end_p = URIRef(NIF + "beginIndex"), URIRef(NIF + "endIndex")
    context = URIRef(anchors.context)
    typed = URIRef(XSD + "nonNegativeInteger")
    result = Graph()
    for subject, predicate, value in graph:
        obj = value
        if subject in moves and predicate in (begin_p, end_p):
            obj = Literal(str(moves[subject][0 if predicate == begin_p else 1]), datatype=typed)
        if subject == context and plan.text_changed:
            if predicate == URIRef(NIF + "isString"):
                obj = Literal(plan.new_text)
            elif predicate == end_p:
                obj = Literal(str(len(plan.new_text)), datatype=typed)
        result.add((names.get(subject, subject), predicate, names.get(obj, obj)))  # type: ignore[call-overload]
    return result


def check_rewrite(
    files: Mapping[Path, str], rewritten: Mapping[Path, str], expected: Graph
) -> None:
    """Check that the curated ``files`` (path -> text) with ``rewritten`` in place of
    their old text parse, through the project's strict reader, to exactly ``expected``.

    :raises ValueError: saying how many triples differ, if any do.
    """
    from rdflib.compare import isomorphic

    with tempfile.TemporaryDirectory(prefix="balkan-kg-reanchor-") as directory:
        paths = []
        for index, (path, text) in enumerate(sorted(files.items())):
            copy = Path(directory) / f"{index:03d}-{path.name}"
            copy.write_text(rewritten.get(path, text), encoding="utf-8")
            paths.append(copy)
        after = parse_files(paths)
    if not isomorphic(after, expected):
        missing = len(set(expected) - set(after))
        extra = len(set(after) - set(expected))
        raise ValueError(
            f"re-anchoring would change more than the offsets ({missing} triples lost, "
            f"{extra} gained); nothing written"
        )


def diff(files: Mapping[Path, str], rewritten: Mapping[Path, str], root: Path) -> str:
    """A unified diff of the files that change, paths relative to ``root``."""
    chunks: list[str] = []
    for path in sorted(rewritten):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        chunks.extend(
            difflib.unified_diff(
                files[path].splitlines(keepends=True),
                rewritten[path].splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )
    return "".join(chunks)


# --- checking -------------------------------------------------------------------------


def check_spans(graph: Graph, source_text: str, context: str = CONTEXT_IRI) -> list[str]:
    """Every way the spans of ``graph`` disagree with ``source_text``, one line each.

    The text the spans index (the context's ``nif:isString``) must be the source file's
    text; every sentence and phrase must lie inside it, quote exactly the characters its
    offsets say, and (a phrase) carry the offsets its IRI names (``#char=B,E``) and lie
    inside its sentence. When the source file was changed, each span whose characters
    changed is named with what the file now says there, so that ``balkan-kg reanchor``
    can be run knowing what moved. An empty list: everything agrees. A graph without
    the context (a file of facts alone) has nothing to check.
    """
    from rdflib import URIRef

    if (URIRef(context), URIRef(NIF + "isString"), None) not in graph:
        return []
    try:
        anchors = read_anchors(graph, context)
    except ValueError as exc:
        return [str(exc)]
    problems: list[str] = []
    if anchors.text != source_text:
        first = _common_prefix(anchors.text, source_text)
        problems.append(
            f"{shorten(context)}: the source file differs from the text the spans index "
            f"(nif:isString), from character {first} on: run 'balkan-kg reanchor'"
        )
    sentences = {s.iri: s for s in anchors.sentences}
    for anchor in (*anchors.sentences, *anchors.phrases):
        if not 0 <= anchor.begin <= anchor.end <= len(source_text):
            problems.append(
                f"{anchor.name}: offsets {anchor.begin}-{anchor.end} lie outside the text "
                f"({len(source_text)} characters)"
            )
            continue
        found = source_text[anchor.begin : anchor.end]
        if found != anchor.quote:
            shown = found if len(found) <= 60 else found[:57] + "..."
            problems.append(
                f"{anchor.name}: the text at {anchor.begin}-{anchor.end} reads "
                f"{turtle_string(shown)}, not the quote"
            )
        if anchor.kind == "phrase":
            named = _IRI_OFFSETS.search(anchor.iri)
            if named is not None and (int(named[1]), int(named[2])) != (anchor.begin, anchor.end):
                problems.append(
                    f"{anchor.name}: its IRI names {named[1]}-{named[2]}, its offsets say "
                    f"{anchor.begin}-{anchor.end}"
                )
            sentence = sentences.get(anchor.sentence or "")
            if (
                sentence is not None
                and not sentence.begin <= anchor.begin <= anchor.end <= sentence.end
            ):
                problems.append(
                    f"{anchor.name}: lies outside its sentence {shorten(sentence.iri)} "
                    f"({sentence.begin}-{sentence.end})"
                )
    return problems


_IRI_OFFSETS = re.compile(r"#char=(\d+),(\d+)$")
