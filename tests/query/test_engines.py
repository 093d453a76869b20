"""Which engine answers (:mod:`balkan_kg.query.engines`), and the contract every engine keeps.

:class:`TestEngineContract` runs against every engine of ``conftest.ENGINE_NAMES``:
embedded Oxigraph, embedded rdflib (the reference), a live Oxigraph server and a live
Virtuoso 7 server, each server asked for JSON and for XML results (the servers are
started once per session by ``tests/servers.py``). Every example line of every canned
query must give the same multiset of rows as the reference, once literal forms that
SPARQL treats as equal are normalised (see :func:`normal`); rdflib itself is compared
with embedded Oxigraph.

Dialect differences found on the canned queries and what was done about them (all
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

import pyoxigraph as ox
import pytest
import rdflib

import balkan_kg
from balkan_kg.cli import main
from balkan_kg.errors import EngineError, InputError, QueryError, QueryRefusedError
from balkan_kg.namespaces import BK, BKG, RDF, XSD
from balkan_kg.query.catalog import CannedQuery, list_queries
from balkan_kg.query.engines import (
    DEFAULT_ENGINE,
    ENDPOINT_ENV,
    ENGINE_ENV,
    ENGINES,
    GRAPH_ENV,
    LOCAL_ENGINES,
    EngineChoice,
    choose_engine,
    engine_class,
    local_engine,
)
from balkan_kg.query.execute import execute
from balkan_kg.query.local import OxigraphEngine, RdflibEngine
from balkan_kg.query.remote import RemoteEngine
from balkan_kg.query.results import IRI
from balkan_kg.rdfio import bridge
from servers import GRAPH

if TYPE_CHECKING:
    from balkan_kg.query.engines import Engine
    from balkan_kg.query.results import QueryResult
    from servers import Server

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

AFTER_2010 = (
    'SELECT ?m WHERE { ?m bkg:memberDuring/bkg:beginYear ?year FILTER(?year > "2010"^^xsd:gYear) }'
)
"""S3: "Albania (2009), Montenegro (2017), and North Macedonia (2020)"; S4: Croatia (2009)
and Slovenia (2004): two memberships began after 2010."""

AFTER_2010_MEMBERSHIPS = [
    IRI(BK + "membership-montenegro-nato"),
    IRI(BK + "membership-north-macedonia-nato"),
]


def normal(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
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
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    assert isinstance(term, ox.Literal), f"unexpected term {term!r}"
    lexical = term.value.strip()
    if term.language:
        return ("lang", term.value, term.language.lower())
    datatype = term.datatype.value
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
        return ("string", term.value)
    return ("typed", datatype, lexical)


def answer(result: QueryResult) -> tuple[tuple[str, ...], Counter[tuple[object, ...]]]:
    """The projected variables and the rows as a multiset of normalised rows."""
    rows = Counter(tuple(normal(term) for term in terms) for terms in result.terms)
    return result.variables, rows


def example_runs() -> list[tuple[str, int, dict[str, str]]]:
    """Every (query, example number, parameters) of the canned query catalog."""
    return [
        (query.name, number, query.example(number))
        for query in list_queries()
        for number in range(1, len(query.examples) + 1)
    ]


RUNS = example_runs()
RUN_IDS = [f"{name}#{number}" for name, number, _ in RUNS]
QUERIES: dict[str, CannedQuery] = {q.name: q for q in list_queries()}


@pytest.fixture(scope="session")
def reference_answers(rdflib_engine: Engine) -> dict[str, object]:
    """rdflib's answer to every example run, computed once."""
    return {
        run_id: answer(execute(rdflib_engine, QUERIES[name], params))
        for run_id, (name, _, params) in zip(RUN_IDS, RUNS, strict=True)
    }


@pytest.fixture(scope="session")
def oxigraph_answers(oxigraph_engine: Engine) -> dict[str, object]:
    """Embedded Oxigraph's answer to every example run: what rdflib is compared with."""
    return {
        run_id: answer(execute(oxigraph_engine, QUERIES[name], params))
        for run_id, (name, _, params) in zip(RUN_IDS, RUNS, strict=True)
    }


@pytest.fixture(scope="session")
def build_triples(built_graph) -> int:
    """The number of triples of the build: asserted plus inferred (from its manifest)."""
    triples = built_graph.manifest["triples"]
    return int(triples["merged"]) + int(triples["inferred"])


class TestEngineContract:
    """What every engine does, whichever it is: run once per engine (``engine`` fixture)."""

    @pytest.mark.parametrize(("name", "number", "params"), RUNS, ids=RUN_IDS)
    def test_every_canned_example_gives_the_reference_rows(
        self,
        request: pytest.FixtureRequest,
        engine_name: str,
        engine: Engine,
        name: str,
        number: int,
        params: dict[str, str],
    ) -> None:
        if engine_name.startswith("virtuoso") and name in VIRTUOSO_EXCEPTIONS:
            pytest.xfail(VIRTUOSO_EXCEPTIONS[name])
        reference = "oxigraph_answers" if engine_name == "rdflib" else "reference_answers"
        expected = request.getfixturevalue(reference)[f"{name}#{number}"]
        variables, rows = answer(execute(engine, QUERIES[name], params))
        expected_variables, expected_rows = expected
        assert variables == expected_variables
        missing, extra = expected_rows - rows, rows - expected_rows
        assert not missing and not extra, f"missing {list(missing)[:3]}, extra {list(extra)[:3]}"

    def test_the_engine_holds_as_many_triples_as_the_build(
        self, engine: Engine, build_triples: int
    ) -> None:
        counted = execute(engine, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert counted.column("n") == [build_triples]

    def test_a_sentence_with_a_typographic_apostrophe_is_intact(self, engine: Engine) -> None:
        text = "SELECT ?text WHERE { bk:S16 nif:anchorOf ?text }"
        assert execute(engine, text).column("text") == [SENTENCE_16]

    def test_a_gyear_filter_keeps_the_two_accessions_after_2010(self, engine: Engine) -> None:
        assert sorted(execute(engine, AFTER_2010).column("m")) == AFTER_2010_MEMBERSHIPS

    def test_the_memberships_after_2010_are_montenegro_2017_and_north_macedonia_2020(
        self, engine: Engine
    ) -> None:
        text = (
            "SELECT ?state ?year WHERE { ?m org:member ?state ; "
            "bkg:memberDuring/bkg:beginYear ?y "
            'FILTER(?y > "2010"^^xsd:gYear) BIND(xsd:integer(STR(?y)) AS ?year) }'
        )
        assert sorted((row["state"], row["year"]) for row in execute(engine, text)) == [
            (IRI(BK + "Montenegro"), 2017),
            (IRI(BK + "NorthMacedonia"), 2020),
        ]

    def test_gyears_are_ordered(self, engine: Engine) -> None:
        text = (
            'SELECT ?ok WHERE { BIND("ordered" AS ?ok) '
            'FILTER("2009"^^xsd:gYear < "2017"^^xsd:gYear) }'
        )
        assert execute(engine, text).column("ok") == ["ordered"]

    def test_ask_answers_true_and_false(self, engine: Engine) -> None:
        # S3: Albania is a full NATO ally; S10: Serbia does not aspire to join.
        assert execute(engine, "ASK { bk:Albania a bkg:NATOMemberState }").boolean is True
        assert execute(engine, "ASK { bk:Serbia a bkg:NATOMemberState }").boolean is False

    def test_construct_answers_the_reference_triples(
        self, engine: Engine, rdflib_engine: Engine
    ) -> None:
        text = "CONSTRUCT { bk:Albania a ?c } WHERE { bk:Albania a ?c }"
        built = execute(engine, text)
        assert built.is_graph
        assert set(built.triples) == set(execute(rdflib_engine, text).triples)
        state = ox.Triple(
            ox.NamedNode(BK + "Albania"), ox.NamedNode(RDF + "type"), ox.NamedNode(BKG + "State")
        )
        assert state in built.triples

    def test_an_unbound_optional_value_is_none(self, engine: Engine) -> None:
        # S4 names Croatia and Slovenia as EU members without saying since when.
        text = (
            "SELECT ?state ?year WHERE { ?m org:member ?state ; org:organization bk:EU "
            "OPTIONAL { ?m bkg:memberDuring/bkg:beginYear ?year } }"
        )
        assert sorted(execute(engine, text).rows, key=str) == [
            {"state": IRI(BK + "Croatia"), "year": None},
            {"state": IRI(BK + "Slovenia"), "year": None},
        ]

    def test_ad_hoc_values_are_bound_the_same_way(self, engine: Engine) -> None:
        text = (
            "SELECT ?year WHERE { ?m org:member ?state ; org:organization ?org ; "
            "bkg:memberDuring/bkg:beginYear ?y BIND(xsd:integer(STR(?y)) AS ?year) }"
        )
        params = {"state": IRI("bk:Montenegro"), "org": IRI(BK + "NATO")}
        assert execute(engine, text, params).column("year") == [2017]  # S3

    def test_a_malformed_query_is_a_query_error(self, engine: Engine) -> None:
        with pytest.raises(QueryError):
            execute(engine, "SELECT * WHERE { ?s ?p }")

    def test_an_update_is_refused_and_changes_nothing(
        self, engine: Engine, build_triples: int
    ) -> None:
        with pytest.raises(QueryRefusedError):
            execute(engine, "DELETE WHERE { ?s ?p ?o }")
        counted = execute(engine, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert counted.column("n") == [build_triples]


def test_every_canned_query_has_an_example_run() -> None:
    assert {name for name, _, _ in RUNS} == set(QUERIES)
    assert len(QUERIES) >= 33


def test_source_file_has_the_apostrophe_quoted_here(real_layout) -> None:
    assert SENTENCE_16 in real_layout.source_text.read_text(encoding="utf-8")


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


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server: Server) -> RemoteEngine:
    return RemoteEngine(virtuoso_server.query_url, default_graph=GRAPH)


@pytest.mark.parametrize(("text", "spec", "dialect"), VIRTUOSO_DIALECT)
def test_virtuoso_differs_from_sparql_where_the_queries_say(
    virtuoso: RemoteEngine,
    rdflib_engine: Engine,
    oxigraph_engine: Engine,
    text: str,
    spec: object,
    dialect: object,
) -> None:
    assert [normal(t) for t in execute(virtuoso, text).terms[0]] == [dialect]
    for engine in (rdflib_engine, oxigraph_engine):
        assert [normal(t) for t in execute(engine, text).terms[0]] == [spec]


def test_virtuoso_miscomputes_an_exists_binding_that_a_filter_reads(
    virtuoso: RemoteEngine, rdflib_engine: Engine
) -> None:
    text = (
        "SELECT ?direct WHERE { VALUES (?directOnly) { (false) } "
        "?effect bkg:hasUnderlyingCause ?cause . "
        "BIND(xsd:boolean(EXISTS { ?effect bkg:hasCause ?cause }) AS ?direct) "
        "FILTER(!BOUND(?directOnly) || ?directOnly = false || ?direct) }"
    )
    assert answer(execute(virtuoso, text)) != answer(execute(rdflib_engine, text))


def test_virtuoso_miscomputes_filter_exists_next_to_a_distinct_union_subquery(
    virtuoso: RemoteEngine, rdflib_engine: Engine, oxigraph_engine: Engine
) -> None:
    text = (
        "SELECT ?fact ?qualifier WHERE { { SELECT DISTINCT ?fact WHERE { "
        "{ ?q bkg:qualifies ?fact } UNION { ?fact bkg:validDuring ?t } } } "
        "FILTER EXISTS { ?fact a bkg:Fact } "
        "OPTIONAL { ?qualifier bkg:qualifies ?fact } }"
    )
    reference = answer(execute(rdflib_engine, text))
    assert reference == answer(execute(oxigraph_engine, text))
    assert answer(execute(virtuoso, text)) != reference
    portable = text.replace("FILTER EXISTS { ?fact a bkg:Fact }", "?fact a bkg:Fact .")
    assert answer(execute(virtuoso, portable)) == answer(execute(rdflib_engine, portable))


# --- the embedded engines answer the terms they hold ----------------------------------------

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


@pytest.fixture(scope="module")
def stored() -> dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]:
    """Subject IRI -> the object of :data:`TERMS_NT`, as written."""
    quads = ox.parse(TERMS_NT, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return {quad.subject.value: quad.object for quad in quads}


BAD_IRI = "<http://e.org/a{b}>"
"""An IRI rdflib holds with a warning and pyoxigraph (RFC 3987) only when lenient."""


def terms_engine(name: str) -> Engine:
    if name == "oxigraph":
        engine = OxigraphEngine()
        engine.store.load(TERMS_NT.encode(), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return engine
    lines = [line for line in TERMS_NT.splitlines() if BAD_IRI not in line]
    return RdflibEngine(rdflib.Graph().parse(data="\n".join(lines), format="nt"))


def held(engine: Engine) -> dict[str, object]:
    """Subject IRI -> object, as the engine's store or graph holds it."""
    if isinstance(engine, OxigraphEngine):
        return {quad.subject.value: quad.object for quad in engine.store}
    return {str(s): bridge.to_oxigraph(o) for s, _, o in engine.graph}


@pytest.mark.parametrize("name", LOCAL_ENGINES)
def test_the_embedded_engines_answer_the_terms_they_hold(name: str, stored) -> None:
    engine = terms_engine(name)
    holds = held(engine)
    text = "SELECT ?s ?o ?again WHERE { ?s <http://e.org/p> ?o . BIND(?o AS ?again) }"
    result = execute(engine, text)
    assert len(result) == len(holds) == TERMS_NT.count("\n") - (name == "rdflib")
    for subject, term, again in result.terms:
        written = stored[subject.value]
        assert again == term, subject
        if isinstance(written, ox.BlankNode):
            assert isinstance(term, ox.BlankNode), subject
            continue
        assert term == holds[subject.value], subject
        # Both libraries keep some values in their canonical form only ("04" as "4").
        assert term == written or normal(term) == normal(written), subject


def test_an_iri_pyoxigraph_refuses_fails_the_rdflib_query_with_a_query_error() -> None:
    # Answers are pyoxigraph terms, which hold only valid IRIs. The build's files never
    # hold such an IRI: they are read by pyoxigraph, strictly.
    engine = RdflibEngine(rdflib.Graph().parse(data=TERMS_NT, format="nt"))
    with pytest.raises(QueryError, match="^query failed: .*'\\{'"):
        execute(engine, "SELECT ?o WHERE { ?s ?p ?o }")


def test_oxigraph_returns_derived_integer_types_as_xsd_integer(
    rdflib_engine: Engine, oxigraph_engine: Engine
) -> None:
    text = "SELECT ?begin WHERE { bk:S1 nif:beginIndex ?begin }"
    (by_rdflib,) = execute(rdflib_engine, text).terms[0]
    (by_oxigraph,) = execute(oxigraph_engine, text).terms[0]
    assert by_rdflib.datatype.value == XSD + "nonNegativeInteger"  # as data/source.ttl has it
    assert by_oxigraph.datatype.value == XSD + "integer"
    assert normal(by_rdflib) == normal(by_oxigraph) == ("integer", 0)  # S1 opens the text


# --- the normalisation used for the comparison ---------------------------------------------


def lit(lexical: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang is not None:
        return ox.Literal(lexical, language=lang)
    if datatype is not None:
        return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))
    return ox.Literal(lexical)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (lit("04", "positiveInteger"), lit("4", "integer")),
        (lit("4", "nonNegativeInteger"), lit("+4", "integer")),
        (lit("1.50", "decimal"), lit("1.5", "decimal")),
        (lit("1.5E0", "double"), lit("1.5", "double")),
        (lit("1", "boolean"), lit("true", "boolean")),
        (lit("Kosovo"), lit("Kosovo", "string")),
        (lit("Kosovo", lang="EN"), lit("Kosovo", lang="en")),
        (ox.BlankNode("a"), ox.BlankNode("b")),
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
        (ox.NamedNode("http://e.org/x"), lit("http://e.org/x")),
        (ox.NamedNode("http://e.org/x"), None),
    ],
)
def test_different_terms_normalise_different(left, right) -> None:
    assert normal(left) != normal(right)


# --- choosing the engine ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ({}, {}, EngineChoice("oxigraph", "default")),
        ({}, {ENGINE_ENV: " ", ENDPOINT_ENV: ""}, EngineChoice("oxigraph", "default")),
        # $BALKAN_KG_GRAPH applies to a remote store only
        ({}, {GRAPH_ENV: "http://g"}, EngineChoice("oxigraph", "default")),
        ({"engine": "oxigraph"}, {}, EngineChoice("oxigraph", "argument")),
        ({"engine": "rdflib"}, {}, EngineChoice("rdflib", "argument")),
        ({}, {ENGINE_ENV: "rdflib"}, EngineChoice("rdflib", "environment")),
        ({}, {ENGINE_ENV: " rdflib "}, EngineChoice("rdflib", "environment")),
        ({"endpoint": "http://h/q"}, {}, EngineChoice("remote", "argument", "http://h/q")),
        ({}, {ENDPOINT_ENV: "http://h/q"}, EngineChoice("remote", "environment", "http://h/q")),
        (
            {},
            {ENGINE_ENV: "remote", ENDPOINT_ENV: "http://h/q"},
            EngineChoice("remote", "environment", "http://h/q"),
        ),
        (
            {},
            {ENDPOINT_ENV: "http://h/q", GRAPH_ENV: "http://g"},
            EngineChoice("remote", "environment", "http://h/q", "http://g"),
        ),
        (
            {"engine": "remote"},
            {ENDPOINT_ENV: "http://h/q"},
            EngineChoice("remote", "argument", "http://h/q"),
        ),
        # an argument beats the environment
        ({"engine": "rdflib"}, {ENDPOINT_ENV: "http://h/q"}, EngineChoice("rdflib", "argument")),
        ({"engine": "oxigraph"}, {ENGINE_ENV: "rdflib"}, EngineChoice("oxigraph", "argument")),
        (
            {"endpoint": "http://a/q"},
            {ENGINE_ENV: "oxigraph"},
            EngineChoice("remote", "argument", "http://a/q"),
        ),
        (
            {"endpoint": "http://a/q", "default_graph": "http://g1"},
            {GRAPH_ENV: "http://g2"},
            EngineChoice("remote", "argument", "http://a/q", "http://g1"),
        ),
        (
            {"endpoint": "http://a/q"},
            {GRAPH_ENV: "http://g2"},
            EngineChoice("remote", "argument", "http://a/q", "http://g2"),
        ),
    ],
)
def test_engine_choice_follows_arguments_then_environment_then_the_default(
    args, env, expected
) -> None:
    choice = choose_engine(environ=env, **args)
    assert choice == expected
    assert choice.chosen is (expected.source != "default")
    assert choice.local is (expected.name != "remote")


def test_the_default_is_embedded_oxigraph() -> None:
    assert DEFAULT_ENGINE == "oxigraph" and DEFAULT_ENGINE in LOCAL_ENGINES
    choice = choose_engine(environ={})
    assert (choice.name, choice.source, choice.chosen, choice.local) == (
        "oxigraph",
        "default",
        False,
        True,
    )


def test_without_an_environment_given_the_process_environment_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv(ENGINE_ENV, "rdflib")
    assert choose_engine() == EngineChoice("rdflib", "environment")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            {"engine": "jena"},
            {},
            "unknown engine 'jena' \\(choose from oxigraph, rdflib, remote\\)",
        ),
        ({}, {ENGINE_ENV: "jena"}, "unknown engine 'jena' in \\$BALKAN_KG_ENGINE"),
        ({"engine": "remote"}, {}, "needs an endpoint URL \\(--endpoint or \\$BALKAN_KG_ENDPOINT"),
        ({}, {ENGINE_ENV: "remote"}, "needs an endpoint URL"),
        ({"engine": "oxigraph", "endpoint": "http://h/q"}, {}, "runs in this process"),
        ({}, {ENGINE_ENV: "rdflib", ENDPOINT_ENV: "http://h/q"}, "contradicts"),
        (
            {"default_graph": "http://g"},
            {},
            "only used with a remote endpoint, not engine 'oxigraph'",
        ),
        ({"engine": "rdflib", "default_graph": "http://g"}, {}, "not engine 'rdflib'"),
    ],
)
def test_contradictory_or_incomplete_engine_choice_is_an_error(args, env, message) -> None:
    with pytest.raises(EngineError, match=message):
        choose_engine(environ=env, **args)


# --- the registry ---------------------------------------------------------------------------


def test_every_registered_engine_imports_as_the_class_of_that_name() -> None:
    assert set(ENGINES) == {"oxigraph", "rdflib", "remote"}
    assert set(LOCAL_ENGINES) < set(ENGINES)
    assert engine_class("oxigraph") is OxigraphEngine
    assert engine_class("rdflib") is RdflibEngine
    assert engine_class("remote") is RemoteEngine
    for name in ENGINES:
        cls = engine_class(name)
        assert cls.name == name and callable(cls.evaluate)
    for name in LOCAL_ENGINES:
        assert callable(engine_class(name).from_files)


def test_an_unknown_engine_class_is_an_error() -> None:
    with pytest.raises(EngineError, match="unknown engine 'jena'"):
        engine_class("jena")


@pytest.mark.parametrize("name", LOCAL_ENGINES)
def test_local_engine_loads_the_build(name: str, built_graph, build_triples: int) -> None:
    engine = local_engine(name, built_graph.query_files())
    assert isinstance(engine, engine_class(name))
    assert len(engine) == build_triples


def test_local_engine_refuses_the_remote_engine_and_reports_missing_files(
    tmp_path: Path,
) -> None:
    with pytest.raises(
        EngineError, match="'remote' is not a local engine \\(local: oxigraph, rdflib\\)"
    ):
        local_engine("remote", [])
    with pytest.raises(InputError, match="file not found"):
        local_engine("oxigraph", [tmp_path / "missing.nt"])


# --- choosing the engine through load() and the command line -------------------------------


@pytest.fixture
def no_engine_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)


@pytest.mark.usefixtures("no_engine_environment")
def test_default_load_uses_embedded_oxigraph() -> None:
    kg = balkan_kg.load()
    assert kg.engine.name == "oxigraph"  # in a worker process (query.isolation)
    assert sorted(kg.sparql(AFTER_2010).column("m")) == AFTER_2010_MEMBERSHIPS


def test_oxigraph_without_reasoning_holds_only_the_asserted_triples(
    rdflib_engine: Engine, built_graph
) -> None:
    asserted = balkan_kg.load(engine="oxigraph", reasoning=False)
    assert len(asserted) == built_graph.manifest["triples"]["merged"]
    # bkg:NATOMemberState is a defined class: only the reasoner puts states in it.
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a bkg:NATOMemberState }"
    assert asserted.sparql(count).column("n") == [0]
    # S3 and S4 name five NATO members; the external facts add the four that do not
    # recognise Kosovo (Greece, Romania, Slovakia, Spain).
    assert execute(rdflib_engine, count).column("n") == [9]


def test_oxigraph_graph_is_parsed_when_asked_for() -> None:
    kg = balkan_kg.load(engine="oxigraph")
    assert len(kg.graph) == len(kg)


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


def test_load_takes_a_time_limit_for_a_local_engine() -> None:
    with balkan_kg.load(engine="oxigraph", timeout=5) as kg:
        assert kg.limits.timeout == 5


def test_remote_kg_has_no_local_graph() -> None:
    kg = balkan_kg.load(endpoint="http://127.0.0.1:9/sparql")
    assert isinstance(kg.engine, RemoteEngine)
    with pytest.raises(EngineError, match="no local rdflib graph"):
        _ = kg.graph


ENGINE_PROBE = "SELECT (DATATYPE(?b) AS ?t) WHERE { bk:S1 nif:beginIndex ?b }"
"""data/source.ttl types offsets xsd:nonNegativeInteger; Oxigraph answers xsd:integer."""


@pytest.mark.usefixtures("no_engine_environment")
@pytest.mark.parametrize(
    ("argv", "env", "datatype"),
    [
        ([], {}, "integer"),
        (["--engine", "oxigraph"], {}, "integer"),
        (["--engine", "rdflib"], {}, "nonNegativeInteger"),
        ([], {ENGINE_ENV: "rdflib"}, "nonNegativeInteger"),
        (["--engine", "oxigraph"], {ENGINE_ENV: "rdflib"}, "integer"),
    ],
)
def test_cli_engine_option_and_variable_pick_the_engine(
    argv: list[str],
    env: dict[str, str],
    datatype: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["sparql", ENGINE_PROBE, "--format", "csv", *argv]) == 0
    assert capsys.readouterr().out.splitlines() == ["t", XSD + datatype]


@pytest.mark.usefixtures("no_engine_environment")
@pytest.mark.parametrize(
    "argv",
    [
        ["--engine", "oxigraph", "--endpoint", "http://127.0.0.1:9/sparql"],
        ["--graph", "http://example.org/g"],
        ["--endpoint", "http://127.0.0.1:9/sparql", "--no-reasoning"],
        ["--endpoint", "http://127.0.0.1:9/sparql", "--no-external"],
        ["--engine", "remote"],
    ],
)
def test_cli_option_that_would_do_nothing_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "members-since", "--example", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("balkan-kg: error: ") and "Traceback" not in err
