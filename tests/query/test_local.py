"""The rdflib engine keeps the queries it has parsed, without changing their answers."""

from __future__ import annotations

import pytest
import rdflib.plugins.sparql
from rdflib import Graph, Literal, Namespace

from balkan_kg import engine as engine_module
from balkan_kg.engine import RdflibEngine, run
from balkan_kg.errors import QueryError

EX = Namespace("http://example.org/")


def _graph() -> Graph:
    graph = Graph()
    graph.bind("ex", EX)
    graph.add((EX.Serbia, EX.memberOf, EX.PfP))
    graph.add((EX.Serbia, EX.label, Literal("Serbia")))
    graph.add((EX.Kosovo, EX.label, Literal("Kosovo")))
    return graph


@pytest.fixture
def prepared_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts rdflib is asked to parse, in order."""
    texts: list[str] = []
    original = rdflib.plugins.sparql.prepareQuery

    def counting(text: str, *args: object, **kwargs: object) -> object:
        texts.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(rdflib.plugins.sparql, "prepareQuery", counting)
    return texts


def test_a_query_run_again_is_not_parsed_again_and_answers_the_same(
    prepared_count: list[str],
) -> None:
    engine = RdflibEngine(_graph())
    text = "SELECT ?s ?name WHERE { ?s ex:label ?name } ORDER BY ?name"

    first = run(engine, text)
    second = run(engine, text)

    assert prepared_count == [text]
    assert first.raw_rows == second.raw_rows
    assert [str(row["name"]) for row in second.raw_rows] == ["Kosovo", "Serbia"]


def test_each_query_form_is_answered_from_a_prepared_query(prepared_count: list[str]) -> None:
    engine = RdflibEngine(_graph())
    ask = "ASK { ex:Serbia ex:memberOf ex:PfP }"
    construct = "CONSTRUCT { ?s ex:in ?o } WHERE { ?s ex:memberOf ?o }"

    for _ in range(2):
        assert engine.ask(ask) is True
        assert set(engine.construct(construct)) == {(EX.Serbia, EX["in"], EX.PfP)}

    assert prepared_count == [ask, construct]


def test_a_query_that_fails_to_parse_fails_each_time(prepared_count: list[str]) -> None:
    engine = RdflibEngine(_graph())
    for _ in range(2):
        with pytest.raises(QueryError, match="query failed"):
            run(engine, "SELECT ?s WHERE { ?s ex:label }")
    assert len(prepared_count) == 2


def test_the_graphs_prefixes_apply_as_with_graph_query() -> None:
    graph = _graph()
    engine = RdflibEngine(graph)
    text = "SELECT ?o WHERE { ex:Serbia ex:memberOf ?o }"

    assert [row["o"] for row in run(engine, text).raw_rows] == [EX.PfP]
    assert [row[0] for row in graph.query(text)] == [EX.PfP]


def test_the_oldest_prepared_query_goes_first_past_the_limit(
    prepared_count: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PREPARED_QUERIES", 2)
    engine = RdflibEngine(_graph())
    texts = [f"SELECT ?s WHERE {{ ?s ex:label ?name }} LIMIT {n}" for n in (1, 2, 3)]

    for text in texts:
        run(engine, text)
    run(engine, texts[2])
    run(engine, texts[0])

    assert prepared_count == [*texts, texts[0]]
