"""rdflib's SPARQL keeps an ill-typed number in ``FILTER(?n > 1)``.

Upstream: SPARQL 1.1 (section 17.3) makes an operator on an ill-typed literal a type
error, so the row is dropped. rdflib compares ``"0"^^xsd:positiveInteger`` and
``"-5"^^xsd:nonNegativeInteger`` as greater than 1 and keeps them (rdflib 7.6). The
project needs no workaround: ``sh:datatype`` rejects such literals in both validators
before any SHACL-SPARQL constraint matters; only the extra results of those constraints
differ between pyshacl and pyshacl-turbo (``tests/kg/test_validator_parity.py``). If
this test starts to fail, rdflib has fixed it.
"""

from __future__ import annotations

import rdflib

DATA = """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:zero> <urn:n> "0"^^xsd:positiveInteger .
<urn:minus> <urn:n> "-5"^^xsd:nonNegativeInteger .
<urn:three> <urn:n> "3"^^xsd:positiveInteger .
"""


def test_rdflib_keeps_ill_typed_numbers_as_greater_than_one() -> None:
    graph = rdflib.Graph().parse(data=DATA, format="turtle")
    kept = {str(row[0]) for row in graph.query("SELECT ?s { ?s <urn:n> ?n FILTER(?n > 1) }")}
    assert kept == {"urn:zero", "urn:minus", "urn:three"}  # SPARQL: only urn:three
