"""The source text: the project's copy is the shared original, and it has 18 sentences.

The shared original lives in ``../shared/source/report-excerpt.txt`` relative to the
repository root, when that folder exists (in the development workspace); elsewhere the
comparison is skipped. The expected shape of the text (18 sentences in four paragraphs
of 5, 5, 3 and 5 sentences) comes from reading it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "data" / "source" / "report-excerpt.txt"
SHARED = REPO.parent / "shared" / "source" / "report-excerpt.txt"

SENTENCE_END = re.compile(r"\.(?:\[\d+\])?(?=\s|$)")
"""The end of a sentence: a full stop, an optional footnote marker such as ``[19]``, then
whitespace or the end of the text."""

SENTENCES_PER_PARAGRAPH = [5, 5, 3, 5]
"""As read: S1-S5, S6-S10, S11-S13, S14-S18."""


def test_source_text_is_the_shared_original() -> None:
    """data/source/report-excerpt.txt is byte for byte the shared original."""
    if not SHARED.is_file():
        pytest.skip(f"no shared original at {SHARED} (outside the development workspace)")
    assert SOURCE.read_bytes() == SHARED.read_bytes()


def test_source_text_is_plain_utf8() -> None:
    """The text decodes as UTF-8, without a byte-order mark or carriage returns, so that
    Python string offsets are the NIF offsets the data uses."""
    raw = SOURCE.read_bytes()
    text = raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "\r" not in text
    assert "’" in text, "the typographic apostrophes of the original are kept"


def test_source_text_has_18_sentences() -> None:
    """The text has 18 sentence ends."""
    text = SOURCE.read_text(encoding="utf-8")
    assert len(SENTENCE_END.findall(text)) == 18


def test_source_text_has_four_paragraphs_of_5_5_3_5_sentences() -> None:
    """Paragraph breaks fall after S5, S10 and S13; the text has no trailing newline."""
    text = SOURCE.read_text(encoding="utf-8")
    paragraphs = text.split("\n")
    assert [len(SENTENCE_END.findall(p)) for p in paragraphs] == SENTENCES_PER_PARAGRAPH
    assert all(p == p.strip() for p in paragraphs)
