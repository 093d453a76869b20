"""Query results: rows of Python values, the W3C result formats, graphs, DataFrames.

A :class:`QueryResult` holds what the engine answered as pyoxigraph terms (every engine
answers in them, see :mod:`balkan_kg.query.engines`) and offers it the ways users of
rdflib and pyoxigraph expect: iterate over a SELECT result for its rows (dicts of
Python values), test an ASK result for truth, take a CONSTRUCT or DESCRIBE result's
triples or rdflib graph; :meth:`~QueryResult.serialize` writes the SPARQL 1.1 results
formats (JSON, XML, CSV, TSV) or a graph format (Turtle, N-Triples, JSON-LD), and
:meth:`~QueryResult.to_dataframe` gives a typed pandas DataFrame.

Terms become Python values by :func:`to_python`:

==========================================  ==========================
RDF term                                    Python value
==========================================  ==========================
IRI                                         :class:`IRI` (a ``str``)
blank node                                  :class:`BlankNode` (a ``str``)
``xsd:string``, language-tagged             ``str``
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

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ..namespaces import XSD, shorten
from ..rdfio.serialize import GRAPH_FORMATS
from ..rdfio.serialize import MEDIA_TYPES as GRAPH_MEDIA_TYPES
from .text import QueryForm

if TYPE_CHECKING:
    import pandas
    import pyoxigraph
    from rdflib import Graph

    Term: TypeAlias = (
        pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
    )
else:
    Term: TypeAlias = Any


class IRI(str):
    """An IRI: a ``str`` whose repr is ``IRI('...')``.

    Returned in result rows; also the way to bind an IRI in an ad-hoc query
    (``kg.sparql(text, org=IRI("bk:NATO"))``), where a prefixed name is expanded.
    """

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


Value: TypeAlias = IRI | BlankNode | str | int | Decimal | float | bool | dt.date | None
"""A Python value of a result row (``dt.datetime`` is a ``dt.date``)."""

Row: TypeAlias = dict[str, Value]
"""One solution: variable name (without ``?``) -> value (``None`` if unbound)."""

RESULT_FORMATS: Final = ("json", "xml", "csv", "tsv")
"""The SPARQL 1.1 results formats :meth:`QueryResult.serialize` writes."""

MEDIA_TYPES: Final = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    **GRAPH_MEDIA_TYPES,
}
"""The media type of every format :meth:`QueryResult.serialize` writes."""

TABLE_CELL_WIDTH: Final = 60
"""Table cells longer than this are cut with ``…`` unless the table is wide."""

_INTEGER_TYPES: Final = frozenset(
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
_GYEAR = re.compile(r"(-?[0-9]{4,})(Z|[+-][0-9]{2}:[0-9]{2})?")


def to_python(term: Term | None) -> Value:
    """One pyoxigraph term as a Python value (see the module docstring).

    >>> import pyoxigraph as ox
    >>> to_python(ox.Literal("2009", datatype=ox.NamedNode(XSD + "gYear")))
    2009
    >>> to_python(ox.NamedNode("https://w3id.org/balkan-kg/id/NATO"))
    IRI('https://w3id.org/balkan-kg/id/NATO')
    """
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return IRI(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BlankNode(term.value)
    if not isinstance(term, pyoxigraph.Literal):
        return str(term)
    lexical = term.value
    if term.language:
        return lexical
    datatype = term.datatype.value
    try:
        if datatype == XSD + "string":
            return lexical
        if datatype in _INTEGER_TYPES:
            return int(lexical.strip())
        if datatype == XSD + "decimal":
            return Decimal(lexical.strip())
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical.strip().replace("INF", "inf"))
        if datatype == XSD + "boolean":
            flag = lexical.strip()
            return {"true": True, "1": True, "false": False, "0": False}.get(flag, lexical)
        if datatype == XSD + "date":
            return dt.date.fromisoformat(lexical.strip())
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(lexical.strip().replace("Z", "+00:00"))
        if datatype == XSD + "gYear":
            match = _GYEAR.fullmatch(lexical.strip())
            return int(match.group(1)) if match else lexical
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


def show_term(term: Term | None) -> str:
    """A term as shown in tables: IRIs as prefixed names, literals as their text."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return shorten(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return " ".join(term.value.split())
    return str(term)


@dataclass
class QueryResult:
    """The answer to one query.

    ``form`` is the query form. A SELECT result has ``variables`` and ``terms`` (one
    tuple per solution, in the order of ``variables``, ``None`` where unbound); an ASK
    result has ``boolean``; a CONSTRUCT or DESCRIBE result has ``triples``.
    """

    form: QueryForm
    variables: tuple[str, ...] = ()
    terms: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[pyoxigraph.Triple] = field(default_factory=list)

    @classmethod
    def from_oxigraph(cls, answer: object, form: QueryForm) -> QueryResult:
        """A result from pyoxigraph's answer to a query of ``form`` (read to the end).

        :raises TypeError: if the answer is not of the kind the form gives.
        """
        import pyoxigraph

        if form == "SELECT" and isinstance(answer, pyoxigraph.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            return cls(form, names, [tuple(solution) for solution in answer])
        if form == "ASK" and isinstance(answer, pyoxigraph.QueryBoolean):
            return cls(form, boolean=bool(answer))
        if form in ("CONSTRUCT", "DESCRIBE") and isinstance(answer, pyoxigraph.QueryTriples):
            return cls(form, triples=list(answer))
        raise TypeError(f"a {form} query cannot answer {type(answer).__name__}")

    @property
    def is_graph(self) -> bool:
        """Whether this is the graph of a CONSTRUCT or DESCRIBE query."""
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def __len__(self) -> int:
        """The number of solutions, or of triples for a graph (0 for ASK)."""
        return len(self.triples) if self.is_graph else len(self.terms)

    def __bool__(self) -> bool:
        """The answer of an ASK query; otherwise whether there is any row or triple."""
        return bool(self.boolean) if self.form == "ASK" else len(self) > 0

    def __iter__(self) -> Iterator[Row]:
        """The rows of a SELECT result.

        :raises TypeError: for ASK (use ``bool(result)``) and graph results (use
            :attr:`triples` or :attr:`graph`).
        """
        if self.form != "SELECT":
            use = "bool(result)" if self.form == "ASK" else "result.triples or result.graph"
            raise TypeError(f"a {self.form} result has no rows: use {use}")
        names = self.variables
        for terms in self.terms:
            yield {name: to_python(term) for name, term in zip(names, terms, strict=True)}

    @property
    def rows(self) -> list[Row]:
        """Every row of a SELECT result (see :meth:`__iter__`)."""
        return list(self)

    def column(self, name: str) -> list[Value]:
        """The values of one variable, in row order.

        :raises KeyError: for a variable the query does not project.
        """
        index = self.variables.index(name) if name in self.variables else None
        if index is None:
            raise KeyError(f"no variable {name!r} (variables: {', '.join(self.variables)})")
        return [to_python(terms[index]) for terms in self.terms]

    @property
    def graph(self) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE result as an rdflib graph."""
        from ..rdfio.bridge import rdflib_graph

        if not self.is_graph:
            raise TypeError(f"a {self.form} result is not a graph")
        return rdflib_graph(self.triples)

    def serialize(self, format_name: str = "json") -> str:
        """The result in a W3C format.

        SELECT and ASK: ``json``, ``xml``, ``csv``, ``tsv`` (SPARQL 1.1 Query Results;
        pyoxigraph writes them). CONSTRUCT and DESCRIBE: ``turtle``, ``nt``, ``jsonld``
        (:mod:`balkan_kg.rdfio.serialize`).

        :raises ValueError: for a format this kind of result cannot be written in.
        """
        if self.is_graph:
            from ..rdfio.serialize import serialize

            if format_name not in GRAPH_FORMATS:
                raise ValueError(
                    f"a {self.form} result is a graph: choose from {', '.join(GRAPH_FORMATS)}"
                )
            return serialize(self.triples, format_name)
        if format_name not in RESULT_FORMATS:
            raise ValueError(
                f"a {self.form} result is written as {', '.join(RESULT_FORMATS)}, "
                f"not {format_name!r}"
            )
        import pyoxigraph

        results = pyoxigraph.parse_query_results(
            self._results_json() if self.form == "ASK" else self._tsv(),
            format=pyoxigraph.QueryResultsFormat.JSON
            if self.form == "ASK"
            else pyoxigraph.QueryResultsFormat.TSV,
        )
        output_format = getattr(pyoxigraph.QueryResultsFormat, format_name.upper())
        data = results.serialize(format=output_format)
        text = data.decode("utf-8") if data is not None else ""
        if format_name == "xml":
            # pyoxigraph 0.5 writes a carriage return in a literal as it is, which every XML
            # parser reads as a line feed (XML 1.0, section 2.11); a character reference
            # keeps it (oxigraph PR #1785 fixes this upstream). No markup holds a raw CR.
            text = text.replace("\r", "&#13;")
        return text

    def _tsv(self) -> str:
        """The solutions in SPARQL TSV, whose terms are written as pyoxigraph writes them."""
        lines = ["\t".join(f"?{name}" for name in self.variables)]
        lines.extend("\t".join("" if t is None else str(t) for t in terms) for terms in self.terms)
        return "\n".join(lines) + "\n"

    def _results_json(self) -> str:
        return '{"head":{},"boolean":' + ("true" if self.boolean else "false") + "}"

    def to_table(self, wide: bool = False) -> str:
        """An aligned plain-text table, IRIs shortened with the project prefixes.

        Cells longer than :data:`TABLE_CELL_WIDTH` end in ``…`` unless ``wide``. Ends
        with the row count. ASK gives ``true`` or ``false``; a graph lists its triples.
        """
        if self.form == "ASK":
            return "true" if self.boolean else "false"
        if self.is_graph:
            header: Sequence[str] = ("subject", "predicate", "object")
            body = [
                [show_term(t.subject), show_term(t.predicate), show_term(t.object)]
                for t in sorted(self.triples, key=str)
            ]
            noun = "triple"
        else:
            header = self.variables
            body = [[show_term(t) for t in terms] for terms in self.terms]
            noun = "row"
        if not wide:
            body = [[_cut(cell) for cell in cells] for cells in body]
        widths = [len(h) for h in header]
        for cells in body:
            widths = [max(w, len(c)) for w, c in zip(widths, cells, strict=True)]

        def line(cells: Iterable[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        lines = [line(header), line("-" * w for w in widths)]
        lines.extend(line(cells) for cells in body)
        lines.append(f"({len(body)} {noun}{'' if len(body) == 1 else 's'})")
        return "\n".join(lines)

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows of a SELECT result as a pandas DataFrame (``pip install balkan-kg[dataframe]``).

        A column whose values are all integers is ``Int64``, all booleans ``boolean``,
        all floats ``Float64``, all dates ``datetime64``, all strings or IRIs ``string``
        (unbound values are missing values); any other column keeps Python objects.

        :raises ImportError: when pandas is not installed, saying how to install it.
        :raises TypeError: for ASK and graph results.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'balkan-kg[dataframe]'"
            ) from None
        rows = self.rows
        frame = pd.DataFrame({name: [row[name] for row in rows] for name in self.variables})
        for name in self.variables:
            dtype = _column_dtype([row[name] for row in rows if row[name] is not None])
            if dtype == "datetime64[ns]":
                frame[name] = pd.to_datetime(frame[name])
            elif dtype is not None:
                frame[name] = frame[name].astype(dtype)
        return frame


def _column_dtype(values: list[Value]) -> str | None:
    """The pandas dtype that holds every one of ``values`` exactly, or ``None``."""
    if not values:
        return None
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "Int64"
    if kinds <= {float}:
        return "Float64"
    if kinds <= {dt.date}:
        return "datetime64[ns]"
    if kinds <= {str, IRI}:
        return "string"
    return None


def _cut(cell: str) -> str:
    return cell if len(cell) <= TABLE_CELL_WIDTH else cell[: TABLE_CELL_WIDTH - 1] + "…"
