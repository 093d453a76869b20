"""Parsing RDF inputs: syntax errors and missing files name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from balkan_kg.errors import InputError
from balkan_kg.rdfio.parse import parse_files
from balkan_kg.layout import Layout

HEADER = "@prefix ex: <http://example.org/> .\n"


def test_good_files_are_parsed_into_one_graph(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(HEADER + "ex:a ex:p ex:b .\n")
    (tmp_path / "b.nt").write_text('<http://example.org/c> <http://example.org/p> "x" .\n')
    graph = parse_files([tmp_path / "a.ttl", tmp_path / "b.nt"])
    assert len(graph) == 2


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("ex:a ex:p ex:b .\nex:c ex:p ex:d ex:e .\n", 3),
        ('ex:a ex:p ex:b .\n\n\nex:c ex:p "open .\n', 5),
        ("ex:a ex:p ex:b .\nnope:c ex:p ex:d .\n", 3),
    ],
)
def test_syntax_error_names_file_and_line(tmp_path: Path, body: str, line: int) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(HEADER + body)
    with pytest.raises(InputError) as caught:
        parse_files([path])
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: syntax error")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.ttl"
    with pytest.raises(InputError, match="file not found") as caught:
        parse_files([path])
    assert caught.value.path == path and caught.value.line is None


def test_source_files_are_ontology_then_data_then_external_sorted(mini: Layout) -> None:
    (mini.data_dir / "a-first.ttl").write_text(HEADER)
    (mini.external_dir / "0-ext.ttl").write_text(HEADER)
    names = [p.relative_to(mini.root).as_posix() for p in mini.source_files()]
    assert names == [
        "ontology/balkan-kg.ttl",
        "data/a-first.ttl",
        "data/facts.ttl",
        "data/external/0-ext.ttl",
        "data/external/wikidata.ttl",
    ]
    assert "data/external/wikidata.ttl" not in [
        p.relative_to(mini.root).as_posix() for p in mini.source_files(include_external=False)
    ]
    assert mini.source_files(include_ontology=False)[0].name == "a-first.ttl"


def test_project_sources_parse(real_layout: Layout) -> None:
    graph = parse_files(real_layout.source_files())
    assert len(graph) > 0
