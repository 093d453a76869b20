"""The fast reasoner (``balkan_kg.kg.fastreason``) gives owlrl's closure.

Differential tests: :func:`balkan_kg.kg.reason.reason` with ``"fast"`` against
``"owlrl"`` (the filtered closure and the inconsistency messages), on the real graph, on
generated graphs of 10^3 and 10^4 triples, on a graph made inconsistent on purpose and
on a small ontology that uses every rule the engine implements. Input outside its
fragment is refused with :class:`Unsupported` and handed back to owlrl. No test here
measures time (the benchmark, ``python -m bench``, does).
"""

from __future__ import annotations

import sys
from typing import Any

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from balkan_kg.kg.fastreason import (
    BNODE_KIND,
    IRI_KIND,
    LITERAL_KIND,
    Unsupported,
    materialize,
    materialize_graph,
    oxigraph_term,
    rdflib_term,
)
from balkan_kg.kg.reason import Reasoning, reason
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.rdfio.bridge import new_graph, rdflib_graph
from balkan_kg.rdfio.parse import parse_files

ROOT = checkout_root()
pytestmark = pytest.mark.skipif(ROOT is None, reason="needs the checkout's curated files")
LAYOUT = Layout(ROOT) if ROOT is not None else None

PREFIXES = """\
@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .
@prefix bk: <https://w3id.org/balkan-kg/id/> .
@prefix ex: <http://example.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
BKG = "https://w3id.org/balkan-kg/ontology#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def generate(size: int, seed: int) -> Any:
    """The benchmark generator's graph of ``size`` triples (``bench/`` is not a package
    of the install, so it is imported from the checkout)."""
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate as bench_generate
    finally:
        sys.path.remove(str(ROOT))
    return bench_generate(size, seed)


def read_generated(generated: Any) -> Graph:
    """The generated N-Triples read as the build reads files: by pyoxigraph, then bridged."""
    quads = pyoxigraph.parse(generated.text().encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return rdflib_graph(quad.triple for quad in quads)


def turtle(text: str) -> Graph:
    graph = new_graph()
    graph.parse(data=PREFIXES + text, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    assert LAYOUT is not None
    return parse_files(LAYOUT.ontology_files)


@pytest.fixture(scope="module", params=[1_000, 10_000], ids=lambda n: f"{n}-triples")
def generated(request: pytest.FixtureRequest) -> Graph:
    """Generated data of 10^3 and 10^4 triples."""
    return read_generated(generate(request.param, seed=7))


def merged(ontology: Graph, data: Graph) -> Graph:
    graph = new_graph()
    graph += ontology
    graph += data
    return graph


def assert_same_reasoning(graph: Graph) -> tuple[Reasoning, Reasoning]:
    """Reason with both reasoners; the fast one must not fall back and must agree."""
    fast = reason(graph, "fast")
    reference = reason(graph, "owlrl")
    assert fast.reasoner == "fast", fast.fallback
    assert reference.reasoner == "owlrl"
    missing = set(reference.inferred) - set(fast.inferred)
    extra = set(fast.inferred) - set(reference.inferred)
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])
    assert fast.inconsistencies == reference.inconsistencies
    return fast, reference


def test_fast_reasoner_equals_owlrl_on_the_text_only_real_graph() -> None:
    assert LAYOUT is not None
    graph = parse_files(LAYOUT.source_files(include_external=False))
    fast, _ = assert_same_reasoning(graph)
    assert (
        URIRef("https://w3id.org/balkan-kg/id/Albania"),
        RDF_TYPE,
        URIRef(BKG + "NATOMemberState"),
    ) in fast.inferred


def test_fast_reasoner_equals_owlrl_on_generated_graphs(ontology: Graph, generated: Graph) -> None:
    fast, _ = assert_same_reasoning(merged(ontology, generated))
    # Not vacuous: the defined classes and the shortcut chains fire (all of them in the
    # larger graph, which has every kind of sentence).
    classified = {o for _, p, o in fast.inferred if p == RDF_TYPE}
    chained = {p for _, p, _ in fast.inferred}
    classes = ["NATOMemberState", "WesternBalkanState", "TextFact"]
    shortcuts = ["memberOf", "hasStanceTowards"]
    if len(generated) >= 10_000:
        classes.append("NATONonMemberState")
        shortcuts += ["participatesIn", "hasRelationWith", "missionLedBy", "supports"]
    for defined in classes:
        assert URIRef(BKG + defined) in classified, defined
    for shortcut in shortcuts:
        assert URIRef(BKG + shortcut) in chained, shortcut


INCONSISTENT = """
bk:Albania a bkg:State ; rdfs:label "Albania"@en .
bk:m1 a bkg:Membership , bkg:Stance ; bkg:member bk:Albania ; org:organization bk:NATO .
bk:NATO a bkg:Alliance .
bk:Odd a bkg:State , bkg:InternationalOrganisation .
bk:Void a owl:Nothing .
bk:S1 bkg:sentenceNumber "one"^^xsd:integer .
"""


def test_fast_reasoner_reports_the_same_inconsistencies_as_owlrl(ontology: Graph) -> None:
    graph = merged(ontology, turtle(INCONSISTENT))
    fast, _ = assert_same_reasoning(graph)
    text = "\n".join(fast.inconsistencies)
    assert "bk:m1 is a member of disjoint classes" in text
    assert "bk:Odd is a member of disjoint classes" in text
    assert "bk:Void is a member of owl:Nothing" in text
    assert "owlrl: Lexical value of the literal 'one'" in text


EVERY_RULE = """
ex:A a owl:Class . ex:B a owl:Class ; rdfs:subClassOf ex:A . ex:C a owl:Class .
ex:D a owl:Class ; owl:equivalentClass ex:C .
ex:I a owl:Class ; owl:intersectionOf ( ex:A ex:C ex:R ) .
ex:R a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:C .
ex:T a owl:Restriction ; owl:onProperty ex:q ; owl:someValuesFrom owl:Thing .
ex:H a owl:Restriction ; owl:onProperty ex:q ; owl:hasValue ex:v .
ex:H2 a owl:Class ; owl:equivalentClass ex:H .
ex:p a owl:ObjectProperty ; rdfs:domain ex:B ; rdfs:range ex:C ; rdfs:subPropertyOf ex:q .
ex:q a owl:ObjectProperty ; owl:inverseOf ex:qi .
ex:e a owl:ObjectProperty ; owl:equivalentProperty ex:f .
ex:t a owl:ObjectProperty , owl:TransitiveProperty .
ex:s a owl:ObjectProperty , owl:SymmetricProperty .
ex:chain a owl:ObjectProperty ; owl:propertyChainAxiom ( ex:p ex:t ex:s ) .
ex:year a owl:DatatypeProperty , owl:FunctionalProperty ; rdfs:range xsd:gYear .
ex:x ex:p ex:y ; ex:year "2009"^^xsd:gYear ; ex:e ex:z .
ex:y ex:t ex:y2 . ex:y2 ex:t ex:y3 . ex:y3 ex:s ex:w .
ex:u a ex:H2 . ex:k ex:q ex:v . ex:m a ex:I .
ex:n ex:p ex:y3 . ex:y3 a ex:D .
"""


def test_fast_reasoner_equals_owlrl_on_every_rule_it_implements() -> None:
    fast, _ = assert_same_reasoning(turtle(EVERY_RULE))
    ex = "http://example.org/"
    expected = [
        (ex + "x", ex + "chain", ex + "w"),  # a chain of three through a transitive step
        (ex + "u", ex + "q", ex + "v"),  # cls-hv1 through an equivalent class
        (ex + "k", str(RDF_TYPE), ex + "H2"),  # cls-hv2, then cax-eqc
        (ex + "n", str(RDF_TYPE), ex + "R"),  # cls-svf1 with a typed filler
        (ex + "y", ex + "qi", ex + "x"),  # sub-property, then inverse
        (ex + "x", ex + "f", ex + "z"),  # equivalent property
        (ex + "w", ex + "s", ex + "y3"),  # symmetric
        (ex + "y", ex + "t", ex + "y3"),  # transitive
    ]
    for triple in expected:
        assert tuple(URIRef(t) for t in triple) in fast.inferred, triple


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("ex:a owl:sameAs ex:b .", "sameAs"),
        ("ex:A owl:unionOf ( ex:B ex:C ) .", "unionOf"),
        ("ex:R owl:onProperty ex:p ; owl:allValuesFrom ex:C .", "allValuesFrom"),
        ("ex:p a owl:IrreflexiveProperty .", "IrreflexiveProperty"),
        ("ex:p rdfs:subPropertyOf rdfs:subClassOf .", "concludes rdfs:subClassOf"),
        ("ex:p rdfs:range owl:Class .", "concludes rdf:type owl:Class"),
        ("rdfs:label rdfs:domain ex:A .", "schema triple about rdfs:label"),
        ("ex:x a xsd:string .", "datatype"),
        (
            "ex:p a owl:FunctionalProperty . ex:x ex:p ex:y1 , ex:y2 .",
            "functional and has two values",
        ),
        (
            "ex:p a owl:InverseFunctionalProperty . ex:x1 ex:p ex:y . ex:x2 ex:p ex:y .",
            "inverse-functional",
        ),
    ],
)
def test_input_outside_the_fragment_is_handed_to_owlrl(text: str, why: str) -> None:
    graph = turtle(text + "\nex:x ex:q ex:z .")
    with pytest.raises(Unsupported, match=why):
        materialize(graph)
    fast = reason(graph, "fast")
    reference = reason(graph, "owlrl")
    assert fast.reasoner == "owlrl" and fast.fallback is not None and why in fast.fallback
    assert set(fast.inferred) == set(reference.inferred)
    assert fast.inconsistencies == reference.inconsistencies


def test_fast_reasoner_accepts_pyoxigraph_terms_with_the_same_result() -> None:
    graph = turtle(EVERY_RULE)
    from_rdflib = {tuple(t.n3() for t in triple) for triple in materialize(graph).inferred}
    assert from_rdflib
    text = graph.serialize(format="nt", encoding="utf-8")
    triples = [
        (t.subject, t.predicate, t.object)
        for t in pyoxigraph.parse(input=text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]
    closure = materialize(triples, oxigraph_term, pyoxigraph.NamedNode)
    from_oxigraph = {tuple(str(t) for t in triple) for triple in closure.inferred}
    assert from_oxigraph == from_rdflib
    assert all(isinstance(t, pyoxigraph.NamedNode) for t in closure.inferred[0])


def test_materialize_graph_is_materialize_as_an_rdflib_graph() -> None:
    graph = turtle(EVERY_RULE + INCONSISTENT.replace("bk:S1", "ex:S1"))
    inferred, messages = materialize_graph(graph)
    closure = materialize(graph)
    assert set(inferred) == set(closure.inferred)
    assert messages == closure.inconsistencies
    assert closure.derived >= len(closure.inferred) > 0
    assert {prefix for prefix, _ in inferred.namespaces()} >= {"bk", "bkg"}


def test_terms_are_described_alike_from_either_library() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    pairs: list[tuple[Any, Any]] = [
        (URIRef("http://example.org/a"), pyoxigraph.NamedNode("http://example.org/a")),
        (BNode("b"), pyoxigraph.BlankNode("b")),
        (Literal("x"), pyoxigraph.Literal("x")),  # xsd:string in pyoxigraph: plain
        (Literal("x", lang="en"), pyoxigraph.Literal("x", language="en")),
        (
            Literal("2009", datatype=URIRef(xsd + "gYear")),
            pyoxigraph.Literal("2009", datatype=pyoxigraph.NamedNode(xsd + "gYear")),
        ),
    ]
    for from_rdflib, from_oxigraph in pairs:
        assert rdflib_term(from_rdflib) == oxigraph_term(from_oxigraph), from_rdflib
    assert oxigraph_term(pyoxigraph.Literal("x")).datatype is None
    assert [rdflib_term(r).kind for r, _ in pairs[:3]] == [IRI_KIND, BNODE_KIND, LITERAL_KIND]


def test_generator_is_deterministic_and_reaches_the_size() -> None:
    first = generate(3_000, seed=3)
    again = generate(3_000, seed=3)
    other = generate(3_000, seed=4)
    assert first.text() == again.text()
    assert first.text() != other.text()
    assert 3_000 <= first.triples < 3_100
    assert len(read_generated(first)) == first.triples
