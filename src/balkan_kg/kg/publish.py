"""What a build publishes besides the graphs: descriptions and pictures made from them.

Each :class:`Artifact` names a file of the build directory and the function that writes
its text from the built graphs (:class:`Material`). :func:`balkan_kg.kg.build.build`
writes every artifact of :data:`ARTIFACTS` atomically, records its hash in the
manifest, and the server serves them. An artifact must depend only on its material, so
the same graphs always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..layout import Layout
from .ontodoc import make_ontology_docs
from .timeline import make_timeline
from .void import make_void

if TYPE_CHECKING:
    import pyoxigraph


@dataclass(frozen=True)
class Material:
    """What artifacts are made from: the canonical merged and inferred triples."""

    layout: Layout
    merged: list[pyoxigraph.Triple]
    inferred: list[pyoxigraph.Triple]
    include_external: bool


@dataclass(frozen=True)
class Artifact:
    """A file of the build directory, and how its text is made."""

    name: str
    make: Callable[[Material], str]


ARTIFACTS: list[Artifact] = [
    Artifact("ontology.html", make_ontology_docs),
    Artifact("timeline.svg", make_timeline),
    Artifact("void.ttl", make_void),
]
"""Every artifact a build writes, in order."""
