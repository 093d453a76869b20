"""The Python API: one engine answers every query of a loaded graph, Oxigraph by default.

Expected answers come from the source text: S3 and S4 give the NATO accession years
Albania 2009, Montenegro 2017, North Macedonia 2020, Croatia 2009, Slovenia 2004.
"""

from __future__ import annotations

from collections import Counter

import pytest

import balkan_kg
from balkan_kg import IRI, KnowledgeGraph, ParameterError, QueryError
from balkan_kg.query.catalog import list_queries
from balkan_kg.query.engines import ENDPOINT_ENV, ENGINE_ENV, GRAPH_ENV
from balkan_kg.query.isolation import IsolatedEngine
from balkan_kg.query.results import QueryResult

EXAMPLES = [(query.name, example) for query in list_queries() for example in query.examples or [{}]]
AFTER_2010 = (
    'SELECT ?m WHERE { ?m bkg:memberDuring/bkg:beginYear ?year FILTER(?year > "2010"^^xsd:gYear) }'
)


def exact(result: QueryResult) -> tuple[tuple[str, ...], Counter[tuple[str, ...]]]:
    """The variables and the multiset of rows, each term in its exact N-Triples form."""
    return result.variables, Counter(
        tuple("" if t is None else str(t) for t in terms) for terms in result.terms
    )


@pytest.fixture(autouse=True)
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


def test_the_default_engine_is_oxigraph_for_canned_and_ad_hoc_queries(
    default_kg: KnowledgeGraph,
) -> None:
    assert isinstance(default_kg.engine, IsolatedEngine)
    assert default_kg.engine.name == "oxigraph"


def test_rdflib_is_chosen_by_argument_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert balkan_kg.load(engine="rdflib").engine.name == "rdflib"
    monkeypatch.setenv(ENGINE_ENV, "rdflib")
    assert balkan_kg.load().engine.name == "rdflib"


def test_graph_is_an_rdflib_graph_of_the_same_triples(default_kg: KnowledgeGraph) -> None:
    from rdflib import Graph

    assert isinstance(default_kg.graph, Graph)
    assert len(default_kg.graph) == len(default_kg)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_gyear_filter_keeps_the_later_accessions(engine: str) -> None:
    kg = balkan_kg.load(engine=engine)
    assert sorted(kg.sparql(AFTER_2010).column("m")) == [
        "https://w3id.org/balkan-kg/id/membership-montenegro-nato",
        "https://w3id.org/balkan-kg/id/membership-north-macedonia-nato",
    ]


@pytest.mark.parametrize(
    ("name", "params"), EXAMPLES, ids=[f"{n}#{i}" for i, (n, _) in enumerate(EXAMPLES)]
)
def test_oxigraph_and_rdflib_give_the_same_terms_for_every_canned_example(
    default_kg: KnowledgeGraph, rdflib_kg: KnowledgeGraph, name: str, params: dict[str, str]
) -> None:
    assert exact(default_kg.query(name, **params)) == exact(rdflib_kg.query(name, **params))


def test_sparql_binds_typed_values_as_canned_queries_do(default_kg: KnowledgeGraph) -> None:
    text = (
        "SELECT ?state WHERE { ?m org:member ?state ; org:organization ?org ; "
        "bkg:memberDuring/bkg:beginYear ?y "
        "FILTER(xsd:integer(STR(?y)) = ?year) }"
    )
    rows = default_kg.sparql(text, org=IRI("bk:NATO"), year=2009).column("state")
    assert sorted(rows) == [
        "https://w3id.org/balkan-kg/id/Albania",
        "https://w3id.org/balkan-kg/id/Croatia",
    ]


def test_sparql_bindings_reach_a_params_line(default_kg: KnowledgeGraph) -> None:
    text = "SELECT ?label WHERE {\n  #PARAMS\n  ?state rdfs:label ?label }"
    assert default_kg.sparql(text, state=IRI("bk:Slovenia")).column("label") == ["Slovenia"]


def test_a_binding_that_cannot_be_bound_names_the_variable(default_kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="'when'"):
        default_kg.sparql("SELECT * WHERE { ?s ?p ?o }", when=object())


@pytest.mark.parametrize(
    ("engine", "text", "where"),
    [
        # Oxigraph reports where its parser stopped: here, where the text ends.
        ("oxigraph", "SELECT ?s WHERE {\n  ?s bk:p ?", "line 2, column 12:"),
        # rdflib reports the first character it could not read: the stray "]".
        ("rdflib", "SELECT ?s WHERE {\n  ?s bk:p ?o ]\n}", "line 2, column 14:"),
    ],
)
def test_a_syntax_error_is_reported_at_the_users_own_line_and_column(
    engine: str, text: str, where: str
) -> None:
    kg = balkan_kg.load(engine=engine)
    with pytest.raises(QueryError, match=where):
        kg.sparql(text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [("oxigraph", "ASK {?s ?"), ("rdflib", "SELECT ?s] WHERE { ?s ?p ?o }")],
)
def test_a_syntax_error_on_line_1_column_10_is_reported_there(engine: str, text: str) -> None:
    # Nine characters and the end of the text (Oxigraph), or a "]" in column 10 (rdflib):
    # no project prefixes are written in front of the text to shift the position.
    with pytest.raises(QueryError, match="line 1, column 10:"):
        balkan_kg.load(engine=engine).sparql(text)


def test_ask_and_construct_answers(default_kg: KnowledgeGraph) -> None:
    assert default_kg.sparql("ASK { bk:Albania ?p ?o }")
    graph = default_kg.sparql(
        "CONSTRUCT { bk:Albania rdfs:label ?l } WHERE { bk:Albania rdfs:label ?l }"
    )
    assert graph.is_graph and len(graph) == 1
    assert "Albania" in graph.serialize("turtle")


def test_provenance_quotes_the_text(default_kg: KnowledgeGraph) -> None:
    # S16 names him once: "former NATO SG Stoltenberg".
    quotes = {record.quote for record in default_kg.provenance("bk:Stoltenberg")}
    assert "Stoltenberg" in quotes


CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""About 4,000^3 combinations: far longer than any time limit below."""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_runaway_query_is_stopped_at_its_limit_and_the_graph_still_answers(engine: str) -> None:
    with balkan_kg.load(engine=engine, timeout=1) as kg:
        with pytest.raises(balkan_kg.QueryTimeoutError, match="limit of 1 s"):
            kg.sparql(CROSS_JOIN)
        assert kg.sparql("ASK { bk:Albania ?p ?o }")  # a new worker took over
