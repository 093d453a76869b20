"""The one way to parse the project's RDF files (named ``parsing`` so it cannot shadow
:func:`balkan_kg.load`).

:func:`parse_files` turns every parse failure into an :class:`~balkan_kg.errors.InputError`
naming the file and, when the parser knows it, the 1-based line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .namespaces import PREFIXES
from .resources import default_layout

if TYPE_CHECKING:
    from rdflib import Graph

_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}

_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)\b")


def rdf_format(path: Path) -> str:
    """The rdflib parser name for ``path``, chosen by suffix (Turtle if unknown)."""
    return _FORMATS.get(path.suffix.lower(), "turtle")


def new_graph() -> Graph:
    """An empty in-memory graph with the project prefixes bound."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def parse_files(paths: Iterable[str | Path], graph: Graph | None = None) -> Graph:
    """Parse every file into one graph (a new one unless ``graph`` is given) and return it.

    Raises :class:`InputError` for a missing or unreadable file, and for a syntax
    error, with the file and the line of the error.
    """
    from rdflib.plugins.parsers.notation3 import BadSyntax

    target = graph if graph is not None else new_graph()
    for raw in paths:
        path = Path(raw)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(path, None, "file not found") from None
        except OSError as exc:
            raise InputError(path, None, f"cannot read file: {exc.strerror or exc}") from None
        try:
            target.parse(data=data, format=rdf_format(path), publicID=path.resolve().as_uri())
        except BadSyntax as exc:
            raise InputError(path, exc.lines + 1, f"syntax error: {exc._why}") from None
        except Exception as exc:
            raise InputError(path, _line_of(exc), f"cannot parse: {_one_line(exc)}") from None
    return target


def source_files(include_external: bool = True, include_ontology: bool = True) -> list[Path]:
    """The project's RDF inputs: ontology, ``data/*.ttl`` and ``data/external/*.ttl``.

    See :meth:`balkan_kg.resources.Layout.source_files` for the order.
    """
    return default_layout().source_files(include_external, include_ontology)


def _line_of(exc: BaseException) -> int | None:
    line = getattr(exc, "lineno", None) or getattr(exc, "line", None)
    if isinstance(line, int):
        return line
    match = _LINE_IN_MESSAGE.search(str(exc))
    return int(match.group(1)) if match else None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
