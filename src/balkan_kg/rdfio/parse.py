"""Reading the project's RDF files into an rdflib graph or pyoxigraph triples.

Every curated or user-supplied file is read through the strict gate
(:mod:`balkan_kg.rdfio.gate`: Turtle or N-Triples, bounded, strictly parsed by
pyoxigraph); rdflib graphs are built from its triples through :mod:`.bridge`, so
rdflib's own, more lenient parsers never see an input file. The build's own outputs,
which the build wrote and hashed, are loaded straight into a store by
:func:`load_store`. Every failure is an :class:`~balkan_kg.errors.InputError` naming
the file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .bridge import new_graph, rdflib_graph
from .gate import DEFAULT_LIMITS, GateLimits, format_of, read_rdf

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

_OXIGRAPH_FORMATS = {"Turtle": "TURTLE", "N-Triples": "N_TRIPLES"}

_POSITION_PREFIX = re.compile(r"^Parser error [^:]*: ")
_LINE_SUFFIX = re.compile(r" \(line \d+\)$")


def read_triples(path: str | Path, limits: GateLimits = DEFAULT_LIMITS) -> list[pyoxigraph.Triple]:
    """Every triple of one Turtle or N-Triples file, read through the strict gate
    (:func:`balkan_kg.rdfio.gate.read_rdf`) within ``limits``.

    :raises InputError: for anything the gate refuses (file, line, column and why).
    """
    return read_rdf(path, limits=limits).triples


def load_store(store: pyoxigraph.Store, path: str | Path) -> None:
    """Add the triples of a Turtle or N-Triples file to ``store``'s default graph.

    pyoxigraph reads the file itself (strictly, without making Python objects of its
    triples), which is how the build's output files are loaded for querying.

    :raises InputError: as :func:`read_triples` does.
    """
    import pyoxigraph

    file = Path(path)
    rdf_format = _OXIGRAPH_FORMATS[format_of(file)]
    try:
        store.load(
            path=file,
            format=getattr(pyoxigraph.RdfFormat, rdf_format),
            base_iri=file.resolve().as_uri(),
        )
    except FileNotFoundError:
        raise InputError(file, None, "file not found") from None
    except SyntaxError as exc:
        raise syntax_error(file, exc) from None
    except OSError as exc:
        raise InputError(file, None, f"cannot read file: {exc.strerror or exc}") from None


def syntax_error(path: Path, exc: SyntaxError) -> InputError:
    """An :class:`InputError` for a pyoxigraph syntax error, with its line and column.

    pyoxigraph sets ``lineno`` and ``offset`` (1-based) and writes the position again at
    the start of its message ("Parser error at line 4 between columns 9 and 14: ...");
    that part is dropped, since the error names the position itself. ``exc.msg`` is read
    rather than ``str(exc)``, which for a file pyoxigraph read itself (:func:`load_store`)
    ends in "(path, line N)" as well.
    """
    message = " ".join((exc.msg or str(exc)).split())
    detail = _POSITION_PREFIX.sub("", message, count=1)
    detail = _LINE_SUFFIX.sub("", detail)
    return InputError(path, exc.lineno, f"syntax error: {detail}", column=exc.offset)


def parse_files(
    paths: Iterable[str | Path],
    graph: Graph | None = None,
    limits: GateLimits = DEFAULT_LIMITS,
) -> Graph:
    """Every file's triples, read through the gate, in one rdflib graph (a new one unless
    ``graph`` is given). Blank nodes are scoped per file, as if each file were parsed on
    its own; rdflib's own parsers never see the files.

    :raises InputError: as :func:`read_triples` does.
    """
    target = graph if graph is not None else new_graph()
    for path in paths:
        rdflib_graph(read_triples(path, limits), target)
    return target
