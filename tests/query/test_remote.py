"""The remote engine (:mod:`balkan_kg.query.remote`): the protocol, the formats, and every
failure.

Failures are provoked on 127.0.0.1 only: a port nothing listens on, a scripted
``http.server`` that answers with an error status or sleeps (bounded), and the real
Oxigraph and Virtuoso servers of ``tests/servers.py`` for a query they reject. Each
must give one clear :class:`~balkan_kg.errors.EndpointError` message and a non-zero
exit, never a traceback. ``balkan-kg load`` is tested in ``tests/kg/test_graphstore.py``.
"""

from __future__ import annotations

import urllib.error
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest

import balkan_kg
from balkan_kg.cli import main
from balkan_kg.errors import (
    EndpointError,
    EndpointQueryError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    EngineError,
    QueryError,
)
from balkan_kg.namespaces import BK, BKG, PREFIXES, RDF
from balkan_kg.query.catalog import bind_canned, get_query
from balkan_kg.query.engines import ENDPOINT_ENV, ENGINE_ENV, GRAPH_ENV
from balkan_kg.query.execute import execute
from balkan_kg.query.limits import Limits
from balkan_kg.query.params import string_text
from balkan_kg.query.remote import (
    RESULT_FORMATS,
    RemoteEngine,
    check_http_url,
    http_status_error,
    server_text,
    translate_http_failure,
)
from balkan_kg.query.results import IRI
from balkan_kg.query.text import prologue
from servers import GRAPH, Reply, free_port, json_results

if TYPE_CHECKING:
    from servers import ScriptedServer, Server

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

XML_RESULT = b"""<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="state"/><variable name="year"/><variable name="label"/></head>
  <results>
    <result>
      <binding name="state"><uri>https://w3id.org/balkan-kg/id/Albania</uri></binding>
      <binding name="year">
        <literal datatype="http://www.w3.org/2001/XMLSchema#integer">2009</literal>
      </binding>
      <binding name="label"><literal xml:lang="en">Albania</literal></binding>
    </result>
  </results>
</sparql>
"""
JSON_RESULT = json_results(
    ["state", "year", "label"],
    [
        {
            "state": {"type": "uri", "value": BK + "Albania"},
            # Virtuoso's pre-standard form of a typed literal
            "year": {"type": "typed-literal", "datatype": XSD_INTEGER, "value": "2009"},
            "label": {"type": "literal", "xml:lang": "en", "value": "Albania"},
        }
    ],
)
TSV_RESULT = f'?state\t?year\t?label\n<{BK}Albania>\t2009\t"Albania"@en\n'.encode()
ROW = {"state": IRI(BK + "Albania"), "year": 2009, "label": "Albania"}
TERMS = (
    ox.NamedNode(BK + "Albania"),
    ox.Literal("2009", datatype=ox.NamedNode(XSD_INTEGER)),
    ox.Literal("Albania", language="en"),
)
SELECT = "SELECT ?state ?year ?label WHERE { ?state ?p ?year }"


@pytest.fixture(autouse=True)
def no_engine_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose engines explicitly; the caller's environment must not interfere."""
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)


# --- results formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result_format", "body", "content_type"),
    [
        ("json", JSON_RESULT, "application/sparql-results+json"),
        ("xml", XML_RESULT, "application/sparql-results+xml; charset=utf-8"),
    ],
)
def test_json_and_xml_results_give_the_same_terms_and_rows(
    scripted_server: ScriptedServer, result_format: str, body: bytes, content_type: str
) -> None:
    scripted_server.answer(Reply(body=body, content_type=content_type))
    engine = RemoteEngine(scripted_server.url, result_format=result_format)
    result = execute(engine, SELECT)
    assert result.variables == ("state", "year", "label")
    assert result.terms == [TERMS]
    assert result.rows == [ROW]
    accept = scripted_server.requests[-1]["headers"]["Accept"]  # type: ignore[index]
    assert f"application/sparql-results+{result_format}" in accept


def test_the_answers_content_type_decides_how_it_is_read(
    scripted_server: ScriptedServer,
) -> None:
    # asked for JSON, the store answers TSV: read as TSV
    scripted_server.answer(Reply(body=TSV_RESULT, content_type="text/tab-separated-values"))
    assert execute(RemoteEngine(scripted_server.url), SELECT).terms == [TERMS]
    # asked for XML, the store does not say what it sends: read as what was asked for
    scripted_server.answer(Reply(body=XML_RESULT, content_type=""))
    assert execute(RemoteEngine(scripted_server.url, result_format="xml"), SELECT).rows == [ROW]


VIRTUOSO_ASK_JSON = (
    b'\n{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },\n  "results": { "distinct": false, '
    b'"ordered": true, "bindings": [%s] } }'
)
VIRTUOSO_ASK_XML = (
    b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    b'<variable name="__ASK_RETVAL"/></head><results distinct="false" ordered="true">%s'
    b"</results></sparql>"
)
VIRTUOSO_TRUE_JSON = (
    b'{ "__ASK_RETVAL": { "type": "typed-literal", '
    b'"datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1" }}'
)
VIRTUOSO_TRUE_XML = (
    b'<result><binding name="__ASK_RETVAL"><literal '
    b'datatype="http://www.w3.org/2001/XMLSchema#integer">1</literal></binding></result>'
)


@pytest.mark.parametrize(
    ("body", "content_type", "answer"),
    [
        (b'{"head": {}, "boolean": true}', "application/sparql-results+json", True),
        (b'{"head": {}, "boolean": false}', "application/sparql-results+json", False),
        # Virtuoso 7 writes the answer as solutions of __ASK_RETVAL: 1 for true, none for false
        (VIRTUOSO_ASK_JSON % VIRTUOSO_TRUE_JSON, "application/sparql-results+json", True),
        (VIRTUOSO_ASK_JSON % b"", "application/sparql-results+json", False),
        (VIRTUOSO_ASK_XML % VIRTUOSO_TRUE_XML, "application/sparql-results+xml", True),
        (VIRTUOSO_ASK_XML % b"", "application/sparql-results+xml", False),
    ],
)
def test_an_ask_answer_is_read_as_its_boolean(
    scripted_server: ScriptedServer, body: bytes, content_type: str, answer: bool
) -> None:
    scripted_server.answer(Reply(body=body, content_type=content_type))
    result = execute(RemoteEngine(scripted_server.url), "ASK { ?s ?p ?o }")
    assert result.form == "ASK" and result.boolean is answer


def test_solutions_of_another_variable_are_no_answer_to_ask(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=JSON_RESULT, content_type="application/sparql-results+json"))
    with pytest.raises(EndpointError, match="the answer to an ASK query is not readable"):
        execute(RemoteEngine(scripted_server.url), "ASK { ?s ?p ?o }")


TURTLE_ANSWER = f"@prefix bkg: <{BKG}> .\n<{BK}Albania> a bkg:State .\n".encode()
NTRIPLES_ANSWER = f"<{BK}Albania> <{RDF}type> <{BKG}State> .\n".encode()
STATE = ox.Triple(
    ox.NamedNode(BK + "Albania"), ox.NamedNode(RDF + "type"), ox.NamedNode(BKG + "State")
)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (TURTLE_ANSWER, "text/turtle; charset=utf-8"),
        (NTRIPLES_ANSWER, "application/n-triples"),
        (TURTLE_ANSWER, ""),  # no Content-Type: Turtle, as asked for
    ],
)
def test_a_graph_answer_is_read_as_turtle_or_n_triples(
    scripted_server: ScriptedServer, body: bytes, content_type: str
) -> None:
    scripted_server.answer(Reply(body=body, content_type=content_type))
    text = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c }"
    result = execute(RemoteEngine(scripted_server.url), text)
    assert result.form == "CONSTRUCT" and result.triples == [STATE]
    accept = scripted_server.requests[-1]["headers"]["Accept"]  # type: ignore[index]
    assert "turtle" in accept and "sparql-results" not in accept


@pytest.mark.parametrize(
    ("text", "body", "content_type"),
    [
        (SELECT, b"<html>hello</html>", "text/html"),
        (SELECT, b'{"head": {"vars": ["s"]}, "results": ', "application/sparql-results+json"),
        ("DESCRIBE <http://e/x>", b"<a> <b> .", "text/turtle"),
    ],
)
def test_an_answer_that_cannot_be_read_is_an_endpoint_error(
    scripted_server: ScriptedServer, text: str, body: bytes, content_type: str
) -> None:
    scripted_server.answer(Reply(body=body, content_type=content_type))
    with pytest.raises(EndpointError) as caught:
        execute(RemoteEngine(scripted_server.url), text)
    assert caught.value.url == scripted_server.url
    assert f"is not readable ({content_type})" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_only_the_sparql_results_formats_can_be_asked_for() -> None:
    assert RESULT_FORMATS == ("json", "xml")
    with pytest.raises(
        EngineError, match="unknown result format 'csv' \\(choose from json, xml\\)"
    ):
        RemoteEngine("http://127.0.0.1:9/sparql", result_format="csv")


@pytest.mark.parametrize("url", ["ftp://example.org/sparql", "http:///sparql", "localhost:7878"])
def test_an_endpoint_that_is_not_an_http_url_is_refused(url: str) -> None:
    with pytest.raises(EngineError, match="not an http:// or https:// URL with a host"):
        RemoteEngine(url)
    with pytest.raises(EngineError):
        check_http_url(url)


def test_an_endpoint_url_is_taken_without_surrounding_blanks() -> None:
    assert check_http_url(" https://example.org/sparql \n") == "https://example.org/sparql"


def test_the_engine_shows_its_endpoint_and_graph() -> None:
    assert repr(RemoteEngine("http://h/q")) == "<RemoteEngine http://h/q>"
    assert (
        repr(RemoteEngine("http://h/q", "http://g")) == "<RemoteEngine http://h/q graph <http://g>>"
    )


# --- what is sent ---------------------------------------------------------------------------


def test_canned_query_is_sent_as_its_bound_text_with_the_graph_as_a_parameter(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=json_results(["entity", "label", "matched"], [])))
    kg = balkan_kg.load(endpoint=scripted_server.url, default_graph="http://example.org/g")
    hostile = 'Kosovo" } ?s ?p ?o . FILTER("'
    kg.query("find-entity", name=hostile)
    request = scripted_server.requests[-1]
    form = request["form"]
    assert request["method"] == "POST"
    headers = request["headers"]
    assert headers["Content-Type"].startswith("application/x-www-form-urlencoded")  # type: ignore[index]
    bound = bind_canned(get_query("find-entity"), {"name": hostile})
    assert form["query"] == [prologue(PREFIXES, bound) + bound]  # type: ignore[index]
    assert form["default-graph-uri"] == ["http://example.org/g"]  # type: ignore[index]
    # The value is a typed VALUES term (its quotes escaped), not text pasted into the query.
    assert f"VALUES (?name) {{ ({string_text(hostile)}) }}" in bound


def test_the_project_prefixes_a_text_lacks_are_declared_in_front_of_it(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=json_results(["s"], [])))
    text = "PREFIX bk: <http://other/>\nSELECT ?s WHERE { ?s a bkg:State }"
    execute(RemoteEngine(scripted_server.url), text)
    (sent,) = scripted_server.requests[-1]["form"]["query"]  # type: ignore[index]
    assert sent == prologue(PREFIXES, text) + text
    assert f"PREFIX bkg: <{BKG}>\n" in sent and f"PREFIX bk: <{BK}>" not in sent
    assert "default-graph-uri" not in scripted_server.requests[-1]["form"]  # type: ignore[operator]


def test_sparql_wrapper_is_not_fooled_by_comment_words_into_an_update(
    scripted_server: ScriptedServer,
) -> None:
    # The header of state-classes says "loaded", which SPARQLWrapper's guess takes for LOAD.
    assert "loaded" in get_query("state-classes").text
    scripted_server.answer(Reply(body=json_results(["class", "state", "stateLabel"], [])))
    kg = balkan_kg.load(endpoint=scripted_server.url)
    kg.query("state-classes")
    form = scripted_server.requests[-1]["form"]
    assert "query" in form and "update" not in form  # type: ignore[operator]


def test_an_update_is_never_sent(scripted_server: ScriptedServer) -> None:
    with pytest.raises(QueryError, match="updates are not allowed"):
        execute(RemoteEngine(scripted_server.url), "DROP ALL")
    assert scripted_server.requests == []


# --- live servers -----------------------------------------------------------------------------


@pytest.mark.parametrize("result_format", ["json", "xml"])
def test_live_server_answers_in_the_format_asked_for(
    oxigraph_server: Server, result_format: str
) -> None:
    engine = RemoteEngine(
        oxigraph_server.query_url, default_graph=GRAPH, result_format=result_format
    )
    _, content_type = engine.fetch("ASK { ?s ?p ?o }", "ASK", result_format, 10.0)
    assert f"application/sparql-results+{result_format}" in content_type
    assert execute(engine, "ASK { ?s ?p ?o }").boolean is True


def test_remote_construct_is_read_into_a_graph(oxigraph_server: Server) -> None:
    kg = balkan_kg.load(endpoint=oxigraph_server.query_url, default_graph=GRAPH)
    built = kg.sparql("CONSTRUCT { bk:Albania a ?c } WHERE { bk:Albania a ?c }")
    assert STATE in built.triples
    assert (STATE.subject.value, STATE.predicate.value, STATE.object.value) in {
        tuple(str(t) for t in triple) for triple in built.graph
    }


def test_remote_kg_length_is_the_stores_triple_count(oxigraph_server: Server, built_graph) -> None:
    kg = balkan_kg.load(endpoint=oxigraph_server.query_url, default_graph=GRAPH)
    triples = built_graph.manifest["triples"]
    assert len(kg) == triples["merged"] + triples["inferred"]


def test_endpoint_and_graph_options_really_choose_what_is_queried(
    oxigraph_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server's default graph is empty: the build lives only in named graphs.
    argv = ["query", "members-since", "--example", "--format", "csv"]
    assert main([*argv, "--endpoint", oxigraph_server.query_url]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main([*argv, "--endpoint", oxigraph_server.query_url, "--graph", GRAPH]) == 0
    members = capsys.readouterr().out.splitlines()
    # S3 and S4 name five NATO members with their years; the external facts add four.
    assert len(members) == 1 + 5 + 4


def test_endpoint_and_graph_variables_choose_the_store(
    oxigraph_server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, oxigraph_server.query_url)
    monkeypatch.setenv(GRAPH_ENV, GRAPH)
    assert main(["provenance", "bk:KSFTransformationDecision2018"]) == 0
    assert "Kosovo\u2019s 2018 decision" in capsys.readouterr().out


# --- failures ------------------------------------------------------------------------------


def test_server_down_is_a_clear_unreachable_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointUnreachableError, match="cannot reach the server") as caught:
        execute(RemoteEngine(url), "SELECT * WHERE { ?s ?p ?o }")
    assert caught.value.url == url and caught.value.status is None
    assert main(["query", "members-since", "--example", "--endpoint", url]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"balkan-kg: error: {url}: cannot reach the server")
    assert "Traceback" not in err


def test_bad_query_gives_the_servers_explanation_and_exit_2(
    oxigraph_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    url = oxigraph_server.query_url
    with pytest.raises(EndpointQueryError) as caught:
        execute(RemoteEngine(url), "SELECT * WHERE { ?s ?p }")
    assert caught.value.status == 400
    assert isinstance(caught.value, QueryError)  # a wrong request, not a failing store
    # Oxigraph's own parser message, with the position of the error
    assert "the server rejected the request (HTTP 400): error at " in str(caught.value)
    assert main(["sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert "HTTP 400): error at " in err and "Traceback" not in err


def test_virtuoso_bad_query_message_quotes_virtuoso(virtuoso_server: Server) -> None:
    with pytest.raises(EndpointQueryError, match="SPARQL compiler.*syntax error"):
        execute(RemoteEngine(virtuoso_server.query_url), "SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize(
    ("status", "message", "error"),
    [
        (
            400,
            "the server rejected the request \\(HTTP 400\\): no such dataset",
            EndpointQueryError,
        ),
        (404, "nothing found at this URL \\(HTTP 404\\); check it: no such dataset", EndpointError),
        (401, "access denied \\(HTTP 401\\): no such dataset", EndpointError),
        (403, "access denied \\(HTTP 403\\): no such dataset", EndpointError),
        (500, "the server failed \\(HTTP 500\\): no such dataset", EndpointError),
        (503, "the server failed \\(HTTP 503\\): no such dataset", EndpointError),
        (418, "unexpected answer \\(HTTP 418\\): no such dataset", EndpointError),
    ],
)
def test_http_error_status_is_named_with_the_servers_text(
    scripted_server: ScriptedServer, status: int, message: str, error: type
) -> None:
    scripted_server.answer(Reply(status=status, body=b"no such\n  dataset"))
    with pytest.raises(error, match=f"^{scripted_server.url}: {message}$") as caught:
        execute(RemoteEngine(scripted_server.url), "SELECT * WHERE { ?s ?p ?o }")
    assert caught.value.status == status


@pytest.mark.parametrize("status", [404, 500])
def test_an_http_error_exits_3_without_a_traceback(
    scripted_server: ScriptedServer, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_server.answer(Reply(status=status, body=b"no such dataset"))
    assert main(["provenance", "bk:Kosovo", "--endpoint", scripted_server.url]) == 3
    err = capsys.readouterr().err
    assert f"(HTTP {status})" in err and "Traceback" not in err


def test_html_error_page_is_reduced_to_its_text(scripted_server: ScriptedServer) -> None:
    page = b"<html><head><title>Oops</title></head><body><p>Gone away</p></body></html>"
    scripted_server.answer(Reply(status=500, body=page, content_type="text/html"))
    with pytest.raises(EndpointError, match="HTTP 500\\): Oops Gone away$"):
        execute(RemoteEngine(scripted_server.url), "SELECT * WHERE { ?s ?p ?o }")


def test_slow_server_is_a_time_out_error(
    scripted_server: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server would answer after 3 s; the query may take 0.5 s.
    scripted_server.answer(Reply(body=json_results(["s"], []), delay=3.0))
    with pytest.raises(EndpointTimeoutError, match="no answer within 0.5 s") as caught:
        execute(
            RemoteEngine(scripted_server.url),
            "SELECT ?s WHERE { ?s ?p ?o }",
            limits=Limits(timeout=0.5),
        )
    assert caught.value.status is None
    argv = ["sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", scripted_server.url]
    assert main([*argv, "--timeout", "0.5"]) == 3
    err = capsys.readouterr().err
    assert "no answer within 0.5 s (time-out; raise it with --timeout)" in err


def test_time_out_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sparql", "ASK {}", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "0"]
    assert main(argv) == 2
    assert "the time limit must be positive, got 0.0" in capsys.readouterr().err


def test_endpoint_that_is_not_an_http_url_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sparql", "ASK {}", "--endpoint", "ftp://example.org/sparql"]) == 2
    assert "not an http:// or https:// URL" in capsys.readouterr().err


# --- the failure translation, piece by piece -------------------------------------------------


def test_server_text_is_one_short_line() -> None:
    assert server_text(b"  two\n  lines\t here ") == "two lines here"
    assert server_text(b"a < b and c > d") == "a < b and c > d"  # not a page: tags kept
    assert server_text(b"<!DOCTYPE html><h1>Not</h1><p>found</p>") == "Not found"
    assert server_text("caf\xe9".encode("latin-1")) == "caf\ufffd"
    long = server_text(b"x" * 1000)
    assert len(long) == 600 and long.endswith("...")


def test_http_status_error_keeps_the_status() -> None:
    error = http_status_error("http://h/q", 400, "")
    assert isinstance(error, EndpointQueryError)
    assert (error.url, error.status, str(error)) == (
        "http://h/q",
        400,
        "http://h/q: the server rejected the request (HTTP 400)",
    )


@pytest.mark.parametrize(
    ("exception", "error", "message"),
    [
        (TimeoutError(), EndpointTimeoutError, "no answer within 2.5 s"),
        (urllib.error.URLError(TimeoutError()), EndpointTimeoutError, "no answer within 2.5 s"),
        (
            urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
            EndpointUnreachableError,
            "cannot reach the server: Connection refused",
        ),
        (ConnectionResetError(104, "Connection reset by peer"), EndpointUnreachableError, "reset"),
        (RuntimeError("boom\n  twice"), EndpointError, "request failed: RuntimeError: boom twice"),
    ],
)
def test_translate_http_failure_names_what_went_wrong(
    exception: BaseException, error: type, message: str
) -> None:
    translated = translate_http_failure("http://h/q", exception, 2.5)
    assert type(translated) is error
    assert str(translated).startswith("http://h/q: ") and message in str(translated)


def test_sparqlwrapper_writes_the_protocol_request() -> None:
    """SPARQLWrapper's ``_createRequest`` (an underscore method the engine relies on)
    still gives the SPARQL 1.1 Protocol's form-encoded POST; this fails if it changes."""
    import urllib.parse

    engine = RemoteEngine(
        "http://ann:s%40cret@127.0.0.1:9/sparql", default_graph="https://w3id.org/g"
    )
    request = engine.sparql_request("ASK { ?s ?p ?o } # loaded", "ASK", "json")
    assert request.full_url == "http://127.0.0.1:9/sparql"
    assert request.get_method() == "POST"
    assert request.get_header("Content-type") == "application/x-www-form-urlencoded"
    assert "application/sparql-results+json" in (request.get_header("Accept") or "")
    fields = urllib.parse.parse_qs(bytes(request.data or b"").decode("ascii"))
    assert fields == {
        "query": ["ASK { ?s ?p ?o } # loaded"],
        "default-graph-uri": ["https://w3id.org/g"],
    }
    # The credentials go to this URL only, never to where it redirects.
    assert request.get_header("Authorization") == "Basic YW5uOnNAY3JldA=="
    assert "Authorization" not in request.headers
    assert "Authorization" in request.unredirected_hdrs
