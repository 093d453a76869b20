"""Every example of the README's "Quick start" and "Using it" sections runs as printed.

Command lines (```sh blocks) run through the command line's ``main`` and must exit 0
and print something; the Python block runs as it stands; the SPARQL block must give
rows. The "Deploy on a bigger store" examples need stores on fixed ports; the engine
tests run the same steps against stores on free ports (tests/query/test_engines.py).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import balkan_kg
from balkan_kg.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    following = text.find("\n## ", start + 1)
    return text[start : following if following != -1 else len(text)]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def command_lines() -> list[str]:
    lines = []
    for block in blocks(section("Using it"), "sh"):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith("balkan-kg "):
                lines.append(command)
    return lines


COMMANDS = command_lines()


def test_the_readme_has_command_examples() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("command", COMMANDS)
def test_command_example_runs(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out.strip()


def test_quick_start_names_the_two_make_targets() -> None:
    quick = blocks(section("Quick start"), "sh")[0]
    assert re.search(r"^make demo\b", quick, flags=re.MULTILINE)
    assert re.search(r"^make test\b", quick, flags=re.MULTILINE)


def test_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (code,) = blocks(section("Using it"), "python")
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()


def test_sparql_example_gives_rows() -> None:
    (query,) = blocks(section("Using it"), "sparql")
    with balkan_kg.load() as kg:
        assert len(kg.sparql(query)) > 0
