"""SHACL validation (``balkan_kg.kg.validate``): the report, and fast = pyshacl.

* Differential tests: pyshacl-turbo (``"fast"``) against pyshacl (every result: focus
  node, path, value, source shape, severity, message), on the project data, on every
  bad-data file of ``tests/shapes/bad/`` and on generated graphs, whose injected
  violations are exactly the ones reported.
* The report: its text, its order, warnings that do not spoil conformance, property
  paths written as SPARQL paths that mean what the SHACL path means.
* How the shapes see the class hierarchy: only the ontology's ``rdfs:subClassOf``
  triples between named classes join the data, so classes are targeted through their
  subclasses and no ontology resource is ever a focus node.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from balkan_kg.kg.validate import (
    VALIDATORS,
    ValidationReport,
    ValidationResult,
    class_hierarchy,
    render,
    show_path,
    validate,
    validator_function,
)
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.namespaces import PREFIXES
from balkan_kg.rdfio.bridge import new_graph, rdflib_graph
from balkan_kg.rdfio.parse import parse_files

ROOT = checkout_root()
LAYOUT = Layout(ROOT) if ROOT is not None else None
needs_checkout = pytest.mark.skipif(ROOT is None, reason="needs the checkout's curated files")

TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
BAD_FILES = sorted((Path(__file__).parents[1] / "shapes" / "bad").glob("*.ttl"))


def turtle(text: str) -> Graph:
    graph = new_graph()
    graph.parse(data=TURTLE_PREFIXES + text, format="turtle")
    return graph


def top_shape(shapes: Graph, node: Node | None) -> Node | None:
    """The named shape that ``node`` (a nested shape or a property shape) belongs to."""
    while isinstance(node, BNode):
        parent = next(shapes.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node


@pytest.fixture(scope="module")
def ontology() -> Graph:
    if LAYOUT is None:
        pytest.skip("needs the checkout's curated files")
    return parse_files(LAYOUT.ontology_files)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    if LAYOUT is None:
        pytest.skip("needs the checkout's curated files")
    return parse_files([LAYOUT.shapes])


# ---------------------------------------------------------------------------------------
# fast = pyshacl
# ---------------------------------------------------------------------------------------


def assert_same_validation(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    fast = validate(data, shapes, ontology, validator="fast")
    reference = validate(data, shapes, ontology, validator="pyshacl")
    assert fast.validator == "fast"
    assert reference.validator == "pyshacl"
    assert fast.conforms == reference.conforms
    assert sorted(map(repr, fast.results)) == sorted(map(repr, reference.results))
    assert fast.text == reference.text
    return reference


@needs_checkout
def test_fast_validator_equals_pyshacl_on_the_project_data(shapes: Graph, ontology: Graph) -> None:
    assert LAYOUT is not None
    data = parse_files(LAYOUT.data_files(include_external=True))
    report = assert_same_validation(data, shapes, ontology)
    assert report.conforms and report.text == "Conforms."


@needs_checkout
@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_fast_validator_equals_pyshacl_on_bad_data(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    report = assert_same_validation(parse_files([path]), shapes, ontology)
    assert report.results


def generate(size: int, seed: int) -> Any:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate as bench_generate
    finally:
        sys.path.remove(str(ROOT))
    return bench_generate(size, seed)


@needs_checkout
@pytest.mark.parametrize("size", [1_000, 10_000])
def test_fast_validator_equals_pyshacl_and_finds_exactly_the_injected_violations(
    size: int, shapes: Graph, ontology: Graph
) -> None:
    generated = generate(size, seed=7)
    quads = pyoxigraph.parse(generated.text().encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    data = rdflib_graph(quad.triple for quad in quads)
    report = assert_same_validation(data, shapes, ontology)
    found = sorted(
        (str(r.focus), str(r.path), str(top_shape(shapes, r.source_shape))) for r in report.results
    )
    injected = sorted((v.focus, v.path, v.shape) for v in generated.violations)
    assert injected and found == injected


@needs_checkout
def test_fast_validator_does_not_modify_the_data(shapes: Graph, ontology: Graph) -> None:
    data = parse_files([BAD_FILES[0]])
    before = set(data)
    validate(data, shapes, ontology, validator="fast")
    validate(data, shapes, ontology, validator="pyshacl")
    assert set(data) == before


# ---------------------------------------------------------------------------------------
# Choosing the validator
# ---------------------------------------------------------------------------------------


def test_validators_are_named_with_the_default_first() -> None:
    assert VALIDATORS == ("fast", "pyshacl")


def test_fast_is_pyshacl_turbo_when_installed() -> None:
    import pyshacl
    import pyshacl_turbo

    assert validator_function("fast") == ("fast", pyshacl_turbo.validate)
    assert validator_function("pyshacl") == ("pyshacl", pyshacl.validate)


def test_without_pyshacl_turbo_fast_falls_back_to_pyshacl(
    mini: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # import fails
    name, _ = validator_function("fast")
    assert name == "pyshacl"
    report = validate(parse_files(mini.data_files()), layout=mini, validator="fast")
    assert report.validator == "pyshacl" and report.conforms


def test_an_unknown_validator_is_refused(mini: Layout) -> None:
    with pytest.raises(ValueError, match="unknown validator 'topbraid'"):
        validate(parse_files(mini.data_files()), layout=mini, validator="topbraid")


# ---------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------

SHAPES = """
bkg:ActorShape a sh:NodeShape ;
    sh:targetClass bkg:Actor ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ;
                  sh:message "every actor needs a label" ] ;
    sh:property [ sh:path rdfs:comment ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "an actor should have a comment" ] ;
    sh:property [ sh:path skos:note ; sh:minCount 1 ; sh:severity sh:Info ;
                  sh:message "a note would help" ] .
bkg:LabelShape a sh:NodeShape ;
    sh:targetSubjectsOf rdfs:label ;
    sh:property [ sh:path rdfs:label ; sh:datatype rdf:langString ;
                  sh:message "labels have a language" ] .
"""
ONTOLOGY = """
bkg:Actor a owl:Class ; rdfs:label "Actor" .
bkg:State a owl:Class ; rdfs:subClassOf bkg:Actor ; rdfs:label "State" .
bkg:Odd a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty bkg:x ;
                                        owl:hasValue bk:Y ] .
"""


@pytest.fixture
def report_parts(mini: Layout) -> tuple[Graph, Graph, Layout]:
    return turtle(SHAPES), turtle(ONTOLOGY), mini


@pytest.mark.parametrize("validator", VALIDATORS)
def test_the_report_lists_results_by_severity_then_focus_path_and_message(
    report_parts: tuple[Graph, Graph, Layout], validator: str
) -> None:
    shapes, ontology, mini = report_parts
    data = turtle(
        'bk:Zeta a bkg:State ; rdfs:label "Zeta"@en .\n'
        "bk:Alpha a bkg:State .\n"
        'bk:Kosovo a bkg:State ; rdfs:label "Kosovo" ; rdfs:comment "c" ; skos:note "n" .\n'
    )
    report = validate(data, shapes, ontology, layout=mini, validator=validator)
    assert not report.conforms
    assert report.text.splitlines() == [
        "Violation: bk:Alpha rdfs:label: every actor needs a label",
        "Violation: bk:Kosovo rdfs:label: labels have a language",
        "Warning: bk:Alpha rdfs:comment: an actor should have a comment",
        "Warning: bk:Zeta rdfs:comment: an actor should have a comment",
        "Info: bk:Alpha skos:note: a note would help",
        "Info: bk:Zeta skos:note: a note would help",
    ]
    assert [r.severity for r in report.violations] == ["Violation", "Violation"]
    first = report.results[0]
    assert first.focus == URIRef(PREFIXES["bk"] + "Alpha")
    assert first.path == URIRef(PREFIXES["rdfs"] + "label")
    assert top_shape(shapes, first.source_shape) == URIRef(PREFIXES["bkg"] + "ActorShape")
    value = report.results[1].value
    assert value == Literal("Kosovo")


@pytest.mark.parametrize("validator", VALIDATORS)
def test_warnings_and_infos_alone_do_not_spoil_conformance(
    report_parts: tuple[Graph, Graph, Layout], validator: str
) -> None:
    shapes, ontology, mini = report_parts
    data = turtle('bk:Zeta a bkg:State ; rdfs:label "Zeta"@en .\n')
    report = validate(data, shapes, ontology, layout=mini, validator=validator)
    assert report.conforms
    assert report.violations == []
    assert {r.severity for r in report.results} == {"Warning", "Info"}


@pytest.mark.parametrize("validator", VALIDATORS)
def test_classes_are_targeted_through_the_ontology_s_subclasses_only(
    report_parts: tuple[Graph, Graph, Layout], validator: str
) -> None:
    shapes, ontology, mini = report_parts
    data = turtle("bk:Alpha a bkg:State .\n")
    with_ontology = validate(data, shapes, ontology, layout=mini, validator=validator)
    assert "Violation: bk:Alpha rdfs:label: every actor needs a label" in with_ontology.text
    # The ontology's own labels ("State", without a language) are not judged: no
    # ontology resource is a focus node.
    focus = {r.focus for r in with_ontology.results}
    assert focus == {URIRef(PREFIXES["bk"] + "Alpha")}
    without = validate(data, shapes, new_graph(), layout=mini, validator=validator)
    assert without.conforms and without.text == "Conforms."


def test_class_hierarchy_keeps_only_subclass_triples_between_named_classes() -> None:
    hierarchy = class_hierarchy(turtle(ONTOLOGY))
    bkg = PREFIXES["bkg"]
    assert set(hierarchy) == {
        (URIRef(bkg + "State"), URIRef(PREFIXES["rdfs"] + "subClassOf"), URIRef(bkg + "Actor"))
    }


def test_the_project_files_are_the_defaults(mini: Layout) -> None:
    good = validate(parse_files(mini.data_files()), layout=mini)
    assert good.conforms and good.text == "Conforms."
    bad = validate(turtle("bk:Kosovo a bkg:State .\n"), layout=mini)
    assert bad.text == "Violation: bk:Kosovo rdfs:label: every actor needs a label"


def test_without_an_ontology_file_no_class_is_a_subclass(tmp_path: Path, mini: Layout) -> None:
    bare = Layout(tmp_path / "bare")  # no ontology/balkan-kg.ttl
    report = validate(turtle("bk:Kosovo a bkg:State .\n"), parse_files([mini.shapes]), layout=bare)
    assert report.conforms


def test_render_writes_one_line_a_result_or_conforms() -> None:
    bk = PREFIXES["bk"]
    results = [
        ValidationResult(URIRef(bk + "A"), None, None, "Violation", "no path here", None),
        ValidationResult(
            URIRef("http://example.org/b"),
            Literal("^org:member"),
            None,
            "Warning",
            "a warning",
            None,
        ),
    ]
    assert render(results) == (
        "Violation: bk:A: no path here\nWarning: <http://example.org/b> ^org:member: a warning"
    )
    assert render([]) == "Conforms."


# ---------------------------------------------------------------------------------------
# Property paths
# ---------------------------------------------------------------------------------------

PATHS_DATA = """
bk:m1 org:member bk:Albania ; org:organization bk:NATO .
bk:m2 org:member bk:Croatia ; org:organization bk:EU .
bk:a skos:broader bk:b . bk:b skos:broader bk:c .
"""

PATH_SHAPES = {
    "named": ("org:member", "org:member"),
    "inverse": ("[ sh:inversePath org:member ]", "^org:member"),
    "sequence": ("( [ sh:inversePath org:member ] org:organization )", None),
    "alternative": ("[ sh:alternativePath ( org:member org:organization ) ]", None),
    "zero or more": ("[ sh:zeroOrMorePath skos:broader ]", "skos:broader*"),
    "one or more": ("[ sh:oneOrMorePath skos:broader ]", "skos:broader+"),
    "zero or one": ("[ sh:zeroOrOnePath skos:broader ]", "skos:broader?"),
}
"""Each SHACL path (SHACL 2.3.1) and, where it has only one spelling, its SPARQL form."""

PATH_PAIRS = {
    "named": {("m1", "Albania"), ("m2", "Croatia")},
    "inverse": {("Albania", "m1"), ("Croatia", "m2")},
    "sequence": {("Albania", "NATO"), ("Croatia", "EU")},
    "alternative": {("m1", "Albania"), ("m2", "Croatia"), ("m1", "NATO"), ("m2", "EU")},
    "zero or more": {("a", "a"), ("a", "b"), ("a", "c")},
    "one or more": {("a", "b"), ("a", "c")},
    "zero or one": {("a", "a"), ("a", "b")},
}
"""The pairs each path links in PATHS_DATA, worked out by hand from SHACL 2.3.1 (the
skos:broader paths only from bk:a, the one start the query below keeps for them)."""


def path_node(text: str) -> tuple[Graph, Node]:
    graph = turtle(f"bk:shape sh:path {text} .\n")
    node = graph.value(URIRef(PREFIXES["bk"] + "shape"), URIRef(PREFIXES["sh"] + "path"))
    assert node is not None
    return graph, node


@pytest.mark.parametrize("kind", PATH_SHAPES)
def test_show_path_writes_a_sparql_path_that_links_what_the_shacl_path_links(kind: str) -> None:
    text, spelling = PATH_SHAPES[kind]
    graph, node = path_node(text)
    shown = show_path(graph, node)
    if spelling is not None:
        assert shown == spelling
    store = pyoxigraph.Store()
    store.extend(pyoxigraph.parse(TURTLE_PREFIXES + PATHS_DATA, format=pyoxigraph.RdfFormat.TURTLE))
    start = "FILTER(?s = bk:a)" if "skos" in text else ""
    rows = store.query(f"SELECT ?s ?o WHERE {{ ?s {shown} ?o {start} }}", prefixes=dict(PREFIXES))
    bk = PREFIXES["bk"]
    found = {(row["s"].value.removeprefix(bk), row["o"].value.removeprefix(bk)) for row in rows}
    assert found == PATH_PAIRS[kind], shown


def test_a_report_gives_a_complex_path_as_a_literal(mini: Layout) -> None:
    shapes = turtle(
        "bk:MembershipShape a sh:NodeShape ; sh:targetClass org:Membership ;\n"
        "  sh:property [ sh:path ( org:member [ sh:inversePath org:member ] ) ;\n"
        "                sh:maxCount 1 ; sh:message 'one member' ] .\n"
    )
    data = turtle(
        "bk:m1 a org:Membership ; org:member bk:Albania .\n"
        "bk:m2 a org:Membership ; org:member bk:Albania .\n"
    )
    for validator in VALIDATORS:
        report = validate(data, shapes, new_graph(), layout=mini, validator=validator)
        assert len(report.results) == 2, validator  # bk:m1 and bk:m2 share a member
        for result in report.results:
            assert isinstance(result.path, Literal), validator
            assert str(result.path).strip("()") == "org:member/^org:member", validator
