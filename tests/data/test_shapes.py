"""The SHACL shapes (ontology/shapes.ttl): the project data conforms, bad data does not.

Every file in ``tests/shapes/bad/`` is a minimal data graph that breaks exactly one shape.
Its first line says which message the report must carry, ``# expect: <substring>``; an
optional second line ``# severity: Warning`` marks an advisory shape (default:
``Violation``). Validation goes through the project API, ``balkan_kg.validate.validate``,
which adds the ontology's class hierarchy to the data and runs pyshacl without inference.
The real data is validated once per module (it takes a few seconds).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from balkan_kg.kg.validate import ValidationReport, validate
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.rdfio.parse import parse_files

SH = Namespace("http://www.w3.org/ns/shacl#")
BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SHAPES_NS = "https://w3id.org/balkan-kg/shapes#"

BAD_DIR = Path(__file__).parents[1] / "shapes" / "bad"
BAD_FILES = sorted(BAD_DIR.glob("*.ttl"))

KIND_SCHEMES = {
    BKG.stanceKind: BKG.StanceKinds,
    BKG.potentialAction: BKG.StanceKinds,
    BKG.qualifierKind: BKG.QualifierKinds,
    BKG.relationQuality: BKG.RelationQualities,
    BKG.trend: BKG.StrengthTrends,
    BKG.assessmentKind: BKG.AssessmentKinds,
    BKG.supportKind: BKG.SupportKinds,
    BKG.armament: BKG.ArmamentLevels,
    BKG.manning: BKG.ManningKinds,
}
"""Each property whose values are kinds, with the SKOS scheme its kinds come from."""


def expectation(path: Path) -> tuple[str, str]:
    """The expected message substring and severity declared in the header of ``path``.

    Raises ``ValueError`` if the first line is not ``# expect: <substring>``.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("# expect:"):
        raise ValueError(f"{path.name}: the first line must be '# expect: <message substring>'")
    expected = lines[0].removeprefix("# expect:").strip()
    severity = "Violation"
    if len(lines) > 1 and lines[1].startswith("# severity:"):
        severity = lines[1].removeprefix("# severity:").strip()
    return expected, severity


def top_shape(shapes: Graph, node: Node) -> Node:
    """The named shape that ``node`` (a nested shape, list cell or constraint) belongs to.

    Walks up from ``node`` to the first IRI; blank nodes in Turtle have one parent.
    """
    while isinstance(node, BNode):
        parent = next(shapes.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node


@pytest.fixture(scope="module")
def layout() -> Layout:
    """The curated project files of this checkout."""
    root = checkout_root()
    if root is None:
        pytest.skip("not running from a checkout with ontology/balkan-kg.ttl")
    if not (root / "ontology" / "shapes.ttl").is_file():
        pytest.skip("ontology/shapes.ttl does not exist")
    return Layout(root)


@pytest.fixture(scope="module")
def shapes(layout: Layout) -> Graph:
    """The project shapes graph."""
    return parse_files([layout.shapes])


@pytest.fixture(scope="module")
def ontology(layout: Layout) -> Graph:
    """The project ontology."""
    return parse_files([layout.ontology])


def concepts_file(layout: Layout) -> Path:
    """The SKOS concept schemes (one of :attr:`Layout.ontology_files`)."""
    return layout.ontology_dir / "concepts.ttl"


@pytest.fixture(scope="module")
def concepts(layout: Layout) -> Graph:
    """The SKOS concept schemes, ontology/concepts.ttl."""
    return parse_files([concepts_file(layout)])


@pytest.fixture(scope="module")
def data(layout: Layout) -> Graph:
    """The asserted project data, data/*.ttl and data/external/*.ttl, with the concept
    schemes (ontology/concepts.ttl): the build validates only the data, so the schemes
    are checked against their shapes here."""
    return parse_files([concepts_file(layout), *layout.data_files(include_external=True)])


@pytest.fixture(scope="module")
def data_report(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """The validation report of the project data (computed once: it takes seconds)."""
    return validate(data, shapes, ontology)


@pytest.fixture(scope="module")
def bad_report(shapes: Graph, ontology: Graph) -> Callable[[Path], ValidationReport]:
    """Validation of a bad file, memoised so that several tests can share one run."""
    cache: dict[Path, ValidationReport] = {}

    def report(path: Path) -> ValidationReport:
        if path not in cache:
            cache[path] = validate(parse_files([path]), shapes, ontology)
        return cache[path]

    return report


# ---------------------------------------------------------------------------
# The project data
# ---------------------------------------------------------------------------


def test_project_data_conforms_without_warnings(data_report: ValidationReport) -> None:
    assert data_report.conforms, data_report.text
    assert data_report.results == [], data_report.text


def test_project_data_conforms_under_plain_pyshacl_with_the_ontology_mixed_in(
    data: Graph, shapes: Graph, ontology: Graph
) -> None:
    from pyshacl import validate as pyshacl_validate

    conforms, _, text = pyshacl_validate(
        data_graph=data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
    )
    assert conforms, text


# ---------------------------------------------------------------------------
# Bad data
# ---------------------------------------------------------------------------


def test_there_are_bad_data_files() -> None:
    assert len(BAD_FILES) >= 40, f"expected the bad-data files under {BAD_DIR}"


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_data_is_reported_with_its_expected_message(
    path: Path, bad_report: Callable[[Path], ValidationReport]
) -> None:
    expected, severity = expectation(path)
    report = bad_report(path)
    assert report.results, f"{path.name} was accepted but should break a shape"
    for result in report.results:
        assert expected in result.message, f"{path.name}: unexpected result\n{report.text}"
        assert result.severity == severity, report.text
    if severity == "Violation":
        assert not report.conforms


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_data_breaks_exactly_one_shape(
    path: Path, shapes: Graph, bad_report: Callable[[Path], ValidationReport]
) -> None:
    broken = {top_shape(shapes, r.source_shape) for r in bad_report(path).results}
    assert len(broken) == 1, f"{path.name} breaks {sorted(map(str, broken))}"


def test_every_targeted_shape_is_broken_by_some_bad_file(
    shapes: Graph, bad_report: Callable[[Path], ValidationReport]
) -> None:
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    targeted = {s for t in targets for s in shapes.subjects(t, None) if isinstance(s, URIRef)}
    broken = {
        top_shape(shapes, r.source_shape) for path in BAD_FILES for r in bad_report(path).results
    }
    missing = sorted(str(s).removeprefix(SHAPES_NS) for s in targeted - broken)
    assert not missing, f"no bad-data file breaks {missing}"


# ---------------------------------------------------------------------------
# The shapes themselves
# ---------------------------------------------------------------------------


def test_every_class_used_in_the_data_is_targeted_by_a_shape(
    data: Graph, shapes: Graph, ontology: Graph
) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    untargeted = []
    for cls in set(data.objects(None, RDF.type)):
        lineage = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        if not lineage & targeted:
            untargeted.append(str(cls))
    assert not untargeted, f"no shape targets {sorted(untargeted)} or a superclass"


def test_every_shape_and_sparql_constraint_has_a_message(shapes: Graph) -> None:
    nodes: set[Node] = set(shapes.subjects(RDF.type, SH.NodeShape))
    nodes |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    nodes |= set(shapes.subjects(SH.path, None))
    nodes |= set(shapes.objects(None, SH.property))
    nodes |= set(shapes.objects(None, SH.sparql))
    for t in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        nodes |= set(shapes.subjects(t, None))
    silent = [str(n) for n in nodes if shapes.value(n, SH.message) is None]
    assert not silent, f"shapes without sh:message: {silent}"


def test_every_named_shape_has_a_label_and_its_property_shapes_a_name(shapes: Graph) -> None:
    named = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)]
    assert [str(s) for s in named if shapes.value(s, RDFS.label) is None] == []
    unnamed = [
        f"{s} {shapes.value(p, SH.path)}"
        for s in named
        for p in shapes.objects(s, SH.property)
        if shapes.value(p, SH.name) is None
    ]
    assert unnamed == []


def test_every_sparql_constraint_declares_its_prefixes(shapes: Graph) -> None:
    constraints = list(shapes.objects(None, SH.sparql))
    assert constraints
    for constraint in constraints:
        prefixes = shapes.value(constraint, SH.prefixes)
        assert prefixes is not None and (prefixes, RDF.type, OWL.Ontology) in shapes


@pytest.mark.parametrize("prop", sorted(KIND_SCHEMES), ids=lambda p: p.split("#")[-1])
def test_allowed_kinds_are_exactly_the_concepts_of_their_scheme(
    prop: URIRef, shapes: Graph, concepts: Graph
) -> None:
    in_scheme = set(concepts.subjects(SKOS.inScheme, KIND_SCHEMES[prop]))
    assert in_scheme, f"ontology/concepts.ttl has no concepts in {KIND_SCHEMES[prop]}"
    lists = [shapes.value(p, SH["in"]) for p in shapes.subjects(SH.path, prop)]
    lists = [lst for lst in lists if lst is not None]
    assert lists, f"no shape restricts the values of {prop} with sh:in"
    for lst in lists:
        assert set(Collection(shapes, lst)) == in_scheme


def test_external_facts_may_have_every_kind_of_fact_and_nothing_else(
    shapes: Graph, ontology: Graph
) -> None:
    kinds = {
        c
        for c in ontology.subjects(RDFS.subClassOf, BKG.Fact)
        if isinstance(c, URIRef) and c not in (BKG.TextFact, BKG.ExternalFact)
    }
    alternatives = shapes.value(URIRef(SHAPES_NS + "ExternalFactShape"), SH["or"])
    assert alternatives is not None
    allowed = {shapes.value(member, SH["class"]) for member in Collection(shapes, alternatives)}
    assert allowed == kinds
