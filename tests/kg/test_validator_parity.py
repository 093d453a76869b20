"""The two SHACL validators give the same verdict and the same report on every fixture
(issue 12, goal 3).

``fast`` (pyshacl-turbo) is the default and ``pyshacl`` the reference; ``build
--validator`` chooses, and the README says they give the same report. Every fixture is
validated by both, through the project's :func:`balkan_kg.kg.validate.validate`:

* ``tests/shapes/bad/*.ttl``: each breaks one shape; both validators must reject it (a
  ``# severity: Warning`` fixture: both must conform with the same warnings);
* ``tests/shapes/good/*.ttl``: the passing twins, each a bad fixture repaired; both
  validators must accept it without a single result;
* ill-typed literals (``"2009x"^^xsd:gYear`` and one of each other datatype the shapes
  constrain), made from a passing twin by changing one literal: both must reject them.

A report is compared as the set of (focus node, path, value, severity, message, top
shape) of its results. Every shape that targets nodes must have a bad fixture that
breaks it and a passing twin with a focus node for it, except the two shapes that
forbid what they target (no asserted shortcut, no asserted defined class), whose twins
simply leave the forbidden triple out.

Where pyshacl was wrong (it took ``"2009x"^^xsd:gYear`` for a gYear), the project works
around it and ``tests/issues/test_pyshacl_ill_typed_gyear.py`` records the upstream fault.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.term import Node

from balkan_kg.kg.validate import VALIDATORS, class_hierarchy, validate
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.rdfio.parse import parse_files

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/balkan-kg/shapes#"
FIXTURES = Path(__file__).resolve().parents[1] / "shapes"
BAD = sorted((FIXTURES / "bad").glob("*.ttl"))
GOOD = sorted((FIXTURES / "good").glob("*.ttl"))
PROHIBITIONS = {"NoAssertedShortcutShape", "NoAssertedDefinedClassShape"}
"""Shapes whose every focus node is a violation: a passing twin has none."""

Result = tuple[str, str, str, str, str, str]


@pytest.fixture(scope="module")
def layout() -> Layout:
    root = checkout_root()
    if root is None:
        pytest.skip("not running from a checkout with ontology/balkan-kg.ttl")
    return Layout(root)


@pytest.fixture(scope="module")
def shapes(layout: Layout) -> Graph:
    return parse_files([layout.shapes])


@pytest.fixture(scope="module")
def ontology(layout: Layout) -> Graph:
    return parse_files(layout.ontology_files)


def top_shape(shapes: Graph, node: Node | None) -> str:
    """The named shape a (blank) shape node belongs to, as its local name."""
    while isinstance(node, BNode):
        parent = next(shapes.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return str(node).removeprefix(SHAPES_NS)


def reports(data: Graph, shapes: Graph, ontology: Graph) -> dict[str, tuple[bool, set[Result]]]:
    """Each validator's verdict and results for ``data``."""
    found = {}
    for validator in VALIDATORS:
        report = validate(data, shapes=shapes, ontology=ontology, validator=validator)
        assert report.validator == validator, "pyshacl-turbo is not installed"
        results = {
            (
                str(r.focus),
                str(r.path),
                str(r.value),
                r.severity,
                r.message,
                top_shape(shapes, r.source_shape),
            )
            for r in report.results
        }
        found[validator] = (report.conforms, results)
    return found


def severity(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        if line.startswith("# severity:"):
            return line.removeprefix("# severity:").strip()
    return "Violation"


def test_there_are_enough_fixtures() -> None:
    assert len(BAD) >= 30 and len(GOOD) >= 30, (len(BAD), len(GOOD))


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_both_validators_reject_a_bad_fixture_alike(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    found = reports(parse_files([path]), shapes, ontology)
    fast, reference = found["fast"], found["pyshacl"]
    assert fast == reference, (
        f"fast only: {fast[1] - reference[1]}\npyshacl only: {reference[1] - fast[1]}"
    )
    conforms, results = reference
    BROKEN[path] = {r[5] for r in results}
    assert results, f"{path.name} was accepted"
    assert conforms == (severity(path) != "Violation")


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_both_validators_accept_a_passing_twin_alike(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    found = reports(parse_files([path]), shapes, ontology)
    assert found["fast"] == found["pyshacl"] == (True, set()), found


def test_every_passing_twin_has_its_bad_fixture() -> None:
    assert {p.name for p in GOOD} <= {p.name for p in BAD}
    for path in GOOD:
        assert path.read_text(encoding="utf-8").startswith(f"# twin of: bad/{path.name}\n")


def targeted_shapes(shapes: Graph) -> set[str]:
    return {
        str(s).removeprefix(SHAPES_NS)
        for target in (SH.targetClass, SH.targetSubjectsOf)
        for s in shapes.subjects(target, None)
        if isinstance(s, URIRef)
    }


def focus_shapes(data: Graph, shapes: Graph, ontology: Graph) -> set[str]:
    """The shapes that have a focus node in ``data`` (with the ontology's class tree)."""
    hierarchy = class_hierarchy(ontology)
    classes = {
        ancestor
        for cls in set(data.objects(None, RDF.type))
        for ancestor in hierarchy.transitive_objects(cls, RDFS.subClassOf)
    }
    found = {
        top_shape(shapes, s) for s, c in shapes.subject_objects(SH.targetClass) if c in classes
    }
    for shape, prop in shapes.subject_objects(SH.targetSubjectsOf):
        if next(data.subjects(prop, None), None) is not None:
            found.add(top_shape(shapes, shape))
    return found


BROKEN: dict[Path, set[str]] = {}
"""The shapes each bad fixture breaks, as the parity test found them (both validators)."""


def test_every_shape_has_a_failing_fixture_and_a_passing_twin(
    shapes: Graph, ontology: Graph
) -> None:
    targeted = targeted_shapes(shapes)
    broken: set[str] = set()
    for path in BAD:
        if path not in BROKEN:
            report = validate(parse_files([path]), shapes=shapes, ontology=ontology)
            BROKEN[path] = {top_shape(shapes, r.source_shape) for r in report.results}
        broken |= BROKEN[path]
    passing: set[str] = set()
    for path in GOOD:
        passing |= focus_shapes(parse_files([path]), shapes, ontology)
    assert targeted - broken == set(), "shapes no bad fixture breaks"
    assert targeted - PROHIBITIONS - passing == set(), "shapes no passing twin exercises"
    assert len(targeted) >= 40


ILL_TYPED = {
    "gyear-letters": (
        "period-begin-year-as-integer",
        '"2009"^^xsd:gYear',
        '"2009x"^^xsd:gYear',
    ),
    "gyear-month": (
        "event-occurrence-year-as-integer",
        '"1999"^^xsd:gYear',
        '"1999-03"^^xsd:gYear',
    ),
    "date-no-such-day": (
        "accession-date-as-year",
        '"2009-04-01"^^xsd:date',
        '"2009-02-30"^^xsd:date',
    ),
    "non-negative-minus": (
        "count-as-string",
        '"6"^^xsd:nonNegativeInteger',
        '"-6"^^xsd:nonNegativeInteger',
    ),
    "non-negative-words": (
        "count-as-string",
        '"6"^^xsd:nonNegativeInteger',
        '"six"^^xsd:nonNegativeInteger',
    ),
    "positive-zero": ("span-quote-differs", '"2"^^xsd:positiveInteger', '"0"^^xsd:positiveInteger'),
}
"""(passing twin, its literal, an ill-typed one): each datatype the shapes constrain."""


def sparql_shapes(shapes: Graph) -> set[str]:
    """The shapes with SHACL-SPARQL constraints (each validator runs its own SPARQL)."""
    return {top_shape(shapes, s) for s in shapes.subjects(SH.sparql, None)}


@pytest.mark.parametrize(("twin", "old", "new"), ILL_TYPED.values(), ids=ILL_TYPED.keys())
def test_both_validators_reject_an_ill_typed_literal(
    twin: str, old: str, new: str, shapes: Graph, ontology: Graph, tmp_path: Path
) -> None:
    """Same verdict and the same ``sh:datatype`` result on the ill-typed value. A
    SHACL-SPARQL constraint that compares the value may add a result in one validator
    and not the other: rdflib keeps ``"0"^^xsd:positiveInteger > 1`` and pyoxigraph reads
    it as the integer 0, where SPARQL calls the comparison an error (two upstream faults,
    ``tests/issues/test_rdflib_ill_typed_comparison.py`` and
    ``tests/issues/test_oxigraph_derived_integer_datatype.py``); only such results may
    differ."""
    text = (FIXTURES / "good" / f"{twin}.ttl").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / f"{twin}.ttl"
    path.write_text(text.replace(old, new), encoding="utf-8")
    found = reports(parse_files([path]), shapes, ontology)
    (fast_conforms, fast), (conforms, reference) = found["fast"], found["pyshacl"]
    assert fast_conforms is conforms is False
    lexical = new.split('"')[1]
    assert (
        {r for r in fast if r[2] == lexical} == {r for r in reference if r[2] == lexical} != set()
    )
    assert {r[5] for r in fast ^ reference} <= sparql_shapes(shapes), fast ^ reference
