"""The Python API: :func:`load` a :class:`KnowledgeGraph` and query it.

Every query of a :class:`KnowledgeGraph`, canned (:meth:`~KnowledgeGraph.query`) or ad
hoc (:meth:`~KnowledgeGraph.sparql`), goes to the one engine chosen when it was loaded,
through :func:`balkan_kg.query.execute.execute`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EngineError, QueryError
from .kg.build import build, current_build
from .layout import Layout, default_layout
from .query.catalog import CannedQuery, get_query, list_queries
from .query.engines import Engine, choose_engine
from .query.execute import execute
from .query.isolation import EngineSpec, IsolatedEngine
from .query.limits import DEFAULT_LIMITS, Limits
from .query.results import QueryResult, Value

if TYPE_CHECKING:
    from rdflib import Graph

    from .kg.build import BuildResult
    from .kg.validate import ValidationReport

PROVENANCE_QUERY = "provenance"
"""The canned query behind :meth:`KnowledgeGraph.provenance` (one ``term iri`` param)."""
EXTERNAL_QUERY = "external-facts"
"""The canned query behind :meth:`KnowledgeGraph.external_sources`."""


@dataclass(frozen=True)
class Provenance:
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
    """A loaded knowledge graph and the engine that answers its queries.

    Prefer :func:`load`. ``graph_files`` are the files the engine was loaded from, which
    :attr:`graph` parses on first use when the engine holds no rdflib graph itself;
    ``limits`` apply to every query unless a call gives its own.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        layout: Layout | None = None,
        include_external: bool = True,
        build: BuildResult | None = None,
        graph_files: Sequence[Path] = (),
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.engine = engine
        self.layout = layout or default_layout()
        self.include_external = include_external
        self.build = build
        self.limits = limits
        self._graph_files = list(graph_files)
        self._graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (the rdflib engine's own, or parsed on first use).

        :raises EngineError: for a remote endpoint, whose triples are not held here.
        """
        if self._graph is None:
            own = getattr(self.engine, "graph", None)
            if own is not None:
                self._graph = own
            elif self._graph_files:
                from .rdfio.parse import parse_files

                self._graph = parse_files(self._graph_files)
            else:
                raise EngineError(
                    f"no local rdflib graph: queries go to {self.engine!r}; "
                    "use kg.sparql(), or load a local engine"
                )
        return self._graph

    def __len__(self) -> int:
        """The number of triples (a COUNT query when the engine does not know it)."""
        sized = getattr(self.engine, "__len__", None)
        if sized is not None:
            return int(sized())
        rows = self.sparql("SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }").rows
        count = rows[0]["triples"] if rows else 0
        return count if isinstance(count, int) else 0

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} triples, engine {self.engine.name}>"

    def close(self) -> None:
        """Stop the engine's worker processes, if it has any (they stop at exit anyway)."""
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def validate(self) -> ValidationReport:
        """Validate the asserted data against the project shapes (see :mod:`.kg.validate`).

        :raises InputError: for an unreadable data file.
        """
        from .kg.validate import validate
        from .rdfio.parse import parse_files

        data = parse_files(self.layout.data_files(self.include_external))
        return validate(data, layout=self.layout)

    def queries(self) -> list[CannedQuery]:
        """The catalogue of canned queries, sorted by name."""
        return list_queries(self.layout)

    def query(self, name: str, /, limits: Limits | None = None, **params: object) -> QueryResult:
        """Answer the canned query ``name`` with its typed ``params``.

        >>> kg = load()
        >>> [row["stateLabel"] for row in kg.query("members-since", org="bk:NATO", asOf=2004)]
        ['Greece', 'Romania', 'Slovakia', 'Slovenia', 'Spain']

        :raises UnknownQueryError: for a name that is not in the catalogue.
        :raises ParameterError: for parameters that do not fit its declaration.
        :raises QueryError: as :func:`~balkan_kg.query.execute.execute` does.
        """
        return execute(
            self.engine, get_query(name, self.layout), params, limits=limits or self.limits
        )

    def sparql(self, text: str, /, limits: Limits | None = None, **bindings: object) -> QueryResult:
        """Answer a read-only SPARQL query; the project prefixes need not be declared.

        ``bindings`` are bound by their Python type as canned-query parameters are
        (``IRI("bk:NATO")`` for an IRI, see :func:`~balkan_kg.query.params.python_term_text`),
        at the query's ``#PARAMS`` line or else first in its ``WHERE`` group (see
        :mod:`balkan_kg.query.params`).

        >>> from balkan_kg import IRI
        >>> kg = load()
        >>> kg.sparql("ASK { ?m org:member ?state }", state=IRI("bk:Albania")).boolean
        True

        :raises ParameterError: for a binding that cannot be bound.
        :raises QueryError: as :func:`~balkan_kg.query.execute.execute` does.
        """
        return execute(self.engine, text, bindings, limits=limits or self.limits)

    def external_sources(self, iri: str) -> list[tuple[str, str]]:
        """``(fact, source)`` for the external fact ``iri``, or for the external facts
        about the entity ``iri``: the provenance of what the text does not state.

        Empty when external facts were left out of the load or the catalogue has no
        ``external-facts`` query.
        """
        if EXTERNAL_QUERY not in {q.name for q in self.queries()}:
            return []
        rows = (
            self.query(EXTERNAL_QUERY, fact=iri).rows
            or self.query(EXTERNAL_QUERY, subject=iri).rows
        )
        return [(str(row["fact"]), str(row["source"])) for row in rows]

    def provenance(self, iri: str) -> list[Provenance]:
        """Where facts about ``iri`` (prefixed name or full IRI) come from in the text.

        :raises UnknownQueryError: if the catalogue has no ``provenance`` query.
        """
        return [
            Provenance(
                fact=_opt_str(row.get("fact")),
                sentence=_opt_str(row.get("sentence")) or "",
                sentence_text=_opt_str(row.get("sentenceText")) or "",
                quote=_opt_str(row.get("quote")),
                begin=_opt_int(row.get("begin")),
                end=_opt_int(row.get("end")),
            )
            for row in self.query(PROVENANCE_QUERY, term=iri)
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
    start_method: str = "auto",
) -> KnowledgeGraph:
    """Load the knowledge graph into a query engine, building it first if needed.

    ``engine`` is ``"oxigraph"`` (embedded pyoxigraph, the default), ``"rdflib"`` (the
    reference) or ``"remote"``; an ``endpoint`` URL (a SPARQL query endpoint) means
    ``"remote"``. Left out, they come from ``$BALKAN_KG_ENGINE`` and
    ``$BALKAN_KG_ENDPOINT`` (see :func:`~balkan_kg.query.engines.choose_engine`). The
    local engines load the build (``build_dir``, else ``$BALKAN_KG_BUILD_DIR``, else
    ``build/`` in a checkout, else a user cache directory), which is only rebuilt when
    an input changed; with ``reasoning=False`` only the asserted triples
    (``merged.nt``), else also the closure (``inferred.nt``).

    A local engine answers in a worker process (:mod:`balkan_kg.query.isolation`), so
    that ``timeout`` (seconds, default :data:`~balkan_kg.query.limits.DEFAULT_TIMEOUT`)
    really stops a query that runs too long; ``start_method`` says how the worker starts
    (``"auto"``, ``"fork"`` or ``"forkserver"``, see :mod:`balkan_kg.query.isolation`).
    Call :meth:`KnowledgeGraph.close` (or use ``with``) to stop the worker early.

    A remote endpoint serves whatever was loaded into it (``balkan-kg load``):
    ``default_graph`` names the graph to query (sent as ``default-graph-uri``, default
    ``$BALKAN_KG_GRAPH``) and ``timeout`` bounds each request.

    :raises EngineError: for an unknown engine or options that cannot apply to it
        (``reasoning=False``, ``include_external=False`` or ``build_dir`` with a remote
        endpoint; ``default_graph`` with a local engine), rather than ignoring them.
    :raises BalkanKGError: as :func:`balkan_kg.kg.build.build` does, for a local engine.
    """
    choice = choose_engine(engine, endpoint, default_graph)
    limits = DEFAULT_LIMITS if timeout is None else Limits(timeout=timeout)
    if not choice.local:
        from .query.remote import RemoteEngine

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
        remote = RemoteEngine(choice.endpoint, default_graph=choice.default_graph)
        return KnowledgeGraph(remote, layout=layout, limits=limits)

    result = current_build(build_dir, include_external, layout) or build(
        build_dir, include_external=include_external, layout=layout
    )
    files = result.query_files(reasoning)
    isolated = IsolatedEngine(EngineSpec(choice.name, tuple(files)), start_method=start_method)
    return KnowledgeGraph(
        isolated,
        layout=layout,
        include_external=include_external,
        build=result,
        graph_files=files,
        limits=limits,
    )


def _opt_int(value: Value) -> int | None:
    if value is None or isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError as exc:
        raise QueryError(f"provenance offset is not an integer: {value!r}") from exc


def _opt_str(value: Value) -> str | None:
    if value is None or isinstance(value, str):
        return value  # keeps IRI values as IRI
    return str(value)
