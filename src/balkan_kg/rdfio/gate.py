"""The strict RDF input gate: one parse that every RDF file passes before anything else.

:func:`read_rdf` reads one Turtle (``.ttl``) or N-Triples (``.nt``) file and returns its
triples as pyoxigraph terms, or raises :class:`~balkan_kg.errors.InputError` with one line
naming the file, the 1-based line and column (code points, as pyoxigraph counts them) and
what is wrong; for a limit, its name and value. Nothing else in the package needs to
parse an input file: an rdflib graph can be built from the triples returned here.

What the gate does, in order:

1. **Format by suffix, nothing sniffed.** ``.ttl`` is Turtle, ``.nt`` N-Triples (any
   case). JSON-LD, RDF/XML, N3, TriG, N-Quads and every other or unknown suffix are
   refused by name before the file is touched, so no JSON-LD ``@context`` (remote or
   ``file:``), XML entity, DTD or ``owl:imports`` is ever processed or fetched; a file
   of another format named ``.ttl`` is a Turtle syntax error at its first line.
2. **Only regular files, read bounded.** ``os.stat`` (following symbolic links) refuses a
   directory, named pipe, device (``/dev/zero``), or socket without opening it, and a
   file larger than ``max_file_bytes``. The file is then opened non-blocking (a FIFO
   swapped in meanwhile cannot hang the read), checked again with ``fstat``, and at
   most ``max_file_bytes + 1`` bytes are read, which bounds ``/proc`` files (whose size
   is 0) and files that grow while they are read.
3. **Bytes.** A UTF-8 byte order mark is refused: the Turtle and N-Triples grammars have
   no place for U+FEFF (the W3C suites have no BOM test; pyoxigraph refuses it as a
   subject), and a file that passes the gate should read the same in every conforming
   parser. A UTF-16 or UTF-32 BOM is named as such. The whole file must be strict UTF-8
   (no overlong forms, no encoded surrogates), comments included: pyoxigraph 0.5 does
   not check the bytes of comments (``tests/issues/test_oxttl_comment_utf8.py``). A NUL
   byte is left to the grammar, which allows it raw in literals and comments (the W3C
   suite has such literals) and nowhere else.
   No line may be longer than ``max_line_bytes``.
4. **Nesting, before parsing.** Brackets open at once (``[``, ``(``, ``<<``, ``{|``,
   outside strings, IRIs and comments) are counted in Turtle, and on every line with a
   ``<<`` in N-Triples; deeper than ``max_nesting_depth`` is refused before pyoxigraph
   sees the file (it keeps about 550 bytes per open level, and overflows its stack on
   about 20,000 nested triple terms: ``tests/issues/test_oxttl_nested_triple_terms.py``).
5. **One strict parse** with pyoxigraph (``lenient=False``): IRIs validated and, against
   the base IRI (the file's ``file:`` URI unless given), resolved per RFC 3986 with dot
   segments removed (an absolute IRI is kept as written, as w3c/rdf-turtle issue 89
   settles it; ``tests/issues/test_rdflib_dot_segments.py``); language tags validated
   (and lower-cased); literals as subjects, N3 formulas and
   rules, named graphs, ``\\uD800`` and every other syntax error refused. Blank node
   labels are renamed, so ``_:a`` in two files are two nodes, as RDF merging requires.
6. **RDF 1.1 only.** pyoxigraph 0.5 reads RDF 1.2 even in strict mode; triple terms,
   reified triples, reifiers and annotations (``<<( )>>``, ``<< >>``, ``~``, ``{| |}``)
   and directional language tags (``@ar--rtl``) are refused, because rdflib, and so
   pySHACL and owlrl, cannot represent them (``tests/issues/test_rdf12_in_strict_mode.py``). A
   ``VERSION`` directive, which adds nothing to the graph, is accepted.
7. **Counts.** At most ``max_triples`` triples, literals of at most ``max_literal_chars``
   characters, and at most ``max_prefixes`` distinct prefix names.

Limits (:class:`GateLimits`; the defaults are :data:`DEFAULT_LIMITS`). The defaults are
for hand-curated files: the project's own nine files hold 4,085 triples in 0.2 MB. They
are chosen so that any file, however hostile, is answered within 2 s of CPU and 500 MB
(``tests/rdfio/test_hostile_files.py`` holds the gate to that). Larger inputs, such as
the benchmark's generated graphs (10^6 triples, 170 MB of N-Triples), pass limits of
their own, e.g. ``GateLimits(max_file_bytes=512 * 2**20, max_triples=4_000_000)``.

=====================  ==========  =======================================================
limit                  default     why
=====================  ==========  =======================================================
``max_file_bytes``     4,194,304   4 MiB, 20 times the project's files. The costliest
                                   bytes cost about 0.15 s a MiB (brackets for the
                                   nesting count, line breaks for pyoxigraph): 4 MiB
                                   keeps the worst file well under the 2 s.
``max_triples``        100,000     25 times the project. A triple can take 3 bytes of
                                   Turtle (``,:x``) and costs up to 4 µs and 700 bytes
                                   (blank nodes, renamed) as a Python object, so the file
                                   size alone does not bound time and memory: this does.
``max_line_bytes``     1,048,576   1 MiB. The longest curated line has 2.4 KB (the source
                                   text), the benchmark's 1.6 KB. A line is counted in
                                   bytes without its break (``\\n``, ``\\r`` or both); at
                                   most 16 MiB, pyoxigraph's token buffer.
``max_literal_chars``  1,048,576   1 Mi code points. The longest curated literal, the
                                   source text, has 2,379; pyoxigraph cannot parse a token
                                   over 16 MiB at all
                                   (``tests/issues/test_oxttl_token_buffer.py``).
``max_prefixes``       1,000       Distinct prefix names (a redeclaration replaces the
                                   namespace, as Turtle says). Curated files declare up to
                                   13; rdflib binds each prefix in time linear in those
                                   bound before (10^4 prefixes took 3.8 s).
``max_nesting_depth``  128         Brackets open at once. Curated files nest 3 deep;
                                   rdflib's Turtle writer recurses and fails near 300
                                   levels, and its canonicalisation grows with the square
                                   of the depth (1,000 levels: 5 s).
=====================  ==========  =======================================================

Cost: pyoxigraph's parse is linear in the input (200,000 prefixes 0.09 s, 10^6 nested
blank nodes 3 s, 10^6 triples about 2 s); the checks around it are linear scans in C
(``bytes.find``, ``bytes.count``, ``bytes.translate``, and one regular expression over a
Turtle file with more than ``max_nesting_depth`` opening brackets) plus one Python step
per triple. On the project's nine files the gate takes about 8 ms, of which pyoxigraph's
parse is 5; with limits of its own it reads the benchmark's 10^6-triple file in 4 s of
CPU and 570 MB. The Python tokenizer that finds where a construct is (:func:`_tokens`)
runs only after a file has been refused.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn

from ..errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import pyoxigraph

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "LARGE_LIMITS",
    "GateLimits",
    "RdfDocument",
    "format_of",
    "read_rdf",
]

FORMATS: Final = {".ttl": "Turtle", ".nt": "N-Triples"}
"""The file suffixes the gate reads (lower case), and the format of each."""

_REFUSED: Final = {
    ".jsonld": "JSON-LD",
    ".json": "JSON-LD",
    ".rdf": "RDF/XML",
    ".owl": "RDF/XML",
    ".xml": "RDF/XML",
    ".n3": "N3",
    ".trig": "TriG",
    ".nq": "N-Quads",
    ".trix": "TriX",
    ".rj": "RDF/JSON",
    ".html": "RDFa",
    ".htm": "RDFa",
    ".xhtml": "RDFa",
    ".hdt": "HDT",
}
_PARSER_BUFFER: Final = 1 << 24  # pyoxigraph 0.5's largest token, in bytes
_READ_CHUNK: Final = 1 << 20
_UTF8_CHUNK: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class GateLimits:
    """The resource limits of :func:`read_rdf`; each is named in the error it causes.

    The defaults, and why they were chosen, are in the module documentation.

    :param max_file_bytes: the largest file, in bytes.
    :param max_triples: the most triples in one file.
    :param max_line_bytes: the longest line, in bytes without its line break; at most
        16 MiB, the most pyoxigraph 0.5 can hold in one token.
    :param max_literal_chars: the longest literal, in code points.
    :param max_prefixes: the most distinct prefix names declared in one file.
    :param max_nesting_depth: the most brackets (``[ ( << {|``) open at once.
    :raises ValueError: if a limit is not a positive integer, or ``max_line_bytes`` is
        over 16 MiB.

    >>> GateLimits(max_prefixes=10).max_prefixes
    10
    >>> GateLimits(max_triples=0)
    Traceback (most recent call last):
    ...
    ValueError: max_triples must be a positive integer, not 0
    """

    max_file_bytes: int = 4 * 1024 * 1024
    max_triples: int = 100_000
    max_line_bytes: int = 1024 * 1024
    max_literal_chars: int = 1024 * 1024
    max_prefixes: int = 1_000
    max_nesting_depth: int = 128

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        if self.max_line_bytes > _PARSER_BUFFER:
            raise ValueError(f"max_line_bytes must be at most {_PARSER_BUFFER} (16 MiB)")


DEFAULT_LIMITS: Final = GateLimits()
"""The limits :func:`read_rdf` applies unless given others."""

LARGE_LIMITS: Final = GateLimits(
    max_file_bytes=4 * 2**30, max_triples=40_000_000, max_prefixes=10_000
)
"""Limits for large files the project made itself: a build's outputs, the benchmark's
generated graphs (10^6 triples, 170 MB of N-Triples). Not for files from elsewhere."""


@dataclass(frozen=True, slots=True)
class RdfDocument:
    """One file that passed the gate.

    :param path: the file, as given.
    :param format: ``"Turtle"`` or ``"N-Triples"``.
    :param base_iri: the IRI relative references were resolved against.
    :param triples: the triples in the order of the file, blank nodes renamed apart,
        language tags in lower case (as RDF 1.1 allows; pyoxigraph does so).
    :param prefixes: the prefix map in force at the end of the file (empty for
        N-Triples), e.g. to declare the same prefixes when writing the graph again.
    """

    path: Path
    format: str
    base_iri: str
    triples: list[pyoxigraph.Triple]
    prefixes: dict[str, str]


def read_rdf(
    path: str | os.PathLike[str],
    *,
    limits: GateLimits = DEFAULT_LIMITS,
    base_iri: str | None = None,
) -> RdfDocument:
    """Read one Turtle or N-Triples file strictly, within ``limits``.

    :param path: the file; its suffix (``.ttl`` or ``.nt``) decides the format.
    :param limits: the resource limits; see :class:`GateLimits`.
    :param base_iri: the IRI to resolve relative references against; by default the
        file's ``file:`` URI (``Path.resolve().as_uri()``).
    :returns: the file's triples and prefixes.
    :raises InputError: for any file the gate refuses: another or an unknown format; a
        missing or unreadable file, or one that is not a regular file; a limit exceeded;
        a byte order mark or invalid UTF-8; a syntax error; RDF 1.2 syntax.
        Its message is one line; ``line`` and ``column`` say where, when that is known.
    :raises ValueError: if ``base_iri`` is not an absolute IRI.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> good = folder / "good.ttl"
    >>> _ = good.write_text('@prefix ex: <http://example.org/> .\\nex:a ex:b "c" .\\n')
    >>> document = read_rdf(good)
    >>> [str(term) for term in document.triples[0]]
    ['<http://example.org/a>', '<http://example.org/b>', '"c"']
    >>> document.prefixes
    {'ex': 'http://example.org/'}
    >>> bad = folder / "bad.ttl"
    >>> _ = bad.write_text('<http://example.org/a> <http://example.org/b> <c d> .\\n')
    >>> read_rdf(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    balkan_kg.errors.InputError: .../bad.ttl:1:47: syntax error: Invalid IRI code point ' '
    >>> import shutil; shutil.rmtree(folder)
    """
    file = Path(path)
    rdf_format = format_of(file)
    data = _read_bounded(file, limits.max_file_bytes)
    _check_bytes(file, data, limits.max_line_bytes)
    _check_nesting(file, data, rdf_format, limits)
    base = base_iri if base_iri is not None else file.resolve().as_uri()
    triples, prefixes = _parse(file, data, rdf_format, base, limits)
    return RdfDocument(file, rdf_format, base, triples, prefixes)


# -- 1. format -------------------------------------------------------------------------


def format_of(file: Path) -> str:
    """``"Turtle"`` or ``"N-Triples"``, from the file's suffix.

    :raises InputError: for any other suffix, naming the format when it is known.
    """
    suffix = file.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    readable = "balkan-kg reads only Turtle (.ttl) and N-Triples (.nt)"
    if suffix in _REFUSED:
        raise InputError(
            file,
            None,
            f"{_REFUSED[suffix]} is not read: {readable}, so that no remote or file: "
            "context, entity or import is ever processed; convert the file to Turtle",
        )
    what = f"unknown file type {_printable(suffix)!r}" if suffix else "no file suffix"
    raise InputError(file, None, f"{what}: {readable}")


# -- 2. a regular file, read bounded ---------------------------------------------------


def _read_bounded(file: Path, limit: int) -> bytes:
    try:
        status = os.stat(file)
    except FileNotFoundError:
        raise InputError(file, None, "file not found") from None
    except OSError as exc:
        raise InputError(file, None, f"cannot read file: {exc.strerror or exc}") from None
    _require_regular(file, status.st_mode)
    if status.st_size > limit:
        raise _too_big(file, limit)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        descriptor = os.open(file, flags)
    except OSError as exc:
        raise InputError(file, None, f"cannot read file: {exc.strerror or exc}") from None
    try:
        status = os.fstat(descriptor)
        _require_regular(file, status.st_mode)  # replaced since os.stat?
        chunks: list[bytes] = []
        total = 0
        # The size plus one: a regular file is read whole by the first read, and one
        # byte more than expected shows a file that grows. /proc files say size 0.
        size = status.st_size + 1 if status.st_size else _READ_CHUNK
        while total <= limit:
            chunk = os.read(descriptor, min(size, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            size = _READ_CHUNK
    except OSError as exc:
        raise InputError(file, None, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    if total > limit:
        raise _too_big(file, limit)
    return b"".join(chunks)


def _require_regular(file: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    raise InputError(file, None, f"is {kind}, not a regular file; it was not read")


def _too_big(file: Path, limit: int) -> InputError:
    return InputError(file, None, f"file larger than max_file_bytes = {limit} bytes")


# -- 3. bytes --------------------------------------------------------------------------

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE, whose BOM starts it
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _check_bytes(file: Path, data: bytes, max_line_bytes: int) -> None:
    if data.startswith(codecs.BOM_UTF8):
        raise InputError(
            file,
            1,
            "the file starts with a UTF-8 byte order mark (U+FEFF), which Turtle and "
            "N-Triples do not allow; save it as UTF-8 without BOM",
            1,
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise InputError(
                file,
                1,
                f"the file starts with a {encoding} byte order mark: it is {encoding}, "
                "and Turtle and N-Triples files must be UTF-8",
                1,
            )
    if not data.isascii():
        _check_utf8(file, data)
    _check_lines(file, data, max_line_bytes)


def _check_utf8(file: Path, data: bytes) -> None:
    """Strict UTF-8, in chunks so that no copy of the whole file is made."""
    start = 0
    with memoryview(data) as view:
        while start < len(data):
            end = start + _UTF8_CHUNK
            try:
                # Not final before the end: a character cut by the chunk's end is left
                # for the next chunk (consumed stops before it).
                _, consumed = codecs.utf_8_decode(view[start:end], "strict", end >= len(data))
            except UnicodeDecodeError as exc:
                offset = start + exc.start
                line, column = _position(data, offset)
                reason = f"byte 0x{data[offset]:02X}: {exc.reason}"
                raise InputError(file, line, f"invalid UTF-8, {reason}", column) from None
            start += consumed


def _check_lines(file: Path, data: bytes, limit: int) -> None:
    """Find a line longer than ``limit`` bytes with a few ``find`` calls per ``limit``.

    A line longer than ``limit`` holds at least one whole aligned block of
    ``limit // 2 + 1`` bytes without a line break; only such blocks are looked at
    closely, and every search is bounded by ``limit``, so the work is linear.
    """
    if len(data) <= limit:
        return
    block = limit // 2 + 1
    for block_start in range(0, len(data) - block + 1, block):
        block_end = block_start + block
        if _find_break(data, block_start, block_end) >= 0:
            continue
        start = _line_start(data, block_start, max(0, block_end - limit - 1))
        reaches_limit = start + limit < len(data)
        if reaches_limit and _find_break(data, block_end, start + limit + 1) < 0:
            start = _line_start(data, start)  # its true start, if it began even earlier
            offset = start + limit
            while data[offset] & 0xC0 == 0x80:  # back to the first byte of its character
                offset -= 1
            line, column = _position(data, offset)
            raise InputError(file, line, f"line longer than max_line_bytes = {limit}", column)


def _find_break(data: bytes, start: int, end: int) -> int:
    """The offset of the first ``\\n`` or ``\\r`` in ``data[start:end]``, or -1."""
    newline = data.find(b"\n", start, end)
    ret = data.find(b"\r", start, newline if newline >= 0 else end)
    return ret if ret >= 0 else newline


def _line_start(data: bytes, offset: int, low: int = 0) -> int:
    """Where the line holding ``offset`` starts, looking back no further than ``low``."""
    return max(data.rfind(b"\n", low, offset), data.rfind(b"\r", low, offset), low - 1) + 1


_NOT_CONTINUATION: Final = bytes(b for b in range(256) if b & 0xC0 != 0x80)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in code points) of byte ``offset``.

    Lines end at ``\\n``, ``\\r`` or ``\\r\\n``, as pyoxigraph counts them.
    """
    line = (
        data.count(b"\n", 0, offset)
        + data.count(b"\r", 0, offset)
        - data.count(b"\r\n", 0, offset)
        + 1
    )
    segment = data[_line_start(data, offset) : offset]
    continuation = len(segment.translate(None, _NOT_CONTINUATION))
    return line, len(segment) - continuation + 1


# -- 4. nesting ------------------------------------------------------------------------

# Strings, IRIs, comments and escapes: what may hold a bracket that is not syntax. The
# loops are unrolled and possessive, so that the engine never backtracks.
_LONG_STRING = (
    rb'"""[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+"""'
    rb"|'''[^'\\]*+(?:(?:\\.|'(?!''))[^'\\]*+)*+'''"
)
_SHORT_STRING = (
    rb'"[^"\\\n\r]*+(?:\\.[^"\\\n\r]*+)*+"'  # "..."
    rb"|'[^'\\\n\r]*+(?:\\.[^'\\\n\r]*+)*+'"  # '...'
)
_IRI_CHARS = rb'[^<>"{}|^`\\\x00-\x20]*+'
_IRI = b"<" + _IRI_CHARS + rb"(?:\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})" + _IRI_CHARS + b")*+>"
_COMMENT = rb"\#[^\n\r]*+"
# A bracket, or what is skipped: a string, IRI, comment or escape (which may hold bracket
# characters that are not syntax), or a run of characters that cannot start either. The
# group holds the bracket; findall gives an empty bytes (one shared object) for the rest,
# so the list costs 8 bytes a match, and runs keep the matches few in common Turtle.
_BRACKET_TOKENS: Final = re.compile(
    rb"(?:"
    + rb"|".join((_LONG_STRING, _SHORT_STRING, _IRI, _COMMENT, rb"\\."))
    + rb"""|[^\[\]()<>{}|"'\#\\]++)|(\[|\(|<<|\{\||\]|\)|>>|\|\})""",
    re.DOTALL,
)
_DEPTH_CHANGE: Final = {
    **dict.fromkeys((b"[", b"(", b"<<", b"{|"), 1),
    **dict.fromkeys((b"]", b")", b">>", b"|}"), -1),
    b"": 0,  # a string, IRI, comment or escape
}


def _check_nesting(file: Path, data: bytes, rdf_format: str, limits: GateLimits) -> None:
    limit = limits.max_nesting_depth
    if rdf_format == "Turtle":
        if _max_depth(data, limit) > limit:
            _refuse_depth(file, data, 0, limit)
        return
    # N-Triples: only a triple term nests, and a triple is one line, known to be at
    # most max_line_bytes long by now.
    window = limits.max_line_bytes + 1
    start = data.find(b"<<")
    while start >= 0:
        line_start = _line_start(data, start, max(0, start - window))
        line_end = _find_break(data, start, start + window)
        if line_end < 0:
            line_end = len(data)
        if _max_depth(data[line_start:line_end], limit) > limit:
            _refuse_depth(file, data, line_start, limit)
        start = data.find(b"<<", line_end)


def _max_depth(data: bytes, limit: int) -> int:
    """A number over ``limit`` if, and only if, more than ``limit`` brackets are open at
    once somewhere in ``data`` (then the most that are).

    The number of opening brackets, in strings or not, bounds the depth: only when it
    is over ``limit`` is the depth computed, as the largest running sum of +1 and -1 over
    the brackets outside strings, IRIs and comments, in C (``findall``, ``map``,
    ``accumulate``, ``max``), in 8 bytes a token.
    """
    opens = data.count(b"[") + data.count(b"(") + data.count(b"<<") + data.count(b"{|")
    if opens <= limit:
        return opens
    tokens = _BRACKET_TOKENS.findall(data)
    depth: int = max(accumulate(map(_DEPTH_CHANGE.__getitem__, tokens)), default=0)
    return depth


def _refuse_depth(file: Path, data: bytes, start: int, limit: int) -> NoReturn:
    depth = 0
    for kind, token in _tokens(data, start):
        if kind == "open":
            depth += 1
            if depth > limit:
                line, column = _position(data, token.start())
                raise InputError(
                    file,
                    line,
                    f"nesting deeper than max_nesting_depth = {limit} "
                    "(brackets [ ( << {| open at once)",
                    column,
                )
        elif kind == "close":
            depth -= 1
    raise InputError(file, None, f"nesting deeper than max_nesting_depth = {limit}")


# -- 5.-7. the parse and what it returned ----------------------------------------------

_PARSER_POSITION: Final = re.compile(r"^Parser error [^:]*: ")


def _parse(
    file: Path, data: bytes, rdf_format: str, base: str, limits: GateLimits
) -> tuple[list[pyoxigraph.Triple], dict[str, str]]:
    import pyoxigraph

    turtle = rdf_format == "Turtle"
    parser = pyoxigraph.parse(
        data,
        pyoxigraph.RdfFormat.TURTLE if turtle else pyoxigraph.RdfFormat.N_TRIPLES,
        base_iri=base,
        without_named_graphs=True,
        rename_blank_nodes=True,
        lenient=False,
    )
    # Literals are measured only where one can be longer than the limit: a literal on
    # one line is no longer than the line, so only a Turtle long string can be.
    measure = len(data) > limits.max_literal_chars and (
        limits.max_line_bytes > limits.max_literal_chars
        or (turtle and (b'"""' in data or b"'''" in data))
    )
    max_literal = limits.max_literal_chars
    max_triples = limits.max_triples
    literal_type = pyoxigraph.Literal
    triple_type = pyoxigraph.Triple
    triples: list[pyoxigraph.Triple] = []
    append = triples.append
    quad: pyoxigraph.Quad
    try:
        for quad in parser:
            triple = quad.triple
            term = triple.object
            if isinstance(term, literal_type):
                if term.direction is not None:
                    _refuse_direction(file, data)
                if measure and len(term.value) > max_literal:
                    _refuse_literal(file, data, max_literal)
            elif isinstance(term, triple_type):
                _refuse_rdf12(file, data)
            append(triple)
            if len(triples) > max_triples:
                raise InputError(file, None, f"more than max_triples = {max_triples} triples")
    except SyntaxError as exc:
        message = _PARSER_POSITION.sub("", exc.msg or str(exc), count=1)
        if exc.lineno == 1 and _looks_like_utf16(data):
            message += " (the file looks like UTF-16 without byte order mark; it must be UTF-8)"
        raise InputError(
            file, exc.lineno, f"syntax error: {_printable(message)}", exc.offset
        ) from None
    except MemoryError as exc:
        if "buffer maximal size" not in str(exc):
            raise
        _refuse_literal(file, data, max_literal)
        raise InputError(
            file,
            None,
            f"a token longer than {_PARSER_BUFFER} bytes, the most pyoxigraph can parse",
        ) from None
    prefixes = dict(parser.prefixes) if turtle else {}
    if len(prefixes) > limits.max_prefixes:
        _refuse_prefixes(file, data, limits.max_prefixes)
    return triples, prefixes


def _looks_like_utf16(data: bytes) -> bool:
    """Whether ``data`` starts with two ASCII characters in UTF-16, either byte order."""
    head = data[:4]
    if len(head) < 4:
        return False
    little_endian = head[1] == head[3] == 0 and head[0] != 0 and head[2] != 0
    big_endian = head[0] == head[2] == 0 and head[1] != 0 and head[3] != 0
    return little_endian or big_endian


_RDF12_REASON: Final = "because rdflib, and so pySHACL and owlrl, cannot represent it"


def _first(
    data: bytes, wanted: Callable[[str, re.Match[bytes]], bool]
) -> tuple[int | None, int | None]:
    """The line and column of the first token that is ``wanted``, or two ``None``."""
    for kind, token in _tokens(data):
        if wanted(kind, token):
            return _position(data, token.start())
    return None, None


def _is_rdf12(kind: str, token: re.Match[bytes]) -> bool:
    return kind == "tilde" or (kind == "open" and token.group() in (b"<<", b"{|"))


def _is_direction(kind: str, token: re.Match[bytes]) -> bool:
    return kind == "lang" and b"--" in token.group()


def _refuse_rdf12(file: Path, data: bytes) -> NoReturn:
    line, column = _first(data, _is_rdf12)
    raise InputError(
        file,
        line,
        "RDF 1.2 triple term, reified triple, reifier or annotation "
        f"(<<( )>>, << >>, ~, {{| |}}) is not accepted, {_RDF12_REASON}",
        column,
    )


def _refuse_direction(file: Path, data: bytes) -> NoReturn:
    line, column = _first(data, _is_direction)
    raise InputError(
        file,
        line,
        f"RDF 1.2 language direction (@lang--ltr, --rtl) is not accepted, {_RDF12_REASON}",
        column,
    )


_ESCAPE: Final = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)


def _refuse_literal(file: Path, data: bytes, limit: int) -> None:
    """Raise the error for the first literal longer than ``limit``, if one is found."""
    for kind, token in _tokens(data):
        if kind != "string":
            continue
        start, end = token.span()
        if end - start - 2 <= limit:  # the raw form is never shorter than the value
            continue
        quotes = 3 if data.startswith((b'"""', b"'''"), start) and end - start >= 6 else 1
        raw = data[start + quotes : end - quotes].decode("utf-8")
        if len(_ESCAPE.sub("x", raw)) > limit:
            line, column = _position(data, start)
            raise InputError(file, line, f"literal longer than max_literal_chars = {limit}", column)


def _refuse_prefixes(file: Path, data: bytes, limit: int) -> NoReturn:
    names: set[bytes] = set()
    line = column = None
    for kind, token in _tokens(data):
        if kind == "prefix":
            names.add(token.group("pname"))
            if len(names) > limit:
                line, column = _position(data, token.start())
                break
    raise InputError(file, line, f"more than max_prefixes = {limit} prefixes declared", column)


# -- where a construct is: a Turtle tokenizer, used only for a refused file --------------

_TOKEN: Final = re.compile(
    b"|".join(
        (
            b"(?P<string>" + _LONG_STRING + b"|" + _SHORT_STRING + b")",
            b"(?P<iri>" + _IRI + b")",
            b"(?P<comment>" + _COMMENT + b")",
            rb"(?P<escape>\\.)",
            rb"(?P<prefix>(?:@prefix|(?<![^\s.])(?i:prefix))\s+(?P<pname>[^\s:<>#]*+):)",
            rb"(?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]*+)*+)",
            rb"(?P<open>\[|\(|<<|\{\|)",
            rb"(?P<close>\]|\)|>>|\|\})",
            rb"(?P<tilde>~)",
        )
    ),
    re.DOTALL,
)


def _tokens(data: bytes, start: int = 0) -> Iterator[tuple[str, re.Match[bytes]]]:
    """The tokens of ``data`` that may matter, with their kind, from byte ``start``.

    Good enough to find where a refused construct is; the parse decides what is refused.
    """
    for token in _TOKEN.finditer(data, start):
        kind = token.lastgroup
        if kind == "pname":  # the inner group of a prefix declaration
            kind = "prefix"
        assert kind is not None
        yield kind, token


def _printable(text: str, limit: int = 200) -> str:
    """``text`` on one line: control and invisible characters escaped, at most ``limit``."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
