"""The public entry point: :func:`load` a :class:`KnowledgeGraph` and query it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .engine import Engine, RdflibEngine, run
from .errors import QueryError
from .querytext import with_project_prefixes

if TYPE_CHECKING:
    from rdflib import Graph

    from .build import BuildResult
    from .catalog import CannedQuery
    from .resources import Layout
    from .results import QueryResult
    from .validate import ValidationReport

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

    Prefer :func:`load`; the constructor is for wrapping a graph you already have.
    ``data`` is the graph that :meth:`validate` checks (default: the data files of
    ``layout`` with external facts as ``include_external`` says).
    """

    def __init__(
        self,
        graph: Graph,
        *,
        layout: Layout | None = None,
        include_external: bool = True,
        build: BuildResult | None = None,
        engine: Engine | None = None,
        data: Graph | None = None,
    ) -> None:
        from .resources import default_layout

        self.graph = graph
        self.layout = layout or default_layout()
        self.include_external = include_external
        self.build = build
        self.engine: Engine = engine or RdflibEngine(graph)
        self._data = data

    def __len__(self) -> int:
        return len(self.graph)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self.graph)} triples>"

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

        return self.sparql(bind(get_query(name, self.layout), **params))

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
) -> KnowledgeGraph:
    """Load the knowledge graph, building it first if the build is missing or stale.

    Uses the build cache (``build_dir``, else ``$BALKAN_KG_BUILD_DIR``, else ``build/``
    in a checkout, else a user cache directory), so reasoning only reruns when an input
    changed. With ``reasoning=False`` only the asserted triples are loaded. Raises the
    errors of :func:`balkan_kg.build.build`.
    """
    from .build import build
    from .parsing import new_graph, parse_files

    result = build(build_dir, include_external=include_external, layout=layout)
    files = [result.path("merged.nt")]
    if reasoning:
        files.append(result.path("inferred.nt"))
    graph = parse_files(files, new_graph())
    return KnowledgeGraph(graph, layout=layout, include_external=include_external, build=result)


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
