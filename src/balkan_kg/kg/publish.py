"""What a build publishes besides the graphs: descriptions and pictures made from them.

Each :class:`Artifact` names a file of the build directory and the function that writes
its text from the built graphs (:class:`Material`), as ``module:function``, imported
only when a build makes the file (as the engines are registered in
:data:`balkan_kg.query.engines.ENGINES`), so that knowing which files a build holds
costs no import. :func:`balkan_kg.kg.build.build` writes every artifact of
:data:`ARTIFACTS` atomically, records its hash in the manifest, and the server serves
them. An artifact must depend only on its material, so the same graphs always give the
same bytes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..layout import Layout

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
    """A file of the build directory, and how its text is made: ``maker`` is the
    ``module:function`` that takes a :class:`Material` and returns the text."""

    name: str
    maker: str

    def make(self, material: Material) -> str:
        """The artifact's text, made from ``material`` by its maker (imported now)."""
        module, _, function = self.maker.partition(":")
        make: Callable[[Material], str] = getattr(importlib.import_module(module), function)
        return make(material)


ARTIFACTS: list[Artifact] = [
    Artifact("ontology.html", "balkan_kg.kg.ontodoc:make_ontology_docs"),
    Artifact("timeline.svg", "balkan_kg.kg.timeline:make_timeline"),
    Artifact("void.ttl", "balkan_kg.kg.void:make_void"),
]
"""Every artifact a build writes, in order."""
