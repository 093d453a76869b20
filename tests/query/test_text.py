"""What is read from a query's text before an engine parses it (:mod:`balkan_kg.query.text`):
the query form, refused updates, and the prologue written for remote stores."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from balkan_kg.errors import QueryError, QueryRefusedError
from balkan_kg.namespaces import BK, BKG, PREFIXES
from balkan_kg.query.text import FORMS, declared_prefixes, prologue, query_form


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("# comment\nPREFIX bk: <https://x/>\nBASE <http://b/>\nselect * {}", "SELECT"),
        ("prefix bk: <x>ASK {}", "ASK"),
        ("Base <x> # a comment\n  CONSTRUCT {} WHERE {}", "CONSTRUCT"),
        ("PREFIX : <x> DESCRIBE <y>", "DESCRIBE"),
        (
            "BASE<x>PREFIX a.b-c:<y>\n\n# two\n# comments\nDescribe ?s WHERE { ?s ?p ?o }",
            "DESCRIBE",
        ),
        ("SELECT*{}", "SELECT"),
        ("  \t\n  ask{}", "ASK"),
        ("# title: the header of a canned query\n#PARAMS\nSELECT * {}", "SELECT"),
    ],
)
def test_query_form_skips_comments_and_the_prologue_ignoring_case(text: str, form: str) -> None:
    assert query_form(text) == form


def test_the_forms_are_the_four_of_sparql_1_1() -> None:
    assert FORMS == ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX bk: <x>\ninsert data { <a> <b> <c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "clear all",
        "CREATE GRAPH <http://g>",
        "DROP ALL",
        "COPY DEFAULT TO <http://g>",
        "MOVE DEFAULT TO <http://g>",
        "ADD DEFAULT TO <http://g>",
        "# a comment\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_with_their_own_error(text: str) -> None:
    with pytest.raises(QueryRefusedError) as caught:
        query_form(text)
    word = text.split("\n")[-1].split()[0].upper()
    assert str(caught.value) == f"SPARQL updates are not allowed (found {word}): read-only"
    assert caught.value.http_status == 403  # forbidden, unlike a malformed query


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# only a comment\n", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'end of text'"),
        ("", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'end of text'"),
        (
            "PREFIX bk <x> SELECT",
            "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'PREFIX bk <x> SELECT'",
        ),
        ("SELECTED * {}", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'SELECTED * {}'"),
        (
            "{ ?s ?p ?o }\nSELECT",
            "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found '{ ?s ?p ?o }'",
        ),
        ("INSERTED", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'INSERTED'"),
    ],
)
def test_junk_is_a_query_error_but_not_a_refusal(text: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        query_form(text)
    assert not isinstance(caught.value, QueryRefusedError)
    assert str(caught.value) == message


def test_declared_prefixes_include_the_empty_prefix() -> None:
    text = "PREFIX bk: <x>\nprefix : <y>\nPREFIX\tex.a-b: <z>\nSELECT ?xPREFIX { ?s ?p ?o }"
    assert declared_prefixes(text) == {"bk", "", "ex.a-b"}


def test_prefixes_named_in_comments_or_strings_are_not_declared() -> None:
    # SPARQL declares prefixes only in the prologue; these merely mention one.
    text = '# no need for PREFIX bk: here\nSELECT * { ?s ?p "PREFIX bkg: <x>" } # PREFIX org: <y>\n'
    assert declared_prefixes(text) == set()


def test_the_prologue_declares_the_prefixes_the_text_does_not() -> None:
    text = "PREFIX bk: <http://other/>\nSELECT * { ?s bkg:x bk:y }"
    lines = prologue(PREFIXES, text).splitlines(keepends=True)
    assert lines == [
        f"PREFIX {prefix}: <{namespace}>\n"
        for prefix, namespace in PREFIXES.items()
        if prefix != "bk"
    ]


def test_the_prologue_is_empty_when_the_text_declares_everything() -> None:
    text = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items()) + "ASK {}"
    assert prologue(PREFIXES, text) == ""
    assert prologue({}, "ASK {}") == ""


def test_the_prologue_declares_the_empty_prefix_too() -> None:
    assert prologue({"": "http://e/"}, "ASK { :a ?p ?o }") == "PREFIX : <http://e/>\n"
    assert prologue({"": "http://e/"}, "PREFIX : <http://f/> ASK { :a ?p ?o }") == ""


def test_with_its_prologue_a_text_means_what_its_author_wrote() -> None:
    # The text's own declaration wins; a project prefix it only uses is declared for it.
    text = (
        "PREFIX bk: <http://other/>\n"
        "SELECT ?own ?project WHERE { BIND(bk:y AS ?own) BIND(bkg:x AS ?project) }"
    )
    full = prologue(PREFIXES, text) + text
    by_oxigraph = [(s["own"].value, s["project"].value) for s in ox.Store().query(full)]
    by_rdflib = [(str(r["own"]), str(r["project"])) for r in rdflib.Graph().query(full)]
    assert by_oxigraph == by_rdflib == [("http://other/y", BKG + "x")]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?x WHERE { BIND(bk:NATO AS ?x) }",
        "# This needs no PREFIX bk: line.\nSELECT ?x WHERE { BIND(bk:NATO AS ?x) }",
    ],
)
def test_a_project_prefix_used_without_declaration_becomes_the_project_namespace(
    text: str,
) -> None:
    full = prologue(PREFIXES, text) + text
    assert [s["x"] for s in ox.Store().query(full)] == [ox.NamedNode(BK + "NATO")]
    assert [r["x"] for r in rdflib.Graph().query(full)] == [rdflib.URIRef(BK + "NATO")]
