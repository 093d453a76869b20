"""The server part of the benchmark: ``balkan-kg serve`` next to Oxigraph's server.

``python -m bench --server`` (or ``python -m bench.server``) serves the current build
(built first if needed) with ``balkan-kg serve`` at its default settings and with
``oxigraph serve-read-only`` (the ``oxigraph`` package of the test extra) on a store
loaded with the same two files, both on 127.0.0.1, each stopped by its process id, and
measures, for the goals of the publishing issue (judged by
:func:`bench.goals.judge_server`):

* **start to first answer**: from starting ``balkan-kg serve`` (a new Python process)
  to its first 200 answer to a query, with a current build (median of ``--starts``);
* **latency over loopback**: one keep-alive connection per server, the same query
  texts (the simple query, and every canned query bound to its first example with the
  prefixes it uses declared), the two servers asked in turn; the median of
  ``--repeat`` answers each, and the ratio of ours to Oxigraph's;
* **runaway queries**: four queries that would run for minutes (cross joins, an ORDER
  BY over a cross join, a REGEX over a cross join), sent at once; how long each took
  to be stopped past the time limit, the p95 latency of a simple query asked again
  and again meanwhile, and the resident memory of the server and its worker processes
  before, at the peak, and two seconds after the last was stopped;
* **eight pathological queries** at once (issue 12): the p95 latency of ``/health``
  and of a simple query meanwhile.

Timing belongs here, never in the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PYTHON = sys.executable
SIMPLE = (
    "SELECT ?label WHERE { <https://w3id.org/balkan-kg/id/NATO> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
RUNAWAYS = {
    "cross join count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cross join count, 4-way": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    ),
    "ORDER BY over a cross join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
    "REGEX over a cross join": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        'FILTER(REGEX(CONCAT(STR(?c), STR(?i)), "(a+)+$")) }'
    ),
}
PATHOLOGICAL = [
    *RUNAWAYS.values(),
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(STR(?f)) ?c",
    "SELECT ?a (GROUP_CONCAT(STR(?f)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a",
    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    "BIND(CONCAT(STR(?a), STR(?f)) AS ?x) }",
    'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?f), "^(a|aa)*b$")) '
    ". ?g ?h ?i }",
]
START_TIMEOUT = 120.0
ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` by its id: SIGTERM, then SIGKILL after 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(15)


def wait_answer(port: int, path: str, process: subprocess.Popen[bytes], poll: float) -> float:
    """Seconds until ``GET path`` answers 200 on ``port``, polling every ``poll`` s.

    :raises RuntimeError: if the process exits or nothing answers in time.
    """
    started = time.perf_counter()
    while time.perf_counter() - started < START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode})")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(poll)
    raise RuntimeError(f"no answer on port {port} in {START_TIMEOUT:g} s")


@contextlib.contextmanager
def balkan_server(
    *options: str, log: Path | None = None
) -> Iterator[tuple[int, subprocess.Popen[bytes], float]]:
    """``balkan-kg serve`` on a free port: (port, process, seconds to the first answer)."""
    port = free_port()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "balkan_kg",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *options,
        ],
        stdout=out,
        stderr=out,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_answer(port, "/sparql?query=ASK%7B%7D", process, 0.005)
        yield port, process, time.perf_counter() - started
    finally:
        stop(process)
        if log:
            out.close()  # type: ignore[union-attr]


@contextlib.contextmanager
def oxigraph_server(files: list[Path], work: Path) -> Iterator[int]:
    """``oxigraph serve-read-only`` on a store loaded with ``files``: its port."""
    program = shutil.which("oxigraph", path=str(Path(PYTHON).parent)) or shutil.which("oxigraph")
    if program is None:
        raise RuntimeError("oxigraph is not installed (pip install oxigraph: the test extra)")
    location = work / "oxigraph-db"
    command = [program, "load", "--location", str(location)]
    for path in files:
        command += ["--file", str(path)]
    subprocess.run(command, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [program, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_answer(port, "/query?query=ASK%7B%7D", process, 0.02)
        yield port
    finally:
        stop(process)


class Client:
    """One keep-alive HTTP connection asking a SPARQL endpoint for JSON results."""

    def __init__(self, port: int, path: str, timeout: float = 120.0) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.path = path

    def ask(self, query: str) -> tuple[float, int, bytes]:
        """Seconds, status and body of one query."""
        url = self.path + "?" + urllib.parse.urlencode({"query": query})
        started = time.perf_counter()
        try:
            self.connection.request("GET", url, headers={"Accept": ACCEPT})
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a closed keep-alive connection: once more
            self.connection.request("GET", url, headers={"Accept": ACCEPT})
            response = self.connection.getresponse()
            body = response.read()
        return time.perf_counter() - started, response.status, body

    def close(self) -> None:
        self.connection.close()


def rows(body: bytes) -> int | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if "boolean" in document:
        return int(bool(document["boolean"]))
    return len(document["results"]["bindings"])


def canned_texts() -> dict[str, str]:
    """Every canned query bound to its first example, with the prefixes it uses."""
    from balkan_kg.query.catalog import list_queries
    from balkan_kg.server.description import example_text

    return {query.name: example_text(query) for query in list_queries()}


def latencies(ours: Client, theirs: Client, queries: dict[str, str], repeat: int) -> dict[str, Any]:
    """The median seconds of each query on both servers.

    Each server is asked in a block of consecutive requests, as a client asking one
    server would (strict alternation leaves each server's threads asleep half the
    time, and on a busy machine their waking up is then measured instead): half of
    ours, all of theirs, the other half of ours, so that a drift of the machine's
    speed falls on both alike.
    """
    figures: dict[str, Any] = {}

    def block(client: Client, text: str, count: int, times: list[float]) -> bytes:
        body = b""
        for _ in range(count):
            seconds, status, body = client.ask(text)
            assert status == 200, (status, body[:200])
            times.append(seconds)
        return body

    for name, text in queries.items():
        mine: list[float] = []
        other: list[float] = []
        block(ours, text, 3, [])  # warm-up
        block(ours, text, repeat // 2, mine)
        block(theirs, text, 3, [])
        other_body = block(theirs, text, repeat, other)
        block(ours, text, 3, [])
        body = block(ours, text, repeat - repeat // 2, mine)
        ours_ms, theirs_ms = statistics.median(mine) * 1000, statistics.median(other) * 1000
        figures[name] = {
            "balkan_kg_ms": round(ours_ms, 3),
            "oxigraph_ms": round(theirs_ms, 3),
            "ratio": round(ours_ms / theirs_ms, 2),
            "rows": rows(body),
            "same_rows": rows(body) == rows(other_body),
        }
    return figures


def tree_rss(pid: int) -> dict[int, int]:
    """Resident memory (KiB) of ``pid`` and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    family = {pid}
    grew = True
    while grew:
        found = {child for child, parent in parents.items() if parent in family} - family
        family |= found
        grew = bool(found)
    sizes = {}
    for member in family:
        try:
            with open(f"/proc/{member}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        sizes[member] = int(line.split()[1])
        except OSError:
            continue
    return sizes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def under_load(port: int, pid: int, queries: list[str], limit: float) -> dict[str, Any]:
    """Send ``queries`` at once; meanwhile ask the simple query and ``/health`` in turn.

    Returns how each loaded query ended, the p95 (and max) of the simple query and of
    ``/health`` meanwhile, and the server's memory before, at the peak and after.
    """
    before = tree_rss(pid)
    outcomes: list[dict[str, Any]] = [{} for _ in queries]

    def send(index: int, text: str) -> None:
        client = Client(port, "/sparql", timeout=limit * 3 + 30)
        seconds, status, body = client.ask(text)
        client.close()
        outcomes[index] = {
            "seconds": round(seconds, 3),
            "status": status,
            "body": body[:120].decode(errors="replace"),
        }

    threads = [threading.Thread(target=send, args=(i, q)) for i, q in enumerate(queries)]
    peak = sum(before.values())
    for thread in threads:
        thread.start()
    simple, health = Client(port, "/sparql"), Client(port, "/health")
    simple_times, health_times, failures = [], [], 0
    time.sleep(0.2)  # let every loaded query reach a worker
    while any(thread.is_alive() for thread in threads):
        seconds, status, body = simple.ask(SIMPLE)
        simple_times.append(seconds)
        failures += status != 200 or b"NATO" not in body
        started = time.perf_counter()
        health.connection.request("GET", "/health")
        response = health.connection.getresponse()
        response.read()
        health_times.append(time.perf_counter() - started)
        failures += response.status != 200
        peak = max(peak, sum(tree_rss(pid).values()))
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    time.sleep(2.0)  # replaced workers start
    after = tree_rss(pid)
    simple.close()
    health.close()
    return {
        "queries": outcomes,
        "stopped_past_limit_s": round(max(o["seconds"] for o in outcomes) - limit, 3),
        "simple_p95_ms": round(percentile(simple_times, 0.95) * 1000, 2),
        "simple_max_ms": round(max(simple_times) * 1000, 2),
        "simple_median_ms": round(statistics.median(simple_times) * 1000, 2),
        "health_p95_ms": round(percentile(health_times, 0.95) * 1000, 2),
        "asked": len(simple_times),
        "failures": failures,
        "rss_mib": {
            "before": round(sum(before.values()) / 1024, 1),
            "peak": round(peak / 1024, 1),
            "after": round(sum(after.values()) / 1024, 1),
            "processes_before": len(before),
            "processes_after": len(after),
            "largest_process_before": round(max(before.values()) / 1024, 1),
            "largest_process_after": round(max(after.values()) / 1024, 1),
        },
    }


def bench_server(repeat: int = 50, starts: int = 3, log: Path | None = None) -> dict[str, Any]:
    """Every figure of the module docstring, as a JSON-able dict."""
    from balkan_kg.kg.build import build
    from balkan_kg.server.config import DEFAULT_TIMEOUT

    load_at_start = list(os.getloadavg())  # the machine may be shared: say how busy
    result = build()  # current afterwards: serve starts without building
    files = result.query_files(True)
    starts_s = []
    for _ in range(starts):
        with balkan_server(log=log) as (_port, _process, seconds):
            starts_s.append(seconds)
    figures: dict[str, Any] = {
        "start_to_first_answer_s": round(statistics.median(starts_s), 3),
        "starts_s": [round(s, 3) for s in starts_s],
    }
    queries = {"simple": SIMPLE, **canned_texts()}
    with (
        tempfile.TemporaryDirectory() as work,
        oxigraph_server(files, Path(work)) as oxigraph_port,
        balkan_server(log=log) as (port, process, _),
    ):
        ours, theirs = Client(port, "/sparql"), Client(oxigraph_port, "/query")
        figures["latency"] = latencies(ours, theirs, queries, repeat)
        ours.close()
        theirs.close()
        time.sleep(1.0)
        figures["runaways"] = under_load(
            port, process.pid, list(RUNAWAYS.values()), DEFAULT_TIMEOUT
        )
        figures["runaways"]["names"] = list(RUNAWAYS)
        figures["pathological"] = under_load(port, process.pid, PATHOLOGICAL, DEFAULT_TIMEOUT)
    figures["settings"] = {"repeat": repeat, "starts": starts, "time_limit_s": DEFAULT_TIMEOUT}
    figures["load_average"] = {"start": load_at_start, "end": list(os.getloadavg())}
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.server", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=50, help="answers per query and server")
    parser.add_argument("--starts", type=int, default=3, help="server starts timed")
    args = parser.parse_args(argv)
    print(json.dumps(bench_server(args.repeat, args.starts), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
