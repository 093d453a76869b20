"""balkan-kg: a provenance-tracked knowledge graph built from a short policy text.

Typical use::

    import balkan_kg

    kg = balkan_kg.load()
    result = kg.query("members-since", org="bk:NATO")
    print(result.to_table())

Importing the package is cheap: rdflib, pyshacl and owlrl are imported only by the
functions that need them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import KnowledgeGraph, Provenance, load
from .errors import (
    BalkanKGError,
    BuildError,
    CheckError,
    InconsistencyError,
    InputError,
    ParameterError,
    QueryError,
    UnknownQueryError,
    ValidationError,
)

try:
    __version__ = version("balkan-kg")
except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "BalkanKGError",
    "BuildError",
    "CheckError",
    "InconsistencyError",
    "InputError",
    "KnowledgeGraph",
    "ParameterError",
    "Provenance",
    "QueryError",
    "UnknownQueryError",
    "ValidationError",
    "__version__",
    "load",
]
