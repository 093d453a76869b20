"""The build: parse, validate, reason, and write the published files.

The quality checks of ``ontology/checks/`` are not part of the build (they judge the
curation, not whether the graph can be published); ``balkan-kg validate`` runs them.

Cache layout
------------
A build writes into one directory (default :func:`~balkan_kg.resources.default_build_dir`,
``build/`` in a checkout). Builds that leave out the external facts go to its
``text-only/`` subdirectory, so the two never overwrite each other. Each build directory
holds ``merged.{ttl,nt,jsonld}`` (ontology plus asserted facts), ``inferred.{ttl,nt,jsonld}``
(only what OWL 2 RL reasoning added, see :mod:`balkan_kg.reason`), ``manifest.json`` and
``stat-cache.tsv``.

The manifest records the SHA-256 of every input (ontology, data, external data when
included, shapes, the source text), the package version, the
``include_external`` flag, the SHA-256 and triple count of every output, and timings. A
build whose manifest matches the current inputs, version, flag and outputs is skipped
unless ``force`` is true, so queries never rerun reasoning unless an input changed.
Every file is written atomically and the manifest last, so an interrupted build is
simply redone.

Checking that a build is current mostly costs stats, not hashes: ``stat-cache.tsv``
records the stats of the files hashed, and a build ends by checking itself so that the
queries after it need nothing else (see :mod:`balkan_kg.statcache`).
"""

from __future__ import annotations

import os
import time

from .errors import BuildError, InconsistencyError, InputError, ValidationError
from .record import Record
from .resources import default_build_path, default_layout, default_root
from .statcache import StatCache, vouched_outputs

# pathlib, hashlib (OpenSSL, ~4 ms), json, the RDF libraries and the atomic writer
# (tempfile) are imported where they are needed: the command line's quick query path
# imports this module to learn from a few stats that the build is current.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any

    from .resources import Layout
    from .statcache import StrPath

MANIFEST = "manifest.json"
TEXT_ONLY_DIR = "text-only"
MANIFEST_FORMAT = 1
OUTPUTS = tuple(
    f"{graph}.{suffix}" for graph in ("merged", "inferred") for suffix in ("ttl", "nt", "jsonld")
)


class BuildResult(Record):
    """What :func:`build` did. ``reused`` is true when the cached outputs were kept."""

    out_dir: Path
    include_external: bool
    reused: bool
    manifest: dict[str, Any]

    def __init__(
        self,
        out_dir: Path,
        include_external: bool,
        reused: bool,
        manifest: dict[str, Any] | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.include_external = include_external
        self.reused = reused
        self.manifest = {} if manifest is None else manifest

    def path(self, name: str) -> Path:
        """The path of an output file, e.g. ``result.path("merged.nt")``."""
        return self.out_dir / name


def build_dir_for(out_dir: str | Path | None, include_external: bool) -> Path:
    """The directory a build writes to: ``out_dir`` (or the default), or its ``text-only/``."""
    from pathlib import Path

    return Path(build_path_for(out_dir, include_external))


def build_path_for(out_dir: str | Path | None, include_external: bool) -> str:
    """:func:`build_dir_for` as a string."""
    root = os.fspath(out_dir) if out_dir is not None else default_build_path()
    return root if include_external else os.path.join(root, TEXT_ONLY_DIR)


def input_files(layout: Layout, include_external: bool) -> list[Path]:
    """Every file whose content the build depends on, in a fixed order."""
    files = layout.source_files(include_external=include_external)
    files.append(layout.shapes)
    if layout.source_text.is_file():
        files.append(layout.source_text)
    return files


def _keyed_inputs(layout: Layout, include_external: bool) -> dict[str, Path]:
    """:func:`input_files` by their key in the manifest (the path relative to the root)."""
    root = layout.root.resolve()
    return {_key(path, root): path for path in input_files(layout, include_external)}


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
    stats = StatCache(target)
    if force:
        input_hashes = _input_hashes(stats, _keyed_inputs(layout, include_external))
    else:
        cached, input_hashes = _check(stats, layout, target, include_external)
        if cached is not None:
            return BuildResult(target, include_external, reused=True, manifest=cached)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 4)
        clock = now

    import hashlib
    import json

    from .atomic import write_text_atomic
    from .parsing import new_graph, parse_files
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
    _record(layout, target, include_external)
    return BuildResult(target, include_external, reused=False, manifest=manifest)


def current_build(
    out_dir: str | Path | None = None,
    include_external: bool = True,
    layout: Layout | None = None,
    outputs: Iterable[str] = OUTPUTS,
) -> BuildResult | None:
    """The cached build that :func:`build` would reuse, or ``None`` if it would rebuild.

    Reads, and hashes only the files whose stat the stat cache does not hold (see
    :mod:`balkan_kg.statcache`; no RDF library is imported). Of the outputs, only those
    named in ``outputs`` are checked against their hash (a reader of ``merged.nt`` need
    not hash the JSON-LD); the others need only exist. Raises what :func:`build`
    raises for a missing input.
    """
    layout = layout or default_layout()
    target = build_dir_for(out_dir, include_external)
    cached, _ = _check(StatCache(target), layout, target, include_external, set(outputs))
    if cached is None:
        return None
    return BuildResult(target, include_external, reused=True, manifest=cached)


def current_outputs(
    out_dir: str | Path | None,
    include_external: bool,
    outputs: list[str],
    layout: Layout | None = None,
) -> list[str] | None:
    """The paths of ``outputs`` if :func:`current_build` would find the build current.

    The cheap check (stats only, see :func:`~balkan_kg.statcache.vouched_outputs`) for
    the command line's quick query path; where it cannot tell, the full check runs
    (and records what lets the next cheap check tell). ``None`` if the build is not
    current. Raises what :func:`current_build` raises.
    """
    from . import __version__

    target = build_path_for(out_dir, include_external)
    root = os.fspath(layout.root) if layout is not None else default_root()
    paths = vouched_outputs(target, MANIFEST, __version__, include_external, root, outputs)
    if paths is not None:
        return paths
    build = current_build(out_dir, include_external, layout, outputs)
    return None if build is None else [os.fspath(build.path(name)) for name in outputs]


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest in ``out_dir``, or ``None`` if it is missing or unreadable."""
    import json

    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _check(
    stats: StatCache,
    layout: Layout,
    target: Path,
    include_external: bool,
    check: set[str] | None = None,
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The manifest of the build in ``target`` if it is current (else ``None``), and the
    inputs' hashes. Of the outputs, those in ``check`` (default: all) are hashed.

    If the build is current, saves the stat cache, with the record that it is.
    """
    from . import __version__

    # Stats of the manifest and of the listed directories come first, so that a change
    # made while the check reads them shows as a changed stat at the next check.
    manifest_stat = stats.signature(target / MANIFEST)
    dirs = {os.fspath(path): stats.signature(path) for path in layout.listed_dirs(include_external)}
    cached = read_manifest(target)
    inputs = _keyed_inputs(layout, include_external)
    input_hashes = _input_hashes(stats, inputs)
    if cached is None or not _is_current(
        cached, target, input_hashes, include_external, __version__, stats, check
    ):
        return None, input_hashes  # a build, if one follows, saves the stat cache
    outputs = {name: target / name if check is None or name in check else None for name in OUTPUTS}
    stats.vouch(
        manifest_stat, __version__, include_external, layout.root, inputs.values(), dirs, outputs
    )
    stats.save()
    return cached, input_hashes


def _record(layout: Layout, target: Path, include_external: bool) -> None:
    """Check the build just written, so that the stat cache records it (best effort).

    Waits until the file system's clock has passed the manifest (a few milliseconds)
    so that the outputs count as settled (see :mod:`balkan_kg.statcache`).
    """
    import contextlib

    manifest = os.stat(target / MANIFEST)
    stats = StatCache(target, newer_than=max(manifest.st_mtime_ns, manifest.st_ctime_ns))
    with contextlib.suppress(InputError):  # an input removed meanwhile: the next check says
        _check(stats, layout, target, include_external)


def _input_hashes(stats: StatCache, inputs: dict[str, Path]) -> dict[str, str]:
    return {key: _digest(stats, path) for key, path in inputs.items()}


def _digest(stats: StatCache, path: Path) -> str:
    """The SHA-256 of a file (from the stat cache if it holds it), or :class:`InputError`."""
    try:
        return stats.digest(path, _sha256)
    except OSError as exc:
        raise _read_error(path, exc) from None


def _is_current(
    manifest: dict[str, Any],
    out_dir: Path,
    input_hashes: dict[str, str],
    include_external: bool,
    version: str,
    stats: StatCache,
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
        if check is not None and name not in check:
            continue
        if _digest(stats, path) != info.get("sha256"):
            return False
    return True


def _refuse_curated(target: Path, layout: Layout) -> None:
    resolved = target.resolve()
    for curated in layout.curated_dirs:
        curated = curated.resolve()
        if resolved == curated or curated in resolved.parents:
            raise BuildError(f"refusing to build into {target}: it is inside curated {curated}")


def _key(path: Path, root: Path) -> str:
    """The manifest's name of an input: relative to the (resolved) ``root`` if inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _sha256(path: StrPath) -> str:
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise _read_error(path, exc) from None


def _read_error(path: StrPath, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(path, None, "file not found")
    return InputError(path, None, f"cannot read file: {exc.strerror or exc}")
