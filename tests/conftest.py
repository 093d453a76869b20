"""Shared fixtures: a tiny stand-alone project tree built in a temporary directory.

The mini project has the same layout as the real one (ontology/, data/, queries/), so
tests can exercise the whole pipeline without depending on the curated files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from balkan_kg.layout import Layout

# Session-scoped SPARQL servers (Oxigraph, Virtuoso) and a scripted HTTP server.
pytest_plugins = ("servers",)

PREFIXES = """\
@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .
@prefix bk: <https://w3id.org/balkan-kg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

ONTOLOGY = (
    PREFIXES
    + """
<https://w3id.org/balkan-kg/ontology> a owl:Ontology .
bkg:Actor a owl:Class .
bkg:State a owl:Class ; rdfs:subClassOf bkg:Actor .
bkg:Organisation a owl:Class ; rdfs:subClassOf bkg:Actor ; owl:disjointWith bkg:State .
bkg:memberOf a owl:ObjectProperty ; rdfs:domain bkg:State ; rdfs:range bkg:Organisation ;
    owl:inverseOf bkg:hasMember .
bkg:hasMember a owl:ObjectProperty .
bkg:since a owl:DatatypeProperty .
"""
)

SHAPES = (
    PREFIXES
    + """
bkg:ActorShape a sh:NodeShape ;
    sh:targetClass bkg:Actor ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ;
                  sh:message "every actor needs a label" ] .
"""
)

DATA = (
    PREFIXES
    + """
bk:Albania a bkg:State ; rdfs:label "Albania"@en ; bkg:memberOf bk:NATO .
bk:NATO a bkg:Organisation ; rdfs:label "NATO"@en .
bk:fact-1 prov:wasDerivedFrom bk:s1 ; rdfs:comment "Albania joined NATO" ;
    bkg:about bk:Albania ; bkg:quote "Albania (2009)" ; bkg:begin 10 ; bkg:end 24 .
bk:s1 nif:isString "Three countries joined: Albania (2009)." .
"""
)

EXTERNAL = (
    PREFIXES
    + """
bk:Montenegro a bkg:State ; rdfs:label "Montenegro"@en ; bkg:memberOf bk:NATO .
"""
)

CHECK_NO_SELF_MEMBER = """\
PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>
SELECT ?x WHERE { ?x bkg:memberOf ?x }
"""

QUERY_MEMBERS = """\
# title: Members of an organisation
# description: Every state that is a member of the organisation,
#   with its label.
# param: org iri required -- The organisation, e.g. bk:NATO.
# example: org=bk:NATO
PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?state ?label WHERE {
  #PARAMS
  ?state bkg:memberOf ?org ; rdfs:label ?label .
} ORDER BY ?label
"""

QUERY_PROVENANCE = """\
# title: Provenance of a term
# description: The facts about a term with the sentence and quoted span.
# param: term iri required -- The term, e.g. bk:Albania.
PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?fact ?sentence ?sentenceText ?quote ?begin ?end WHERE {
  #PARAMS
  ?fact bkg:about ?term ; prov:wasDerivedFrom ?sentence .
  ?sentence nif:isString ?sentenceText .
  OPTIONAL { ?fact bkg:quote ?quote ; bkg:begin ?begin ; bkg:end ?end }
}
"""


def write_project(root: Path) -> Layout:
    """Write the mini project under ``root`` and return its layout."""
    files = {
        "ontology/balkan-kg.ttl": ONTOLOGY,
        "ontology/shapes.ttl": SHAPES,
        "ontology/checks/no-self-membership.rq": CHECK_NO_SELF_MEMBER,
        "data/facts.ttl": DATA,
        "data/external/wikidata.ttl": EXTERNAL,
        "data/source/report-excerpt.txt": "Three countries joined: Albania (2009).\n",
        "queries/members.rq": QUERY_MEMBERS,
        "queries/provenance.rq": QUERY_PROVENANCE,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Layout(root)


@pytest.fixture
def mini(tmp_path: Path) -> Layout:
    """A fresh mini project in ``tmp_path / "project"``."""
    return write_project(tmp_path / "project")


@pytest.fixture
def real_layout() -> Layout:
    """The curated project files; skips the test until they exist in the checkout."""
    from balkan_kg.layout import checkout_root

    root = checkout_root()
    if root is None:
        pytest.skip("the project ontology (ontology/balkan-kg.ttl) does not exist yet")
    return Layout(root)
