"""pySHACL takes ``"2009x"^^xsd:gYear`` for an ``xsd:gYear`` (worked around: the project's
rdflib graphs are made by ``balkan_kg.rdfio.bridge.new_graph``, which binds a gYear
parser to rdflib through ``order_gyears``, so the literal is marked ill-typed).

Upstream: SHACL's ``sh:datatype`` rejects an ill-typed literal
(https://www.w3.org/TR/shacl/#DatatypeConstraintComponent). pySHACL decides it with
rdflib's ``Literal.ill_typed`` (https://github.com/RDFLib/pySHACL/pull/122), which is
``None`` for a datatype rdflib has no parser for, and then "assumes pass"
(``pyshacl/constraints/core/value_constraints.py``, ``_assert_actual_datatype``). rdflib
no longer parses ``xsd:gYear`` (https://github.com/RDFLib/rdflib/issues/3078), so every
gYear passes. With ``build --validator pyshacl`` the project published
``"2009x"^^xsd:gYear`` (issue 12); pyshacl-turbo rejected it. If the first test starts
to fail, pySHACL or rdflib has fixed it and the workaround is no longer needed for it.
"""

from __future__ import annotations

import subprocess
import sys

DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:membership ex:startYear "2009x"^^xsd:gYear .
"""
SHAPES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Shape a sh:NodeShape ; sh:targetSubjectsOf ex:startYear ;
    sh:property [ sh:path ex:startYear ; sh:datatype xsd:gYear ] .
"""
PROGRAM = """
import logging, sys, rdflib, pyshacl
logging.disable(logging.WARNING)  # rdflib logs the failed conversion with a traceback
if sys.argv[1] == "repaired":
    from balkan_kg.rdfio.bridge import order_gyears
    order_gyears()
data = rdflib.Graph().parse(data=sys.argv[2], format="turtle")
shapes = rdflib.Graph().parse(data=sys.argv[3], format="turtle")
conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes)
print(conforms)
"""


def conforms(mode: str) -> str:
    """pySHACL's verdict, in a fresh process (the repair changes rdflib globally)."""
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode, DATA, SHAPES],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_plain_pyshacl_accepts_an_ill_typed_gyear() -> None:
    assert conforms("plain") == "True"


def test_with_the_repair_pyshacl_rejects_it() -> None:
    assert conforms("repaired") == "False"
