"""rdflib's SPARQL parser turns a raw tab inside a string literal into spaces (worked
around: ``balkan_kg.query.params.string_text`` writes a tab as ``\\t``).

Upstream: rdflib parses queries with pyparsing, whose ``parse_string`` expands tabs in
the whole input unless ``parse_with_tabs()`` was called on the grammar; SPARQL allows a
raw tab in a string literal, which must keep it (Oxigraph does). A bound value with a
tab was bound as another string on rdflib (issue 12). If this test starts to fail,
rdflib keeps tabs now and the escape is merely tidy.
"""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

QUERY = 'SELECT ?v WHERE { VALUES ?v { "a\tb" } }'


def test_rdflib_reads_a_raw_tab_as_spaces() -> None:
    (row,) = rdflib.Graph().query(QUERY)
    assert str(row[0]) != "a\tb"
    assert str(row[0]).startswith("a ") and str(row[0]).endswith(" b")


def test_oxigraph_keeps_it() -> None:
    (row,) = ox.Store().query(QUERY)
    assert row[0] == ox.Literal("a\tb")


def test_the_escape_is_read_as_a_tab_by_both() -> None:
    escaped = 'SELECT ?v WHERE { VALUES ?v { "a\\tb" } }'
    assert str(next(iter(rdflib.Graph().query(escaped)))[0]) == "a\tb"
    assert next(iter(ox.Store().query(escaped)))[0] == ox.Literal("a\tb")
