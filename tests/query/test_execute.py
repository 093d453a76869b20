"""The one query funnel (:func:`balkan_kg.query.execute.execute`).

With a recording engine: what reaches an engine (the bound text, its form, the project
prefixes, the limits) and what never does (updates, bad parameters); the row cap. With
every real engine (``engine`` of ``conftest.py``): the same answers, as the source text
gives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest

from balkan_kg import KnowledgeGraph
from balkan_kg.errors import ParameterError, QueryError, QueryRefusedError, ResultTooLargeError
from balkan_kg.namespaces import BK, PREFIXES
from balkan_kg.query.catalog import bind_canned, get_query, parse_query_text
from balkan_kg.query.execute import execute
from balkan_kg.query.limits import DEFAULT_LIMITS, Limits
from balkan_kg.query.params import bind_adhoc
from balkan_kg.query.results import IRI, QueryResult

if TYPE_CHECKING:
    from collections.abc import Mapping

    from balkan_kg.query.engines import Engine

CANNED = parse_query_text(
    "# title: Members\n# description: Members of an organisation.\n"
    "# param: org iri required -- The organisation.\n"
    "# param: since year optional -- The first year.\n"
    "SELECT ?state WHERE {\n  #PARAMS\n  ?m org:member ?state ; org:organization ?org .\n}\n",
    Path("members.rq"),
)


@dataclass
class Recorder:
    """An engine that records what it is asked and answers with :attr:`answer`."""

    answer: QueryResult = field(default_factory=lambda: QueryResult("SELECT", ("x",), []))
    calls: list[tuple[str, str, Mapping[str, str], Limits]] = field(default_factory=list)
    name: str = "recorder"

    def evaluate(
        self, text: str, form: str, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        self.calls.append((text, form, prefixes, limits))
        return self.answer


def rows(count: int) -> QueryResult:
    return QueryResult("SELECT", ("n",), [(ox.Literal(str(n)),) for n in range(count)])


# --- what reaches the engine ----------------------------------------------------------------


def test_a_canned_query_reaches_the_engine_with_its_parameters_bound() -> None:
    engine = Recorder()
    limits = Limits(timeout=5, max_rows=10)
    execute(engine, CANNED, {"org": "bk:NATO"}, limits=limits)
    ((text, form, prefixes, given),) = engine.calls
    assert text == bind_canned(CANNED, {"org": "bk:NATO"})
    assert f"  VALUES (?org) {{ (<{BK}NATO>) }}" in text.splitlines()
    assert form == "SELECT"
    assert prefixes is PREFIXES  # handed over natively, not written into the text
    assert given is limits


def test_an_adhoc_query_reaches_the_engine_with_its_values_bound() -> None:
    engine = Recorder()
    text = "SELECT ?p WHERE { ?s ?p ?o }"
    execute(engine, text, {"s": IRI("bk:NATO"), "o": 2009})
    ((sent, _, _, limits),) = engine.calls
    assert sent == bind_adhoc(text, {"s": IRI("bk:NATO"), "o": 2009})
    assert sent.startswith(f"SELECT ?p WHERE {{ VALUES (?s ?o) {{ (<{BK}NATO> ")
    assert limits is DEFAULT_LIMITS


def test_a_text_without_values_reaches_the_engine_unchanged() -> None:
    engine = Recorder()
    text = "# a comment\nSELECT ?p WHERE { ?s ?p ?o }"
    execute(engine, text)
    execute(engine, text, {})
    assert [call[0] for call in engine.calls] == [text, text]


@pytest.mark.parametrize(
    ("text", "form", "answer"),
    [
        ("PREFIX x: <http://e/> ask { }", "ASK", QueryResult("ASK", boolean=True)),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", QueryResult("CONSTRUCT")),
        ("DESCRIBE <http://e/x>", "DESCRIBE", QueryResult("DESCRIBE")),
    ],
)
def test_the_form_read_from_the_text_reaches_the_engine(
    text: str, form: str, answer: QueryResult
) -> None:
    engine = Recorder(answer)
    assert execute(engine, text) is answer
    assert engine.calls[0][1] == form


# --- what never reaches the engine ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "PREFIX bk: <https://w3id.org/balkan-kg/id/>\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "DROP ALL",
    ],
)
def test_an_update_is_refused_before_the_engine_is_asked(text: str) -> None:
    engine = Recorder()
    with pytest.raises(QueryRefusedError):
        execute(engine, text)
    assert engine.calls == []


def test_a_canned_update_is_refused_too() -> None:
    update = parse_query_text(
        "# title: Clear\n# description: Deletes everything.\nDELETE WHERE { ?s ?p ?o }\n",
        Path("clear.rq"),
    )
    engine = Recorder()
    with pytest.raises(QueryRefusedError, match="found DELETE"):
        execute(engine, update)
    assert engine.calls == []


def test_a_text_that_is_no_query_is_refused_before_the_engine_is_asked() -> None:
    engine = Recorder()
    with pytest.raises(QueryError, match="expected SELECT, ASK, CONSTRUCT or DESCRIBE"):
        execute(engine, "hello")
    assert engine.calls == []


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        (CANNED, {}, "query 'members' needs parameter 'org' \\(iri\\)"),
        (CANNED, {"org": "bk:NATO", "until": 2010}, "unknown parameter 'until'"),
        (CANNED, {"org": "bk:NATO", "since": "later"}, "parameter 'since' of query 'members'"),
        ("SELECT * WHERE { ?s ?p ?o }", {"s": object()}, "binding 's'"),
        ("DESCRIBE <http://e/x>", {"s": 1}, "no WHERE group and no #PARAMS line"),
    ],
)
def test_parameters_that_do_not_fit_are_refused_before_the_engine_is_asked(
    query: object, params: dict[str, object], message: str
) -> None:
    engine = Recorder()
    with pytest.raises(ParameterError, match=message):
        execute(engine, query, params)  # type: ignore[arg-type]
    assert engine.calls == []


# --- the row cap ---------------------------------------------------------------------------


def test_an_answer_within_the_cap_is_returned() -> None:
    answer = rows(3)
    assert execute(Recorder(answer), "SELECT * {}", limits=Limits(max_rows=3)) is answer
    assert execute(Recorder(answer), "SELECT * {}", limits=Limits(max_rows=None)) is answer
    empty = rows(0)
    assert execute(Recorder(empty), "SELECT * {}", limits=Limits(max_rows=0)) is empty


def test_an_answer_over_the_cap_is_refused_whole() -> None:
    with pytest.raises(ResultTooLargeError) as caught:
        execute(Recorder(rows(3)), "SELECT * {}", limits=Limits(max_rows=2))
    assert str(caught.value) == (
        "the answer has 3 rows, more than the cap of 2: narrow the query or add a LIMIT"
    )
    assert caught.value.exit_code == 3


def test_the_cap_counts_the_triples_of_a_graph_and_spares_an_ask() -> None:
    triple = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"))
    graph = QueryResult("CONSTRUCT", triples=[triple, triple])
    with pytest.raises(ResultTooLargeError, match="has 2 rows"):
        execute(Recorder(graph), "CONSTRUCT WHERE { ?s ?p ?o }", limits=Limits(max_rows=1))
    ask = QueryResult("ASK", boolean=True)
    assert execute(Recorder(ask), "ASK {}", limits=Limits(max_rows=0)) is ask


# --- the Python API goes through the funnel ------------------------------------------------


def test_the_knowledge_graph_runs_its_queries_through_the_funnel_on_any_engine() -> None:
    one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    engine = Recorder(QueryResult("SELECT", ("x",), [(one,)]))
    limits = Limits(timeout=3, max_rows=5)
    kg = KnowledgeGraph(engine, limits=limits)  # type: ignore[arg-type]
    text = "SELECT ?x WHERE { ?x a bkg:State }"
    assert kg.sparql(text, x=IRI("bk:Albania")).rows == [{"x": 1}]
    kg.query("members-since", org="bk:NATO")
    (adhoc, form, prefixes, given), (canned, _, _, _) = engine.calls
    assert adhoc == bind_adhoc(text, {"x": IRI("bk:Albania")})
    assert (form, prefixes, given) == ("SELECT", PREFIXES, limits)
    assert canned == bind_canned(get_query("members-since"), {"org": "bk:NATO"})
    with pytest.raises(QueryRefusedError):
        kg.sparql("CLEAR ALL")
    assert len(engine.calls) == 2


# --- the same answers on every engine -------------------------------------------------------


def test_a_canned_query_answers_what_the_text_says_on_every_engine(engine: Engine) -> None:
    # S3: Albania (2009); S4: Croatia (2009) and Slovenia (2004). Montenegro (2017) and
    # North Macedonia (2020) joined after 2010. External facts: Greece (1952), Spain
    # (1982), Romania and Slovakia (2004), the NATO members that do not recognise Kosovo.
    result = execute(engine, get_query("members-since"), {"org": "bk:NATO", "asOf": "2010"})
    assert sorted((row["stateLabel"], row["startYear"]) for row in result) == [
        ("Albania", 2009),
        ("Croatia", 2009),
        ("Greece", 1952),
        ("Romania", 2004),
        ("Slovakia", 2004),
        ("Slovenia", 2004),
        ("Spain", 1982),
    ]


@pytest.mark.parametrize(("year", "answer"), [(2004, True), (2009, False)])
def test_typed_adhoc_values_answer_the_same_on_every_engine(
    engine: Engine, year: int, answer: bool
) -> None:
    text = (
        "ASK { ?m org:member ?state ; org:organization bk:NATO ; "
        "bkg:memberDuring/bkg:beginYear ?y "
        "FILTER(xsd:integer(STR(?y)) = ?year) }"
    )
    result = execute(engine, text, {"state": IRI("bk:Slovenia"), "year": year})
    assert result.boolean is answer  # S4: Slovenia (2004)


def test_the_row_cap_applies_to_every_engine(engine: Engine) -> None:
    after_2010 = (
        "SELECT ?m WHERE { ?m bkg:memberDuring/bkg:beginYear ?year "
        'FILTER(?year > "2010"^^xsd:gYear) }'
    )
    assert len(execute(engine, after_2010, limits=Limits(max_rows=2))) == 2
    with pytest.raises(ResultTooLargeError, match="the answer has 2 rows, more than the cap of 1"):
        execute(engine, after_2010, limits=Limits(max_rows=1))
