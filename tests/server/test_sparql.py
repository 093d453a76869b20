"""``/sparql`` over HTTP: the three request forms, every result format parsed back, and
every refusal with its status (:mod:`balkan_kg.server.sparql`).

Expected answers come from the source text (``data/source/report-excerpt.txt``): "3
out of the 6 Western Balkan countries managed to become full NATO allies in the past
decades: Albania (2009), Montenegro (2017), and North Macedonia (2020). The same holds
true for EU members like Croatia (2009) and Slovenia (2004)."
"""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pyoxigraph
import pytest
import rdflib
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

from balkan_kg.server.description import SERVED_GRAPH
from serving import MAX_ANSWER, MAX_BODY, MAX_ROWS, BalkanServer

NATO_MEMBERS_WITH_YEARS = {
    ("Albania", 2009),
    ("Montenegro", 2017),
    ("North Macedonia", 2020),
    ("Croatia", 2009),
    ("Slovenia", 2004),
}
"""The NATO memberships the text states, with the year it gives for each."""

MEMBERS_QUERY = """\
SELECT ?label ?year WHERE {
  ?m a bkg:Membership ; org:member ?state ; org:organization bk:NATO ;
    bkg:memberDuring/bkg:beginYear ?y .
  ?state rdfs:label ?name .
  BIND(STR(?name) AS ?label)
  BIND(xsd:integer(STR(?y)) AS ?year)
}"""

AWKWARD_QUERY = """\
# a comment with & and && and + and %41 and é and } and #, all to be kept as written
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?plus ?percent ?accent WHERE {
  ?state a bkg:State ; rdfs:label ?name .
  FILTER(CONTAINS(STR(?name), "North") && STRSTARTS(STR(?name), "North Maced"))
  BIND(STR(?name) AS ?label)
  BIND("a+b" AS ?plus)        # a + in the text stays a plus, never a space
  BIND("50%41" AS ?percent)   # decoded once: still %41, never A
  BIND("é" AS ?accent)
}"""
AWKWARD_ROW = {"label": "North Macedonia", "plus": "a+b", "percent": "50%41", "accent": "é"}


def rows(response: httpx.Response) -> list[dict[str, str]]:
    """The rows of a SPARQL JSON answer as variable -> lexical value."""
    assert response.status_code == 200, response.text
    document = response.json()
    return [
        {name: cell["value"] for name, cell in binding.items()}
        for binding in document["results"]["bindings"]
    ]


def members(found: list[dict[str, str]]) -> set[tuple[str, int]]:
    return {(row["label"], int(row["year"])) for row in found}


# --- the three request forms ------------------------------------------------------------


def test_get_with_awkward_characters(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": AWKWARD_QUERY})
    assert rows(response) == [AWKWARD_ROW]


def test_post_form_with_awkward_characters(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": AWKWARD_QUERY})
    assert response.request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert rows(response) == [AWKWARD_ROW]


def test_post_direct_with_awkward_characters(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content=AWKWARD_QUERY.encode("utf-8"),
        headers={"content-type": "application/sparql-query"},
    )
    assert rows(response) == [AWKWARD_ROW]


def test_a_form_body_is_percent_decoded_once(client: httpx.Client) -> None:
    """rdflib-endpoint's fault: ``50%2541`` arrived as ``50A`` (decoded twice)."""
    body = b"query=SELECT+%28%2250%2541%22+AS+%3Fx%29+%7B%7D"
    response = client.post(
        "/sparql", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert rows(response) == [{"x": "50%41"}]


def test_raw_utf8_in_a_form_body_is_read_as_utf8(client: httpx.Client) -> None:
    body = 'query=SELECT ("é" AS ?x) {}'.encode()
    response = client.post(
        "/sparql", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert rows(response) == [{"x": "é"}]


@pytest.mark.parametrize(
    ("method", "form"),
    [("GET", None), (POST, URLENCODED), (POST, POSTDIRECTLY)],
    ids=["get", "post-form", "post-direct"],
)
def test_sparqlwrapper_in_every_form(server: BalkanServer, method: str, form: str | None) -> None:
    wrapper = SPARQLWrapper(server.endpoint)
    wrapper.setMethod(method)
    if form is not None:
        wrapper.setRequestMethod(form)
    wrapper.setReturnFormat(JSON)
    wrapper.setTimeout(60)
    wrapper.setQuery(AWKWARD_QUERY)
    bindings = wrapper.query().convert()["results"]["bindings"]
    assert [{k: v["value"] for k, v in b.items()} for b in bindings] == [AWKWARD_ROW]

    wrapper.setQuery("PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>\n" + MEMBERS_QUERY)
    bindings = wrapper.query().convert()["results"]["bindings"]
    assert members([{k: v["value"] for k, v in b.items()} for b in bindings]) == (
        NATO_MEMBERS_WITH_YEARS
    )


def test_sparqlwrapper_construct_as_turtle(server: BalkanServer) -> None:
    wrapper = SPARQLWrapper(server.endpoint)
    wrapper.setQuery("CONSTRUCT { bk:Albania rdfs:label ?l } WHERE { bk:Albania rdfs:label ?l }")
    wrapper.setReturnFormat(TURTLE)
    wrapper.setTimeout(60)
    graph = rdflib.Graph().parse(data=wrapper.query().convert(), format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert labels == {"Albania"}


def test_the_canned_members_query_answers_what_the_text_says(client: httpx.Client) -> None:
    assert members(rows(client.get("/sparql", params={"query": MEMBERS_QUERY}))) == (
        NATO_MEMBERS_WITH_YEARS
    )


# --- result formats ---------------------------------------------------------------------

SELECT_NATO = "SELECT ?label WHERE { bk:NATO rdfs:label ?name BIND(STR(?name) AS ?label) }"


@pytest.mark.parametrize(
    ("accept", "content_type", "results_format"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "JSON"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "XML"),
        ("text/csv", "text/csv", "CSV"),
        ("text/tab-separated-values", "text/tab-separated-values", "TSV"),
        ("application/json", "application/sparql-results+json", "JSON"),
        ("text/xml", "application/sparql-results+xml", "XML"),
        ("*/*", "application/sparql-results+json", "JSON"),
        (None, "application/sparql-results+json", "JSON"),
    ],
)
def test_select_results_in_every_format_parse_back(
    client: httpx.Client, accept: str | None, content_type: str, results_format: str
) -> None:
    headers = {"accept": accept} if accept else {}
    if accept is None:
        client.headers.pop("accept", None)
    response = client.get("/sparql", params={"query": SELECT_NATO}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == content_type
    assert "accept" in response.headers["vary"].lower()
    assert labels(response.content, results_format) == ["NATO"]


def labels(content: bytes, results_format: str) -> list[str]:
    """The ``?label`` values of a SPARQL results document, parsed by pyoxigraph (by the
    csv module for CSV, which pyoxigraph does not read: it loses term types)."""
    if results_format == "CSV":
        return [row["label"] for row in csv.DictReader(io.StringIO(content.decode("utf-8")))]
    parsed = pyoxigraph.parse_query_results(
        content, format=getattr(pyoxigraph.QueryResultsFormat, results_format)
    )
    return [solution["label"].value for solution in parsed]


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_format_parameter_overrides_accept(client: httpx.Client, name: str) -> None:
    response = client.get(
        "/sparql",
        params={"query": SELECT_NATO, "format": name},
        headers={"accept": "application/sparql-results+json"},
    )
    assert labels(response.content, name.upper()) == ["NATO"]


def test_accept_q_values_are_honoured(client: httpx.Client) -> None:
    accept = "application/sparql-results+json;q=0.2, text/csv;q=0.5, text/tab-separated-values"
    response = client.get("/sparql", params={"query": SELECT_NATO}, headers={"accept": accept})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    accept = "application/sparql-results+json;q=0.2, text/csv;q=0.5, text/tab-separated-values;q=0"
    response = client.get("/sparql", params={"query": SELECT_NATO}, headers={"accept": accept})
    assert response.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ASK { bk:Albania org:memberOf bk:NATO }", True),
        ("ASK { bk:Serbia org:memberOf bk:NATO }", False),
    ],
)
@pytest.mark.parametrize("name", ["json", "xml"])
def test_ask_answers_in_json_and_xml(
    client: httpx.Client, query: str, expected: bool, name: str
) -> None:
    """Albania joined NATO in 2009; Serbia "does not aspire to join the Alliance"."""
    response = client.get("/sparql", params={"query": query, "format": name})
    parsed = pyoxigraph.parse_query_results(
        response.content, format=getattr(pyoxigraph.QueryResultsFormat, name.upper())
    )
    assert bool(parsed) is expected


CONSTRUCT_ALBANIA = """
CONSTRUCT { ?m org:member bk:Albania ; bkg:startYear ?y }
WHERE { ?m org:member bk:Albania ; org:organization bk:NATO ;
        bkg:memberDuring/bkg:beginYear ?y }"""


@pytest.mark.parametrize(
    ("accept", "content_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/json", "application/ld+json", "json-ld"),
        (None, "text/turtle", "turtle"),
    ],
)
def test_construct_in_every_graph_format_parses_back(
    client: httpx.Client, accept: str | None, content_type: str, rdflib_format: str
) -> None:
    headers = {"accept": accept} if accept else {"accept": "*/*"}
    response = client.get("/sparql", params={"query": CONSTRUCT_ALBANIA}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == content_type
    graph = rdflib.Graph().parse(data=response.text, format=rdflib_format)
    years = {int(str(o)) for o in graph.objects(None, rdflib.URIRef(BKG + "startYear"))}
    assert years == {2009}


BKG = "https://w3id.org/balkan-kg/ontology#"


def test_describe_is_a_graph_about_the_resource(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "DESCRIBE bk:Montenegro", "format": "nt"})
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    montenegro = rdflib.URIRef("https://w3id.org/balkan-kg/id/Montenegro")
    assert {str(o) for o in graph.objects(montenegro, rdflib.RDFS.label)} == {"Montenegro"}


def test_head_answers_headers_without_a_body(client: httpx.Client) -> None:
    response = client.head("/sparql", params={"query": SELECT_NATO})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


# --- inference and graphs ---------------------------------------------------------------


def test_inference_false_answers_from_the_asserted_triples(client: httpx.Client) -> None:
    """The ontology derives org:memberOf from membership facts; it is never asserted."""
    query = "ASK { bk:Albania org:memberOf bk:NATO }"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True
    assert client.get("/sparql", params={"query": query, "inference": "true"}).json()["boolean"]
    asserted = client.get("/sparql", params={"query": query, "inference": "false"})
    assert asserted.json()["boolean"] is False
    posted = client.post("/sparql", data={"query": query, "inference": "false"})
    assert posted.json()["boolean"] is False


def test_inference_takes_only_true_or_false(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "inference": "maybe"})
    assert response.status_code == 400
    assert "inference must be true or false" in response.text


def test_the_served_graph_may_be_named_as_default_graph(client: httpx.Client) -> None:
    response = client.get(
        "/sparql", params={"query": SELECT_NATO, "default-graph-uri": SERVED_GRAPH}
    )
    assert [row["label"] for row in rows(response)] == ["NATO"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("default-graph-uri", "http://127.0.0.1:9/elsewhere"),
        ("named-graph-uri", SERVED_GRAPH),
        ("named-graph-uri", "http://example.org/g"),
    ],
)
def test_other_graphs_are_refused(client: httpx.Client, name: str, value: str) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", name: value})
    assert response.status_code == 400
    assert name in response.text and value in response.text


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }", "FROM"),
    ],
)
def test_service_and_from_are_refused_with_a_message(
    client: httpx.Client, query: str, word: str
) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.text.startswith(f"{word} is not allowed")


# --- refusals and their statuses --------------------------------------------------------


def test_a_syntax_error_names_line_and_column(client: httpx.Client) -> None:
    query = "SELECT * WHERE {\n  ?s ?p ?o ?x }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert re.search(r"line 2, column \d+", response.text), response.text


def test_an_update_is_refused_before_evaluation(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "INSERT DATA { bk:x bk:y bk:z }"})
    assert response.status_code == 403
    assert "not allowed" in response.text


@pytest.mark.parametrize(
    ("request_kwargs", "status", "words"),
    [
        ({"params": {"query": ""}}, 400, "empty"),
        ({"params": {"query": "   \n"}}, 400, "empty"),
        ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "given 2 times"),
        ({"params": {"query": "ASK {}", "timeout": "soon"}}, 400, "timeout"),
        ({"params": {"query": "ASK {}", "format": "yaml"}}, 400, "unknown format"),
        ({"params": {"query": "ASK {}"}, "headers": {"accept": "image/png"}}, 406, "Accept"),
        ({"params": {"query": CONSTRUCT_ALBANIA, "format": "csv"}}, 406, "CONSTRUCT"),
        ({"params": {"query": SELECT_NATO, "format": "turtle"}}, 406, "SELECT"),
    ],
)
def test_bad_get_requests(
    client: httpx.Client, request_kwargs: dict[str, object], status: int, words: str
) -> None:
    response = client.get("/sparql", **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert words in response.text
    assert response.headers["content-type"].startswith("text/plain")


def test_a_query_in_the_url_and_the_form_body_is_refused(client: httpx.Client) -> None:
    response = client.post("/sparql?query=ASK%7B%7D", data={"query": "ASK {}"})
    assert response.status_code == 400
    assert "both in the URL and in the body" in response.text


def test_a_query_in_the_url_and_as_the_body_is_refused(client: httpx.Client) -> None:
    response = client.post(
        "/sparql?query=ASK%7B%7D",
        content=b"ASK {}",
        headers={"content-type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "both in the URL and as the body" in response.text


def test_a_post_without_a_query_is_refused(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"inference": "false"})
    assert response.status_code == 400
    assert "no query" in response.text


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/json", "multipart/form-data; boundary=x", None],
)
def test_other_body_types_are_415(client: httpx.Client, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/sparql", content=b"query=ASK+%7B%7D", headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_a_body_in_another_charset_is_415(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content='ASK { FILTER("é" != "") }'.encode("latin-1"),
        headers={"content-type": "application/sparql-query; charset=ISO-8859-1"},
    )
    assert response.status_code == 415


def test_a_body_that_is_not_utf8_is_400(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content=b'ASK { FILTER("\xe9" != "") }',
        headers={"content-type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client: httpx.Client, method: str) -> None:
    response = client.request(method, "/sparql", content=b"ASK {}")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "POST",
        "OPTIONS",
    }


def test_options_lists_the_methods(client: httpx.Client) -> None:
    response = client.options("/sparql")
    assert response.status_code == 204
    assert "POST" in response.headers["allow"]


def test_a_body_over_the_limit_is_413(client: httpx.Client) -> None:
    big = b"ASK {} #" + b"x" * MAX_BODY
    response = client.post(
        "/sparql", content=big, headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert f"{MAX_BODY:,} bytes" in response.text


def test_a_chunked_body_over_the_limit_is_413(client: httpx.Client) -> None:
    def chunks():
        yield b"query=ASK+%7B%7D+%23"
        for _ in range(2 * MAX_BODY // 10_000):
            yield b"x" * 10_000

    response = client.post(
        "/sparql",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_read(client: httpx.Client) -> None:
    text = "ASK {}\n#" + "x" * (MAX_BODY - 20)
    response = client.post(
        "/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True


# --- limits ----------------------------------------------------------------------------

CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_runaway_query_is_stopped_with_503_and_a_clear_body(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": CROSS_JOIN_COUNT, "timeout": "0.5"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/plain")
    assert "ran longer than its limit of 0.5 s and was stopped" in response.text
    assert response.headers["x-error-kind"] == "QueryTimeoutError"


def test_the_server_limit_applies_without_a_timeout_parameter(
    client: httpx.Client,
) -> None:
    response = client.post("/sparql", data={"query": CROSS_JOIN_COUNT, "timeout": "999"})
    assert response.status_code == 503
    assert "limit of 2 s" in response.text  # the server's --timeout, never more


def test_an_answer_over_the_row_cap_is_refused_whole(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 503
    assert f"more than the cap of {MAX_ROWS}" in response.text
    limited = client.get(
        "/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"}
    )
    assert len(rows(limited)) == MAX_ROWS


SOURCE_TEXT = "bk:report-excerpt nif:isString ?text"
"""The whole source text (2,379 characters) as one literal."""


@pytest.mark.parametrize("limit", [900, 1000])
def test_an_answer_over_the_byte_cap_is_refused_whole(client: httpx.Client, limit: int) -> None:
    """Within the row cap, but 900 copies of the text are over 2 MB."""
    query = f"SELECT ?text ?s WHERE {{ {SOURCE_TEXT} . ?s ?p ?o }} LIMIT {limit}"
    response = client.get("/sparql", params={"query": query, "format": "csv"})
    assert response.status_code == 503
    assert f"cap of {MAX_ANSWER:,} bytes" in response.text
    construct = (
        f"CONSTRUCT {{ ?s bk:text ?long }} WHERE {{ {SOURCE_TEXT} . ?s ?p ?o "
        f"BIND(CONCAT(?text, STR(?p), STR(?o)) AS ?long) }} LIMIT {limit}"
    )
    response = client.get("/sparql", params={"query": construct})
    assert response.status_code == 503
    assert f"cap of {MAX_ANSWER:,} bytes" in response.text


def test_an_answer_under_the_byte_cap_is_given(client: httpx.Client) -> None:
    query = f"SELECT ?text ?s WHERE {{ {SOURCE_TEXT} . ?s ?p ?o }} LIMIT 300"
    response = client.get("/sparql", params={"query": query})
    assert len(rows(response)) == 300
    assert len(response.content) < MAX_ANSWER


def test_the_answer_names_its_query_time(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": SELECT_NATO})
    assert re.fullmatch(r"query;dur=\d+(\.\d+)?", response.headers["server-timing"])


def test_results_survive_json_parsing_with_every_value_type(client: httpx.Client) -> None:
    query = (
        'SELECT ?i ?d ?s ?b WHERE { BIND(7 AS ?i) BIND(1.5 AS ?d) BIND("x\\ty" AS ?s) '
        "BIND(true AS ?b) }"
    )
    document = json.load(io.BytesIO(client.get("/sparql", params={"query": query}).content))
    (binding,) = document["results"]["bindings"]
    assert binding["i"]["value"] == "7" and binding["s"]["value"] == "x\ty"
    assert binding["b"]["datatype"].endswith("#boolean")
