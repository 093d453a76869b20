"""The benchmark's query steps read files in the form ``balkan-kg build`` writes them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import bench.run
import pyoxigraph
import pytest
from bench.generate import generate, write
from bench.ops import build_form_lines, write_merged
from bench.run import _stale

from balkan_kg.layout import default_layout
from balkan_kg.rdfio.parse import read_triples
from balkan_kg.rdfio.serialize import canonical, to_ntriples

EX = "http://example.org/"


def _node(name: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(EX + name)


def test_build_form_lines_are_sorted_unique_and_keep_every_triple() -> None:
    triples = [
        (_node("b"), _node("p"), pyoxigraph.Literal("two words")),
        (_node("a"), _node("q"), _node("b")),
        (_node("b"), _node("p"), pyoxigraph.Literal("two words")),
        (_node("a"), _node("p"), pyoxigraph.Literal("5", datatype=_node("t"))),
    ]

    text = build_form_lines(triples)

    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines == sorted(set(lines)) and len(lines) == 3
    assert [line.split()[0] for line in lines] == [f"<{EX}a>", f"<{EX}a>", f"<{EX}b>"]
    reparsed = pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert {(t.subject, t.predicate, t.object) for t in reparsed} == set(triples)


def test_merged_file_has_the_lines_a_build_writes(tmp_path: Path) -> None:
    data = tmp_path / "gen.nt"
    write(generate(1000, 0), data, 1000, 0)
    merged = tmp_path / "build" / "merged.nt"

    count = write_merged(data, merged)

    files = [*default_layout().ontology_files, data]
    # What the build writes of the same files: canonical triples, as N-Triples.
    built = to_ntriples(canonical(t for f in files for t in read_triples(f))).splitlines()
    written = merged.read_text(encoding="utf-8").splitlines()
    assert count == len(written) == len(built)
    # Blank node labels are the writer's own; every other line is the build's line.
    assert [line for line in written if "_:" not in line] == [
        line for line in built if "_:" not in line
    ]


def test_build_form_files_are_made_again_when_the_data_is_newer(tmp_path: Path) -> None:
    data, derived = tmp_path / "gen.nt", tmp_path / "gen.build" / "merged.nt"
    data.write_text("", encoding="utf-8")
    assert _stale(derived, data)

    derived.parent.mkdir()
    derived.write_text("", encoding="utf-8")
    os.utime(data, (1_000, 1_000))
    os.utime(derived, (2_000, 2_000))
    assert not _stale(derived, data)

    os.utime(data, (3_000, 3_000))
    assert _stale(derived, data)


def test_merge_replaces_the_cells_and_the_real_graph_measured_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.run, "RESULTS_DIR", tmp_path)
    saved = {
        "sizes": [{"size": 10_000, "ops": {"load/oxigraph": {"seconds": 2.0}}}],
        "real": {"build/fast": {"seconds": 9.0}},
    }
    (tmp_path / "run.json").write_text(json.dumps(saved), encoding="utf-8")
    new = {
        "started": "2026-12-07T01:00:00",
        "sizes": [{"size": 10_000, "ops": {"load/oxigraph": {"seconds": 1.0}}}],
        "real": {"build/fast": {"seconds": 1.5}},
    }
    merged = bench.run._merge(new, "run")
    on_disk = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert on_disk == merged
    assert merged["sizes"][0]["ops"]["load/oxigraph"] == {"seconds": 1.0}
    assert merged["real"] == {"build/fast": {"seconds": 1.5}}
    notes = merged["notes"]
    assert [n.split(" re-measured")[0] for n in notes] == ["load/oxigraph at 10,000", "real graph"]
    assert all("2026-12-07T01:00:00" in n for n in notes)
