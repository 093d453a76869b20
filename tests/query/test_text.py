"""The query form and the prefixes of a query text (:mod:`balkan_kg.querytext`)."""

from __future__ import annotations

import pytest

from balkan_kg.errors import QueryError
from balkan_kg.query.text import declared_prefixes, query_form, with_project_prefixes


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("# comment\nPREFIX bk: <https://x/>\nBASE <http://b/>\nselect * {}", "SELECT"),
        ("prefix bk: <x>ASK {}", "ASK"),
        ("Base <x> # a comment\n  CONSTRUCT {} WHERE {}", "CONSTRUCT"),
        ("PREFIX : <x> DESCRIBE <y>", "DESCRIBE"),
    ],
)
def test_query_form_skips_comments_and_the_prologue_ignoring_case(text: str, form: str) -> None:
    assert query_form(text) == form


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PREFIX bk: <x>\ninsert data {}", "SPARQL updates are not allowed (found INSERT)"),
        ("# only a comment\n", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'end of text'"),
        ("PREFIX bk <x> SELECT", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'PREFIX bk"),
    ],
)
def test_updates_and_junk_are_refused(text: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        query_form(text)
    assert str(caught.value).startswith(message)


def test_declared_prefixes_include_the_empty_prefix() -> None:
    text = "PREFIX bk: <x>\nprefix : <y>\nPREFIX\tex.a-b: <z>\nSELECT ?xPREFIX { ?s ?p ?o }"
    assert declared_prefixes(text) == {"bk", "", "ex.a-b"}


def test_project_prefixes_are_added_unless_declared() -> None:
    text = "PREFIX bk: <http://other/>\nSELECT * { ?s bkg:x bk:y }"
    full = with_project_prefixes(text)
    assert full.endswith(text) and "\n" not in full[: -len(text)]
    assert "PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>" in full
    assert "PREFIX bk: <https://w3id.org/balkan-kg/id/>" not in full
