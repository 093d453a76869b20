"""The query engines the engine contract runs against, loaded once per session.

:data:`ENGINE_NAMES` are embedded Oxigraph and rdflib (loaded from the build's files)
and the two live servers of ``tests/servers.py`` (Oxigraph and Virtuoso, each asked for
JSON and for XML results). The ``engine`` fixture is parametrised over all six (through
``engine_name``), so a test that takes it runs on every engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from balkan_kg.query.engines import local_engine
from balkan_kg.query.remote import RemoteEngine
from servers import GRAPH

if TYPE_CHECKING:
    from balkan_kg.query.engines import Engine
    from servers import Server

ENGINE_NAMES = (
    "oxigraph",
    "rdflib",
    "oxigraph-server-json",
    "oxigraph-server-xml",
    "virtuoso-json",
    "virtuoso-xml",
)
"""Embedded engines by their name, servers as ``<server>-<result format>``."""


@pytest.fixture(scope="session")
def oxigraph_engine(built_graph) -> Engine:
    """Embedded Oxigraph holding the build (asserted and inferred triples)."""
    return local_engine("oxigraph", built_graph.query_files())


@pytest.fixture(scope="session")
def rdflib_engine(built_graph) -> Engine:
    """Embedded rdflib holding the build: the reference engine."""
    return local_engine("rdflib", built_graph.query_files())


def engine_for(request: pytest.FixtureRequest, name: str) -> Engine:
    """The engine called ``name`` in :data:`ENGINE_NAMES`, starting its server if needed."""
    if name in ("oxigraph", "rdflib"):
        engine: Engine = request.getfixturevalue(f"{name}_engine")
        return engine
    server_name, result_format = name.rsplit("-", 1)
    fixture = "oxigraph_server" if server_name == "oxigraph-server" else "virtuoso_server"
    server: Server = request.getfixturevalue(fixture)
    return RemoteEngine(server.query_url, default_graph=GRAPH, result_format=result_format)


@pytest.fixture(scope="module", params=ENGINE_NAMES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each name of :data:`ENGINE_NAMES` in turn."""
    return str(request.param)


@pytest.fixture(scope="module")
def engine(request: pytest.FixtureRequest, engine_name: str) -> Engine:
    """The engine called ``engine_name``, holding the build: every engine in turn."""
    return engine_for(request, engine_name)
