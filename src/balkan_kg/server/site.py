"""What the pages keep between requests: labels, the timeline's rows, the ontology.

The graph does not change while the server runs, so what every page needs (the label
of each IRI, the rows of the timeline) is asked once, through the funnel, and kept.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from ..kg.timeline import QUERIES as TIMELINE_QUERIES
from ..kg.timeline import Bar, timeline_bars
from ..namespaces import shorten
from ..query.results import QueryResult
from .state import ServerState
from .web import ask, canned, text


@dataclass
class Site:
    """The server's state and what the pages keep."""

    state: ServerState
    _labels: dict[str, str] | None = None
    _bars: list[Bar] | None = None
    _ontology: dict[str, str] = field(default_factory=dict)

    async def labels(self) -> dict[str, str]:
        """IRI -> label, for every IRI of the graph that has one."""
        if self._labels is None:
            result = await ask(self.state, "labels")
            self._labels = {text(row["resource"]): text(row["label"]) for row in result}
        return self._labels

    async def label(self, iri: str) -> str:
        """The label of ``iri``, else its prefixed name (or ``<iri>``)."""
        return (await self.labels()).get(iri) or shorten(iri)

    async def bars(self) -> list[Bar]:
        """The rows of the timeline (see :mod:`balkan_kg.kg.timeline`)."""
        if self._bars is None:
            graph = self.state.graph()
            names = {q.name for q in await run_in_threadpool(graph.queries)}
            wanted = [name for name in TIMELINE_QUERIES if name in names]
            answers = await asyncio.gather(*(canned(self.state, name) for name in wanted))
            found: dict[str, QueryResult] = dict(zip(wanted, answers, strict=True))
            self._bars = timeline_bars(found.get)
        return self._bars

    def ontology_rdf(self, format_name: str) -> str:
        """The ontology files of the layout in a graph format (kept once written).

        :raises InputError: for an unreadable ontology file.
        """
        if format_name not in self._ontology:
            from ..rdfio.parse import read_triples
            from ..rdfio.serialize import canonical, serialize

            files = self.state.layout.ontology_files
            triples = canonical(t for path in files for t in read_triples(path))
            self._ontology[format_name] = serialize(triples, format_name)
        return self._ontology[format_name]
