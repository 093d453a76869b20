"""``balkan-kg serve`` for the server tests: starting it, and talking to it in raw bytes.

Each server is a ``python -m balkan_kg serve`` process on a free port of 127.0.0.1,
serving the project's build, with its log (standard error) in a file; it is stopped by
its process id (SIGTERM, then SIGKILL) when the session ends (the fixtures are in
``tests/server/conftest.py``). Tests talk to it with a plain HTTP client (httpx),
SPARQLWrapper, or raw sockets (:func:`raw_exchange`) for bytes no client sends.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from servers import START_TIMEOUT, free_port, stop_process, tail

QUERY_TIMEOUT = 2.0
"""The main test server's time limit, seconds (short, so runaway tests end soon)."""
MAX_ROWS = 1000
"""The main test server's row cap (the graph has some 4,000 triples)."""
MAX_BODY = 200_000
"""The main test server's body limit, bytes."""
MAX_ANSWER = 2_000_000
"""The main test server's cap on an answer's size, bytes."""
CLIENT_TIMEOUT = 60.0
"""A hang guard for every request of the tests (never a timing assertion)."""


@dataclass
class BalkanServer:
    """A running ``balkan-kg serve``: its base URL, port, process and log file."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=CLIENT_TIMEOUT)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(workdir: Path, build_dir: Path | None, *options: str) -> BalkanServer:
    """Start ``balkan-kg serve`` with ``options`` and wait until ``/health`` says ok.

    Fails the test with the end of the log if it exits or does not answer in time.
    """
    port = free_port()
    log = workdir / f"serve-{port}.log"
    command = [sys.executable, "-m", "balkan_kg", "serve", "--port", str(port), *options]
    if build_dir is not None:
        command += ["--build-dir", str(build_dir)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            pytest.fail(f"balkan-kg serve exited ({process.returncode}):\n{tail(log)}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return BalkanServer(url, port, process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_process(process)
    pytest.fail(f"balkan-kg serve did not answer in {START_TIMEOUT:g} s:\n{tail(log)}")


def raw_exchange(port: int, request: bytes, read_timeout: float = 20.0) -> bytes:
    """Send ``request`` bytes as they are and read the answer until the server closes
    or goes quiet; a reset after the answer began is not an error here."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as sock:
        with contextlib.suppress(OSError):  # it may answer and close before all is sent
            sock.sendall(request)
        answer = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
                if b"\r\n\r\n" in answer and _complete(answer):
                    break
        except (TimeoutError, ConnectionResetError):
            pass
        return answer


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer (0 if there is none)."""
    first = answer.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) >= 2 and first[1].isdigit() else 0
