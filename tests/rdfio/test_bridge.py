"""The bridge between rdflib and pyoxigraph (``balkan_kg.rdfio.bridge``).

Three kinds of test:

* term conversion: every RDF 1.1 term goes from pyoxigraph to rdflib and back
  unchanged, lexical form, datatype and language tag included (RDF 1.1 Concepts: two
  literals are the same term only if all three are equal); an ``xsd:string`` literal
  and rdflib's plain literal are the same term;
* the private internals the bridge reads, rdflib's ``Memory.__spo`` index and
  pyshacl-turbo's ``Input(..., "terms", ...)`` table: these tests assert that they still
  exist and behave as the bridge uses them, so that an upgrade that changes them fails
  here rather than giving wrong validation reports;
* :func:`order_gyears`: rdflib's SPARQL then orders ``xsd:gYear`` values as years.
"""

from __future__ import annotations

import dataclasses
import gc
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node, Variable

from balkan_kg.namespaces import PREFIXES
from balkan_kg.rdfio.bridge import (
    memory_subject_index,
    new_graph,
    order_gyears,
    oxigraph_triples,
    rdflib_graph,
    to_oxigraph,
    to_rdflib,
    turbo_input,
)

EX = "http://example.org/"
X = "http://www.w3.org/2001/XMLSchema#"


def typed(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(datatype))


OXIGRAPH_TERMS = [
    ox.NamedNode(EX + "a"),
    ox.NamedNode("https://w3id.org/balkan-kg/id/report-excerpt#char=0,75"),
    ox.BlankNode("b0"),
    ox.Literal("plain"),
    ox.Literal('two\nlines "quoted" \\ and Shqip\u00ebria'),
    ox.Literal("NATO", language="en"),
    ox.Literal("Bosna i Hercegovina", language="sh-latn"),
    typed("42", X + "integer"),
    typed("2009", X + "gYear"),
    typed("1.50", X + "decimal"),
    typed("2020-02-29", X + "date"),
    typed("true", X + "boolean"),
    typed("7", EX + "myType"),
    # Lexical forms that are not their datatype's canonical form are other terms than
    # the canonical ones, and must stay as written.
    typed("01", X + "integer"),
    typed(" 7 ", X + "integer"),
    typed("1", X + "boolean"),
    typed("1E0", X + "double"),
    typed("0999", X + "gYear"),
    typed("-0044", X + "gYear"),
    typed("2009Z", X + "gYear"),
    typed("2009+01:00", X + "gYear"),
    typed("not a number", X + "integer"),  # ill-typed, still a term
]


@pytest.mark.parametrize("term", OXIGRAPH_TERMS, ids=str)
def test_a_pyoxigraph_term_goes_to_rdflib_and_back_unchanged(term: Any) -> None:
    new_graph()  # order_gyears() is in force, as it is wherever the package runs
    converted = to_rdflib(term)
    assert to_oxigraph(converted) == term
    if isinstance(term, ox.Literal):
        assert str(converted) == term.value  # the lexical form, as written
        assert converted.language == (term.language or None)


RDFLIB_TERMS: list[Node] = [
    URIRef(EX + "a"),
    BNode("b0"),
    Literal("plain"),
    Literal("NATO", lang="en"),
    Literal("42", datatype=URIRef(X + "integer")),
    Literal("2009", datatype=URIRef(X + "gYear")),
    Literal("x", datatype=URIRef(EX + "myType")),
]


@pytest.mark.parametrize("term", RDFLIB_TERMS, ids=repr)
def test_an_rdflib_term_goes_to_pyoxigraph_and_back_unchanged(term: Node) -> None:
    back = to_rdflib(to_oxigraph(term))
    assert back == term
    assert type(back) is type(term)
    if isinstance(term, Literal):
        assert (str(back), back.datatype, back.language) == (
            str(term),
            term.datatype,
            term.language,
        )


def test_xsd_string_and_the_plain_literal_are_one_term() -> None:
    plain = ox.Literal("text")
    assert plain.datatype == ox.NamedNode(X + "string")  # RDF 1.1: a simple literal
    converted = to_rdflib(plain)
    assert converted == Literal("text") and converted.datatype is None
    assert to_rdflib(typed("text", X + "string")).datatype is None
    assert to_oxigraph(Literal("text")) == plain
    assert to_oxigraph(Literal("text", datatype=URIRef(X + "string"))) == plain


def test_language_tags_keep_their_meaning() -> None:
    # Language tags are compared without regard to case (BCP 47); pyoxigraph keeps them
    # in lower case, and so does what comes back from it.
    assert to_oxigraph(Literal("x", lang="en-GB")) == ox.Literal("x", language="en-gb")
    assert to_rdflib(ox.Literal("x", language="en-GB")) == Literal("x", lang="en-gb")


def test_what_is_not_an_rdf_1_1_term_is_refused() -> None:
    triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "o"))
    with pytest.raises(TypeError, match="not an RDF 1.1 term"):
        to_rdflib(triple)
    with pytest.raises(TypeError, match="not an RDF term"):
        to_oxigraph(Variable("x"))


def test_graphs_convert_both_ways(tmp_path: Any) -> None:
    subject = ox.NamedNode(EX + "s")
    triples = [
        ox.Triple(subject, ox.NamedNode(EX + "p"), term)
        for term in OXIGRAPH_TERMS
        if not isinstance(term, ox.BlankNode)
    ]
    triples.append(ox.Triple(ox.BlankNode("b0"), ox.NamedNode(EX + "p"), subject))
    graph = rdflib_graph(triples)
    assert len(graph) == len(triples)
    assert set(oxigraph_triples(graph)) == set(triples)
    target = Graph()
    assert rdflib_graph(triples[:2], target) is target and len(target) == 2


def test_a_new_graph_binds_the_project_prefixes_and_no_others() -> None:
    graph = new_graph()
    assert {prefix: str(ns) for prefix, ns in graph.namespaces()} == dict(PREFIXES)
    assert len(graph) == 0


# ---------------------------------------------------------------------------------------
# order_gyears
# ---------------------------------------------------------------------------------------

YEARS = ["2017", "10000", "2004", "0999", "-0044", "2009", "9999"]


def gyear_graph() -> Graph:
    """One triple per year of YEARS, read the way the package reads files."""
    year = ox.NamedNode(EX + "year")
    return rdflib_graph(  # into a new_graph(), which calls order_gyears()
        ox.Triple(ox.NamedNode(EX + "y" + y), year, typed(y, X + "gYear")) for y in YEARS
    )


def test_rdflib_sparql_compares_gyears_as_years() -> None:
    rows = gyear_graph().query(
        'SELECT ?y WHERE { ?s <http://example.org/year> ?y FILTER(?y > "2009"^^xsd:gYear) }'
    )
    assert sorted(str(row[0]) for row in rows) == ["10000", "2017", "9999"]


def test_rdflib_sparql_orders_gyears_by_year() -> None:
    rows = gyear_graph().query("SELECT ?y WHERE { ?s <http://example.org/year> ?y } ORDER BY ?y")
    # By year, not by text: -44 before 999, and 9999 before 10000.
    assert [str(row[0]) for row in rows] == [
        "-0044",
        "0999",
        "2004",
        "2009",
        "2017",
        "9999",
        "10000",
    ]


@pytest.mark.parametrize("year", ["0999", "2009Z"])
def test_rdflib_s_own_gyear_literals_keep_their_lexical_form(year: str) -> None:
    order_gyears()
    assert str(Literal(year, datatype=URIRef(X + "gYear"))) == year


def test_order_gyears_is_done_once() -> None:
    order_gyears()
    order_gyears()
    from rdflib.plugins.sparql import datatypes

    assert URIRef(X + "gYear") in datatypes.XSD_DTs  # the private list the repair adds to


# ---------------------------------------------------------------------------------------
# rdflib's Memory.__spo (read by memory_subject_index)
# ---------------------------------------------------------------------------------------


def index_triples(index: dict[Any, dict[Any, Any]]) -> set[tuple[Node, Node, Node]]:
    """The triples of a ``subject -> predicate -> objects`` index, walked as the bridge
    walks it."""
    return {(s, p, o) for s, by_p in index.items() for p, objects in by_p.items() for o in objects}


SAMPLE = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "x"@en , "x"@EN , "x" , "1"^^xsd:integer , "01"^^xsd:integer , _:b , ex:a .
_:b ex:q "line\\nbreak" , ex:a ; rdfs:label "b"@en-GB .
"""


def test_rdflib_memory_store_still_keeps_the_private_spo_index() -> None:
    graph = Graph()
    assert type(graph.store) is Memory
    assert not graph.context_aware
    graph.parse(data=SAMPLE, format="turtle")
    index = graph.store._Memory__spo  # type: ignore[attr-defined]
    assert isinstance(index, dict)
    for by_predicate in index.values():
        assert isinstance(by_predicate, dict)
    assert index_triples(index) == set(graph)
    # It follows additions and removals.
    extra = (URIRef(EX + "new"), RDF.type, URIRef(EX + "C"))
    graph.add(extra)
    assert extra in index_triples(index)
    graph.remove(extra)
    assert extra not in index_triples(index)
    assert index_triples(index) == set(graph)


def test_memory_subject_index_is_the_store_s_own_index() -> None:
    graph = new_graph()
    graph.parse(data=SAMPLE, format="turtle")
    index = memory_subject_index(graph)
    assert index is graph.store._Memory__spo  # type: ignore[attr-defined]
    assert index is not None and index_triples(index) == set(graph)


def test_memory_subject_index_is_none_where_it_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert memory_subject_index(Dataset()) is None
    assert memory_subject_index(Graph(store="SimpleMemory")) is None
    graph = Graph()
    monkeypatch.delattr(graph.store, "_Memory__spo")
    assert memory_subject_index(graph) is None


# ---------------------------------------------------------------------------------------
# pyshacl-turbo's Input(..., "terms", ...) (built by turbo_input)
# ---------------------------------------------------------------------------------------


def table_triples(table: Any) -> set[tuple[object, ...]]:
    """The triples of a pyshacl-turbo term table, each literal spelled out exactly
    (rdflib's ``==`` ignores the case of a language tag)."""
    records, rows = table.source
    terms: list[object] = []
    for record in records:
        kind, text, datatype, language = record
        if kind == 0:
            terms.append(URIRef(text))
        elif kind == 1:
            terms.append(BNode(text))
        else:
            assert kind == 2, record
            terms.append(("literal", text, datatype, language))
    found = set()
    for row in rows:
        s, p, o, g = row
        assert g is None, row
        found.add((terms[s], terms[p], terms[o]))
    return found


def exact(triples: Any) -> set[tuple[object, ...]]:
    """Triples with each literal as (text, datatype, language), as the table holds it."""

    def spelled(term: Node) -> object:
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype and not term.language else None
            return ("literal", str(term), datatype, term.language)
        return term

    return {tuple(spelled(t) for t in triple) for triple in triples}


def test_pyshacl_turbo_still_reads_a_term_table_as_the_bridge_writes_it() -> None:
    from pyshacl_turbo.rdf import Input, _term_input

    fields = [f.name for f in dataclasses.fields(Input)]
    assert fields[:5] == ["source", "format", "base", "blank_nodes", "namespaces"]
    graph = Graph()
    graph.parse(data=SAMPLE, format="turtle")
    # pyshacl-turbo's own table of an rdflib graph: the format the bridge imitates.
    own = _term_input(graph)
    assert own.format == "terms"
    assert exact(graph) == table_triples(own)
    ours = turbo_input(graph)
    assert isinstance(ours, Input) and ours.format == "terms"
    assert table_triples(ours) == table_triples(own)
    assert set(ours.blank_nodes) == set(own.blank_nodes)
    assert all(isinstance(node, BNode) for node in ours.blank_nodes.values())


SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:datatype rdf:langString ;
                sh:languageIn ( "en" ) ] ;
  sh:property [ sh:path ex:count ; sh:datatype xsd:integer ] ;
  sh:property [ sh:path ex:part ; sh:nodeKind sh:BlankNode ] .
"""
DATA = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:good a ex:Thing ; rdfs:label "good"@en ; ex:count 3 ; ex:part [ ex:p 1 ] .
ex:unlabelled a ex:Sub .
ex:french a ex:Thing ; rdfs:label "bon"@fr .
ex:plain a ex:Thing ; rdfs:label "plain" ; ex:count "3" .
ex:named a ex:Thing ; rdfs:label "n"@en ; ex:part ex:good .
"""


def results(report: Graph) -> set[tuple[Node, ...]]:
    sh = "http://www.w3.org/ns/shacl#"
    found = set()
    for node in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        found.add(
            (
                report.value(node, URIRef(sh + "focusNode")),
                report.value(node, URIRef(sh + "resultPath")),
                report.value(node, URIRef(sh + "sourceConstraintComponent")),
            )
        )
    return found


def test_pyshacl_turbo_validates_a_term_table_as_it_validates_the_graph() -> None:
    from pyshacl_turbo import validate

    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    options: dict[str, Any] = {"shacl_graph": shapes, "inference": "none", "advanced": True}
    conforms, from_graph, _ = validate(data, **options)
    conforms_table, from_table, _ = validate(turbo_input(data), inplace=False, **options)
    assert not conforms and not conforms_table
    expected = results(from_graph)
    focus = {str(f).removeprefix(EX) for f, _, _ in expected}
    assert focus == {"unlabelled", "french", "plain", "named"}  # ex:Sub's member is targeted
    assert results(from_table) == expected


# ---------------------------------------------------------------------------------------
# turbo_input
# ---------------------------------------------------------------------------------------


def test_turbo_input_holds_exactly_the_triples_of_its_graphs() -> None:
    data = new_graph()
    data.parse(data=SAMPLE, format="turtle")
    hierarchy = new_graph()
    hierarchy.add((URIRef(EX + "Sub"), RDFS.subClassOf, URIRef(EX + "Thing")))
    hierarchy.add((URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "a")))  # also in data
    table = turbo_input(data, hierarchy)
    assert table_triples(table) == exact(data) | exact(hierarchy)
    records, rows = table.source
    assert len(rows) == len(data) + len(hierarchy)  # a triple of both graphs is sent twice
    iris = [record[1] for record in records if record[0] == 0]
    assert len(iris) == len(set(iris))  # each IRI numbered once
    assert gc.isenabled()


def test_turbo_input_reads_a_graph_that_shares_its_store_the_slow_way() -> None:
    dataset = Dataset()
    shared = dataset.graph(URIRef(EX + "g"))
    shared.parse(data=SAMPLE, format="turtle")
    dataset.graph(URIRef(EX + "other")).add((URIRef(EX + "x"), RDF.type, URIRef(EX + "X")))
    assert table_triples(turbo_input(shared)) == exact(shared)


def test_turbo_input_refuses_what_is_not_a_term_and_restores_the_collector() -> None:
    odd = Graph()
    odd.add((URIRef(EX + "a"), RDF.type, Variable("x")))
    with pytest.raises(TypeError, match="not an RDF term"):
        turbo_input(odd)
    assert gc.isenabled()
    gc.disable()
    try:
        turbo_input(new_graph())
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_the_gyear_repair_outlives_an_owlrl_run() -> None:
    import owlrl

    order_gyears()
    # owlrl swaps rdflib's literal converters for its own while it reasons.
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(Graph())
    assert Literal("2009", datatype=URIRef(X + "gYear")).value == 2009
    test_rdflib_sparql_orders_gyears_by_year()
