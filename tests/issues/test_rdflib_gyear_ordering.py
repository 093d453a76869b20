"""rdflib's SPARQL does not order ``xsd:gYear`` values (worked around in
``balkan_kg.rdfio.bridge.order_gyears``).

Upstream: rdflib keeps comparisons other than ``=``/``!=`` to the datatypes of
``rdflib.plugins.sparql.datatypes.XSD_DTs``; gYear is not one of them, so
``FILTER(?y > "2010"^^xsd:gYear)`` is an error that drops every row. rdflib fixed the
same for ``xsd:date`` (https://github.com/RDFLib/rdflib/issues/532, PR #533). If this
test's first half starts to fail, rdflib has fixed it and the workaround can go.
"""

from __future__ import annotations

import subprocess
import sys

DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:albania ex:joined "2009"^^xsd:gYear .
ex:montenegro ex:joined "2017"^^xsd:gYear .
ex:northMacedonia ex:joined "2020"^^xsd:gYear .
"""
QUERY = """
PREFIX ex: <http://example.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?state WHERE { ?state ex:joined ?year FILTER(?year > "2010"^^xsd:gYear) } ORDER BY ?state
"""
PROGRAM = """
import sys, rdflib
if sys.argv[1] == "repaired":
    from balkan_kg.rdfio.bridge import order_gyears
    order_gyears()
graph = rdflib.Graph().parse(data=sys.argv[2], format="turtle")
print(sorted(str(row.state) for row in graph.query(sys.argv[3])))
"""


def states(mode: str) -> str:
    """The states the query keeps, in a fresh process (the repair changes rdflib globally)."""
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode, DATA, QUERY],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_plain_rdflib_keeps_no_row() -> None:
    assert states("plain") == "[]"


def test_with_the_repair_rdflib_keeps_the_later_years() -> None:
    assert states("repaired") == (
        "['http://example.org/montenegro', 'http://example.org/northMacedonia']"
    )
