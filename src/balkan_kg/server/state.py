"""What the server's routes share: its configuration, the build and the loaded graphs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..api import KnowledgeGraph
from ..kg.build import BuildResult, build, current_build
from ..layout import Layout, default_layout
from ..query.isolation import EngineSpec, IsolatedEngine
from .config import ServerConfig
from .slots import Slots


@dataclass
class ServerState:
    """What the routes share: the configuration, the build and the loaded graphs.

    ``reasoned`` answers queries over asserted and inferred triples (the default),
    ``asserted`` over the asserted triples alone (``?inference=false``).
    """

    config: ServerConfig
    layout: Layout
    build: BuildResult
    reasoned: KnowledgeGraph | None = None
    asserted: KnowledgeGraph | None = None
    started: float = field(default_factory=time.monotonic)
    stopping: bool = False
    slots: Slots = field(init=False)

    def __post_init__(self) -> None:
        # Queries evaluated at once over both graphs; the others wait (see .slots).
        self.slots = Slots(self.config.max_workers, self.config.wait_for_worker)

    def graph(self, inference: bool = True) -> KnowledgeGraph:
        """The loaded graph with or without inferred triples."""
        chosen = self.reasoned if inference else self.asserted
        if chosen is None:
            raise RuntimeError("the server's engines are not started")
        return chosen

    def start(self) -> None:
        """Start the query workers of both graphs, the two at the same time.

        :raises BalkanKGError: what loading a graph into its first worker raised.
        """
        config = self.config
        graphs: dict[bool, KnowledgeGraph] = {}
        failures: list[BaseException] = []

        def start_graph(reasoning: bool) -> None:
            try:
                files = tuple(self.build.query_files(reasoning))
                engine = IsolatedEngine(
                    EngineSpec("oxigraph", files),
                    start_method="forkserver",  # the server runs threads
                    max_workers=config.max_workers,
                    spare=config.spare_workers,
                    memory_limit=config.memory_limit,
                    demote_after=config.demote_after,
                )
                graphs[reasoning] = KnowledgeGraph(
                    engine,
                    layout=self.layout,
                    include_external=config.include_external,
                    build=self.build,
                    graph_files=files,
                    limits=config.limits,
                )
            except BaseException as exc:  # handed to the starting thread below
                failures.append(exc)

        threads = [threading.Thread(target=start_graph, args=(r,)) for r in (True, False)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.reasoned, self.asserted = graphs.get(True), graphs.get(False)
        if failures:
            self.stop()
            raise failures[0]

    def stop(self) -> None:
        """Stop the query workers (queries still running finish or time out first)."""
        self.stopping = True
        for kg in (self.reasoned, self.asserted):
            if kg is not None:
                kg.close()


def load_state(config: ServerConfig, layout: Layout | None = None) -> ServerState:
    """The build the server publishes: the current one, else a new one.

    :raises BalkanKGError: as :func:`balkan_kg.kg.build.build` does.
    """
    layout = layout or default_layout()
    result = current_build(config.build_dir, config.include_external, layout) or build(
        config.build_dir, include_external=config.include_external, layout=layout
    )
    return ServerState(config, layout, result)
