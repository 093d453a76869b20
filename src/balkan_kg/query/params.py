r"""Typed query parameters and their binding into a query text.

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

Exactly that value, or a refusal that names the parameter
----------------------------------------------------------
Every value is either refused with a :class:`~balkan_kg.errors.ParameterError` whose
message names the parameter (or binding), or bound so that every engine reads the
same term: the query ``SELECT ?v WHERE { #PARAMS }`` answers exactly the term below on
Oxigraph and on rdflib (``tests/query/test_params_fuzz.py`` checks it on generated
values). The rule, type by type:

* ``string`` (or a ``str``): any text is bound unchanged, as an ``xsd:string``, up to
  :data:`MAX_TEXT_LENGTH` characters. Backslash, quote, line feed, carriage return and
  tab are written as escapes (rdflib's parser turns a raw tab into spaces). rdflib
  reads ``\uXXXX`` and ``\UXXXXXXXX`` anywhere in a query as the character they
  name, before parsing (SPARQL 1.1, section 19.2) and even after a backslash, while
  Oxigraph reads them only as escapes; so a ``u`` or ``U`` that follows a backslash of
  the value is written as the escape ``\U00000075`` (``\U00000055``), which both read
  as that letter. Refused: a lone surrogate (U+D800 to U+DFFF, not a character, so no
  RDF literal can hold it; the command line makes them of bytes that are not UTF-8).
* ``iri`` (or an :class:`~balkan_kg.query.results.IRI`): a prefixed name of
  :data:`~balkan_kg.namespaces.PREFIXES`, ``<IRI>`` or an absolute IRI, surrounding
  white space ignored; bound as the IRI it names. Refused: anything that is not an
  absolute IRI as RFC 3987 and Oxigraph define it (checked by pyoxigraph before the
  query is written, so no engine meets a bad IRI), and IRIs over
  :data:`MAX_TEXT_LENGTH` characters.
* ``integer`` and ``year`` (or an ``int``): bound as ``xsd:integer`` in canonical form
  (``"+007"`` is bound as ``"7"``, the form Oxigraph answers whatever is written; a
  ``year`` has at most four digits). Refused: more than :data:`MAX_DIGITS` digits,
  ``bool``.
* ``decimal`` (or a ``Decimal``; a ``float`` for a declared ``decimal``): bound as
  ``xsd:decimal`` in canonical form (no exponent, no trailing zeros, ``"0"`` for
  zero; Oxigraph answers that form). Refused: NaN and infinities, more than
  :data:`MAX_DIGITS` digits when written out.
* ``boolean`` (or a ``bool``): ``true``/``false`` (also ``1``/``0``/``yes``/``no``, any
  case, on the command line); bound as ``"true"`` or ``"false"``.
* ``date`` (or a ``date``): ``YYYY-MM-DD``, a real day of years 1 to 9999.
* ad hoc only: a ``float`` is bound as ``xsd:double`` in the shortest form that reads
  back as the same number, written out without exponent as Oxigraph writes it
  (``NaN``, ``INF``, ``-INF`` included); a ``datetime`` as ``xsd:dateTime`` with
  fractional seconds without trailing zeros and a zero offset written ``Z`` (refused:
  an offset with seconds or beyond 14 hours, which XML Schema does not allow); an
  rdflib or pyoxigraph IRI as that IRI, and a literal as its lexical form with its
  language tag or datatype (an engine may answer a typed literal of a numeric, boolean
  or date type in its canonical form: Oxigraph answers ``"007"^^xsd:integer`` as
  ``"7"``). A blank node, ``None`` and values of other types are refused.

The text of the query around the block never changes: a value can only ever be one
term of the block.
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
from .text import query_form, tokens

PARAM_TYPES: Final = ("iri", "string", "integer", "decimal", "boolean", "date", "year")
"""The parameter types a query header may declare."""

PARAMS_LINE: Final = re.compile(r"^[ \t]*#PARAMS[ \t]*$", re.MULTILINE)
"""Matches the placeholder line that :func:`bind` replaces."""

MAX_TEXT_LENGTH: Final = 65_536
"""Characters a string or IRI value may have."""

MAX_DIGITS: Final = 1_000
"""Digits an integer or decimal value may have (written out, without exponent)."""

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
_AFTER_BACKSLASH = {"u": "\\U00000075", "U": "\\U00000055"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_OFFSET = dt.timedelta(hours=14)
_INTEGER_LIMIT = 10**MAX_DIGITS


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
    if len(iri) > MAX_TEXT_LENGTH:
        raise ValueError(f"IRI longer than {MAX_TEXT_LENGTH} characters")
    if not _SCHEME.match(iri):
        raise ValueError("not an absolute IRI")
    bad = sorted({c for c in iri if c in _FORBIDDEN_IRI_CHARS or ord(c) < 0x21})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise ValueError(f"IRI contains characters that are not allowed: {shown}")
    _check_iri(iri)
    return iri


def _check_iri(iri: str) -> None:
    """Refuse what is not an IRI for Oxigraph (RFC 3987), whose parser is the strict one.

    :raises ValueError: with Oxigraph's reason.
    """
    import pyoxigraph

    if _SURROGATE.search(iri):
        raise ValueError("IRI contains a lone surrogate, which is not a character")
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        raise ValueError(f"not a valid IRI: {exc}") from None


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
        _check_text(value, expects)
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


def _check_text(value: str, expects: str) -> None:
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"{expects}: longer than {MAX_TEXT_LENGTH} characters")
    if _SURROGATE.search(value):
        raise ValueError(
            f"{expects}: contains a lone surrogate (U+D800 to U+DFFF), which is not a "
            "character (is the text UTF-8?)"
        )


def _integer(value: object, expects: str) -> int:
    if isinstance(value, bool):
        raise ValueError(expects)
    if isinstance(value, int):
        number = int(value)
        if abs(number) >= _INTEGER_LIMIT:
            raise ValueError(f"{expects}: more than {MAX_DIGITS} digits")
        return number
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        text = value.strip()
        if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
            raise ValueError(f"{expects}: more than {MAX_DIGITS} digits")
        return int(text)
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
    if not number.is_zero() and (
        abs(number.adjusted()) >= MAX_DIGITS or len(decimal_text(number)) > MAX_DIGITS + 2
    ):
        raise ValueError(f"{expects}: more than {MAX_DIGITS} digits")
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
    r"""A SPARQL string literal that every engine reads as ``value`` (module docstring).

    >>> print(string_text('say "\\u0041"'))
    "say \"\\\U000000750041\""
    """
    out = []
    after_backslash = False
    for c in value:
        escaped = _AFTER_BACKSLASH.get(c) if after_backslash else None
        out.append(escaped or _STRING_ESCAPES.get(c, c))
        after_backslash = c == "\\"
    return '"' + "".join(out) + '"'


def decimal_text(number: Decimal) -> str:
    """The canonical ``xsd:decimal`` form of ``number``: no exponent, no trailing zeros.

    >>> decimal_text(Decimal("1.50")), decimal_text(Decimal("-0")), decimal_text(Decimal("1E+3"))
    ('1.5', '0', '1000')
    """
    if number.is_zero():
        return "0"
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def double_text(value: float) -> str:
    """The ``xsd:double`` form of ``value`` that Oxigraph writes: the shortest digits that
    read back as the same number, without exponent; ``NaN``, ``INF``, ``-INF``.

    >>> double_text(1.0), double_text(2.5e-7), double_text(-0.0), double_text(float("-inf"))
    ('1', '0.00000025', '-0', '-INF')
    """
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def datetime_text(value: dt.datetime) -> str:
    """The canonical ``xsd:dateTime`` form of ``value`` (fractional seconds without
    trailing zeros, a zero offset as ``Z``).

    >>> datetime_text(dt.datetime(2020, 1, 2, 3, 4, 5, 120000, tzinfo=dt.timezone.utc))
    '2020-01-02T03:04:05.12Z'

    :raises ValueError: for an offset with seconds or beyond 14 hours.
    """
    offset = value.utcoffset()
    if offset is not None and (offset % dt.timedelta(minutes=1) or abs(offset) > _MAX_OFFSET):
        raise ValueError(f"time zone offset {offset} is not whole minutes within 14 hours")
    text = value.replace(tzinfo=None).isoformat()
    if "." in text:
        text = text.rstrip("0")
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(offset) // dt.timedelta(minutes=1)
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


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
        assert isinstance(checked, Decimal)
        return f'"{decimal_text(checked)}"^^<{XSD}decimal>'
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
    '"2.5"^^<http://www.w3.org/2001/XMLSchema#double>'

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
        return f'"{double_text(value)}"^^<{XSD}double>'
    if isinstance(value, dt.datetime):
        return f'"{datetime_text(value)}"^^<{XSD}dateTime>'
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


def _library_term_text(value: Any) -> str:
    """The SPARQL text of an rdflib or pyoxigraph IRI or literal.

    Written by this module, not by the library, so that every engine reads the same
    term (a library writes a tab raw and leaves ``\\u`` for rdflib to decode).
    """
    import sys

    import pyoxigraph

    rdflib = sys.modules.get("rdflib")  # an rdflib term means rdflib is imported
    if rdflib is not None and isinstance(value, rdflib.URIRef | rdflib.Literal):
        from ..rdfio.bridge import to_oxigraph

        try:
            value = to_oxigraph(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"cannot bind {_show(value)}: {exc}") from None
    if isinstance(value, pyoxigraph.NamedNode):
        return term_text("iri", f"<{value.value}>")
    if isinstance(value, pyoxigraph.Literal):
        lexical = to_value("string", value.value)
        assert isinstance(lexical, str)
        if value.language:
            return f"{string_text(lexical)}@{value.language}"
        datatype = value.datatype.value
        if datatype == XSD + "string":
            return string_text(lexical)
        return f"{string_text(lexical)}^^{term_text('iri', f'<{datatype}>')}"
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

    A ``CONSTRUCT WHERE { ... }`` (whose group is its template) gets the block as its
    trailing ``VALUES`` clause instead.

    :raises ParameterError: for values given to a query with neither a ``#PARAMS`` line
        nor a ``WHERE`` group.
    """
    block = values_block(texts)
    if PARAMS_LINE.search(text):
        return PARAMS_LINE.sub(lambda m: _indent(m.group(0)) + block, text, count=1)
    if not block:
        return text
    start = where_group_start(text)
    if start is not None:
        return f"{text[:start]} {block}{text[start:]}"
    if query_form(text) == "CONSTRUCT":  # CONSTRUCT WHERE { ... }: a trailing VALUES clause
        return f"{text}\n{block}"
    raise ParameterError("cannot bind values: the query has no WHERE group and no #PARAMS line")


def where_group_start(text: str) -> int | None:
    """The position just after the ``{`` that opens the query's ``WHERE`` group.

    Comments, strings, IRIs and names are skipped (:func:`~balkan_kg.query.text.tokens`).
    The group is the first top-level ``{`` after the ``WHERE`` keyword or, in a SELECT
    or ASK query that leaves the keyword out, the first top-level ``{``. ``None`` if
    there is none (``DESCRIBE <iri>``) or if that group is also the template of a
    ``CONSTRUCT WHERE { ... }``, where no ``VALUES`` may stand.

    >>> where_group_start('CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }')
    31
    >>> where_group_start("CONSTRUCT WHERE { ?s ?p ?o }") is None
    True
    """
    depth = 0
    seen_where = False
    seen_group = False
    form = None
    for match in tokens(text):
        kind = match.lastgroup
        if kind == "word" and depth == 0:
            word = match.group().upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE":
                if form == "CONSTRUCT" and not seen_group:
                    return None  # the short form: the WHERE group is the template
                seen_where = True
        elif kind == "open":
            seen_group = seen_group or (depth == 0 and match.group() == "{")
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
