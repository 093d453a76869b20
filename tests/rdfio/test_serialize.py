"""Writing triples for publication (``balkan_kg.rdfio.serialize``).

Every output is parsed back, by rdflib and by pyoxigraph, and compared with the graph it
was written from by isomorphism. The graph is written here as N-Triples by hand and read
by each library's own parser, so the comparison does not go through the package's
bridge. The prefixes each output must declare are read off that graph by hand.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from typing import Any

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from balkan_kg.namespaces import PREFIXES
from balkan_kg.rdfio.serialize import (
    GRAPH_FORMATS,
    MEDIA_TYPES,
    canonical,
    serialize,
    to_jsonld,
    to_ntriples,
    to_turtle,
)

BK = "https://w3id.org/balkan-kg/id/"
BKG = "https://w3id.org/balkan-kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

GRAPH_NT = f"""\
<{BK}NATO> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{BKG}Alliance> .
<{BK}NATO> <http://www.w3.org/2000/01/rdf-schema#label> "NATO"@en .
<{BK}NATO> <http://www.w3.org/2000/01/rdf-schema#label> "Organisation du trait\u00e9"@fr .
<{BK}Albania> <{BKG}accessionYear> "2009"^^<{XSD}gYear> .
<{BK}Albania> <{BKG}memberOf> <{BK}NATO> .
<{BK}S1> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> \
"Three \\"quoted\\" words\\nand a second line \\\\ with a backslash" .
<{BK}report-excerpt#char=0,75> <http://www.w3.org/2005/11/its/rdf#taIdentRef> <{BK}NATO> .
<{BK}report-excerpt#char=0,75> \
<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> \
"0"^^<{XSD}nonNegativeInteger> .
<{BK}NATO> <http://example.org/vocab/p> <http://example.org/thing/x> .
<{BK}NATO> <http://example.org/vocab/q> "7"^^<http://example.org/dt> .
<{BKG}NATOMemberState> <http://www.w3.org/2002/07/owl#equivalentClass> _:r .
_:r <http://www.w3.org/2002/07/owl#onProperty> <{BKG}memberOf> .
_:r <http://www.w3.org/2002/07/owl#hasValue> <{BK}NATO> .
_:r <http://www.w3.org/2000/01/rdf-schema#comment> _:inner .
_:inner <http://example.org/vocab/p> "plain" .
"""

USED = {"bk", "bkg", "rdfs", "xsd", "nif", "itsrdf", "owl"}
"""The project prefixes a reader of GRAPH_NT's Turtle or JSON-LD meets: not ``rdf``
(``rdf:type`` is written ``a`` and ``@type``), and nothing for example.org."""


def oxigraph_triples(text: str, rdf_format: Any = pyoxigraph.RdfFormat.N_TRIPLES) -> list[Any]:
    return [q.triple for q in pyoxigraph.parse(text.encode(), format=rdf_format)]


def rdflib_graph(text: str, rdf_format: str = "nt") -> Graph:
    return Graph().parse(data=text, format=rdf_format)


def same_oxigraph_graph(a: list[Any], b: list[Any]) -> bool:
    """Isomorphism of two lists of pyoxigraph triples, by pyoxigraph's own canonical form."""

    def canon(triples: list[Any]) -> set[Any]:
        dataset = pyoxigraph.Dataset(
            pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples
        )
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
        return {q.triple for q in dataset}

    return canon(a) == canon(b)


@pytest.fixture
def triples() -> list[Any]:
    return oxigraph_triples(GRAPH_NT)


# ---------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------

READERS = {
    "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "turtle": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
}


@pytest.mark.parametrize("format_name", GRAPH_FORMATS)
def test_each_output_reads_back_as_the_same_graph_in_rdflib(
    format_name: str, triples: list[Any]
) -> None:
    text = serialize(canonical(triples), format_name)
    reference = rdflib_graph(GRAPH_NT)
    assert len(reference) == 15
    assert isomorphic(rdflib_graph(text, READERS[format_name][0]), reference), text


@pytest.mark.parametrize("format_name", GRAPH_FORMATS)
def test_each_output_reads_back_as_the_same_graph_in_pyoxigraph(
    format_name: str, triples: list[Any]
) -> None:
    text = serialize(canonical(triples), format_name)
    read = oxigraph_triples(text, READERS[format_name][1])
    assert same_oxigraph_graph(read, triples), text


def test_serialize_refuses_another_format(triples: list[Any]) -> None:
    with pytest.raises(ValueError, match="unknown graph format 'xml'"):
        serialize(triples, "xml")
    assert set(MEDIA_TYPES) == set(GRAPH_FORMATS)
    assert MEDIA_TYPES == {
        "turtle": "text/turtle",
        "nt": "application/n-triples",
        "jsonld": "application/ld+json",
    }


# ---------------------------------------------------------------------------------------
# N-Triples
# ---------------------------------------------------------------------------------------


def test_ntriples_lines_are_sorted_unique_and_end_in_a_newline(triples: list[Any]) -> None:
    text = to_ntriples(triples + triples[:3])
    lines = text.splitlines()
    assert text.endswith(".\n")
    assert lines == sorted(set(lines))
    assert len(lines) == 15
    assert all(line.endswith(" .") for line in lines)


def test_ntriples_of_nothing_is_empty() -> None:
    assert to_ntriples([]) == ""


def test_ntriples_depend_only_on_the_set_of_triples(triples: list[Any]) -> None:
    shuffled = triples[:]
    random.Random(1).shuffle(shuffled)
    assert to_ntriples(shuffled) == to_ntriples(triples)


def test_ntriples_escape_what_the_grammar_requires() -> None:
    [source] = [line for line in GRAPH_NT.splitlines() if "isString" in line]
    [line] = to_ntriples(oxigraph_triples(source + "\n")).splitlines()
    # One line: the newline, quotes and backslash of the literal are escaped.
    assert r'"Three \"quoted\" words\nand a second line \\ with a backslash"' in line


# ---------------------------------------------------------------------------------------
# Turtle
# ---------------------------------------------------------------------------------------


def declared_prefixes(turtle: str) -> dict[str, str]:
    return dict(re.findall(r"^@prefix (\w*): <([^>]*)> \.$", turtle, flags=re.MULTILINE))


def test_turtle_declares_exactly_the_project_prefixes_it_uses(triples: list[Any]) -> None:
    text = to_turtle(canonical(triples))
    declared = declared_prefixes(text)
    assert declared == {prefix: PREFIXES[prefix] for prefix in USED}
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    for prefix in declared:
        assert re.search(rf"(^|[\s(\[;,^]){prefix}:", body), f"{prefix}: declared but unused"


def test_turtle_makes_up_no_prefixes(triples: list[Any]) -> None:
    text = to_turtle(canonical(triples))
    assert not re.search(r"\bns\d+:", text), text
    assert "<http://example.org/vocab/p>" in text
    assert "<http://example.org/thing/x>" in text
    assert "example.org" not in "".join(declared_prefixes(text).values())


def test_turtle_keeps_span_iris_whole(triples: list[Any]) -> None:
    text = to_turtle(canonical(triples))
    assert f"<{BK}report-excerpt#char=0,75>" in text


def test_turtle_of_the_same_set_is_the_same_text(triples: list[Any]) -> None:
    shuffled = triples[:]
    random.Random(2).shuffle(shuffled)
    assert to_turtle(canonical(shuffled)) == to_turtle(canonical(triples))


# ---------------------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------------------


def compact_iri_prefixes(value: object) -> set[str]:
    """The project prefixes used as ``prefix:local`` in the keys and strings of a document."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= compact_iri_prefixes(key) | compact_iri_prefixes(item)
    elif isinstance(value, list):
        for item in value:
            found |= compact_iri_prefixes(item)
    elif isinstance(value, str):
        match = re.match(r"([A-Za-z][\w.-]*):(?!//)", value)
        if match and match.group(1) in PREFIXES:
            found.add(match.group(1))
    return found


def test_jsonld_context_holds_exactly_the_prefixes_used(triples: list[Any]) -> None:
    document = json.loads(to_jsonld(canonical(triples)))
    context = document["@context"]
    assert context == {prefix: PREFIXES[prefix] for prefix in USED}
    assert context["itsrdf"] == "http://www.w3.org/2005/11/its/rdf#"
    body = {key: value for key, value in document.items() if key != "@context"}
    assert compact_iri_prefixes(body) == set(context)


def test_jsonld_context_is_inline(triples: list[Any]) -> None:
    document = json.loads(to_jsonld(canonical(triples)))
    assert isinstance(document["@context"], dict)
    assert all(isinstance(value, str) for value in document["@context"].values())


def test_jsonld_without_itsrdf_has_no_itsrdf_in_its_context(triples: list[Any]) -> None:
    without = [t for t in triples if "its/rdf" not in t.predicate.value]
    assert "itsrdf" not in json.loads(to_jsonld(without))["@context"]


def test_jsonld_nodes_are_sorted_and_the_text_stable(triples: list[Any]) -> None:
    text = to_jsonld(canonical(triples))
    shuffled = triples[:]
    random.Random(3).shuffle(shuffled)
    assert to_jsonld(canonical(shuffled)) == text
    nodes = json.loads(text)["@graph"]
    keys = [json.dumps(node, sort_keys=True) for node in nodes]
    assert keys == sorted(keys)
    assert text.endswith("}\n")
    assert "Organisation du trait\u00e9" in text  # not written as \u escapes


# ---------------------------------------------------------------------------------------
# RDFC-1.0
# ---------------------------------------------------------------------------------------


def first_degree_hash(triples: list[tuple[str, str, str]], node: str) -> str:
    """RDFC-1.0 "Hash First Degree Quads" for blank node ``node`` of N-Triples terms:
    the quads that mention it, with it written ``_:a`` and every other blank node
    ``_:z``, as canonical N-Quads lines, sorted, joined and hashed with SHA-256."""
    lines = []
    for triple in triples:
        if node in (triple[0], triple[2]):
            terms = [
                "_:a" if term == node else "_:z" if term.startswith("_:") else term
                for term in triple
            ]
            lines.append(" ".join(terms) + " .\n")
    return hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()


def expected_labels(text: str) -> dict[str, str]:
    """The canonical label of each blank node of ``text`` when every first-degree hash is
    unique: RDFC-1.0 then issues ``c14n0``, ``c14n1``, ... in the order of the hashes."""
    triples = [tuple(line.rsplit(" .", 1)[0].split(" ", 2)) for line in text.splitlines()]
    nodes = {t for triple in triples for t in (triple[0], triple[2]) if t.startswith("_:")}
    hashes = {node: first_degree_hash(triples, node) for node in nodes}  # type: ignore[arg-type]
    assert len(set(hashes.values())) == len(nodes), "this check needs unique hashes"
    return {node: f"_:c14n{i}" for i, node in enumerate(sorted(nodes, key=hashes.__getitem__))}


RING = """\
_:e0 <http://example.org/vocab#next> _:e1 .
_:e0 <http://example.org/vocab#prev> _:e2 .
_:e1 <http://example.org/vocab#next> _:e2 .
_:e1 <http://example.org/vocab#prev> _:e0 .
_:e2 <http://example.org/vocab#next> _:e0 .
_:e2 <http://example.org/vocab#value> <http://example.org/x> .
"""


@pytest.mark.parametrize("text", [RING, GRAPH_NT], ids=["ring", "graph"])
def test_canonical_labels_are_rdfc_1_0_s(text: str) -> None:
    labels = expected_labels(text)
    expected = {
        tuple(labels.get(term, term) for term in line.rsplit(" .", 1)[0].split(" ", 2))
        for line in text.splitlines()
    }
    got = {tuple(str(term) for term in t) for t in canonical(oxigraph_triples(text))}
    assert got == expected


def relabel(text: str, seed: int) -> str:
    """``text`` with its lines shuffled and its blank nodes given other labels."""
    lines = text.splitlines()
    random.Random(seed).shuffle(lines)
    return "\n".join(re.sub(r"_:(\w+)", rf"_:x{seed}\1", line) for line in lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_canonical_form_is_stable_under_reordering_and_relabelling(seed: int) -> None:
    for text in (RING, GRAPH_NT):
        assert canonical(oxigraph_triples(relabel(text, seed))) == canonical(oxigraph_triples(text))


def test_canonical_form_is_sorted_and_without_repeats(triples: list[Any]) -> None:
    result = canonical(triples + triples)
    assert len(result) == 15
    assert [str(t) for t in result] == sorted(str(t) for t in result)


def test_canonical_form_of_a_graph_without_blank_nodes_is_the_graph_sorted() -> None:
    ground = [line for line in GRAPH_NT.splitlines() if "_:" not in line]
    triples = oxigraph_triples("\n".join(reversed(ground)) + "\n")
    assert canonical(triples) == sorted(set(triples), key=str)


PLAIN_NT = f"""\
<{BK}S1> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> "text" .
<{BK}NATO> <http://www.w3.org/2000/01/rdf-schema#label> "NATO"@en .
<{BK}NATO> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{BKG}Alliance> .
"""


def test_simple_and_tagged_literals_and_types_need_no_xsd_or_rdf_prefix() -> None:
    triples = oxigraph_triples(PLAIN_NT)
    expected = {prefix: PREFIXES[prefix] for prefix in ("bk", "bkg", "nif", "rdfs")}
    assert json.loads(to_jsonld(triples))["@context"] == expected
    assert declared_prefixes(to_turtle(triples)) == expected


LIST_NT = f"""\
<{BKG}Two> <http://www.w3.org/2002/07/owl#intersectionOf> _:l1 .
_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <{BKG}State> .
_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l2 .
_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <{BKG}Actor> .
_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> \
<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
"""


def test_a_list_reads_back_whole() -> None:
    triples = oxigraph_triples(LIST_NT)
    for format_name, (rdflib_name, oxigraph_format) in READERS.items():
        text = serialize(canonical(triples), format_name)
        assert isomorphic(rdflib_graph(text, rdflib_name), rdflib_graph(LIST_NT)), text
        assert same_oxigraph_graph(oxigraph_triples(text, oxigraph_format), triples), text


def test_a_list_needs_no_rdf_prefix() -> None:
    triples = oxigraph_triples(LIST_NT)
    used = {prefix: PREFIXES[prefix] for prefix in ("bkg", "owl")}
    assert json.loads(to_jsonld(triples))["@context"] == used
    assert declared_prefixes(to_turtle(triples)) == used
