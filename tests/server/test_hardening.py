"""The endpoint under hostile input (issue 12, goal 6).

* every update form over every transport is refused with 403, and the data is the same
  afterwards (its checksum on both graphs, before and after);
* ``LOAD``, ``SERVICE`` and ``FROM`` naming a socket that listens on 127.0.0.1 never
  reach it;
* a corpus of hostile requests (bytes no client should send, malformed escapes and
  UTF-8, huge and deeply nested queries, absurd headers, bodies over the limit) gets no
  500, and the server answers normally afterwards;
* while eight pathological queries run, ``/health`` and simple queries keep answering.

No test here measures time: the waits are hang guards (the benchmark measures latency).
"""

from __future__ import annotations

import concurrent.futures
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest

from balkan_kg.server.description import SERVED_GRAPH
from balkan_kg.server.transport import HEAD_LIMIT
from serving import CLIENT_TIMEOUT, MAX_BODY, BalkanServer, raw_exchange, status_of

CHECKSUM = """SELECT (COUNT(*) AS ?n) (SUM(?size) AS ?length) (COUNT(DISTINCT ?s) AS ?subjects)
WHERE {
  ?s ?p ?o
  BIND(COALESCE(STRLEN(STR(?s)), 0) + STRLEN(STR(?p)) + COALESCE(STRLEN(STR(?o)), 0) AS ?size)
}"""


def checksum(client: httpx.Client) -> list[tuple[str, ...]]:
    """Triples, their summed text length and distinct subjects, of both graphs."""
    sums = []
    for inference in ("true", "false"):
        response = client.get("/sparql", params={"query": CHECKSUM, "inference": inference})
        assert response.status_code == 200, response.text
        (row,) = response.json()["results"]["bindings"]
        sums.append(tuple(row[name]["value"] for name in ("n", "length", "subjects")))
    return sums


class Listener:
    """A TCP socket listening on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/data.ttl"
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    try:
        yield running
    finally:
        running.close()


# --- updates ---------------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { bk:x bk:y bk:z }",
    'DELETE DATA { bk:NATO rdfs:label "NATO"@en }',
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { ?s a bk:Thing } WHERE { ?s ?p ?o }",
    'DELETE { ?s ?p ?o } INSERT { ?s ?p "x" } WHERE { ?s ?p ?o }',
    f"WITH <{SERVED_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "LOAD <{listener}>",
    "LOAD SILENT <{listener}> INTO GRAPH <http://example.org/g>",
    "CLEAR DEFAULT",
    "CLEAR ALL",
    "CLEAR SILENT GRAPH <http://example.org/g>",
    "DROP ALL",
    "DROP GRAPH <http://example.org/g>",
    "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "MOVE DEFAULT TO <http://example.org/g>",
    "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
    "BASE <http://example.org/>\n# a comment\ndelete where { ?s ?p ?o }",
    "INSERT DATA { bk:x bk:y bk:z } ; DROP ALL",
]

TRANSPORTS = [
    "get-query",
    "get-update",
    "post-form-query",
    "post-form-update",
    "post-direct-query",
    "post-direct-update",
]


def send(client: httpx.Client, transport: str, text: str) -> httpx.Response:
    """``text`` sent to ``/sparql`` the way ``transport`` names."""
    if transport == "get-query":
        return client.get("/sparql", params={"query": text})
    if transport == "get-update":
        return client.get("/sparql", params={"update": text})
    if transport == "post-form-query":
        return client.post("/sparql", data={"query": text})
    if transport == "post-form-update":
        return client.post("/sparql", data={"update": text})
    kind = "query" if transport == "post-direct-query" else "update"
    return client.post(
        "/sparql", content=text.encode(), headers={"content-type": f"application/sparql-{kind}"}
    )


@pytest.fixture(scope="module")
def before(server: BalkanServer) -> list[tuple[str, ...]]:
    with server.client() as http:
        return checksum(http)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("update", UPDATES)
def test_every_update_over_every_transport_is_403(
    client: httpx.Client,
    listener: Listener,
    before: list[tuple[str, ...]],
    update: str,
    transport: str,
) -> None:
    response = send(client, transport, update.replace("{listener}", listener.url))
    assert response.status_code == 403, response.text
    assert "read-only" in response.text or "not allowed" in response.text


def test_the_data_is_unchanged_after_every_update(
    client: httpx.Client, listener: Listener, before: list[tuple[str, ...]]
) -> None:
    for update in UPDATES:
        for transport in TRANSPORTS:
            send(client, transport, update.replace("{listener}", listener.url))
    assert checksum(client) == before
    assert listener.connections == 0


OUTSIDE = [
    "SELECT * WHERE { SERVICE <{listener}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{listener}> { ?s ?p ?o } }",
    "SELECT * FROM <{listener}> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{listener}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { ?s ?p ?o . SERV\\u0049CE <{listener}> { ?a ?b ?c } }",
    "PREFIX ex: <http://e/> SELECT * { ?s ?p ex:a\\' . SERVICE <{listener}> { ?a ?b \"x'\" } }",
    "SELECT * { ?s ?p true.SERVICE <{listener}> { ?a ?b ?c } }",
]


@pytest.mark.parametrize("transport", ["get-query", "post-form-query", "post-direct-query"])
@pytest.mark.parametrize("query", OUTSIDE)
def test_nothing_outside_the_graph_is_reached(
    client: httpx.Client, listener: Listener, query: str, transport: str
) -> None:
    response = send(client, transport, query.replace("{listener}", listener.url))
    assert response.status_code == 400, response.text
    assert "not allowed" in response.text
    assert listener.connections == 0


def test_other_graphs_by_parameter_are_not_fetched(
    client: httpx.Client, listener: Listener
) -> None:
    for name in ("default-graph-uri", "named-graph-uri"):
        response = client.get("/sparql", params={"query": "ASK {}", name: listener.url})
        assert response.status_code == 400
    assert listener.connections == 0


# --- the hostile corpus ------------------------------------------------------------------


def get(query_string: str) -> bytes:
    return f"GET /sparql?{query_string} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1")


def post(body: bytes, content_type: str = "application/sparql-query", extra: str = "") -> bytes:
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode("latin-1") + body


def quoted(text: str) -> str:
    return urllib.parse.quote(text, safe="")


NESTED_GROUPS = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
NESTED_FILTER = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
CORPUS: dict[str, tuple[bytes, set[int]]] = {
    # bytes that are not UTF-8, raw or escaped
    "raw invalid UTF-8 in the URL": (
        b"GET /sparql?query=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
        {400},
    ),
    "escaped invalid UTF-8": (get("query=%FF%FE"), {400}),
    "escaped lone surrogate": (get("query=ASK%20%7B%7D%ED%A0%80"), {400}),
    "overlong UTF-8": (get("query=%C0%AF"), {400}),
    "invalid UTF-8 in a form body": (
        post(b"query=\xff", "application/x-www-form-urlencoded"),
        {400},
    ),
    # malformed percent-encoding
    "a lone %": (get("query=ASK%7B%7D%"), {400}),
    "a % and one digit": (get("query=ASK%7B%7D%4"), {400}),
    "%zz": (get("query=%zz"), {400}),
    "%%": (get("query=%%41"), {400}),
    "%00 in the query": (get("query=" + quoted('ASK { FILTER("\x00" != "") }')), {200, 400}),
    "a raw NUL in the request line": (b"GET /sparql?query=\x00 HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
    "a NUL in a header": (b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", {200, 400}),
    # huge and deep
    "a URL over the head limit": (get("query=" + "a" * (16 * HEAD_LIMIT)), {414}),
    "a header over the head limit": (
        b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * (16 * HEAD_LIMIT) + b"\r\n\r\n",
        {431},
    ),
    "many headers": (
        b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 200_000 + b"\r\n",
        {431},
    ),
    "a body of 10 MB": (post(b"ASK {} #" + b"x" * 10_000_000), {413}),
    "a query near the body limit, quadratic to a naive tokeniser": (
        post(b"ASK { " + b"a." * ((MAX_BODY - 10) // 2) + b" }"),
        {400},
    ),
    "unterminated strings near the body limit": (
        post(b'ASK { "' + b'\\"' * ((MAX_BODY - 10) // 2) + b" }"),
        {400},
    ),
    "groups nested 3000 deep": (post(NESTED_GROUPS.encode()), {200, 400, 503}),
    "parentheses nested 5000 deep": (post(NESTED_FILTER.encode()), {200, 400, 503}),
    "2000 parameters": (get("&".join(f"p{i}=1" for i in range(2000)) + "&query=ASK%7B%7D"), {400}),
    "empty parameter names": (get("=&&=x&query=ASK%7B%7D&&"), {200}),
    # absurd headers
    "an Accept of 2,000 ranges": (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: "
        + b",".join(b"text/x-%d;q=0.%d" % (i, i % 10) for i in range(2000))
        + b"\r\n\r\n",
        {406},
    ),
    "q=NaN": (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: */*;q=NaN\r\n\r\n",
        {200, 406},
    ),
    "q=1e999 and q=-1": (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv;q=1e999, "
        b"application/sparql-results+xml;q=-1\r\n\r\n",
        {200},
    ),
    "an Accept of separators": (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: ,,;;,;q=,\r\n\r\n",
        {200, 406},
    ),
    "an Accept with Latin-1 bytes": (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/\xe9\xff\r\n\r\n",
        {200, 400, 406},
    ),
    "a Content-Type of separators": (post(b"ASK {}", ";;;=;"), {415}),
    "a charset without a name": (post(b"ASK {}", "application/sparql-query; charset="), {415}),
    "a Content-Type of 10 kB": (post(b"ASK {}", "application/" + "x" * 10_000), {415}),
    "a Content-Length that is not a number": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: ten\r\n\r\nASK {}",
        {400},
    ),
    "two different Content-Lengths": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}",
        {400},
    ),
    "a Content-Length shorter than the body": (
        post(b"ASK {}", extra="")[:-2] + b"}} garbage",
        {200, 400},
    ),
    "a bad chunk size": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n",
        {400},
    ),
    "an unknown method": (b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n", {400, 405}),
    "a request line of garbage": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", {400}),
    "HTTP/1.0 without Host": (b"GET /sparql HTTP/1.0\r\nAccept: text/turtle\r\n\r\n", {200}),
    "a Host with a path": (b"GET /sparql HTTP/1.1\r\nHost: a.example/x?y\r\n\r\n", {400}),
    "a Host of 10 kB": (b"GET /sparql HTTP/1.1\r\nHost: " + b"a" * 10_000 + b"\r\n\r\n", {400}),
    "an absolute URL as target": (
        b"GET http://elsewhere.example/sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n",
        {200, 400, 404},
    ),
    # parameters with odd values
    "timeout=nan": (get("query=ASK%7B%7D&timeout=nan"), {400}),
    "timeout=-1": (get("query=ASK%7B%7D&timeout=-1"), {400}),
    "timeout=1e309": (get("query=ASK%7B%7D&timeout=1e309"), {400}),
    "a format that is a path": (get("query=ASK%7B%7D&format=..%2F..%2Fetc%2Fpasswd"), {400}),
    "inference=TRUE": (get("query=ASK%7B%7D&inference=TRUE"), {200}),
    "REGEX with nested quantifiers": (
        get("query=" + quoted('SELECT * { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+$")) } LIMIT 1')),
        {200},
    ),
    "an IRI with a space and NUL": (get("query=" + quoted("ASK { <a b\x00> ?p ?o }")), {400}),
    "emoji and right-to-left marks": (
        get("query=" + quoted('SELECT ("\U0001f600\u202e\u200f" AS ?x) {}')),
        {200},
    ),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_hostile_corpus_gets_no_500(server: BalkanServer, name: str) -> None:
    request, expected = CORPUS[name]
    answer = raw_exchange(server.port, request)
    status = status_of(answer)
    assert status != 500, answer[:500]
    assert status in expected, (status, answer[:300])


def test_the_server_answers_normally_after_the_corpus(
    server: BalkanServer, client: httpx.Client, before: list[tuple[str, ...]]
) -> None:
    for request, _ in CORPUS.values():
        raw_exchange(server.port, request)
    assert client.get("/health").json()["status"] == "ok"
    assert checksum(client) == before
    assert "Traceback" not in server.log_text()


# --- pathological queries ----------------------------------------------------------------

PATHOLOGICAL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(STR(?f)) ?c",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "(a+)+$")) }',
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?i)), "^(a|aa)*b$")) }',
    "SELECT ?a (GROUP_CONCAT(STR(?f)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a",
    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    "BIND(CONCAT(STR(?a), STR(?f)) AS ?x) }",
]
SIMPLE = "SELECT ?label WHERE { bk:Kosovo rdfs:label ?name BIND(STR(?name) AS ?label) }"


def test_health_and_simple_queries_answer_while_eight_pathological_queries_run(
    server: BalkanServer,
) -> None:
    with (
        server.client() as http,
        concurrent.futures.ThreadPoolExecutor(len(PATHOLOGICAL)) as pool,
    ):
        runaways = [pool.submit(http.post, "/sparql", data={"query": q}) for q in PATHOLOGICAL]
        deadline = time.monotonic() + CLIENT_TIMEOUT
        while http.get("/health").json()["queries"]["running"] < len(PATHOLOGICAL):
            assert time.monotonic() < deadline, "the pathological queries never all ran"
            time.sleep(0.01)
        answers = []
        while not all(r.done() for r in runaways):  # bounded: each is stopped at 2 s
            assert time.monotonic() < deadline, "the pathological queries were not stopped"
            health = http.get("/health")
            simple = http.get("/sparql", params={"query": SIMPLE})
            answers.append((health.status_code, simple.status_code, simple.text))
        statuses = [r.result().status_code for r in runaways]
    assert answers, "no request was made while the pathological queries ran"
    for health_status, simple_status, text in answers:
        assert health_status == 200
        assert simple_status == 200
        assert '"value":"Kosovo"' in text  # named in the text: "Kosovo, BiH, and Serbia"
    assert statuses == [503] * len(PATHOLOGICAL)  # stopped, never a cut-off 200


# --- slow clients -------------------------------------------------------------------------


def test_a_head_sent_a_byte_at_a_time_is_cut_off_with_408(proxied_server: BalkanServer) -> None:
    """The server's head timeout is 1 s; the client keeps sending a header byte."""
    with socket.create_connection(("127.0.0.1", proxied_server.port), timeout=5) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        answer = b""
        deadline = time.monotonic() + CLIENT_TIMEOUT
        while not answer and time.monotonic() < deadline:
            try:
                sock.sendall(b"a")
                sock.settimeout(0.2)
                answer = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
    assert status_of(answer) == 408, answer


def test_a_connection_that_sends_nothing_is_closed(proxied_server: BalkanServer) -> None:
    with socket.create_connection(
        ("127.0.0.1", proxied_server.port), timeout=CLIENT_TIMEOUT
    ) as sock:
        answer = sock.recv(4096)
    assert status_of(answer) == 408


def test_a_slow_query_is_not_taken_for_a_slow_head(proxied_server: BalkanServer) -> None:
    """A query running past the head timeout still gets its answer on that connection."""
    with proxied_server.client() as http:
        response = http.get(
            "/sparql",
            params={
                "query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                "timeout": "2",
            },
        )
        assert response.status_code == 503 and "limit of 2 s" in response.text
        assert http.get("/health").status_code == 200  # the same keep-alive connection
