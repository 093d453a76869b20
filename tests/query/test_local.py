"""The engines that hold the graph in this process (:mod:`balkan_kg.query.local`).

Embedded Oxigraph and rdflib load files and triples, answer every query form in
pyoxigraph terms, report syntax errors with the user's own line and column, and (rdflib)
keep the queries they have parsed in an LRU cache without changing any answer.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.plugins.sparql

from balkan_kg.errors import InputError, QueryError
from balkan_kg.namespaces import PREFIXES
from balkan_kg.query import local
from balkan_kg.query.limits import DEFAULT_LIMITS
from balkan_kg.query.local import (
    MAX_MESSAGE,
    OxigraphEngine,
    RdflibEngine,
    oxigraph_syntax_message,
)
from balkan_kg.query.results import IRI, QueryResult
from balkan_kg.query.text import query_form

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
NS = {"ex": EX}

TURTLE = f"""\
@prefix ex: <{EX}> .
@prefix xsd: <{XSD}> .
ex:Serbia ex:memberOf ex:PfP ; ex:label "Serbia" .
ex:Kosovo ex:label "Kosovo"@en .
ex:Albania ex:joined "2009"^^xsd:gYear .
ex:Montenegro ex:joined "2017"^^xsd:gYear .
ex:NorthMacedonia ex:joined "2020"^^xsd:gYear .
ex:Serbia ex:note [ ex:text "a blank node" ] .
"""
TRIPLE_COUNT = 8


def triples() -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(TURTLE, format=ox.RdfFormat.TURTLE)]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def engine(request: pytest.FixtureRequest) -> OxigraphEngine | RdflibEngine:
    """Each embedded engine holding the triples of :data:`TURTLE`."""
    if request.param == "oxigraph":
        return OxigraphEngine.from_triples(triples())
    return RdflibEngine(rdflib.Graph().parse(data=TURTLE, format="turtle"))


def run(engine, text: str, prefixes=NS) -> QueryResult:
    return engine.evaluate(text, query_form(text), prefixes, DEFAULT_LIMITS)


# --- answers ---------------------------------------------------------------------------------


def test_select_answers_in_pyoxigraph_terms_with_unbound_as_none(engine) -> None:
    result = run(engine, "SELECT ?s ?name ?none WHERE { ?s ex:label ?name } ORDER BY STR(?name)")
    assert result.form == "SELECT" and result.variables == ("s", "name", "none")
    assert result.terms == [
        (ox.NamedNode(EX + "Kosovo"), ox.Literal("Kosovo", language="en"), None),
        (ox.NamedNode(EX + "Serbia"), ox.Literal("Serbia"), None),
    ]


def test_ask_answers_true_or_false(engine) -> None:
    assert run(engine, "ASK { ex:Serbia ex:memberOf ex:PfP }").boolean is True
    assert run(engine, "ASK { ex:Kosovo ex:memberOf ex:PfP }").boolean is False


def test_construct_answers_triples(engine) -> None:
    built = run(engine, "CONSTRUCT { ?o ex:hasMember ?s } WHERE { ?s ex:memberOf ?o }")
    assert built.form == "CONSTRUCT"
    assert built.triples == [
        ox.Triple(
            ox.NamedNode(EX + "PfP"), ox.NamedNode(EX + "hasMember"), ox.NamedNode(EX + "Serbia")
        )
    ]


def test_construct_keeps_blank_nodes_as_blank_nodes(engine) -> None:
    built = run(engine, "CONSTRUCT { ?n ex:text ?t } WHERE { ?s ex:note ?n . ?n ex:text ?t }")
    (triple,) = built.triples
    assert isinstance(triple.subject, ox.BlankNode)
    assert triple.object == ox.Literal("a blank node")


def test_describe_answers_at_least_the_triples_of_the_resource(engine) -> None:
    described = run(engine, "DESCRIBE ex:Kosovo")
    assert described.form == "DESCRIBE"
    assert (
        ox.Triple(
            ox.NamedNode(EX + "Kosovo"),
            ox.NamedNode(EX + "label"),
            ox.Literal("Kosovo", language="en"),
        )
        in described.triples
    )


def test_gyears_are_ordered(engine) -> None:
    # rdflib orders no xsd:gYear values unless taught to (rdfio.bridge.order_gyears)
    text = 'SELECT ?s WHERE { ?s ex:joined ?y FILTER(?y > "2010"^^xsd:gYear) } ORDER BY ?y'
    assert run(engine, text, {**NS, "xsd": XSD}).column("s") == [
        IRI(EX + "Montenegro"),
        IRI(EX + "NorthMacedonia"),
    ]


def test_the_prefixes_given_are_the_prefixes_known(engine) -> None:
    text = "SELECT ?o WHERE { x:Serbia x:memberOf ?o }"
    assert run(engine, text, {"x": EX}).column("o") == [IRI(EX + "PfP")]
    assert run(engine, text, {"x": "http://elsewhere.example/"}).column("o") == []
    with pytest.raises(QueryError):
        run(engine, text, {})
    own = f"PREFIX x: <{EX}> SELECT ?o WHERE {{ x:Serbia x:memberOf ?o }}"
    assert run(engine, own, {"x": "http://elsewhere.example/"}).column("o") == [IRI(EX + "PfP")]


def test_an_rdflib_graphs_own_prefixes_do_not_apply() -> None:
    # As on Oxigraph, whose store knows no prefixes: only the mapping given counts.
    graph = rdflib.Graph().parse(data=TURTLE, format="turtle")
    graph.bind("mine", EX)
    with pytest.raises(QueryError, match="mine"):
        run(RdflibEngine(graph), "SELECT ?o WHERE { mine:Serbia mine:memberOf ?o }", {})


def test_the_engines_know_how_many_triples_they_hold(engine) -> None:
    assert len(engine) == TRIPLE_COUNT
    assert repr(engine) == f"<{type(engine).__name__} {TRIPLE_COUNT} triples>"


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine_class", "text", "where"),
    [
        # Oxigraph reports where its parser stopped: here, where the text ends.
        (OxigraphEngine, "SELECT ?s WHERE {\n  ?s ?p", "line 2, column 8:"),
        (OxigraphEngine, "ASK {\n\n   ?s ?p ?o .\n   FILTER(", "line 4, column 11:"),
        # rdflib reports the first character it could not read: the stray "]".
        (RdflibEngine, "SELECT ?s WHERE {\n  ?s ?p ?o ]\n}", "line 2, column 12:"),
        (RdflibEngine, "SELECT ?s ] WHERE { ?s ?p ?o }", "line 1, column 11:"),
    ],
)
def test_a_syntax_error_names_the_line_and_column_of_the_users_text(
    engine_class: type, text: str, where: str
) -> None:
    engine = OxigraphEngine() if engine_class is OxigraphEngine else RdflibEngine(rdflib.Graph())
    with pytest.raises(QueryError) as caught:
        engine.evaluate(text, "SELECT", PREFIXES, DEFAULT_LIMITS)
    message = str(caught.value)
    assert message.startswith(f"syntax error at {where} ")
    assert "\n" not in message


def test_a_long_oxigraph_message_is_one_line_cut_with_an_ellipsis() -> None:
    # Only triples may stand in CONSTRUCT WHERE; Oxigraph lists, over several lines,
    # every character class it would have accepted after "VALUES".
    text = "CONSTRUCT WHERE { VALUES ?s { <http://e/x> } ?s ?p ?o }"
    with pytest.raises(QueryError) as caught:
        run(OxigraphEngine(), text)
    message = str(caught.value)
    assert message.startswith("syntax error at line 1, column ")
    assert "\n" not in message
    detail = message.split(": ", 1)[1]
    assert len(detail) == MAX_MESSAGE and detail.endswith("…")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("error at 3:7: expected OPTIONAL", "syntax error at line 3, column 7: expected OPTIONAL"),
        ("error at 1:1: two\n   lines", "syntax error at line 1, column 1: two lines"),
        ("something else", "syntax error: something else"),
        (
            "error at 2:5: expected one of " + "X, " * 100,
            "syntax error at line 2, column 5: "
            + ("expected one of " + "X, " * 100)[: MAX_MESSAGE - 1]
            + "…",
        ),
    ],
)
def test_oxigraph_syntax_messages_are_reworded(message: str, expected: str) -> None:
    assert oxigraph_syntax_message(SyntaxError(message)) == expected


@pytest.mark.parametrize(
    ("engine_class", "text", "reason"),
    [
        (OxigraphEngine, "SELECT (<http://e/f>(1) AS ?x) {}", "custom function <http://e/f>"),
        (RdflibEngine, "SELECT ?s WHERE { ?s ex2:label ?o }", "Unknown namespace prefix : ex2"),
    ],
)
def test_a_query_the_engine_cannot_run_is_a_query_error(
    engine_class: type, text: str, reason: str
) -> None:
    engine = OxigraphEngine() if engine_class is OxigraphEngine else RdflibEngine(rdflib.Graph())
    with pytest.raises(QueryError, match="^query failed: .*" + reason):
        run(engine, text)


# --- loading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine_class", [OxigraphEngine, RdflibEngine])
def test_from_files_holds_every_files_triples_with_blank_nodes_per_file(
    engine_class: type, tmp_path: Path
) -> None:
    first = tmp_path / "first.ttl"
    first.write_text(f"<{EX}a> <{EX}p> _:b .\n_:b <{EX}q> <relative> .\n", encoding="utf-8")
    second = tmp_path / "second.nt"
    second.write_text(f"<{EX}c> <{EX}p> _:b .\n", encoding="utf-8")
    engine = engine_class.from_files([first, str(second)])
    assert len(engine) == 3
    # the same label in two files names two blank nodes
    blanks = run(engine, "SELECT DISTINCT ?b WHERE { ?s ex:p ?b }").column("b")
    assert len(blanks) == 2
    # a relative IRI is resolved against its file's URI
    assert run(engine, "SELECT ?o WHERE { ?s ex:q ?o }").column("o") == [
        IRI((tmp_path / "relative").as_uri())
    ]


@pytest.mark.parametrize("engine_class", [OxigraphEngine, RdflibEngine])
def test_from_files_reports_a_missing_or_malformed_file(engine_class: type, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found") as caught:
        engine_class.from_files([tmp_path / "missing.nt"])
    assert caught.value.path == tmp_path / "missing.nt"
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="syntax error") as caught:
        engine_class.from_files([bad])
    assert (caught.value.path, caught.value.line) == (bad, 2)
    assert caught.value.column is not None
    other = tmp_path / "data.rdf"
    other.write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(InputError, match="RDF/XML is not read"):
        engine_class.from_files([other])


def test_from_triples_holds_the_triples_in_the_default_graph() -> None:
    engine = OxigraphEngine.from_triples(triples())
    assert len(engine) == TRIPLE_COUNT
    assert all(quad.graph_name == ox.DefaultGraph() for quad in engine.store)


def test_an_oxigraph_engine_can_wrap_a_store() -> None:
    store = ox.Store()
    assert OxigraphEngine(store).store is store
    assert len(OxigraphEngine()) == 0


# --- rdflib's prepared-query cache -------------------------------------------------------------


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts rdflib is asked to parse, in order, from an empty cache."""
    texts: list[str] = []
    original = rdflib.plugins.sparql.prepareQuery

    def counting(text: str, *args: object, **kwargs: object) -> object:
        texts.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(rdflib.plugins.sparql, "prepareQuery", counting)
    local._prepare.cache_clear()
    yield texts
    local._prepare.cache_clear()


def rdflib_engine() -> RdflibEngine:
    return RdflibEngine(rdflib.Graph().parse(data=TURTLE, format="turtle"))


def test_the_cache_is_an_lru_cache_of_256_texts() -> None:
    assert local._prepare.cache_parameters() == {"maxsize": 256, "typed": False}


def test_a_query_run_again_is_not_parsed_again_and_answers_the_same(prepared: list[str]) -> None:
    engine = rdflib_engine()
    text = "SELECT ?s ?name WHERE { ?s ex:label ?name } ORDER BY STR(?name)"
    first = run(engine, text)
    second = run(engine, text)
    assert prepared == [text]
    assert first == second
    assert second.column("name") == ["Kosovo", "Serbia"]


def test_each_query_form_is_answered_from_a_prepared_query(prepared: list[str]) -> None:
    engine = rdflib_engine()
    ask = "ASK { ex:Serbia ex:memberOf ex:PfP }"
    construct = "CONSTRUCT { ?s ex:in ?o } WHERE { ?s ex:memberOf ?o }"
    for _ in range(2):
        assert run(engine, ask).boolean is True
        assert len(run(engine, construct).triples) == 1
    assert prepared == [ask, construct]


def test_the_same_text_with_other_prefixes_is_parsed_again(prepared: list[str]) -> None:
    engine = rdflib_engine()
    text = "SELECT ?o WHERE { x:Serbia x:memberOf ?o }"
    assert run(engine, text, {"x": EX}).column("o") == [IRI(EX + "PfP")]
    assert run(engine, text, {"x": "http://elsewhere.example/"}).column("o") == []
    assert prepared == [text, text]


def test_a_prepared_query_answers_for_the_graph_it_runs_on(prepared: list[str]) -> None:
    text = "SELECT ?s WHERE { ?s ex:memberOf ex:PfP }"
    assert run(rdflib_engine(), text).column("s") == [IRI(EX + "Serbia")]
    assert run(RdflibEngine(rdflib.Graph()), text).column("s") == []
    assert prepared == [text]


def test_a_query_that_fails_to_parse_fails_each_time(prepared: list[str]) -> None:
    engine = rdflib_engine()
    for _ in range(2):
        with pytest.raises(QueryError, match="syntax error at line 1"):
            run(engine, "SELECT ?s WHERE { ?s ex:label }")
    assert len(prepared) == 2


def test_the_least_recently_used_text_goes_first_past_the_limit(
    prepared: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parsing is replaced: the cache's policy, not rdflib, is under test here.
    monkeypatch.setattr(
        rdflib.plugins.sparql, "prepareQuery", lambda text, initNs: prepared.append(text)
    )
    texts = [f"ASK {{ ?s ?p {n} }}" for n in range(257)]
    for text in texts[:256]:
        local._prepare(text, ())
    local._prepare(texts[0], ())  # used again: now the most recent
    local._prepare(texts[256], ())  # one too many: texts[1] is dropped
    local._prepare(texts[0], ())
    local._prepare(texts[1], ())
    assert prepared == [*texts[:256], texts[256], texts[1]]
