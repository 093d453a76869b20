"""The build (``balkan_kg.kg.build``): outputs, the input-hash check, atomic writes, safety.

A build is reused only while its manifest matches the inputs (by SHA-256), the package
version, the ``include_external`` flag and the outputs; any change makes the next build
redo the work. Outputs are written atomically and the manifest last. A build directory
among the curated files, in the package source, at the project root, in ``/proc`` or
``/dev``, or that is a file, is refused with a :class:`BuildError`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import balkan_kg
from balkan_kg.errors import BuildError, InconsistencyError, InputError, ValidationError
from balkan_kg.kg import build as build_module
from balkan_kg.kg import reason as reason_module
from balkan_kg.kg.build import (
    MANIFEST,
    OUTPUTS,
    QUERY_FILES,
    build,
    check_build_dir,
    current_build,
    read_manifest,
)
from balkan_kg.kg.publish import ARTIFACTS, Artifact, Material
from balkan_kg.layout import Layout
from balkan_kg.rdfio import atomic

PREFIXES = (
    "@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .\n"
    "@prefix bk: <https://w3id.org/balkan-kg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
PACKAGE = Path(build_module.__file__).resolve().parents[1]
ARTIFACT_NAMES = [artifact.name for artifact in ARTIFACTS]


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------
# Outputs and manifest
# ---------------------------------------------------------------------------------------


def test_build_writes_every_output_and_a_manifest(mini: Layout, tmp_path: Path) -> None:
    result = build(tmp_path / "out", layout=mini)
    assert not result.reused
    assert result.out_dir == tmp_path / "out"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*OUTPUTS, *ARTIFACT_NAMES, MANIFEST]
    )
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest == result.manifest
    assert manifest["package_version"] == balkan_kg.__version__
    assert manifest["include_external"] is True
    assert manifest["inputs"] == {
        name: sha256(mini.root / name)
        for name in (
            "ontology/balkan-kg.ttl",
            "ontology/shapes.ttl",
            "data/facts.ttl",
            "data/external/wikidata.ttl",
            "data/source/report-excerpt.txt",
        )
    }
    for name in OUTPUTS:
        assert manifest["outputs"][name]["sha256"] == sha256(tmp_path / "out" / name), name
    merged = Graph().parse(tmp_path / "out" / "merged.nt")
    inferred = Graph().parse(tmp_path / "out" / "inferred.nt")
    assert manifest["triples"]["merged"] == len(merged)
    assert manifest["triples"]["inferred"] == len(inferred)
    assert manifest["outputs"]["merged.ttl"]["triples"] == len(merged)
    assert manifest["outputs"]["inferred.jsonld"]["triples"] == len(inferred)
    assert set(manifest["timings_seconds"]) >= {"parse", "validate", "reason", "write"}
    assert manifest["engines"]["reasoner"] in ("fast", "owlrl")
    assert manifest["warnings"] == []


def test_query_files_are_the_asserted_then_the_inferred_triples(
    mini: Layout, tmp_path: Path
) -> None:
    result = build(tmp_path / "out", layout=mini)
    assert QUERY_FILES == ("merged.nt", "inferred.nt")
    assert result.query_files() == [
        tmp_path / "out" / "merged.nt",
        tmp_path / "out" / "inferred.nt",
    ]
    assert result.query_files(reasoning=False) == [tmp_path / "out" / "merged.nt"]
    assert result.path("merged.ttl") == tmp_path / "out" / "merged.ttl"


def test_ntriples_are_sorted_and_formats_agree(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    for stem in ("merged", "inferred"):
        lines = (tmp_path / "out" / f"{stem}.nt").read_text().splitlines()
        assert lines == sorted(set(lines))
        reference = Graph().parse(tmp_path / "out" / f"{stem}.nt")
        for suffix in ("ttl", "jsonld"):
            other = Graph().parse(tmp_path / "out" / f"{stem}.{suffix}")
            assert isomorphic(reference, other), f"{stem}.{suffix}"


def test_merged_holds_the_ontology_and_the_data(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    merged = Graph().parse(tmp_path / "out" / "merged.nt")
    expected = Graph()
    for path in mini.source_files():
        expected.parse(path)
    assert isomorphic(merged, expected)


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


def test_outputs_depend_only_on_the_inputs(mini: Layout, tmp_path: Path) -> None:
    first = build(tmp_path / "one", layout=mini)
    second = build(tmp_path / "two", layout=mini)
    for name in OUTPUTS:
        assert (first.out_dir / name).read_bytes() == (second.out_dir / name).read_bytes(), name


def describe(material: Material) -> str:
    """A stand-in artifact: the number of triples of each graph."""
    return f"{len(material.merged)} asserted, {len(material.inferred)} inferred\n"


def test_an_artifact_is_written_hashed_and_checked_like_an_output(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        build_module, "ARTIFACTS", [Artifact("counts.txt", f"{describe.__module__}:describe")]
    )
    out = tmp_path / "out"
    result = build(out, layout=mini)
    merged = len((out / "merged.nt").read_text().splitlines())
    inferred = len((out / "inferred.nt").read_text().splitlines())
    assert (out / "counts.txt").read_text() == f"{merged} asserted, {inferred} inferred\n"
    assert result.manifest["outputs"]["counts.txt"] == {"sha256": sha256(out / "counts.txt")}
    assert build(out, layout=mini).reused
    (out / "counts.txt").write_text("changed\n")
    assert not build(out, layout=mini).reused
    assert build(out, layout=mini).reused
    (out / "counts.txt").unlink()
    assert current_build(out, layout=mini) is None


# ---------------------------------------------------------------------------------------
# Reuse and rebuild
# ---------------------------------------------------------------------------------------


def test_unchanged_inputs_reuse_the_build_without_reasoning(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path / "out", layout=mini)
    stamps = {name: (tmp_path / "out" / name).stat().st_mtime_ns for name in OUTPUTS}

    def no_reasoning(*args: object, **kwargs: object) -> None:
        raise AssertionError("reasoning reran although no input changed")

    monkeypatch.setattr(reason_module, "reason", no_reasoning)
    again = build(tmp_path / "out", layout=mini)
    assert again.reused
    assert again.manifest == read_manifest(tmp_path / "out")
    assert stamps == {name: (tmp_path / "out" / name).stat().st_mtime_ns for name in OUTPUTS}
    assert current_build(tmp_path / "out", layout=mini) is not None
    with balkan_kg.load(build_dir=tmp_path / "out", layout=mini) as kg:
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


def edit_manifest(out: Path, change: Callable[[dict[str, object]], None]) -> None:
    manifest = json.loads((out / MANIFEST).read_text())
    change(manifest)
    (out / MANIFEST).write_text(json.dumps(manifest))


CHANGES: dict[str, Callable[[Layout, Path], None]] = {
    "append a fact": lambda mini, out: append(
        mini.data_dir / "facts.ttl", '\nbk:Albania rdfs:label "Shqip\u00ebria"@sq .\n'
    ),
    "same size and time, other bytes": lambda mini, out: same_stat_other_bytes(
        mini.data_dir / "facts.ttl"
    ),
    "add a data file": lambda mini, out: (mini.data_dir / "more.ttl").write_text(
        PREFIXES + 'bk:X rdfs:label "X" .\n'
    ),
    "add an ontology file": lambda mini, out: (mini.ontology_dir / "concepts.ttl").write_text(
        PREFIXES + 'bkg:Actor rdfs:comment "an actor" .\n'
    ),
    "remove an external file": lambda mini, out: (mini.external_dir / "wikidata.ttl").unlink(),
    "change a shape": lambda mini, out: append(mini.shapes, "# touched\n"),
    "change the ontology": lambda mini, out: append(mini.ontology, "# touched\n"),
    "change the source text": lambda mini, out: append(mini.source_text, "More.\n"),
    "damage an output": lambda mini, out: (out / "inferred.nt").write_text(""),
    "remove an output not read by queries": lambda mini, out: (out / "merged.jsonld").unlink(),
    "remove the manifest": lambda mini, out: (out / MANIFEST).unlink(),
    "spoil the manifest": lambda mini, out: (out / MANIFEST).write_text("{"),
    "another package version": lambda mini, out: edit_manifest(
        out, lambda m: m.update(package_version="0.0.0")
    ),
    "another manifest format": lambda mini, out: edit_manifest(out, lambda m: m.update(format=1)),
    "the other external flag": lambda mini, out: edit_manifest(
        out, lambda m: m.update(include_external=False)
    ),
    "an output missing from the manifest": lambda mini, out: edit_manifest(
        out,
        lambda m: m["outputs"].pop("merged.ttl"),  # type: ignore[attr-defined]
    ),
}


def same_stat_other_bytes(path: Path) -> None:
    """Change ``path`` keeping its size and modification time (a check by stat misses it)."""
    before = path.stat()
    path.write_text(path.read_text().replace("Albania", "Albanie"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_any_change_makes_the_build_stale(mini: Layout, tmp_path: Path, change: str) -> None:
    out = tmp_path / "out"
    build(out, layout=mini)
    CHANGES[change](mini, out)
    assert current_build(out, layout=mini) is None
    assert not build(out, layout=mini).reused
    assert current_build(out, layout=mini) is not None  # the new build, current
    assert build(out, layout=mini).reused


def test_force_rebuilds(mini: Layout, tmp_path: Path) -> None:
    build(tmp_path / "out", layout=mini)
    assert not build(tmp_path / "out", layout=mini, force=True).reused


def test_builds_with_and_without_external_facts_are_kept_apart(
    mini: Layout, tmp_path: Path
) -> None:
    full = build(tmp_path / "out", layout=mini)
    text_only = build(tmp_path / "out", include_external=False, layout=mini)
    assert text_only.out_dir == tmp_path / "out" / "text-only"
    assert "data/external/wikidata.ttl" not in text_only.manifest["inputs"]
    assert text_only.manifest["include_external"] is False
    assert "Montenegro" in (full.out_dir / "merged.nt").read_text()
    assert "Montenegro" not in (text_only.out_dir / "merged.nt").read_text()
    assert build(tmp_path / "out", layout=mini).reused
    assert build(tmp_path / "out", include_external=False, layout=mini).reused
    with balkan_kg.load(include_external=False, build_dir=tmp_path / "out", layout=mini) as kg:
        assert kg.query("members", org="bk:NATO").column("label") == ["Albania"]


def test_the_default_build_dir_comes_from_the_environment(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BALKAN_KG_BUILD_DIR", str(tmp_path / "env"))
    result = build(layout=mini)
    assert result.out_dir == tmp_path / "env"
    assert (tmp_path / "env" / MANIFEST).is_file()


# ---------------------------------------------------------------------------------------
# current_build hashes only what it is asked
# ---------------------------------------------------------------------------------------


@pytest.fixture
def built(mini: Layout, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(out, layout=mini)
    return out


def record_hashing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    hashed: list[str] = []
    real = build_module._sha256

    def recording(path: Path) -> str:
        hashed.append(path.name)
        return real(path)

    monkeypatch.setattr(build_module, "_sha256", recording)
    return hashed


INPUT_NAMES = ["balkan-kg.ttl", "facts.ttl", "wikidata.ttl", "shapes.ttl", "report-excerpt.txt"]


@pytest.mark.parametrize(
    "outputs",
    [None, ["merged.nt"], [], ["merged.jsonld", "inferred.ttl"]],
    ids=["default", "merged.nt", "none", "two others"],
)
def test_current_build_hashes_the_inputs_and_only_the_outputs_named(
    built: Path, mini: Layout, monkeypatch: pytest.MonkeyPatch, outputs: list[str] | None
) -> None:
    hashed = record_hashing(monkeypatch)
    if outputs is None:
        result = current_build(built, layout=mini)
        named = list(QUERY_FILES)
    else:
        result = current_build(built, layout=mini, outputs=outputs)
        named = outputs
    assert result is not None and result.reused
    assert sorted(hashed) == sorted([*INPUT_NAMES, *named])


def test_current_build_does_not_see_damage_to_an_output_it_was_not_asked_about(
    built: Path, mini: Layout
) -> None:
    (built / "merged.jsonld").write_text("{}")
    assert current_build(built, layout=mini) is not None  # only the query files are hashed
    assert current_build(built, layout=mini, outputs=["merged.jsonld"]) is None
    assert not build(built, layout=mini).reused  # a build checks every output


def test_current_build_is_none_without_a_build(mini: Layout, tmp_path: Path) -> None:
    assert current_build(tmp_path / "nothing", layout=mini) is None
    assert not (tmp_path / "nothing").exists()


def test_current_build_reports_a_missing_input(built: Path, mini: Layout) -> None:
    mini.shapes.unlink()
    with pytest.raises(InputError, match="file not found") as caught:
        current_build(built, layout=mini)
    assert caught.value.path == mini.shapes


def test_current_build_imports_no_rdf_library(built: Path, mini: Layout) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from balkan_kg.kg.build import current_build\n"
        "from balkan_kg.layout import Layout\n"
        f"result = current_build(Path({str(built)!r}), layout=Layout(Path({str(mini.root)!r})))\n"
        "heavy = {'rdflib', 'pyoxigraph', 'pyshacl', 'pyshacl_turbo', 'owlrl'}\n"
        "print(result is not None, sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "True []"


# ---------------------------------------------------------------------------------------
# Atomic writes, the manifest last, nothing on failure
# ---------------------------------------------------------------------------------------


def test_every_file_is_written_atomically_and_the_manifest_last(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    real = atomic.write_text_atomic

    def recording(path: str | Path, text: str) -> Path:
        written.append(Path(path).name)
        return real(path, text)

    monkeypatch.setattr(atomic, "write_text_atomic", recording)
    build(tmp_path / "out", layout=mini)
    assert sorted(written) == sorted([*OUTPUTS, *ARTIFACT_NAMES, MANIFEST])
    assert written[-1] == MANIFEST
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_build_is_redone(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(out, layout=mini)
    old_manifest = (out / MANIFEST).read_text()
    append(mini.data_dir / "facts.ttl", '\nbk:NATO rdfs:comment "changed" .\n')
    real = atomic.write_text_atomic
    written: list[str] = []

    def failing(path: str | Path, text: str) -> Path:
        if len(written) == 2:
            raise OSError("disk full")
        written.append(Path(path).name)
        return real(path, text)

    monkeypatch.setattr(atomic, "write_text_atomic", failing)
    with pytest.raises(OSError, match="disk full"):
        build(out, layout=mini)
    monkeypatch.setattr(atomic, "write_text_atomic", real)
    assert len(written) == 2 and MANIFEST not in written
    assert (out / MANIFEST).read_text() == old_manifest  # the old build's manifest
    assert current_build(out, layout=mini) is None  # ... which no longer matches
    result = build(out, layout=mini)
    assert not result.reused
    assert '"changed"' in (out / "merged.nt").read_text()


def test_an_interrupted_first_build_leaves_no_manifest(
    mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = atomic.write_text_atomic

    def failing(path: str | Path, text: str) -> Path:
        if Path(path).name == "inferred.nt":
            raise KeyboardInterrupt
        return real(path, text)

    monkeypatch.setattr(atomic, "write_text_atomic", failing)
    with pytest.raises(KeyboardInterrupt):
        build(tmp_path / "out", layout=mini)
    assert not (tmp_path / "out" / MANIFEST).exists()
    monkeypatch.setattr(atomic, "write_text_atomic", real)
    assert current_build(tmp_path / "out", layout=mini) is None
    assert not build(tmp_path / "out", layout=mini).reused


def test_non_conforming_data_fails_and_writes_nothing(mini: Layout, tmp_path: Path) -> None:
    append(mini.data_dir / "facts.ttl", "\nbk:Kosovo a bkg:State .\n")
    with pytest.raises(ValidationError) as caught:
        build(tmp_path / "out", layout=mini)
    assert "Violation: bk:Kosovo rdfs:label: every actor needs a label" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_inconsistent_data_fails_the_build_and_writes_nothing(mini: Layout, tmp_path: Path) -> None:
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
    assert not (tmp_path / "out").exists()


def test_a_malformed_input_fails_the_build_naming_file_line_and_column(
    mini: Layout, tmp_path: Path
) -> None:
    facts = mini.data_dir / "facts.ttl"
    lines = facts.read_text().count("\n")
    append(facts, "bk:x bkg:y .\n")  # the object is missing where "." stands, column 12
    with pytest.raises(InputError) as caught:
        build(tmp_path / "out", layout=mini)
    assert (caught.value.path, caught.value.line, caught.value.column) == (facts, lines + 1, 12)
    assert not (tmp_path / "out").exists()


def test_build_never_writes_outside_its_directory(mini: Layout, tmp_path: Path) -> None:
    before = set(tmp_path.rglob("*"))
    build(tmp_path / "out", layout=mini)
    created = set(tmp_path.rglob("*")) - before
    assert created and all(tmp_path / "out" in (p, *p.parents) for p in created)


# ---------------------------------------------------------------------------------------
# Where a build may not go
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("place", ["ontology", "data", "queries", "data/external/sub"])
def test_build_refuses_to_write_among_curated_files(mini: Layout, place: str) -> None:
    target = mini.root / place / "build"
    with pytest.raises(BuildError, match="refusing to build into") as caught:
        build(target, layout=mini)
    curated = (mini.root / place.split("/")[0]).resolve()
    assert f"it is inside {curated}" in str(caught.value)
    assert not target.exists()


def test_a_link_into_curated_files_is_refused(mini: Layout, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(mini.data_dir, target_is_directory=True)
    with pytest.raises(BuildError, match="refusing to build into"):
        check_build_dir(link / "build", mini)


def unsafe_places(mini: Layout, tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    return {
        "/proc/self": Path("/proc/self"),
        "/proc/self/fd": Path("/proc/self/fd"),
        "/dev/null": Path("/dev/null"),
        "/sys": Path("/sys"),
        "the package source": PACKAGE,
        "inside the package source": PACKAGE / "kg" / "out",
        "the project root": mini.root,
        "above the project root": mini.root.parent,
        "the file system's root": Path("/"),
        "/etc": Path("/etc"),
        "inside /usr": Path("/usr/lib/balkan-kg"),
        "a file": a_file,
        "below a file": a_file / "out",
    }


PLACES = [
    "above the project root",
    "the file system's root",
    "/etc",
    "inside /usr",
    "/proc/self",
    "/proc/self/fd",
    "/dev/null",
    "/sys",
    "the package source",
    "inside the package source",
    "the project root",
    "a file",
    "below a file",
]


@pytest.mark.parametrize("place", PLACES)
def test_check_build_dir_refuses_unsafe_places(mini: Layout, tmp_path: Path, place: str) -> None:
    target = unsafe_places(mini, tmp_path)[place]
    with pytest.raises(BuildError) as caught:
        check_build_dir(target, mini)
    message = str(caught.value)
    assert str(target) in message and "\n" not in message
    for call in (
        lambda: build(target, layout=mini),
        lambda: current_build(target, layout=mini),
    ):
        with pytest.raises(BuildError):
            call()


def test_the_real_project_root_and_package_are_refused(real_layout: Layout) -> None:
    for target in (real_layout.root, PACKAGE, real_layout.data_dir / "build"):
        with pytest.raises(BuildError):
            check_build_dir(target, real_layout)


def test_check_build_dir_accepts_a_new_or_existing_directory(mini: Layout, tmp_path: Path) -> None:
    check_build_dir(tmp_path / "new" / "deeper", mini)
    (tmp_path / "existing").mkdir()
    check_build_dir(tmp_path / "existing", mini)
    check_build_dir(mini.root / "build", mini)  # build/ next to the curated directories


def test_the_message_says_why(mini: Layout, tmp_path: Path) -> None:
    places = unsafe_places(mini, tmp_path)

    def message(place: str) -> str:
        with pytest.raises(BuildError) as caught:
            check_build_dir(places[place], mini)
        return str(caught.value)

    assert "/dev belongs to the system" in message("/dev/null")
    assert "/proc belongs to the system" in message("/proc/self")
    assert "it holds the project" in message("the project root")
    assert "it is not a directory" in message("a file")
    assert f"it is inside {PACKAGE}" in message("inside the package source")


# ---------------------------------------------------------------------------------------
# The project itself
# ---------------------------------------------------------------------------------------


def needs_project_file(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path.name} does not exist in the project yet")


@pytest.fixture(scope="module")
def project_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the real project with the default (fast) engines."""
    from balkan_kg.layout import checkout_root

    root = checkout_root()
    if root is None:
        pytest.skip("needs the checkout's curated files")
    out = tmp_path_factory.mktemp("project-build")
    result = build(out, layout=Layout(root), force=True)
    assert result.manifest["engines"] == {
        "validator": "fast",
        "reasoner": "fast",
        "reasoner_fallback": None,
    }
    return result.out_dir


def test_the_project_builds(project_build: Path) -> None:
    manifest = read_manifest(project_build)
    assert manifest is not None
    assert manifest["triples"]["merged"] > 0
    assert manifest["triples"]["inferred"] > 0


def test_the_fast_build_writes_the_same_bytes_as_the_reference_build(
    project_build: Path, real_layout: Layout, tmp_path: Path
) -> None:
    reference = build(
        tmp_path, force=True, reasoner="owlrl", validator="pyshacl", layout=real_layout
    )
    assert reference.manifest["engines"]["reasoner"] == "owlrl"
    assert reference.manifest["engines"]["validator"] == "pyshacl"
    for name in OUTPUTS:
        assert (project_build / name).read_bytes() == (reference.out_dir / name).read_bytes(), name


def test_project_provenance_quotes_the_source_text(
    real_layout: Layout, project_build: Path
) -> None:
    needs_project_file(real_layout.queries_dir / "provenance.rq")
    with balkan_kg.load(build_dir=project_build, layout=real_layout) as kg:
        records = kg.provenance("bk:Albania")
    assert records, "no provenance for bk:Albania"
    text = real_layout.source_text.read_text(encoding="utf-8")
    for record in records:
        assert record.sentence_text
        if record.quote is not None and record.begin is not None and record.end is not None:
            assert text[record.begin : record.end] == record.quote
