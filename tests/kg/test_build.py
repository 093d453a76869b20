"""The build: outputs, canonical files, atomic writes, the input-hash cache, stat cache."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import balkan_kg
from balkan_kg import build as build_module
from balkan_kg import reason as reason_module
from balkan_kg import statcache
from balkan_kg.rdfio.atomic import write_text_atomic
from balkan_kg.kg.build import OUTPUTS, build, current_build, current_outputs
from balkan_kg.errors import BuildError, InconsistencyError, ValidationError
from balkan_kg.layout import Layout

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


NT = ["merged.nt", "inferred.nt"]


def refuse(what: str) -> Callable[..., None]:
    def refused(*args: object) -> None:
        raise AssertionError(f"{what} {args}")

    return refused


@pytest.fixture
def vouched(mini: Layout, tmp_path: Path) -> Path:
    """A build of the mini project (which records in its stat cache that it is current)."""
    out = tmp_path / "out"
    build(out, layout=mini)
    return out


def fast_answer(out: Path, mini: Layout) -> list[str] | None:
    return statcache.vouched_outputs(
        str(out), "manifest.json", balkan_kg.__version__, True, str(mini.root), NT
    )


def test_after_a_build_its_stats_alone_tell_it_current(
    vouched: Path, mini: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "read_manifest", refuse("read the manifest"))
    monkeypatch.setattr(build_module, "_sha256", refuse("hashed"))
    expected = [str(vouched / name) for name in NT]
    assert current_outputs(vouched, True, NT, mini) == expected
    assert fast_answer(vouched, mini) == expected


def test_the_full_check_hashes_only_files_whose_stat_changed(
    vouched: Path, mini: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[str] = []
    real_sha256 = build_module._sha256
    monkeypatch.setattr(build_module, "_sha256", lambda p: hashed.append(p.name) or real_sha256(p))
    assert current_build(vouched, layout=mini) is not None
    assert hashed == []
    (mini.data_dir / "facts.ttl").touch()  # a new stat, the same content
    assert build(vouched, layout=mini).reused
    assert hashed == ["facts.ttl"]


@pytest.mark.parametrize(
    "change",
    [
        "append a fact",
        "add a data file",
        "remove an external file",
        "change a shape",
        "damage an output",
        "remove an output not read",
    ],
)
def test_a_change_is_not_vouched_for(vouched: Path, mini: Layout, change: str) -> None:
    if change == "append a fact":
        append(mini.data_dir / "facts.ttl", '\nbk:Albania rdfs:label "Shqip\u00ebria"@sq .\n')
    elif change == "add a data file":
        (mini.data_dir / "more.ttl").write_text(PREFIXES + 'bk:X rdfs:label "X" .\n')
    elif change == "remove an external file":
        (mini.external_dir / "wikidata.ttl").unlink()
    elif change == "change a shape":
        append(mini.shapes, "# touched\n")
    elif change == "damage an output":
        (vouched / "inferred.nt").write_text("")
    else:
        (vouched / "merged.jsonld").unlink()
    assert fast_answer(vouched, mini) is None
    assert current_outputs(vouched, True, NT, mini) is None
    assert not build(vouched, layout=mini).reused
    assert fast_answer(vouched, mini) is not None  # the new build, recorded


def test_a_rebuild_records_its_new_manifest(vouched: Path, mini: Layout) -> None:
    before = (vouched / statcache.CACHE_FILE).read_text()
    build(vouched, layout=mini, force=True)
    assert (vouched / statcache.CACHE_FILE).read_text() != before
    assert fast_answer(vouched, mini) is not None


def test_a_copied_build_directory_is_checked_again(vouched: Path, mini: Layout) -> None:
    copy = shutil.copytree(vouched, vouched.parent / "copy")  # same times, new inodes
    assert fast_answer(copy, mini) is None
    assert current_outputs(copy, True, NT, mini) == [str(copy / name) for name in NT]


def test_a_change_that_keeps_size_and_mtime_is_seen(vouched: Path, mini: Layout) -> None:
    facts = mini.data_dir / "facts.ttl"
    before = facts.stat()
    facts.write_text(facts.read_text().replace("Albania", "Albanie"))
    os.utime(facts, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert facts.stat().st_size == before.st_size
    assert fast_answer(vouched, mini) is None
    assert current_build(vouched, layout=mini) is None


def test_only_files_changed_before_the_check_began_are_recorded(tmp_path: Path) -> None:
    old, young = tmp_path / "old.txt", tmp_path / "young.txt"
    old.write_text("old")
    stats = statcache.StatCache(tmp_path, newer_than=old.stat().st_ctime_ns)
    young.write_text("young")  # in the same tick as the check's start, or later
    for path in (old, young):
        stats.digest(path, lambda p: "hash")
    assert set(stats.files) == {str(old)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt", "young.txt"]  # no probe


def test_without_a_probe_only_files_unchanged_for_a_while_are_recorded(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("old")
    stats = statcache.StatCache(tmp_path / "missing")  # no directory to make a probe in
    assert stats.probe is None
    stats.digest(tmp_path / "old.txt", lambda p: "hash")
    assert stats.files == {}  # written a moment ago: not RACY_NS old
