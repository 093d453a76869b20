"""The public entry point: :func:`load` a :class:`KnowledgeGraph` and query it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .engine import Engine, RdflibEngine, run
from .errors import EngineError, QueryError
from .querytext import with_project_prefixes

if TYPE_CHECKING:
    from rdflib import Graph

    from .build import BuildResult
    from .catalog import CannedQuery
    from .resources import Layout
    from .results import QueryResult
    from .validate import ValidationReport

TRIPLE_COUNT_QUERY = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"
"""Counts the triples of the default graph (or of the ``default-graph-uri`` graph)."""

PROVENANCE_QUERY = "provenance"
"""The canned query behind :meth:`KnowledgeGraph.provenance` (one ``term iri`` param)."""
EXTERNAL_QUERY = "external-facts"
"""The canned query behind :meth:`KnowledgeGraph.external_sources`."""


class Provenance(NamedTuple):
    """Where a fact comes from: the sentence of the source text and the quoted span.

    ``fact`` is ``None`` for a row that only records where the term is named in the
    text. ``begin`` and ``end`` are character offsets of ``quote`` in the source text
    (``None`` when the query does not bind them).
    """

    fact: str | None
    sentence: str
    sentence_text: str
    quote: str | None
    begin: int | None
    end: int | None


class KnowledgeGraph:
    """A loaded knowledge graph: asserted triples plus (optionally) inferred ones.

    Prefer :func:`load`; the constructor is for wrapping a graph you already have, or an
    engine. Queries go to ``engine`` (default: rdflib over ``graph``). ``graph`` may be
    left out when ``engine`` is given: :attr:`graph` is then parsed on first use from
    ``graph_files``, and raises :class:`~balkan_kg.errors.EngineError` if there are none
    (a remote endpoint). ``data`` is the graph that :meth:`validate` checks (default:
    the data files of ``layout`` with external facts as ``include_external`` says).

    ``canned_files``, when given, are the same triples as ``graph`` in files: the canned
    queries (:meth:`query` and the methods built on it) are then answered by an embedded
    Oxigraph store loaded from them on first use, while :meth:`sparql` stays with
    ``engine``. This is what :func:`load` does when no engine was chosen.
    """

    def __init__(
        self,
        graph: Graph | None = None,
        *,
        layout: Layout | None = None,
        include_external: bool = True,
        build: BuildResult | None = None,
        engine: Engine | None = None,
        data: Graph | None = None,
        graph_files: Sequence[Path] = (),
        canned_files: Sequence[Path] = (),
    ) -> None:
        from .resources import default_layout

        if graph is None and engine is None:
            raise EngineError("KnowledgeGraph needs a graph, an engine, or both")
        self._graph = graph
        self._graph_files = list(graph_files)
        self.layout = layout or default_layout()
        self.include_external = include_external
        self.build = build
        self.engine: Engine = engine or RdflibEngine(graph)  # type: ignore[arg-type]
        self._data = data
        self._canned_files = list(canned_files)
        self._canned_engine: Engine | None = None

    @property
    def canned_engine(self) -> Engine:
        """The engine that answers the canned queries of :meth:`query`.

        :attr:`engine`, except for a graph loaded with ``canned_files``: then an embedded
        Oxigraph store of those files, created on first use (see :func:`load`).
        """
        if self._canned_engine is None:
            if self._canned_files:
                from .engine import OxigraphEngine

                self._canned_engine = OxigraphEngine.from_files(self._canned_files)
            else:
                self._canned_engine = self.engine
        return self._canned_engine

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (parsed lazily when the engine is not rdflib)."""
        if self._graph is None:
            if not self._graph_files:
                raise EngineError(
                    f"no local rdflib graph: queries go to {self.engine!r}; "
                    "use kg.sparql() or load a local engine"
                )
            from .parsing import new_graph, parse_files

            self._graph = parse_files(self._graph_files, new_graph())
        return self._graph

    def __len__(self) -> int:
        """The number of triples (asked of the engine when there is no local graph)."""
        if self._graph is not None:
            return len(self._graph)
        sized = getattr(self.engine, "__len__", None)
        if sized is not None:
            return int(sized())
        rows = self.sparql(TRIPLE_COUNT_QUERY).rows
        return int(rows[0]["triples"]) if rows else 0  # type: ignore[call-overload]

    def __repr__(self) -> str:
        engine = getattr(self.engine, "name", type(self.engine).__name__)
        return f"<KnowledgeGraph {len(self)} triples, engine {engine}>"

    def validate(self) -> ValidationReport:
        """Validate the asserted data against the project shapes (see :mod:`.validate`)."""
        from .parsing import parse_files
        from .validate import validate

        if self._data is None:
            self._data = parse_files(
                self.layout.source_files(self.include_external, include_ontology=False)
            )
        return validate(self._data, layout=self.layout)

    def queries(self) -> list[CannedQuery]:
        """The catalog of canned queries, sorted by name."""
        from .catalog import list_queries

        return list_queries(self.layout)

    def query(self, name: str, /, **params: object) -> QueryResult:
        """Run the canned query ``name`` with typed ``params`` (see :mod:`.params`).

        Raises :class:`~balkan_kg.errors.UnknownQueryError` or
        :class:`~balkan_kg.errors.ParameterError` for a bad name or parameters.
        """
        from .catalog import get_query
        from .params import bind

        text = bind(get_query(name, self.layout), **params)
        return run(self.canned_engine, with_project_prefixes(text))

    def sparql(self, text: str) -> QueryResult:
        """Run a read-only SPARQL query; the project prefixes need not be declared."""
        return run(self.engine, with_project_prefixes(text))

    def external_sources(self, iri: str) -> list[tuple[str, str]]:
        """``(fact, source)`` for the external fact ``iri``, or for the external facts
        about the entity ``iri``: the provenance of what the text does not state.

        Runs the canned query ``external-facts``; empty when external facts were left
        out of the load or the project's catalogue has no such query.
        """
        from .catalog import list_queries

        if EXTERNAL_QUERY not in {q.name for q in list_queries(self.layout)}:
            return []
        rows = (
            self.query(EXTERNAL_QUERY, fact=iri).rows
            or self.query(EXTERNAL_QUERY, subject=iri).rows
        )
        return [(str(row["fact"]), str(row["source"])) for row in rows]

    def provenance(self, iri: str) -> list[Provenance]:
        """Where facts about ``iri`` (prefixed name or full IRI) come from in the text.

        Runs the canned query ``provenance``; raises
        :class:`~balkan_kg.errors.UnknownQueryError` if the project has none.
        """
        rows = self.query(PROVENANCE_QUERY, term=iri).rows
        return [
            Provenance(
                fact=_opt_str(row.get("fact")),
                sentence=_opt_str(row.get("sentence")) or "",
                sentence_text=_opt_str(row.get("sentenceText")) or "",
                quote=_opt_str(row.get("quote")),
                begin=_opt_int(row.get("begin")),
                end=_opt_int(row.get("end")),
            )
            for row in rows
        ]


def load(
    include_external: bool = True,
    reasoning: bool = True,
    *,
    build_dir: str | Path | None = None,
    layout: Layout | None = None,
    engine: str | None = None,
    endpoint: str | None = None,
    default_graph: str | None = None,
    timeout: float | None = None,
) -> KnowledgeGraph:
    """Load the knowledge graph into a query engine, building it first if needed.

    ``engine`` is ``"rdflib"`` (the default), ``"oxigraph"`` (embedded pyoxigraph) or
    ``"remote"``; an ``endpoint`` URL (a SPARQL query endpoint) means ``"remote"``. Left
    out, they come from ``$BALKAN_KG_ENGINE`` and ``$BALKAN_KG_ENDPOINT`` (see
    :func:`balkan_kg.engine.choose_engine`). The local engines load the build cache
    (``build_dir``, else ``$BALKAN_KG_BUILD_DIR``, else ``build/`` in a checkout, else a
    user cache directory), so reasoning only reruns when an input changed; with
    ``reasoning=False`` only the asserted triples (``merged.nt``) are loaded, else also
    the closure (``inferred.nt``).

    When no engine is chosen (no argument, nothing in the environment), :attr:`graph`
    and :meth:`~KnowledgeGraph.sparql` use rdflib, the reference, and the canned queries
    of :meth:`~KnowledgeGraph.query` are answered by an embedded Oxigraph store of the
    same files, as ``balkan-kg query`` does: milliseconds instead of tens of
    milliseconds per query, with rows equal term for term to rdflib's for every canned
    query (``tests/test_api.py``). An explicit ``engine="rdflib"`` sends everything to
    rdflib.

    A remote endpoint serves whatever was loaded into it (``balkan-kg load``):
    ``default_graph`` names the graph to query (sent as ``default-graph-uri``, default
    ``$BALKAN_KG_GRAPH``) and ``timeout`` bounds each request (seconds). Options that
    would have no effect raise :class:`~balkan_kg.errors.EngineError` instead of being
    ignored: ``reasoning=False``, ``include_external=False`` or ``build_dir`` with a
    remote endpoint, ``timeout`` or ``default_graph`` with a local engine. Raises the
    errors of :func:`balkan_kg.build.build` for a local engine.
    """
    import os

    from .engine import OxigraphEngine, choose_engine
    from .engine_names import engine_chosen

    choice = choose_engine(engine, endpoint, default_graph)
    if choice.name == "remote":
        from .remote import DEFAULT_TIMEOUT, RemoteEngine

        unused = [
            name
            for name, given in (
                ("reasoning=False", not reasoning),
                ("include_external=False", not include_external),
                ("build_dir", build_dir is not None),
            )
            if given
        ]
        if unused:
            raise EngineError(
                f"{', '.join(unused)} cannot apply to a remote endpoint: it serves what "
                "'balkan-kg load' put into it (load it with --no-reasoning/--no-external)"
            )
        assert choice.endpoint is not None  # choose_engine guarantees it
        remote = RemoteEngine(
            choice.endpoint,
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            default_graph=choice.default_graph,
        )
        return KnowledgeGraph(layout=layout, include_external=include_external, engine=remote)
    if timeout is not None:
        raise EngineError(f"a time-out only applies to a remote endpoint, not {choice.name!r}")

    from .build import build
    from .parsing import new_graph, parse_files

    result = build(build_dir, include_external=include_external, layout=layout)
    files = [result.path("merged.nt")]
    if reasoning:
        files.append(result.path("inferred.nt"))
    if choice.name == "oxigraph":
        return KnowledgeGraph(
            layout=layout,
            include_external=include_external,
            build=result,
            engine=OxigraphEngine.from_files(files),
            graph_files=files,
        )
    graph = parse_files(files, new_graph())
    return KnowledgeGraph(
        graph,
        layout=layout,
        include_external=include_external,
        build=result,
        canned_files=() if engine_chosen(engine, endpoint, os.environ) else files,
    )


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError as exc:
        raise QueryError(f"provenance offset is not an integer: {value!r}") from exc


def _opt_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value  # keeps IRI values as IRI
    return str(value)
