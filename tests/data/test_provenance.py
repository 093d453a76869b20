"""Provenance: every span, sentence and fact is traced to the exact text of the source.

The source is ``data/source/report-excerpt.txt``, read as UTF-8; offsets are Python
``str`` indices, end exclusive. The expected sentences (:data:`EXPECTED_SENTENCES`) were
written down by reading the text, not by running code. Every check is a function that
returns a list of problems, so each test can print all of them at once and the mutation
tests can show that a broken graph *is* reported.

The graph is parsed with plain rdflib (ontology, data and external data, no reasoning);
fact and entity kinds are resolved through the ontology's rdfs:subClassOf hierarchy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from balkan_kg.rdfio.parse import parse_files

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "data" / "source" / "report-excerpt.txt"
RDF_FILES = [
    REPO / "ontology" / "balkan-kg.ttl",
    REPO / "ontology" / "concepts.ttl",
    *sorted((REPO / "data").glob("*.ttl")),
    *sorted((REPO / "data" / "external").glob("*.ttl")),
]

BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
BK = Namespace("https://w3id.org/balkan-kg/id/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
DCT = Namespace("http://purl.org/dc/terms/")
CONTEXT = BK["report-excerpt"]

EXPECTED_SENTENCES: list[tuple[str, str]] = [
    ("Global geopolitical fault lines", "which also affects the Western Balkans."),
    ("Objectively, NATO has the upper hand", "(Figure 7)."),
    ("Seeking military advancement", "and North Macedonia (2020)."),
    ("The same holds true for EU members", "and Slovenia (2004)."),
    ("This is a notable achievement", "with Serbia or Russia instead."),
    ("The Alliance also cooperates", "Kosovo, BiH, and Serbia."),
    ("It has adopted a Partnership for Peace", "with the latter two."),
    ("Since 2010, Bosnia and Herzegovina", "for NATO membership."),
    ("In practice, Bosnian Serb resistance", "in that direction."),
    ("Due to Bosnia’s fragile stability", "mission in the country."),
    ("NATO-Serbia relations remain contentious", "to end the Kosovo war."),
    ("Such historical sensitivities", "does not aspire to join the Alliance."),
    ("Negative NATO sentiments", "Euro-Atlantic integration."),
    ("While in the long run Kosovo hopes", "by four of its members."),
    ("NATO does maintain relations with Kosovo", "light-armed volunteer force."),
    ("However, Kosovo’s 2018 decision", "even if the US welcomed the move.[19]"),
    ("The fact remains that Kosovo", "due to its tensions with Serbia."),
    ("Instability risks continue", "episodes of heightened unrest."),
]
"""Opening and closing words of the 18 sentences, S1 to S18, as read in the source."""

ENTITIES_FROM_OUTSIDE = {
    BK.Greece,
    BK.Romania,
    BK.Slovakia,
    BK.Spain,
    BK["Accession-Greece-NATO"],
    BK["Accession-Romania-NATO"],
    BK["Accession-Slovakia-NATO"],
    BK["Accession-Spain-NATO"],
    BK["Accession-Croatia-EU"],
    BK["Accession-Slovenia-EU"],
    BK.report,
    BK["report-section"],
    BK.ReportWriting,
    BK.Clingendael,
}
"""Entities the text never names, each traced to an outside source: the four NATO members
S14 speaks of without naming them ("four of its members") and their accessions to NATO;
the EU accessions of Croatia and Slovenia, which S4 does not describe (it calls them EU
members, without a year); the report and its section that the text is an excerpt of, their
publisher, and the writing of the report (the text's "now")."""

REFERRING_WORDS: dict[tuple[str, int], set[URIRef]] = {
    ("the region", 2): {BK.WesternBalkans},
    ("This", 5): {BK["Accession-Montenegro-NATO"]},
    ("the region", 6): {BK.WesternBalkans},
    ("It", 7): {BK.NATO},
    ("the latter two", 7): {BK.BosniaAndHerzegovina, BK.Serbia},
    ("that direction", 9): {BK["Prospect-BiH-NATO"]},
}
"""Words that refer back to an earlier sentence, with what they refer to, as read: S2 "the
region" is the Western Balkans of S1; S5 "This" is Montenegro's becoming a NATO ally
(S3); S6 "the region" is the Western Balkans of S3 ("the 6 Western Balkan countries");
S7 "It" is the Alliance of S6 and "the latter two" are BiH and Serbia of S6; S9 "that
direction" is towards the NATO membership of S8. ("The same holds true" in S4 and "Such
historical sensitivities" in S12 refer back to what S3 and S11 say, not to an entity.)"""

JOINED_SENTENCES: dict[str, tuple[int, int]] = {
    "reading-s2-the-region": (2, 1),
    "reading-s4-same-holds-true": (4, 3),
    "reading-s5-this": (5, 3),
    "reading-s6-the-region": (6, 3),
    "reading-s7-it": (7, 6),
    "reading-s7-latter-two": (7, 6),
    "reading-s9-that-direction": (9, 8),
    "reading-s12-such-sensitivities": (12, 11),
}
"""The readings that join a sentence (first number) with an earlier one (second), as read
above and in the README ("Readings of ambiguous sentences")."""

SENTENCE_END = re.compile(r"\S.*?\.(?:\[\d+\])?(?=\s|$)", re.DOTALL)
"""A sentence: from a non-space character to the first full stop (with an optional
footnote marker such as ``[19]``) that is followed by whitespace or the end of text."""


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The (begin, end) offsets of the sentences of ``text`` (see :data:`SENTENCE_END`)."""
    return [(match.start(), match.end()) for match in SENTENCE_END.finditer(text)]


@pytest.fixture(scope="module")
def text() -> str:
    """The source text, exactly as stored."""
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def graph() -> Graph:
    """Ontology, data and external data, as asserted."""
    return parse_files(RDF_FILES)


def copy_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` to mutate."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def instances(graph: Graph, cls: URIRef) -> set[Node]:
    """Resources typed ``cls`` or a subclass of it (asserted types, asserted hierarchy)."""
    rows = graph.query(
        "SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf* ?cls }",
        initNs={"rdfs": RDFS},
        initBindings={"cls": cls},
    )
    return {row[0] for row in rows}


def offsets(graph: Graph, span: Node) -> tuple[int, int] | None:
    """The integer begin and end offsets of ``span``, or ``None`` if either is missing."""
    begin = graph.value(span, NIF.beginIndex)
    end = graph.value(span, NIF.endIndex)
    if begin is None or end is None:
        return None
    return int(str(begin)), int(str(end))


SHORT_NAMES = {"bk": BK, "bkg": BKG, "nif": NIF}


def name(graph: Graph, node: Node) -> str:
    """A short name for messages: ``bk:S1``, ``bkg:Fact``, ``nif:anchorOf`` or ``<IRI>``.

    Independent of the prefixes bound in ``graph``, so copies name terms the same way.
    """
    if not isinstance(node, URIRef):
        return str(node)
    for prefix, namespace in SHORT_NAMES.items():
        local = str(node).removeprefix(str(namespace))
        if local != str(node) and local and not set(local) & set("#/,="):
            return f"{prefix}:{local}"
    return f"<{node}>"


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------

CHAR_IRI = re.compile(r"#char=(\d+),(\d+)$")


def span_problems(graph: Graph, text: str) -> list[str]:
    """Every resource with a nif:beginIndex or nif:endIndex, recomputed from ``text``.

    A problem is reported when an offset is missing or out of range, when the resource is
    not a nif:String (or subclass), when the text at the offsets differs from its
    nif:anchorOf or nif:isString (or it has neither), and when a NIF ``#char=b,e`` IRI
    names other offsets than the triples.
    """
    problems: list[str] = []
    strings = (
        instances(graph, NIF.Context)
        | instances(graph, NIF.Sentence)
        | instances(graph, NIF.Phrase)
    )
    spans = set(graph.subjects(NIF.beginIndex, None)) | set(graph.subjects(NIF.endIndex, None))
    for span in sorted(spans, key=str):
        where = name(graph, span)
        found = offsets(graph, span)
        if found is None:
            problems.append(f"{where}: needs both nif:beginIndex and nif:endIndex")
            continue
        begin, end = found
        if not 0 <= begin <= end <= len(text):
            problems.append(f"{where}: offsets {begin},{end} outside 0..{len(text)}")
            continue
        if span not in strings:
            problems.append(f"{where}: has offsets but is not a NIF context, sentence or phrase")
        actual = text[begin:end]
        quotes = [(p, graph.value(span, p)) for p in (NIF.anchorOf, NIF.isString)]
        quotes = [(p, q) for p, q in quotes if q is not None]
        if not quotes:
            problems.append(f"{where}: has neither nif:anchorOf nor nif:isString")
        for predicate, quote in quotes:
            if str(quote) != actual:
                problems.append(
                    f"{where}: {name(graph, predicate)} {str(quote)!r} but the text at "
                    f"{begin},{end} is {actual!r}"
                )
        match = CHAR_IRI.search(str(span))
        if match and (int(match.group(1)), int(match.group(2))) != (begin, end):
            problems.append(f"{where}: IRI names other offsets than {begin},{end}")
    return problems


def containment_problems(graph: Graph) -> list[str]:
    """Every nif:Phrase has exactly one nif:sentence, which contains the phrase's span and
    shares its nif:referenceContext."""
    problems: list[str] = []
    for phrase in sorted(instances(graph, NIF.Phrase), key=str):
        where = name(graph, phrase)
        sentences = list(graph.objects(phrase, NIF.sentence))
        if len(sentences) != 1:
            problems.append(f"{where}: {len(sentences)} nif:sentence values, expected 1")
            continue
        sentence = sentences[0]
        inner, outer = offsets(graph, phrase), offsets(graph, sentence)
        if inner is None or outer is None:
            problems.append(f"{where}: phrase or sentence {name(graph, sentence)} lacks offsets")
            continue
        if not (outer[0] <= inner[0] and inner[1] <= outer[1]):
            problems.append(
                f"{where}: {inner[0]},{inner[1]} is not inside {name(graph, sentence)} "
                f"({outer[0]},{outer[1]})"
            )
        context = graph.value(phrase, NIF.referenceContext)
        if context is None or context != graph.value(sentence, NIF.referenceContext):
            problems.append(f"{where}: nif:referenceContext differs from its sentence's")
    return problems


def sentence_numbers(graph: Graph) -> dict[Node, int]:
    """Every nif:Sentence with its bkg:sentenceNumber (0 when it has none)."""
    return {
        s: int(str(graph.value(s, BKG.sentenceNumber) or 0)) for s in instances(graph, NIF.Sentence)
    }


def coverage(graph: Graph) -> dict[int, list[str]]:
    """For each sentence number, the facts that name the sentence in bkg:statedIn."""
    table: dict[int, list[str]] = {}
    for sentence, number in sentence_numbers(graph).items():
        facts = sorted(name(graph, f) for f in graph.subjects(BKG.statedIn, sentence))
        table[number] = facts
    return dict(sorted(table.items()))


def coverage_report(table: dict[int, list[str]]) -> str:
    """The coverage table as text, one sentence per line."""
    return "\n".join(
        f"  S{number:<2} {len(facts):>2} fact(s): {', '.join(facts) or '-- NONE --'}"
        for number, facts in table.items()
    )


def antecedents(graph: Graph, fact: Node) -> set[Node]:
    """The spans that the readings ``fact`` follows refer back to (bkg:antecedent)."""
    return {
        span
        for reading in graph.objects(fact, BKG.followsReading)
        for span in graph.objects(reading, BKG.antecedent)
    }


def fact_problems(graph: Graph) -> list[str]:
    """Every fact that is not a bkg:ExternalFact has bkg:statedIn and bkg:evidence; each
    evidence span lies inside (and names as nif:sentence) one of the fact's statedIn
    sentences, unless it is the antecedent of a reading the fact follows (the words an
    earlier sentence supplies, which the fact then rests on too); each statedIn sentence
    holds at least one of its evidence spans. Every bkg:ExternalFact has a dct:source and
    a bkg:retrieved date and neither bkg:statedIn nor bkg:evidence."""
    problems: list[str] = []
    external = instances(graph, BKG.ExternalFact)
    for fact in sorted(instances(graph, BKG.Fact), key=str):
        where = name(graph, fact)
        stated_in = set(graph.objects(fact, BKG.statedIn))
        evidence = set(graph.objects(fact, BKG.evidence))
        if fact in external:
            if graph.value(fact, DCT.source) is None:
                problems.append(f"{where}: external fact without dct:source")
            if graph.value(fact, BKG.retrieved) is None:
                problems.append(f"{where}: external fact without bkg:retrieved")
            if stated_in or evidence:
                problems.append(f"{where}: external fact with bkg:statedIn or bkg:evidence")
            continue
        if not stated_in:
            problems.append(f"{where}: no bkg:statedIn")
        if not evidence:
            problems.append(f"{where}: no bkg:evidence")
        joined = antecedents(graph, fact)
        supported: set[Node] = set()
        for span in sorted(evidence, key=str):
            if span in joined:
                continue
            inner = offsets(graph, span)
            containing = [
                s
                for s in stated_in
                if inner is not None
                and (outer := offsets(graph, s)) is not None
                and outer[0] <= inner[0]
                and inner[1] <= outer[1]
            ]
            if not containing:
                problems.append(f"{where}: evidence {name(graph, span)} is outside its sentences")
            if graph.value(span, NIF.sentence) not in stated_in:
                problems.append(
                    f"{where}: evidence {name(graph, span)} has nif:sentence "
                    f"{name(graph, graph.value(span, NIF.sentence) or Literal('none'))}, "
                    "not one of its bkg:statedIn sentences"
                )
            supported.update(containing)
        for sentence in sorted(stated_in - supported, key=str):
            if evidence:
                problems.append(f"{where}: no evidence span in {name(graph, sentence)}")
    return problems


def reading_problems(graph: Graph) -> list[str]:
    """Every reading has a label, its text, and the words it reads; an antecedent lies
    in the sentence of the words read or an earlier one (the words refer back); and every
    fact that follows a reading with antecedents rests on them: an antecedent span is
    one of the fact's evidence spans (at least one, for a reading such as "the latter two"
    whose antecedents are BiH and Serbia), so the fact cites every sentence it rests on."""
    problems: list[str] = []
    numbers = sentence_numbers(graph)
    for reading in sorted(instances(graph, BKG.Reading), key=str):
        where = name(graph, reading)
        if graph.value(reading, RDFS.label) is None:
            problems.append(f"{where}: no rdfs:label")
        if graph.value(reading, BKG.readingText) is None:
            problems.append(f"{where}: no bkg:readingText")
        read = list(graph.objects(reading, BKG.readingOf))
        if not read:
            problems.append(f"{where}: reads no words (bkg:readingOf)")
        read_numbers = {numbers.get(graph.value(s, NIF.sentence), 0) for s in read}
        followers = set(graph.subjects(BKG.followsReading, reading))
        if not followers:
            problems.append(f"{where}: no fact follows it")
        spans = set(graph.objects(reading, BKG.antecedent))
        for span in spans:
            number = numbers.get(graph.value(span, NIF.sentence), 0)
            if not number or number > min(read_numbers, default=0):
                problems.append(f"{where}: antecedent {name(graph, span)} does not refer back")
        for fact in sorted(followers, key=str):
            if spans and not spans & set(graph.objects(fact, BKG.evidence)):
                problems.append(
                    f"{where}: {name(graph, fact)} follows it but does not rest on its "
                    "antecedent (none of its evidence spans is one)"
                )
    return problems


def joined_sentences(graph: Graph) -> dict[str, tuple[int, int]]:
    """Each reading whose antecedent lies in another sentence than its words, with the two
    sentence numbers (words, antecedent)."""
    numbers = sentence_numbers(graph)
    joins: dict[str, tuple[int, int]] = {}
    for reading in instances(graph, BKG.Reading):
        for read in graph.objects(reading, BKG.readingOf):
            for span in graph.objects(reading, BKG.antecedent):
                pair = (
                    numbers[graph.value(read, NIF.sentence)],
                    numbers[graph.value(span, NIF.sentence)],
                )
                if pair[0] != pair[1]:
                    joins[str(reading).removeprefix(str(BK))] = pair
    return joins


def entity_problems(graph: Graph) -> list[str]:
    """Every bkg:Entity is mentioned (a span with itsrdf:taIdentRef to it) or has a
    dct:source; every mention points to an entity."""
    problems: list[str] = []
    entities = instances(graph, BKG.Entity)
    mentioned = set(graph.objects(None, ITSRDF.taIdentRef))
    for entity in sorted(entities, key=str):
        if entity not in mentioned and graph.value(entity, DCT.source) is None:
            problems.append(f"{name(graph, entity)}: neither mentioned nor dct:source")
    for span, target in graph.subject_objects(ITSRDF.taIdentRef):
        if target not in entities:
            problems.append(f"{name(graph, span)}: mentions {name(graph, target)}, no entity")
    return problems


# ---------------------------------------------------------------------------------------
# The project passes them
# ---------------------------------------------------------------------------------------


def test_every_span_matches_the_source_text(graph: Graph, text: str) -> None:
    """Each span's quoted text is the source text at its offsets (all mismatches listed)."""
    problems = span_problems(graph, text)
    assert not problems, f"{len(problems)} span problem(s):\n" + "\n".join(problems)


def test_every_phrase_lies_inside_its_sentence(graph: Graph) -> None:
    """Each NIF phrase names the one sentence that contains it."""
    problems = containment_problems(graph)
    assert not problems, "\n".join(problems)


def test_source_text_splits_into_the_sentences_read(text: str) -> None:
    """The splitter finds the 18 sentences written down from reading the text."""
    found = [text[b:e] for b, e in split_sentences(text)]
    assert len(found) == len(EXPECTED_SENTENCES) == 18, found
    for number, (sentence, (opening, closing)) in enumerate(
        zip(found, EXPECTED_SENTENCES, strict=True), 1
    ):
        assert sentence.startswith(opening), f"S{number}: {sentence!r}"
        assert sentence.endswith(closing), f"S{number}: {sentence!r}"


def test_sentences_are_the_18_sentences_of_the_text_in_order(graph: Graph, text: str) -> None:
    """bk:S1..bk:S18 are the nif:Sentences of the text: numbered 1..18 in text order, with
    the offsets and text of the sentences found in the source, chained by
    nif:nextSentence from S1 to S18."""
    numbers = sentence_numbers(graph)
    assert numbers == {BK[f"S{n}"]: n for n in range(1, 19)}
    for n, (begin, end) in enumerate(split_sentences(text), 1):
        sentence = BK[f"S{n}"]
        assert offsets(graph, sentence) == (begin, end), f"S{n}"
        assert str(graph.value(sentence, NIF.anchorOf)) == text[begin:end], f"S{n}"
        assert graph.value(sentence, NIF.referenceContext) == CONTEXT, f"S{n}"
        following = graph.value(sentence, NIF.nextSentence)
        assert following == (BK[f"S{n + 1}"] if n < 18 else None), f"S{n} -> {following}"


def test_sentence_16_ends_with_its_footnote_marker(graph: Graph) -> None:
    """The footnote marker belongs to S16, which ends "welcomed the move.[19]"."""
    anchor = str(graph.value(BK.S16, NIF.anchorOf))
    assert anchor.endswith("welcomed the move.[19]"), anchor
    assert str(graph.value(BK.S17, NIF.anchorOf)).startswith("The fact remains")


def test_context_is_the_whole_source_text(graph: Graph, text: str) -> None:
    """The nif:Context holds the whole file, from offset 0 to its length."""
    assert (CONTEXT, RDF.type, NIF.Context) in graph
    assert str(graph.value(CONTEXT, NIF.isString)) == text
    assert offsets(graph, CONTEXT) == (0, len(text))


def test_every_sentence_states_at_least_one_fact(graph: Graph) -> None:
    """Coverage: each of the 18 sentences has facts stated in it (table on failure)."""
    table = coverage(graph)
    empty = [number for number, facts in table.items() if not facts]
    assert list(table) == list(range(1, 19)), coverage_report(table)
    assert not empty, f"sentences without facts: {empty}\n{coverage_report(table)}"


def test_every_fact_is_traced_to_its_sentence_and_span(graph: Graph) -> None:
    """Text facts carry their sentence and evidence, the evidence lies in the sentence;
    external facts carry a source instead."""
    problems = fact_problems(graph)
    assert not problems, "\n".join(problems)


def test_every_entity_is_mentioned_or_sourced(graph: Graph) -> None:
    """Each entity is traced to a span naming it, or to an outside source."""
    problems = entity_problems(graph)
    assert not problems, "\n".join(problems)


def test_entities_not_named_in_the_text_are_those_from_outside(graph: Graph) -> None:
    """The only entities without a mention are the ones the text never names, each with
    its outside source (see :data:`ENTITIES_FROM_OUTSIDE`)."""
    mentioned = set(graph.objects(None, ITSRDF.taIdentRef))
    unmentioned = instances(graph, BKG.Entity) - mentioned
    assert unmentioned == ENTITIES_FROM_OUTSIDE
    assert all(graph.value(entity, DCT.source) is not None for entity in unmentioned)


def test_every_reading_is_complete_and_every_fact_cites_the_sentences_it_rests_on(
    graph: Graph,
) -> None:
    """Each reading has its text and words, refers back, and every fact following it has
    the antecedent's words as evidence."""
    problems = reading_problems(graph)
    assert not problems, "\n".join(problems)


def test_readings_join_exactly_the_sentences_read(graph: Graph) -> None:
    """The readings that join two sentences are the eight written down from reading."""
    assert joined_sentences(graph) == JOINED_SENTENCES


def test_referring_words_are_mentions_of_what_they_refer_to(graph: Graph, text: str) -> None:
    """Words that refer back ("It", "the latter two", "This" ...) name their referents."""
    numbers = {number: sentence for sentence, number in sentence_numbers(graph).items()}
    for (quote, number), referents in REFERRING_WORDS.items():
        spans = [
            span
            for span in graph.subjects(NIF.sentence, numbers[number])
            if str(graph.value(span, NIF.anchorOf)) == quote
        ]
        assert len(spans) == 1, f"S{number} {quote!r}: {len(spans)} spans"
        assert set(graph.objects(spans[0], ITSRDF.taIdentRef)) == referents, (quote, number)
        assert any((r, BKG.readingOf, spans[0]) in graph for r in instances(graph, BKG.Reading))


def test_facts_exist_for_the_checks_to_look_at(graph: Graph) -> None:
    """Guard against vacuous passes: there are text facts, external facts and spans."""
    facts = instances(graph, BKG.Fact)
    external = instances(graph, BKG.ExternalFact)
    assert len(facts - external) >= 18
    assert external
    assert len(instances(graph, NIF.Phrase)) >= 18


# ---------------------------------------------------------------------------------------
# The checks catch broken provenance
# ---------------------------------------------------------------------------------------

NATO_IN_S1 = URIRef("https://w3id.org/balkan-kg/id/report-excerpt#char=55,59")
"""The span "NATO" in S1 ("the NATO-Russia standoff")."""


def shift(graph: Graph, span: URIRef, by: int) -> None:
    """Move ``span``'s offsets by ``by`` characters, leaving its quoted text as it was."""
    begin, end = offsets(graph, span) or (0, 0)
    graph.set((span, NIF.beginIndex, Literal(begin + by)))
    graph.set((span, NIF.endIndex, Literal(end + by)))


def test_shifted_span_is_reported(graph: Graph, text: str) -> None:
    """A span moved by one character no longer matches its nif:anchorOf."""
    mutated = copy_graph(graph)
    shift(mutated, NATO_IN_S1, 1)
    problems = span_problems(mutated, text)
    assert any("char=55,59" in p and "'NATO'" in p for p in problems), problems


def test_changed_source_text_is_reported(graph: Graph, text: str) -> None:
    """An edit of the source text (one word replaced) breaks every span across it."""
    edited = text.replace("NATO-Russia standoff", "NATO–Russia stand-off", 1)
    problems = span_problems(graph, edited)
    assert any(p.startswith("bk:S1:") for p in problems), problems
    assert any("char=0,75" in p for p in problems), problems


def test_phrase_in_the_wrong_sentence_is_reported(graph: Graph) -> None:
    """A phrase whose nif:sentence does not contain it is reported."""
    mutated = copy_graph(graph)
    mutated.set((NATO_IN_S1, NIF.sentence, BK.S2))
    problems = containment_problems(mutated)
    assert any("char=55,59" in p and "S2" in p for p in problems), problems


def test_sentence_without_facts_is_reported(graph: Graph) -> None:
    """Removing the facts of S2 leaves S2 empty in the coverage table."""
    mutated = copy_graph(graph)
    for fact in list(mutated.subjects(BKG.statedIn, BK.S2)):
        mutated.remove((fact, BKG.statedIn, BK.S2))
    table = coverage(mutated)
    assert table[2] == []
    assert "S2" in coverage_report(table) and "NONE" in coverage_report(table)


FACT_MUTATIONS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "no-statedIn": (
        lambda g: g.remove((BK["assessment-nato-upper-hand"], BKG.statedIn, None)),
        "no bkg:statedIn",
    ),
    "no-evidence": (
        lambda g: g.remove((BK["assessment-nato-upper-hand"], BKG.evidence, None)),
        "no bkg:evidence",
    ),
    "evidence-from-another-sentence": (
        lambda g: g.add((BK["assessment-nato-upper-hand"], BKG.evidence, NATO_IN_S1)),
        "outside its sentences",
    ),
    "statedIn-a-sentence-without-evidence": (
        lambda g: g.add((BK["assessment-nato-upper-hand"], BKG.statedIn, BK.S3)),
        "no evidence span in bk:S3",
    ),
    "external-fact-without-source": (
        lambda g: g.remove((BK["wikidata-NATO"], DCT.source, None)),
        "external fact without dct:source",
    ),
    "external-fact-with-sentence": (
        lambda g: g.add((BK["wikidata-NATO"], BKG.statedIn, BK.S1)),
        "external fact with bkg:statedIn",
    ),
    "external-fact-without-retrieval-date": (
        lambda g: g.remove((BK["wikidata-NATO"], BKG.retrieved, None)),
        "external fact without bkg:retrieved",
    ),
    "antecedent-without-reading": (
        # S7's participations rest on S6's "BiH" through the reading of "the latter two";
        # without the reading, that evidence is just outside the sentence.
        lambda g: g.remove((BK["participation-bih-pfp"], BKG.followsReading, None)),
        "is outside its sentences",
    ),
}


READING_MUTATIONS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "fact-does-not-rest-on-antecedent": (
        lambda g: g.remove(
            (
                BK["membership-croatia-nato"],
                BKG.evidence,
                _span_of(g, 3, "managed to become full NATO allies"),
            )
        ),
        "does not rest on its antecedent",
    ),
    "antecedent-in-a-later-sentence": (
        lambda g: g.add((BK["reading-s7-it"], BKG.antecedent, _span_of(g, 14, "NATO"))),
        "does not refer back",
    ),
    "reading-without-text": (
        lambda g: g.remove((BK["reading-s9-that-direction"], BKG.readingText, None)),
        "no bkg:readingText",
    ),
}


def _span_of(graph: Graph, number: int, quote: str) -> Node:
    """The span of sentence ``number`` that quotes ``quote``."""
    sentence = BK[f"S{number}"]
    for span in graph.subjects(NIF.sentence, sentence):
        if str(graph.value(span, NIF.anchorOf)) == quote:
            return span
    raise LookupError(f"S{number} has no span {quote!r}")


@pytest.mark.parametrize(
    ("mutate", "expect"), READING_MUTATIONS.values(), ids=READING_MUTATIONS.keys()
)
def test_broken_readings_are_reported(
    mutate: Callable[[Graph], None], expect: str, graph: Graph
) -> None:
    """Each way of breaking a reading, or a fact's reliance on it, is reported."""
    mutated = copy_graph(graph)
    mutate(mutated)
    problems = reading_problems(mutated)
    assert any(expect in p for p in problems), problems


@pytest.mark.parametrize(("mutate", "expect"), FACT_MUTATIONS.values(), ids=FACT_MUTATIONS.keys())
def test_broken_fact_provenance_is_reported(
    mutate: Callable[[Graph], None], expect: str, graph: Graph
) -> None:
    """Each way of breaking a fact's provenance is reported."""
    mutated = copy_graph(graph)
    mutate(mutated)
    problems = fact_problems(mutated)
    assert any(expect in p for p in problems), problems


def test_unmentioned_entity_is_reported(graph: Graph) -> None:
    """An entity with no mention and no dct:source is reported."""
    mutated = copy_graph(graph)
    for span in list(mutated.subjects(ITSRDF.taIdentRef, BK.Stoltenberg)):
        mutated.remove((span, ITSRDF.taIdentRef, BK.Stoltenberg))
    problems = entity_problems(mutated)
    assert any("bk:Stoltenberg" in p for p in problems), problems
