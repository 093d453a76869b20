"""A timeline of memberships, accessions and programme participation, drawn as SVG.

The rows come from three canned queries, whose owners keep them right as the data
model changes: ``members-since`` (memberships and the year the text gives),
``programme-participation`` (programmes and the year, where the text gives one) and
``accession-dates`` (the exact dates of external sources). A query missing from a
layout's catalogue contributes no rows, so a build of any project still writes a
(possibly empty) timeline.

The picture is written by hand rather than with a plotting library: a few rectangles
and labels, each linked to the resource it shows, with a ``<title>`` tooltip; the
same rows always give the same bytes (no timestamps, fixed number formats, sorted
rows), and nothing is loaded from outside (no fonts, no scripts).

:func:`timeline_svg` draws the rows; :func:`make_timeline` is the build's artifact
(``timeline.svg``, links to the published IRIs); the server draws the same picture
with links to its own pages.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Final, Literal

from ..namespaces import shorten
from ..query.results import QueryResult, Value

if TYPE_CHECKING:
    from .publish import Material

MEMBERSHIPS: Final = "members-since"
PROGRAMMES: Final = "programme-participation"
ACCESSIONS: Final = "accession-dates"
QUERIES: Final = (MEMBERSHIPS, PROGRAMMES, ACCESSIONS)
"""The canned queries the timeline is drawn from."""

Runner = Callable[[str], QueryResult | None]
"""Runs a canned query by name (no parameters); ``None`` if the catalogue lacks it."""


@dataclass(frozen=True)
class Accession:
    """An exact date on which a state joined an organisation (an external fact)."""

    date: dt.date
    fact: str
    source: str | None


@dataclass(frozen=True)
class Bar:
    """One row of the timeline: a state's membership of an organisation or its part
    in a programme, from the year the text gives (``start``, ``None`` when it gives
    none) on."""

    kind: Literal["membership", "programme"]
    state: str
    state_label: str
    target: str
    target_label: str
    fact: str
    start: int | None
    sentence: int | None
    accessions: tuple[Accession, ...] = field(default=())

    def involves(self, iri: str) -> bool:
        """Whether the row is about ``iri``: its state, organisation, programme or fact."""
        return iri in (self.state, self.target, self.fact)


def _text(value: Value) -> str | None:
    return None if value is None else str(value)


def _int(value: Value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def timeline_bars(run: Runner) -> list[Bar]:
    """The rows of the timeline, from the canned queries that ``run`` answers.

    Sorted by state label, then memberships before programmes, then by start year
    (rows without a year last) and label. Each exact accession date is put on the
    membership of the same state and organisation; one without such a membership
    gets a row of its own.
    """
    bars: list[Bar] = []
    members = run(MEMBERSHIPS)
    for row in members.rows if members is not None else []:
        state, target, fact = _text(row.get("state")), _text(row.get("org")), row.get("membership")
        if state is None or target is None or fact is None:
            continue
        bars.append(
            Bar(
                "membership",
                state,
                _text(row.get("stateLabel")) or shorten(state),
                target,
                _text(row.get("orgLabel")) or shorten(target),
                str(fact),
                _int(row.get("textYear")),  # the text's year; startYear may be external
                _int(row.get("sentenceNumber")),
            )
        )
    programmes = run(PROGRAMMES)
    for row in programmes.rows if programmes is not None else []:
        state, target = _text(row.get("state")), _text(row.get("programme"))
        fact = row.get("participation")
        if state is None or target is None or fact is None:
            continue
        bars.append(
            Bar(
                "programme",
                state,
                _text(row.get("stateLabel")) or shorten(state),
                target,
                _text(row.get("programmeLabel")) or shorten(target),
                str(fact),
                _int(row.get("since")),
                _int(row.get("sentenceNumber")),
            )
        )
    accessions = run(ACCESSIONS)
    dated: dict[tuple[str, str], list[Accession]] = {}
    for row in accessions.rows if accessions is not None else []:
        state, target, fact = (_text(row.get(k)) for k in ("state", "org", "accession"))
        date = row.get("date")
        if state is None or target is None or fact is None or not isinstance(date, dt.date):
            continue
        dated.setdefault((state, target), []).append(
            Accession(date, fact, _text(row.get("source")))
        )
    placed: set[tuple[str, str]] = set()
    for index, bar in enumerate(bars):
        key = (bar.state, bar.target)
        if bar.kind == "membership" and key in dated and key not in placed:
            bars[index] = _with_accessions(bar, dated[key])
            placed.add(key)
    for (state, target), found in sorted(dated.items()):
        if (state, target) not in placed:
            first = min(found, key=lambda a: a.date)
            bar = Bar(
                "membership", state, shorten(state), target, shorten(target), first.fact, None, None
            )
            bars.append(_with_accessions(bar, found))
    return sorted(bars, key=_order)


def _with_accessions(bar: Bar, found: Iterable[Accession]) -> Bar:
    ordered = tuple(sorted(found, key=lambda a: (a.date, a.fact)))
    return Bar(
        bar.kind,
        bar.state,
        bar.state_label,
        bar.target,
        bar.target_label,
        bar.fact,
        bar.start,
        bar.sentence,
        ordered,
    )


def _order(bar: Bar) -> tuple[str, str, int, int, str, str]:
    return (
        bar.state_label.casefold(),
        bar.state,
        0 if bar.kind == "membership" else 1,
        bar.start if bar.start is not None else 10_000,
        bar.target_label.casefold(),
        bar.fact,
    )


# ---------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------

WIDTH: Final = 980
STATE_X: Final = 16
TARGET_X: Final = 214
PLOT_X: Final = 556
PLOT_END: Final = WIDTH - 24
ROW: Final = 30
LINE: Final = 14
TOP: Final = 58
TARGET_CHARS: Final = 44
COLOURS: Final = {"membership": "#1f5fa8", "programme": "#2c7a4b"}
LABELS: Final = {"membership": "membership", "programme": "programme participation"}


def axis_years(bars: Sequence[Bar]) -> tuple[int, int]:
    """First and last year of the axis: two years of margin around every year shown."""
    years = [b.start for b in bars if b.start is not None]
    years += [a.date.year for b in bars for a in b.accessions]
    if not years:
        return (2000, 2020)
    return (min(years) - 2, max(years) + 2)


def _x(year: float, first: int, last: int) -> float:
    return PLOT_X + (year - first) / (last - first) * (PLOT_END - PLOT_X)


def _fractional_year(date: dt.date) -> float:
    start = dt.date(date.year, 1, 1)
    days = (dt.date(date.year + 1, 1, 1) - start).days
    return date.year + (date - start).days / days


def _a(href: str, inner: str, title: str | None = None) -> str:
    tooltip = f"<title>{escape(title)}</title>" if title else ""
    return f'<a href="{escape(href)}">{tooltip}{inner}</a>'


def _f(number: float) -> str:
    """A coordinate with at most one decimal, the same text for the same number."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def timeline_svg(
    bars: Sequence[Bar],
    link: Callable[[str], str] = lambda iri: iri,
    title: str = "Memberships, accessions and programme participation",
    years: tuple[int, int] | None = None,
) -> str:
    """The timeline of ``bars`` as a stand-alone SVG document.

    ``link`` turns an IRI into the address its label and bar link to (the IRI itself
    by default); ``years`` are the first and last year of the axis (default: those of
    :func:`axis_years`, so that a part of the timeline can keep the whole one's axis).
    Every text from the graph is escaped.
    """
    first, last = years or axis_years(bars)
    rows: list[tuple[Bar, list[str], bool]] = []
    for index, bar in enumerate(bars):
        wrapped = textwrap.wrap(bar.target_label, TARGET_CHARS) or [bar.target_label]
        new_state = index == 0 or bars[index - 1].state != bar.state
        rows.append((bar, wrapped, new_state))
    height = TOP + sum(ROW + LINE * (len(w) - 1) + (10 if new else 0) for _, w, new in rows)
    height = max(height, TOP + ROW) + 70
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="timeline-title '
        'timeline-desc" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, '
        'sans-serif" font-size="13" class="timeline">',
        f'<title id="timeline-title">{escape(title)}</title>',
        '<desc id="timeline-desc">One row per membership or programme participation that '
        "the graph holds, from the year it began; diamonds mark exact accession dates "
        "from external sources. Rows without a year are drawn dashed.</desc>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{STATE_X}" y="24" font-size="15" font-weight="600" fill="#1a1a1a">'
        f"{escape(title)}</text>",
    ]
    # Year ticks and grid lines.
    span = last - first
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (PLOT_END - PLOT_X) / span * s >= 40)
    grid_bottom = height - 62
    for year in range(first, last + 1):
        x = _f(_x(year, first, last))
        if year % step == 0:
            out.append(
                f'<line x1="{x}" y1="{TOP - 12}" x2="{x}" y2="{grid_bottom}" stroke="#d9dde3" '
                'stroke-width="1"/>'
            )
            out.append(
                f'<text x="{x}" y="{TOP - 18}" text-anchor="middle" font-size="11" '
                f'fill="#4a5058">{year}</text>'
            )
    if not bars:
        out.append(
            f'<text x="{STATE_X}" y="{TOP + 18}" fill="#4a5058">The graph states no '
            "membership or programme participation.</text>"
        )
    y = TOP
    for bar, wrapped, new_state in rows:
        if new_state:
            if y > TOP:
                out.append(
                    f'<line x1="{STATE_X}" y1="{y + 4}" x2="{PLOT_END}" y2="{y + 4}" '
                    'stroke="#b8bec6" stroke-width="1"/>'
                )
            y += 10
            out.append(
                _a(
                    link(bar.state),
                    f'<text x="{STATE_X}" y="{y + 17}" font-weight="600" fill="#1a1a1a">'
                    f"{escape(bar.state_label)}</text>",
                )
            )
        lines = "".join(
            f'<tspan x="{TARGET_X}" dy="{0 if i == 0 else LINE}">{escape(t)}</tspan>'
            for i, t in enumerate(wrapped)
        )
        out.append(
            _a(
                link(bar.target),
                f'<text x="{TARGET_X}" y="{y + 17}" fill="#1f3f66">{lines}</text>',
                f"{bar.target_label} ({LABELS[bar.kind]})",
            )
        )
        out.append(_bar(bar, y, first, last, link))
        y += ROW + LINE * (len(wrapped) - 1)
    out.append(_legend(height))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _bar(bar: Bar, y: int, first: int, last: int, link: Callable[[str], str]) -> str:
    colour = COLOURS[bar.kind]
    top = y + 4
    where = f"stated in S{bar.sentence}" if bar.sentence is not None else "not in the text"
    parts: list[str] = []
    if bar.start is not None:
        x0 = _x(bar.start, first, last)
        tooltip = (
            f"{bar.state_label}: {LABELS[bar.kind]}, {bar.target_label}, since {bar.start} "
            f"({where})"
        )
        shape = (
            f'<rect x="{_f(x0)}" y="{top}" width="{_f(PLOT_END - x0)}" height="16" rx="3" '
            f'fill="{colour}"/>'
            f'<text x="{_f(x0 - 5)}" y="{top + 12.5}" font-size="11" font-weight="600" '
            f'text-anchor="end" fill="{colour}">{bar.start}</text>'
        )
    else:
        tooltip = (
            f"{bar.state_label}: {LABELS[bar.kind]}, {bar.target_label}; no year is given ({where})"
        )
        missing = "year not stated in the text" if bar.sentence is not None else "no year given"
        shape = (
            f'<rect x="{PLOT_X}" y="{top}" width="{PLOT_END - PLOT_X}" height="16" rx="3" '
            f'fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="1.2" '
            'stroke-dasharray="5 4"/>'
            f'<text x="{PLOT_END - 6}" y="{top + 12.5}" font-size="11" font-style="italic" '
            f'text-anchor="end" fill="{colour}">{missing}</text>'
        )
    parts.append(_a(link(bar.fact), shape, tooltip))
    for accession in bar.accessions:
        cx = _x(_fractional_year(accession.date), first, last)
        cy = top + 8
        source = f", source: {accession.source}" if accession.source else ""
        diamond = (
            f'<path d="M {_f(cx)} {cy - 7} L {_f(cx + 7)} {cy} L {_f(cx)} {cy + 7} '
            f'L {_f(cx - 7)} {cy} Z" fill="#f2b01e" stroke="#1a1a1a" stroke-width="1"/>'
        )
        parts.append(
            _a(
                link(accession.fact),
                diamond,
                f"Accession on {accession.date.isoformat()} (external fact{source})",
            )
        )
    return "".join(parts)


def _legend(height: int) -> str:
    y = height - 40
    return (
        f'<g font-size="12" fill="#1a1a1a">'
        f'<rect x="{STATE_X}" y="{y}" width="28" height="12" rx="2" '
        f'fill="{COLOURS["membership"]}"/>'
        f'<text x="{STATE_X + 36}" y="{y + 10}">membership, from the year it began</text>'
        f'<rect x="{STATE_X + 320}" y="{y}" width="28" height="12" rx="2" '
        f'fill="{COLOURS["programme"]}"/>'
        f'<text x="{STATE_X + 356}" y="{y + 10}">programme participation</text>'
        f'<path d="M {STATE_X + 560} {y - 1} L {STATE_X + 567} {y + 6} L {STATE_X + 560} {y + 13} '
        f'L {STATE_X + 553} {y + 6} Z" fill="#f2b01e" stroke="#1a1a1a" stroke-width="1"/>'
        f'<text x="{STATE_X + 574}" y="{y + 10}">exact accession date (external source)</text>'
        f'<text x="{STATE_X}" y="{y + 30}" fill="#4a5058">Dashed: no year is given for the '
        "membership or participation. Bars run on to the time of the report; hover over "
        "one for where it is stated.</text></g>"
    )


def canned_runner(catalogue: Mapping[str, object], answer: Callable[[str], QueryResult]) -> Runner:
    """A :data:`Runner` that answers the timeline's queries present in ``catalogue``."""

    def run(name: str) -> QueryResult | None:
        return answer(name) if name in catalogue else None

    return run


def make_timeline(material: Material) -> str:
    """The build's ``timeline.svg``: every row of the built graph, linked to the IRIs."""
    from ..query.catalog import list_queries
    from ..query.execute import execute
    from ..query.local import OxigraphEngine

    engine = OxigraphEngine.from_triples([*material.merged, *material.inferred])
    catalogue = {q.name: q for q in list_queries(material.layout) if q.name in QUERIES}
    run = canned_runner(catalogue, lambda name: execute(engine, catalogue[name]))
    return timeline_svg(timeline_bars(run))
