"""The remote client is bounded per request, in total time and in size, shows no server
escape sequence and no password (issue 12, goal 4).

The servers here are small socket servers on 127.0.0.1 written for each case: one that
trickles its answer a byte at a time (so every single read is quick and only the total
is slow), one that streams an endless answer, and the scripted ``http.server`` of
``tests/servers.py`` for error pages. Each records whether the client closed the
connection, which is how a server learns that a query was abandoned.

Time limits are shown by the error raised, not by a stopwatch: every call runs in a
thread joined with a generous hang guard (:data:`HANG_GUARD`), which fails the test if
the call is still running, far beyond the limit.
"""

from __future__ import annotations

import base64
import contextlib
import io
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from balkan_kg.cli import main
from balkan_kg.errors import (
    EndpointError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    EngineError,
    ParameterError,
    ResultTooLargeError,
    redact_url,
)
from balkan_kg.kg.graphstore import default_store_url, load_into_store
from balkan_kg.query.engines import choose_engine
from balkan_kg.query.execute import execute
from balkan_kg.query.limits import DEFAULT_MAX_BYTES, Limits
from balkan_kg.query.remote import RemoteEngine, check_http_url, clean_text
from servers import Reply, ScriptedServer, free_port, json_results, run_bounded

HANG_GUARD = 30.0
"""Seconds a bounded call may take before the test calls it hung (limits here are 1-2 s)."""

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
JSON_HEAD = b'{"head":{"vars":["s"]},"results":{"bindings":['
ROW = b'{"s":{"type":"uri","value":"http://example.org/a-rather-long-resource-name"}},'


# --- servers that misbehave on purpose ----------------------------------------------------


@dataclass
class Misbehaving:
    """A server on 127.0.0.1 that reads a request, then runs ``answer`` on the socket.

    ``closed_by_client`` is set when a send fails or the client's side reads as closed:
    the client gave up and closed the connection. ``sent`` counts the bytes sent.
    """

    answer: Callable[[socket.socket, Misbehaving], None]
    url: str = ""
    sent: int = 0
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    closed_by_client: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)

    def send(self, conn: socket.socket, data: bytes) -> bool:
        """Send ``data``; False (and ``closed_by_client`` set) if the client has gone."""
        try:
            conn.sendall(data)
        except OSError:
            self.closed_by_client.set()
            return False
        self.sent += len(data)
        return True


def read_request(conn: socket.socket) -> bytes:
    """The request's head and body (as far as Content-Length says)."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            return data
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        piece = conn.recv(65536)
        if not piece:
            break
        body += piece
    return head + b"\r\n\r\n" + body


@contextlib.contextmanager
def misbehaving(answer: Callable[[socket.socket, Misbehaving], None]) -> Iterator[Misbehaving]:
    """Run a :class:`Misbehaving` server for the ``with`` block, then stop it."""
    state = Misbehaving(answer)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    state.url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"

    def serve() -> None:
        while not state.stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            state.connections += 1
            with conn:
                conn.settimeout(HANG_GUARD)
                state.requests.append(read_request(conn))
                answer(conn, state)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        listener.close()
        thread.join(timeout=HANG_GUARD)


def trickle_body(conn: socket.socket, state: Misbehaving) -> None:
    """Headers at once, then a (valid) JSON body one byte every 0.1 s."""
    body = JSON_HEAD + ROW * 50 + b"]}}"
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    if not state.send(conn, head):
        return
    for byte in body:
        if state.stop.wait(0.1) or not state.send(conn, bytes([byte])):
            return


def trickle_head(conn: socket.socket, state: Misbehaving) -> None:
    """The status line and headers themselves one byte every 0.1 s."""
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"." * 2000 + b"\r\n\r\n"
    for byte in head:
        if state.stop.wait(0.1) or not state.send(conn, bytes([byte])):
            return


def endless(conn: socket.socket, state: Misbehaving) -> None:
    """A JSON answer that would be 300 MB, made as it is sent."""
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: 300000000\r\n\r\n"
    )
    if not state.send(conn, head + JSON_HEAD):
        return
    chunk = ROW * (1_000_000 // len(ROW))
    while state.sent < 300_000_000 and not state.stop.is_set():
        if not state.send(conn, chunk):
            return


def bounded(call: Callable[[], object]) -> object:
    """What ``call`` returned or raised; fails the test if it runs past :data:`HANG_GUARD`."""
    return run_bounded(call, HANG_GUARD)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# --- total time ----------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [trickle_body, trickle_head], ids=["body", "headers"])
def test_a_trickling_server_is_given_up_at_the_time_limit_and_disconnected(answer) -> None:
    """Each byte comes well within any per-read time-out; only the total is bounded."""
    with misbehaving(answer) as server:
        engine = RemoteEngine(server.url)
        outcome = bounded(lambda: execute(engine, SELECT, limits=Limits(timeout=1.0)))
        assert isinstance(outcome, EndpointTimeoutError), outcome
        assert "no answer within 1 s" in str(outcome)
        # The client closed the connection: the next byte the server sends fails.
        assert server.closed_by_client.wait(HANG_GUARD), "the connection was left open"


def test_command_line_timeout_bounds_a_trickling_server() -> None:
    with misbehaving(trickle_body) as server:
        outcome = bounded(
            lambda: run_cli("sparql", SELECT, "--endpoint", server.url, "--timeout", "2")
        )
        assert isinstance(outcome, tuple), outcome
        code, _, err = outcome
        assert code == 3, err
        assert "no answer within 2 s (time-out; raise it with --timeout)" in err


def test_load_timeout_bounds_each_request_in_total(built_graph) -> None:
    """``load --timeout 2`` against a store that trickles its answer to the PUT."""
    with misbehaving(trickle_body) as server:
        argv = ["load", "--endpoint", server.url, "--build-dir", str(built_graph.out_dir)]
        outcome = bounded(lambda: run_cli(*argv, "--timeout", "2"))
        assert isinstance(outcome, tuple), outcome
        code, _, err = outcome
        assert code == 3, err
        assert "no answer within 2 s" in err
        assert server.requests and server.requests[0].startswith(b"PUT /store?default ")
        assert server.closed_by_client.wait(HANG_GUARD)


# --- size ------------------------------------------------------------------------------------


def test_an_endless_answer_is_refused_at_the_byte_cap_and_disconnected() -> None:
    with misbehaving(endless) as server:
        engine = RemoteEngine(server.url)
        limits = Limits(timeout=20.0, max_bytes=1_000_000)
        outcome = bounded(lambda: execute(engine, SELECT, limits=limits))
        assert isinstance(outcome, ResultTooLargeError), outcome
        assert "larger than the cap of 1000000 bytes" in str(outcome)
        assert server.closed_by_client.wait(HANG_GUARD)
        # What the server got out before it noticed: the cap plus the socket buffers.
        assert server.sent < 50_000_000


def test_a_300_mb_answer_is_not_taken_whole_under_the_default_cap() -> None:
    with misbehaving(endless) as server:
        outcome = bounded(lambda: execute(RemoteEngine(server.url), SELECT))
        assert isinstance(outcome, ResultTooLargeError), outcome
        assert f"cap of {DEFAULT_MAX_BYTES} bytes" in str(outcome)
        assert server.closed_by_client.wait(HANG_GUARD)
        assert server.sent < 300_000_000


def test_command_line_max_bytes_caps_the_answer() -> None:
    with misbehaving(endless) as server:
        argv = ["sparql", SELECT, "--endpoint", server.url, "--max-bytes", "100000"]
        outcome = bounded(lambda: run_cli(*argv))
        assert isinstance(outcome, tuple), outcome
        code, out, err = outcome
        assert code == 3 and out == "", err
        assert "larger than the cap of 100000 bytes" in err and "--max-bytes" in err


def test_an_answer_within_the_caps_is_read_whole(scripted_server: ScriptedServer) -> None:
    rows = [{"s": {"type": "uri", "value": f"http://example.org/{i}"}} for i in range(500)]
    scripted_server.answer(Reply(body=json_results(["s"], rows)))
    result = execute(RemoteEngine(scripted_server.url), SELECT, limits=Limits(max_bytes=100_000))
    assert len(result) == 500


# --- what reaches the terminal ---------------------------------------------------------------

HOSTILE_PAGE = (
    b"\x1b[2J\x1b[31mdisk full\x1b[0m \x1b]0;owned\x07 \x9b6n \xc2\x9b6n "
    b"\xe2\x80\xaeevil\r\x08\x00 done"
)
"""Clear screen, colours, a window title (OSC), C1 CSI (raw and UTF-8), a right-to-left
override, carriage return, backspace, NUL."""


def test_escape_sequences_in_an_error_page_never_reach_the_terminal(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(status=500, body=HOSTILE_PAGE))
    with pytest.raises(EndpointError) as caught:
        execute(RemoteEngine(scripted_server.url), SELECT)
    message = str(caught.value)
    assert "disk full" in message and "done" in message
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in message)
    code, out, err = run_cli("sparql", SELECT, "--endpoint", scripted_server.url)
    assert code == 3 and "HTTP 500" in err
    assert err.endswith("\n") and not any(ord(c) < 0x20 for c in err[:-1]), repr(err)


def test_escape_sequences_in_an_unreadable_answer_never_reach_the_terminal(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(
        Reply(body=b'{"head": \x1b[31m', content_type="application/sparql-results+json\x1b")
    )
    with pytest.raises(EndpointError, match="not readable") as caught:
        execute(RemoteEngine(scripted_server.url), SELECT)
    assert "\x1b" not in str(caught.value)


def test_escape_sequences_in_answered_values_are_not_printed_to_a_table(
    scripted_server: ScriptedServer,
) -> None:
    value = {"s": {"type": "literal", "value": "\x1b[2Jcleared \x1b]0;title\x07"}}
    scripted_server.answer(Reply(body=json_results(["s"], [value])))
    code, out, err = run_cli("sparql", SELECT, "--endpoint", scripted_server.url)
    assert code == 0, err
    assert "cleared" in out and "\x1b" not in out and "\x07" not in out


def test_clean_text_keeps_the_words() -> None:
    assert clean_text("ok\x1b[1m bold\u200b\ttab\n") == "ok[1m bold tab"


# --- passwords in endpoint URLs ----------------------------------------------------------------

SECRET = "s3cr3t-pw"


def with_password(url: str) -> str:
    return url.replace("http://", f"http://ann:{SECRET}@", 1)


def test_a_password_in_the_endpoint_is_sent_as_basic_authentication(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=json_results(["s"], [])))
    engine = RemoteEngine(with_password(scripted_server.url))
    execute(engine, SELECT)
    headers = scripted_server.requests[-1]["headers"]
    assert headers["Authorization"] == "Basic " + base64.b64encode(  # type: ignore[index]
        f"ann:{SECRET}".encode()
    ).decode("ascii")
    assert SECRET not in repr(engine)
    assert repr(engine) == f"<RemoteEngine {redact_url(engine.endpoint_url)}>"


def test_the_password_is_not_sent_where_the_endpoint_redirects(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.answer(Reply(body=json_results(["s"], [])))
    elsewhere = scripted_server.url

    def redirect(conn: socket.socket, state: Misbehaving) -> None:
        state.send(conn, f"HTTP/1.1 302 Found\r\nLocation: {elsewhere}\r\n".encode())
        state.send(conn, b"Content-Length: 0\r\n\r\n")

    with misbehaving(redirect) as server:
        execute(RemoteEngine(with_password(server.url)), SELECT)
        assert b"\r\nAuthorization: Basic " in server.requests[0]
    assert len(scripted_server.requests) == 1
    assert "Authorization" not in scripted_server.requests[0]["headers"]  # type: ignore[operator]


def password_cases(scripted: ScriptedServer) -> list[tuple[str, Callable[[], object]]]:
    """Ways a URL with a password can end up in a message."""
    down = with_password(f"http://127.0.0.1:{free_port()}/query")
    error_page = with_password(scripted.url)
    return [
        ("unreachable", lambda: execute(RemoteEngine(down), SELECT)),
        ("http-500", lambda: execute(RemoteEngine(error_page), SELECT)),
        ("not-http", lambda: check_http_url(f"ftp://ann:{SECRET}@example.org/")),
        ("bad-port", lambda: check_http_url(f"http://ann:{SECRET}@example.org:port/")),
        (
            "engine-contradiction",
            lambda: choose_engine(
                environ={"BALKAN_KG_ENGINE": "rdflib", "BALKAN_KG_ENDPOINT": down}
            ),
        ),
        ("no-store-url", lambda: default_store_url(with_password("http://example.org/sparql"))),
        ("load-down", lambda: load_into_store(down, timeout=2)),
    ]


def test_a_password_in_the_endpoint_is_never_shown(scripted_server: ScriptedServer) -> None:
    scripted_server.answer(Reply(status=500, body=b"boom"))
    shown = []
    for name, call in password_cases(scripted_server):
        outcome = bounded(call)
        assert isinstance(outcome, EndpointError | EngineError | ParameterError), (name, outcome)
        assert SECRET not in str(outcome), f"{name}: {outcome}"
        assert "ann:***@" in str(outcome), f"{name}: {outcome}"
        shown.append(name)
    assert len(shown) == 7


@pytest.mark.parametrize(
    "argv",
    [
        ["sparql", SELECT],
        ["query", "members-since", "--example"],
        ["provenance", "bk:Albania"],
        ["load", "--timeout", "2"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_password_in_the_endpoint_is_never_printed(argv: list[str]) -> None:
    down = with_password(f"http://127.0.0.1:{free_port()}/query")
    outcome = bounded(lambda: run_cli(*argv, "--endpoint", down))
    assert isinstance(outcome, tuple), outcome
    code, out, err = outcome
    assert code == 3, err
    assert "ann:***@" in err
    assert SECRET not in out + err


def test_the_password_is_not_kept_in_an_unreachable_error() -> None:
    error = EndpointUnreachableError(with_password("http://example.org/"), "cannot reach")
    assert error.url == "http://ann:***@example.org/"
    assert SECRET not in repr(error.__reduce__())


def test_only_the_password_is_hidden() -> None:
    assert redact_url("http://ann@example.org/q?x=a:b@c") == "http://ann@example.org/q?x=a:b@c"
    assert redact_url("https://ann:pw@example.org:8890/sparql") == (
        "https://ann:***@example.org:8890/sparql"
    )
    assert redact_url("http://ann:p@ss@example.org/") == "http://ann:***@example.org/"
