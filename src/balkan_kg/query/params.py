"""Typed query parameters and their binding into a query text.

One binding semantics for every engine and every way in: the parameters become one
``VALUES`` block, ``VALUES (?a ?b) { (term term) }``, that joins a group of the query.
In a canned query the block replaces the line that consists of ``#PARAMS``
(surrounding whitespace allowed), so it joins the group where that line stands; in a
text without such a line (an ad-hoc query) it is put first in the ``WHERE`` clause's
group, so the group's patterns and filters see the values, as if the group began with
``#PARAMS``. An omitted optional parameter is not in the block, so its variable stays
unbound.

Each term is written by :func:`term_text` from a checked value; a raw user string is
never formatted into a query. Canned-query parameters are declared with one of
:data:`PARAM_TYPES` and accept a Python value or the command line's text for it
(:func:`to_value`); ad-hoc bindings take their type from the Python value
(:func:`python_term_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from ..errors import ParameterError
from ..namespaces import PREFIXES, XSD
from .results import IRI, BlankNode
from .text import tokens

PARAM_TYPES: Final = ("iri", "string", "integer", "decimal", "boolean", "date", "year")
"""The parameter types a query header may declare."""

PARAMS_LINE: Final = re.compile(r"^[ \t]*#PARAMS[ \t]*$", re.MULTILINE)
"""Matches the placeholder line that :func:`bind` replaces."""

ParamValue = str | int | bool | Decimal | dt.date
"""What :func:`to_value` returns: the checked value of a declared parameter."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_.-]*)?:(.*)", re.DOTALL)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_YEAR = re.compile(r"-?[0-9]{1,4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FORBIDDEN_IRI_CHARS = frozenset(' <>"{}|^`\\')
_OPAQUE_SCHEMES = frozenset({"urn", "mailto", "tag"})
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def expand_iri(value: str) -> str:
    """``bk:NATO``, ``<https://...>`` or ``https://...`` as a checked absolute IRI.

    Prefixed names use :data:`~balkan_kg.namespaces.PREFIXES`. An unbracketed value is
    taken as a full IRI only if it contains ``://`` or uses an opaque scheme (``urn``,
    ``mailto``, ``tag``), so a misspelt prefix is an error rather than a strange IRI.

    >>> expand_iri("bk:NATO")
    'https://w3id.org/balkan-kg/id/NATO'

    :raises ValueError: with the reason, if the value is not acceptable.
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif "://" in text:
        iri = text
    else:
        match = _PREFIXED.fullmatch(text)
        if match is None:
            raise ValueError("not an IRI or prefixed name")
        prefix = match.group(1) or ""
        if prefix in PREFIXES:
            iri = PREFIXES[prefix] + match.group(2)
        elif prefix.lower() in _OPAQUE_SCHEMES:
            iri = text
        else:
            known = ", ".join(sorted(PREFIXES))
            raise ValueError(f"unknown prefix {prefix + ':'!r} (known prefixes: {known})")
    if not _SCHEME.match(iri):
        raise ValueError("not an absolute IRI")
    bad = sorted({c for c in iri if c in _FORBIDDEN_IRI_CHARS or ord(c) < 0x21})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise ValueError(f"IRI contains characters that are not allowed: {shown}")
    return iri


def to_value(type_name: str, value: object) -> ParamValue:
    """Check a Python value, or the command line's text, for ``type_name``; normalise it.

    Returns the IRI (``str``) for ``iri``, ``str`` for ``string``, ``int`` for
    ``integer`` and ``year``, :class:`~decimal.Decimal` for ``decimal``, ``bool`` for
    ``boolean`` and :class:`datetime.date` for ``date``. Accepted: ``iri`` a prefixed
    name, ``<IRI>`` or full IRI; ``string`` any str; ``integer`` an int or a string of
    digits; ``decimal`` a Decimal, int, float or decimal string; ``boolean`` a bool or
    true/false/1/0/yes/no; ``date`` a ``datetime.date`` or ``YYYY-MM-DD``; ``year`` an
    int or a string of up to four digits.

    >>> to_value("year", "2010")
    2010

    :raises ValueError: naming the expected type.
    """
    if type_name not in PARAM_TYPES:
        raise ValueError(f"unknown parameter type {type_name!r}")
    expects = f"expects {type_name}, got {_show(value)}"
    if type_name == "iri":
        if not isinstance(value, str):
            raise ValueError(expects)
        try:
            return expand_iri(value)
        except ValueError as exc:
            raise ValueError(f"{expects}: {exc}") from None
    if type_name == "string":
        if not isinstance(value, str):
            raise ValueError(expects)
        return str(value)
    if type_name in ("integer", "year"):
        number = _integer(value, expects)
        if type_name == "year" and not _YEAR.fullmatch(str(number)):
            raise ValueError(expects)
        return number
    if type_name == "decimal":
        return _decimal(value, expects)
    if type_name == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError(expects)
    return _date(value, expects)


def _integer(value: object, expects: str) -> int:
    if isinstance(value, bool):
        raise ValueError(expects)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError(expects)


def _decimal(value: object, expects: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(expects)
    try:
        if isinstance(value, Decimal | int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            number = Decimal(value.strip())
        else:
            raise ValueError(expects)
    except InvalidOperation:
        raise ValueError(expects) from None
    if not number.is_finite():
        raise ValueError(expects)
    return number


def _date(value: object, expects: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(expects)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(expects) from None
    raise ValueError(expects)


def string_text(value: str) -> str:
    """A SPARQL string literal for ``value``, with backslash, quote and line breaks escaped."""
    return '"' + "".join(_STRING_ESCAPES.get(c, c) for c in value) + '"'


def term_text(type_name: str, value: object) -> str:
    """The SPARQL text of the term for a declared parameter's value.

    >>> term_text("iri", "bk:NATO")
    '<https://w3id.org/balkan-kg/id/NATO>'
    >>> term_text("year", 2010)
    '"2010"^^<http://www.w3.org/2001/XMLSchema#integer>'

    :raises ValueError: as :func:`to_value` does.
    """
    checked = to_value(type_name, value)
    if type_name == "iri":
        return f"<{checked}>"
    if type_name == "string":
        return string_text(str(checked))
    if type_name in ("integer", "year"):
        return f'"{checked}"^^<{XSD}integer>'
    if type_name == "decimal":
        return f'"{format(checked, "f")}"^^<{XSD}decimal>'
    if type_name == "boolean":
        return f'"{"true" if checked else "false"}"^^<{XSD}boolean>'
    assert isinstance(checked, dt.date)
    return f'"{checked.isoformat()}"^^<{XSD}date>'


def python_term_text(value: object) -> str:
    """The SPARQL text of the term for an ad-hoc binding, typed by its Python value.

    :class:`~balkan_kg.query.results.IRI` (a prefixed name or full IRI) is an IRI,
    ``bool`` an ``xsd:boolean``, ``int`` an ``xsd:integer``, ``Decimal`` an
    ``xsd:decimal``, ``float`` an ``xsd:double``, ``datetime`` an ``xsd:dateTime``,
    ``date`` an ``xsd:date`` and any other ``str`` a plain string. An rdflib or
    pyoxigraph term is bound as the term it is.

    >>> python_term_text(IRI("bk:NATO"))
    '<https://w3id.org/balkan-kg/id/NATO>'
    >>> python_term_text(2.5)
    '"2.5E0"^^<http://www.w3.org/2001/XMLSchema#double>'

    :raises ValueError: for a value of another type, or an unacceptable IRI.
    """
    if isinstance(value, IRI):
        return term_text("iri", str(value))
    if isinstance(value, BlankNode):
        raise ValueError("a blank node cannot be bound: it names nothing outside its result")
    if isinstance(value, bool):
        return term_text("boolean", value)
    if isinstance(value, int):
        return term_text("integer", value)
    if isinstance(value, Decimal):
        return term_text("decimal", value)
    if isinstance(value, float):
        return f'"{_double(value)}"^^<{XSD}double>'
    if isinstance(value, dt.datetime):
        return f'"{value.isoformat()}"^^<{XSD}dateTime>'
    if isinstance(value, dt.date):
        return term_text("date", value)
    if isinstance(value, str) and not _is_rdflib_term(value):
        return term_text("string", value)
    return _library_term_text(value)


def _is_rdflib_term(value: object) -> bool:
    """Whether ``value`` is an rdflib term: a ``str`` that is not to be bound as a string."""
    import sys

    rdflib = sys.modules.get("rdflib")
    return rdflib is not None and isinstance(value, rdflib.term.Node)


def _double(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    # The fewest digits that read back as the same double ("{:e}" alone keeps seven
    # significant digits: 0.123456789 was bound as 0.1234568); seventeen always suffice.
    for decimals in range(17):
        text = f"{value:.{decimals}e}"
        if float(text) == value:
            break
    mantissa, _, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{int(exponent)}"


def _library_term_text(value: Any) -> str:
    """The N-Triples text of an rdflib or pyoxigraph IRI or literal."""
    import sys

    oxigraph = sys.modules.get("pyoxigraph")
    if oxigraph is not None and isinstance(value, oxigraph.NamedNode | oxigraph.Literal):
        return str(value)
    rdflib = sys.modules.get("rdflib")
    if rdflib is not None and isinstance(value, rdflib.URIRef | rdflib.Literal):
        from ..rdfio.bridge import to_oxigraph

        return str(to_oxigraph(value))
    raise ValueError(f"cannot bind a value of type {type(value).__name__}: {_show(value)}")


def values_block(texts: Mapping[str, str]) -> str:
    """The ``VALUES`` clause for ``{variable: term text}``, or ``""`` when empty."""
    if not texts:
        return ""
    names = " ".join(f"?{name}" for name in texts)
    return f"VALUES ({names}) {{ ({' '.join(texts.values())}) }}"


def bind(text: str, texts: Mapping[str, str]) -> str:
    """``text`` with the terms ``{variable: term text}`` bound (see the module docstring).

    >>> bind("SELECT * WHERE {\\n  #PARAMS\\n  ?s ?p ?o }", {"s": "<http://e/a>"})
    'SELECT * WHERE {\\n  VALUES (?s) { (<http://e/a>) }\\n  ?s ?p ?o }'
    >>> bind("SELECT * WHERE { ?s ?p ?o }", {"s": "<http://e/a>"})
    'SELECT * WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }'

    :raises ParameterError: for values given to a query with neither a ``#PARAMS`` line
        nor a ``WHERE`` group.
    """
    block = values_block(texts)
    if PARAMS_LINE.search(text):
        return PARAMS_LINE.sub(lambda m: _indent(m.group(0)) + block, text, count=1)
    if not block:
        return text
    start = where_group_start(text)
    if start is None:
        raise ParameterError("cannot bind values: the query has no WHERE group and no #PARAMS line")
    return f"{text[:start]} {block}{text[start:]}"


def where_group_start(text: str) -> int | None:
    """The position just after the ``{`` that opens the query's ``WHERE`` group.

    Comments, strings, IRIs and names are skipped (:func:`~balkan_kg.query.text.tokens`).
    The group is the first top-level ``{``
    after the ``WHERE`` keyword or, in a SELECT or ASK query that leaves the keyword
    out, the first top-level ``{``. ``None`` if there is none (``DESCRIBE <iri>``).

    >>> where_group_start('CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }')
    31
    """
    depth = 0
    seen_where = False
    form = None
    for match in tokens(text):
        kind = match.lastgroup
        if kind == "word" and depth == 0:
            word = match.group().upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE":
                seen_where = True
        elif kind == "open":
            if depth == 0 and match.group() == "{" and (seen_where or form in ("SELECT", "ASK")):
                return match.end()
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
    return None


def bind_adhoc(text: str, bindings: Mapping[str, object]) -> str:
    """``text`` with Python values bound by their type (:func:`python_term_text`).

    :raises ParameterError: naming the variable, for a value that cannot be bound or a
        name that is not a SPARQL variable name.
    """
    texts = {}
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ParameterError(f"binding {name!r} is not a SPARQL variable name")
        try:
            texts[name] = python_term_text(value)
        except ValueError as exc:
            raise ParameterError(f"binding {name!r}: {exc}") from None
    return bind(text, texts)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
