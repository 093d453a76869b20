"""balkan-kg: a provenance-tracked knowledge graph built from a short policy text.

Typical use::

    import balkan_kg

    kg = balkan_kg.load()
    result = kg.query("members-since", org="bk:NATO")
    print(result.to_table())

Importing the package is cheap: rdflib, pyshacl and owlrl are imported only by the
functions that need them, and :func:`load`, :class:`KnowledgeGraph` and
:class:`Provenance` are imported on first use (so the command line's quick query path
starts in a few milliseconds).
"""

from __future__ import annotations

from ._version import __version__
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

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from .api import KnowledgeGraph, Provenance, load

_LAZY = frozenset({"KnowledgeGraph", "Provenance", "load"})

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


def __getattr__(name: str) -> Any:
    """Import :mod:`balkan_kg.api` on first use of ``load``, ``KnowledgeGraph``, ``Provenance``."""
    if name in _LAZY:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
