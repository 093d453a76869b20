"""Typed parameters and their binding (:mod:`balkan_kg.query.params`).

Every term a value becomes is read back by a SPARQL parser (pyoxigraph's and rdflib's),
so the tests check the term a store sees, not only the text written. The binding
semantics are checked by evaluating bound queries on pyoxigraph and rdflib directly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, URIRef

from balkan_kg.errors import ParameterError
from balkan_kg.namespaces import PREFIXES
from balkan_kg.query.catalog import CannedQuery, bind_canned, parse_query_text, supplied
from balkan_kg.query.params import (
    PARAM_TYPES,
    PARAMS_LINE,
    bind,
    bind_adhoc,
    expand_iri,
    python_term_text,
    string_text,
    term_text,
    to_value,
    values_block,
    where_group_start,
)
from balkan_kg.query.results import IRI, BlankNode, to_python
from balkan_kg.rdfio import bridge

BK = "https://w3id.org/balkan-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"

# xsd:double's lexical space (XML Schema 1.1 part 2, section 3.3.5.1)
DOUBLE_LEXICAL = re.compile(
    r"(\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)?|(\+|-)?INF|NaN"
)
# xsd:decimal's lexical space (section 3.3.3.1): no exponent
DECIMAL_LEXICAL = re.compile(r"(\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)")

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


def canned(header: str, body: str, name: str = "t") -> CannedQuery:
    return parse_query_text(f"# title: T\n# description: D\n{header}{body}", Path(f"{name}.rq"))


def read_by_rdflib(text: str) -> rdflib.term.Node:
    """The term rdflib's SPARQL parser reads from the term text ``text``."""
    (row,) = rdflib.Graph().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {text} }} }}")
    return row[0]


def read_by_oxigraph(text: str) -> ox.NamedNode | ox.Literal:
    """The term pyoxigraph's SPARQL parser reads from the term text ``text``."""
    (solution,) = ox.Store().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {text} }} }}")
    return solution["x"]


def typed(lexical: str, datatype: str) -> rdflib.Literal:
    return rdflib.Literal(lexical, datatype=URIRef(XSD + datatype))


# --- checking values: to_value and term_text -----------------------------------------------

# (type, value given, checked value, the term it becomes as rdflib builds it from the spec)
TYPED = [
    ("iri", "bk:NATO", BK + "NATO", URIRef(BK + "NATO")),
    ("iri", f"<{BK}NATO>", BK + "NATO", URIRef(BK + "NATO")),
    ("iri", f"{BK}NATO", BK + "NATO", URIRef(BK + "NATO")),
    ("iri", "  bk:NATO ", BK + "NATO", URIRef(BK + "NATO")),
    ("iri", "bkg:State", "https://w3id.org/balkan-kg/ontology#State", None),
    ("iri", "wd:Q222", "http://www.wikidata.org/entity/Q222", None),
    ("iri", "urn:isbn:123", "urn:isbn:123", URIRef("urn:isbn:123")),
    ("iri", "mailto:nato@example.org", "mailto:nato@example.org", None),
    ("string", 'say "hi"', 'say "hi"', rdflib.Literal('say "hi"')),
    ("string", "", "", rdflib.Literal("")),
    ("string", "Kosovo\u2019s", "Kosovo\u2019s", rdflib.Literal("Kosovo\u2019s")),
    ("integer", "2010", 2010, typed("2010", "integer")),
    ("integer", " -3 ", -3, typed("-3", "integer")),
    ("integer", "+7", 7, typed("7", "integer")),
    ("integer", -3, -3, typed("-3", "integer")),
    ("integer", 10**30, 10**30, typed("1" + "0" * 30, "integer")),
    ("decimal", "0.25", Decimal("0.25"), typed("0.25", "decimal")),
    ("decimal", ".5", Decimal("0.5"), typed("0.5", "decimal")),
    ("decimal", 1.5, Decimal("1.5"), typed("1.5", "decimal")),
    ("decimal", 0.1, Decimal("0.1"), typed("0.1", "decimal")),
    ("decimal", 2, Decimal(2), typed("2", "decimal")),
    ("decimal", Decimal("1E+2"), Decimal(100), typed("100", "decimal")),  # no exponent
    ("boolean", "true", True, typed("true", "boolean")),
    ("boolean", " Yes ", True, typed("true", "boolean")),
    ("boolean", "0", False, typed("false", "boolean")),
    ("boolean", False, False, typed("false", "boolean")),
    ("date", "2020-03-27", dt.date(2020, 3, 27), typed("2020-03-27", "date")),
    ("date", dt.date(2009, 4, 1), dt.date(2009, 4, 1), typed("2009-04-01", "date")),
    ("year", "2009", 2009, typed("2009", "integer")),
    ("year", 2017, 2017, typed("2017", "integer")),
    ("year", "-44", -44, typed("-44", "integer")),
]


@pytest.mark.parametrize(("type_name", "value", "checked", "term"), TYPED)
def test_values_are_checked_and_normalised(
    type_name: str, value: object, checked: object, term: object
) -> None:
    result = to_value(type_name, value)
    assert result == checked
    assert type(result) is type(checked)


@pytest.mark.parametrize(
    ("type_name", "value", "checked", "term"), [t for t in TYPED if t[3] is not None]
)
def test_term_text_is_read_as_the_typed_term_by_rdflib(
    type_name: str, value: object, checked: object, term: rdflib.term.Node
) -> None:
    parsed = read_by_rdflib(term_text(type_name, value))
    assert parsed == term
    assert type(parsed) is type(term)
    if isinstance(term, rdflib.Literal):
        assert (str(parsed), parsed.datatype, parsed.language) == (
            str(term),
            term.datatype,
            term.language,
        )


@pytest.mark.parametrize(("type_name", "value", "checked", "term"), TYPED)
def test_term_text_is_read_as_the_checked_value_by_pyoxigraph(
    type_name: str, value: object, checked: object, term: object
) -> None:
    assert to_python(read_by_oxigraph(term_text(type_name, value))) == checked


@pytest.mark.parametrize(
    ("type_name", "value", "text"),
    [
        ("iri", "bk:NATO", f"<{BK}NATO>"),
        ("string", 'a "b"\\c', '"a \\"b\\"\\\\c"'),
        ("integer", "2010", f'"2010"^^<{XSD}integer>'),
        ("year", 2010, f'"2010"^^<{XSD}integer>'),
        # The canonical form, as Oxigraph answers it (XSD 1.1, 3.3.3.2): trailing zero dropped.
        ("decimal", Decimal("1.50"), f'"1.5"^^<{XSD}decimal>'),
        ("boolean", "no", f'"false"^^<{XSD}boolean>'),
        ("date", "2004-03-29", f'"2004-03-29"^^<{XSD}date>'),
    ],
)
def test_term_text_writes_full_iris_and_datatypes(type_name: str, value: object, text: str) -> None:
    # No prefixed names: the text means the same whatever the query declares.
    assert term_text(type_name, value) == text


@pytest.mark.parametrize("value", [Decimal("1E+2"), Decimal("-0.5"), 1.5, 1e-7, 10, "3."])
def test_decimal_terms_are_in_the_lexical_space_of_xsd_decimal(value: object) -> None:
    lexical = str(read_by_rdflib(term_text("decimal", value)))
    assert DECIMAL_LEXICAL.fullmatch(lexical), lexical
    assert Decimal(lexical) == to_value("decimal", value)


@pytest.mark.parametrize(
    ("type_name", "value"),
    [
        ("integer", "abc"),
        ("integer", "1.5"),
        ("integer", "1e3"),
        ("integer", True),
        ("integer", 1.0),
        ("integer", None),
        ("decimal", "1e5"),
        ("decimal", "NaN"),
        ("decimal", "Infinity"),
        ("decimal", float("nan")),
        ("decimal", float("inf")),
        ("decimal", True),
        ("boolean", "maybe"),
        ("boolean", 1),
        ("boolean", None),
        ("date", "2020-13-01"),
        ("date", "2020-02-30"),
        ("date", "27/03/2020"),
        ("date", "2020-3-27"),
        ("date", dt.datetime(2020, 3, 27, 10, 0)),
        ("year", "20090"),
        ("year", 10000),
        ("year", "2009.0"),
        ("year", True),
        ("string", 5),
        ("string", None),
        ("iri", 5),
        ("iri", ""),
        ("iri", "no-colon"),
        ("iri", "bkk:NATO"),
        ("iri", "bk:x> } ; DROP ALL ; #"),
        ("iri", "<https://example.org/a b>"),
        ("iri", 'https://example.org/"quoted"'),
        ("iri", "https://example.org/{x}"),
        ("iri", "https://example.org/a\\b"),
        ("iri", "bk:tab\there"),
        ("iri", "<relative/path>"),
    ],
)
def test_values_of_the_wrong_type_are_refused(type_name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"^expects {type_name}, got "):
        to_value(type_name, value)
    with pytest.raises(ValueError, match=f"^expects {type_name}, got "):
        term_text(type_name, value)


def test_a_refused_value_is_shown_and_long_ones_are_cut() -> None:
    with pytest.raises(ValueError) as caught:
        to_value("integer", "x" * 200)
    message = str(caught.value)
    assert message.startswith("expects integer, got 'xxx")
    assert message.endswith("...") and len(message) < 120


def test_an_unknown_type_is_refused() -> None:
    assert PARAM_TYPES == ("iri", "string", "integer", "decimal", "boolean", "date", "year")
    with pytest.raises(ValueError, match="unknown parameter type 'uri'"):
        to_value("uri", "bk:NATO")


# --- IRIs ------------------------------------------------------------------------------


def test_expand_iri_knows_the_project_prefixes() -> None:
    for prefix, namespace in PREFIXES.items():
        assert expand_iri(f"{prefix}:x") == namespace + "x"
    assert expand_iri("wd:Q222") == "http://www.wikidata.org/entity/Q222"
    assert expand_iri("URN:isbn:1") == "URN:isbn:1"


def test_an_unknown_prefix_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown prefix 'nato:'") as caught:
        expand_iri("nato:NATO")
    assert f"(known prefixes: {', '.join(sorted(PREFIXES))})" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("<relative/path>", "not an absolute IRI"),
        ("Albania", "not an IRI or prefixed name"),
        ("https://e.org/a b", "not allowed: ' '"),
        ("https://e.org/<a>{b}", "not allowed: '<' '>' '{' '}'"),
    ],
)
def test_expand_iri_says_why_a_value_is_refused(value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        expand_iri(value)


def test_iri_injection_is_refused_naming_the_parameter(query: CannedQuery) -> None:
    with pytest.raises(ParameterError, match="^parameter 'org' of query 'typed' expects iri"):
        bind_canned(query, {"org": "bk:x> } ; DROP ALL ; #"})


# --- ad-hoc values: python_term_text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text", "read"),
    [
        (IRI("bk:NATO"), f"<{BK}NATO>", IRI(BK + "NATO")),
        (IRI(BK + "Albania"), f"<{BK}Albania>", IRI(BK + "Albania")),
        (True, f'"true"^^<{XSD}boolean>', True),
        (False, f'"false"^^<{XSD}boolean>', False),
        (2010, f'"2010"^^<{XSD}integer>', 2010),
        (Decimal("0.25"), f'"0.25"^^<{XSD}decimal>', Decimal("0.25")),
        (2.5, f'"2.5"^^<{XSD}double>', 2.5),
        (float("inf"), f'"INF"^^<{XSD}double>', float("inf")),
        (float("-inf"), f'"-INF"^^<{XSD}double>', float("-inf")),
        (
            dt.datetime(2020, 3, 27, 10, 30),
            f'"2020-03-27T10:30:00"^^<{XSD}dateTime>',
            dt.datetime(2020, 3, 27, 10, 30),
        ),
        (
            dt.datetime(2020, 3, 27, 10, 30, tzinfo=dt.UTC),
            f'"2020-03-27T10:30:00Z"^^<{XSD}dateTime>',
            dt.datetime(2020, 3, 27, 10, 30, tzinfo=dt.UTC),
        ),
        (dt.date(2020, 3, 27), f'"2020-03-27"^^<{XSD}date>', dt.date(2020, 3, 27)),
        ("Kosovo", '"Kosovo"', "Kosovo"),
        (f"{BK}NATO", f'"{BK}NATO"', f"{BK}NATO"),  # a str is a string, only IRI() an IRI
        (ox.NamedNode(EX + "a"), f"<{EX}a>", IRI(EX + "a")),
        (ox.Literal("Srbija", language="sr"), '"Srbija"@sr', "Srbija"),
        (ox.Literal("2009", datatype=ox.NamedNode(XSD + "gYear")), f'"2009"^^<{XSD}gYear>', 2009),
        # rdflib terms are str subclasses, but are bound as the terms they are
        (URIRef(EX + "b"), f"<{EX}b>", IRI(EX + "b")),
        (rdflib.Literal("Kosovo", lang="en"), '"Kosovo"@en', "Kosovo"),
        (typed("2009", "gYear"), f'"2009"^^<{XSD}gYear>', 2009),
        (rdflib.Literal("plain"), '"plain"', "plain"),
    ],
)
def test_python_values_become_the_term_of_their_type(
    value: object, text: str, read: object
) -> None:
    assert python_term_text(value) == text
    parsed = read_by_oxigraph(text)
    assert to_python(parsed) == read
    assert type(to_python(parsed)) is type(read)
    # rdflib reads the same value (each parser writes some lexical forms anew: 2.5E0, Z)
    by_rdflib = to_python(bridge.to_oxigraph(read_by_rdflib(text)))
    assert by_rdflib == read and type(by_rdflib) is type(read)


def test_nan_binds_as_the_double_nan() -> None:
    assert python_term_text(float("nan")) == f'"NaN"^^<{XSD}double>'
    assert math.isnan(to_python(read_by_oxigraph(python_term_text(float("nan")))))


@pytest.mark.parametrize(
    "value",
    [0.1, 0.123456789, 1 / 3, -2.5e-10, 5e-324, 1.7976931348623157e308, 123456.789, 0.0, -0.0],
)
def test_a_float_binds_as_the_double_of_the_same_value(value: float) -> None:
    text = python_term_text(value)
    lexical = text.split('"')[1]
    assert text == f'"{lexical}"^^<{XSD}double>'
    assert DOUBLE_LEXICAL.fullmatch(lexical), lexical
    assert to_python(read_by_oxigraph(text)) == value
    assert float(read_by_rdflib(text)) == value
    assert math.copysign(1, float(lexical)) == math.copysign(1, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (BlankNode("b1"), "a blank node cannot be bound"),
        (ox.BlankNode("b1"), "cannot bind a value of type BlankNode"),
        (BNode("b1"), "cannot bind a value of type BNode"),
        (object(), "cannot bind a value of type object"),
        (None, "cannot bind a value of type NoneType"),
        ([1, 2], "cannot bind a value of type list"),
        (IRI("bkk:NATO"), "unknown prefix 'bkk:'"),
        (IRI("not an iri"), "expects iri"),
    ],
)
def test_values_that_name_nothing_cannot_be_bound(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        python_term_text(value)


# --- strings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        'say "hi"',
        "back\\slash",
        "two\nlines\r\nand\ttab",
        "triple \"\"\" quotes '''",
        "Kosovo\u2019s 2018 decision",
        "astral \U0001f600",
        "",
    ],
)
def test_a_string_is_read_back_unchanged_by_both_parsers(value: str) -> None:
    text = string_text(value)
    assert "\n" not in text and "\r" not in text
    assert str(read_by_rdflib(text)) == value
    assert read_by_oxigraph(text) == ox.Literal(value)


@pytest.mark.parametrize(
    "attack",
    [
        '" } ; DROP ALL ; #',
        '"""} INSERT DATA { <a> <b> <c> } #',
        "x\n} UNION { ?s ?p ?o",
        '\\" } #',
        "') } #",
    ],
)
def test_string_injection_stays_inside_one_literal(attack: str) -> None:
    query = canned("# param: name string required -- x\n", "SELECT ?name WHERE {\n  #PARAMS\n}\n")
    text = bind_canned(query, {"name": attack})
    assert [row[0] for row in rdflib.Graph().query(text)] == [rdflib.Literal(attack)]
    assert [s["name"] for s in ox.Store().query(text)] == [ox.Literal(attack)]


# --- where the values go: bind and where_group_start ---------------------------------------


def after(text: str, marker: str) -> int:
    """The position just after the first ``marker`` in ``text``."""
    return text.index(marker) + len(marker)


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "WHERE {"),
        ("SELECT * { ?s ?p ?o }", "{"),
        ("ask { ?s ?p ?o }", "{"),
        ("ASK WHERE { ?s ?p ?o }", "WHERE {"),
        ('CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }', "WHERE {"),
        ("CONSTRUCT { ?s ?p ?o } where{ ?s ?p ?o }", "where{"),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", "WHERE {"),
        ("# WHERE { in a comment\nSELECT * { ?s ?p ?o }", "* {"),
        ('SELECT ("{ WHERE" AS ?w) { ?s ?p ?o }', ") {"),
        ("SELECT ('''a\n{ b''' AS ?w) WHERE { }", "WHERE {"),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "WHERE {"),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "WHERE {"),
        ("PREFIX ex: <http://e/> SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }", "WHERE {"),
    ],
)
def test_where_group_start_is_just_inside_the_where_group(text: str, marker: str) -> None:
    assert where_group_start(text) == after(text, marker)


@pytest.mark.parametrize(
    "text", ["DESCRIBE <http://e/x>", "CONSTRUCT { ?s ?p ?o }", "# SELECT * { }", ""]
)
def test_a_text_without_a_where_group_has_no_start(text: str) -> None:
    assert where_group_start(text) is None


def test_the_values_replace_the_params_line_keeping_its_indentation() -> None:
    text = "SELECT * WHERE {\n  #PARAMS\n  ?s ?p ?o }"
    assert bind(text, {"s": "<http://e/a>"}) == (
        "SELECT * WHERE {\n  VALUES (?s) { (<http://e/a>) }\n  ?s ?p ?o }"
    )


def test_without_a_params_line_the_values_go_first_in_the_where_group() -> None:
    text = "SELECT * WHERE { ?s ?p ?o }"
    assert bind(text, {"s": "<http://e/a>"}) == (
        "SELECT * WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }"
    )


def test_nothing_to_bind_leaves_a_text_without_params_line_unchanged() -> None:
    for text in ("DESCRIBE <http://e/x>", "SELECT * WHERE { ?s ?p ?o }"):
        assert bind(text, {}) == text
        assert bind_adhoc(text, {}) == text


def test_values_without_a_place_to_go_are_refused() -> None:
    with pytest.raises(ParameterError, match="no WHERE group and no #PARAMS line"):
        bind_adhoc("DESCRIBE <http://e/x>", {"x": 1})


def test_values_block_lists_the_variables_then_one_row() -> None:
    assert values_block({}) == ""
    assert values_block({"a": "1", "b": '"x"'}) == 'VALUES (?a ?b) { (1 "x") }'


DATA = f"""\
<{EX}a> <{EX}p> "1"^^<{XSD}integer> .
<{EX}b> <{EX}p> "2"^^<{XSD}integer> .
<{EX}c> <{EX}p> "3"^^<{XSD}integer> .
"""


@pytest.fixture(scope="module")
def stores() -> tuple[ox.Store, rdflib.Graph]:
    """The same three triples in a pyoxigraph store and an rdflib graph."""
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store, rdflib.Graph().parse(data=DATA, format="nt")


def answers(stores: tuple[ox.Store, rdflib.Graph], text: str, variable: str) -> list[list[str]]:
    """The values of ``variable``, sorted, as pyoxigraph and as rdflib evaluate ``text``."""
    store, graph = stores
    by_oxigraph = sorted(s[variable].value for s in store.query(text))
    by_rdflib = sorted(str(row[variable]) for row in graph.query(text))
    return [by_oxigraph, by_rdflib]


def test_adhoc_values_are_seen_by_the_groups_filters(stores) -> None:
    text = f"SELECT ?s WHERE {{ ?s <{EX}p> ?o FILTER(?o > ?min) }}"
    assert answers(stores, text, "s") == [[], []]  # unbound: the FILTER is an error
    bound = bind_adhoc(text, {"min": 1})
    assert answers(stores, bound, "s") == [[EX + "b", EX + "c"]] * 2


def test_adhoc_values_go_to_a_params_line_rather_than_the_where_group(stores) -> None:
    # Inside the sub-query, where the line stands, the FILTER sees ?want; first in the
    # outer group it would not (a sub-query sees only its own variables).
    text = (
        "SELECT ?s WHERE { { SELECT ?s WHERE {\n  #PARAMS\n"
        f"  ?s <{EX}p> ?o FILTER(?o = ?want) }} }} }}"
    )
    bound = bind_adhoc(text, {"want": 3})
    assert not PARAMS_LINE.search(bound)
    assert answers(stores, bound, "s") == [[EX + "c"]] * 2


def test_an_omitted_optional_parameter_leaves_its_variable_unbound(stores) -> None:
    query = canned(
        "# param: value integer optional -- x\n",
        f"SELECT ?s WHERE {{\n  #PARAMS\n  ?s <{EX}p> ?o\n"
        "  FILTER(!BOUND(?value) || ?o = ?value)\n}\n",
    )
    everything = [[EX + "a", EX + "b", EX + "c"]] * 2
    assert answers(stores, bind_canned(query, {}), "s") == everything
    assert answers(stores, bind_canned(query, {"value": None}), "s") == everything
    assert answers(stores, bind_canned(query, {"value": "2"}), "s") == [[EX + "b"]] * 2


# --- canned parameters: bind_canned and supplied --------------------------------------------


def test_supplied_parameters_become_one_values_block_in_declaration_order(
    query: CannedQuery,
) -> None:
    text = bind_canned(query, {"flag": True, "asOf": 2010, "org": "bk:NATO"})
    expected = (
        f"  VALUES (?org ?asOf ?flag) {{ (<{BK}NATO> "
        f'"2010"^^<{XSD}integer> "true"^^<{XSD}boolean>) }}'
    )
    assert expected in text.splitlines()
    assert "#PARAMS" not in text
    assert text.replace(expected, "  #PARAMS") == QUERY


def test_supplied_gives_the_declared_params_in_order(query: CannedQuery) -> None:
    given = supplied(query, {"year": 2009, "org": "bk:NATO", "flag": None})
    assert [(p.name, v) for p, v in given.items()] == [("org", "bk:NATO"), ("year", 2009)]


def test_omitted_optional_parameters_stay_out_of_the_block(query: CannedQuery) -> None:
    text = bind_canned(query, {"org": "bk:NATO", "asOf": None})
    assert f"  VALUES (?org) {{ (<{BK}NATO>) }}" in text.splitlines()
    assert "?asOf" not in text


def test_no_parameters_removes_the_placeholder() -> None:
    query = canned("# param: a iri optional -- x\n", "SELECT * {\n#PARAMS\n}\n")
    assert bind_canned(query, {}) == (
        "# title: T\n# description: D\n# param: a iri optional -- x\nSELECT * {\n\n}\n"
    )


def test_a_wrong_type_names_the_parameter_the_query_and_the_value(query: CannedQuery) -> None:
    with pytest.raises(ParameterError) as caught:
        bind_canned(query, {"org": "bk:NATO", "asOf": "abc"})
    assert str(caught.value) == "parameter 'asOf' of query 'typed' expects integer, got 'abc'"


def test_an_unknown_parameter_lists_the_valid_ones(query: CannedQuery) -> None:
    with pytest.raises(ParameterError) as caught:
        bind_canned(query, {"org": "bk:NATO", "since": 2010})
    assert str(caught.value) == (
        "unknown parameter 'since' for query 'typed' "
        "(valid parameters: org, name, asOf, share, flag, day, year)"
    )


def test_a_query_without_parameters_takes_none() -> None:
    query = canned("", "SELECT * { ?s ?p ?o }\n", name="plain")
    with pytest.raises(ParameterError, match=r"'x' for query 'plain' \(valid parameters: none\)"):
        bind_canned(query, {"x": 1})


def test_a_missing_required_parameter_is_named_with_its_type_and_description(
    query: CannedQuery,
) -> None:
    message = "query 'typed' needs parameter 'org' (iri): An organisation."
    with pytest.raises(ParameterError) as caught:
        bind_canned(query, {"asOf": 2010})
    assert str(caught.value) == message
    with pytest.raises(ParameterError) as caught:
        bind_canned(query, {"org": None})
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"not-a-name": 1}, "binding 'not-a-name' is not a SPARQL variable name"),
        ({"?s": 1}, "binding '?s' is not a SPARQL variable name"),
        ({"when": object()}, "binding 'when': cannot bind a value of type object"),
        ({"b": BlankNode("x")}, "binding 'b': a blank node cannot be bound"),
        ({"org": IRI("nato:NATO")}, "binding 'org': expects iri, got 'nato:NATO'"),
    ],
)
def test_an_adhoc_binding_that_cannot_be_bound_is_named(bindings: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=f"^{re.escape(message)}"):
        bind_adhoc("SELECT * WHERE { ?s ?p ?o }", bindings)
