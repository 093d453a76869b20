"""The build: outputs, canonical files, atomic writes and the input-hash cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import balkan_kg
from balkan_kg import reason as reason_module
from balkan_kg.atomic import write_text_atomic
from balkan_kg.build import OUTPUTS, build
from balkan_kg.errors import BuildError, InconsistencyError, ValidationError
from balkan_kg.resources import Layout

PREFIXES = (
    "@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .\n"
    "@prefix bk: <https://w3id.org/balkan-kg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_build_writes_every_output_and_a_manifest(mini: Layout, tmp_path: Path) -> None:
    result = build(tmp_path / "out", layout=mini)
    assert not result.reused
    for name in (*OUTPUTS, "manifest.json"):
        assert (tmp_path / "out" / name).is_file(), name
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["package_version"] == balkan_kg.__version__
    assert manifest["include_external"] is True
    assert set(manifest["inputs"]) == {
        "ontology/balkan-kg.ttl",
        "ontology/shapes.ttl",
        "data/facts.ttl",
        "data/external/wikidata.ttl",
        "data/source/report-excerpt.txt",
    }
    assert manifest["triples"]["merged"] == len(Graph().parse(tmp_path / "out" / "merged.nt"))
    assert set(manifest["timings_seconds"]) >= {"parse", "validate", "reason", "write"}


def test_ntriples_are_sorted_and_formats_agree(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    for stem in ("merged", "inferred"):
        lines = (tmp_path / "out" / f"{stem}.nt").read_text().splitlines()
        assert lines == sorted(set(lines))
        reference = Graph().parse(tmp_path / "out" / f"{stem}.nt")
        for suffix in ("ttl", "jsonld"):
            other = Graph().parse(tmp_path / "out" / f"{stem}.{suffix}")
            assert isomorphic(reference, other), f"{stem}.{suffix}"


def test_jsonld_has_an_inline_context_from_the_prefix_map(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    document = json.loads((tmp_path / "out" / "merged.jsonld").read_text())
    assert document["@context"]["bk"] == "https://w3id.org/balkan-kg/id/"
    assert all(isinstance(v, str) for v in document["@context"].values())


def test_inferred_holds_only_new_triples_without_noise(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    text = (tmp_path / "out" / "inferred.nt").read_text()
    merged = (tmp_path / "out" / "merged.nt").read_text().splitlines()
    nato, member = "<https://w3id.org/balkan-kg/id/NATO>", "<https://w3id.org/balkan-kg/id/Albania>"
    assert f"{nato} <https://w3id.org/balkan-kg/ontology#hasMember> {member} ." in text
    assert not set(text.splitlines()) & set(merged)
    assert "owl#sameAs" not in text
    assert "owl#Thing" not in text
    assert not any(line.startswith(("_:", '"')) for line in text.splitlines())


def test_unchanged_inputs_reuse_the_cache_without_reasoning(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path / "out", layout=mini)
    stamps = {name: (tmp_path / "out" / name).stat().st_mtime_ns for name in OUTPUTS}

    def no_reasoning(graph: Graph) -> None:
        raise AssertionError("reasoning reran although no input changed")

    monkeypatch.setattr(reason_module, "reason", no_reasoning)
    again = build(tmp_path / "out", layout=mini)
    assert again.reused
    assert stamps == {name: (tmp_path / "out" / name).stat().st_mtime_ns for name in OUTPUTS}
    kg = balkan_kg.load(build_dir=tmp_path / "out", layout=mini)
    assert kg.query("members", org="bk:NATO").column("label") == ["Albania", "Montenegro"]


def test_a_changed_input_triggers_a_rebuild(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    append(
        mini.data_dir / "facts.ttl",
        '\nbk:NorthMacedonia a bkg:State ; rdfs:label "North Macedonia"@en ;'
        " bkg:memberOf bk:NATO .\n",
    )
    result = build(tmp_path / "out", layout=mini)
    assert not result.reused
    assert "NorthMacedonia" in (tmp_path / "out" / "inferred.nt").read_text()


def test_a_changed_shape_triggers_a_rebuild(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    append(mini.shapes, "# touched\n")
    assert not build(tmp_path / "out", layout=mini).reused
    assert build(tmp_path / "out", layout=mini).reused


def test_a_damaged_output_triggers_a_rebuild(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    (tmp_path / "out" / "inferred.nt").write_text("")
    assert not build(tmp_path / "out", layout=mini).reused
    assert (tmp_path / "out" / "inferred.nt").read_text()


def test_force_rebuilds(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    assert not build(tmp_path / "out", layout=mini, force=True).reused


def test_builds_with_and_without_external_facts_are_kept_apart(
    mini: Layout, tmp_path: Path
) -> None:
    full = build(tmp_path / "out", layout=mini)
    text_only = build(tmp_path / "out", include_external=False, layout=mini)
    assert text_only.out_dir == tmp_path / "out" / "text-only"
    assert "Montenegro" in (full.out_dir / "merged.nt").read_text()
    assert "Montenegro" not in (text_only.out_dir / "merged.nt").read_text()
    assert build(tmp_path / "out", layout=mini).reused
    kg = balkan_kg.load(include_external=False, build_dir=tmp_path / "out", layout=mini)
    assert kg.query("members", org="bk:NATO").column("label") == ["Albania"]


def test_non_conforming_data_fails_and_writes_nothing(mini: Layout, tmp_path: Path) -> None:
    append(mini.data_dir / "facts.ttl", "\nbk:Kosovo a bkg:State .\n")
    with pytest.raises(ValidationError) as caught:
        build(tmp_path / "out", layout=mini)
    assert "Violation: bk:Kosovo rdfs:label: every actor needs a label" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_inconsistent_data_fails_the_build(mini: Layout, tmp_path: Path) -> None:
    # bkg:memberOf has range bkg:Organisation, disjoint with bkg:State.
    append(
        mini.data_dir / "facts.ttl",
        '\nbk:Serbia a bkg:State ; rdfs:label "Serbia"@en .\nbk:Albania bkg:memberOf bk:Serbia .\n',
    )
    with pytest.raises(InconsistencyError) as caught:
        build(tmp_path / "out", layout=mini)
    assert caught.value.messages == [
        "bk:Serbia is a member of disjoint classes bkg:Organisation and bkg:State"
    ]


def test_build_refuses_to_write_among_curated_files(mini: Layout) -> None:
    with pytest.raises(BuildError, match="curated"):
        build(mini.data_dir / "build", layout=mini)


def test_atomic_write_replaces_whole_files_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomic(target, "old")
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_atomic_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    write_text_atomic(target, "old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_build_never_writes_outside_its_directory(mini: Layout, tmp_path: Path) -> None:
    before = {p for p in tmp_path.rglob("*")}
    build(tmp_path / "out", layout=mini)
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(tmp_path / "out" in (p, *p.parents) for p in created)


def needs_project_file(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path.name} does not exist in the project yet")


def test_the_project_builds(real_layout: Layout, tmp_path: Path) -> None:
    needs_project_file(real_layout.shapes)
    result = build(tmp_path / "out", layout=real_layout)
    assert result.manifest["triples"]["merged"] > 0
    assert result.manifest["triples"]["inferred"] > 0


def test_project_provenance_quotes_the_source_text(real_layout: Layout, tmp_path: Path) -> None:
    needs_project_file(real_layout.shapes)
    needs_project_file(real_layout.queries_dir / "provenance.rq")
    kg = balkan_kg.load(build_dir=tmp_path / "out", layout=real_layout)
    records = kg.provenance("bk:Albania")
    assert records, "no provenance for bk:Albania"
    text = real_layout.source_text.read_text(encoding="utf-8")
    for record in records:
        assert record.sentence_text
        if record.quote is not None and record.begin is not None and record.end is not None:
            assert text[record.begin : record.end] == record.quote
