"""Conversion of query results to Python values and the W3C result formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from balkan_kg.engine import RdflibEngine, run
from balkan_kg.query.results import IRI, BlankNode, QueryResult, to_python

XSD = "http://www.w3.org/2001/XMLSchema#"
BK = "https://w3id.org/balkan-kg/id/"


def typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=URIRef(XSD + datatype))


@pytest.mark.parametrize(
    ("term", "expected", "kind"),
    [
        (URIRef(BK + "NATO"), BK + "NATO", IRI),
        (Literal("plain"), "plain", str),
        (typed("typed", "string"), "typed", str),
        (Literal("Srbija", lang="sr"), "Srbija", str),
        (typed("2009", "integer"), 2009, int),
        (typed("7", "nonNegativeInteger"), 7, int),
        (typed("1.50", "decimal"), Decimal("1.50"), Decimal),
        (typed("2.5E0", "double"), 2.5, float),
        (typed("0.5", "float"), 0.5, float),
        (typed("true", "boolean"), True, bool),
        (typed("0", "boolean"), False, bool),
        (typed("2020-03-27", "date"), dt.date(2020, 3, 27), dt.date),
        (typed("2017-06-05T10:00:00", "dateTime"), dt.datetime(2017, 6, 5, 10), dt.datetime),
        (typed("2009", "gYear"), 2009, int),
        (typed("abc", "integer"), "abc", str),
        (typed("P1Y", "duration"), "P1Y", str),
    ],
)
def test_terms_convert_to_python_values(term: object, expected: object, kind: type) -> None:
    value = to_python(term)  # type: ignore[arg-type]
    assert value == expected
    assert type(value) is kind


def test_unbound_is_none_and_blank_nodes_are_labelled() -> None:
    assert to_python(None) is None
    value = to_python(BNode("b1"))
    assert isinstance(value, BlankNode) and value == "b1"


def test_iri_is_a_str_with_a_telling_repr() -> None:
    iri = IRI(BK + "NATO")
    assert isinstance(iri, str)
    assert repr(iri) == f"IRI('{BK}NATO')"
    assert iri.short == "bk:NATO"


@pytest.fixture
def result() -> QueryResult:
    return QueryResult.from_rows(
        ["state", "label", "since", "note"],
        [
            {
                "state": URIRef(BK + "Albania"),
                "label": Literal("Albania", lang="en"),
                "since": typed("2009", "gYear"),
                "note": Literal('said "yes", later'),
            },
            {"state": BNode("x1"), "label": Literal("line\nbreak")},
        ],
    )


def test_rows_keep_raw_terms_and_converted_values(result: QueryResult) -> None:
    assert result.raw_rows[0]["since"] == typed("2009", "gYear")
    assert result.rows[0] == {
        "state": IRI(BK + "Albania"),
        "label": "Albania",
        "since": 2009,
        "note": 'said "yes", later',
    }
    assert result.rows[1]["since"] is None


def test_json_follows_the_w3c_results_format(result: QueryResult) -> None:
    document = json.loads(result.to_json())
    assert document["head"] == {"vars": ["state", "label", "since", "note"]}
    first, second = document["results"]["bindings"]
    assert first["state"] == {"type": "uri", "value": BK + "Albania"}
    assert first["label"] == {"type": "literal", "value": "Albania", "xml:lang": "en"}
    assert first["since"] == {"type": "literal", "value": "2009", "datatype": XSD + "gYear"}
    assert first["note"] == {"type": "literal", "value": 'said "yes", later'}
    assert second["state"] == {"type": "bnode", "value": "x1"}
    assert "since" not in second  # unbound variables are left out


def test_csv_follows_the_w3c_results_format(result: QueryResult) -> None:
    text = result.to_csv()
    assert text.startswith("state,label,since,note\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == [BK + "Albania", "Albania", "2009", 'said "yes", later']
    assert rows[2] == ["_:x1", "line\nbreak", "", ""]
    assert '"said ""yes"", later"' in text


def test_table_aligns_columns_and_shortens_iris(result: QueryResult) -> None:
    lines = result.to_table().splitlines()
    assert lines[0].split() == ["state", "label", "since", "note"]
    assert lines[2].startswith("bk:Albania  Albania")
    assert lines[0].index("label") == lines[2].index(" Albania") + 1
    assert lines[-1] == "(2 rows)"


def test_ask_and_construct_results() -> None:
    graph = Graph()
    graph.add((URIRef(BK + "NATO"), URIRef(BK + "hasMember"), URIRef(BK + "Albania")))
    engine = RdflibEngine(graph)
    ask = run(engine, "ASK { ?s ?p ?o }")
    assert ask.kind == "ask" and ask.boolean is True
    assert json.loads(ask.to_json()) == {"head": {}, "boolean": True}
    assert ask.to_csv() == "boolean\r\ntrue\r\n"
    built = run(engine, "CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }")
    assert built.kind == "construct" and built.graph is not None and len(built.graph) == 1
    assert built.rows == [
        {
            "subject": IRI(BK + "Albania"),
            "predicate": IRI(BK + "hasMember"),
            "object": IRI(BK + "NATO"),
        }
    ]


def test_select_through_the_engine_converts_values() -> None:
    graph = Graph()
    graph.add((URIRef(BK + "Albania"), URIRef(BK + "since"), typed("2009", "gYear")))
    result = run(RdflibEngine(graph), "SELECT ?s ?year ?none WHERE { ?s ?p ?year }")
    assert result.variables == ["s", "year", "none"]
    assert result.rows == [{"s": IRI(BK + "Albania"), "year": 2009, "none": None}]


def test_describe_gives_a_graph() -> None:
    graph = Graph()
    graph.add((URIRef(BK + "NATO"), URIRef(BK + "hasMember"), URIRef(BK + "Albania")))
    described = run(RdflibEngine(graph), f"DESCRIBE <{BK}NATO>")
    assert described.kind == "construct" and len(described) == 1


def test_knowledge_graph_runs_queries_on_any_engine() -> None:
    from balkan_kg import KnowledgeGraph

    class FixedEngine:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def select(self, query_text: str) -> QueryResult:
            self.seen.append(query_text)
            return QueryResult.from_rows(["x"], [{"x": Literal(1)}])

        def ask(self, query_text: str) -> bool:
            return False

        def construct(self, query_text: str) -> Graph:
            return Graph()

    engine = FixedEngine()
    kg = KnowledgeGraph(Graph(), engine=engine)
    assert kg.sparql("SELECT ?x WHERE { ?x a bkg:State }").rows == [{"x": 1}]
    assert "PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>" in engine.seen[0]
    assert kg.sparql("ASK {}").boolean is False
