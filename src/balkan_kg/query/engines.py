"""Which engine answers the queries: the one decision, and the registry of engines.

:func:`choose_engine` decides once, from an explicit argument, else the environment,
else the default (embedded Oxigraph), and says in the :class:`EngineChoice` where the
choice came from. :data:`ENGINES` names every engine class by module and attribute,
as rdflib's plugin registry does, so choosing costs no import; :func:`engine_class`
imports the one chosen.

Every engine offers :meth:`Engine.evaluate` and answers in pyoxigraph terms (a
:class:`~balkan_kg.query.results.QueryResult`), so nothing above this layer can tell
the engines apart. Query text reaching an engine is complete (parameters bound, form
checked, see :func:`balkan_kg.query.execute.execute`); the project prefixes come as a
mapping that each engine hands to its parser natively, so error positions are the
user's own line and column.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from ..errors import EngineError, redact_url
from .limits import Limits
from .results import QueryResult
from .text import QueryForm

ENGINES: Final = {
    "oxigraph": "balkan_kg.query.local:OxigraphEngine",
    "rdflib": "balkan_kg.query.local:RdflibEngine",
    "remote": "balkan_kg.query.remote:RemoteEngine",
}
"""Engine name -> ``module:class``. ``oxigraph`` and ``rdflib`` run in this process."""

DEFAULT_ENGINE: Final = "oxigraph"
LOCAL_ENGINES: Final = ("oxigraph", "rdflib")

ENGINE_ENV: Final = "BALKAN_KG_ENGINE"
ENDPOINT_ENV: Final = "BALKAN_KG_ENDPOINT"
GRAPH_ENV: Final = "BALKAN_KG_GRAPH"


class Engine(Protocol):
    """What every query engine offers."""

    name: str

    def evaluate(
        self, text: str, form: QueryForm, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        """Answer the query ``text`` of ``form``, with ``prefixes`` predeclared.

        :raises QueryError: for a query the engine rejects (message with line and
            column where the engine gives them), or a limit it enforces.
        """
        ...


@dataclass(frozen=True)
class EngineChoice:
    """Which engine to use, and where that was decided.

    ``name`` is a key of :data:`ENGINES`; ``source`` is ``"argument"``,
    ``"environment"`` or ``"default"``. ``endpoint`` (a SPARQL query URL) and
    ``default_graph`` (sent as the protocol's ``default-graph-uri``) are set only for
    ``remote``.
    """

    name: str
    source: Literal["argument", "environment", "default"]
    endpoint: str | None = None
    default_graph: str | None = None

    @property
    def chosen(self) -> bool:
        """Whether someone chose the engine (an argument or the environment)."""
        return self.source != "default"

    @property
    def local(self) -> bool:
        """Whether the engine holds the graph in this process."""
        return self.name in LOCAL_ENGINES


def choose_engine(
    engine: str | None = None,
    endpoint: str | None = None,
    default_graph: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> EngineChoice:
    """Decide the engine from the arguments, else the environment, else the default.

    * an ``endpoint`` argument means ``remote``; an ``engine`` argument names the engine
      (``remote`` then takes the endpoint from ``$BALKAN_KG_ENDPOINT``);
    * with neither argument, ``$BALKAN_KG_ENDPOINT`` means ``remote`` and
      ``$BALKAN_KG_ENGINE`` names the engine (empty values count as unset);
    * with nothing set, :data:`DEFAULT_ENGINE`.

    ``default_graph`` (else ``$BALKAN_KG_GRAPH``) applies to ``remote`` only.

    >>> choose_engine(environ={})
    EngineChoice(name='oxigraph', source='default', endpoint=None, default_graph=None)

    :raises EngineError: for an unknown name, ``remote`` without an endpoint, or choices
        that contradict each other (a local engine with an endpoint, a default graph
        for a local engine), rather than ignoring one of them.
    """
    env = os.environ if environ is None else environ

    def from_env(key: str) -> str | None:
        return env.get(key, "").strip() or None

    source: Literal["argument", "environment", "default"] = "argument"
    if engine is not None and engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine in LOCAL_ENGINES and endpoint is not None:
        raise EngineError(
            f"engine {engine!r} runs in this process; an endpoint is only used with "
            "the 'remote' engine (leave out the engine to query the endpoint)"
        )
    if engine is None and endpoint is None:
        engine, endpoint = from_env(ENGINE_ENV), from_env(ENDPOINT_ENV)
        source = "environment" if engine or endpoint else "default"
        if engine is not None and engine not in ENGINES:
            raise EngineError(
                f"unknown engine {engine!r} in ${ENGINE_ENV} (choose from {', '.join(ENGINES)})"
            )
        if engine in LOCAL_ENGINES and endpoint is not None:
            raise EngineError(
                f"${ENGINE_ENV}={engine} contradicts ${ENDPOINT_ENV}={redact_url(endpoint)}: "
                "unset one of them"
            )
    elif engine == "remote" and endpoint is None:
        endpoint = from_env(ENDPOINT_ENV)
    name = engine or ("remote" if endpoint is not None else DEFAULT_ENGINE)
    if name != "remote":
        if default_graph is not None:
            raise EngineError(
                f"a default graph is only used with a remote endpoint, not engine {name!r}"
            )
        return EngineChoice(name, source)
    if endpoint is None:
        raise EngineError(
            f"the remote engine needs an endpoint URL (--endpoint or ${ENDPOINT_ENV})"
        )
    return EngineChoice("remote", source, endpoint, default_graph or from_env(GRAPH_ENV))


class LocalEngine(Engine, Protocol):
    """An engine that holds the graph in this process, loaded from files."""

    def __len__(self) -> int:
        """The number of triples it holds."""
        ...

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> LocalEngine:
        """An engine holding the triples of Turtle/N-Triples ``paths``.

        :raises InputError: for a missing or malformed file.
        """
        ...


def engine_class(name: str) -> type[Any]:
    """The class registered for engine ``name``, imported now.

    :raises EngineError: for a name that is not in :data:`ENGINES`.
    """
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
    module_name, _, attribute = ENGINES[name].partition(":")
    engine: type[Any] = getattr(importlib.import_module(module_name), attribute)
    return engine


def local_engine(name: str, paths: Iterable[str | Path]) -> LocalEngine:
    """The local engine ``name`` holding the triples of ``paths``.

    :raises EngineError: for a name that is not a local engine.
    :raises InputError: for a missing or malformed file.
    """
    if name not in LOCAL_ENGINES:
        raise EngineError(f"{name!r} is not a local engine (local: {', '.join(LOCAL_ENGINES)})")
    engine: LocalEngine = engine_class(name).from_files(paths)
    return engine
