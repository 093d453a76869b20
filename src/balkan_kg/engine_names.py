"""The names of the query engines and the environment variables that choose one.

Kept apart from :mod:`balkan_kg.engine` (which re-exports them) so that the command
line can decide whether its quick query path applies without importing the engines.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Final

ENGINES: Final = ("rdflib", "oxigraph", "remote")
"""The engine names :func:`~balkan_kg.engine.choose_engine` accepts; ``rdflib`` is the default."""

LOCAL_ENGINES: Final = ("rdflib", "oxigraph")
"""Engines that hold the graph in this process, loaded from the build cache."""

ENGINE_ENV: Final = "BALKAN_KG_ENGINE"
ENDPOINT_ENV: Final = "BALKAN_KG_ENDPOINT"
GRAPH_ENV: Final = "BALKAN_KG_GRAPH"


def engine_chosen(engine: str | None, endpoint: str | None, environ: Mapping[str, str]) -> bool:
    """Whether an engine or endpoint is named by the arguments or by ``environ``.

    When none is, the canned queries may be answered by embedded Oxigraph (the command
    line's quick path, :func:`balkan_kg.load`'s canned engine) instead of rdflib.
    """
    named = (engine, endpoint, environ.get(ENGINE_ENV), environ.get(ENDPOINT_ENV))
    return any((value or "").strip() for value in named)
