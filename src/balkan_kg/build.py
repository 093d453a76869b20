"""The build: parse, validate, reason, and write the published files.

The quality checks of ``ontology/checks/`` are not part of the build (they judge the
curation, not whether the graph can be published); ``balkan-kg validate`` runs them.

Cache layout
------------
A build writes into one directory (default :func:`~balkan_kg.resources.default_build_dir`,
``build/`` in a checkout). Builds that leave out the external facts go to its
``text-only/`` subdirectory, so the two never overwrite each other. Each build directory
holds ``merged.{ttl,nt,jsonld}`` (ontology plus asserted facts), ``inferred.{ttl,nt,jsonld}``
(only what OWL 2 RL reasoning added, see :mod:`balkan_kg.reason`) and ``manifest.json``.

The manifest records the SHA-256 of every input (ontology, data, external data when
included, shapes, the source text), the package version, the
``include_external`` flag, the SHA-256 and triple count of every output, and timings. A
build whose manifest matches the current inputs, version, flag and outputs is skipped
unless ``force`` is true, so queries never rerun reasoning unless an input changed.
Every file is written atomically and the manifest last, so an interrupted build is
simply redone.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_text_atomic
from .errors import BuildError, InconsistencyError, ValidationError
from .parsing import new_graph, parse_files
from .resources import Layout, default_build_dir, default_layout

MANIFEST = "manifest.json"
TEXT_ONLY_DIR = "text-only"
MANIFEST_FORMAT = 1
OUTPUTS = tuple(
    f"{graph}.{suffix}" for graph in ("merged", "inferred") for suffix in ("ttl", "nt", "jsonld")
)


@dataclass
class BuildResult:
    """What :func:`build` did. ``reused`` is true when the cached outputs were kept."""

    out_dir: Path
    include_external: bool
    reused: bool
    manifest: dict[str, Any] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        """The path of an output file, e.g. ``result.path("merged.nt")``."""
        return self.out_dir / name


def build_dir_for(out_dir: str | Path | None, include_external: bool) -> Path:
    """The directory a build writes to: ``out_dir`` (or the default), or its ``text-only/``."""
    root = Path(out_dir) if out_dir is not None else default_build_dir()
    return root if include_external else root / TEXT_ONLY_DIR


def input_files(layout: Layout, include_external: bool) -> list[Path]:
    """Every file whose content the build depends on, in a fixed order."""
    files = layout.source_files(include_external=include_external)
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

    ``reasoner`` (``"fast"`` or ``"owlrl"``, see :mod:`balkan_kg.reason`) and
    ``validator`` (``"fast"`` or ``"pyshacl"``, see :mod:`balkan_kg.validate`) choose the
    engines; both pairs give the same outputs, so the choice is recorded in the
    manifest but does not make a cached build stale (use ``force`` to rerun).

    Raises :class:`~balkan_kg.errors.InputError` for an unreadable input,
    :class:`ValidationError` if the data (with external facts when included) does not
    conform to the shapes, :class:`InconsistencyError` if reasoning finds an inconsistency, and
    :class:`BuildError` if ``out_dir`` lies inside a directory of curated files.
    Nothing is written unless every step succeeded.
    """
    from . import __version__

    layout = layout or default_layout()
    target = build_dir_for(out_dir, include_external)
    _refuse_curated(target, layout)
    inputs = input_files(layout, include_external)
    input_hashes = {_key(path, layout): _sha256(path) for path in inputs}

    if not force:
        cached = read_manifest(target)
        if cached is not None and _is_current(
            cached, target, input_hashes, include_external, __version__
        ):
            return BuildResult(target, include_external, reused=True, manifest=cached)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 4)
        clock = now

    from .reason import reason
    from .serialize import canonical, to_jsonld, to_ntriples, to_turtle
    from .validate import validate

    ontology = parse_files([layout.ontology])
    data = parse_files(layout.source_files(include_external, include_ontology=False))
    shapes = parse_files([layout.shapes])
    merged = new_graph()
    merged += ontology
    merged += data
    lap("parse")

    report = validate(data, shapes=shapes, ontology=ontology, layout=layout, validator=validator)
    if not report.conforms:
        raise ValidationError(report)
    lap("validate")

    reasoning = reason(merged, reasoner)
    if reasoning.inconsistencies:
        raise InconsistencyError(reasoning.inconsistencies)
    inferred = reasoning.inferred
    lap("reason")

    merged_canonical = canonical(merged)
    texts = {
        "merged.ttl": to_turtle(merged_canonical),
        "merged.nt": to_ntriples(merged_canonical),
        "merged.jsonld": to_jsonld(merged_canonical),
        "inferred.ttl": to_turtle(inferred),
        "inferred.nt": to_ntriples(inferred),
        "inferred.jsonld": to_jsonld(inferred),
    }
    lap("serialize")
    for name, text in texts.items():
        write_text_atomic(target / name, text)
    lap("write")

    counts = {"merged": len(merged), "inferred": len(inferred)}
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "package_version": __version__,
        "include_external": include_external,
        "inputs": input_hashes,
        "outputs": {
            name: {
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "triples": counts[name.split(".", 1)[0]],
            }
            for name, text in texts.items()
        },
        "triples": {
            "ontology": len(ontology),
            "data": len(data),
            "merged": len(merged),
            "inferred": len(inferred),
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


def current_build(
    out_dir: str | Path | None = None,
    include_external: bool = True,
    layout: Layout | None = None,
    outputs: Iterable[str] = OUTPUTS,
) -> BuildResult | None:
    """The cached build that :func:`build` would reuse, or ``None`` if it would rebuild.

    Reads and hashes files only (no RDF library is imported), so a command can check in
    a few milliseconds whether the published files are current. Of the outputs, only
    those named in ``outputs`` are hashed (a reader of ``merged.nt`` need not hash the
    JSON-LD). Raises what :func:`build` raises for a missing input.
    """
    from . import __version__

    layout = layout or default_layout()
    target = build_dir_for(out_dir, include_external)
    inputs = input_files(layout, include_external)
    input_hashes = {_key(path, layout): _sha256(path) for path in inputs}
    cached = read_manifest(target)
    if cached is None or not _is_current(
        cached, target, input_hashes, include_external, __version__, set(outputs)
    ):
        return None
    return BuildResult(target, include_external, reused=True, manifest=cached)


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest in ``out_dir``, or ``None`` if it is missing or unreadable."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _is_current(
    manifest: dict[str, Any],
    out_dir: Path,
    input_hashes: dict[str, str],
    include_external: bool,
    version: str,
    check: set[str] | None = None,
) -> bool:
    if (
        manifest.get("format") != MANIFEST_FORMAT
        or manifest.get("package_version") != version
        or manifest.get("include_external") is not include_external
        or manifest.get("inputs") != input_hashes
    ):
        return False
    outputs = manifest.get("outputs")
    if not isinstance(outputs, dict) or set(outputs) != set(OUTPUTS):
        return False
    for name, info in outputs.items():
        path = out_dir / name
        if not path.is_file() or not isinstance(info, dict):
            return False
        if (check is None or name in check) and _sha256(path) != info.get("sha256"):
            return False
    return True


def _refuse_curated(target: Path, layout: Layout) -> None:
    resolved = target.resolve()
    for curated in layout.curated_dirs:
        curated = curated.resolve()
        if resolved == curated or curated in resolved.parents:
            raise BuildError(f"refusing to build into {target}: it is inside curated {curated}")


def _key(path: Path, layout: Layout) -> str:
    try:
        return path.resolve().relative_to(layout.root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _sha256(path: Path) -> str:
    from .errors import InputError

    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise InputError(path, None, "file not found") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    return digest.hexdigest()
