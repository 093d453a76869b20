"""Differential tests: every fast path gives what its reference gives.

* reasoning: :mod:`balkan_kg.fastreason` against owlrl (the filtered closure of
  :mod:`balkan_kg.reason` and the inconsistency messages), on the real graph, on
  generated graphs of 10^3 and 10^4 triples, on a graph made inconsistent on purpose and
  on a small ontology that uses every rule the engine implements; input outside its
  fragment is handed back to owlrl;
* validation: pyshacl-turbo against pyshacl (every result: focus node, path, value,
  source shape, severity, message), on the project data, on every bad-data file and on
  generated graphs, whose injected violations are exactly the ones reported; the table of
  terms :func:`balkan_kg.validate.turbo_input` hands pyshacl-turbo holds exactly the
  triples of the data, literal for literal;
* building: a build with the fast engines writes the same bytes as one with the
  reference engines;
* querying: the command line's quick path (pyoxigraph on the build, no rdflib) prints
  the same table and CSV as the rdflib engine for every canned query and example.

No test here measures time (the benchmark, ``python -m bench``, does).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node, Variable

from balkan_kg.kg.build import build
from balkan_kg.query.catalog import list_queries
from balkan_kg.engine import RdflibEngine, run
from balkan_kg.kg.fastreason import Unsupported, materialize
from balkan_kg.query.params import PARAM_TYPES, bind, term_text, to_term
from balkan_kg.rdfio.bridge import new_graph
from balkan_kg.rdfio.parse import parse_files
from balkan_kg.query.text import with_project_prefixes
from balkan_kg.quick import run_on_files
from balkan_kg.kg.reason import Reasoning, reason
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.kg.validate import ValidationReport, validate
from test_shapes import top_shape

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


def _generate(size: int, seed: int) -> tuple[Graph, object]:
    """A generated data graph of ``size`` triples (rdflib) and its generator output."""
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(ROOT))
    generated = generate(size, seed)
    graph = new_graph()
    graph.parse(data=generated.text(), format="nt")
    return graph, generated


@pytest.fixture(scope="module")
def ontology() -> Graph:
    assert LAYOUT is not None
    return parse_files([LAYOUT.ontology])


@pytest.fixture(scope="module")
def shapes() -> Graph:
    assert LAYOUT is not None
    return parse_files([LAYOUT.shapes])


@pytest.fixture(scope="module", params=[1_000, 10_000], ids=lambda n: f"{n}-triples")
def generated(request: pytest.FixtureRequest) -> tuple[Graph, object]:
    """Generated data (with injected violations) of 10^3 and 10^4 triples."""
    return _generate(request.param, seed=7)


def _merged(ontology: Graph, data: Graph) -> Graph:
    merged = new_graph()
    merged += ontology
    merged += data
    return merged


def assert_same_reasoning(graph: Graph) -> tuple[Reasoning, Reasoning]:
    """Reason with both reasoners; the fast one must not fall back and must agree."""
    fast = reason(graph, "fast")
    reference = reason(graph, "owlrl")
    assert fast.reasoner == "fast", fast.fallback
    missing = set(reference.inferred) - set(fast.inferred)
    extra = set(fast.inferred) - set(reference.inferred)
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])
    assert fast.inconsistencies == reference.inconsistencies
    return fast, reference


# ---------------------------------------------------------------------------------------
# Reasoning
# ---------------------------------------------------------------------------------------

BKG = "https://w3id.org/balkan-kg/ontology#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_fast_reasoner_equals_owlrl_on_the_text_only_real_graph() -> None:
    assert LAYOUT is not None
    graph = parse_files(LAYOUT.source_files(include_external=False))
    fast, _ = assert_same_reasoning(graph)
    assert (
        URIRef("https://w3id.org/balkan-kg/id/Albania"),
        RDF_TYPE,
        URIRef(BKG + "NATOMemberState"),
    ) in fast.inferred


def test_fast_reasoner_equals_owlrl_on_generated_graphs(
    ontology: Graph, generated: tuple[Graph, object]
) -> None:
    data, _ = generated
    fast, _ = assert_same_reasoning(_merged(ontology, data))
    # Not vacuous: the defined classes and the shortcut chains fire (all of them in the
    # larger graph, which has every kind of sentence).
    classified = {o for _, p, o in fast.inferred if p == RDF_TYPE}
    chained = {p for _, p, _ in fast.inferred}
    classes = ["NATOMemberState", "WesternBalkanState", "TextFact"]
    shortcuts = ["memberOf", "hasStanceTowards"]
    if len(data) >= 10_000:
        classes.append("NATONonMemberState")
        shortcuts += ["participatesIn", "hasRelationWith", "missionLedBy", "supports"]
    for defined in classes:
        assert URIRef(BKG + defined) in classified, defined
    for shortcut in shortcuts:
        assert URIRef(BKG + shortcut) in chained, shortcut


INCONSISTENT = """
bk:Albania a bkg:State ; rdfs:label "Albania"@en .
bk:m1 a bkg:Membership ; org:member bk:Albania ; org:organization bk:NATO .
bk:n1 a bkg:NonMembership ; bkg:about bk:Albania ; bkg:outsideOf bk:NATO .
bk:NATO a bkg:Alliance .
bk:Odd a bkg:State , bkg:InternationalOrganisation .
bk:Void a owl:Nothing .
bk:S1 bkg:sentenceNumber "one"^^xsd:integer .
"""


def test_fast_reasoner_reports_the_same_inconsistencies_as_owlrl(ontology: Graph) -> None:
    graph = new_graph()
    graph += ontology
    graph.parse(data=PREFIXES + INCONSISTENT, format="turtle")
    fast, _ = assert_same_reasoning(graph)
    text = "\n".join(fast.inconsistencies)
    assert "bk:Albania is a member of disjoint classes" in text
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
    graph = new_graph()
    graph.parse(data=PREFIXES + EVERY_RULE, format="turtle")
    fast, _ = assert_same_reasoning(graph)
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
    ("turtle", "why"),
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
def test_input_outside_the_fragment_is_handed_to_owlrl(turtle: str, why: str) -> None:
    graph = new_graph()
    graph.parse(data=PREFIXES + turtle + "\nex:x ex:q ex:z .", format="turtle")
    with pytest.raises(Unsupported, match=why):
        materialize(graph)
    fast = reason(graph, "fast")
    reference = reason(graph, "owlrl")
    assert fast.reasoner == "owlrl" and fast.fallback is not None and why in fast.fallback
    assert set(fast.inferred) == set(reference.inferred)
    assert fast.inconsistencies == reference.inconsistencies


def test_fast_reasoner_accepts_pyoxigraph_terms_with_the_same_result() -> None:
    import pyoxigraph

    from balkan_kg.kg.fastreason import oxigraph_term

    graph = new_graph()
    graph.parse(data=PREFIXES + EVERY_RULE, format="turtle")
    from_rdflib = {tuple(t.n3() for t in triple) for triple in materialize(graph).inferred}
    text = graph.serialize(format="nt", encoding="utf-8")
    triples = [
        (t.subject, t.predicate, t.object)
        for t in pyoxigraph.parse(input=text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]
    closure = materialize(triples, oxigraph_term, pyoxigraph.NamedNode)
    from_oxigraph = {tuple(str(t) for t in triple) for triple in closure.inferred}
    assert from_oxigraph == from_rdflib


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------


def assert_same_validation(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    fast = validate(data, shapes, ontology, validator="fast")
    reference = validate(data, shapes, ontology, validator="pyshacl")
    assert fast.validator == "fast"
    assert fast.conforms == reference.conforms
    assert sorted(map(repr, fast.results)) == sorted(map(repr, reference.results))
    assert fast.text == reference.text
    return reference


def test_fast_validator_equals_pyshacl_on_the_project_data(shapes: Graph, ontology: Graph) -> None:
    assert LAYOUT is not None
    data = parse_files(LAYOUT.source_files(include_external=True, include_ontology=False))
    assert assert_same_validation(data, shapes, ontology).conforms


BAD_FILES = sorted((Path(__file__).parent / "shapes" / "bad").glob("*.ttl"))


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_fast_validator_equals_pyshacl_on_bad_data(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    report = assert_same_validation(parse_files([path]), shapes, ontology)
    assert report.results


def test_fast_validator_equals_pyshacl_and_finds_exactly_the_injected_violations(
    generated: tuple[Graph, object], shapes: Graph, ontology: Graph
) -> None:
    data, meta = generated
    report = assert_same_validation(data, shapes, ontology)
    found = sorted(
        (str(r.focus), str(r.path), str(top_shape(shapes, r.source_shape))) for r in report.results
    )
    injected = sorted((v.focus, v.path, v.shape) for v in meta.violations)  # type: ignore[attr-defined]
    assert injected and found == injected


TERMS = """
@prefix ex: <http://example.org/> .
ex:a ex:p "x"@en , "x"@EN , "x" , "1"^^xsd:integer , "01"^^xsd:integer , _:b , ex:a .
_:b ex:q "line\\nbreak" , ex:a ; rdfs:label "b"@en-GB .
"""


def _table_triples(table: object) -> set[tuple[Node, ...]]:
    """The triples of a pyshacl-turbo term table, as rdflib terms (exact literals)."""
    from rdflib import BNode

    records, rows = table.source  # type: ignore[attr-defined]
    terms: list[Node] = []
    for kind, text, datatype, language in records:
        if kind == 0:
            terms.append(URIRef(text))
        elif kind == 1:
            terms.append(BNode(text))
        else:
            terms.append(Literal(text, language, URIRef(datatype) if datatype else None))
    return {(terms[s], terms[p], terms[o]) for s, p, o, g in rows if g is None}


def _exact(triples: object) -> set[tuple[object, ...]]:
    """Triples with each literal spelled out: rdflib's ``==`` ignores the case of a
    language tag."""
    return {
        tuple((str(t), t.language, t.datatype) if isinstance(t, Literal) else t for t in triple)
        for triple in triples  # type: ignore[attr-defined]
    }


def test_turbo_input_holds_exactly_the_triples_of_its_graphs(ontology: Graph) -> None:
    import gc

    from rdflib import Dataset

    from balkan_kg.kg.validate import class_hierarchy, turbo_input

    data = new_graph()
    data.parse(data=PREFIXES + TERMS, format="turtle")
    hierarchy = class_hierarchy(ontology)
    table = turbo_input(data, hierarchy)
    assert _exact(_table_triples(table)) == _exact(set(data) | set(hierarchy))
    assert gc.isenabled()
    # A graph sharing its store with another graph is read through Graph.triples.
    dataset = Dataset()
    shared = dataset.graph(URIRef("http://example.org/g"))
    shared.parse(data=PREFIXES + TERMS, format="turtle")
    dataset.graph(URIRef("http://example.org/other")).add(
        (URIRef("http://example.org/x"), RDF_TYPE, URIRef("http://example.org/X"))
    )
    assert _exact(_table_triples(turbo_input(shared))) == _exact(set(shared))
    odd = Graph()
    odd.add((URIRef("http://example.org/a"), RDF_TYPE, Variable("x")))
    with pytest.raises(TypeError, match="not an RDF term"):
        turbo_input(odd)
    assert gc.isenabled()


def test_fast_validator_does_not_modify_the_data(shapes: Graph, ontology: Graph) -> None:
    data = parse_files([BAD_FILES[0]])
    before = set(data)
    validate(data, shapes, ontology, validator="fast")
    assert set(data) == before


def test_generator_is_deterministic_and_reaches_the_size() -> None:
    _, first = _generate(3_000, seed=3)
    _, again = _generate(3_000, seed=3)
    _, other = _generate(3_000, seed=4)
    assert first.text() == again.text()  # type: ignore[attr-defined]
    assert first.text() != other.text()  # type: ignore[attr-defined]
    assert 3_000 <= first.triples < 3_100  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------
# Building and querying
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fast_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the real graph with the fast engines."""
    out = tmp_path_factory.mktemp("fast-build")
    result = build(out, force=True)
    assert result.manifest["engines"] == {
        "validator": "fast",
        "reasoner": "fast",
        "reasoner_fallback": None,
    }
    return result.out_dir


def test_fast_build_writes_the_same_bytes_as_the_reference_build(
    fast_build: Path, tmp_path: Path
) -> None:
    reference = build(tmp_path, force=True, reasoner="owlrl", validator="pyshacl")
    assert reference.manifest["engines"]["reasoner"] == "owlrl"
    for name in reference.manifest["outputs"]:
        assert (fast_build / name).read_bytes() == (reference.out_dir / name).read_bytes(), name


def _examples() -> Iterator[tuple[str, dict[str, str]]]:
    """Every example line of every query, plus a run without parameters where the
    query has no required one."""
    for query in list_queries():
        if not any(p.required for p in query.params):
            yield query.name, {}
        for example in query.examples:
            yield query.name, example


CASES = [] if ROOT is None else list(_examples())


@pytest.fixture(scope="module")
def rdflib_engine(fast_build: Path) -> RdflibEngine:
    return RdflibEngine(parse_files([fast_build / "merged.nt", fast_build / "inferred.nt"]))


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda x: x if isinstance(x, str) else "")
def test_quick_path_prints_what_the_rdflib_engine_prints(
    name: str, params: dict[str, str], fast_build: Path, rdflib_engine: RdflibEngine
) -> None:
    query = next(q for q in list_queries() if q.name == name)
    text = bind(query, **params)
    quick = run_on_files([fast_build / "merged.nt", fast_build / "inferred.nt"], text)
    reference = run(rdflib_engine, with_project_prefixes(text))
    assert quick.to_table() == reference.to_table()
    assert quick.to_csv() == reference.to_csv()
    assert quick.to_json() == reference.to_json()
    assert quick.rows == reference.rows


def test_query_command_does_not_import_rdflib_when_the_build_is_current(
    fast_build: Path,
) -> None:
    script = (
        "import sys\nfrom balkan_kg.cli import main\n"
        f"code = main(['query', 'members-since', '--build-dir', {str(fast_build)!r}])\n"
        "print('RDFLIB' if 'rdflib' in sys.modules else 'NO-RDFLIB', code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "NO-RDFLIB 0"
    assert "bk:Albania" in done.stdout


def test_query_command_writes_json_without_rdflib_when_the_build_is_current(
    fast_build: Path,
) -> None:
    script = (
        "import sys\nfrom balkan_kg.cli import main\n"
        "code = main(['query', 'members-since', '--format', 'json', "
        f"'--build-dir', {str(fast_build)!r}])\n"
        "print('RDFLIB' if 'rdflib' in sys.modules else 'NO-RDFLIB', code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    *document, last = done.stdout.splitlines()
    assert last == "NO-RDFLIB 0"
    members = json.loads("\n".join(document))["results"]["bindings"]
    albania = {"type": "uri", "value": "https://w3id.org/balkan-kg/id/Albania"}
    assert albania in [row["state"] for row in members]


def test_quick_path_is_not_taken_without_a_build(tmp_path: Path) -> None:
    from balkan_kg.quick import quick_query

    text = bind(next(q for q in list_queries() if q.name == "members-since"))
    assert quick_query(text, build_dir=tmp_path) is None  # no build there


VALUES = {
    "iri": ["bk:NATO", "<https://example.org/x>", "https://w3id.org/balkan-kg/id/EU"],
    "string": ["plain", 'a "quoted" text', "two\nlines", "back\\slash", "cr\rlf", '"""'],
    "integer": [0, -5, "42", " 7 "],
    "decimal": ["1.50", 2, 0.1, "-0.0", "1000"],
    "boolean": [True, "no", "1"],
    "date": ["2020-02-29"],
    "year": [2009, "1999"],
}


@pytest.mark.parametrize("type_name", PARAM_TYPES)
def test_parameter_text_written_without_rdflib_is_the_rdflib_term(type_name: str) -> None:
    for value in VALUES[type_name]:
        text = term_text(type_name, value)
        rows = list(Graph().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {text} }} }}"))
        term = to_term(type_name, value)
        assert rows[0][0] == term and type(rows[0][0]) is type(term), (value, text)
        if isinstance(term, URIRef) or "\n" not in str(term):
            assert text == term.n3(), value
        if isinstance(term, Literal):
            assert str(rows[0][0]) == str(term)
