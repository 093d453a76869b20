"""The build: parse, validate, reason, and write the published files.

The quality checks of ``ontology/checks/`` are not part of the build (they judge the
curation, not whether the graph can be published); ``balkan-kg validate`` runs them.

Build directory
---------------
A build writes into one directory (default :func:`~balkan_kg.layout.default_build_dir`,
``build/`` in a checkout). Builds that leave out the external facts go to its
``text-only/`` subdirectory, so the two never overwrite each other. Each holds
``merged.{ttl,nt,jsonld}`` (ontology plus asserted facts), ``inferred.{ttl,nt,jsonld}``
(only what OWL 2 RL reasoning added, see :mod:`balkan_kg.kg.reason`), the artifacts of
:mod:`balkan_kg.kg.publish` (descriptions and pictures made from them) and
``manifest.json``.

The manifest records the SHA-256 of every input (ontology, data, external data when
included, shapes, the source text), the package version, the ``include_external``
flag, the SHA-256 and triple count of every output, and timings. A build whose manifest
matches the current inputs, version, flag and outputs is reused unless ``force`` is
true, so queries never rerun reasoning unless an input changed. Every file is written
atomically and the manifest last, so an interrupted build is simply redone; nothing is
written unless validation and reasoning succeeded.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._version import __version__
from ..errors import BuildError, InconsistencyError, InputError, SpanError, ValidationError
from ..layout import Layout, default_build_dir, default_layout
from .publish import ARTIFACTS, Material

if TYPE_CHECKING:
    from rdflib import Graph

MANIFEST: Final = "manifest.json"
TEXT_ONLY_DIR: Final = "text-only"
MANIFEST_FORMAT: Final = 2
OUTPUTS: Final = tuple(
    f"{graph}.{suffix}" for graph in ("merged", "inferred") for suffix in ("ttl", "nt", "jsonld")
)
QUERY_FILES: Final = ("merged.nt", "inferred.nt")
"""The outputs a query engine loads: asserted triples, then (with reasoning) inferred."""


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` did. ``reused`` is true when the existing outputs were kept."""

    out_dir: Path
    include_external: bool
    reused: bool
    manifest: dict[str, Any] = field(default_factory=dict, compare=False)

    def path(self, name: str) -> Path:
        """The path of an output file, e.g. ``result.path("merged.nt")``."""
        return self.out_dir / name

    def query_files(self, reasoning: bool = True) -> list[Path]:
        """The files a query engine loads: ``merged.nt`` and, with reasoning, ``inferred.nt``."""
        return [self.path(name) for name in (QUERY_FILES if reasoning else QUERY_FILES[:1])]


def build_dir_for(out_dir: str | Path | None, include_external: bool) -> Path:
    """The directory a build writes to: ``out_dir`` (or the default), or its ``text-only/``."""
    root = Path(out_dir) if out_dir is not None else default_build_dir()
    return root if include_external else root / TEXT_ONLY_DIR


def input_files(layout: Layout, include_external: bool) -> list[Path]:
    """Every file whose content the build depends on, in a fixed order."""
    files = layout.source_files(include_external)
    files.append(layout.shapes)
    if layout.source_text.is_file():
        files.append(layout.source_text)
    return files


def build(
    out_dir: str | Path | None = None,
    include_external: bool = True,
    force: bool = False,
    layout: Layout | None = None,
    reasoner: str = "fast",
    validator: str = "fast",
) -> BuildResult:
    """Build the knowledge graph into ``out_dir`` (see the module docstring).

    ``reasoner`` (``"fast"`` or ``"owlrl"``, see :mod:`balkan_kg.kg.reason`) and
    ``validator`` (``"fast"`` or ``"pyshacl"``, see :mod:`balkan_kg.kg.validate`) choose
    the engines; both pairs give the same outputs, so the choice is recorded in the
    manifest but does not make an existing build stale (use ``force`` to rerun).

    :raises InputError: for an unreadable or malformed input.
    :raises ValidationError: if the data does not conform to the shapes.
    :raises InconsistencyError: if reasoning finds an inconsistency.
    :raises BuildError: if ``out_dir`` lies inside curated files or is not a directory
        a build can own.
    """
    from ..rdfio.atomic import write_text_atomic
    from ..rdfio.bridge import new_graph, oxigraph_triples
    from ..rdfio.parse import parse_files
    from ..rdfio.serialize import canonical, to_jsonld, to_ntriples, to_turtle
    from .reason import reason
    from .validate import validate

    layout = layout or default_layout()
    target = build_dir_for(out_dir, include_external)
    check_build_dir(target, layout)
    inputs = _input_hashes(layout, include_external)
    if not force:
        every = (*OUTPUTS, *(artifact.name for artifact in ARTIFACTS))  # all are hashed
        current = _current_manifest(target, inputs, include_external, every)
        if current is not None:
            return BuildResult(target, include_external, reused=True, manifest=current)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 4)
        clock = now

    ontology = parse_files(layout.ontology_files)
    data = parse_files(layout.data_files(include_external))
    shapes = parse_files([layout.shapes])
    merged = new_graph()
    merged += ontology
    merged += data
    lap("parse")

    check_source(data, layout)
    report = validate(data, shapes=shapes, ontology=ontology, layout=layout, validator=validator)
    if not report.conforms:
        raise ValidationError(report)
    lap("validate")

    reasoning = reason(merged, reasoner)
    if reasoning.inconsistencies:
        raise InconsistencyError(reasoning.inconsistencies)
    lap("reason")

    graphs = {
        "merged": canonical(oxigraph_triples(merged)),
        "inferred": canonical(oxigraph_triples(reasoning.inferred)),
    }
    writers = {"ttl": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}
    texts = {name: writers[name.split(".")[1]](graphs[name.split(".")[0]]) for name in OUTPUTS}
    material = Material(layout, graphs["merged"], graphs["inferred"], include_external)
    for artifact in ARTIFACTS:
        texts[artifact.name] = artifact.make(material)
    lap("serialize")
    for name, text in texts.items():
        write_text_atomic(target / name, text)
    lap("write")

    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "package_version": __version__,
        "include_external": include_external,
        "inputs": inputs,
        "outputs": {
            name: {
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                **({"triples": len(graphs[name.split(".")[0]])} if name in OUTPUTS else {}),
            }
            for name, text in texts.items()
        },
        "triples": {
            "ontology": len(ontology),
            "data": len(data),
            "merged": len(graphs["merged"]),
            "inferred": len(graphs["inferred"]),
        },
        "warnings": [r.message for r in report.results if r.severity != "Violation"],
        "engines": {
            "validator": report.validator,
            "reasoner": reasoning.reasoner,
            "reasoner_fallback": reasoning.fallback,
        },
        "timings_seconds": timings,
    }
    write_text_atomic(target / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return BuildResult(target, include_external, reused=False, manifest=manifest)


def check_source(data: Graph, layout: Layout) -> None:
    """Check every span of ``data`` against the source text file of ``layout``.

    :raises SpanError: naming each span that disagrees (module :mod:`.spans`).
    :raises InputError: if the source text file cannot be read.
    """
    from .spans import check_spans

    if not layout.source_text.is_file():
        return
    try:
        text = layout.source_text.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(layout.source_text, None, f"cannot read the source text: {exc}") from None
    problems = check_spans(data, text)
    if problems:
        raise SpanError(problems)


def current_build(
    out_dir: str | Path | None = None,
    include_external: bool = True,
    layout: Layout | None = None,
    outputs: Iterable[str] = QUERY_FILES,
) -> BuildResult | None:
    """The build that :func:`build` would reuse, or ``None`` if it would rebuild.

    Hashes the inputs and, of the outputs, those named in ``outputs`` (a reader of
    ``merged.nt`` need not hash the JSON-LD); the others need only exist. Imports no
    RDF library.

    :raises InputError: for a missing or unreadable input.
    :raises BuildError: as :func:`build` does for an unusable build directory.
    """
    layout = layout or default_layout()
    target = build_dir_for(out_dir, include_external)
    check_build_dir(target, layout)
    inputs = _input_hashes(layout, include_external)
    manifest = _current_manifest(target, inputs, include_external, tuple(outputs))
    if manifest is None:
        return None
    return BuildResult(target, include_external, reused=True, manifest=manifest)


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest in ``out_dir``, or ``None`` if it is missing or unreadable."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


SYSTEM_DIRS: Final = ("/proc", "/sys", "/dev", "/etc", "/usr", "/bin", "/sbin", "/lib", "/boot")
"""Directories of the operating system, which no build may write into."""


def check_build_dir(target: Path, layout: Layout) -> None:
    """Refuse a build directory that a build must not own.

    :raises BuildError: if ``target`` is (inside) a curated directory, the package's own
        source, a directory of the operating system (``/proc``, ``/dev``, ``/etc``,
        ...), the root ``/``, the project root or a directory above it, or exists and
        is not a directory.
    """
    resolved = target.resolve()
    package = Path(__file__).resolve().parents[1]
    root = layout.root.resolve()
    for place in [*(d.resolve() for d in layout.curated_dirs), package]:
        if resolved == place or place in resolved.parents:
            raise BuildError(f"refusing to build into {target}: it is inside {place}")
    if resolved == root or resolved in root.parents:
        raise BuildError(
            f"refusing to build into {target}: it holds the project ({root}); "
            "use a directory of its own, such as build/"
        )
    for system in SYSTEM_DIRS:
        if resolved == Path(system) or Path(system) in resolved.parents:
            raise BuildError(f"refusing to build into {target}: {system} belongs to the system")
    try:
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise BuildError(f"cannot use {target} as the build directory: {exc.strerror}") from None
    if not stat.S_ISDIR(mode):
        raise BuildError(f"cannot use {target} as the build directory: it is not a directory")


def _input_hashes(layout: Layout, include_external: bool) -> dict[str, str]:
    """The SHA-256 of each input, keyed by its path relative to the layout root."""
    root = layout.root.resolve()
    return {_key(path, root): _sha256(path) for path in input_files(layout, include_external)}


def _current_manifest(
    target: Path, inputs: dict[str, str], include_external: bool, check: tuple[str, ...]
) -> dict[str, Any] | None:
    """The manifest of the build in ``target`` if it is current, else ``None``."""
    manifest = read_manifest(target)
    if (
        manifest is None
        or manifest.get("format") != MANIFEST_FORMAT
        or manifest.get("package_version") != __version__
        or manifest.get("include_external") is not include_external
        or manifest.get("inputs") != inputs
    ):
        return None
    outputs = manifest.get("outputs")
    expected = {*OUTPUTS, *(artifact.name for artifact in ARTIFACTS)}
    if not isinstance(outputs, dict) or set(outputs) != expected:
        return None
    for name in sorted(expected):
        path = target / name
        info = outputs[name]
        if not path.is_file() or not isinstance(info, dict):
            return None
        if name in check and _sha256(path) != info.get("sha256"):
            return None
    return manifest


def _key(path: Path, root: Path) -> str:
    """The manifest's name of an input: relative to the (resolved) ``root`` if inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _sha256(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise InputError(path, None, "file not found") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read file: {exc.strerror or exc}") from None
