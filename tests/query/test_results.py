"""Query results (:mod:`balkan_kg.query.results`): Python values, the W3C formats, tables,
DataFrames.

Every format :meth:`QueryResult.serialize` writes is read back by parsers of that format
(pyoxigraph's and rdflib's result parsers, the csv module, rdflib's and pyoxigraph's RDF
parsers) and compared with the terms the result holds; the structure of the JSON and
XML documents is checked against the W3C SPARQL 1.1 results formats themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.query import Result

from balkan_kg.namespaces import BK, BKG, NIF, RDF
from balkan_kg.query.results import (
    IRI,
    MEDIA_TYPES,
    RESULT_FORMATS,
    TABLE_CELL_WIDTH,
    BlankNode,
    QueryResult,
    show_term,
    to_python,
)
from balkan_kg.rdfio import bridge

XSD = "http://www.w3.org/2001/XMLSchema#"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def typed(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=iri(XSD + datatype))


# --- terms as Python values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected", "kind"),
    [
        (iri(BK + "NATO"), BK + "NATO", IRI),
        (ox.Literal("plain"), "plain", str),
        (typed("typed", "string"), "typed", str),
        (ox.Literal("Srbija", language="sr"), "Srbija", str),
        (typed("2009", "integer"), 2009, int),
        (typed("+5", "integer"), 5, int),
        (typed("7", "nonNegativeInteger"), 7, int),
        (typed("-7", "negativeInteger"), -7, int),
        (typed("300", "short"), 300, int),
        (typed("1", "unsignedByte"), 1, int),
        (typed("1.50", "decimal"), Decimal("1.50"), Decimal),
        (typed("2.5E0", "double"), 2.5, float),
        (typed("0.5", "float"), 0.5, float),
        (typed("INF", "double"), math.inf, float),
        (typed("-INF", "float"), -math.inf, float),
        (typed("true", "boolean"), True, bool),
        (typed("1", "boolean"), True, bool),
        (typed("false", "boolean"), False, bool),
        (typed("0", "boolean"), False, bool),
        (typed("2020-03-27", "date"), dt.date(2020, 3, 27), dt.date),
        (typed("2017-06-05T10:00:00", "dateTime"), dt.datetime(2017, 6, 5, 10), dt.datetime),
        (
            typed("2017-06-05T10:00:00Z", "dateTime"),
            dt.datetime(2017, 6, 5, 10, tzinfo=dt.UTC),
            dt.datetime,
        ),
        (typed("2009", "gYear"), 2009, int),
        (typed("2009Z", "gYear"), 2009, int),
        (typed("2009+02:00", "gYear"), 2009, int),
        (typed("-0044", "gYear"), -44, int),
        # ill-typed values and other datatypes keep their lexical form
        (typed("abc", "integer"), "abc", str),
        (typed("maybe", "boolean"), "maybe", str),
        (typed("1.5.1", "decimal"), "1.5.1", str),
        (typed("2020-02-30", "date"), "2020-02-30", str),
        (typed("09", "gYear"), "09", str),
        (typed("P1Y", "duration"), "P1Y", str),
        (ox.Literal("x", datatype=iri("http://example.org/dt")), "x", str),
    ],
)
def test_terms_convert_to_python_values(term: ox.Literal, expected: object, kind: type) -> None:
    value = to_python(term)
    assert value == expected
    assert type(value) is kind


def test_nan_converts_to_a_float_nan() -> None:
    value = to_python(typed("NaN", "double"))
    assert isinstance(value, float) and math.isnan(value)


def test_unbound_is_none_and_blank_nodes_are_labelled() -> None:
    assert to_python(None) is None
    value = to_python(ox.BlankNode("b1"))
    assert type(value) is BlankNode and value == "b1"
    assert repr(value) == "BlankNode('b1')"


def test_iri_is_a_str_with_a_telling_repr() -> None:
    value = IRI(BK + "NATO")
    assert isinstance(value, str) and value == BK + "NATO"
    assert repr(value) == f"IRI('{BK}NATO')"
    assert value.short == "bk:NATO"
    assert IRI("https://example.org/x").short == "<https://example.org/x>"


@pytest.mark.parametrize(
    ("term", "shown"),
    [
        (None, ""),
        (iri(BK + "NATO"), "bk:NATO"),
        (iri("https://example.org/x"), "<https://example.org/x>"),
        (ox.BlankNode("b1"), "_:b1"),
        (ox.Literal("two\n  lines\tand tab"), "two lines and tab"),
        (ox.Literal("Srbija", language="sr"), "Srbija"),
        (typed("2009", "gYear"), "2009"),
    ],
)
def test_terms_are_shown_in_tables_as_people_read_them(term: object, shown: str) -> None:
    assert show_term(term) == shown


# --- a SELECT result -----------------------------------------------------------------------

VARIABLES = ("state", "label", "since", "note", "n", "share", "flag", "day", "other")
ROW_1 = (
    iri(BK + "Albania"),
    ox.Literal("Albania", language="en"),
    typed("2009", "gYear"),
    ox.Literal('said "yes", later'),
    typed("4", "integer"),
    typed("0.5", "decimal"),
    typed("true", "boolean"),
    typed("2009-04-01", "date"),
    ox.Literal("x", datatype=iri("http://example.org/dt")),
)
ROW_2 = (
    ox.BlankNode("x1"),
    ox.Literal("line\nbreak,\ttab \\ and \u2019"),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
)
ROW_3 = (None,) * len(VARIABLES)


@pytest.fixture
def result() -> QueryResult:
    return QueryResult("SELECT", VARIABLES, [ROW_1, ROW_2, ROW_3])


def same_terms(found: list[tuple[object, ...]], expected: list[tuple[object, ...]]) -> bool:
    """Whether two lists of rows hold the same terms, blank node labels aside."""

    def plain(term: object) -> object:
        return "a blank node" if isinstance(term, ox.BlankNode) else term

    return [tuple(map(plain, row)) for row in found] == [tuple(map(plain, row)) for row in expected]


def test_rows_are_python_values_and_terms_stay_terms(result: QueryResult) -> None:
    assert result.terms[0] == ROW_1
    assert result.rows[0] == {
        "state": IRI(BK + "Albania"),
        "label": "Albania",
        "since": 2009,
        "note": 'said "yes", later',
        "n": 4,
        "share": Decimal("0.5"),
        "flag": True,
        "day": dt.date(2009, 4, 1),
        "other": "x",
    }
    assert result.rows[1]["state"] == BlankNode("x1")
    assert result.rows[1]["since"] is None
    assert result.rows[2] == dict.fromkeys(VARIABLES)
    assert list(result) == result.rows
    assert all(list(row) == list(VARIABLES) for row in result)


def test_a_column_is_the_values_of_one_variable(result: QueryResult) -> None:
    assert result.column("n") == [4, None, None]
    assert result.column("state") == [IRI(BK + "Albania"), BlankNode("x1"), None]
    with pytest.raises(
        KeyError, match=f"no variable 'missing' \\(variables: {', '.join(VARIABLES)}"
    ):
        result.column("missing")


def test_length_and_truth_of_a_select_result(result: QueryResult) -> None:
    assert len(result) == 3 and result
    empty = QueryResult("SELECT", ("x",), [])
    assert len(empty) == 0 and not empty
    assert empty.rows == [] and empty.column("x") == []


def test_a_select_result_is_not_a_graph(result: QueryResult) -> None:
    assert not result.is_graph
    with pytest.raises(TypeError, match="a SELECT result is not a graph"):
        _ = result.graph


# --- SELECT results in the W3C formats, read back by their parsers ------------------------


@pytest.mark.parametrize(
    ("name", "oxigraph_format"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_pyoxigraph_reads_back_the_same_solutions(
    result: QueryResult, name: str, oxigraph_format: ox.QueryResultsFormat
) -> None:
    solutions = ox.parse_query_results(result.serialize(name), format=oxigraph_format)
    assert tuple(v.value for v in solutions.variables) == VARIABLES
    found = [tuple(solution[v] for v in VARIABLES) for solution in solutions]
    assert same_terms(found, result.terms)


@pytest.mark.parametrize("name", ["json", "xml", "tsv"])
def test_rdflib_reads_back_the_same_solutions(result: QueryResult, name: str) -> None:
    parsed = Result.parse(io.StringIO(result.serialize(name)), format=name)
    assert parsed.type == "SELECT"
    assert tuple(str(v) for v in parsed.vars) == VARIABLES
    found = [
        tuple(
            None
            if binding.get(rdflib.Variable(v)) is None
            else bridge.to_oxigraph(binding[rdflib.Variable(v)])
            for v in VARIABLES
        )
        for binding in parsed.bindings
    ]
    assert same_terms(found, result.terms)


def test_a_literal_with_a_carriage_return_survives_every_format() -> None:
    # XML parsers turn a raw CR into LF (XML 1.0 section 2.11): it must be written &#13;.
    value = "one\r\ntwo\rthree"
    crlf = QueryResult("SELECT", ("v",), [(ox.Literal(value),)])
    for name, oxigraph_format in [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ]:
        text = crlf.serialize(name)
        (solution,) = ox.parse_query_results(text, format=oxigraph_format)
        assert solution["v"] == ox.Literal(value), name
        (row,) = Result.parse(io.StringIO(text), format=name)
        assert str(row[0]) == value, name
    (row,) = list(csv.reader(io.StringIO(crlf.serialize("csv"), newline="")))[1:]
    assert row == [value]


def test_json_follows_the_w3c_results_format(result: QueryResult) -> None:
    document = json.loads(result.serialize("json"))
    assert document["head"] == {"vars": list(VARIABLES)}
    first, second, third = document["results"]["bindings"]
    assert first["state"] == {"type": "uri", "value": BK + "Albania"}
    assert first["label"] == {"type": "literal", "value": "Albania", "xml:lang": "en"}
    assert first["since"] == {"type": "literal", "value": "2009", "datatype": XSD + "gYear"}
    assert first["note"] == {"type": "literal", "value": 'said "yes", later'}  # xsd:string
    assert first["n"] == {"type": "literal", "value": "4", "datatype": XSD + "integer"}
    assert second["state"]["type"] == "bnode"
    assert set(second) == {"state", "label"}  # unbound variables are left out
    assert third == {}


def test_xml_follows_the_w3c_results_format(result: QueryResult) -> None:
    root = ET.fromstring(result.serialize("xml"))
    assert root.tag == f"{SPARQL_RESULTS}sparql"
    names = [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")]
    assert names == list(VARIABLES)
    first, second, third = root.iter(f"{SPARQL_RESULTS}result")
    bindings = {b.get("name"): b[0] for b in first}
    assert (bindings["state"].tag, bindings["state"].text) == (
        f"{SPARQL_RESULTS}uri",
        BK + "Albania",
    )
    assert bindings["label"].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert bindings["since"].get("datatype") == XSD + "gYear"
    assert [b.get("name") for b in second] == ["state", "label"]
    assert second[0][0].tag == f"{SPARQL_RESULTS}bnode"
    assert len(third) == 0


def test_csv_follows_the_w3c_results_format(result: QueryResult) -> None:
    text = result.serialize("csv")
    assert text.startswith(",".join(VARIABLES) + "\r\n")  # RFC 4180: CRLF ends each line
    header, first, second, third = list(csv.reader(io.StringIO(text, newline="")))
    assert header == list(VARIABLES)
    # IRIs bare, literals as their lexical form only, blank nodes as _:label, unbound empty
    assert first == [
        BK + "Albania",
        "Albania",
        "2009",
        'said "yes", later',
        "4",
        "0.5",
        "true",
        "2009-04-01",
        "x",
    ]
    assert (
        second[0].startswith("_:") and second[1:] == ["line\nbreak,\ttab \\ and \u2019"] + [""] * 7
    )
    assert third == [""] * len(VARIABLES)
    assert '"said ""yes"", later"' in text


def test_rdflib_reads_the_csv_as_the_spec_says_it_is_lossy(result: QueryResult) -> None:
    parsed = Result.parse(io.StringIO(result.serialize("csv")), format="csv")
    assert tuple(str(v) for v in parsed.vars) == VARIABLES
    first, second, _ = parsed.bindings
    assert first[rdflib.Variable("state")] == rdflib.URIRef(BK + "Albania")
    assert first[rdflib.Variable("since")] == rdflib.Literal("2009")  # no datatype any more
    assert first[rdflib.Variable("label")] == rdflib.Literal("Albania")  # no language
    assert isinstance(second[rdflib.Variable("state")], rdflib.BNode)


def test_tsv_writes_terms_in_sparql_syntax(result: QueryResult) -> None:
    lines = result.serialize("tsv").split("\n")
    assert lines[0] == "\t".join(f"?{v}" for v in VARIABLES)
    assert lines[1].split("\t")[0] == f"<{BK}Albania>"
    assert lines[1].split("\t")[1] == '"Albania"@en'
    assert lines[2].count("\t") == len(VARIABLES) - 1  # the tab inside a literal is escaped


def test_an_empty_select_result_in_every_format() -> None:
    empty = QueryResult("SELECT", ("a", "b"), [])
    assert json.loads(empty.serialize("json")) == {
        "head": {"vars": ["a", "b"]},
        "results": {"bindings": []},
    }
    assert list(csv.reader(io.StringIO(empty.serialize("csv"), newline=""))) == [["a", "b"]]
    for name in ("xml", "tsv"):
        parsed = Result.parse(io.StringIO(empty.serialize(name)), format=name)
        assert [str(v) for v in parsed.vars] == ["a", "b"] and list(parsed.bindings) == []


def test_a_result_without_variables_has_one_empty_solution_per_row() -> None:
    # SELECT * WHERE {} has no variables and one solution
    unit = QueryResult("SELECT", (), [()])
    assert json.loads(unit.serialize("json")) == {
        "head": {"vars": []},
        "results": {"bindings": [{}]},
    }
    assert (
        len(list(ox.parse_query_results(unit.serialize("xml"), format=ox.QueryResultsFormat.XML)))
        == 1
    )


def test_a_select_result_refuses_graph_formats(result: QueryResult) -> None:
    for name in ("turtle", "nt", "jsonld", "html"):
        with pytest.raises(ValueError, match=f"written as json, xml, csv, tsv, not '{name}'"):
            result.serialize(name)


def test_every_format_has_its_media_type() -> None:
    assert RESULT_FORMATS == ("json", "xml", "csv", "tsv")
    assert MEDIA_TYPES == {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "turtle": "text/turtle",
        "nt": "application/n-triples",
        "jsonld": "application/ld+json",
    }


# --- ASK -------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [True, False])
def test_an_ask_result_is_its_answer(answer: bool) -> None:
    ask = QueryResult("ASK", boolean=answer)
    assert bool(ask) is answer
    assert len(ask) == 0
    assert ask.to_table() == ("true" if answer else "false")
    with pytest.raises(TypeError, match=r"a ASK result has no rows: use bool\(result\)"):
        iter(ask).__next__()
    with pytest.raises(TypeError):
        _ = ask.rows
    with pytest.raises(TypeError, match="a ASK result is not a graph"):
        _ = ask.graph


@pytest.mark.parametrize("answer", [True, False])
def test_an_ask_result_in_the_w3c_formats(answer: bool) -> None:
    ask = QueryResult("ASK", boolean=answer)
    assert json.loads(ask.serialize("json")) == {"head": {}, "boolean": answer}
    root = ET.fromstring(ask.serialize("xml"))
    assert root.find(f"{SPARQL_RESULTS}boolean").text == ("true" if answer else "false")
    for name, oxigraph_format in [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ]:
        assert bool(ox.parse_query_results(ask.serialize(name), format=oxigraph_format)) is answer
    for name in ("json", "xml"):
        parsed = Result.parse(io.StringIO(ask.serialize(name)), format=name)
        assert parsed.type == "ASK" and parsed.askAnswer is answer
    # The CSV and TSV formats cover SELECT results only; the answer is written as one word.
    assert list(csv.reader(io.StringIO(ask.serialize("csv")))) == [[str(answer).lower()]]


# --- CONSTRUCT and DESCRIBE ------------------------------------------------------------------

SPAN = BK + "report-excerpt#char=0,75"
TRIPLES = [
    ox.Triple(iri(BK + "Albania"), iri(RDF + "type"), iri(BKG + "State")),
    ox.Triple(iri(BK + "Albania"), iri(BKG + "label"), ox.Literal("Albania", language="en")),
    ox.Triple(iri(BK + "S16"), iri(NIF + "anchorOf"), ox.Literal('Kosovo\u2019s "KSF"\r\nline')),
    ox.Triple(iri(BK + "fact"), iri(BKG + "evidence"), iri(SPAN)),
    ox.Triple(iri(BK + "fact"), iri(BKG + "year"), typed("2018", "gYear")),
    ox.Triple(iri(BK + "fact"), iri(BKG + "count"), typed("4", "nonNegativeInteger")),
    ox.Triple(iri(BK + "fact"), iri(BKG + "qualifier"), ox.BlankNode("q")),
    ox.Triple(ox.BlankNode("q"), iri(BKG + "note"), ox.Literal("a blank node's value")),
    ox.Triple(iri("http://example.org/other"), iri(BKG + "note"), ox.Literal("")),
]


@pytest.fixture
def graph_result() -> QueryResult:
    return QueryResult("CONSTRUCT", triples=list(TRIPLES))


def rdflib_of(triples: list[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in triples:
        graph.add(tuple(bridge.to_rdflib(term) for term in (t.subject, t.predicate, t.object)))
    return graph


def canonical(triples) -> set[ox.Triple]:
    """The triples with blank nodes relabelled by RDFC-1.0 (pyoxigraph's canonicalisation)."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {quad.triple for quad in dataset}


@pytest.mark.parametrize(
    ("name", "rdflib_format", "oxigraph_format"),
    [
        ("turtle", "turtle", ox.RdfFormat.TURTLE),
        ("nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ],
)
def test_graph_formats_are_read_back_as_the_same_graph(
    graph_result: QueryResult, name: str, rdflib_format: str, oxigraph_format: ox.RdfFormat
) -> None:
    text = graph_result.serialize(name)
    by_rdflib = rdflib.Graph().parse(data=text, format=rdflib_format)
    assert isomorphic(by_rdflib, rdflib_of(TRIPLES))
    by_oxigraph = [quad.triple for quad in ox.parse(text, format=oxigraph_format)]
    assert canonical(by_oxigraph) == canonical(TRIPLES)


def test_a_graph_result_is_its_triples(graph_result: QueryResult) -> None:
    assert graph_result.is_graph and len(graph_result) == len(TRIPLES) and graph_result
    assert isomorphic(graph_result.graph, rdflib_of(TRIPLES))
    with pytest.raises(TypeError, match=r"a CONSTRUCT result has no rows: use result.triples"):
        list(graph_result)
    with pytest.raises(TypeError):
        graph_result.to_dataframe()
    empty = QueryResult("DESCRIBE")
    assert empty.is_graph and not empty and len(empty.graph) == 0


def test_a_graph_result_refuses_the_results_formats(graph_result: QueryResult) -> None:
    for name in RESULT_FORMATS:
        with pytest.raises(ValueError, match="a CONSTRUCT result is a graph: choose from"):
            graph_result.serialize(name)


def test_a_graph_is_shown_as_a_table_of_triples() -> None:
    shown = QueryResult(
        "CONSTRUCT",
        triples=[
            ox.Triple(iri(BK + "b"), iri(BKG + "p"), ox.Literal("two")),
            ox.Triple(iri(BK + "a"), iri(BKG + "p"), ox.Literal("one")),
        ],
    )
    assert shown.to_table() == (
        "subject  predicate  object\n"
        "-------  ---------  ------\n"
        "bk:a     bkg:p      one\n"
        "bk:b     bkg:p      two\n"
        "(2 triples)"
    )


# --- from pyoxigraph's answers --------------------------------------------------------------


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(iri(BK + "Albania"), iri(RDF + "type"), iri(BKG + "State")))
    return store


def test_pyoxigraph_answers_become_results_of_their_form(store: ox.Store) -> None:
    select = QueryResult.from_oxigraph(store.query("SELECT ?s ?none { ?s ?p ?o }"), "SELECT")
    assert select.variables == ("s", "none")
    assert select.terms == [(iri(BK + "Albania"), None)]
    ask = QueryResult.from_oxigraph(store.query("ASK { ?s ?p ?o }"), "ASK")
    assert ask.form == "ASK" and ask.boolean is True
    built = QueryResult.from_oxigraph(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), "CONSTRUCT")
    assert built.triples == [TRIPLES[0]]


def test_an_answer_of_another_kind_than_the_form_is_refused(store: ox.Store) -> None:
    with pytest.raises(TypeError, match="a SELECT query cannot answer QueryBoolean"):
        QueryResult.from_oxigraph(store.query("ASK { ?s ?p ?o }"), "SELECT")
    with pytest.raises(TypeError, match="a DESCRIBE query cannot answer QuerySolutions"):
        QueryResult.from_oxigraph(store.query("SELECT * { ?s ?p ?o }"), "DESCRIBE")


# --- tables ----------------------------------------------------------------------------------


def test_table_aligns_columns_shortens_iris_and_counts_rows() -> None:
    table = QueryResult(
        "SELECT",
        ("state", "year", "note"),
        [
            (iri(BK + "Albania"), typed("2009", "gYear"), ox.Literal("two\nlines")),
            (iri("https://example.org/x"), None, None),
        ],
    )
    assert table.to_table() == (
        "state                    year  note\n"
        "-----------------------  ----  ---------\n"
        "bk:Albania               2009  two lines\n"
        "<https://example.org/x>\n"
        "(2 rows)"
    )


def test_a_table_of_one_row_says_row() -> None:
    one = QueryResult("SELECT", ("x",), [(ox.Literal("a"),)])
    assert one.to_table().splitlines()[-1] == "(1 row)"
    assert QueryResult("SELECT", ("x",), []).to_table() == "x\n-\n(0 rows)"


def test_long_cells_are_cut_unless_the_table_is_wide() -> None:
    assert TABLE_CELL_WIDTH == 60
    exact = "a" * 60
    long = "b" * 59 + "cd"
    table = QueryResult("SELECT", ("v",), [(ox.Literal(exact),), (ox.Literal(long),)])
    cells = table.to_table().splitlines()[2:4]
    assert cells == [exact, "b" * 59 + "…"]
    assert len(cells[1]) == TABLE_CELL_WIDTH
    assert table.to_table(wide=True).splitlines()[2:4] == [exact, long]


# --- DataFrames ------------------------------------------------------------------------------


@pytest.fixture
def frame_result() -> QueryResult:
    return QueryResult(
        "SELECT",
        ("n", "flag", "x", "day", "label", "share", "mixed", "boolint", "nothing"),
        [
            (
                typed("4", "integer"),
                typed("true", "boolean"),
                typed("2.5E0", "double"),
                typed("2009-04-01", "date"),
                iri(BK + "Albania"),
                typed("0.5", "decimal"),
                typed("1", "integer"),
                typed("true", "boolean"),
                None,
            ),
            (
                typed("7", "nonNegativeInteger"),
                typed("0", "boolean"),
                typed("1e3", "float"),
                typed("2020-03-27", "date"),
                ox.Literal("Kosovo", language="en"),
                typed("1.25", "decimal"),
                ox.Literal("one"),
                typed("1", "integer"),
                None,
            ),
            (None, None, None, None, None, None, None, None, None),
        ],
    )


def test_dataframe_columns_have_the_type_of_their_values(frame_result: QueryResult) -> None:
    frame = frame_result.to_dataframe()
    assert list(frame.columns) == list(frame_result.variables)
    assert len(frame) == 3
    # dates are datetime64 of whatever unit pandas picks (seconds from pandas 3 on)
    assert pd.api.types.is_datetime64_dtype(frame["day"])
    assert {name: str(dtype) for name, dtype in frame.dtypes.items() if name != "day"} == {
        "n": "Int64",
        "flag": "boolean",
        "x": "Float64",
        "label": "string",
        "share": "object",  # Decimal values stay exact
        "mixed": "object",
        "boolint": "object",  # True is not the integer 1
        "nothing": "object",
    }
    assert frame["n"].tolist()[:2] == [4, 7]
    assert frame["flag"].tolist()[:2] == [True, False]
    assert frame["x"].tolist()[:2] == [2.5, 1000.0]
    assert frame["day"].tolist()[:2] == [pd.Timestamp(2009, 4, 1), pd.Timestamp(2020, 3, 27)]
    assert frame["label"].tolist()[:2] == [BK + "Albania", "Kosovo"]
    assert frame["share"].tolist()[:2] == [Decimal("0.5"), Decimal("1.25")]
    assert frame["boolint"].tolist()[:2] == [True, 1] and frame["boolint"][0] is True
    assert frame.iloc[2].isna().all()  # unbound values are missing values


def test_a_dataframe_of_no_rows_has_the_columns() -> None:
    frame = QueryResult("SELECT", ("a", "b"), []).to_dataframe()
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


def test_to_dataframe_without_pandas_says_how_to_install_it(
    frame_result: QueryResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'balkan-kg\[dataframe\]'"):
        frame_result.to_dataframe()


def test_an_ask_result_has_no_dataframe() -> None:
    with pytest.raises(TypeError, match="has no rows"):
        QueryResult("ASK", boolean=True).to_dataframe()
