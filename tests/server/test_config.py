"""The server's settings (:mod:`balkan_kg.server.config`) and ``balkan-kg serve``'s options."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from balkan_kg.cli import main
from balkan_kg.cli.parser import make_parser
from balkan_kg.server.config import ConfigError, ServerConfig, cors_origins
from servers import free_port, stop_process, tail


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"timeout": 0}, "time limit must be positive"),
        ({"timeout": -1.0}, "time limit must be positive"),
        ({"max_rows": -1}, "row cap"),
        ({"max_body": 0}, "body limit"),
        ({"max_answer_bytes": 0}, "answer cap"),
        ({"max_workers": 0}, "at least one query worker"),
        ({"spare_workers": -1}, "spare workers"),
        ({"memory_limit": 2**20}, "at least 64 MiB"),
        ({"queue_timeout": -0.1}, "queue time"),
        ({"demote_after": 0.0}, "demote_after must be positive"),
        ({"cors_origins": ("example.org",)}, "scheme://host"),
        ({"cors_origins": ("https://example.org/path",)}, "scheme://host"),
    ],
)
def test_settings_out_of_range_are_refused(settings: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        ServerConfig(**settings)  # type: ignore[arg-type]


def test_queries_wait_for_a_worker_as_long_as_the_time_limit_unless_told() -> None:
    assert ServerConfig(timeout=7).wait_for_worker == 7
    assert ServerConfig(timeout=7, queue_timeout=0.5).wait_for_worker == 0.5
    assert ServerConfig(timeout=7, max_rows=5).limits.max_rows == 5


@pytest.mark.parametrize(
    ("given", "origins"),
    [
        (None, ("*",)),
        ([], ("*",)),
        (["none"], ()),
        (
            ["https://a.example/", "https://a.example", "http://b.example:8080"],
            ("https://a.example", "http://b.example:8080"),
        ),
    ],
)
def test_cors_origin_options(given: list[str] | None, origins: tuple[str, ...]) -> None:
    assert cors_origins(given) == origins


def test_none_with_an_origin_is_refused() -> None:
    with pytest.raises(ConfigError, match="cannot be combined"):
        cors_origins(["none", "https://a.example"])


def test_serve_options_reach_the_parser() -> None:
    args = make_parser().parse_args(
        [
            "serve",
            "--port",
            "9001",
            "--timeout",
            "3.5",
            "--max-rows",
            "10",
            "--max-body",
            "2000",
            "--max-answer-bytes",
            "3000",
            "--workers",
            "3",
            "--queue-timeout",
            "1",
            "--memory-limit",
            "256",
            "--cors-origin",
            "none",
            "--forwarded",
        ]
    )
    assert (args.port, args.timeout, args.max_rows, args.max_body) == (9001, 3.5, 10, 2000)
    assert args.max_answer_bytes == 3000
    assert (args.workers, args.queue_timeout, args.memory_limit) == (3, 1.0, 256)
    assert args.forwarded and cors_origins(args.cors_origin) == ()
    assert args.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--workers", "0"], "at least one query worker"),
        (["--header-timeout", "0"], "--header-timeout must be positive"),
        (["--cors-origin", "none", "--cors-origin", "https://a.example"], "cannot be combined"),
    ],
)
def test_serve_refuses_bad_settings_with_exit_2(
    options: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *options]) == 2
    assert words in capsys.readouterr().err


def test_serve_help_names_the_limits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--timeout", "--max-rows", "--max-body", "--workers", "--cors-origin"):
        assert option in text


def test_serve_builds_first_and_prints_the_url(tmp_path: Path) -> None:
    """With an empty build directory, ``serve`` builds, says where to go, and answers."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "balkan_kg",
                "serve",
                "--port",
                str(port),
                "--build-dir",
                str(tmp_path / "build"),
                "--cors-origin",
                "none",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 120
        answer = None
        while answer is None:
            assert process.poll() is None, tail(log)
            assert time.monotonic() < deadline, tail(log)
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/sparql",
                    params={"query": "ASK { bk:Montenegro org:memberOf bk:NATO }"},
                    headers={"origin": "https://elsewhere.example"},
                    timeout=10,
                )
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer.json()["boolean"] is True  # "Montenegro (2017)"
        assert "access-control-allow-origin" not in answer.headers  # CORS off
        assert (tmp_path / "build" / "void.ttl").is_file()
        assert f"http://127.0.0.1:{port}/" in log.read_text()
    finally:
        stop_process(process)
