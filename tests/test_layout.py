"""Where the curated files are and where builds go (``balkan_kg.layout``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import balkan_kg
from balkan_kg import layout as layout_module
from balkan_kg.layout import (
    BUILD_DIR_ENV,
    Layout,
    checkout_root,
    default_build_dir,
    default_layout,
)

HEADER = "@prefix ex: <http://example.org/> .\n"
REPO = Path(__file__).resolve().parents[1]


def touch(path: Path, text: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(layout: Layout, paths: list[Path]) -> list[str]:
    return [p.relative_to(layout.root).as_posix() for p in paths]


def test_paths_are_under_the_root(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert layout.ontology == tmp_path / "ontology" / "balkan-kg.ttl"
    assert layout.shapes == tmp_path / "ontology" / "shapes.ttl"
    assert layout.checks_dir == tmp_path / "ontology" / "checks"
    assert layout.data_dir == tmp_path / "data"
    assert layout.external_dir == tmp_path / "data" / "external"
    assert layout.source_text == tmp_path / "data" / "source" / "report-excerpt.txt"
    assert layout.queries_dir == tmp_path / "queries"
    assert set(layout.curated_dirs) == {
        tmp_path / "ontology",
        tmp_path / "data",
        tmp_path / "queries",
    }


def test_a_layout_is_a_value(tmp_path: Path) -> None:
    assert Layout(tmp_path) == Layout(tmp_path)
    assert hash(Layout(tmp_path)) == hash(Layout(tmp_path))
    with pytest.raises(AttributeError):
        Layout(tmp_path).root = REPO  # type: ignore[misc]


def test_ontology_files_are_the_ontology_first_then_the_others_by_name_without_shapes(
    tmp_path: Path,
) -> None:
    layout = Layout(tmp_path)
    for name in ("shapes.ttl", "zz-schemes.ttl", "balkan-kg.ttl", "a-concepts.ttl"):
        touch(layout.ontology_dir / name)
    touch(layout.ontology_dir / "notes.txt", "not RDF")
    touch(layout.checks_dir / "c.ttl")  # in a subdirectory: not an ontology file
    assert names(layout, layout.ontology_files) == [
        "ontology/balkan-kg.ttl",
        "ontology/a-concepts.ttl",
        "ontology/zz-schemes.ttl",
    ]


def test_a_missing_ontology_is_still_listed_so_that_it_is_reported(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert layout.ontology_files == [layout.ontology]
    assert not layout.ontology.exists()


def test_data_files_are_the_text_data_then_the_external_each_sorted(mini: Layout) -> None:
    touch(mini.data_dir / "a-first.ttl")
    touch(mini.external_dir / "0-ext.ttl")
    touch(mini.data_dir / "readme.md", "not RDF")
    assert names(mini, mini.data_files()) == [
        "data/a-first.ttl",
        "data/facts.ttl",
        "data/external/0-ext.ttl",
        "data/external/wikidata.ttl",
    ]
    assert names(mini, mini.data_files(include_external=False)) == [
        "data/a-first.ttl",
        "data/facts.ttl",
    ]


def test_source_files_are_ontology_then_data_then_external(mini: Layout) -> None:
    touch(mini.data_dir / "a-first.ttl")
    touch(mini.external_dir / "0-ext.ttl")
    touch(mini.ontology_dir / "concepts.ttl")
    assert names(mini, mini.source_files()) == [
        "ontology/balkan-kg.ttl",
        "ontology/concepts.ttl",
        "data/a-first.ttl",
        "data/facts.ttl",
        "data/external/0-ext.ttl",
        "data/external/wikidata.ttl",
    ]
    assert names(mini, mini.source_files(include_external=False)) == [
        "ontology/balkan-kg.ttl",
        "ontology/concepts.ttl",
        "data/a-first.ttl",
        "data/facts.ttl",
    ]
    assert "ontology/shapes.ttl" not in names(mini, mini.source_files())


def test_check_files_are_the_rq_files_sorted(mini: Layout) -> None:
    touch(mini.checks_dir / "a-check.rq", "SELECT * {}")
    touch(mini.checks_dir / "notes.md", "no")
    assert names(mini, mini.check_files()) == [
        "ontology/checks/a-check.rq",
        "ontology/checks/no-self-membership.rq",
    ]
    assert Layout(mini.root / "nowhere").check_files() == []


def test_the_checkout_is_found_from_the_package() -> None:
    root = checkout_root()
    assert root == REPO
    assert (root / "ontology" / "balkan-kg.ttl").is_file()
    assert default_layout() == Layout(REPO)


def test_without_a_checkout_the_package_data_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout_module, "checkout_root", lambda: None)
    package = Path(layout_module.__file__).resolve().parent
    assert default_layout() == Layout(package / "resources")


def test_the_build_dir_is_the_environment_s_when_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUILD_DIR_ENV, f"  {tmp_path / 'b'}\n")
    assert default_build_dir() == tmp_path / "b"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_in_a_checkout_the_build_dir_is_build(
    value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(BUILD_DIR_ENV, raising=False)
    else:
        monkeypatch.setenv(BUILD_DIR_ENV, value)
    assert default_build_dir() == REPO / "build"


def test_an_installed_package_builds_into_a_per_version_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BUILD_DIR_ENV, raising=False)
    monkeypatch.setattr(layout_module, "checkout_root", lambda: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_build_dir() == tmp_path / "cache" / "balkan-kg" / balkan_kg.__version__
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_build_dir() == tmp_path / "home" / ".cache" / "balkan-kg" / (
        balkan_kg.__version__
    )
