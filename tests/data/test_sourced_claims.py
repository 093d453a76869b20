"""Sourced claims: nothing is said about an entity without a source.

An entity (a state, an organisation, a person, an event, ...) carries only its
identity: its type, its label, its alternative labels, an editorial note and, for an
entity the text does not name, the page it is traced to (``dct:source``). A prospect
(e.g. "Montenegro's NATO membership") is also identified by the state and organisation
it is a prospect of. Everything else said about an entity is said by a *fact node*, and
every fact node has a source: either the sentence that states it and the words that
say it (``bkg:statedIn``, ``bkg:evidence``), or, for an external fact, the page it comes
from and the date that page was read (``dct:source``, ``bkg:retrieved``).

So every triple that has an entity as its object must come from

- a span of the text that mentions the entity (``itsrdf:taIdentRef``);
- a prospect naming its state or organisation;
- a fact node with a source, or the period of such a fact (the period of a
  non-membership "at the time of writing" points at the writing of the report);
- the source text itself, placed in the section of the report by an external
  publication record (``dct:isPartOf``).

and no triple may have an entity as its subject except the identity triples.
shape:EntityIdentityOnlyShape (ontology/shapes.ttl) enforces the second rule in SHACL;
this test checks both rules in plain Python over the asserted data, and the mutation
tests show that a claim without a source is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from balkan_kg.rdfio.parse import parse_files

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY_FILES = [REPO / "ontology" / "balkan-kg.ttl", REPO / "ontology" / "concepts.ttl"]
DATA_FILES = [
    *sorted((REPO / "data").glob("*.ttl")),
    *sorted((REPO / "data" / "external").glob("*.ttl")),
]

BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
BK = Namespace("https://w3id.org/balkan-kg/id/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
DCT = Namespace("http://purl.org/dc/terms/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

IDENTITY = {RDF.type, RDFS.label, SKOS.altLabel, SKOS.note, DCT.source}
"""What an entity may say about itself: who it is, not what it did or is."""
PROSPECT_IDENTITY = {
    BKG.prospectiveMember,
    BKG.prospectiveOrganisation,
    BKG.tiesOf,
    BKG.tiesWith,
}
"""What identifies a prospect: "Montenegro's NATO membership" is the prospect of
Montenegro (member) and NATO (organisation); without them there is no prospect."""
PERIOD_OF = {BKG.validDuring, BKG.memberDuring}


def subclasses(ontology: Graph, root: URIRef) -> set[Node]:
    """``root`` and every named class below it in the ontology's rdfs:subClassOf tree."""
    found: set[Node] = {root}
    todo: list[Node] = [root]
    while todo:
        for sub in ontology.subjects(RDFS.subClassOf, todo.pop()):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_files(ONTOLOGY_FILES)


@pytest.fixture(scope="module")
def data() -> Graph:
    """The asserted data (text and external), without the ontology."""
    return parse_files(DATA_FILES)


class Kinds:
    """The instances of the ontology's entity and fact classes in a data graph."""

    def __init__(self, ontology: Graph, data: Graph) -> None:
        def instances(root: URIRef) -> set[Node]:
            return {s for c in subclasses(ontology, root) for s in data.subjects(RDF.type, c)}

        self.entities = instances(BKG.Entity)
        self.prospects = instances(BKG.Prospect)
        self.facts = instances(BKG.Fact)
        self.external = set(data.subjects(RDF.type, BKG.ExternalFact))
        self.records = instances(BKG.PublicationRecord)


def fact_source_problem(data: Graph, kinds: Kinds, fact: Node) -> str | None:
    """Why ``fact`` has no source, or ``None`` if it has one."""
    if fact in kinds.external:
        sources = [s for s in data.objects(fact, DCT.source) if isinstance(s, URIRef)]
        dates = [
            d
            for d in data.objects(fact, BKG.retrieved)
            if isinstance(d, Literal) and d.datatype == XSD_DATE
        ]
        if not sources:
            return "is external but names no source page (dct:source)"
        if not dates:
            return "is external but says not when its source was read (bkg:retrieved)"
        return None
    sentences = [s for s in data.objects(fact, BKG.statedIn) if (s, RDF.type, NIF.Sentence) in data]
    spans = [s for s in data.objects(fact, BKG.evidence) if (s, RDF.type, NIF.Phrase) in data]
    if not sentences:
        return "is stated in no sentence (bkg:statedIn)"
    if not spans:
        return "has no evidence span (bkg:evidence)"
    return None


def short(node: Node) -> str:
    text = str(node)
    for prefix, namespace in (("bk:", BK), ("bkg:", BKG)):
        if text.startswith(str(namespace)):
            return prefix + text[len(str(namespace)) :]
    return text


def claim_problems(ontology: Graph, data: Graph) -> list[str]:
    """Every triple about an entity that is neither identity nor mention nor sourced."""
    kinds = Kinds(ontology, data)
    problems: list[str] = []
    for entity in sorted(kinds.entities):
        for predicate, value in data.predicate_objects(entity):
            allowed = IDENTITY | (PROSPECT_IDENTITY if entity in kinds.prospects else set())
            if predicate not in allowed:
                problems.append(
                    f"{short(entity)} {short(predicate)} {short(value)}: a claim made by the"
                    " entity itself, with no source (state it as a fact)"
                )
        for subject, predicate in data.subject_predicates(entity):
            where = f"{short(subject)} {short(predicate)} {short(entity)}"
            if predicate == ITSRDF.taIdentRef and (subject, RDF.type, NIF.Phrase) in data:
                continue  # a mention: the span is the source
            if subject in kinds.prospects and predicate in PROSPECT_IDENTITY:
                continue
            if subject in kinds.facts:
                problem = fact_source_problem(data, kinds, subject)
                if problem:
                    problems.append(f"{where}: the fact {problem}")
                continue
            if (subject, RDF.type, BKG.Period) in data:
                owners = [f for p in PERIOD_OF for f in data.subjects(p, subject)]
                if not owners:
                    problems.append(f"{where}: the period belongs to no fact")
                for owner in owners:
                    problem = fact_source_problem(data, kinds, owner)
                    if problem:
                        problems.append(f"{where}: the period's fact {short(owner)} {problem}")
                continue
            if predicate == DCT.isPartOf and (subject, RDF.type, NIF.Context) in data:
                records = [r for r in data.subjects(BKG.about, entity) if r in kinds.records]
                if not any(fact_source_problem(data, kinds, r) is None for r in records):
                    problems.append(
                        f"{where}: no sourced publication record places {short(entity)}"
                    )
                continue
            problems.append(f"{where}: neither a mention nor a sourced fact")
    return problems


def unsourced_facts(ontology: Graph, data: Graph) -> list[str]:
    """Every fact node (text or external) without its source."""
    kinds = Kinds(ontology, data)
    return [
        f"{short(fact)} {problem}"
        for fact in sorted(kinds.facts)
        if (problem := fact_source_problem(data, kinds, fact))
    ]


def test_no_claim_about_an_entity_lacks_a_source(ontology: Graph, data: Graph) -> None:
    problems = claim_problems(ontology, data)
    assert not problems, "\n".join(problems)


def test_every_fact_has_its_source(ontology: Graph, data: Graph) -> None:
    problems = unsourced_facts(ontology, data)
    assert not problems, "\n".join(problems)


def test_the_checks_have_claims_to_look_at(ontology: Graph, data: Graph) -> None:
    """The checks above would pass on an empty graph; this one would not."""
    kinds = Kinds(ontology, data)
    assert len(kinds.entities) >= 50
    assert len(kinds.facts - kinds.external) >= 70
    assert len(kinds.external) >= 30
    facts_about_entities = {
        s for e in kinds.entities for s in data.subjects(None, e) if s in kinds.facts
    }
    assert len(facts_about_entities) >= 100
    mentions = {s for e in kinds.entities for s in data.subjects(ITSRDF.taIdentRef, e)}
    assert len(mentions) >= 80


def test_no_entity_class_or_fact_class_is_also_the_other(ontology: Graph, data: Graph) -> None:
    """An entity is never a fact: otherwise its claims would pass as sourced."""
    kinds = Kinds(ontology, data)
    assert not kinds.entities & kinds.facts
    assert (BKG.Entity, OWL.disjointWith, BKG.Fact) in ontology, "declare them disjoint"


# --- the checks can fail --------------------------------------------------------------


def _without_sources(fact: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.remove((fact, DCT.source, None))

    return change


def _without_evidence(fact: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.remove((fact, BKG.evidence, None))

    return change


def _period_of_no_fact(graph: Graph) -> None:
    graph.add((BK["period-x"], RDF.type, BKG.Period))
    graph.add((BK["period-x"], BKG.holdsAt, BK.ReportWriting))


MUTATIONS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "entity-claims-a-member-count": (
        lambda g: g.add((BK.WesternBalkans, BKG.memberCount, Literal(6))),
        "bk:WesternBalkans bkg:memberCount 6: a claim made by the entity itself",
    ),
    "entity-points-at-another-entity": (
        lambda g: g.add((BK.KosovoSecurityForce, BKG.forceOf, BK.Kosovo)),
        "bk:KosovoSecurityForce bkg:forceOf",
    ),
    "unsourced-node-points-at-an-entity": (
        lambda g: g.add((BK["rumour"], BKG.about, BK.Serbia)),
        "bk:rumour bkg:about bk:Serbia: neither a mention nor a sourced fact",
    ),
    "external-fact-without-source": (
        _without_sources(BK["membership-greece-nato"]),
        "names no source page",
    ),
    "external-fact-without-retrieval-date": (
        lambda g: g.remove((BK["membership-spain-nato"], BKG.retrieved, None)),
        "says not when its source was read",
    ),
    "text-fact-without-evidence": (
        _without_evidence(BK["membership-albania-nato"]),
        "bk:membership-albania-nato has no evidence span",
    ),
    "period-of-no-fact": (
        _period_of_no_fact,
        "bk:period-x bkg:holdsAt bk:ReportWriting: the period belongs to no fact",
    ),
    "context-placed-without-a-record": (
        lambda g: g.remove((BK["publication-section"], BKG.about, BK["report-section"])),
        "no sourced publication record places bk:report-section",
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_claim_without_a_source_is_reported(ontology: Graph, data: Graph, name: str) -> None:
    change, expected = MUTATIONS[name]
    broken = Graph()
    for triple in data:
        broken.add(triple)
    change(broken)
    problems = claim_problems(ontology, broken) + unsourced_facts(ontology, broken)
    assert any(expected in p for p in problems), "\n".join(problems) or "no problem reported"
