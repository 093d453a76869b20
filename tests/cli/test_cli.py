"""The balkan-kg command line: help, exit codes and messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from balkan_kg import resources
from balkan_kg.cli import main, make_parser, parse_quick
from balkan_kg.layout import Layout

COMMANDS = ["build", "validate", "queries", "query", "sparql", "provenance", "load"]
GOOD = (
    "@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .\n"
    "@prefix bk: <https://w3id.org/balkan-kg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'bk:Albania a bkg:State ; rdfs:label "Albania"@en .\n'
)


@pytest.fixture
def use_mini(mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """Point the command line at the mini project and a temporary build directory."""
    monkeypatch.setattr(resources, "checkout_dir", lambda: str(mini.root))
    monkeypatch.setenv(resources.BUILD_DIR_ENV, str(tmp_path / "build"))
    return mini


def test_every_command_is_listed() -> None:
    choices = next(a.choices for a in make_parser()._actions if a.dest == "command")
    assert sorted(choices) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert f"usage: balkan-kg {command}" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["query", "x", "--format", "xml"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def validate_args(mini: Layout, *files: Path) -> list[str]:
    return [
        "validate",
        "--shapes",
        str(mini.shapes),
        "--ontology",
        str(mini.ontology),
        *map(str, files),
    ]


def test_validate_conforming_file_exits_0(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(GOOD)
    assert main(validate_args(mini, good)) == 0
    assert capsys.readouterr().out.strip() == "Conforms."


def test_validate_violations_exit_1_with_the_report(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(GOOD + "bk:Kosovo a bkg:State .\n")
    assert main(validate_args(mini, bad)) == 1
    out = capsys.readouterr().out
    assert "Violation: bk:Kosovo rdfs:label: every actor needs a label" in out


def test_validate_unreadable_file_exits_2_naming_file_and_line(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(GOOD + "bk:x bkg:y .\n")
    assert main(validate_args(mini, broken)) == 2
    err = capsys.readouterr().err
    assert f"{broken}:5: syntax error" in err
    assert "Traceback" not in err


def test_validate_missing_file_exits_2(mini: Layout, tmp_path: Path) -> None:
    assert main(validate_args(mini, tmp_path / "absent.ttl")) == 2


def test_validate_project_data_runs_checks(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    assert "All 1 quality checks passed." in capsys.readouterr().out


def test_validate_failing_check_exits_1(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    with (use_mini.data_dir / "facts.ttl").open("a") as handle:
        handle.write("\nbk:Albania bkg:memberOf bk:Albania .\n")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "no-self-membership: 1 row(s)" in err and "x=bk:Albania" in err


def test_build_query_and_formats(use_mini: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build"]) == 0
    assert capsys.readouterr().out.startswith("built: ")
    assert main(["build"]) == 0
    assert capsys.readouterr().out.startswith("up to date: ")
    assert main(["query", "members", "--param", "org=bk:NATO"]) == 0
    assert "bk:Montenegro  Montenegro" in capsys.readouterr().out
    assert main(["query", "members", "--example", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]["bindings"]) == 2
    assert main(["query", "members", "-p", "org=bk:NATO", "--no-external", "-f", "csv"]) == 0
    assert (
        capsys.readouterr().out
        == "state,label\r\nhttps://w3id.org/balkan-kg/id/Albania,Albania\r\n"
    )


def test_bad_query_input_exits_2_without_traceback(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "member", "-p", "org=bk:NATO"]) == 2
    assert "did you mean 'members'" in capsys.readouterr().err
    assert main(["query", "members", "-p", "org=bk:x> } DROP ALL"]) == 2
    assert "parameter 'org' of query 'members' expects iri" in capsys.readouterr().err
    assert main(["query", "members"]) == 2
    assert main(["query", "members", "-p", "nope"]) == 2
    assert main(["sparql", "DELETE WHERE { ?s ?p ?o }"]) == 2
    err = capsys.readouterr().err
    assert "updates are not allowed" in err and "Traceback" not in err


def test_sparql_from_argument_file_and_stdin(
    use_mini: Layout,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "SELECT ?o WHERE { bk:NATO bkg:hasMember ?o } ORDER BY ?o"
    assert main(["sparql", text]) == 0
    assert capsys.readouterr().out.splitlines()[2:4] == ["bk:Albania", "bk:Montenegro"]
    (tmp_path / "q.rq").write_text(text)
    assert main(["sparql", "--file", str(tmp_path / "q.rq"), "--no-reasoning"]) == 0
    assert "(0 rows)" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("ASK { ?s ?p ?o }"))
    assert main(["sparql", "-"]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_provenance_prints_sentence_and_quote(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["provenance", "bk:Albania"]) == 0
    out = capsys.readouterr().out
    assert "Three countries joined: Albania (2009)." in out
    assert 'quote [10-24]: "Albania (2009)"' in out
    assert main(["provenance", "bk:Nowhere"]) == 1


def test_version_is_the_same_for_module_and_console_script() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "balkan_kg", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0
    assert module.stdout.startswith("balkan-kg ")
    script = shutil.which("balkan-kg", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the balkan-kg console script is not installed next to this Python")
    console = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert console.returncode == 0
    assert console.stdout == module.stdout


def test_checks_judge_only_the_graphs_their_scope_names(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    states = "SELECT ?s WHERE { ?s a bkg:State }\n"  # states are in the data only
    (use_mini.checks_dir / "no-states.rq").write_text("# scope: ontology\n" + states)
    assert main(["validate"]) == 0
    (use_mini.checks_dir / "no-states.rq").write_text("# scope: ontology+data\n" + states)
    assert main(["validate"]) == 1
    (use_mini.checks_dir / "no-states.rq").write_text("# scope: everything\n" + states)
    assert main(["validate"]) == 2
    assert "no-states.rq:1: unknown scope 'everything'" in capsys.readouterr().err


QUICK_FORMS = [
    ["query", "members-since"],
    ["query", "members", "--param", "org=bk:NATO"],
    ["query", "members", "-p", "org=bk:NATO", "-p", "x=1", "--param=y=a=b"],
    ["query", "members", "--param", "org=bk:NATO asOf=2010", "--param="],
    ["query", "members", "--example"],
    ["query", "members", "--example", "2", "--param", "org=bk:EU"],
    ["query", "members", "--example", "007", "--example"],
    ["query", "members", "--example", "--format", "csv"],
    ["query", "members", "-f", "json", "--format=table", "--no-external"],
    ["query", "members", "--no-reasoning", "--no-external", "--no-reasoning"],
    ["query", "members", "--build-dir", "/tmp/b", "--build-dir=other/"],
    ["query", "a=b", "-p", ""],
]


@pytest.mark.parametrize("argv", QUICK_FORMS, ids=" ".join)
def test_plain_query_command_lines_are_read_as_argparse_reads_them(argv: list[str]) -> None:
    quick = parse_quick(argv)
    assert quick is not None
    assert vars(quick) == vars(make_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["query"],
        ["queries"],
        ["build", "x"],
        ["--version", "query", "x"],
        ["query", "--param", "org=bk:NATO", "members"],  # an option before NAME
        ["query", "-x"],
        ["query", "members", "--help"],
        ["query", "members", "-h"],
        ["query", "members", "extra"],
        ["query", "members", "--form", "csv"],  # argparse accepts abbreviations
        ["query", "members", "--para", "org=bk:NATO"],
        ["query", "members", "-porg=bk:NATO"],
        ["query", "members", "-p=org=bk:NATO"],
        ["query", "members", "--param"],
        ["query", "members", "--param", "-1"],
        ["query", "members", "--param", "--no-external"],
        ["query", "members", "--example", "two"],
        ["query", "members", "--example", "-1"],
        ["query", "members", "--example", "\u0662"],  # int() reads Arabic-Indic digits
        ["query", "members", "--example=2"],
        ["query", "members", "--format", "xml"],
        ["query", "members", "--format"],
        ["query", "members", "--no-external=1"],
        ["query", "members", "--engine", "oxigraph"],
        ["query", "members", "--endpoint", "http://x/q", "--graph", "g", "--timeout", "1"],
        ["query", "members", "--"],
        ["query", "members", "-"],
    ],
    ids=" ".join,
)
def test_other_command_lines_are_left_to_argparse(argv: list[str]) -> None:
    assert parse_quick(argv) is None


def test_a_usage_error_in_a_query_command_line_is_argparse_s(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["query", "members", "--example", "two"]) == 2
    assert "argument --example: invalid int value: 'two'" in capsys.readouterr().err
    assert main(["query", "members", "--form", "xml"]) == 2
    assert "argument --format/-f: invalid choice: 'xml'" in capsys.readouterr().err


COLD_QUERY = """\
import sys
from balkan_kg import resources
resources.checkout_dir = lambda: sys.argv[1]  # the mini project, as use_mini does
before = set(sys.modules)
from balkan_kg.cli import main
code = main(["query", "members", "-p", "org=bk:NATO", "-f", "csv"])
print(code, *sorted(set(sys.modules) - before))
"""
# Modules that would cost the quick path milliseconds each (see balkan_kg.cli).
HEAVY = {"argparse", "dataclasses", "hashlib", "inspect", "json", "pathlib"}
HEAVY |= {"tempfile", "typing", "datetime", "decimal", "rdflib", "owlrl", "pyshacl"}


def test_a_query_after_a_build_imports_nothing_heavy(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build"]) == 0  # which records its stats, so that a query needs only those
    capsys.readouterr()
    done = subprocess.run(
        [sys.executable, "-c", COLD_QUERY, str(use_mini.root)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    *rows, last = done.stdout.splitlines()
    code, *imported = last.split()
    assert code == "0"
    assert rows == [
        "state,label",
        "https://w3id.org/balkan-kg/id/Albania,Albania",
        "https://w3id.org/balkan-kg/id/Montenegro,Montenegro",
    ]
    assert "pyoxigraph" in imported
    assert not HEAVY & set(imported)
