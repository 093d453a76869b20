"""Typed parameter binding: values become rdflib terms, never raw query text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from balkan_kg.query.catalog import CannedQuery, Param, parse_query_text
from balkan_kg.errors import ParameterError
from balkan_kg.query.params import bind, expand_iri, to_term

BK = "https://w3id.org/balkan-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"

QUERY = """\
# title: Typed
# description: One parameter of every type.
# param: org iri required -- An organisation.
# param: name string optional -- A label.
# param: asOf integer optional -- A number.
# param: share decimal optional -- A share.
# param: flag boolean optional -- A flag.
# param: day date optional -- A day.
# param: year year optional -- A year.
SELECT * WHERE {
  #PARAMS
  ?s ?p ?o .
}
"""


@pytest.fixture
def query() -> CannedQuery:
    return parse_query_text(QUERY, Path("typed.rq"))


@pytest.mark.parametrize(
    ("type_name", "value", "expected"),
    [
        ("iri", "bk:NATO", URIRef(BK + "NATO")),
        ("iri", f"<{BK}NATO>", URIRef(BK + "NATO")),
        ("iri", f"{BK}NATO", URIRef(BK + "NATO")),
        ("iri", "urn:isbn:123", URIRef("urn:isbn:123")),
        ("string", 'say "hi"', Literal('say "hi"')),
        ("integer", "2010", Literal("2010", datatype=URIRef(XSD + "integer"))),
        ("integer", -3, Literal("-3", datatype=URIRef(XSD + "integer"))),
        ("decimal", "0.25", Literal(Decimal("0.25"), datatype=URIRef(XSD + "decimal"))),
        ("decimal", 1.5, Literal(Decimal("1.5"), datatype=URIRef(XSD + "decimal"))),
        ("boolean", "true", Literal(True)),
        ("boolean", False, Literal(False)),
        ("date", "2020-03-27", Literal("2020-03-27", datatype=URIRef(XSD + "date"))),
        ("date", dt.date(2009, 4, 1), Literal("2009-04-01", datatype=URIRef(XSD + "date"))),
        ("year", "2009", Literal("2009", datatype=URIRef(XSD + "integer"))),
        ("year", 2017, Literal("2017", datatype=URIRef(XSD + "integer"))),
    ],
)
def test_values_become_typed_terms(type_name: str, value: object, expected: object) -> None:
    assert to_term(type_name, value) == expected


@pytest.mark.parametrize(
    ("type_name", "value"),
    [
        ("integer", "abc"),
        ("integer", "1.5"),
        ("integer", True),
        ("decimal", "1e5"),
        ("decimal", "NaN"),
        ("boolean", "maybe"),
        ("date", "2020-13-01"),
        ("date", "27/03/2020"),
        ("year", "20090"),
        ("string", 5),
        ("iri", 5),
        ("iri", "no-colon"),
        ("iri", "bkk:NATO"),
        ("iri", "bk:x> } ; DROP ALL ; #"),
        ("iri", "<https://example.org/a b>"),
        ("iri", 'https://example.org/"quoted"'),
        ("iri", "https://example.org/{x}"),
        ("iri", "<relative/path>"),
    ],
)
def test_values_of_the_wrong_type_are_refused(type_name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"expects {type_name}"):
        to_term(type_name, value)


def test_wrong_type_message_names_parameter_query_and_value(query: CannedQuery) -> None:
    with pytest.raises(ParameterError) as caught:
        bind(query, org="bk:NATO", asOf="abc")
    assert str(caught.value) == "parameter 'asOf' of query 'typed' expects integer, got 'abc'"


def test_unknown_parameter_lists_the_valid_ones(query: CannedQuery) -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'since'") as caught:
        bind(query, org="bk:NATO", since=2010)
    assert "org, name, asOf, share, flag, day, year" in str(caught.value)


def test_missing_required_parameter_is_refused(query: CannedQuery) -> None:
    with pytest.raises(ParameterError, match="needs parameter 'org'"):
        bind(query, asOf=2010)


def test_supplied_parameters_become_one_values_block(query: CannedQuery) -> None:
    text = bind(query, org="bk:NATO", asOf=2010, flag=True)
    expected = (
        "  VALUES (?org ?asOf ?flag) { (<https://w3id.org/balkan-kg/id/NATO> "
        '"2010"^^<http://www.w3.org/2001/XMLSchema#integer> '
        '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>) }'
    )
    assert expected in text.splitlines()
    assert "#PARAMS" not in text


def test_omitted_optional_parameters_stay_unbound(query: CannedQuery) -> None:
    text = bind(query, org="bk:NATO")
    assert "VALUES (?org) {" in text
    assert "?asOf" not in text


def test_no_parameters_removes_the_placeholder() -> None:
    query = parse_query_text(
        "# title: T\n# description: D\n# param: a iri optional -- x\nSELECT * {\n#PARAMS\n}\n",
        Path("t.rq"),
    )
    assert (
        bind(query)
        == "# title: T\n# description: D\n# param: a iri optional -- x\nSELECT * {\n\n}\n"
    )


@pytest.mark.parametrize(
    "attack",
    [
        '" } ; DROP ALL ; #',
        '"""} INSERT DATA { <a> <b> <c> } #',
        "x\n} UNION { ?s ?p ?o",
        '\\" } #',
    ],
)
def test_string_injection_stays_inside_one_literal(attack: str) -> None:
    query = parse_query_text(
        "# title: T\n# description: D\n# param: name string required -- x\n"
        "SELECT ?name WHERE {\n  #PARAMS\n}\n",
        Path("t.rq"),
    )
    result = Graph().query(bind(query, name=attack))
    assert [row[0] for row in result] == [Literal(attack)]


def test_iri_injection_is_refused(query: CannedQuery) -> None:
    with pytest.raises(ParameterError, match="not allowed"):
        bind(query, org="bk:x> } ; DROP ALL ; #")


def test_expand_iri_knows_the_project_prefixes() -> None:
    assert expand_iri("bkg:State") == "https://w3id.org/balkan-kg/ontology#State"
    assert expand_iri("wd:Q222") == "http://www.wikidata.org/entity/Q222"
    with pytest.raises(ValueError, match="unknown prefix 'nato:'"):
        expand_iri("nato:NATO")


def test_param_declarations_compare_by_value() -> None:
    assert Param("a", "iri", True, "x") == Param("a", "iri", True, "x")
