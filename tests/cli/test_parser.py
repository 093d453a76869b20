"""The command line's arguments (``balkan_kg.cli.parser``): commands, options, defaults."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import balkan_kg
from balkan_kg.cli import main
from balkan_kg.cli.parser import OUTPUT_FORMATS, PROG, make_parser
from balkan_kg.query.engines import ENGINES
from balkan_kg.query.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from balkan_kg.server import config as server_config

COMMANDS = [
    "build", "validate", "queries", "query", "sparql", "provenance", "load", "serve", "span",
    "reanchor",
]  # fmt: skip


def parse(*argv: str) -> argparse.Namespace:
    return make_parser().parse_args(list(argv))


def test_every_command_is_listed() -> None:
    choices = next(a.choices for a in make_parser()._actions if a.dest == "command")
    assert sorted(choices) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"usage: {PROG} {command}")
    assert captured.err == ""


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("    ")}
    assert listed >= set(COMMANDS)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"{PROG} {balkan_kg.__version__}\n"


def test_output_formats_are_a_table_the_results_formats_and_the_graph_formats() -> None:
    assert OUTPUT_FORMATS == ("table", "json", "xml", "csv", "tsv", "turtle", "nt", "jsonld")
    for command, target in (("query", "x"), ("sparql", "ASK {}")):
        for name in OUTPUT_FORMATS:
            assert parse(command, target, "--format", name).format == name


def test_query_defaults() -> None:
    args = parse("query", "members")
    assert vars(args) == {
        "command": "query",
        "name": "members",
        "param": [],
        "example": None,
        "include_external": True,
        "reasoning": True,
        "build_dir": None,
        "engine": None,
        "max_rows": DEFAULT_MAX_ROWS,
        "max_bytes": DEFAULT_MAX_BYTES,
        "endpoint": None,
        "graph": None,
        "timeout": None,
        "format": "table",
        "wide": False,
    }


def test_query_options() -> None:
    args = parse(
        "query",
        "members",
        "-p",
        "org=bk:NATO",
        "--param",
        "asOf=2010",
        "--example",
        "--no-external",
        "--no-reasoning",
        "--build-dir",
        "/tmp/b",
        "--engine",
        "rdflib",
        "--max-rows",
        "5",
        "-f",
        "csv",
        "--wide",
    )
    assert args.param == ["org=bk:NATO", "asOf=2010"]
    assert args.example == 1  # --example alone is the first example line
    assert (args.include_external, args.reasoning) == (False, False)
    assert args.build_dir == Path("/tmp/b")
    assert (args.engine, args.max_rows, args.format, args.wide) == ("rdflib", 5, "csv", True)
    assert parse("query", "members", "--example", "2").example == 2
    assert parse("query", "members", "--param=y=a=b").param == ["y=a=b"]


def test_remote_options() -> None:
    args = parse("sparql", "ASK {}", "--endpoint", "http://127.0.0.1:7878/query", "--graph", "bk:g")
    assert (args.endpoint, args.graph) == ("http://127.0.0.1:7878/query", "bk:g")
    assert parse("query", "m", "--timeout", "2.5").timeout == 2.5
    assert set(ENGINES) == {"oxigraph", "rdflib", "remote"}
    for engine in ENGINES:
        assert parse("sparql", "ASK {}", "--engine", engine).engine == engine


def test_sparql_takes_text_or_a_file() -> None:
    assert parse("sparql", "ASK {}").text == "ASK {}"
    args = parse("sparql", "--file", "q.rq")
    assert (args.text, args.file) == (None, Path("q.rq"))
    assert parse("sparql", "-").text == "-"


def test_build_options() -> None:
    args = parse("build")
    assert (args.force, args.reasoner, args.validator) == (False, "fast", "fast")
    assert (args.include_external, args.out) == (True, None)
    args = parse(
        "build", "--force", "--reasoner", "owlrl", "--validator", "pyshacl", "--no-external"
    )
    assert (args.force, args.reasoner, args.validator, args.include_external) == (
        True,
        "owlrl",
        "pyshacl",
        False,
    )
    assert parse("build", "--out", "dir").out == Path("dir")


def test_validate_options() -> None:
    args = parse("validate")
    assert (args.files, args.shapes, args.ontology, args.validator) == ([], None, None, "fast")
    args = parse("validate", "a.ttl", "b.nt", "--shapes", "s.ttl", "--ontology", "o.ttl")
    assert args.files == [Path("a.ttl"), Path("b.nt")]
    assert (args.shapes, args.ontology) == (Path("s.ttl"), Path("o.ttl"))


def test_provenance_and_load_options() -> None:
    args = parse("provenance", "bk:Albania")
    assert (args.term, args.include_external, args.reasoning) == ("bk:Albania", True, True)
    args = parse("load")
    assert (args.endpoint, args.store_url, args.graph, args.reasoning) == (None, None, None, True)
    args = parse(
        "load",
        "--endpoint",
        "http://h/query",
        "--store-url",
        "http://h/store",
        "--graph",
        "bk:g",
        "--no-reasoning",
        "--no-external",
        "--build-dir",
        "b",
        "--timeout",
        "3",
    )
    assert (args.store_url, args.graph, args.reasoning, args.include_external) == (
        "http://h/store",
        "bk:g",
        False,
        False,
    )
    assert (args.build_dir, args.timeout) == (Path("b"), 3.0)


def test_serve_options() -> None:
    args = parse("serve")
    assert (args.host, args.port, args.build_dir, args.include_external) == (
        "127.0.0.1",
        8000,
        None,
        True,
    )
    assert (args.timeout, args.max_rows, args.workers, args.cors_origin) == (
        server_config.DEFAULT_TIMEOUT,
        server_config.DEFAULT_MAX_ROWS,
        server_config.DEFAULT_WORKERS,
        None,
    )
    args = parse(
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "9",
        "--cors-origin",
        "https://a.example",
        "--cors-origin",
        "https://b.example",
        "--workers",
        "2",
    )
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 9, 2)
    assert args.cors_origin == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["query"], "the following arguments are required: NAME"),
        (["query", "x", "--format", "rdfxml"], "argument --format/-f: invalid choice: 'rdfxml'"),
        (["query", "x", "--example", "two"], "argument --example: invalid int value: 'two'"),
        (["query", "x", "--max-rows", "many"], "argument --max-rows: invalid int value"),
        (["query", "x", "--engine", "virtuoso"], "argument --engine: invalid choice"),
        (["build", "--reasoner", "hermit"], "argument --reasoner: invalid choice: 'hermit'"),
        (["validate", "--validator", "x"], "argument --validator: invalid choice"),
        (["queries", "extra"], "unrecognized arguments: extra"),
        (["provenance"], "the following arguments are required: TERM"),
        (["load", "--timeout", "soon"], "argument --timeout: invalid float value"),
        (["serve", "--port", "http"], "argument --port: invalid int value: 'http'"),
    ],
)
def test_usage_errors_exit_2_with_argparse_s_message(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err
    assert captured.err.startswith(f"usage: {PROG}")
    assert "Traceback" not in captured.err
