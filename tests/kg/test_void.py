"""The VoID + DCAT description a build writes (:mod:`balkan_kg.kg.void`)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, Namespace, URIRef

from balkan_kg.kg.build import build
from balkan_kg.kg.void import DATASET, ENDPOINT, LICENCE, SOURCE, void_triples, with_endpoint
from balkan_kg.layout import Layout

VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
EX = "http://example.org/"
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name if ":" not in name else name)


def triple(s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> ox.Triple:
    return ox.Triple(iri(s), iri(p), iri(o) if isinstance(o, str) else o)


TYPE = str(RDF.type)
ASSERTED = [
    triple("https://w3id.org/balkan-kg/id/a", TYPE, "State"),
    triple("https://w3id.org/balkan-kg/id/b", TYPE, "State"),
    triple("https://w3id.org/balkan-kg/id/a", "knows", "https://w3id.org/balkan-kg/id/b"),
    triple("https://w3id.org/balkan-kg/id/a", "name", ox.Literal("A")),
    triple("https://w3id.org/balkan-kg/id/b", "name", ox.Literal("B")),
    triple("https://w3id.org/balkan-kg/id/b", "begin", ox.Literal("7", datatype=XSD_INT)),
]
INFERRED = [
    triple("https://w3id.org/balkan-kg/id/a", TYPE, "Actor"),
    triple("https://w3id.org/balkan-kg/id/b", TYPE, "Actor"),
    triple("https://w3id.org/balkan-kg/id/b", "knownBy", "https://w3id.org/balkan-kg/id/a"),
]


def described(asserted: list[ox.Triple], inferred: list[ox.Triple]) -> rdflib.Graph:
    text = "".join(f"{t} .\n" for t in void_triples(asserted, inferred))
    return rdflib.Graph().parse(data=text, format="nt")


def number(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)
    assert value is not None, predicate
    return int(value.toPython())


def test_counts_of_a_small_graph() -> None:
    graph = described(ASSERTED, INFERRED)
    dataset = URIRef(DATASET)
    assert number(graph, dataset, VOID.triples) == 9
    assert number(graph, dataset, VOID.entities) == 2  # a and b, under bk:
    assert number(graph, dataset, VOID.classes) == 2  # State, Actor
    assert number(graph, dataset, VOID.properties) == 5  # type, knows, name, begin, knownBy
    assert number(graph, dataset, VOID.distinctSubjects) == 2
    assert number(graph, dataset, VOID.distinctObjects) == 7  # State Actor a b "A" "B" 7
    classes = {
        str(graph.value(p, VOID["class"])): number(graph, p, VOID.entities)
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert classes == {EX + "State": 2, EX + "Actor": 2}
    properties = {
        str(graph.value(p, VOID.property)): (
            number(graph, p, VOID.triples),
            number(graph, p, VOID.distinctSubjects),
            number(graph, p, VOID.distinctObjects),
        )
        for p in graph.objects(dataset, VOID.propertyPartition)
    }
    assert properties == {
        TYPE: (4, 2, 2),
        EX + "knows": (1, 1, 1),
        EX + "knownBy": (1, 1, 1),
        EX + "name": (2, 2, 2),
        EX + "begin": (1, 1, 1),
    }
    subsets = {
        str(graph.value(s, DCT.title)): number(graph, s, VOID.triples)
        for s in graph.objects(dataset, VOID.subset)
    }
    assert subsets == {"asserted triples": 6, "inferred triples": 3}


def test_vocabularies_are_the_namespaces_of_classes_and_properties() -> None:
    graph = described(ASSERTED, INFERRED)
    vocabularies = {str(v) for v in graph.objects(URIRef(DATASET), VOID.vocabulary)}
    assert vocabularies == {EX, str(RDF)}


def test_the_same_triples_in_another_order_give_the_same_text() -> None:
    from balkan_kg.kg.publish import Material
    from balkan_kg.kg.void import make_void
    from balkan_kg.layout import default_layout

    layout = default_layout()
    first = make_void(Material(layout, ASSERTED, INFERRED, True))
    second = make_void(Material(layout, ASSERTED[::-1], INFERRED[::-1] + INFERRED[:1], True))
    assert first == second


def test_the_endpoint_is_renamed_and_nothing_else() -> None:
    triples = void_triples(ASSERTED, INFERRED)
    renamed = with_endpoint(triples, "http://kg.example.org/sparql")
    text = "".join(f"{t} .\n" for t in renamed)
    assert ENDPOINT not in text
    assert "<http://kg.example.org/sparql>" in text
    assert "<http://kg.example.org/sparql#service>" in text
    assert f"<{DATASET}>" in text  # the dataset keeps its persistent IRI
    assert len(renamed) == len(triples)


def test_the_build_writes_void_and_hashes_it(mini: Layout, tmp_path: Path) -> None:
    result = build(tmp_path / "out", layout=mini)
    path = tmp_path / "out" / "void.ttl"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())

    assert (
        manifest["outputs"]["void.ttl"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    )
    graph = rdflib.Graph().parse(path, format="turtle")
    dataset = URIRef(DATASET)
    merged = rdflib.Graph().parse(result.path("merged.nt"), format="nt")
    inferred = rdflib.Graph().parse(result.path("inferred.nt"), format="nt")
    assert number(graph, dataset, VOID.triples) == len(merged) + len(inferred)
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    assert graph.value(dataset, DCT.license) == URIRef(LICENCE)
    assert graph.value(dataset, DCT.source) == URIRef(SOURCE)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    # the mini project has Albania and NATO among the example resources, not Serbia
    examples = set(graph.objects(dataset, VOID.exampleResource))
    assert examples == {URIRef(f"https://w3id.org/balkan-kg/id/{n}") for n in ("Albania", "NATO")}


def test_a_build_without_void_is_stale(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    (tmp_path / "out" / "void.ttl").unlink()
    assert not build(tmp_path / "out", layout=mini).reused
    assert (tmp_path / "out" / "void.ttl").is_file()


@pytest.mark.parametrize("include_external", [True, False])
def test_the_text_only_build_says_so(mini: Layout, tmp_path: Path, include_external: bool) -> None:
    result = build(tmp_path / "out", include_external=include_external, layout=mini)
    graph = rdflib.Graph().parse(result.path("void.ttl"), format="turtle")
    description = str(graph.value(URIRef(DATASET), DCT.description))
    assert ("leaves out the facts from outside the text" in description) is not include_external
