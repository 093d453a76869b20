"""The one prefix map and IRIs shortened with it (``balkan_kg.namespaces``).

The namespace IRIs are the ones their specifications publish (W3C RDF, RDFS, OWL 2,
XML Schema, SHACL, PROV-O, ORG, SKOS, DCMI Terms, OWL-Time, VANN, VoID, DCAT, the Web
Annotation vocabulary, SPARQL 1.1 Service Description, ITS 2.0, NIF 2.0, schema.org,
Wikidata), written out here by hand rather than read back from the module.
"""

from __future__ import annotations

import pytest

from balkan_kg import namespaces
from balkan_kg.namespaces import PREFIXES, shorten, used_prefixes

PUBLISHED = {
    "bkg": "https://w3id.org/balkan-kg/ontology#",
    "bk": "https://w3id.org/balkan-kg/id/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


def test_prefixes_are_the_published_namespaces() -> None:
    assert dict(PREFIXES) == PUBLISHED


def test_prefixes_include_itsrdf_for_the_span_links() -> None:
    assert PREFIXES["itsrdf"] == "http://www.w3.org/2005/11/its/rdf#"


def test_the_constants_are_the_map_s_namespaces() -> None:
    for prefix, namespace in PREFIXES.items():
        assert getattr(namespaces, prefix.upper()) == namespace, prefix


def test_the_prefix_map_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        PREFIXES["ex"] = "http://example.org/"  # type: ignore[index]
    assert "ex" not in PREFIXES


def test_no_two_prefixes_share_a_namespace() -> None:
    assert len(set(PREFIXES.values())) == len(PREFIXES)


@pytest.mark.parametrize(
    ("iri", "short"),
    [
        ("https://w3id.org/balkan-kg/id/NATO", "bk:NATO"),
        ("https://w3id.org/balkan-kg/ontology#memberOf", "bkg:memberOf"),
        ("https://w3id.org/balkan-kg/id/membership-albania-nato", "bk:membership-albania-nato"),
        ("http://www.w3.org/2005/11/its/rdf#taIdentRef", "itsrdf:taIdentRef"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "rdf:type"),
        ("http://www.wikidata.org/entity/Q7184", "wd:Q7184"),
        ("https://schema.org/name", "schema:name"),
        # Not covered by a prefix: in angle brackets.
        ("https://example.org/x", "<https://example.org/x>"),
        ("http://schema.org/name", "<http://schema.org/name>"),
        # The namespace itself has no local part.
        ("https://w3id.org/balkan-kg/id/", "<https://w3id.org/balkan-kg/id/>"),
        # Local parts that would make the prefixed name ambiguous.
        (
            "https://w3id.org/balkan-kg/id/report-excerpt#char=0,75",
            "<https://w3id.org/balkan-kg/id/report-excerpt#char=0,75>",
        ),
        ("https://w3id.org/balkan-kg/id/a/b", "<https://w3id.org/balkan-kg/id/a/b>"),
        ("https://w3id.org/balkan-kg/id/a?b", "<https://w3id.org/balkan-kg/id/a?b>"),
        ("https://w3id.org/balkan-kg/id/a:b", "<https://w3id.org/balkan-kg/id/a:b>"),
        ("https://w3id.org/balkan-kg/id/a b", "<https://w3id.org/balkan-kg/id/a b>"),
        ("https://w3id.org/balkan-kg/id/f(x)", "<https://w3id.org/balkan-kg/id/f(x)>"),
    ],
)
def test_shorten(iri: str, short: str) -> None:
    assert shorten(iri) == short


def test_the_longest_namespace_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        namespaces, "PREFIXES", {"ex": "http://example.org/", "exv": "http://example.org/v/"}
    )
    assert shorten("http://example.org/v/p") == "exv:p"
    assert shorten("http://example.org/p") == "ex:p"
    assert used_prefixes(["http://example.org/v/p"]) == {"exv": "http://example.org/v/"}


def test_used_prefixes_lists_the_prefixes_of_the_iris_in_the_map_s_order() -> None:
    iris = [
        "http://www.w3.org/2000/01/rdf-schema#label",
        "https://w3id.org/balkan-kg/id/NATO",
        "http://example.org/not-covered",
        "https://w3id.org/balkan-kg/id/EU",
        "http://www.w3.org/2005/11/its/rdf#taIdentRef",
    ]
    used = used_prefixes(iris)
    assert used == {
        "bk": "https://w3id.org/balkan-kg/id/",
        "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    }
    assert list(used) == ["bk", "itsrdf", "rdfs"]  # the order of PREFIXES, not of the IRIs
    assert used_prefixes(reversed(iris)) == used
    assert used_prefixes([]) == {}
    assert used_prefixes(iter(["http://example.org/x"])) == {}
