"""``balkan-kg load`` (:mod:`balkan_kg.kg.graphstore`): the build sent to a store with the
SPARQL 1.1 Graph Store HTTP Protocol, and the store's count checked afterwards.

Against the live Oxigraph server of ``tests/servers.py`` and a scripted ``http.server``
on 127.0.0.1 that records what it was sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from balkan_kg.cli import main
from balkan_kg.errors import (
    EndpointError,
    EndpointUnreachableError,
    EngineError,
    InputError,
    ParameterError,
)
from balkan_kg.kg.graphstore import (
    N_TRIPLES,
    LoadReport,
    count_triples,
    default_store_url,
    graph_target,
    load_into_store,
    send_file,
)
from balkan_kg.query.engines import ENDPOINT_ENV, ENGINE_ENV, GRAPH_ENV
from servers import GRAPH, Reply, free_port, json_results

if TYPE_CHECKING:
    from servers import ScriptedServer, Server

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.fixture(autouse=True)
def no_engine_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose stores explicitly; the caller's environment must not interfere."""
    for key in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV):
        monkeypatch.delenv(key, raising=False)


def count_reply(value: str, datatype: str = XSD_INTEGER) -> Reply:
    """A store that answers every request with a triple count of ``value``."""
    count = {"triples": {"type": "literal", "datatype": datatype, "value": value}}
    return Reply(body=json_results(["triples"], [count]))


def total(built_graph) -> int:
    triples = built_graph.manifest["triples"]
    return int(triples["merged"]) + int(triples["inferred"])


# --- where the triples go -------------------------------------------------------------------


def test_store_url_defaults_next_to_an_oxigraph_query_endpoint() -> None:
    assert default_store_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    assert default_store_url("https://h/ds/query") == "https://h/ds/store"
    with pytest.raises(ParameterError, match="--store-url"):
        default_store_url("http://localhost:3030/ds/sparql")
    with pytest.raises(EngineError, match="not an http:// or https:// URL"):
        default_store_url("ftp://h/query")


def test_graph_target_encodes_the_iri_or_names_the_default_graph() -> None:
    assert graph_target("http://h/store", None) == "http://h/store?default"
    assert (
        graph_target("http://h/ds/data", "https://e.org/g?x=1#y")
        == "http://h/ds/data?graph=https%3A%2F%2Fe.org%2Fg%3Fx%3D1%23y"
    )
    assert graph_target("http://h/s?key=1", "http://g") == "http://h/s?key=1&graph=http%3A%2F%2Fg"


# --- against a live store -------------------------------------------------------------------


def test_load_puts_the_build_into_a_named_graph_and_counts_it(
    oxigraph_server: Server, built_graph, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = "https://w3id.org/balkan-kg/graph/load-test"
    argv = ["load", "--endpoint", oxigraph_server.query_url, "--graph", graph]
    assert main(argv) == 0
    assert main(argv) == 0  # PUT replaces the graph: loading twice does not double it
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (
        f"{oxigraph_server.query_url} holds {total(built_graph)} triples in graph <{graph}>"
    )
    assert count_triples(oxigraph_server.query_url, graph) == total(built_graph)


def test_load_into_store_reports_what_it_sent_and_what_the_store_holds(
    oxigraph_server: Server, built_graph
) -> None:
    report = load_into_store(oxigraph_server.query_url, graph="bk:graph/api-test")
    assert isinstance(report, LoadReport)
    assert report.graph == "https://w3id.org/balkan-kg/id/graph/api-test"
    assert report.store_url == oxigraph_server.store_url
    assert [path.name for path in report.files] == ["merged.nt", "inferred.nt"]
    assert report.sent == report.held == total(built_graph)
    assert report.complete


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
    assert capsys.readouterr().out.splitlines() == ["class,classLabel,state,stateLabel"]
    assert main([*argv, "--graph", GRAPH, "--format", "csv"]) == 0
    # S3 and S4: five NATO members; the external facts add the four that do not
    # recognise Kosovo (Greece, Romania, Slovakia, Spain).
    assert len(capsys.readouterr().out.splitlines()) == 1 + 5 + 4


def test_load_to_a_missing_store_is_an_http_error(
    oxigraph_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    store = oxigraph_server.query_url.replace("/query", "/no-such-store")
    argv = ["load", "--endpoint", oxigraph_server.query_url, "--store-url", store]
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "Traceback" not in err


def test_load_to_a_server_that_is_down_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["load", "--endpoint", url]) == 3
    assert "cannot reach the server" in capsys.readouterr().err
    with pytest.raises(EndpointUnreachableError):
        load_into_store(url)


# --- what is sent, against a scripted store -------------------------------------------------


def test_load_reports_a_store_that_does_not_hold_what_was_sent(
    scripted_server: ScriptedServer, built_graph, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_server.answer(count_reply("7"))
    store = scripted_server.url.replace("/sparql", "/store")
    argv = ["load", "--endpoint", scripted_server.url, "--store-url", store, "--graph", "bk:g"]
    assert main(argv) == 1
    assert "the store holds 7 triples in graph <https://w3id.org/balkan-kg/id/g>" in (
        capsys.readouterr().err
    )
    put, post, count_request = scripted_server.requests
    assert put["method"] == "PUT" and post["method"] == "POST"
    assert put["path"] == post["path"] == "/store?graph=https%3A%2F%2Fw3id.org%2Fbalkan-kg%2Fid%2Fg"
    assert put["headers"]["Content-Type"] == N_TRIPLES == "application/n-triples"  # type: ignore[index]
    assert put["body"] == built_graph.path("merged.nt").read_bytes()
    assert post["body"] == built_graph.path("inferred.nt").read_bytes()
    assert count_request["method"] == "POST" and count_request["path"] == "/sparql"
    assert count_request["form"]["default-graph-uri"] == [  # type: ignore[index]
        "https://w3id.org/balkan-kg/id/g"
    ]


def test_load_into_the_default_graph_of_the_default_store(
    scripted_server: ScriptedServer, built_graph, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_server.answer(count_reply(str(total(built_graph))))
    endpoint = scripted_server.url.replace("/sparql", "/query")
    assert main(["load", "--endpoint", endpoint]) == 0
    out = capsys.readouterr().out
    assert f"to the default graph of {endpoint.replace('/query', '/store')}" in out
    put, post, count_request = scripted_server.requests
    assert put["path"] == post["path"] == "/store?default"
    assert "default-graph-uri" not in count_request["form"]  # type: ignore[operator]


def test_the_endpoint_and_graph_variables_choose_the_target(
    scripted_server: ScriptedServer,
    built_graph,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scripted_server.answer(count_reply(str(total(built_graph))))
    monkeypatch.setenv(ENDPOINT_ENV, scripted_server.url.replace("/sparql", "/query"))
    monkeypatch.setenv(GRAPH_ENV, "http://example.org/g")
    assert main(["load"]) == 0
    assert scripted_server.requests[0]["path"] == "/store?graph=http%3A%2F%2Fexample.org%2Fg"


@pytest.mark.parametrize(
    "reply",
    [
        count_reply("seven", "http://www.w3.org/2001/XMLSchema#string"),
        Reply(body=json_results(["triples"], [])),
    ],
)
def test_a_count_that_is_not_an_integer_is_an_endpoint_error(
    scripted_server: ScriptedServer, reply: Reply
) -> None:
    scripted_server.answer(reply)
    with pytest.raises(EndpointError, match="the triple count is not an integer"):
        count_triples(scripted_server.url, None)


def test_send_file_reports_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file") as caught:
        send_file("http://127.0.0.1:9/store?default", tmp_path / "missing.nt", "PUT")
    assert caught.value.path == tmp_path / "missing.nt"


# --- usage errors ---------------------------------------------------------------------------


def test_load_needs_an_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load"]) == 2
    assert "load needs the store's SPARQL endpoint" in capsys.readouterr().err


def test_load_refuses_a_graph_that_is_not_an_iri(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["load", "--endpoint", "http://127.0.0.1:9/query", "--graph", "not an iri"]
    assert main(argv) == 2
    assert "graph 'not an iri' is not an IRI" in capsys.readouterr().err


def test_load_time_out_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["load", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "0"]
    assert main(argv) == 2
    assert "the time-out must be positive, got 0.0" in capsys.readouterr().err


def test_load_refuses_an_endpoint_that_is_not_an_http_url() -> None:
    with pytest.raises(EngineError, match="not an http:// or https:// URL"):
        load_into_store("ftp://h/query")
