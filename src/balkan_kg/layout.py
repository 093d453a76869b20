"""Where the curated project files live, and where builds go.

Two roots are supported:

* a source checkout or editable install: the repository root, found as
  ``Path(__file__).resolve().parents[2]`` when it holds ``ontology/balkan-kg.ttl``;
* an installed wheel: the package data ``balkan_kg/resources/`` that hatchling's
  ``force-include`` copies from ``ontology/``, ``data/`` and ``queries/``.

Everything else asks a :class:`Layout` for paths, so tests can point the whole package
at a temporary copy of the inputs with ``Layout(tmp_path)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ._version import __version__

BUILD_DIR_ENV = "BALKAN_KG_BUILD_DIR"
"""Environment variable that overrides the default build (cache) directory."""

ONTOLOGY_FILE = "balkan-kg.ttl"
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Layout:
    """The curated inputs under one root directory (a checkout or the package data)."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology(self) -> Path:
        """The OWL ontology, ``ontology/balkan-kg.ttl``."""
        return self.ontology_dir / ONTOLOGY_FILE

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology and every other Turtle file of ``ontology/`` but the shapes.

        The main ontology comes first (always listed, so that a missing one is reported
        rather than skipped), then the others (e.g. the SKOS concept schemes) by name.
        """
        others = sorted(
            p for p in self.ontology_dir.glob("*.ttl") if p.name not in (ONTOLOGY_FILE, SHAPES_FILE)
        )
        return [self.ontology, *others]

    @property
    def shapes(self) -> Path:
        """The SHACL shapes, ``ontology/shapes.ttl``."""
        return self.ontology_dir / SHAPES_FILE

    @property
    def checks_dir(self) -> Path:
        """Quality-check SELECT queries that must return no rows, ``ontology/checks/``."""
        return self.ontology_dir / "checks"

    @property
    def data_dir(self) -> Path:
        """Facts stated by the source text, ``data/*.ttl``."""
        return self.root / "data"

    @property
    def external_dir(self) -> Path:
        """Facts from outside the text, ``data/external/*.ttl``."""
        return self.data_dir / "external"

    @property
    def source_text(self) -> Path:
        """The source text the facts are extracted from."""
        return self.data_dir / "source" / "report-excerpt.txt"

    @property
    def queries_dir(self) -> Path:
        """Canned SPARQL queries, ``queries/*.rq``."""
        return self.root / "queries"

    @property
    def curated_dirs(self) -> tuple[Path, ...]:
        """Directories holding curated files, which a build must never write into."""
        return (self.ontology_dir, self.data_dir, self.queries_dir)

    def data_files(self, include_external: bool = True) -> list[Path]:
        """``data/*.ttl`` then, if asked, ``data/external/*.ttl``, each sorted by name."""
        files = sorted(self.data_dir.glob("*.ttl"))
        if include_external:
            files.extend(sorted(self.external_dir.glob("*.ttl")))
        return files

    def source_files(self, include_external: bool = True) -> list[Path]:
        """Every RDF input in load order: the ontology files, then :meth:`data_files`."""
        return [*self.ontology_files, *self.data_files(include_external)]

    def check_files(self) -> list[Path]:
        """The quality-check queries, sorted by name (empty if there are none)."""
        return sorted(self.checks_dir.glob("*.rq"))


def checkout_root() -> Path | None:
    """The repository root when running from a source checkout, else ``None``."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "ontology" / ONTOLOGY_FILE).is_file() else None


def default_layout() -> Layout:
    """The checkout layout if there is one, else the package data of the installed wheel."""
    root = checkout_root()
    return Layout(root if root is not None else Path(__file__).resolve().parent / "resources")


def default_build_dir() -> Path:
    """Where builds go unless told otherwise.

    In order: ``$BALKAN_KG_BUILD_DIR``; ``build/`` in a source checkout; otherwise a
    per-version user cache directory (``$XDG_CACHE_HOME/balkan-kg/<version>``, with
    ``~/.cache`` as the default), because an installed package may be read-only.
    """
    override = os.environ.get(BUILD_DIR_ENV, "").strip()
    if override:
        return Path(override)
    root = checkout_root()
    if root is not None:
        return root / "build"
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "balkan-kg" / __version__
