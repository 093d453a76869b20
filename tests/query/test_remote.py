"""The remote engine and ``balkan-kg load``: the protocol, the formats, and every failure.

Failures are provoked on 127.0.0.1 only: a port nothing listens on, a scripted
``http.server`` that answers with an error status or sleeps (bounded), and the real
Oxigraph server of ``tests/servers.py`` for a query it rejects. Each must give one clear
:class:`~balkan_kg.errors.EndpointError` message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from rdflib import Literal, URIRef

import balkan_kg
from balkan_kg.query.catalog import get_query
from balkan_kg.cli import main
from balkan_kg.engine import ENDPOINT_ENV, ENGINE_ENV, GRAPH_ENV
from balkan_kg.errors import (
    EndpointError,
    EndpointQueryError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    EngineError,
    ParameterError,
)
from balkan_kg.kg.graphstore import count_triples, default_store_url, graph_target
from balkan_kg.namespaces import BKG
from balkan_kg.query.params import bind
from balkan_kg.query.text import with_project_prefixes
from balkan_kg.query.remote import RemoteEngine
from balkan_kg.query.results import IRI
from servers import GRAPH, Reply, free_port, json_results

if TYPE_CHECKING:
    from servers import ScriptedServer, Server

BK = "https://w3id.org/balkan-kg/id/"
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
ROW = {"state": IRI(BK + "Albania"), "year": 2009, "label": "Albania"}


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
        ("xml", XML_RESULT, "application/sparql-results+xml"),
    ],
)
def test_json_and_xml_results_give_the_same_python_rows(
    scripted_server: ScriptedServer, result_format: str, body: bytes, content_type: str
) -> None:
    scripted_server.answer(Reply(body=body, content_type=content_type))
    engine = RemoteEngine(scripted_server.url, result_format=result_format)
    result = engine.select("SELECT ?state ?year ?label WHERE { ?state ?p ?year }")
    assert result.variables == ["state", "year", "label"]
    assert result.rows == [ROW]
    assert result.raw_rows[0]["year"] == Literal("2009", datatype=URIRef(XSD_INTEGER))
    accept = scripted_server.requests[-1]["headers"]["Accept"]  # type: ignore[index]
    assert f"sparql-results+{result_format}" in accept


@pytest.mark.parametrize("result_format", ["json", "xml"])
def test_live_server_answers_in_the_format_asked_for(
    oxigraph_server: Server, result_format: str
) -> None:
    engine = RemoteEngine(
        oxigraph_server.query_url, default_graph=GRAPH, result_format=result_format
    )
    body, content_type = engine.fetch("ASK { ?s ?p ?o }", result_format)
    assert f"sparql-results+{result_format}" in content_type
    assert engine.ask("ASK { ?s ?p ?o }") is True


def test_unknown_result_format_is_refused() -> None:
    with pytest.raises(EngineError, match="unknown result format 'csv'"):
        RemoteEngine("http://127.0.0.1:9/sparql", result_format="csv")


def test_answer_that_is_not_a_result_document_is_an_endpoint_error(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=b"<html>hello</html>", content_type="text/html"))
    with pytest.raises(EndpointError, match="not a SPARQL JSON result"):
        RemoteEngine(scripted_server.url).select("SELECT * WHERE { ?s ?p ?o }")


# --- what is sent ---------------------------------------------------------------------------


def test_canned_query_is_sent_as_its_bound_text_with_the_graph_as_a_parameter(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=json_results(["entity"], [])))
    kg = balkan_kg.load(endpoint=scripted_server.url, default_graph="http://example.org/g")
    hostile = 'Kosovo" } ?s ?p ?o . FILTER("'
    kg.query("find-entity", name=hostile)
    request = scripted_server.requests[-1]
    form = request["form"]
    assert request["method"] == "POST"
    expected = with_project_prefixes(bind(get_query("find-entity"), name=hostile))
    assert form["query"] == [expected]  # type: ignore[index]
    assert form["default-graph-uri"] == ["http://example.org/g"]  # type: ignore[index]
    # The value is a typed VALUES term (its quotes escaped), not text pasted into the query.
    assert Literal(hostile).n3() in expected


def test_sparql_wrapper_is_not_fooled_by_comment_words_into_an_update(
    scripted_server: ScriptedServer,
) -> None:
    # The header of state-classes says "loaded", which SPARQLWrapper's guess takes for LOAD.
    scripted_server.answer(Reply(body=json_results(["class", "state", "stateLabel"], [])))
    kg = balkan_kg.load(endpoint=scripted_server.url)
    kg.query("state-classes")
    form = scripted_server.requests[-1]["form"]
    assert "query" in form and "update" not in form  # type: ignore[operator]


# --- failures ------------------------------------------------------------------------------


def test_server_down_is_a_clear_unreachable_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointUnreachableError, match="cannot reach the server"):
        RemoteEngine(url).select("SELECT * WHERE { ?s ?p ?o }")
    assert main(["query", "members-since", "--example", "--endpoint", url]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"balkan-kg: error: {url}: cannot reach the server")
    assert "Traceback" not in err


def test_bad_query_gives_the_servers_explanation_and_exit_2(
    oxigraph_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    url = oxigraph_server.query_url
    with pytest.raises(EndpointQueryError, match="HTTP 400") as caught:
        RemoteEngine(url).select("SELECT * WHERE { ?s ?p }")
    assert caught.value.status == 400
    assert main(["sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    # Oxigraph's own parser message names the position of the error.
    assert "HTTP 400): error at 1:" in err and "Traceback" not in err


def test_virtuoso_bad_query_message_quotes_virtuoso(virtuoso_server: Server) -> None:
    with pytest.raises(EndpointQueryError, match="SPARQL compiler.*syntax error"):
        RemoteEngine(virtuoso_server.query_url).select("SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "nothing found at this URL \\(HTTP 404\\); check it: no such dataset"),
        (500, "the server failed \\(HTTP 500\\): no such dataset"),
        (503, "the server failed \\(HTTP 503\\): no such dataset"),
        (403, "access denied \\(HTTP 403\\): no such dataset"),
    ],
)
def test_http_error_status_is_named_with_the_servers_text(
    scripted_server: ScriptedServer,
    status: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scripted_server.answer(Reply(status=status, body=b"no such\n  dataset"))
    with pytest.raises(EndpointError, match=message) as caught:
        RemoteEngine(scripted_server.url).select("SELECT * WHERE { ?s ?p ?o }")
    assert caught.value.status == status
    argv = ["provenance", "bk:Kosovo", "--endpoint", scripted_server.url]
    assert main(argv) == 3
    assert "Traceback" not in capsys.readouterr().err


def test_html_error_page_is_reduced_to_its_text(scripted_server: ScriptedServer) -> None:
    page = b"<html><head><title>Oops</title></head><body><p>Gone away</p></body></html>"
    scripted_server.answer(Reply(status=500, body=page, content_type="text/html"))
    with pytest.raises(EndpointError, match="HTTP 500\\): Oops Gone away$"):
        RemoteEngine(scripted_server.url).select("SELECT * WHERE { ?s ?p ?o }")


def test_slow_server_is_a_time_out_error(
    scripted_server: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_server.answer(Reply(body=json_results(["s"], []), delay=3.0))
    started = time.monotonic()
    with pytest.raises(EndpointTimeoutError, match="no answer within 0.5 s"):
        RemoteEngine(scripted_server.url, timeout=0.5).select("SELECT ?s WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 2.5
    argv = ["sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", scripted_server.url]
    assert main([*argv, "--timeout", "0.5"]) == 3
    err = capsys.readouterr().err
    assert "no answer within 0.5 s (time-out; raise it with --timeout)" in err


@pytest.mark.parametrize("command", [["sparql", "ASK {}"], ["load"]])
def test_time_out_must_be_positive(command: list[str], capsys) -> None:
    argv = [*command, "--endpoint", "http://127.0.0.1:9/query", "--timeout", "0"]
    assert main(argv) == 2
    assert "the time-out must be positive, got 0.0" in capsys.readouterr().err


def test_endpoint_that_is_not_an_http_url_is_refused(capsys) -> None:
    assert main(["sparql", "ASK {}", "--endpoint", "ftp://example.org/sparql"]) == 2
    assert "not an http:// or https:// URL" in capsys.readouterr().err


# --- balkan-kg load (Graph Store Protocol) -------------------------------------------------


def test_store_url_defaults_next_to_an_oxigraph_query_endpoint() -> None:
    assert default_store_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    with pytest.raises(ParameterError, match="--store-url"):
        default_store_url("http://localhost:3030/ds/sparql")


def test_graph_target_encodes_the_iri_or_names_the_default_graph() -> None:
    assert graph_target("http://h/store", None) == "http://h/store?default"
    assert (
        graph_target("http://h/ds/data", "https://e.org/g?x=1#y")
        == "http://h/ds/data?graph=https%3A%2F%2Fe.org%2Fg%3Fx%3D1%23y"
    )
    assert graph_target("http://h/s?key=1", "http://g") == "http://h/s?key=1&graph=http%3A%2F%2Fg"


def test_load_puts_the_build_into_a_named_graph_and_counts_it(
    oxigraph_server: Server, built_graph, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = "https://w3id.org/balkan-kg/graph/load-test"
    argv = ["load", "--endpoint", oxigraph_server.query_url, "--graph", graph]
    assert main(argv) == 0
    assert main(argv) == 0  # PUT replaces the graph: loading twice does not double it
    out = capsys.readouterr().out.splitlines()
    triples = built_graph.manifest["triples"]
    total = triples["merged"] + triples["inferred"]
    assert out[-1] == f"{oxigraph_server.query_url} holds {total} triples in graph <{graph}>"
    assert count_triples(oxigraph_server.query_url, graph) == total


def test_load_without_reasoning_sends_only_the_asserted_triples(
    oxigraph_server: Server, built_graph, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = "https://w3id.org/balkan-kg/graph/asserted"
    argv = ["load", "--endpoint", oxigraph_server.query_url, "--graph", graph, "--no-reasoning"]
    assert main(argv) == 0
    assert "(merged.nt) to graph" in capsys.readouterr().out
    assert (
        count_triples(oxigraph_server.query_url, graph) == built_graph.manifest["triples"]["merged"]
    )
    # the defined class bkg:NATOMemberState is only filled by the reasoner
    argv = ["query", "state-classes", "--example", "--endpoint", oxigraph_server.query_url]
    assert main([*argv, "--graph", graph, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["class,state,stateLabel"]
    assert main([*argv, "--graph", GRAPH, "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 5  # S3 and S4: five NATO members


def test_endpoint_and_graph_options_really_choose_what_is_queried(
    oxigraph_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server's default graph is empty: the build lives only in named graphs.
    argv = ["query", "members-since", "--example", "--format", "csv"]
    assert main([*argv, "--endpoint", oxigraph_server.query_url]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main([*argv, "--endpoint", oxigraph_server.query_url, "--graph", GRAPH]) == 0
    members = capsys.readouterr().out.splitlines()
    assert len(members) == 1 + 5  # S3 and S4 name five NATO members with their years


def test_endpoint_and_graph_variables_choose_the_store(
    oxigraph_server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, oxigraph_server.query_url)
    monkeypatch.setenv(GRAPH_ENV, GRAPH)
    assert main(["provenance", "bk:KSFTransformationDecision2018"]) == 0
    assert "Kosovo\u2019s 2018 decision" in capsys.readouterr().out


def test_load_to_a_missing_store_is_an_http_error(
    oxigraph_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    store = oxigraph_server.query_url.replace("/query", "/no-such-store")
    argv = ["load", "--endpoint", oxigraph_server.query_url, "--store-url", store]
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "Traceback" not in err


def test_load_to_a_server_that_is_down_is_a_clear_error(capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["load", "--endpoint", url]) == 3
    assert "cannot reach the server" in capsys.readouterr().err


def test_load_reports_a_store_that_does_not_hold_what_was_sent(
    scripted_server: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    count = {"triples": {"type": "literal", "datatype": XSD_INTEGER, "value": "7"}}
    scripted_server.answer(Reply(body=json_results(["triples"], [count])))
    store = scripted_server.url.replace("/sparql", "/store")
    argv = ["load", "--endpoint", scripted_server.url, "--store-url", store, "--graph", "bk:g"]
    assert main(argv) == 1
    assert "the store holds 7 triples in graph <https://w3id.org/balkan-kg/id/g>" in (
        capsys.readouterr().err
    )
    put, post, count_request = scripted_server.requests
    assert put["method"] == "PUT" and post["method"] == "POST"
    assert put["path"] == "/store?graph=https%3A%2F%2Fw3id.org%2Fbalkan-kg%2Fid%2Fg"
    assert put["headers"]["Content-Type"] == "application/n-triples"  # type: ignore[index]
    assert count_request["form"]["default-graph-uri"] == [  # type: ignore[index]
        "https://w3id.org/balkan-kg/id/g"
    ]


def test_load_needs_an_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load"]) == 2
    assert "load needs the store's SPARQL endpoint" in capsys.readouterr().err


def test_load_refuses_a_graph_that_is_not_an_iri(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["load", "--endpoint", "http://127.0.0.1:9/query", "--graph", "not an iri"]
    assert main(argv) == 2
    assert "graph 'not an iri' is not an IRI" in capsys.readouterr().err


def test_remote_construct_is_read_into_a_graph(oxigraph_server: Server) -> None:
    kg = balkan_kg.load(endpoint=oxigraph_server.query_url, default_graph=GRAPH)
    built = kg.sparql("CONSTRUCT { bk:Albania a ?c } WHERE { bk:Albania a ?c }")
    assert built.graph is not None
    assert URIRef(BKG + "State") in set(built.graph.objects())


def test_remote_kg_length_is_the_stores_triple_count(oxigraph_server: Server, built_graph):
    kg = balkan_kg.load(endpoint=oxigraph_server.query_url, default_graph=GRAPH)
    triples = built_graph.manifest["triples"]
    assert len(kg) == triples["merged"] + triples["inferred"]
