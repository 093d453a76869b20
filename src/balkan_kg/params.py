"""Typed query parameters and their binding into a query text.

Binding semantics (the same for every engine): the line of the query that consists of
``#PARAMS`` (surrounding whitespace allowed) is replaced by one ``VALUES`` block with
the supplied parameters, ``VALUES (?a ?b) { (term term) }``. Each term is written by
:func:`term_text` from a validated value (the text of the rdflib term :func:`to_term`
builds, without importing rdflib); a raw user string is never formatted into the query.
An omitted optional parameter is simply not in the block, so its variable stays
unbound; when no parameter is supplied the line is removed.

``datetime`` and ``decimal`` are imported by the types that need them.
"""

from __future__ import annotations

import re

from .errors import ParameterError
from .namespaces import PREFIXES, XSD

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from typing import Final

    from rdflib.term import Identifier

    from .catalog import CannedQuery, Param

PARAM_TYPES: Final = ("iri", "string", "integer", "decimal", "boolean", "date", "year")
"""The parameter types a query header may declare."""

PARAMS_LINE: Final = re.compile(r"^[ \t]*#PARAMS[ \t]*$", re.MULTILINE)
"""Matches the placeholder line that :func:`bind` replaces."""

# Patterns for parameter values, compiled on first use by re.match (which caches them):
# a query run without parameters, as the quick query path often is, does not need them.
_SCHEME = r"^[A-Za-z][A-Za-z0-9+.-]*:"
_PREFIXED = r"(?s)^([A-Za-z][A-Za-z0-9_.-]*)?:(.*)$"
_INTEGER = r"^[+-]?[0-9]+$"
_DECIMAL = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
_YEAR = r"^-?[0-9]{1,4}$"
_FORBIDDEN_IRI_CHARS = frozenset(' <>"{}|^`\\')
_OPAQUE_SCHEMES = frozenset({"urn", "mailto", "tag"})
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def expand_iri(value: str) -> str:
    """Turn ``bk:NATO``, ``<https://...>`` or ``https://...`` into a checked absolute IRI.

    Prefixed names use :data:`~balkan_kg.namespaces.PREFIXES`. An unbracketed value
    is taken as a full IRI only if it contains ``://`` or uses an opaque scheme (``urn``,
    ``mailto``, ``tag``), so a misspelt prefix is an error rather than a strange IRI.
    Raises :class:`ValueError` with the reason if the value is not acceptable.
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif "://" in text:
        iri = text
    else:
        match = re.match(_PREFIXED, text)
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
    if not re.match(_SCHEME, iri):
        raise ValueError("not an absolute IRI")
    bad = sorted({c for c in iri if c in _FORBIDDEN_IRI_CHARS or ord(c) < 0x21})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise ValueError(f"IRI contains characters that are not allowed: {shown}")
    return iri


def to_value(type_name: str, value: object) -> object:
    """Check a Python value or a command-line string for ``type_name`` and normalise it.

    Returns the IRI (``str``) for ``iri``, ``str`` for ``string``, ``int`` for
    ``integer`` and ``year``, :class:`~decimal.Decimal` for ``decimal``, ``bool`` for
    ``boolean`` and :class:`datetime.date` for ``date``. Accepted values are those of
    :func:`to_term`. Raises :class:`ValueError` with the expected type named.
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
        if isinstance(value, bool):
            raise ValueError(expects)
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and re.match(_INTEGER, value.strip()):
            number = int(value.strip())
        else:
            raise ValueError(expects)
        if type_name == "year" and not re.match(_YEAR, str(number)):
            raise ValueError(expects)
        return number
    if type_name == "decimal":
        from decimal import Decimal, InvalidOperation

        if isinstance(value, bool):
            raise ValueError(expects)
        try:
            if isinstance(value, Decimal | int):
                number_d = Decimal(value)
            elif isinstance(value, float):
                number_d = Decimal(repr(value))
            elif isinstance(value, str) and re.match(_DECIMAL, value.strip()):
                number_d = Decimal(value.strip())
            else:
                raise ValueError(expects)
        except InvalidOperation:
            raise ValueError(expects) from None
        if not number_d.is_finite():
            raise ValueError(expects)
        return number_d
    if type_name == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError(expects)
    # date
    import datetime as dt

    if isinstance(value, dt.datetime):
        raise ValueError(expects)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(expects) from None
    raise ValueError(expects)


def to_term(type_name: str, value: object) -> Identifier:
    """Convert a Python value or a command-line string to an rdflib term of ``type_name``.

    Accepted values per type: ``iri`` - str (prefixed name, ``<IRI>`` or full IRI) or
    ``URIRef``; ``string`` - str; ``integer`` - int or a string of digits; ``decimal`` -
    Decimal, int, float or a decimal string; ``boolean`` - bool or true/false/1/0/yes/no;
    ``date`` - ``datetime.date`` or ``YYYY-MM-DD``; ``year`` - int or a string of up to
    four digits, bound as ``xsd:integer``. Raises :class:`ValueError` with the expected
    type named, for the caller to wrap with the parameter and query names.
    """
    import datetime as dt

    from rdflib import XSD, Literal, URIRef

    checked = to_value(type_name, value)
    if type_name == "iri":
        return URIRef(str(checked))
    if type_name == "string":
        return Literal(checked)
    if type_name in ("integer", "year"):
        return Literal(str(checked), datatype=XSD.integer)
    if type_name == "decimal":
        return Literal(checked, datatype=XSD.decimal)
    if type_name == "boolean":
        return Literal(checked)
    assert isinstance(checked, dt.date)
    return Literal(checked.isoformat(), datatype=XSD.date)


def term_text(type_name: str, value: object) -> str:
    """The SPARQL text of the term :func:`to_term` builds, written without rdflib.

    The same text as ``to_term(type_name, value).n3()`` except for strings holding a
    line break, which rdflib writes in triple quotes and this function as one short
    string with ``\\n`` escapes (the same literal). Raises :class:`ValueError` as
    :func:`to_term` does.
    """
    checked = to_value(type_name, value)
    if type_name == "iri":
        return f"<{checked}>"
    if type_name == "string":
        text = str(checked)
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
            text = text.replace(raw, escaped)
        return f'"{text}"'
    if type_name in ("integer", "year"):
        return f'"{checked}"^^<{XSD}integer>'
    if type_name == "decimal":
        return f'"{format(checked, "f")}"^^<{XSD}decimal>'
    if type_name == "boolean":
        return f'"{"true" if checked else "false"}"^^<{XSD}boolean>'
    return f'"{checked.isoformat()}"^^<{XSD}date>'  # type: ignore[attr-defined]


def param_term(query: CannedQuery, param: Param, value: object) -> Identifier:
    """:func:`to_term` for ``param`` of ``query``, raising :class:`ParameterError`."""
    try:
        return to_term(param.type, value)
    except ValueError as exc:
        raise ParameterError(f"parameter {param.name!r} of query {query.name!r} {exc}") from None


def check_params(query: CannedQuery, params: dict[str, object]) -> dict[str, Identifier]:
    """Validate ``params`` against ``query``'s declared parameters and convert them.

    A value of ``None`` counts as omitted. Raises :class:`ParameterError` for an unknown
    name (listing the valid ones), a missing required parameter, or a wrong type.
    Returns the terms in declaration order.
    """
    return {p.name: param_term(query, p, value) for p, value in _supplied(query, params).items()}


def _supplied(query: CannedQuery, params: dict[str, object]) -> dict[Param, object]:
    """The supplied parameters in declaration order, after the checks of :func:`check_params`."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        valid = ", ".join(declared) if declared else "none"
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} for query {query.name!r} (valid parameters: {valid})"
        )
    supplied = {k: v for k, v in params.items() if v is not None}
    missing = [p.name for p in query.params if p.required and p.name not in supplied]
    if missing:
        raise ParameterError(
            f"query {query.name!r} needs parameter {missing[0]!r} "
            f"({declared[missing[0]].type}): {declared[missing[0]].description}"
        )
    return {p: supplied[p.name] for p in query.params if p.name in supplied}


def values_block(terms: dict[str, Identifier] | dict[str, str]) -> str:
    """The ``VALUES`` clause for ``terms`` (rdflib terms or their SPARQL text), or ``""``."""
    if not terms:
        return ""
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(t if isinstance(t, str) else t.n3() for t in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def bind(query: CannedQuery, **params: object) -> str:
    """The text of ``query`` with its ``#PARAMS`` line replaced by the bound parameters.

    See the module docstring for the semantics. Raises :class:`ParameterError` for bad
    parameters (see :func:`check_params`).
    """
    texts: dict[str, str] = {}
    for param, value in _supplied(query, params).items():
        try:
            texts[param.name] = term_text(param.type, value)
        except ValueError as exc:
            raise ParameterError(
                f"parameter {param.name!r} of query {query.name!r} {exc}"
            ) from None
    block = values_block(texts)
    return PARAMS_LINE.sub(lambda m: _indent(m.group(0)) + block, query.text, count=1)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
