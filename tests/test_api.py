"""The Python API's default: rdflib for the graph and ad-hoc SPARQL, Oxigraph for canned queries.

``balkan_kg.load()`` with no engine chosen answers :meth:`KnowledgeGraph.query` from an
embedded Oxigraph store of the same build files. That is only acceptable because the
rows are the same terms as rdflib's (same IRIs, same lexical forms, same datatypes and
language tags), which these tests require for every example of every canned query.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Literal
from rdflib.term import Node

import balkan_kg
from balkan_kg.api import KnowledgeGraph
from balkan_kg.catalog import list_queries
from balkan_kg.engine import (
    ENDPOINT_ENV,
    ENGINE_ENV,
    GRAPH_ENV,
    OxigraphEngine,
    RdflibEngine,
    run,
)
from balkan_kg.querytext import with_project_prefixes
from balkan_kg.results import QueryResult

# rdflib compares xsd:gYear values and Oxigraph does not: tells the engines apart.
GYEAR_PROBE = 'SELECT ?earlier WHERE { BIND("2009"^^xsd:gYear < "2017"^^xsd:gYear AS ?earlier) }'
EXAMPLES = [(query.name, example) for query in list_queries() for example in query.examples or [{}]]


def exact(term: Node | None) -> tuple[object, ...]:
    """A term with everything that tells two terms apart: kind, text, datatype, language."""
    if isinstance(term, Literal):
        return ("literal", str(term), term.datatype, term.language)
    return (type(term).__name__, None if term is None else str(term))


def rows(result: QueryResult) -> tuple[list[str], Counter[tuple[object, ...]]]:
    """The variables and the multiset of rows, every term compared exactly."""
    return result.variables, Counter(
        tuple(exact(row.get(name)) for name in result.variables) for row in result.rows
    )


@pytest.fixture
def no_engine_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="module")
def default_kg() -> KnowledgeGraph:
    with pytest.MonkeyPatch.context() as patch:
        for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
            patch.delenv(key, raising=False)
        return balkan_kg.load()


@pytest.fixture(scope="module")
def rdflib_kg() -> KnowledgeGraph:
    return balkan_kg.load(engine="rdflib")


def test_default_load_answers_canned_queries_with_oxigraph(default_kg: KnowledgeGraph) -> None:
    assert isinstance(default_kg.canned_engine, OxigraphEngine)
    assert default_kg.canned_engine is not default_kg.engine


def test_default_load_keeps_rdflib_for_the_graph_and_ad_hoc_sparql(
    default_kg: KnowledgeGraph,
) -> None:
    assert isinstance(default_kg.engine, RdflibEngine)
    assert default_kg.engine.graph is default_kg.graph
    assert default_kg.sparql(GYEAR_PROBE).column("earlier") == [None]  # rdflib's answer


def test_explicit_rdflib_engine_answers_canned_queries_with_rdflib(
    rdflib_kg: KnowledgeGraph,
) -> None:
    assert rdflib_kg.canned_engine is rdflib_kg.engine
    assert isinstance(rdflib_kg.engine, RdflibEngine)


def test_engine_named_in_the_environment_answers_canned_queries(
    monkeypatch: pytest.MonkeyPatch, no_engine_in_environment: None
) -> None:
    monkeypatch.setenv(ENGINE_ENV, "rdflib")
    kg = balkan_kg.load()
    assert kg.canned_engine is kg.engine


def test_canned_engine_of_the_default_load_holds_the_same_triples(
    default_kg: KnowledgeGraph,
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run(default_kg.canned_engine, with_project_prefixes(count)).column("n") == [
        len(default_kg.graph)
    ]


@pytest.mark.parametrize(
    ("name", "params"), EXAMPLES, ids=[f"{n}#{i}" for i, (n, _) in enumerate(EXAMPLES)]
)
def test_default_canned_answer_is_rdflib_answer_term_for_term(
    default_kg: KnowledgeGraph, rdflib_kg: KnowledgeGraph, name: str, params: dict[str, str]
) -> None:
    assert rows(default_kg.query(name, **params)) == rows(rdflib_kg.query(name, **params))


def test_provenance_through_the_default_load_quotes_the_text(default_kg: KnowledgeGraph) -> None:
    # The text names him once: "former NATO SG Stoltenberg".
    quotes = {row.quote for row in default_kg.provenance("bk:Stoltenberg")}
    assert "Stoltenberg" in quotes
