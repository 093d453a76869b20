"""One query layer, several engines: the same canned queries give the same answers.

Every example line of every canned query runs through embedded rdflib (the reference),
embedded pyoxigraph, a live Oxigraph server (JSON and XML results) and a live Virtuoso
7 server (JSON and XML results); the rows must be the same multiset once literal forms
that SPARQL treats as equal are normalised (see :func:`normal`). The servers are started
once per session by ``tests/servers.py``.

Dialect differences found on the 33 canned queries and what was done about them (all
were made portable, so :data:`VIRTUOSO_EXCEPTIONS` is empty):

* Virtuoso 7.2 returns ``EXISTS {...}`` and comparisons as ``xsd:integer`` 1/0, where
  SPARQL 1.1 (section 17.4.1.4 for EXISTS, 17.3 operator mapping for ``=``) gives
  ``xsd:boolean``: ``causes``, ``non-members-in-region`` and ``accession-dates`` wrap the
  value in ``xsd:boolean(...)``.
* Virtuoso 7.2 evaluates ``=`` with an unbound operand as false, where SPARQL 1.1
  (section 17.2, an unbound variable raises an error; 18.5, an error leaves the BIND
  unbound) leaves ``?yearAgrees`` unbound: ``accession-dates`` guards with
  ``IF(BOUND(?textYear), ..., ?textYear)``.
* Virtuoso 7.2 computes a wrong ``?direct`` (bound from EXISTS) when a FILTER of the same
  group reads it: ``causes`` repeats the EXISTS in its FILTER.
* Virtuoso 7.2 loses rows, or attaches values to the wrong fact, when a ``FILTER EXISTS``
  stands next to a ``SELECT DISTINCT`` sub-query over a UNION: ``qualified-facts``
  checks the type of the facts its sub-query finds with a triple pattern instead.
* Oxigraph stores every integer literal as ``xsd:integer`` (``bkg:memberCount 4`` comes
  back as ``xsd:integer``, rdflib keeps ``xsd:nonNegativeInteger``); Virtuoso's JSON
  writes typed literals as ``"typed-literal"``. Both are normalised, not differences.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import BNode, Literal, URIRef

import balkan_kg
from balkan_kg.query.catalog import CannedQuery, list_queries
from balkan_kg.cli import main
from balkan_kg.engine import (
    ENDPOINT_ENV,
    ENGINE_ENV,
    GRAPH_ENV,
    EngineChoice,
    OxigraphEngine,
    RdflibEngine,
    choose_engine,
)
from balkan_kg.errors import EngineError
from balkan_kg.namespaces import BKG
from balkan_kg.query.params import bind
from balkan_kg.query.text import with_project_prefixes
from balkan_kg.query.remote import RemoteEngine
from servers import GRAPH

if TYPE_CHECKING:
    from rdflib.term import Node

    from balkan_kg.api import KnowledgeGraph
    from balkan_kg.query.results import QueryResult
    from servers import Server

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
"""xsd:integer and the types derived from it (XML Schema 1.1 part 2, section 3.4)."""

VIRTUOSO_EXCEPTIONS: dict[str, str] = {}
"""Canned queries whose Virtuoso answer may differ, with the reason (none left)."""

SENTENCE_16 = (
    "However, Kosovo\u2019s 2018 decision to transform the KSF into a fully armed force was "
    "met with scepticism from former NATO SG Stoltenberg, even if the US welcomed the "
    "move.[19]"
)
"""S16 as it stands in data/source/report-excerpt.txt, with its typographic apostrophe."""

GYEAR_PROBE = 'SELECT ?earlier WHERE { BIND("2009"^^xsd:gYear < "2017"^^xsd:gYear AS ?earlier) }'
"""rdflib cannot order xsd:gYear (the BIND stays unbound); Oxigraph answers true."""


def normal(term: Node | None) -> object:
    """A comparable form of a result term, equal for terms SPARQL treats as equal.

    * numbers compare by value within their type family: every type derived from
      xsd:integer is xsd:integer (``"04"^^xsd:positiveInteger`` = ``4``), and decimals
      and doubles compare by value, not lexical form (SPARQL 1.1 section 17.3,
      op:numeric-equal; XML Schema derivation);
    * booleans compare by value (``"1"`` and ``"true"`` are both lexical forms of true);
    * a simple literal is an ``xsd:string`` (RDF 1.1 section 3.3), and language tags
      compare case-insensitively;
    * blank nodes compare as "a blank node" (labels are local to a result set).

    A boolean never equals an integer: Virtuoso's 1/0 for true/false is a difference.
    """
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal), f"unexpected term {term!r}"
    lexical = str(term).strip()
    if term.language:
        return ("lang", str(term), term.language.lower())
    datatype = str(term.datatype) if term.datatype else XSD + "string"
    if datatype in INTEGER_TYPES:
        return ("integer", int(lexical))
    if datatype == XSD + "decimal":
        return ("decimal", Decimal(lexical))
    if datatype in (XSD + "double", XSD + "float"):
        return ("double", float(lexical.replace("INF", "inf")))
    if datatype == XSD + "boolean":
        assert lexical in ("true", "false", "1", "0"), f"ill-typed boolean {lexical!r}"
        return ("boolean", lexical in ("true", "1"))
    if datatype == XSD + "string":
        return ("string", str(term))
    return ("typed", datatype, lexical)


def answer(result: QueryResult) -> tuple[list[str], Counter[tuple[tuple[str, object], ...]]]:
    """The projected variables and the rows as a multiset of normalised rows."""
    rows = Counter(
        tuple(sorted((name, normal(value)) for name, value in row.items()))
        for row in result.raw_rows
    )
    return list(result.variables), rows


def example_runs() -> list[tuple[str, int, dict[str, str]]]:
    """Every (query, example number, parameters) of the canned query catalog."""
    runs = []
    for query in list_queries():
        for number, params in enumerate(query.examples, start=1):
            runs.append((query.name, number, dict(params)))
    return runs


RUNS = example_runs()
RUN_IDS = [f"{name}#{number}" for name, number, _ in RUNS]
QUERIES: dict[str, CannedQuery] = {q.name: q for q in list_queries()}

ENGINES = ("oxigraph", "oxigraph-server-json", "oxigraph-server-xml", "virtuoso-json")
ENGINES += ("virtuoso-xml",)


@pytest.fixture(scope="session")
def reference_kg() -> KnowledgeGraph:
    """The reference: embedded rdflib with the reasoned closure, from the build cache."""
    return balkan_kg.load(engine="rdflib")


@pytest.fixture(scope="session")
def oxigraph_kg() -> KnowledgeGraph:
    """Embedded pyoxigraph loaded from the same build files."""
    return balkan_kg.load(engine="oxigraph")


@pytest.fixture(scope="session")
def reference_answers(reference_kg: KnowledgeGraph) -> dict[str, object]:
    """rdflib's answer to every example run, computed once."""
    return {
        run_id: answer(reference_kg.query(name, **params))
        for run_id, (name, _, params) in zip(RUN_IDS, RUNS, strict=True)
    }


def engine_for(request: pytest.FixtureRequest, name: str):
    """The query engine called ``name`` in :data:`ENGINES` (starting its server if needed)."""
    if name == "oxigraph":
        return request.getfixturevalue("oxigraph_kg").engine
    server_name, result_format = name.rsplit("-", 1)
    fixture = "oxigraph_server" if server_name == "oxigraph-server" else "virtuoso_server"
    server: Server = request.getfixturevalue(fixture)
    return RemoteEngine(server.query_url, default_graph=GRAPH, result_format=result_format)


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize(("name", "number", "params"), RUNS, ids=RUN_IDS)
def test_canned_query_answer_is_the_same_on_every_engine(
    request: pytest.FixtureRequest,
    reference_answers: dict[str, object],
    engine_name: str,
    name: str,
    number: int,
    params: dict[str, str],
) -> None:
    engine = engine_for(request, engine_name)
    if engine_name.startswith("virtuoso") and name in VIRTUOSO_EXCEPTIONS:
        pytest.xfail(VIRTUOSO_EXCEPTIONS[name])
    text = with_project_prefixes(bind(QUERIES[name], **params))
    variables, rows = answer(engine.select(text))
    expected_variables, expected_rows = reference_answers[f"{name}#{number}"]  # type: ignore[misc]
    assert variables == expected_variables
    missing, extra = expected_rows - rows, rows - expected_rows
    assert not missing and not extra, f"missing {list(missing)[:3]}, extra {list(extra)[:3]}"


def test_every_canned_query_has_an_example_run() -> None:
    assert {name for name, _, _ in RUNS} == set(QUERIES)
    assert len(QUERIES) >= 33


@pytest.mark.parametrize("engine_name", ENGINES)
def test_sentence_with_typographic_apostrophe_is_intact_on_every_engine(
    request: pytest.FixtureRequest, engine_name: str
) -> None:
    engine = engine_for(request, engine_name)
    text = with_project_prefixes("SELECT ?text WHERE { bk:S16 nif:anchorOf ?text }")
    assert engine.select(text).column("text") == [SENTENCE_16]


@pytest.mark.parametrize("engine_name", ENGINES)
def test_every_engine_holds_as_many_triples_as_the_build(
    request: pytest.FixtureRequest, reference_kg: KnowledgeGraph, engine_name: str
) -> None:
    engine = engine_for(request, engine_name)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert engine.select(text).column("n") == [len(reference_kg.graph)]


def test_source_file_has_the_apostrophe_quoted_here(real_layout) -> None:
    assert SENTENCE_16 in real_layout.source_text.read_text(encoding="utf-8")


# --- the embedded Oxigraph engine ---------------------------------------------------------


def test_load_with_oxigraph_uses_pyoxigraph(oxigraph_kg: KnowledgeGraph) -> None:
    assert isinstance(oxigraph_kg.engine, OxigraphEngine)
    assert oxigraph_kg.sparql(GYEAR_PROBE).column("earlier") == [True]


def test_default_load_uses_rdflib(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)
    kg = balkan_kg.load()
    assert isinstance(kg.engine, RdflibEngine)
    assert kg.sparql(GYEAR_PROBE).column("earlier") == [None]


def test_oxigraph_without_reasoning_holds_only_the_asserted_triples(
    reference_kg: KnowledgeGraph,
) -> None:
    asserted = balkan_kg.load(engine="oxigraph", reasoning=False)
    assert len(asserted) < len(reference_kg)
    # bkg:NATOMemberState is a defined class: only the reasoner puts states in it.
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a bkg:NATOMemberState }"
    assert asserted.sparql(count).column("n") == [0]
    assert reference_kg.sparql(count).column("n") == [5]  # S3 and S4: five NATO members


def test_oxigraph_graph_is_parsed_only_when_asked_for(oxigraph_kg: KnowledgeGraph) -> None:
    assert len(oxigraph_kg.graph) == len(oxigraph_kg)


def test_oxigraph_engine_reports_a_bad_query_as_query_error(oxigraph_kg) -> None:
    with pytest.raises(balkan_kg.QueryError, match="query failed"):
        oxigraph_kg.sparql("SELECT * WHERE { ?s ?p }")


def test_oxigraph_engine_answers_ask_and_construct(oxigraph_kg: KnowledgeGraph) -> None:
    assert oxigraph_kg.sparql("ASK { bk:Albania a bkg:State }").boolean is True
    built = oxigraph_kg.sparql("CONSTRUCT { bk:Albania a ?c } WHERE { bk:Albania a ?c }")
    assert built.kind == "construct" and built.graph is not None
    assert URIRef(BKG + "State") in set(built.graph.objects())


def test_oxigraph_engine_reports_a_missing_file_as_input_error(tmp_path: Path) -> None:
    with pytest.raises(balkan_kg.InputError, match="file not found"):
        OxigraphEngine.from_files([tmp_path / "missing.nt"])


# --- choosing the engine ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ({}, {}, EngineChoice("rdflib")),
        ({"engine": "oxigraph"}, {}, EngineChoice("oxigraph")),
        ({}, {ENGINE_ENV: "oxigraph"}, EngineChoice("oxigraph")),
        ({}, {ENGINE_ENV: " "}, EngineChoice("rdflib")),
        ({"endpoint": "http://h/q"}, {}, EngineChoice("remote", "http://h/q")),
        ({}, {ENDPOINT_ENV: "http://h/q"}, EngineChoice("remote", "http://h/q")),
        (
            {},
            {ENDPOINT_ENV: "http://h/q", GRAPH_ENV: "http://g"},
            EngineChoice("remote", "http://h/q", "http://g"),
        ),
        ({"engine": "remote"}, {ENDPOINT_ENV: "http://h/q"}, EngineChoice("remote", "http://h/q")),
        # an argument beats the environment
        ({"engine": "rdflib"}, {ENDPOINT_ENV: "http://h/q"}, EngineChoice("rdflib")),
        (
            {"endpoint": "http://a/q"},
            {ENGINE_ENV: "oxigraph"},
            EngineChoice("remote", "http://a/q"),
        ),
        (
            {"endpoint": "http://a/q", "default_graph": "http://g1"},
            {GRAPH_ENV: "http://g2"},
            EngineChoice("remote", "http://a/q", "http://g1"),
        ),
    ],
)
def test_engine_choice_follows_arguments_then_environment(args, env, expected) -> None:
    assert choose_engine(environ=env, **args) == expected


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ({"engine": "jena"}, {}, "unknown engine 'jena'"),
        ({}, {ENGINE_ENV: "jena"}, "unknown engine 'jena' in \\$BALKAN_KG_ENGINE"),
        ({"engine": "remote"}, {}, "needs an endpoint URL"),
        ({"engine": "oxigraph", "endpoint": "http://h/q"}, {}, "runs in this process"),
        ({}, {ENGINE_ENV: "rdflib", ENDPOINT_ENV: "http://h/q"}, "contradicts"),
        ({"default_graph": "http://g"}, {}, "only used with a remote endpoint"),
    ],
)
def test_contradictory_or_incomplete_engine_choice_is_an_error(args, env, message) -> None:
    with pytest.raises(EngineError, match=message):
        choose_engine(environ=env, **args)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reasoning": False},
        {"include_external": False},
        {"build_dir": "build"},
    ],
)
def test_load_refuses_local_options_for_a_remote_endpoint(kwargs) -> None:
    with pytest.raises(EngineError, match="cannot apply to a remote endpoint"):
        balkan_kg.load(endpoint="http://127.0.0.1:9/sparql", **kwargs)


def test_load_refuses_a_timeout_for_a_local_engine() -> None:
    with pytest.raises(EngineError, match="time-out only applies"):
        balkan_kg.load(engine="oxigraph", timeout=5)


def test_remote_kg_has_no_local_graph() -> None:
    kg = balkan_kg.load(endpoint="http://127.0.0.1:9/sparql")
    assert isinstance(kg.engine, RemoteEngine)
    with pytest.raises(EngineError, match="no local rdflib graph"):
        _ = kg.graph


@pytest.mark.parametrize(
    ("argv", "env", "earlier"),
    [
        ([], {}, '""'),
        (["--engine", "rdflib"], {}, '""'),
        (["--engine", "oxigraph"], {}, "true"),
        ([], {ENGINE_ENV: "oxigraph"}, "true"),
        (["--engine", "rdflib"], {ENGINE_ENV: "oxigraph"}, '""'),
    ],
)
def test_cli_engine_option_and_variable_pick_the_engine(
    argv: list[str],
    env: dict[str, str],
    earlier: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["sparql", GYEAR_PROBE, "--format", "csv", *argv]) == 0
    assert capsys.readouterr().out.splitlines() == ["earlier", earlier]


@pytest.mark.parametrize(
    "argv",
    [
        ["--engine", "oxigraph", "--endpoint", "http://127.0.0.1:9/sparql"],
        ["--graph", "http://example.org/g"],
        ["--timeout", "3"],
        ["--endpoint", "http://127.0.0.1:9/sparql", "--no-reasoning"],
        ["--endpoint", "http://127.0.0.1:9/sparql", "--no-external"],
        ["--engine", "remote"],
    ],
)
def test_cli_option_that_would_do_nothing_is_a_usage_error(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)
    assert main(["query", "members-since", "--example", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("balkan-kg: error: ") and "Traceback" not in err


# --- Virtuoso's dialect: why three canned queries use the portable forms -----------------

VIRTUOSO_DIALECT = [
    pytest.param(
        "SELECT ?v WHERE { BIND(EXISTS { bk:Albania a bkg:State } AS ?v) }",
        ("boolean", True),
        ("integer", 1),
        id="EXISTS-is-an-integer",
    ),
    pytest.param(
        "SELECT ?v WHERE { bk:Albania a bkg:State . BIND(bk:Albania = bk:Albania AS ?v) }",
        ("boolean", True),
        ("integer", 1),
        id="comparison-is-an-integer",
    ),
    pytest.param(
        "SELECT ?v WHERE { bk:Albania a bkg:State . "
        "OPTIONAL { bk:Albania bkg:noSuchProperty ?x } BIND(?x = 1 AS ?v) }",
        None,
        ("integer", 0),
        id="unbound-operand-compares-false",
    ),
]


@pytest.mark.parametrize(("text", "spec", "virtuoso"), VIRTUOSO_DIALECT)
def test_virtuoso_differs_from_sparql_where_the_queries_say(
    virtuoso_server: Server,
    reference_kg: KnowledgeGraph,
    oxigraph_kg: KnowledgeGraph,
    text: str,
    spec: object,
    virtuoso: object,
) -> None:
    full = with_project_prefixes(text)
    engine = RemoteEngine(virtuoso_server.query_url, default_graph=GRAPH)
    assert [normal(t) for t in engine.select(full).raw_rows[0].values()] == [virtuoso]
    for kg in (reference_kg, oxigraph_kg):
        assert [normal(t) for t in kg.sparql(full).raw_rows[0].values()] == [spec]


def test_virtuoso_miscomputes_an_exists_binding_that_a_filter_reads(
    virtuoso_server: Server, reference_kg: KnowledgeGraph
) -> None:
    text = with_project_prefixes(
        "SELECT ?direct WHERE { VALUES (?directOnly) { (false) } "
        "?effect bkg:hasUnderlyingCause ?cause . "
        "BIND(xsd:boolean(EXISTS { ?effect bkg:hasCause ?cause }) AS ?direct) "
        "FILTER(!BOUND(?directOnly) || ?directOnly = false || ?direct) }"
    )
    engine = RemoteEngine(virtuoso_server.query_url, default_graph=GRAPH)
    assert answer(engine.select(text)) != answer(reference_kg.sparql(text))


def test_virtuoso_miscomputes_filter_exists_next_to_a_distinct_union_subquery(
    virtuoso_server: Server, reference_kg: KnowledgeGraph, oxigraph_kg: KnowledgeGraph
) -> None:
    text = with_project_prefixes(
        "SELECT ?fact ?qualifier WHERE { { SELECT DISTINCT ?fact WHERE { "
        "{ ?fact bkg:qualifier ?q } UNION { ?fact bkg:timeframe ?t } } } "
        "FILTER EXISTS { ?fact a bkg:Fact } OPTIONAL { ?fact bkg:qualifier ?qualifier } }"
    )
    engine = RemoteEngine(virtuoso_server.query_url, default_graph=GRAPH)
    assert answer(reference_kg.sparql(text)) == answer(oxigraph_kg.sparql(text))
    assert answer(engine.select(text)) != answer(reference_kg.sparql(text))
    portable = text.replace("FILTER EXISTS { ?fact a bkg:Fact }", "?fact a bkg:Fact .")
    assert answer(engine.select(portable)) == answer(reference_kg.sparql(portable))


# --- pyoxigraph terms become the terms rdflib's own constructors build ---------------

TERMS_NT = """\
<http://e.org/iri> <http://e.org/p> <https://w3id.org/balkan-kg/id/NATO> .
<http://e.org/iri-rdflib-warns-about> <http://e.org/p> <http://e.org/a{b}> .
<http://e.org/blank-node> <http://e.org/p> _:b1 .
<http://e.org/plain> <http://e.org/p> "Kosovo\u2019s \\"army\\"\\n\\ttwo lines" .
<http://e.org/empty> <http://e.org/p> "" .
<http://e.org/string> <http://e.org/p> "Kosovo"^^<http://www.w3.org/2001/XMLSchema#string> .
<http://e.org/language> <http://e.org/p> "Kosovo"@en-GB .
<http://e.org/integer> <http://e.org/p> "04"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/positive> <http://e.org/p> "4"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .
<http://e.org/zero> <http://e.org/p> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/negative> <http://e.org/p> "-2004"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/signed> <http://e.org/p> "+5"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/negative-zero> <http://e.org/p> "-0"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/huge> <http://e.org/p> "%s"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/true> <http://e.org/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://e.org/false> <http://e.org/p> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://e.org/decimal> <http://e.org/p> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<http://e.org/double> <http://e.org/p> "1.5E0"^^<http://www.w3.org/2001/XMLSchema#double> .
<http://e.org/boolean> <http://e.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://e.org/date> <http://e.org/p> "2004-03-29"^^<http://www.w3.org/2001/XMLSchema#date> .
<http://e.org/year> <http://e.org/p> "2009"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<http://e.org/ill-typed> <http://e.org/p> "many"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://e.org/other-type> <http://e.org/p> "x"^^<http://e.org/datatype> .
""" % ("9" * 5000)


def rdflib_built(term: object) -> Node:
    """The rdflib term that rdflib's constructors build for a pyoxigraph term."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def term_state(term: Node) -> tuple[object, ...]:
    """Everything an rdflib term is made of, its identity aside."""
    state: tuple[object, ...] = (type(term), str(term), hash(term))
    if isinstance(term, Literal):
        state += (term.language, term.datatype, term.value, term.ill_typed)
    return state


def test_oxigraph_results_are_the_terms_rdflib_builds() -> None:
    import pyoxigraph

    engine = OxigraphEngine()
    engine.store.load(TERMS_NT.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)
    stored = {str(q.subject.value): q.object for q in engine.store}
    text = "SELECT ?s ?o ?again WHERE { ?s <http://e.org/p> ?o . BIND(?o AS ?again) }"
    rows = engine.select(text).raw_rows
    assert len(rows) == len(stored) == TERMS_NT.count("\n")
    for row in rows:
        expected = rdflib_built(stored[str(row["s"])])
        assert term_state(row["o"]) == term_state(expected), row["s"]
        assert row["o"] == expected and row["again"] == expected
    graph = engine.construct(
        "CONSTRUCT { ?s <http://e.org/p> ?o } WHERE { ?s <http://e.org/p> ?o FILTER(!isBlank(?o)) }"
    )
    assert {(str(s), term_state(o)) for s, _, o in graph} == {
        (s, term_state(rdflib_built(o)))
        for s, o in stored.items()
        if not isinstance(o, pyoxigraph.BlankNode)
    }


# --- the normalisation used for the comparison ---------------------------------------------


def lit(lexical: str, datatype: str | None = None, lang: str | None = None) -> Literal:
    return Literal(lexical, datatype=URIRef(XSD + datatype) if datatype else None, lang=lang)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (lit("04", "positiveInteger"), lit("4", "integer")),
        (lit("4", "nonNegativeInteger"), lit("+4", "integer")),
        (lit("1.50", "decimal"), lit("1.5", "decimal")),
        (lit("1", "boolean"), lit("true", "boolean")),
        (lit("Kosovo"), lit("Kosovo", "string")),
        (lit("Kosovo", lang="EN"), lit("Kosovo", lang="en")),
        (BNode("a"), BNode("b")),
    ],
)
def test_literal_forms_sparql_treats_as_equal_normalise_equal(left, right) -> None:
    assert normal(left) == normal(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (lit("1", "integer"), lit("true", "boolean")),
        (lit("1", "integer"), lit("1", "decimal")),
        (lit("4", "integer"), lit("4")),
        (lit("Kosovo", lang="en"), lit("Kosovo")),
        (lit("2009", "gYear"), lit("2009", "integer")),
        (URIRef("http://e.org/x"), lit("http://e.org/x")),
    ],
)
def test_different_terms_normalise_different(left, right) -> None:
    assert normal(left) != normal(right)


def test_oxigraph_returns_derived_integer_types_as_xsd_integer(
    reference_kg: KnowledgeGraph, oxigraph_kg: KnowledgeGraph
) -> None:
    text = "SELECT ?begin WHERE { bk:S1 nif:beginIndex ?begin }"
    rdflib_term = reference_kg.sparql(text).raw_rows[0]["begin"]
    oxigraph_term = oxigraph_kg.sparql(text).raw_rows[0]["begin"]
    assert rdflib_term.datatype == URIRef(XSD + "nonNegativeInteger")
    assert oxigraph_term.datatype == URIRef(XSD + "integer")
    assert normal(rdflib_term) == normal(oxigraph_term) == ("integer", 0)  # S1 opens the text
