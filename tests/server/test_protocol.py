"""Reading requests (:mod:`balkan_kg.server.protocol`), content negotiation
(:mod:`balkan_kg.server.negotiate`) and hosts (:mod:`balkan_kg.server.urls`), fuzzed with
Hypothesis for a bounded number of examples: every input is either read exactly as sent
or refused with a :class:`RequestError`, never anything else."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balkan_kg.server.negotiate import best_match
from balkan_kg.server.protocol import RequestError, decode_params, merge_params, printable
from balkan_kg.server.sparql import GRAPH_TYPES, RESULT_TYPES, choose_format
from balkan_kg.server.urls import check_host

FUZZ = settings(max_examples=400, deadline=None)
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda n: n.strip() == n)
values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@FUZZ
@given(st.lists(st.tuples(names, values), max_size=6))
def test_encoded_parameters_are_read_back_exactly(pairs: list[tuple[str, str]]) -> None:
    """What a client encodes (``+`` for spaces, %XX for the rest) is read as it was."""
    encoded = urllib.parse.urlencode(pairs).encode("ascii")
    expected: dict[str, list[str]] = {}
    for name, value in pairs:
        expected.setdefault(name, []).append(value)
    assert decode_params(encoded, "the body") == expected


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_with_400(data: bytes) -> None:
    try:
        params = decode_params(data, "the query string")
    except RequestError as exc:
        assert exc.status == 400
    else:
        assert all(isinstance(v, str) for vs in params.values() for v in vs)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"query=%", "malformed percent-escape '%'"),
        (b"query=%4", "malformed percent-escape '%4'"),
        (b"query=%G1", "malformed percent-escape '%G1'"),
        (b"query=%FF", "not UTF-8"),
        (b"query=\xff", "not UTF-8"),
        (b"&".join(b"p%d=1" % i for i in range(1001)), "more than 1000 parameters"),
    ],
)
def test_malformed_parameters_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(RequestError) as caught:
        decode_params(data, "the query string")
    assert caught.value.status == 400 and words in caught.value.message


def test_awkward_characters_are_decoded_once() -> None:
    data = b"query=a+%2B+b%26%26c%2541%C3%A9%23x&&x=%41"
    assert decode_params(data, "the body") == {"query": ["a + b&&c%41é#x"], "x": ["A"]}


def test_graphs_may_repeat_but_nothing_else_in_both_places() -> None:
    url = {"default-graph-uri": ["a"], "inference": ["false"]}
    merged = merge_params(url, {"default-graph-uri": ["b"], "query": ["ASK {}"]}, "in the body")
    assert merged == {"default-graph-uri": ["a", "b"], "inference": ["false"], "query": ["ASK {}"]}
    with pytest.raises(RequestError, match="both in the URL and in the body"):
        merge_params(url, {"inference": ["true"]}, "in the body")


accept_headers = st.lists(
    st.tuples(
        st.sampled_from([*RESULT_TYPES, *GRAPH_TYPES, "*/*", "text/*", "application/*", "x/y"]),
        st.one_of(st.none(), st.floats(allow_nan=True), st.text(max_size=5)),
    ),
    max_size=6,
).map(lambda items: ", ".join(m if q is None else f"{m};q={q}" for m, q in items))


@FUZZ
@given(accept_headers, st.sampled_from(["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]))
def test_negotiation_offers_only_what_it_writes_or_refuses_with_406(accept: str, form: str) -> None:
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    try:
        name, media = choose_format(form, accept, None)  # type: ignore[arg-type]
    except RequestError as exc:
        assert exc.status == 406
    else:
        assert name in offered.values() and media


@FUZZ
@given(st.text(max_size=300))
def test_any_accept_header_is_matched_or_not(accept: str) -> None:
    chosen = best_match(accept, list(RESULT_TYPES))
    assert chosen is None or chosen in RESULT_TYPES


def test_q_values_decide_and_zero_refuses() -> None:
    offers = ["text/turtle", "application/n-triples"]
    assert best_match("text/turtle;q=0.5, application/n-triples", offers) == "application/n-triples"
    assert best_match("text/turtle;q=0, */*;q=0.1", offers) == "application/n-triples"
    assert best_match("text/turtle;q=0", offers) is None
    assert best_match("", offers) == "text/turtle"


@FUZZ
@given(st.text(max_size=80))
def test_a_host_is_accepted_only_when_a_url_may_name_it(host: str) -> None:
    try:
        checked = check_host(host)
    except RequestError as exc:
        assert exc.status == 400
    else:
        parsed = urllib.parse.urlsplit(f"http://{checked}/sparql")
        assert parsed.path == "/sparql" and parsed.netloc == checked
        assert not set(checked) & set(" <>\"{}|\\^`'@/?#")


@FUZZ
@given(st.text(max_size=80))
def test_printable_leaves_no_control_character_but_tab_and_newline(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 32 and c not in "\t\n" or ord(c) == 127 for c in shown)
