"""rdflib reads ``\\uXXXX`` after a backslash as a character, Oxigraph as text (worked
around: ``balkan_kg.query.params.string_text`` writes a ``u`` or ``U`` that follows a
backslash of the value as the escape ``\\U00000075`` or ``\\U00000055``).

Upstream: SPARQL 1.1 (section 19.2) has codepoint escapes processed "before parsing";
rdflib does so on the whole query text (``expandUnicodeEscapes``), also when the
backslash is itself escaped, so the string ``"\\\\u005C"`` (a backslash, then ``u005C``)
is read as one backslash and ``"x\\\\u0041"`` fails to parse; Oxigraph reads escapes
only inside tokens and keeps both as written. No spelling of such a value with a plain
``\\u`` is read the same by both, so a bound value holding a backslash-u was bound as
another value or broke the query on rdflib (issue 12). If this test starts to fail,
the two engines agree and the workaround can go.
"""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException

BACKSLASH_U = r'SELECT ?v WHERE { VALUES ?v { "\\u005C" } }'
"""The string literal of the six characters ``\\u005C``, as SPARQL escapes a backslash."""


def test_rdflib_reads_an_escaped_backslash_u_as_the_character() -> None:
    (row,) = rdflib.Graph().query(BACKSLASH_U)
    assert str(row[0]) == "\\"


def test_rdflib_cannot_parse_an_escaped_backslash_before_u0041() -> None:
    try:
        rdflib.Graph().query(r'SELECT ?v WHERE { VALUES ?v { "x\\u0041" } }')
    except ParseException:
        return
    raise AssertionError("rdflib parsed it")


def test_oxigraph_keeps_the_text() -> None:
    (row,) = ox.Store().query(BACKSLASH_U)
    assert row[0] == ox.Literal("\\u005C")


def test_the_workaround_is_read_alike() -> None:
    text = r'SELECT ?v WHERE { VALUES ?v { "\\\U00000075005C" } }'
    assert str(next(iter(rdflib.Graph().query(text)))[0]) == "\\u005C"
    assert next(iter(ox.Store().query(text)))[0] == ox.Literal("\\u005C")
