"""Real SPARQL servers for the engine tests, started once per test session.

A pytest plugin (``pytest_plugins`` in ``conftest.py``). Every server listens on a free
port of 127.0.0.1 only, keeps its data in a temporary directory, and is stopped by its
process id (SIGTERM, then SIGKILL) when the session ends, also after a failing test.

* :func:`oxigraph_server` runs ``oxigraph serve`` (the ``oxigraph`` PyPI package of the
  test extra) and loads the build through ``balkan-kg load`` into :data:`GRAPH`.
* :func:`virtuoso_server` runs Debian's ``virtuoso-t`` and loads the same two build
  files into :data:`GRAPH` with ``isql-vt`` and ``DB.DBA.TTLP_MT``.

A missing server program skips the tests that need it, with the reason, except under
CI (``CI=true``), where it fails them: CI installs both (see ``.ci/run``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

GRAPH = "https://w3id.org/balkan-kg/graph/test"
"""The named graph the servers hold the build in (reasoned closure included)."""

START_TIMEOUT = 60.0
"""Seconds a server may take to answer its first query."""


def in_ci() -> bool:
    """Whether the tests run under CI, where a missing server is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() == "true"


def require_program(name: str, why: str) -> str:
    """The path of program ``name``: skip the test without it, or fail it under CI."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found:
        return found
    message = f"{name} is not installed ({why})"
    if in_ci():
        pytest.fail(f"{message}; CI must install it (.ci/run)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """Stop ``process`` by its pid: SIGTERM, wait up to ``grace`` seconds, then SIGKILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


def wait_for_sparql(url: str, process: subprocess.Popen[bytes], log: Path) -> float:
    """Poll ``url`` with ``ASK {}`` until it answers 200; return the seconds waited.

    Fails the test with the end of ``log`` if the process exits or the time runs out.
    """
    started = time.monotonic()
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            pytest.fail(f"{url}: the server exited ({process.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{url}: no answer after {START_TIMEOUT:g} s:\n{tail(log)}")


def tail(path: Path, lines: int = 20) -> str:
    """The last ``lines`` lines of a log file (empty if it is missing)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Server:
    """A running server: its SPARQL query URL and, if it has one, its Graph Store URL."""

    name: str
    query_url: str
    store_url: str | None
    process: subprocess.Popen[bytes]
    startup_seconds: float
    load_seconds: float = 0.0


def start(command: list[str], workdir: Path, log_name: str) -> tuple[subprocess.Popen[bytes], Path]:
    """Start ``command`` in ``workdir`` with its output going to ``workdir/log_name``."""
    log = workdir / log_name
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    return process, log


@pytest.fixture(scope="session")
def built_graph():
    """The build (merged.nt, inferred.nt), from the project's build cache."""
    from balkan_kg.kg.build import build

    return build()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory, built_graph) -> Iterator[Server]:
    """An Oxigraph server holding the build in :data:`GRAPH`, loaded by ``balkan-kg load``."""
    program = require_program("oxigraph", "pip install oxigraph: the test extra has it")
    workdir = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    process, log = start(
        [program, "serve", "--location", str(workdir / "db"), "--bind", f"127.0.0.1:{port}"],
        workdir,
        "oxigraph.log",
    )
    try:
        base = f"http://127.0.0.1:{port}"
        waited = wait_for_sparql(f"{base}/query", process, log)
        server = Server("oxigraph", f"{base}/query", f"{base}/store", process, waited)
        clock = time.monotonic()
        from balkan_kg.cli import main

        code = main(["load", "--endpoint", server.query_url, "--graph", GRAPH])
        assert code == 0, f"balkan-kg load into Oxigraph failed ({code}):\n{tail(log)}"
        server.load_seconds = time.monotonic() - clock
        yield server
    finally:
        stop_process(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def virtuoso_load(isql: str, sql_port: int, files: list[Path], graph: str) -> None:
    """Load N-Triples ``files`` into ``graph`` with ``DB.DBA.TTLP_MT`` and checkpoint.

    ``file_to_string_output`` hands the file's bytes to the parser, which reads them as
    UTF-8 (a test compares a sentence with a typographic apostrophe across engines).
    ``graph`` and the paths are test constants, never user input.
    """
    statements = [
        f"DB.DBA.TTLP_MT(file_to_string_output('{path}'), '', '{graph}');" for path in files
    ]
    statements.append("checkpoint;")
    result = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", "exec=" + " ".join(statements)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0 or "*** Error" in output:
        pytest.fail(f"isql-vt could not load the graph ({result.returncode}):\n{output}")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory, built_graph) -> Iterator[Server]:
    """A Virtuoso 7 server holding the build in :data:`GRAPH` (loaded with isql-vt)."""
    program = require_program("virtuoso-t", "apt-get install virtuoso-opensource")
    isql = require_program("isql-vt", "apt-get install virtuoso-opensource")
    workdir = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (workdir / "virtuoso.ini").write_text(
        VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port)
    )
    process, log = start([program, "-c", "virtuoso.ini", "+foreground"], workdir, "stdout.log")
    try:
        query_url = f"http://127.0.0.1:{http_port}/sparql"
        waited = wait_for_sparql(query_url, process, log)
        server = Server("virtuoso", query_url, None, process, waited)
        clock = time.monotonic()
        files = []
        for name in ("merged.nt", "inferred.nt"):  # DirsAllowed covers only workdir
            copy = workdir / name
            shutil.copyfile(built_graph.path(name), copy)
            files.append(copy)
        virtuoso_load(isql, sql_port, files, GRAPH)
        server.load_seconds = time.monotonic() - clock
        yield server
    finally:
        stop_process(process)


# --- a scripted HTTP server for error cases --------------------------------------------


@dataclass
class Reply:
    """What the scripted server answers: status, body, Content-Type, delay in seconds."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    delay: float = 0.0


@dataclass
class ScriptedServer:
    """A tiny HTTP server on 127.0.0.1 that answers every request with :attr:`reply`.

    ``requests`` records (method, path, headers, form fields of the body) of each request.
    A delay is bounded by :data:`MAX_DELAY`, so a time-out test cannot hang the suite.
    """

    url: str
    reply: Reply
    requests: list[dict[str, object]]

    def answer(self, reply: Reply) -> None:
        """Answer the next requests with ``reply``."""
        self.reply = reply


MAX_DELAY = 5.0


def _handler(state: ScriptedServer, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            form = urllib.parse.parse_qs(body.decode("utf-8", errors="replace"))
            state.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers),
                    "form": form,
                    "body": body,
                }
            )
            reply = state.reply
            stopping.wait(min(reply.delay, MAX_DELAY))
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except OSError:  # the client gave up (time-out test)
                pass

        do_GET = do_POST = do_PUT = _serve

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    return Handler


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServer]:
    """A :class:`ScriptedServer` answering ``200`` with an empty body until told otherwise."""
    stopping = threading.Event()
    state = ScriptedServer("", Reply(), [])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, stopping))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield state
    finally:
        stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def json_results(variables: list[str], rows: list[dict[str, dict[str, str]]]) -> bytes:
    """A SPARQL 1.1 JSON results document."""
    document = {"head": {"vars": variables}, "results": {"bindings": rows}}
    return json.dumps(document).encode("utf-8")


def run_bounded(call: Callable[[], object], guard: float) -> object:
    """What ``call`` returned or raised, run in a thread; fails the test if it is still
    running after ``guard`` seconds (it was not bounded)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(guard)
    assert not thread.is_alive(), f"still running after {guard:g} s: not bounded"
    return outcome[0]
