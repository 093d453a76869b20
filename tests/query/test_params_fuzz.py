"""Generated parameter values: each is refused naming the parameter, or bound as exactly
that value on both embedded engines, and the query around it never changes (issue 12,
goal 5, and the fuzzing target for the parameter binder).

Every value goes through the public ways in, on Oxigraph and on rdflib:

* the API's canned queries, ``kg.query(name, probed=value)``: 1,000 generated values for
  each declared parameter type (:data:`~balkan_kg.query.params.PARAM_TYPES`), as the
  Python value or the command line's text for it;
* the API's ad-hoc bindings, ``kg.sparql(text, probed=value)``: 1,000 generated Python
  values of every type a binding may have (``str``, ``IRI``, ``int``, ``Decimal``,
  ``float``, ``bool``, ``date``, ``datetime``, pyoxigraph and rdflib terms) and of types it
  may not (``None``, bytes, blank nodes, ...);
* the command line, ``balkan_kg.cli.main(["query", ..., "--param", f"probed={text}"])``
  in this process: 1,000 generated texts spread over the seven types (the CLI adds
  only the parsing of ``NAME=VALUE`` and the error report to the path the API tests).

The probe queries (one per type, written to a temporary ``queries/`` folder) answer the
bound value next to a constant ``VALUES ?k { 1 2 }``: an accepted value must come back as
the expected term (same lexical form, datatype and language) in exactly two rows with
exactly the variables ``v`` and ``k``, so a value that escaped its literal (an injected
``} UNION {``, a quote, a comment) would change the rows or the variables. A refused
value must raise :class:`~balkan_kg.errors.ParameterError` whose message names the
parameter (on the command line: exit 2 and the name on standard error).

The expected term comes from the value itself, not from the binder: pyoxigraph's own
literal for an ``int``, ``float`` or ``bool``; the decimal value and its canonical form
(no exponent, no trailing zeros) for a ``Decimal``; the IRI the text names for an IRI.

Both engines answer in worker processes loaded once for the module; the command line
is given the same engines (``_load`` and the catalogue are replaced, so it does not
load the graph 1,000 times). Hypothesis keeps no example database here
(``database=None``): a failure prints the value, which then becomes a regression case
in :data:`REGRESSIONS`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import string
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balkan_kg import IRI
from balkan_kg.api import KnowledgeGraph
from balkan_kg.cli import commands, main
from balkan_kg.errors import ParameterError
from balkan_kg.layout import Layout
from balkan_kg.namespaces import PREFIXES, XSD
from balkan_kg.query.catalog import get_query
from balkan_kg.query.isolation import EngineSpec, IsolatedEngine
from balkan_kg.query.params import MAX_DIGITS, MAX_TEXT_LENGTH, PARAM_TYPES

ENGINES = ("oxigraph", "rdflib")
NAME = "probed"
"""The parameter's name: an error must contain ``'probed'``."""

PROBE = """\
# title: Probe for {type} values
# description: Answers the bound value in two rows.
# param: {name} {type} required -- The value.
SELECT ?{name} ?k WHERE {{
  #PARAMS
  VALUES ?k {{ 1 2 }}
}}
"""
"""A canned query per type: the value, twice, beside a constant column."""

ADHOC = "SELECT ?probed ?k WHERE { VALUES ?k { 1 2 } }"
"""The ad-hoc probe: no ``#PARAMS`` line, so the block goes first in the WHERE group."""

EXAMPLES = settings(
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

Term = ox.NamedNode | ox.Literal


# --- the graph, the engines and the probes ------------------------------------------------


@pytest.fixture(scope="module")
def probe_layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """A layout whose ``queries/`` holds one probe query per parameter type."""
    root = tmp_path_factory.mktemp("probes")
    (root / "queries").mkdir()
    for type_name in PARAM_TYPES:
        text = PROBE.format(type=type_name, name=NAME)
        (root / "queries" / f"probe-{type_name}.rq").write_text(text, encoding="utf-8")
    return Layout(root)


@pytest.fixture(scope="module")
def graphs(built_graph, probe_layout: Layout) -> Iterator[dict[str, KnowledgeGraph]]:
    """The built graph on both engines, each in its worker process, with the probes."""
    files = tuple(built_graph.query_files(True))
    loaded = {
        name: KnowledgeGraph(IsolatedEngine(EngineSpec(name, files)), layout=probe_layout)
        for name in ENGINES
    }
    yield loaded
    for kg in loaded.values():
        kg.close()


# --- what a value must become -------------------------------------------------------------


class Refused(Exception):
    """The oracle's verdict that a value has no term (it must then be refused)."""


class MayRefuse(NamedTuple):
    """The oracle's verdict for a text that names an IRI only under a reading the binder
    need not accept (an unknown prefix such as ``file:``): refused, or bound as ``term``."""

    term: ox.NamedNode


def literal(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


_CANONICAL_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
_CANONICAL_DATETIME = re.compile(
    r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]*[1-9])?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def iri_meaning(text: str) -> str:
    """The IRI that a parameter text names (prefixed name, ``<IRI>`` or absolute IRI)."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and "://" not in text:
        return PREFIXES[prefix] + local
    return text


def expected_term(type_name: str, value: object) -> Term | Callable[[Term], bool]:
    """The term ``value`` must be bound as, or a test of the answered term when the value
    allows several spellings of one value (decimals, dateTimes).

    :raises Refused: when the value is not one of ``type_name`` at all.
    """
    if type_name == "string" and isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value) or len(value) > MAX_TEXT_LENGTH:
            raise Refused
        return ox.Literal(value)
    if type_name == "iri" and isinstance(value, str):
        try:
            term = ox.NamedNode(iri_meaning(value))
        except ValueError:
            raise Refused from None
        if len(term.value) > MAX_TEXT_LENGTH:
            raise Refused
        text = value.strip()
        prefix = text.partition(":")[0]
        if (text.startswith("<") and text.endswith(">")) or "://" in text or prefix in PREFIXES:
            return term
        return MayRefuse(term)
    if type_name in ("integer", "year"):
        number = _integer(value)
        if type_name == "year" and not -9999 <= number <= 9999:
            raise Refused
        return ox.Literal(number)
    if type_name == "decimal":
        return _decimal_test(value)
    if type_name == "boolean":
        if isinstance(value, bool):
            return ox.Literal(value)
        if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes"):
            return ox.Literal(True)
        if isinstance(value, str) and value.strip().lower() in ("false", "0", "no"):
            return ox.Literal(False)
        raise Refused
    if type_name == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return literal(value.isoformat(), "date")
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            try:
                return literal(dt.date.fromisoformat(value.strip()).isoformat(), "date")
            except ValueError:
                raise Refused from None
        raise Refused
    raise Refused


def _integer(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        number = int(value.strip())
    else:
        raise Refused
    if abs(number) >= 10**MAX_DIGITS:
        raise Refused
    return number


def _decimal_test(value: object) -> Callable[[Term], bool]:
    if isinstance(value, bool):
        raise Refused
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str) and re.fullmatch(
        r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value.strip()
    ):
        number = Decimal(value.strip())
    else:
        raise Refused
    if not number.is_finite():
        raise Refused
    if not number.is_zero():
        written = (
            format(number, "f") if abs(number.adjusted()) < MAX_DIGITS else "x" * (MAX_DIGITS + 1)
        )
        if len(written.lstrip("-").rstrip("0").rstrip(".")) > MAX_DIGITS:
            raise Refused

    def test(term: Term) -> bool:
        return (
            isinstance(term, ox.Literal)
            and term.datatype == ox.NamedNode(XSD + "decimal")
            and _CANONICAL_DECIMAL.fullmatch(term.value) is not None
            and Decimal(term.value) == number
        )

    return test


def _datetime_test(value: dt.datetime) -> Callable[[Term], bool]:
    def test(term: Term) -> bool:
        if not isinstance(term, ox.Literal) or term.datatype != ox.NamedNode(XSD + "dateTime"):
            return False
        if _CANONICAL_DATETIME.fullmatch(term.value) is None:
            return False
        read = dt.datetime.fromisoformat(term.value.replace("Z", "+00:00"))
        return read == value and read.utcoffset() == value.utcoffset()

    return test


def adhoc_expected(value: object) -> Term | Callable[[Term], bool]:
    """What a Python value given to ``kg.sparql`` must be bound as (see ``expected_term``)."""
    if isinstance(value, IRI):
        return expected_term("iri", str(value))
    if isinstance(value, bool):
        return ox.Literal(value)
    if isinstance(value, int):
        return expected_term("integer", value)
    if isinstance(value, Decimal):
        return _decimal_test(value)
    if isinstance(value, float):
        return ox.Literal(value)  # pyoxigraph's own xsd:double of the number
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        if offset is not None and (
            offset % dt.timedelta(minutes=1) or abs(offset) > dt.timedelta(hours=14)
        ):
            raise Refused
        return _datetime_test(value)
    if isinstance(value, dt.date):
        return expected_term("date", value)
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, rdflib.URIRef):  # an rdflib term is a str, but bound as its term
        return expected_term("iri", f"<{value}>")
    if isinstance(value, rdflib.Literal):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in str(value)):
            raise Refused
        if value.language:
            return ox.Literal(str(value), language=value.language)
        datatype = str(value.datatype) if value.datatype else XSD + "string"
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    if isinstance(value, rdflib.BNode):
        raise Refused
    if isinstance(value, str):
        return expected_term("string", value)
    raise Refused


# --- checking one value -------------------------------------------------------------------


def check_answer(terms: list[tuple[Term | None, ...]], variables: tuple[str, ...], want) -> None:
    """Two rows, variables ``probed`` and ``k``, and the bound value as ``want`` in both."""
    assert variables == (NAME, "k"), f"the projection changed: {variables}"
    assert sorted(str(row[1]) for row in terms) == [
        str(ox.Literal(1)),
        str(ox.Literal(2)),
    ], f"the rows changed: {terms}"
    for row in terms:
        got = row[0]
        if callable(want):
            assert got is not None and want(got), f"bound as {got!r}"
        else:
            assert got == want, f"bound as {got!r}, expected {want!r}"


def check_refusal(exc: BaseException, value: object) -> None:
    assert isinstance(exc, ParameterError), f"{value!r}: {type(exc).__name__}: {exc}"
    assert f"'{NAME}'" in str(exc), f"{value!r}: the message does not name {NAME!r}: {exc}"


def run_api(kg: KnowledgeGraph, call: Callable[[KnowledgeGraph], object], value, want) -> None:
    """One value on one engine: the answer is ``want`` or, when ``want`` is a
    :class:`Refused`, the call raises a ParameterError naming the parameter."""
    try:
        result = call(kg)
    except Exception as exc:
        if isinstance(want, Refused | MayRefuse):
            check_refusal(exc, value)
            return
        raise AssertionError(f"{value!r} was refused on {kg.engine.name}: {exc}") from exc
    assert not isinstance(want, Refused), f"{value!r} was accepted on {kg.engine.name}: {result}"
    if isinstance(want, MayRefuse):
        want = want.term
    check_answer(result.terms, result.variables, want)  # type: ignore[attr-defined]


def verdict(compute: Callable[[], object]) -> object:
    try:
        return compute()
    except Refused as refused:
        return refused


# --- value strategies ---------------------------------------------------------------------

HOSTILE = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u0041",
    "\\U0001F600",
    "\\u0022",
    "\\U00000022",
    "\\u005C",
    "\\\\u0041",
    "\\u00410041",
    "\\uZZZZ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "#",
    "#PARAMS",
    " } UNION { ?s ?p ?o } ",
    '") } UNION { ?s ?p ?o } #',
    '" . ?s ?p ?o . #',
    "> . ?s ?p ?o . <",
    "?k",
    "$k",
    "{",
    "}",
    ")",
    "(",
    "VALUES",
    "SERVICE <http://127.0.0.1:9/>",
    "@en",
    "^^xsd:integer",
    "\ud800",
    "\udfff",
    "é",
    "\U0001f600",
]
"""Fragments that have broken SPARQL bindings somewhere: quotes, escapes of both engines,
line breaks, a tab (rdflib's parser turns raw tabs into spaces), control characters,
query syntax, lone surrogates."""

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40)
"""Text of any code points, lone surrogates included (Hypothesis leaves them out by default)."""

hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), any_text), max_size=6).map("".join)

iri_chars = st.one_of(
    st.sampled_from(list(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")),
    st.sampled_from(HOSTILE),
    st.characters(codec=None, exclude_categories=()),
)
iri_local = st.lists(iri_chars, max_size=12).map("".join)
iri_text = st.one_of(
    st.builds(lambda p, local: f"{p}:{local}", st.sampled_from(sorted(PREFIXES)), iri_local),
    st.builds(lambda local: f"https://example.org/{local}", iri_local),
    st.builds(lambda local: f"<http://example.org/{local}>", iri_local),
    st.builds(
        lambda s, local: f"{s}:{local}", st.sampled_from(["urn", "tag", "mailto"]), iri_local
    ),
    st.builds(
        lambda s, local: f"{s}{local}", st.sampled_from(["", " ", "\t", "<", "file:"]), iri_local
    ),
    hostile_text,
)

number_text = st.lists(st.sampled_from(list("+-0123456789. eE_x")), max_size=12).map("".join)

VALUES: dict[str, st.SearchStrategy[object]] = {
    "string": hostile_text,
    "iri": iri_text,
    "integer": st.one_of(
        st.integers(),
        st.integers().map(str),
        st.integers().map(lambda n: f" +{n:08d} "),
        number_text,
        st.booleans(),
        st.floats(),
        hostile_text,
    ),
    "decimal": st.one_of(
        st.decimals(),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=6).map(lambda d: format(d, "f")),
        st.floats(),
        st.integers(),
        number_text,
        st.booleans(),
        hostile_text,
    ),
    "boolean": st.one_of(
        st.booleans(),
        st.sampled_from(["true", "false", "TRUE", " yes ", "No", "1", "0", "t", "", "nil"]),
        st.integers(min_value=-1, max_value=2),
        hostile_text,
    ),
    "date": st.one_of(
        st.dates(),
        st.dates().map(dt.date.isoformat),
        st.datetimes(),
        st.builds(
            lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
            st.integers(0, 10000),
            st.integers(0, 13),
            st.integers(0, 32),
        ),
        number_text,
        hostile_text,
    ),
    "year": st.one_of(
        st.integers(min_value=-20000, max_value=20000),
        st.integers(min_value=-20000, max_value=20000).map(str),
        st.integers(),
        number_text,
        st.booleans(),
        hostile_text,
    ),
}
"""For each parameter type: values of it, values near it and values of other types."""


# --- the API: canned queries, 1,000 values per type, both engines --------------------------


def check_canned(graphs: dict[str, KnowledgeGraph], type_name: str, value: object) -> None:
    want = verdict(lambda: expected_term(type_name, value))
    for kg in graphs.values():
        run_api(kg, lambda kg: kg.query(f"probe-{type_name}", **{NAME: value}), value, want)


@pytest.mark.parametrize("type_name", PARAM_TYPES)
def test_every_declared_type_binds_exactly_or_refuses_naming_the_parameter(
    graphs: dict[str, KnowledgeGraph], type_name: str
) -> None:
    @EXAMPLES
    @given(value=VALUES[type_name])
    def check(value: object) -> None:
        check_canned(graphs, type_name, value)

    check()


# --- the API: ad-hoc bindings by Python type ------------------------------------------------

python_values = st.one_of(
    hostile_text,
    iri_text.map(IRI),
    st.integers(),
    st.decimals(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
    st.builds(
        lambda minutes: dt.datetime(
            2020, 5, 17, 12, tzinfo=dt.timezone(dt.timedelta(minutes=minutes))
        ),
        st.integers(-1439, 1439),
    ),
    st.builds(ox.Literal, st.text(max_size=20)),
    st.builds(
        lambda text, tag: ox.Literal(text, language=tag),
        st.text(max_size=20),
        st.sampled_from(["en", "sr-Latn", "de-CH-1996", "x-private"]),
    ),
    st.builds(
        lambda text, name: ox.Literal(
            text, datatype=ox.NamedNode(f"https://example.org/dt/{name}")
        ),
        hostile_text.filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t)),
        st.sampled_from(["a", "b"]),
    ),
    st.one_of(st.integers(), st.floats(), st.booleans()).map(ox.Literal),
    st.builds(
        lambda local: ox.NamedNode(f"https://example.org/{local}"), st.text(string.ascii_letters)
    ),
    hostile_text.map(rdflib.Literal),
    st.builds(lambda text: rdflib.Literal(text, lang="en"), hostile_text),
    st.builds(lambda local: rdflib.URIRef(f"https://example.org/{local}"), iri_local),
    st.sampled_from(
        [None, b"bytes", ["list"], {"a": 1}, object(), ox.BlankNode("b0"), rdflib.BNode()]
    ),
)


@EXAMPLES
@given(value=python_values)
def test_adhoc_bindings_bind_exactly_or_refuse_naming_the_binding(graphs, value) -> None:
    want = verdict(lambda: adhoc_expected(value))
    for kg in graphs.values():
        run_api(kg, lambda kg: kg.sparql(ADHOC, **{NAME: value}), value, want)


# --- the command line: 1,000 texts over the seven types ----------------------------------


@pytest.fixture
def cli_graphs(
    graphs: dict[str, KnowledgeGraph], probe_layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> dict[str, KnowledgeGraph]:
    """The command line answering from the module's engines and probe queries (for the
    whole of one test: Hypothesis runs its examples inside it)."""
    # The command closes what _load gives it; these engines serve the whole module.
    monkeypatch.setattr(commands, "_load", lambda args: contextlib.nullcontext(graphs[args.engine]))
    monkeypatch.setattr(commands, "get_query", lambda name: get_query(name, probe_layout))
    return graphs


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


cli_cases = st.sampled_from(PARAM_TYPES).flatmap(
    lambda type_name: st.tuples(
        st.just(type_name),
        VALUES[type_name].filter(lambda v: isinstance(v, str) and "\x00" not in v),
        st.sampled_from(ENGINES),
    )
)
"""A type, a text for it (argv cannot hold NUL, so the texts do not) and the engine."""


@EXAMPLES
@given(case=cli_cases)
def test_command_line_binds_exactly_or_refuses_naming_the_parameter(cli_graphs, case) -> None:
    type_name, text, engine = case
    want = verdict(lambda: expected_term(type_name, text))
    code, out, err = run_cli(
        "query",
        f"probe-{type_name}",
        "--engine",
        engine,
        "--format",
        "json",
        "--param",
        f"{NAME}={text}",
    )
    if isinstance(want, Refused) or (isinstance(want, MayRefuse) and code != 0):
        assert code == 2, f"{text!r} on {engine}: exit {code}, {out!r}"
        assert f"'{NAME}'" in err, f"{text!r}: the message does not name {NAME!r}: {err}"
        assert "Traceback" not in err
        return
    if isinstance(want, MayRefuse):
        want = want.term
    assert code == 0, f"{text!r} on {engine}: exit {code}: {err}"
    answer = ox.parse_query_results(out.encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    variables = tuple(v.value for v in answer.variables)
    check_answer([tuple(solution) for solution in answer], variables, want)


# --- regressions: values that broke the binder once ---------------------------------------

REGRESSIONS = [
    ("string", "a\tb"),  # rdflib's parser turned the raw tab into spaces
    ("string", "\\u0041"),  # rdflib decoded it to "A" (or failed to parse)
    ("string", "\\u005C"),  # rdflib read a backslash
    ("string", "\\u00410041"),  # rdflib: "Invalid unicode code point", no parameter named
    ("string", "\\u0022 } UNION { ?s ?p ?o } #"),  # rdflib read a quote (still one literal)
    ("string", "\ud800"),  # Oxigraph and rdflib failed on the query, naming nothing
    ("string", "x" * (MAX_TEXT_LENGTH + 1)),
    ("iri", "http://[::1"),  # Oxigraph: a syntax error in the query, naming nothing
    ("iri", "http://example.org/%zz"),
    ("iri", "http://example.org/#a#b"),
    ("iri", "http://example.org/\x7f"),
    ("iri", "http://example.org/\ufffe"),
    ("decimal", Decimal("1.50")),  # Oxigraph answered "1.5", rdflib "1.50"
    ("decimal", Decimal("-0")),
    ("decimal", Decimal("1E+999999999")),  # would have written a billion digits
    ("decimal", "9" * (MAX_DIGITS + 1)),
    ("integer", 10**MAX_DIGITS),
    ("integer", "+007"),
]
"""(type, value): cases that once failed, kept so they stay fixed."""


@pytest.mark.parametrize(("type_name", "value"), REGRESSIONS, ids=lambda x: repr(x)[:40])
def test_regression(graphs: dict[str, KnowledgeGraph], type_name: str, value: object) -> None:
    check_canned(graphs, type_name, value)


ADHOC_REGRESSIONS = [
    1.0,  # Oxigraph answered "1", rdflib "1.0E0"
    0.1,
    -0.0,
    1e300,
    float("nan"),
    dt.datetime(2020, 1, 1, tzinfo=dt.UTC),  # Oxigraph "Z", rdflib "+00:00"
    dt.datetime(2020, 1, 1, 0, 0, 0, 120000),  # Oxigraph ".12", rdflib ".120000"
    dt.datetime(2020, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))),
    dt.datetime(2020, 1, 1, tzinfo=dt.timezone(dt.timedelta(seconds=30))),
    ox.Literal("a\tb\\u0041", language="en"),  # the library writes a raw tab and \\u
    rdflib.Literal("\ud800x"),
    rdflib.URIRef("http://example.org/a b"),
    ox.BlankNode("b0"),
    None,
]


@pytest.mark.parametrize("value", ADHOC_REGRESSIONS, ids=lambda x: repr(x)[:40])
def test_adhoc_regression(graphs: dict[str, KnowledgeGraph], value: object) -> None:
    want = verdict(lambda: adhoc_expected(value))
    for kg in graphs.values():
        run_api(kg, lambda kg: kg.sparql(ADHOC, **{NAME: value}), value, want)


# --- one engine answers --------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_answer_is_not_asked_again_of_another_engine(
    engine: str, built_graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line once reran a canned query that found no rows on a second engine.
    Now the engine chosen is the only one made and the only one asked, once."""
    import balkan_kg.api as api

    made: list[str] = []
    asked: list[str] = []

    class Recording(IsolatedEngine):
        def __init__(self, spec: EngineSpec, **options: object) -> None:
            made.append(spec.name)
            super().__init__(spec, **options)  # type: ignore[arg-type]

        def evaluate(self, *args: object, **kwargs: object):  # type: ignore[override]
            asked.append(self.name)
            return super().evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "IsolatedEngine", Recording)
    code, out, err = run_cli(
        "query",
        "members-since",
        "--engine",
        engine,
        "--build-dir",
        str(built_graph.out_dir),
        "--param",
        "asOf=1900",
    )
    assert code == 0, err
    assert "(0 rows)" in out
    assert made == [engine]
    assert asked == [engine]


def test_probe_queries_are_what_the_tests_think(graphs: dict[str, KnowledgeGraph]) -> None:
    """The probes bind through ``#PARAMS`` (the ad-hoc probe without it), and a plain value
    comes back: the checks above would be empty if the probe answered nothing."""
    for kg in graphs.values():
        canned = kg.query("probe-string", **{NAME: "x"})
        assert canned.variables == (NAME, "k") and len(canned) == 2
        assert canned.terms[0][0] == ox.Literal("x")
        adhoc = kg.sparql(ADHOC, **{NAME: 7})
        assert adhoc.terms[0][0] == ox.Literal(7)
    assert Path(kg.layout.queries_dir / "probe-iri.rq").is_file()
