"""Query results as Python values, and their W3C serialisations.

A :class:`QueryResult` keeps the terms of the engine (``raw_rows``: rdflib terms, or
pyoxigraph terms from the command line's quick path, see :mod:`balkan_kg.quick`) and
offers the same rows with values converted to Python (``rows``). Both libraries' terms
are read through :func:`describe_term`, which imports neither: a term can only be of a
library that is already imported, so rdflib is never loaded just to print a result.

==========================================  ==========================
RDF term                                    Python value
==========================================  ==========================
IRI                                         :class:`IRI` (a ``str``)
blank node                                  :class:`BlankNode` (a ``str``)
plain, ``xsd:string``, language-tagged      ``str``
``xsd:integer`` and its derived types       ``int``
``xsd:decimal``                             ``decimal.Decimal``
``xsd:double``, ``xsd:float``               ``float``
``xsd:boolean``                             ``bool``
``xsd:date``                                ``datetime.date``
``xsd:dateTime``                            ``datetime.datetime``
``xsd:gYear``                               ``int``
any other datatype, or an ill-typed value   ``str`` (the lexical form)
unbound                                     ``None``
==========================================  ==========================
"""

from __future__ import annotations

import sys

from .namespaces import XSD, shorten
from .record import Record

# json, csv, datetime and decimal are imported by the functions that need them (and
# _GYEAR is compiled on first use), so that printing a table, as the command line's
# quick query path does, does not pay for them.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Literal

    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

    ResultKind = Literal["select", "ask", "construct"]
    TermKind = Literal["iri", "bnode", "literal", "other"]

_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_GYEAR = r"^(-?[0-9]{4,})(Z|[+-][0-9]{2}:[0-9]{2})?$"


class IRI(str):
    """An IRI returned by a query; a ``str`` whose repr is ``IRI('...')``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"

    @property
    def short(self) -> str:
        """The IRI as a prefixed name if a project prefix covers it, else ``<...>``."""
        return shorten(self)


class BlankNode(str):
    """A blank node label returned by a query; repr ``BlankNode('...')``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"BlankNode({str.__repr__(self)})"


def describe_term(term: object) -> tuple[TermKind, str, str | None, str | None]:
    """``(kind, value, datatype, language)`` of an rdflib or pyoxigraph term.

    ``value`` is the IRI, the blank node label or the literal's lexical form. As in
    rdflib, a plain literal has neither datatype nor language, so a pyoxigraph literal
    typed ``xsd:string`` is reported without datatype. Anything else is ``"other"``
    with ``str(term)``. Imports neither library.
    """
    oxigraph = sys.modules.get("pyoxigraph")
    if oxigraph is not None:
        if isinstance(term, oxigraph.NamedNode):
            return "iri", term.value, None, None
        if isinstance(term, oxigraph.BlankNode):
            return "bnode", term.value, None, None
        if isinstance(term, oxigraph.Literal):
            if term.language:
                return "literal", term.value, None, term.language
            datatype = term.datatype.value
            return "literal", term.value, None if datatype == XSD + "string" else datatype, None
    rdflib = sys.modules.get("rdflib")
    if rdflib is not None:
        if isinstance(term, rdflib.URIRef):
            return "iri", str(term), None, None
        if isinstance(term, rdflib.BNode):
            return "bnode", str(term), None, None
        if isinstance(term, rdflib.Literal):
            datatype = str(term.datatype) if term.datatype is not None else None
            return "literal", str(term), datatype, term.language or None
    return "other", str(term), None, None


def to_python(term: Node | None) -> object:
    """Convert one term (rdflib or pyoxigraph) to a Python value, as in the module doc."""
    if term is None:
        return None
    kind, lexical, datatype, _ = describe_term(term)
    if kind == "iri":
        return IRI(lexical)
    if kind == "bnode":
        return BlankNode(lexical)
    if kind != "literal":
        return lexical
    import datetime as dt
    from decimal import Decimal, InvalidOperation

    try:
        if datatype is None or datatype == XSD + "string":
            return lexical
        if datatype in _INTEGER_TYPES:
            return int(lexical.strip())
        if datatype == XSD + "decimal":
            return Decimal(lexical.strip())
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical.strip().replace("INF", "inf"))
        if datatype == XSD + "boolean":
            flag = lexical.strip()
            if flag in ("true", "1"):
                return True
            if flag in ("false", "0"):
                return False
            return lexical
        if datatype == XSD + "date":
            return dt.date.fromisoformat(lexical.strip())
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(lexical.strip().replace("Z", "+00:00"))
        if datatype == XSD + "gYear":
            import re

            match = re.match(_GYEAR, lexical.strip())
            return int(match.group(1)) if match else lexical
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


class QueryResult(Record):
    """The result of a query.

    For SELECT, ``variables`` are the projected names (without ``?``) and each row maps
    every variable to a value (``None`` if unbound). For ASK, ``boolean`` holds the
    answer and there are no rows. For CONSTRUCT (and DESCRIBE), ``graph`` holds the
    triples and the rows list them as ``subject``/``predicate``/``object``.
    """

    variables: list[str]
    raw_rows: list[dict[str, Node | None]]
    kind: ResultKind
    boolean: bool | None
    graph: Graph | None

    def __init__(
        self,
        variables: list[str],
        raw_rows: list[dict[str, Node | None]] | None = None,
        kind: ResultKind = "select",
        boolean: bool | None = None,
        graph: Graph | None = None,
    ) -> None:
        self.variables = variables
        self.raw_rows = [] if raw_rows is None else raw_rows
        self.kind = kind
        self.boolean = boolean
        self.graph = graph

    @classmethod
    def from_rows(
        cls, variables: Sequence[str], rows: Sequence[Mapping[str, Node | None]]
    ) -> QueryResult:
        """A SELECT result from raw rows (missing variables count as unbound)."""
        names = list(variables)
        return cls(names, [{v: row.get(v) for v in names} for row in rows])

    @classmethod
    def from_rdflib(cls, result: Result) -> QueryResult:
        """A SELECT result from an rdflib ``Result`` (local or parsed from a server's
        answer); variables keep the order of its head."""
        variables = [str(v) for v in result.vars or []]
        rows = [{str(k): v for k, v in binding.items()} for binding in result.bindings]
        return cls.from_rows(variables, rows)

    @classmethod
    def from_boolean(cls, answer: bool) -> QueryResult:
        """An ASK result."""
        return cls([], [], kind="ask", boolean=bool(answer))

    @classmethod
    def from_graph(cls, graph: Graph) -> QueryResult:
        """A CONSTRUCT result; rows are the triples, sorted."""
        names = ["subject", "predicate", "object"]
        rows: list[dict[str, Node | None]] = [
            dict(zip(names, triple, strict=True)) for triple in sorted(graph)
        ]
        return cls(names, rows, kind="construct", graph=graph)

    @property
    def rows(self) -> list[dict[str, object]]:
        """The rows with every value converted by :func:`to_python`."""
        return [{k: to_python(v) for k, v in row.items()} for row in self.raw_rows]

    def __len__(self) -> int:
        return len(self.raw_rows)

    def column(self, name: str) -> list[object]:
        """The converted values of one variable, in row order."""
        return [to_python(row.get(name)) for row in self.raw_rows]

    def to_json(self, indent: int | None = 2) -> str:
        """The W3C SPARQL 1.1 Query Results JSON format.

        SELECT and CONSTRUCT give ``{"head": {"vars": [...]}, "results": {"bindings":
        [...]}}``, unbound variables being left out of a binding; ASK gives
        ``{"head": {}, "boolean": ...}``.
        """
        import json

        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=indent)
        bindings = [
            {name: _json_term(term) for name, term in row.items() if term is not None}
            for row in self.raw_rows
        ]
        document = {"head": {"vars": self.variables}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=indent, ensure_ascii=False)

    def to_csv(self) -> str:
        """The W3C SPARQL 1.1 Query Results CSV format (RFC 4180, CRLF line ends).

        The header row holds the variable names; IRIs are written bare, literals as
        their lexical form (no datatype or language), blank nodes as ``_:label``, and
        unbound values as empty fields. An ASK result is one ``true``/``false`` field
        under the header ``boolean``.
        """
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.variables)
        for row in self.raw_rows:
            writer.writerow([_csv_term(row.get(v)) for v in self.variables])
        return out.getvalue()

    def to_table(self) -> str:
        """An aligned plain-text table, IRIs shortened with the project prefixes.

        Ends with a line giving the row count. An ASK result is just ``true``/``false``.
        """
        if self.kind == "ask":
            return "true" if self.boolean else "false"
        header = self.variables
        body = [[show_term(row.get(v)) for v in header] for row in self.raw_rows]
        widths = [len(h) for h in header]
        for cells in body:
            widths = [max(w, len(c)) for w, c in zip(widths, cells, strict=True)]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        lines = [line(header), line(["-" * w for w in widths])]
        lines.extend(line(cells) for cells in body)
        count = len(body)
        lines.append(f"({count} row{'s' if count != 1 else ''})")
        return "\n".join(lines)


def _json_term(term: Node) -> dict[str, str]:
    kind, value, datatype, language = describe_term(term)
    if kind == "iri":
        return {"type": "uri", "value": value}
    if kind == "bnode":
        return {"type": "bnode", "value": value}
    item = {"type": "literal", "value": value}
    if language:
        item["xml:lang"] = language
    elif datatype is not None and datatype != XSD + "string":
        item["datatype"] = datatype
    return item


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    kind, value, _, _ = describe_term(term)
    return f"_:{value}" if kind == "bnode" else value


def show_term(term: Node | None) -> str:
    """A term as shown in tables: IRIs as prefixed names, literals as their text."""
    if term is None:
        return ""
    kind, value, _, _ = describe_term(term)
    if kind == "iri":
        return shorten(value)
    if kind == "bnode":
        return f"_:{value}"
    return " ".join(value.split())
