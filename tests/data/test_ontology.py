"""Quality of the ontology: the check queries, reused terms, parsing, and the OWL 2 RL profile.

* Every ``ontology/checks/*.rq`` query must return no rows on the graph its ``# scope:``
  names (``ontology``, ``data`` or ``ontology+data``, data with and without
  data/external/), on both engines: rdflib, and Oxigraph, which ``balkan_kg.checks``
  uses. A failure prints the offending rows.
* Every check can fail, on both engines: :data:`MUTATIONS` breaks a copy of the graph in
  the way the check is about and expects a new row naming the broken term.
* Terms reused from ORG, PROV, SKOS, DCTERMS, VANN, OWL, RDF, RDFS and XSD exist in
  rdflib's closed ``DefinedNamespace`` for that vocabulary.
* Every RDF file parses with rdflib and with pyoxigraph into the same graph.
* The ontology stays inside the OWL 2 RL grammar (W3C OWL 2 Profiles, section 4.2) and
  the OWL 2 DL global restriction on simple properties, checked syntactically.

The graphs are parsed with plain rdflib, independently of the ``balkan_kg`` package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import pytest
import rdflib.namespace as rdflib_namespace
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS, Namespace
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from balkan_kg.rdfio.parse import parse_files

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = REPO / "ontology" / "balkan-kg.ttl"
CONCEPTS_FILE = REPO / "ontology" / "concepts.ttl"
"""The SKOS concept schemes: individuals, loaded with the data (as the package does)."""
CHECKS_DIR = REPO / "ontology" / "checks"
DATA_FILES = [CONCEPTS_FILE, *sorted((REPO / "data").glob("*.ttl"))]
EXTERNAL_FILES = sorted((REPO / "data" / "external").glob("*.ttl"))
CHECK_FILES = sorted(CHECKS_DIR.glob("*.rq"))

BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
BK = Namespace("https://w3id.org/balkan-kg/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ONTOLOGY_IRI = URIRef("https://w3id.org/balkan-kg/ontology")

SCOPES = ("ontology", "data", "ontology+data")
"""The values ``# scope:`` may take (as ``balkan_kg.checks.check_scope`` reads them)."""

GRAPHS_FOR_SCOPE = {
    "ontology": ("ontology",),
    "data": ("data", "text-data"),
    "ontology+data": ("ontology+data", "ontology+text-data"),
}
"""The graphs a check of each scope must pass on: the data with and without
data/external/, as ``balkan-kg build`` loads it either way."""

MUTATION_BASE = {"ontology": "ontology", "data": "text-data", "ontology+data": "ontology+text-data"}
"""The graph a check's mutations are applied to, by scope."""

ENGINES = ("rdflib", "oxigraph")

REQUIRED_CHECKS = {
    "missing-label-violation",
    "missing-definition-violation",
    "multiple-labels-violation",
    "multiple-definitions-violation",
    "label-whitespace-violation",
    "duplicate-label-violation",
    "missing-domain-range-violation",
    "untyped-term-violation",
    "class-hierarchy-cycle-violation",
    "foreign-term-without-source-violation",
    "undeclared-vocabulary-violation",
    "missing-ontology-metadata-violation",
    "inverse-inconsistent-violation",
    "symmetric-property-violation",
    "skos-concept-incomplete-violation",
    "sibling-classes-not-disjoint-violation",
    "owl2rl-construct-violation",
    "foreign-term-axiom-violation",
    "member-and-non-member-violation",
}
"""Checks the project promises to run (more may exist)."""

CHECK_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-(?:violation|warning|info)\.rq$")

PREFIXES = """\
@prefix bkg:  <https://w3id.org/balkan-kg/ontology#> .
@prefix bk:   <https://w3id.org/balkan-kg/id/> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix nif:  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


# ---------------------------------------------------------------------------------------
# Reading check files and graphs
# ---------------------------------------------------------------------------------------


def read_header(path: Path) -> dict[str, str]:
    """The ``# key: value`` header of a check file, continuation lines (``#   ...``) joined.

    The header is the run of comment lines at the top of the file. Keys are lower-case;
    a repeated key keeps its last value.
    """
    header: dict[str, str] = {}
    key: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s?([a-z][a-z-]*):\s*(.*)$", line)
        if match and not line.startswith("#  "):
            key = match.group(1)
            header[key] = match.group(2).strip()
        elif key is not None and line.startswith("#  "):
            header[key] = f"{header[key]} {line[1:].strip()}".strip()
    return header


def parse_turtle(paths: list[Path]) -> Graph:
    """A new graph holding every Turtle file of ``paths``, parsed the project's one way."""
    return parse_files(paths)


def copy_graph(graph: Graph) -> Graph:
    """A new graph with the triples of ``graph`` (so mutations leave the original alone)."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def run_check(path: Path, graph: Graph, engine: str = "rdflib") -> list[str]:
    """The rows a check query returns on ``graph``, each rendered as ``var=value, ...``.

    ``engine`` is ``"rdflib"`` (the graph's own SPARQL) or ``"oxigraph"`` (an in-memory
    pyoxigraph store loaded with the graph). IRIs are rendered bare on both engines.
    """
    query = path.read_text(encoding="utf-8")
    if engine == "rdflib":
        result = graph.query(query)
        names = [str(v) for v in result.vars or []]
        return [
            ", ".join(f"{n}={row[i]}" for i, n in enumerate(names) if row[i] is not None)
            for row in result
        ]
    store = pyoxigraph.Store()
    store.load(
        input=graph.serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    solutions = store.query(query)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [
        ", ".join(f"{n}={getattr(row[n], 'value', row[n])}" for n in names if row[n] is not None)
        for row in solutions
    ]


def check_id(path: Path) -> str:
    """The test id of a check file: its name without ``.rq``."""
    return path.stem


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    """The ontology and the data, alone and merged, each with and without data/external/."""
    ontology = parse_turtle([ONTOLOGY_FILE])
    text_data = parse_turtle(DATA_FILES)
    data = copy_graph(text_data)
    data += parse_turtle(EXTERNAL_FILES)
    with_text = copy_graph(ontology)
    with_text += text_data
    with_all = copy_graph(ontology)
    with_all += data
    return {
        "ontology": ontology,
        "data": data,
        "text-data": text_data,
        "ontology+data": with_all,
        "ontology+text-data": with_text,
    }


# ---------------------------------------------------------------------------------------
# The check files themselves
# ---------------------------------------------------------------------------------------


def test_every_required_check_exists() -> None:
    """The promised checks are all present in ontology/checks/."""
    present = {path.stem for path in CHECK_FILES}
    assert present >= REQUIRED_CHECKS, f"missing checks: {sorted(REQUIRED_CHECKS - present)}"


@pytest.mark.parametrize("path", CHECK_FILES, ids=check_id)
def test_check_is_named_by_purpose_and_severity(path: Path) -> None:
    """A check file is named ``purpose-severity.rq`` like ROBOT's report queries."""
    assert CHECK_NAME.match(path.name), f"{path.name}: expected e.g. missing-label-violation.rq"


@pytest.mark.parametrize("path", CHECK_FILES, ids=check_id)
def test_check_header_states_title_problem_solution_and_scope(path: Path) -> None:
    """Each check documents what it finds, how to fix it and which graph it runs on."""
    header = read_header(path)
    for key in ("title", "description", "solution", "scope"):
        assert header.get(key), f"{path.name}: header lacks '# {key}:'"
    assert header["scope"] in SCOPES, f"{path.name}: scope {header['scope']!r} not in {SCOPES}"


@pytest.mark.parametrize("path", CHECK_FILES, ids=check_id)
def test_check_is_a_select_query(path: Path) -> None:
    """Each check parses as a SPARQL SELECT (so its rows can be listed)."""
    query = prepareQuery(path.read_text(encoding="utf-8"))
    assert query.algebra.name == "SelectQuery", f"{path.name} is a {query.algebra.name}"


def scope_of(path: Path) -> str:
    """The ``# scope:`` of a check (``ontology+data`` if missing or unknown, which the
    header test reports)."""
    scope = read_header(path).get("scope", "ontology+data")
    return scope if scope in SCOPES else "ontology+data"


def check_runs() -> Iterator[object]:
    """One pytest param per (check, graph, engine) the check must return no rows on."""
    for path in CHECK_FILES:
        for graph_name in GRAPHS_FOR_SCOPE[scope_of(path)]:
            for engine in ENGINES:
                yield pytest.param(
                    path, graph_name, engine, id=f"{path.stem}-on-{graph_name}-{engine}"
                )


@pytest.mark.parametrize(("path", "graph_name", "engine"), list(check_runs()))
def test_check_returns_no_rows(
    path: Path, graph_name: str, engine: str, graphs: dict[str, Graph]
) -> None:
    """The project passes the check: the query finds nothing to complain about."""
    rows = run_check(path, graphs[graph_name], engine)
    header = read_header(path)
    assert not rows, (
        f"{path.name} on {graph_name} ({engine}): {len(rows)} row(s)\n"
        + "\n".join(f"  {row}" for row in rows)
        + f"\nproblem: {header.get('description', '')}\nfix: {header.get('solution', '')}"
    )


# ---------------------------------------------------------------------------------------
# Every check can fail
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """A way to break the graph: triples to remove (``None`` is a wildcard) and to add.

    ``expect`` must occur in at least one row that the mutation adds to the check's
    result, so the test shows the check finds *this* problem, not a pre-existing one.
    """

    expect: str
    add: str = ""
    remove: tuple[tuple[Node | None, Node | None, Node | None], ...] = field(default=())

    def apply(self, graph: Graph) -> Graph:
        """A mutated copy of ``graph``."""
        mutated = copy_graph(graph)
        for pattern in self.remove:
            removed = list(mutated.triples(pattern))
            assert removed, f"mutation pattern {pattern} matches nothing"
            for triple in removed:
                mutated.remove(triple)
        if self.add:
            mutated.parse(data=PREFIXES + self.add, format="turtle")
        return mutated


MUTATIONS: dict[str, dict[str, Mutation]] = {
    "missing-label-violation": {
        "class-without-label": Mutation(
            expect=str(BKG.State), remove=((BKG.State, RDFS.label, None),)
        ),
    },
    "missing-definition-violation": {
        "property-without-definition": Mutation(
            expect=str(BKG.holder), remove=((BKG.holder, SKOS.definition, None),)
        ),
    },
    "multiple-labels-violation": {
        "two-english-labels": Mutation(
            expect=str(BKG.State), add='bkg:State rdfs:label "country"@en .'
        ),
    },
    "multiple-definitions-violation": {
        "two-english-definitions": Mutation(
            expect=str(BKG.Region), add='bkg:Region skos:definition "A part of the world."@en .'
        ),
    },
    "label-whitespace-violation": {
        "trailing-space-in-data": Mutation(
            expect=str(BK.Albania),
            remove=((BK.Albania, RDFS.label, None),),
            add='bk:Albania rdfs:label "Albania "@en .',
        ),
        "double-space-in-ontology": Mutation(
            expect=str(BKG.War),
            remove=((BKG.War, RDFS.label, None),),
            add='bkg:War rdfs:label "armed  conflict"@en .',
        ),
    },
    "duplicate-label-violation": {
        "same-label-other-case": Mutation(
            expect=str(BKG.Country),
            add='bkg:Country a owl:Class ; rdfs:label "State"@en ; skos:definition "A c."@en .',
        ),
    },
    "missing-domain-range-violation": {
        "no-range": Mutation(expect=str(BKG.holder), remove=((BKG.holder, RDFS.range, None),)),
        "no-domain": Mutation(expect=str(BKG.year), remove=((BKG.year, RDFS.domain, None),)),
    },
    "untyped-term-violation": {
        "misspelt-predicate-in-data": Mutation(
            expect=str(BKG.memberof), add="bk:Albania bkg:memberof bk:NATO ."
        ),
        "misspelt-class-in-data": Mutation(expect=str(BKG.Stat), add="bk:Albania a bkg:Stat ."),
        "property-used-as-class": Mutation(expect=str(BKG.holder), add="bk:Albania a bkg:holder ."),
    },
    "class-hierarchy-cycle-violation": {
        "actor-under-state": Mutation(
            expect=str(BKG.Actor), add="bkg:Actor rdfs:subClassOf bkg:State ."
        ),
    },
    "property-hierarchy-cycle-violation": {
        "about-under-holder": Mutation(
            expect=str(BKG.about), add="bkg:about rdfs:subPropertyOf bkg:holder ."
        ),
    },
    "foreign-term-without-source-violation": {
        "term-minted-in-org": Mutation(
            expect=str(ORG) + "memberSince", add="org:memberSince a owl:DatatypeProperty ."
        ),
        "wrong-vocabulary": Mutation(
            expect=str(SKOS.related),
            add="skos:related a owl:ObjectProperty ; rdfs:isDefinedBy org: .",
        ),
    },
    "undeclared-vocabulary-violation": {
        "schema-org-predicate": Mutation(
            expect="http://schema.org/name", add='bk:Albania <http://schema.org/name> "Albania" .'
        ),
        "foaf-class": Mutation(
            expect="http://xmlns.com/foaf/0.1/Organization",
            add="bk:NATO a <http://xmlns.com/foaf/0.1/Organization> .",
        ),
    },
    "missing-ontology-metadata-violation": {
        "no-licence": Mutation(
            expect=str(DCTERMS.license), remove=((ONTOLOGY_IRI, DCTERMS.license, None),)
        ),
        "no-ontology-header": Mutation(
            expect=str(OWL.Ontology), remove=((ONTOLOGY_IRI, RDF.type, OWL.Ontology),)
        ),
    },
    "inverse-inconsistent-violation": {
        "second-inverse": Mutation(
            expect=str(BKG.participatesIn),
            add="bkg:hasMember owl:inverseOf bkg:participatesIn .",
        ),
        "self-inverse": Mutation(
            expect=str(BKG.tiesWith), add="bkg:tiesWith owl:inverseOf bkg:tiesWith ."
        ),
    },
    "inverse-domain-range-mismatch-violation": {
        "domain-not-range-of-inverse": Mutation(
            expect=str(BKG.leadsMission),
            remove=((BKG.leadsMission, RDFS.domain, None),),
            add="bkg:leadsMission rdfs:domain bkg:State .",
        ),
    },
    "symmetric-property-violation": {
        "directed-relation-made-symmetric": Mutation(
            expect=str(BKG.supports), add="bkg:supports a owl:SymmetricProperty ."
        ),
    },
    "skos-concept-incomplete-violation": {
        "concept-without-definition": Mutation(
            expect=str(BKG.Welcome), remove=((BKG.Welcome, SKOS.definition, None),)
        ),
        "concept-in-misspelt-scheme": Mutation(
            expect=str(BKG.Hostility),
            add="""bkg:Hostility a skos:Concept ; skos:prefLabel "hostility"@en ;
                skos:definition "Enmity."@en ; skos:inScheme bkg:StanceKind .""",
        ),
        "top-concept-on-one-side": Mutation(
            expect=str(BKG.Volunteer),
            remove=((BKG.ManningKinds, SKOS.hasTopConcept, BKG.Volunteer),),
        ),
    },
    "sibling-classes-not-disjoint-violation": {
        "new-organisation-kind": Mutation(
            expect=str(BKG.Pact),
            add="bkg:Pact a owl:Class ; rdfs:subClassOf bkg:InternationalOrganisation .",
        ),
    },
    "functional-property-values-violation": {
        "two-years-for-an-event": Mutation(
            expect=str(BK["occurrence-nato-intervention-1999"]),
            add='bk:occurrence-nato-intervention-1999 bkg:year "2000"^^xsd:gYear .',
        ),
    },
    "member-and-non-member-violation": {
        # S6 says Serbia is not a NATO member at the time of writing; an open membership
        # would hold then too.
        "serbia-member-of-nato-at-the-time-of-writing": Mutation(
            expect=str(BK.Serbia),
            add="""bk:membership-serbia-nato a bkg:Membership ;
                bkg:member bk:Serbia ; org:organization bk:NATO .""",
        ),
        # S3 gives 2017 for Montenegro's membership; a non-membership through 2018 would
        # overlap it in 2017 and 2018.
        "montenegro-outside-nato-until-2018": Mutation(
            expect=str(BK.Montenegro),
            add="""bk:nonmembership-montenegro-nato a bkg:NonMembership ;
                bkg:about bk:Montenegro ; bkg:outsideOf bk:NATO ;
                bkg:validDuring bk:period-x .
                bk:period-x bkg:beginYear "2006"^^xsd:gYear ; bkg:endYear "2018"^^xsd:gYear .""",
        ),
    },
    "foreign-term-axiom-violation": {
        "super-property-on-org-member": Mutation(
            expect=str(ORG.member), add="org:member rdfs:subPropertyOf bkg:about ."
        ),
        "domain-on-nif-sentence": Mutation(
            expect=str(NIF.sentence), add="nif:sentence rdfs:domain nif:Phrase ."
        ),
    },
    "owl2rl-construct-violation": {
        "existential-superclass": Mutation(
            expect=str(OWL.someValuesFrom),
            add="""bkg:State rdfs:subClassOf [ a owl:Restriction ; owl:onProperty bkg:memberOf ;
                owl:someValuesFrom bkg:InternationalOrganisation ] .""",
        ),
        "union-range": Mutation(
            expect=str(OWL.unionOf),
            add="bkg:agent rdfs:range [ a owl:Class ; owl:unionOf ( bkg:State bkg:Group ) ] .",
        ),
        "disjoint-union": Mutation(
            expect=str(OWL.disjointUnionOf),
            add="bkg:Event owl:disjointUnionOf ( bkg:War bkg:Decision ) .",
        ),
        "min-cardinality": Mutation(
            expect=str(OWL.minCardinality),
            add="""bkg:Membership rdfs:subClassOf [ a owl:Restriction ; owl:onProperty org:member ;
                owl:minCardinality "1"^^xsd:nonNegativeInteger ] .""",
        ),
        "max-cardinality-two": Mutation(
            expect=str(OWL.maxCardinality),
            add="""bkg:Membership rdfs:subClassOf [ a owl:Restriction ; owl:onProperty org:member ;
                owl:maxCardinality "2"^^xsd:nonNegativeInteger ] .""",
        ),
        "universal-subclass": Mutation(
            expect=str(OWL.allValuesFrom),
            add="""[ a owl:Restriction ; owl:onProperty bkg:memberOf ;
                owl:allValuesFrom bkg:Alliance ] rdfs:subClassOf bkg:State .""",
        ),
    },
}
"""For every check, one or more ways to break the graph that it must catch."""


def test_every_check_has_a_mutation() -> None:
    """No check goes untested: each one is shown to fail on a broken graph."""
    assert set(MUTATIONS) == {path.stem for path in CHECK_FILES}


def mutation_runs() -> Iterator[object]:
    """One pytest param per (check, mutation, engine)."""
    by_name = {path.stem: path for path in CHECK_FILES}
    for name, mutations in MUTATIONS.items():
        for mutation_id, mutation in mutations.items():
            for engine in ENGINES:
                if name in by_name:
                    yield pytest.param(
                        by_name[name], mutation, engine, id=f"{name}-{mutation_id}-{engine}"
                    )


@pytest.mark.parametrize(("path", "mutation", "engine"), list(mutation_runs()))
def test_check_reports_a_broken_graph(
    path: Path, mutation: Mutation, engine: str, graphs: dict[str, Graph]
) -> None:
    """The check returns a new row naming the problem once the graph is broken."""
    base = graphs[MUTATION_BASE[scope_of(path)]]
    before = set(run_check(path, base, engine))
    after = run_check(path, mutation.apply(base), engine)
    new_rows = [row for row in after if row not in before]
    assert any(mutation.expect in row for row in new_rows), (
        f"{path.name} ({engine}) did not report {mutation.expect}; new rows: {new_rows}"
    )


# ---------------------------------------------------------------------------------------
# Reused terms exist in their vocabularies
# ---------------------------------------------------------------------------------------

DEFINED_NAMESPACES: tuple[type[rdflib_namespace.DefinedNamespace], ...] = (
    rdflib_namespace.ORG,
    rdflib_namespace.PROV,
    rdflib_namespace.SKOS,
    rdflib_namespace.DCTERMS,
    rdflib_namespace.VANN,
    rdflib_namespace.OWL,
    rdflib_namespace.RDF,
    rdflib_namespace.RDFS,
    rdflib_namespace.XSD,
    rdflib_namespace.TIME,
)
"""rdflib's closed vocabularies: ``term in NS`` is true only for terms the vocabulary has."""

UNCHECKED_NAMESPACES = {str(NIF), str(ITSRDF)}
"""Reused vocabularies for which rdflib has no DefinedNamespace (checked by hand)."""

OWN_NAMESPACES = (str(BKG), str(BK))


def reused_terms(graph: Graph) -> set[URIRef]:
    """Every IRI in ``graph`` (any position) that is not in the bkg: or bk: namespace."""
    terms: set[URIRef] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and not str(term).startswith(OWN_NAMESPACES):
                terms.add(term)
    return terms


def vocabulary_of(term: URIRef) -> type[rdflib_namespace.DefinedNamespace] | None:
    """The DefinedNamespace whose namespace IRI is a proper prefix of ``term``."""
    for namespace in DEFINED_NAMESPACES:
        if str(term).startswith(str(namespace)) and str(term) != str(namespace):
            return namespace
    return None


def unknown_terms(terms: set[URIRef]) -> list[str]:
    """The terms that claim a closed vocabulary's namespace but are not in it."""
    return sorted(
        str(term)
        for term in terms
        if (vocabulary := vocabulary_of(term)) is not None and term not in vocabulary
    )


def test_defined_namespace_rejects_an_unknown_term() -> None:
    """rdflib's DefinedNamespace is closed: the existence check below can fail."""
    assert URIRef(str(ORG) + "memberSince") not in ORG
    assert URIRef(str(ORG) + "memberOf") in ORG
    with pytest.raises(AttributeError):
        _ = ORG.memberSince
    assert unknown_terms({URIRef(str(SKOS) + "prefLabels")}) == [str(SKOS) + "prefLabels"]


def test_reused_terms_declared_in_ontology_exist_in_their_vocabulary(
    graphs: dict[str, Graph],
) -> None:
    """Every ORG/PROV/SKOS/DCTERMS/VANN/OWL/... term the ontology declares is a real term."""
    ontology = graphs["ontology"]
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    problems = unknown_terms(declared & reused_terms(ontology))
    assert not problems, f"terms not in rdflib's DefinedNamespace: {problems}"


def test_reused_terms_used_anywhere_exist_in_their_vocabulary(graphs: dict[str, Graph]) -> None:
    """No IRI in the ontology or the data uses a closed vocabulary's namespace for a term it
    does not have (a misspelling such as skos:preflabel, or a minted term)."""
    problems = unknown_terms(reused_terms(graphs["ontology+data"]))
    assert not problems, f"terms not in rdflib's DefinedNamespace: {problems}"


def test_every_reused_vocabulary_is_checked_or_listed(graphs: dict[str, Graph]) -> None:
    """Each vocabulary the ontology declares terms of is either checked against a
    DefinedNamespace or listed in UNCHECKED_NAMESPACES, so a new one needs a decision."""
    vocabularies = {
        str(term)[: max(str(term).rfind("#"), str(term).rfind("/")) + 1]
        for term in graphs["ontology"].subjects(RDFS.isDefinedBy, None)
        if isinstance(term, URIRef)
    }
    unaccounted = {
        namespace
        for namespace in vocabularies
        if namespace not in UNCHECKED_NAMESPACES
        and not any(namespace == str(ns) for ns in DEFINED_NAMESPACES)
    }
    assert not unaccounted, f"reused vocabularies neither checked nor listed: {unaccounted}"


# ---------------------------------------------------------------------------------------
# Every RDF file parses the same in rdflib and pyoxigraph
# ---------------------------------------------------------------------------------------

RDF_FILES = [ONTOLOGY_FILE, *DATA_FILES, *EXTERNAL_FILES]
"""The ontology, the concept schemes, the data and the external data."""


def oxigraph_triples(path: Path) -> set[tuple[Node, Node, Node]]:
    """The triples pyoxigraph parses from a Turtle file, as rdflib terms."""

    def convert(term: object) -> Node:
        if isinstance(term, pyoxigraph.NamedNode):
            return URIRef(term.value)
        if isinstance(term, pyoxigraph.BlankNode):
            return BNode(term.value)
        assert isinstance(term, pyoxigraph.Literal), term
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))

    quads = pyoxigraph.parse(
        path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
    )
    return {(convert(q.subject), convert(q.predicate), convert(q.object)) for q in quads}


@pytest.mark.parametrize("path", RDF_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_file_parses_to_the_same_graph_in_rdflib_and_oxigraph(path: Path) -> None:
    """rdflib and pyoxigraph read the file into the same number of triples, and the two
    graphs are isomorphic (same triples up to blank-node names)."""
    from_rdflib = Graph()
    from_rdflib.parse(path, format="turtle", publicID=path.resolve().as_uri())
    triples = oxigraph_triples(path)
    assert len(from_rdflib) > 0
    assert len(from_rdflib) == len(triples), (
        f"{path.name}: rdflib {len(from_rdflib)} triples, pyoxigraph {len(triples)}"
    )
    from_oxigraph = Graph()
    for triple in triples:
        from_oxigraph.add(triple)
    assert isomorphic(from_rdflib, from_oxigraph), f"{path.name}: the two parses differ"


# ---------------------------------------------------------------------------------------
# OWL 2 RL, checked syntactically
# ---------------------------------------------------------------------------------------


def rdf_list(graph: Graph, head: Node) -> list[Node]:
    """The members of the RDF list starting at ``head``."""
    return list(Collection(graph, head))


def is_data_range(graph: Graph, node: Node) -> bool:
    """Whether ``node`` names a datatype (an XSD type, rdfs:Literal or an rdfs:Datatype)."""
    return isinstance(node, URIRef) and (
        str(node).startswith(str(XSD))
        or node == RDFS.Literal
        or (node, RDF.type, RDFS.Datatype) in graph
    )


class RLGrammar:
    """The class-expression productions of OWL 2 RL (OWL 2 Profiles, section 4.2.3).

    Each ``sub``/``sup``/``equiv`` method returns the problems of an expression used as
    a subclass, a superclass or in an equivalence; an empty list means it is allowed.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _value(self, node: Node, predicate: URIRef) -> Node | None:
        return self.graph.value(node, predicate)

    def _named(self, node: Node, where: str) -> list[str] | None:
        if isinstance(node, URIRef):
            return [f"owl:Thing as a {where} class expression"] if node == OWL.Thing else []
        return None

    def sub(self, node: Node) -> list[str]:
        """Problems of ``node`` as a subClassExpression."""
        named = self._named(node, "subclass")
        if named is not None:
            return named
        g = self.graph
        for operator in (OWL.intersectionOf, OWL.unionOf):
            if (members := self._value(node, operator)) is not None:
                return [p for member in rdf_list(g, members) for p in self.sub(member)]
        if self._value(node, OWL.oneOf) is not None or self._value(node, OWL.hasValue):
            return []
        if (filler := self._value(node, OWL.someValuesFrom)) is not None:
            if filler == OWL.Thing or is_data_range(g, filler):
                return []
            return self.sub(filler)
        return [f"{self._describe(node)} is not allowed as a subclass expression"]

    def sup(self, node: Node) -> list[str]:
        """Problems of ``node`` as a superClassExpression."""
        named = self._named(node, "superclass")
        if named is not None:
            return named
        g = self.graph
        if (members := self._value(node, OWL.intersectionOf)) is not None:
            return [p for member in rdf_list(g, members) for p in self.sup(member)]
        if (complement := self._value(node, OWL.complementOf)) is not None:
            return self.sub(complement)
        if self._value(node, OWL.hasValue) is not None:
            return []
        if (filler := self._value(node, OWL.allValuesFrom)) is not None:
            return [] if is_data_range(g, filler) else self.sup(filler)
        for bound in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
            if (value := self._value(node, bound)) is not None:
                if str(value) not in ("0", "1"):
                    return [f"{bound.n3(g.namespace_manager)} {value} (only 0 or 1 allowed)"]
                on_class = self._value(node, OWL.onClass)
                if on_class is None or on_class == OWL.Thing:
                    return []
                return self.sub(on_class)
        return [f"{self._describe(node)} is not allowed as a superclass expression"]

    def equiv(self, node: Node) -> list[str]:
        """Problems of ``node`` as an equivClassExpression."""
        named = self._named(node, "equivalent")
        if named is not None:
            return named
        if (members := self._value(node, OWL.intersectionOf)) is not None:
            return [p for member in rdf_list(self.graph, members) for p in self.equiv(member)]
        if self._value(node, OWL.hasValue) is not None:
            return []
        return [f"{self._describe(node)} is not allowed in an equivalence"]

    def _describe(self, node: Node) -> str:
        g = self.graph
        constructs = sorted(
            p.n3(g.namespace_manager)
            for p in g.predicates(node, None)
            if str(p).startswith(str(OWL)) and p != OWL.onProperty
        )
        return f"a class expression with {', '.join(constructs) or 'no OWL construct'}"


FORBIDDEN_IN_RL = (
    OWL.disjointUnionOf,
    OWL.hasSelf,
    OWL.minCardinality,
    OWL.minQualifiedCardinality,
    OWL.cardinality,
    OWL.qualifiedCardinality,
)
"""OWL vocabulary with no place in OWL 2 RL at all."""


def rl_profile_problems(graph: Graph) -> list[str]:
    """Axioms of ``graph`` outside the OWL 2 RL grammar, one message each.

    Checked: every class expression in a subclass position (subject of rdfs:subClassOf,
    operands of owl:disjointWith and owl:AllDisjointClasses, subject of owl:hasKey), a
    superclass position (object of rdfs:subClassOf, rdfs:domain, rdfs:range of an object
    property, a blank-node type of an individual), or an equivalence (owl:equivalentClass,
    a named class defined by owl:intersectionOf/unionOf/oneOf/complementOf); RL-less
    vocabulary (owl:disjointUnionOf, owl:hasSelf, minimum and exact cardinalities,
    owl:ReflexiveProperty).
    """
    rl = RLGrammar(graph)
    nm = graph.namespace_manager
    problems: list[str] = []

    def add(axiom: str, found: list[str]) -> None:
        problems.extend(f"{axiom}: {problem}" for problem in found)

    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        axiom = f"{sub.n3(nm)} rdfs:subClassOf {sup.n3(nm)}"
        add(axiom, rl.sub(sub))
        add(axiom, rl.sup(sup))
    for a, b in graph.subject_objects(OWL.equivalentClass):
        axiom = f"{a.n3(nm)} owl:equivalentClass {b.n3(nm)}"
        add(axiom, rl.equiv(a))
        add(axiom, rl.equiv(b))
    for a, b in graph.subject_objects(OWL.disjointWith):
        axiom = f"{a.n3(nm)} owl:disjointWith {b.n3(nm)}"
        add(axiom, rl.sub(a))
        add(axiom, rl.sub(b))
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in graph.objects(group, OWL.members):
            for member in rdf_list(graph, head):
                add(f"owl:AllDisjointClasses member {member.n3(nm)}", rl.sub(member))
    for cls in graph.subjects(OWL.hasKey, None):
        add(f"{cls.n3(nm)} owl:hasKey", rl.sub(cls))
    for prop, domain in graph.subject_objects(RDFS.domain):
        add(f"{prop.n3(nm)} rdfs:domain {domain.n3(nm)}", rl.sup(domain))
    for prop, range_ in graph.subject_objects(RDFS.range):
        if (prop, RDF.type, OWL.DatatypeProperty) in graph or is_data_range(graph, range_):
            continue
        add(f"{prop.n3(nm)} rdfs:range {range_.n3(nm)}", rl.sup(range_))
    for individual, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, BNode) and isinstance(individual, URIRef):
            add(f"{individual.n3(nm)} rdf:type {cls.n3(nm)}", rl.sup(cls))
    for operator in (OWL.unionOf, OWL.oneOf, OWL.complementOf):
        for cls in graph.subjects(operator, None):
            if isinstance(cls, URIRef):
                problems.append(
                    f"{cls.n3(nm)} is defined by {operator.n3(nm)}, an equivalence RL lacks"
                )
    for cls, members in graph.subject_objects(OWL.intersectionOf):
        if isinstance(cls, URIRef):
            for member in rdf_list(graph, members):
                add(f"{cls.n3(nm)} owl:intersectionOf", rl.equiv(member))
    for construct in FORBIDDEN_IN_RL:
        for node in graph.subjects(construct, None):
            problems.append(f"{node.n3(nm)} uses {construct.n3(nm)}, which RL lacks")
    for prop in graph.subjects(RDF.type, OWL.ReflexiveProperty):
        problems.append(f"{prop.n3(nm)} is an owl:ReflexiveProperty, which RL lacks")
    return sorted(set(problems))


SIMPLE_ONLY_TYPES = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.IrreflexiveProperty,
    OWL.AsymmetricProperty,
)
"""Property characteristics that OWL 2 DL allows on simple properties only."""


def non_simple_properties(graph: Graph) -> set[Node]:
    """Object properties that are not simple (OWL 2 Structural Specification, 11.2).

    A property is composite if it has an owl:propertyChainAxiom or is transitive; a
    property with a composite sub-property (directly or through owl:inverseOf or
    owl:equivalentProperty) is not simple either.
    """
    non_simple: set[Node] = set(graph.subjects(OWL.propertyChainAxiom, None))
    non_simple |= set(graph.subjects(RDF.type, OWL.TransitiveProperty))
    changed = True
    while changed:
        changed = False
        for prop in list(non_simple):
            related = set(graph.objects(prop, RDFS.subPropertyOf))
            related |= set(graph.objects(prop, OWL.inverseOf))
            related |= set(graph.subjects(OWL.inverseOf, prop))
            related |= set(graph.objects(prop, OWL.equivalentProperty))
            related |= set(graph.subjects(OWL.equivalentProperty, prop))
            for other in related - non_simple:
                non_simple.add(other)
                changed = True
    return non_simple


def simple_property_problems(graph: Graph) -> list[str]:
    """Uses of non-simple properties where OWL 2 DL (hence OWL 2 RL) needs simple ones:
    functional, inverse-functional, irreflexive or asymmetric characteristics, disjoint
    properties, and cardinality or self restrictions."""
    nm = graph.namespace_manager
    non_simple = non_simple_properties(graph)
    problems: list[str] = []
    for characteristic in SIMPLE_ONLY_TYPES:
        for prop in graph.subjects(RDF.type, characteristic):
            if prop in non_simple:
                problems.append(f"{prop.n3(nm)} is not simple but is {characteristic.n3(nm)}")
    for a, b in graph.subject_objects(OWL.propertyDisjointWith):
        for prop in (a, b):
            if prop in non_simple:
                problems.append(
                    f"{a.n3(nm)} owl:propertyDisjointWith {b.n3(nm)}: {prop.n3(nm)} is not simple"
                )
    for group in graph.subjects(RDF.type, OWL.AllDisjointProperties):
        for head in graph.objects(group, OWL.members):
            for prop in rdf_list(graph, head):
                if prop in non_simple:
                    problems.append(f"owl:AllDisjointProperties: {prop.n3(nm)} is not simple")
    restricted = (
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.minCardinality,
        OWL.minQualifiedCardinality,
        OWL.cardinality,
        OWL.qualifiedCardinality,
        OWL.hasSelf,
    )
    for construct in restricted:
        for restriction in graph.subjects(construct, None):
            prop = graph.value(restriction, OWL.onProperty)
            if prop in non_simple:
                problems.append(f"{construct.n3(nm)} on {prop.n3(nm)}, which is not simple")
    return sorted(set(problems))


def test_ontology_class_expressions_are_within_owl2_rl(graphs: dict[str, Graph]) -> None:
    """Every class expression of the ontology sits where the OWL 2 RL grammar allows it."""
    problems = rl_profile_problems(graphs["ontology"])
    assert not problems, "outside OWL 2 RL:\n" + "\n".join(f"  {p}" for p in problems)


def test_ontology_uses_only_simple_properties_where_owl2_requires_them(
    graphs: dict[str, Graph],
) -> None:
    """OWL 2 RL is a profile of OWL 2 DL, so its global restriction applies: properties
    with a chain axiom or transitivity (and their super-properties) must not be disjoint,
    functional, irreflexive, asymmetric or used in cardinality restrictions."""
    problems = simple_property_problems(graphs["ontology"])
    assert not problems, "violates the restriction on simple properties:\n" + "\n".join(
        f"  {p}" for p in problems
    )


RL_MUTATIONS: dict[str, tuple[str, str]] = {
    "existential-superclass": (
        """bkg:State rdfs:subClassOf [ a owl:Restriction ; owl:onProperty bkg:memberOf ;
            owl:someValuesFrom bkg:InternationalOrganisation ] .""",
        "owl:someValuesFrom",
    ),
    "union-superclass-nested-in-intersection": (
        """bkg:Group rdfs:subClassOf [ a owl:Class ; owl:intersectionOf ( bkg:Actor
            [ a owl:Class ; owl:unionOf ( bkg:State bkg:Person ) ] ) ] .""",
        "owl:unionOf",
    ),
    "universal-subclass": (
        """[ a owl:Restriction ; owl:onProperty bkg:memberOf ; owl:allValuesFrom bkg:Alliance ]
            rdfs:subClassOf bkg:State .""",
        "owl:allValuesFrom",
    ),
    "existential-equivalence": (
        """bkg:Member owl:equivalentClass [ a owl:Restriction ; owl:onProperty bkg:memberOf ;
            owl:someValuesFrom bkg:Alliance ] .""",
        "not allowed in an equivalence",
    ),
    "thing-as-range": ("bkg:target rdfs:range owl:Thing .", "owl:Thing"),
    "max-cardinality-two": (
        """bkg:Membership rdfs:subClassOf [ a owl:Restriction ; owl:onProperty org:member ;
            owl:maxCardinality "2"^^xsd:nonNegativeInteger ] .""",
        "only 0 or 1",
    ),
    "disjoint-union": ("bkg:Event owl:disjointUnionOf ( bkg:War bkg:Decision ) .", "RL lacks"),
    "reflexive-property": ("bkg:locatedIn a owl:ReflexiveProperty .", "ReflexiveProperty"),
    "named-union-class": (
        "bkg:Belligerent owl:unionOf ( bkg:State bkg:Group ) .",
        "an equivalence RL lacks",
    ),
}


@pytest.mark.parametrize(("turtle", "expect"), RL_MUTATIONS.values(), ids=RL_MUTATIONS.keys())
def test_rl_grammar_check_reports_constructs_outside_rl(
    turtle: str, expect: str, graphs: dict[str, Graph]
) -> None:
    """The RL grammar check is not vacuous: each construct outside RL is reported."""
    before = set(rl_profile_problems(graphs["ontology"]))
    mutated = copy_graph(graphs["ontology"])
    mutated.parse(data=PREFIXES + turtle, format="turtle")
    new = [p for p in rl_profile_problems(mutated) if p not in before]
    assert any(expect in p for p in new), f"expected a problem with {expect!r}, got {new}"


SIMPLE_MUTATIONS: dict[str, tuple[str, str]] = {
    "functional-chain-property": ("bkg:inRegion a owl:FunctionalProperty .", "bkg:inRegion"),
    "functional-super-of-chain": ("bkg:locatedIn a owl:FunctionalProperty .", "bkg:locatedIn"),
    "cardinality-on-transitive": (
        """bkg:Fact rdfs:subClassOf [ a owl:Restriction ; owl:onProperty bkg:hasUnderlyingCause ;
            owl:maxCardinality "1"^^xsd:nonNegativeInteger ] .""",
        "bkg:hasUnderlyingCause",
    ),
    "disjoint-with-transitive": (
        "bkg:hasCause owl:propertyDisjointWith bkg:hasUnderlyingCause .",
        "bkg:hasUnderlyingCause",
    ),
}


@pytest.mark.parametrize(
    ("turtle", "expect"), SIMPLE_MUTATIONS.values(), ids=SIMPLE_MUTATIONS.keys()
)
def test_simple_property_check_reports_composite_properties(
    turtle: str, expect: str, graphs: dict[str, Graph]
) -> None:
    """The simple-property check is not vacuous: composite properties are caught."""
    before = set(simple_property_problems(graphs["ontology"]))
    mutated = copy_graph(graphs["ontology"])
    mutated.parse(data=PREFIXES + turtle, format="turtle")
    new = [p for p in simple_property_problems(mutated) if p not in before]
    assert any(expect in p for p in new), f"expected a problem naming {expect}, got {new}"
