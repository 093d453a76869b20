"""Content negotiation: the best of the offered media types for an ``Accept`` header."""

from __future__ import annotations

from collections.abc import Sequence


def _parse(accept: str) -> list[tuple[str, float, int]]:
    """``(media range, quality, position)`` for each range of an ``Accept`` header."""
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in item.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality, position))
    return ranges


def _matches(media_range: str, offer: str) -> int:
    """How specifically ``media_range`` matches ``offer``.

    2 exactly, 1 by its type (``text/*``), 0 as ``*/*``, -1 not at all.
    """
    if media_range == offer:
        return 2
    kind, _, subtype = media_range.partition("/")
    if subtype == "*" and offer.partition("/")[0] == kind:
        return 1
    return 0 if media_range == "*/*" else -1


def best_match(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or ``None`` if it accepts none of them.

    No ``Accept`` header (or an empty one) accepts anything: the first offer. Among
    offers of equal quality, the most specific matching range wins, then the order of
    ``offers`` (the server's preference).

    >>> best_match("text/html,application/xml;q=0.9,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> best_match("application/json", ["text/turtle"]) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = _parse(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for preference, offer in enumerate(offers):
        scored = [(q, _matches(r, offer.lower())) for r, q, _ in ranges]
        scored = [(q, specific) for q, specific in scored if specific >= 0]
        if not scored:
            continue
        quality, specific = max(scored, key=lambda item: (item[1], item[0]))
        if quality <= 0:
            continue
        key = (quality, specific, -preference)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen
