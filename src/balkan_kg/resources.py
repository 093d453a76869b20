"""Where the curated project files live.

Two layouts are supported:

* a source checkout or editable install: the repository root, found as
  ``Path(__file__).resolve().parents[2]`` when it holds ``ontology/balkan-kg.ttl``;
* an installed wheel: the package data ``balkan_kg/resources/`` that hatchling's
  ``force-include`` copies from ``ontology/``, ``data/`` and ``queries/``.

Everything else asks a :class:`Layout` for paths, so tests can point the whole package
at a temporary copy of the inputs by passing ``Layout(tmp_path)``.

The default root and build directory are worked out as strings with :mod:`os.path`
(:func:`checkout_dir`, :func:`default_root`, :func:`default_build_path`) and only then
made :class:`~pathlib.Path` objects, because the command line's quick query path does
not import :mod:`pathlib` (with :mod:`urllib.parse`, :mod:`ipaddress` and :mod:`fnmatch`,
about 5 ms more than the :mod:`re` that the quick path imports anyway).
"""

from __future__ import annotations

import os

from .record import FrozenRecord

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from pathlib import Path

BUILD_DIR_ENV = "BALKAN_KG_BUILD_DIR"
"""Environment variable that overrides the default build (cache) directory."""

ONTOLOGY_FILE = "balkan-kg.ttl"
QUERIES_DIR = "queries"
"""The directory of the canned queries under the root (:attr:`Layout.queries_dir`)."""


class Layout(FrozenRecord):
    """The curated inputs under one root directory (a checkout or the package data)."""

    root: Path

    def __init__(self, root: Path) -> None:
        self._set(root=root)

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology(self) -> Path:
        """The OWL ontology, ``ontology/balkan-kg.ttl``."""
        return self.ontology_dir / ONTOLOGY_FILE

    @property
    def shapes(self) -> Path:
        """The SHACL shapes, ``ontology/shapes.ttl``."""
        return self.ontology_dir / "shapes.ttl"

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
        return self.root / QUERIES_DIR

    def listed_dirs(self, include_external: bool = True) -> list[Path]:
        """The directories whose listing decides which inputs exist.

        :meth:`source_files` lists ``*.ttl`` in the data directory (and the external
        one) and the build takes the source text if it exists: a file added to, removed
        from or renamed in one of these changes the directory's stat.
        """
        dirs = [self.data_dir]
        if include_external:
            dirs.append(self.external_dir)
        dirs.append(self.source_text.parent)
        return dirs

    @property
    def curated_dirs(self) -> tuple[Path, ...]:
        """Directories holding curated files, which a build must never write into."""
        return (self.ontology_dir, self.data_dir, self.queries_dir)

    def source_files(
        self, include_external: bool = True, include_ontology: bool = True
    ) -> list[Path]:
        """The RDF inputs in load order: ontology, ``data/*.ttl``, ``data/external/*.ttl``.

        Each group is sorted by file name. Files that do not exist are simply absent
        (apart from the ontology, which is always listed when asked for, so that a
        missing ontology is reported by the parser rather than silently skipped).
        """
        files: list[Path] = []
        if include_ontology:
            files.append(self.ontology)
        files.extend(sorted(self.data_dir.glob("*.ttl")))
        if include_external:
            files.extend(sorted(self.external_dir.glob("*.ttl")))
        return files

    def check_files(self) -> list[Path]:
        """The quality-check queries, sorted by name (empty if there are none)."""
        return sorted(self.checks_dir.glob("*.rq"))


def checkout_dir() -> str | None:
    """The repository root (resolved) when running from a source checkout, else ``None``."""
    package = os.path.dirname(os.path.realpath(__file__))
    root = os.path.dirname(os.path.dirname(package))
    return root if os.path.isfile(os.path.join(root, "ontology", ONTOLOGY_FILE)) else None


def checkout_root() -> Path | None:
    """:func:`checkout_dir` as a :class:`~pathlib.Path`."""
    from pathlib import Path

    root = checkout_dir()
    return Path(root) if root is not None else None


def default_root() -> str:
    """The root of the :func:`default_layout`: the checkout, else the wheel's package data."""
    root = checkout_dir()
    if root is not None:
        return root
    return os.path.join(os.path.dirname(os.path.realpath(__file__)), "resources")


def default_layout() -> Layout:
    """The checkout layout if there is one, else the package data of the installed wheel."""
    from pathlib import Path

    return Layout(Path(default_root()))


def source_files(include_external: bool = True, include_ontology: bool = True) -> list[Path]:
    """:meth:`Layout.source_files` of the :func:`default_layout`."""
    return default_layout().source_files(include_external, include_ontology)


def default_build_dir() -> Path:
    """Where builds go unless told otherwise.

    In order: ``$BALKAN_KG_BUILD_DIR``; ``build/`` in a source checkout; otherwise a
    per-version user cache directory (``$XDG_CACHE_HOME/balkan-kg/<version>``, with
    ``~/.cache`` as the default), because an installed package may be read-only.
    """
    from pathlib import Path

    return Path(default_build_path())


def default_build_path() -> str:
    """:func:`default_build_dir` as a string."""
    override = os.environ.get(BUILD_DIR_ENV)
    if override:
        return override
    root = checkout_dir()
    if root is not None:
        return os.path.join(root, "build")
    from . import __version__

    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache_home, "balkan-kg", __version__)
