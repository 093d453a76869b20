"""pyoxigraph 0.5 reads RDF 1.2 even when strict; rdflib 7 cannot represent it.

Found with pyoxigraph 0.5.13 and rdflib 7.6.0. ``pyoxigraph.parse(..., lenient=False)``
accepts RDF 1.2 Turtle and N-Triples (triple terms ``<<( )>>``, reified triples
``<< >>``, reifiers ``~``, annotations ``{| |}``, directional language tags
``@ar--rtl``) and has no switch to read RDF 1.1 only. rdflib, and so pySHACL and owlrl,
has no term for a triple term and refuses a language tag with a direction.

Workaround: the gate looks at every object it is given and refuses the file at the first
RDF 1.2 construct, with its line and column (``balkan_kg.rdfio.gate._refuse_rdf12``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from balkan_kg.errors import InputError
from balkan_kg.rdfio.gate import read_rdf

TRIPLE_TERM = b"<a:s> <a:p> <<( <a:s> <a:p> <a:o> )>> .\n"
DIRECTION = b'<a:s> <a:p> "x"@ar--rtl .\n'


@pytest.mark.parametrize("document", [TRIPLE_TERM, DIRECTION])
def test_upstream_reads_rdf12_when_strict(document: bytes) -> None:
    (quad,) = pyoxigraph.parse(document, pyoxigraph.RdfFormat.N_TRIPLES, lenient=False)
    if document is TRIPLE_TERM:
        assert isinstance(quad.object, pyoxigraph.Triple)
    else:
        assert quad.object.direction == pyoxigraph.BaseDirection.RTL


def test_rdflib_cannot_represent_a_direction() -> None:
    with pytest.raises(ValueError, match="is not a valid language tag"):
        rdflib.Literal("x", lang="ar--rtl")


@pytest.mark.parametrize("document", [TRIPLE_TERM, DIRECTION])
def test_the_gate_refuses_rdf12(tmp_path: Path, document: bytes) -> None:
    path = tmp_path / "rdf12.nt"
    path.write_bytes(document)
    with pytest.raises(InputError) as refused:
        read_rdf(path)
    assert (refused.value.line, refused.value.column) == (1, 13 if document is TRIPLE_TERM else 16)
    assert refused.value.message.startswith("RDF 1.2 ")
