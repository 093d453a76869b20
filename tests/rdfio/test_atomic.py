"""Atomic writes (``balkan_kg.rdfio.atomic``): the old file or the new one, never a part."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from balkan_kg.rdfio import atomic
from balkan_kg.rdfio.atomic import write_bytes_atomic, write_text_atomic


def test_atomic_write_replaces_whole_files_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert write_text_atomic(target, "old") == target
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_text_is_written_as_utf8_bytes_as_given(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomic(target, "Shqipëria\r\nline\n")
    assert target.read_bytes() == "Shqipëria\r\nline\n".encode()
    write_bytes_atomic(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"


def test_missing_parent_directories_are_made(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.nt"
    write_text_atomic(str(target), "x")
    assert target.read_text() == "x"


def test_the_file_is_readable_by_everyone(tmp_path: Path) -> None:
    # mkstemp makes its file 0600; a published build file must not stay that way.
    target = tmp_path / "out.txt"
    write_text_atomic(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failed_atomic_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "out.txt"
    write_text_atomic(target, "old")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, step, broken)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(tmp_path / "out.txt", "new")
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_is_in_the_target_s_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.replace is atomic only within one file system: the temporary file must be a
    # sibling of the target.
    seen: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(src: str, dst: str | Path) -> None:
        seen.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    write_text_atomic(tmp_path / "sub" / "out.txt", "x")
    [(src, dst)] = seen
    assert src.parent == dst.parent == tmp_path / "sub"
    assert src.name.startswith(".out.txt.") and src.name.endswith(".tmp")
