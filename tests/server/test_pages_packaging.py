"""A wheel built from the repository carries what the pages need: templates, their
queries, the site's style and scripts and, when ``npm ci`` has installed it, the query
editor (see ``hatch_build.py``); without the editor the wheel is built all the same."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from balkan_kg.server.home import EDITOR_DIRS, find_editor
from servers import in_ci

ROOT = Path(__file__).resolve().parents[2]
SERVER = "balkan_kg/server/"
PAGES = [
    "templates/base.html",
    "templates/entity.html",
    "templates/home.html",
    "templates/source.html",
    "queries/describe.rq",
    "queries/source-spans.rq",
    "static/site/site.css",
    "static/site/home.js",
    "static/site/source.js",
]
EDITOR = [
    "static/yasgui/yasgui.min.js",
    "static/yasgui/yasgui.min.css",
    "static/yasgui/package.json",
]

pytest.importorskip("hatchling")


def build_wheel(root: Path, out: Path) -> tuple[set[str], str]:
    """The file names in a wheel hatchling builds from ``root``, and its messages."""
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "wheel", "--directory", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist()), done.stdout + done.stderr


def test_the_wheel_carries_the_pages_and_the_editor(tmp_path: Path) -> None:
    if find_editor() != EDITOR_DIRS[1]:
        message = "the query editor is not installed (npm ci in src/balkan_kg/server/static)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    names, _ = build_wheel(ROOT, tmp_path)
    assert {SERVER + name for name in PAGES + EDITOR} <= names
    assert not [n for n in names if "node_modules" in n]


def test_without_the_editor_the_wheel_is_built_all_the_same(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    copy.mkdir()
    ignore = shutil.ignore_patterns("node_modules", "__pycache__", ".venv", "build")
    for name in ("pyproject.toml", "hatch_build.py", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, copy / name)
    for folder in ("src", "ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    names, messages = build_wheel(copy, tmp_path / "dist")
    assert {SERVER + name for name in PAGES} <= names
    assert not [n for n in names if "yasgui" in n]
    assert "npm ci" in messages
