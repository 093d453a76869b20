"""Spans: finding a quote in the source text, and finding every span again after the
text changed (:mod:`balkan_kg.kg.spans`, ``balkan-kg span`` and ``balkan-kg reanchor``).

Expected offsets are computed here from the source text with ``str.index`` (the words
read in the text, the offsets where the file has them), never copied from the code's
output. The re-anchoring tests work on a copy of the project's curated files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from balkan_kg.cli import commands, main
from balkan_kg.kg.spans import (
    CONTEXT_IRI,
    Anchor,
    Anchors,
    check_rewrite,
    check_spans,
    diff,
    expected_graph,
    locate,
    phrase_iri,
    phrase_turtle,
    read_anchors,
    reanchor,
    rewrite,
    turtle_string,
)
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.rdfio.parse import parse_files

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
BK = "https://w3id.org/balkan-kg/id/"
PREFIXES = (
    "@prefix bk: <https://w3id.org/balkan-kg/id/> .\n"
    "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


@pytest.fixture(scope="module")
def root() -> Path:
    found = checkout_root()
    if found is None:
        pytest.skip("not running from a checkout")
    return found


@pytest.fixture(scope="module")
def text(root: Path) -> str:
    return (root / "data" / "source" / "report-excerpt.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def anchors(root: Path) -> Anchors:
    return read_anchors(parse_files(Layout(root).data_files()))


@pytest.fixture
def project(root: Path, tmp_path: Path) -> Layout:
    """A copy of the curated files (ontology, data, queries) to change."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(root / name, tmp_path / name)
    return Layout(tmp_path)


def curated(layout: Layout) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in layout.data_files()}


# --- locating a quote -----------------------------------------------------------------


def test_a_quote_is_found_with_its_offsets_and_sentence(text: str, anchors: Anchors) -> None:
    begin = text.index("Albania (2009)")
    [match] = locate(text, "Albania (2009)", anchors.sentence_list())
    assert (match.begin, match.end) == (begin, begin + len("Albania (2009)"))
    assert match.sentence is not None and match.sentence.number == 3  # S3 names Albania


def test_a_quote_that_occurs_often_is_found_everywhere_or_in_one_sentence(
    text: str, anchors: Anchors
) -> None:
    everywhere = locate(text, "NATO", anchors.sentence_list())
    assert len(everywhere) == text.count("NATO")
    # S11: "NATO-Serbia relations remain contentious due to the 1999 NATO intervention"
    in_s11 = locate(text, "NATO", anchors.sentence_list(), sentence=11)
    s11 = text.index("NATO-Serbia relations")
    assert [m.begin for m in in_s11] == [s11, text.index("1999 NATO") + len("1999 ")]
    assert {m.sentence.number for m in in_s11 if m.sentence} == {11}


def test_a_missing_quote_is_not_found_and_bad_requests_are_refused(
    text: str, anchors: Anchors
) -> None:
    assert locate(text, "nato", anchors.sentence_list()) == []  # exact, case included
    with pytest.raises(ValueError, match="empty"):
        locate(text, "", anchors.sentence_list())
    with pytest.raises(ValueError, match="no sentence 19"):
        locate(text, "NATO", anchors.sentence_list(), sentence=19)


def test_the_turtle_of_a_span_is_the_curated_one(root: Path, text: str, anchors: Anchors) -> None:
    """The lines printed for "Albania (2009)" are those of data/spans.ttl, but for the
    entity the curated span names."""
    [match] = locate(text, "Albania (2009)", anchors.sentence_list())
    printed = Graph().parse(data=PREFIXES + phrase_turtle(CONTEXT_IRI, match), format="turtle")
    curated_graph = parse_files([root / "data" / "spans.ttl"])
    span = URIRef(phrase_iri(CONTEXT_IRI, match.begin, match.end))
    assert set(printed) == {
        t for t in curated_graph.triples((span, None, None)) if "taIdentRef" not in str(t[1])
    }
    assert set(printed.objects(span, URIRef(NIF + "anchorOf"))) == {Literal("Albania (2009)")}


def test_turtle_strings_are_escaped() -> None:
    assert turtle_string('a "b" \\ c\nd\te') == '"a \\"b\\" \\\\ c\\nd\\te"'
    value = 'a "b" \\ c\nd'
    graph = Graph().parse(data="<x:s> <x:p> " + turtle_string(value) + " .", format="nt")
    assert {str(o) for o in graph.objects()} == {value}


# --- re-anchoring: small texts ---------------------------------------------------------


def small(old: str, phrases: list[tuple[str, int, int]], sentences: list[str]) -> Anchors:
    """Anchors for ``old``: its sentences (by their text) and phrases (quote, sentence
    number, occurrence of the quote in the text counting from 0)."""
    made = []
    for number, sentence in enumerate(sentences, 1):
        begin = old.index(sentence)
        made.append(
            Anchor(
                f"{BK}S{number}", "sentence", begin, begin + len(sentence), sentence,
                number=number,
            )
        )  # fmt: skip
    spans = []
    for quote, number, nth in phrases:
        begin = -1
        for _ in range(nth + 1):
            begin = old.index(quote, begin + 1)
        spans.append(
            Anchor(
                phrase_iri(CONTEXT_IRI, begin, begin + len(quote)), "phrase", begin,
                begin + len(quote), quote, sentence=f"{BK}S{number}",
            )
        )  # fmt: skip
    return Anchors(CONTEXT_IRI, old, tuple(made), tuple(spans))


def test_a_phrase_is_found_again_in_its_sentence() -> None:
    old = "The cat sat. The cat ran."
    anchors = small(old, [("cat", 2, 1)], ["The cat sat.", "The cat ran."])
    new = "Yes. The cat sat. The cat ran."
    plan = reanchor(anchors, new)
    assert plan.complete
    begin = new.index("cat ran")
    assert plan.moves[anchors.phrases[0].iri] == (begin, begin + 3)


def test_words_around_a_repeated_quote_tell_the_occurrences_apart() -> None:
    old = "One cat. A cat, then another cat."
    anchors = small(old, [("cat", 2, 2)], ["One cat.", "A cat, then another cat."])
    new = "Yes. One cat. A cat, then another cat."
    plan = reanchor(anchors, new)
    assert plan.complete
    assert plan.moves[anchors.phrases[0].iri] == (new.rindex("cat"), new.rindex("cat") + 3)


def test_a_span_whose_context_cannot_tell_is_reported_not_guessed() -> None:
    old = "cat cat."
    anchors = small(old, [("cat", 1, 1)], [old])
    new = "cat cat. cat cat."  # the sentence twice: which one is it?
    plan = reanchor(anchors, new)
    assert not plan.complete and not plan.moves
    reasons = {u.anchor.kind: u.reason for u in plan.unplaced}
    assert "occurs 2 times" in reasons["sentence"]
    assert (
        "occurs 4 times" in reasons["phrase"] and "do not tell 2 of them apart" in reasons["phrase"]
    )
    with pytest.raises(ValueError, match="could not be placed"):
        rewrite({}, anchors, plan)


def test_an_edited_sentence_is_reported_with_what_it_now_reads() -> None:
    old = "One. Two words. Three."
    anchors = small(old, [("words", 2, 0)], ["One.", "Two words.", "Three."])
    plan = reanchor(anchors, "One. Two new words. Three.")
    [unplaced] = plan.unplaced
    assert unplaced.anchor.iri == f"{BK}S2"
    assert 'now reads "Two new words."' in unplaced.reason
    assert str(unplaced).startswith('bk:S2 "Two words."')
    # The phrase is still found (once in the text), so only the sentence needs a hand.
    assert anchors.phrases[0].iri in plan.moves


# --- re-anchoring: the project ---------------------------------------------------------


def test_the_unchanged_text_moves_nothing(anchors: Anchors, root: Path) -> None:
    plan = reanchor(anchors, anchors.text)
    assert plan.complete and not plan.moves and not plan.text_changed
    assert plan.checked == len(anchors.sentences) + len(anchors.phrases) >= 18 + 150
    assert rewrite(curated(Layout(root)), anchors, plan) == {}


def test_the_stored_text_is_the_source_text(anchors: Anchors, text: str) -> None:
    """What reanchor compares against: the spans were made for the current file."""
    assert anchors.text == text


def test_a_changed_layout_of_the_text_moves_every_span_after_it(project: Layout) -> None:
    text = project.source_text.read_text(encoding="utf-8")
    new_text = text.replace("\n", "\n\n")  # a blank line between paragraphs
    files = curated(project)
    graph = parse_files(files)
    anchors = read_anchors(graph)
    plan = reanchor(anchors, new_text)
    assert plan.complete, [str(u) for u in plan.unplaced]
    first_break = text.index("\n")
    moved = {a.iri for a in (*anchors.sentences, *anchors.phrases) if a.begin > first_break}
    assert set(plan.moves) == moved
    rewritten = rewrite(files, anchors, plan)
    check_rewrite(files, rewritten, expected_graph(graph, anchors, plan))
    names = {p.name for p in rewritten}
    assert {"spans.ttl", "source.ttl", "facts.ttl"} <= names
    # Only offsets, span IRIs and the stored text change, line for line.
    assert "+++ b/data/spans.ttl" in diff(files, rewritten, project.root)
    for path, new in rewritten.items():
        old_lines, new_lines = files[path].splitlines(), new.splitlines()
        assert len(old_lines) == len(new_lines)
        for before, after in zip(old_lines, new_lines, strict=True):
            if before != after:
                assert any(w in before for w in ("char=", "Index", "isString")), before
    for path, new in rewritten.items():
        path.write_text(new, encoding="utf-8")
    project.source_text.write_text(new_text, encoding="utf-8")
    after = read_anchors(parse_files(project.data_files()))
    assert after.text == new_text
    for span in (*after.sentences, *after.phrases):
        assert new_text[span.begin : span.end] == span.quote, span.name
        if span.kind == "phrase":
            assert span.iri == phrase_iri(CONTEXT_IRI, span.begin, span.end)
    # Every fact still points at spans that exist.
    graph_after = parse_files(project.data_files())
    phrases = {URIRef(s.iri) for s in after.phrases}
    evidence = set(
        graph_after.objects(None, URIRef("https://w3id.org/balkan-kg/ontology#evidence"))
    )
    assert evidence and evidence <= phrases


def test_a_rewrite_that_changes_more_than_offsets_is_refused(project: Layout) -> None:
    files = curated(project)
    graph = parse_files(files)
    anchors = read_anchors(graph)
    plan = reanchor(anchors, anchors.text.replace("\n", "\n\n"))
    rewritten = rewrite(files, anchors, plan)
    spans = next(p for p in rewritten if p.name == "spans.ttl")
    rewritten[spans] = rewritten[spans].replace('nif:anchorOf "NATO"', 'nif:anchorOf "OTAN"', 1)
    with pytest.raises(ValueError, match="more than the offsets"):
        check_rewrite(files, rewritten, expected_graph(graph, anchors, plan))


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def cli_project(project: Layout, monkeypatch: pytest.MonkeyPatch) -> Layout:
    monkeypatch.setattr(commands, "default_layout", lambda: project)
    return project


def test_span_prints_the_lines_for_a_quote(
    cli_project: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    text = cli_project.source_text.read_text(encoding="utf-8")
    assert main(["span", "the past few years"]) == 0
    out = capsys.readouterr().out
    begin = text.index("the past few years")
    assert f"#char={begin},{begin + len('the past few years')}>" in out
    assert "nif:sentence bk:S18 ;" in out  # the last sentence
    Graph().parse(data=PREFIXES + out, format="turtle")


def test_span_names_every_occurrence_when_it_cannot_choose(
    cli_project: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["span", "Serbia"]) == 1
    err = capsys.readouterr().err
    assert f"occurs {cli_project.source_text.read_text(encoding='utf-8').count('Serbia')}" in err
    assert "--sentence" in err
    assert main(["span", "Serbia", "--sentence", "6"]) == 0  # "Kosovo, BiH, and Serbia"
    assert main(["span", "Belgrade"]) == 1
    assert main(["span", "Serbia", "--sentence", "99"]) == 2


def test_reanchor_shows_the_diff_and_writes_only_when_asked(
    cli_project: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reanchor"]) == 0
    assert "nothing to change" in capsys.readouterr().out
    source = cli_project.source_text
    source.write_text(source.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    before = curated(cli_project)
    assert main(["reanchor"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/data/spans.ttl" in out and "run with --write" in out
    assert curated(cli_project) == before  # nothing written
    assert main(["reanchor", "--write"]) == 0
    assert "rewrote data/spans.ttl" in capsys.readouterr().out
    assert curated(cli_project) != before
    assert main(["reanchor"]) == 0
    assert "nothing to change" in capsys.readouterr().out


def test_reanchor_names_what_it_cannot_place_and_writes_nothing(
    cli_project: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    source = cli_project.source_text
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Objectively, NATO", "Objectively speaking, NATO"), "utf-8")
    before = curated(cli_project)
    assert main(["reanchor", "--write"]) == 1
    captured = capsys.readouterr()
    assert 'not placed: bk:S2 "Objectively, NATO has the upper hand' in captured.out
    assert "Objectively speaking, NATO has the upper hand in the region (Figure 7)." in captured.out
    assert "nothing written" in captured.err
    assert curated(cli_project) == before


# --- checking the spans against the text (every build and every validate) -------------


def test_the_curated_spans_agree_with_the_text(root: Path, text: str) -> None:
    assert check_spans(parse_files(Layout(root).data_files()), text) == []


def test_a_one_character_change_to_the_text_is_reported_span_by_span(root: Path, text: str) -> None:
    # S3: "managed to become full NATO allies" -> "managed to bxcome full NATO allies".
    at = text.index("become full NATO allies") + 1
    changed = text[:at] + "x" + text[at + 1 :]
    problems = check_spans(parse_files(Layout(root).data_files()), changed)
    assert problems[0].startswith("bk:report-excerpt: the source file differs")
    assert f"from character {at} on" in problems[0]
    named = "\n".join(problems[1:])
    assert "bk:S3 " in named  # the sentence that holds the change
    assert "#char=248,322>" in named  # "3 out of the 6 ... full NATO allies"
    assert "bk:S4 " not in named  # a sentence the change does not touch
    assert all("reads" in line and "not the quote" in line for line in problems[1:])


def test_offsets_that_disagree_with_the_iri_or_the_quote_are_reported(text: str) -> None:
    graph = Graph()
    graph.parse(
        data=PREFIXES
        + "@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .\n"
        + f"""
bk:report-excerpt a nif:Context ; nif:isString {turtle_string(text)} .
bk:S1 a nif:Sentence ; nif:referenceContext bk:report-excerpt ; bkg:sentenceNumber 1 ;
    nif:beginIndex 0 ; nif:endIndex 115 ; nif:anchorOf {turtle_string(text[:115])} .
<https://w3id.org/balkan-kg/id/report-excerpt#char=55,59> a nif:Phrase ;
    nif:referenceContext bk:report-excerpt ; nif:sentence bk:S1 ;
    nif:beginIndex 60 ; nif:endIndex 66 ; nif:anchorOf {turtle_string(text[60:66])} .
<https://w3id.org/balkan-kg/id/report-excerpt#char=0,6> a nif:Phrase ;
    nif:referenceContext bk:report-excerpt ; nif:sentence bk:S1 ;
    nif:beginIndex 0 ; nif:endIndex 6 ; nif:anchorOf "Local" .
""",
        format="turtle",
    )
    problems = check_spans(graph, text)
    assert any(
        "#char=55,59>" in p and "its IRI names 55-59, its offsets say 60-66" in p for p in problems
    )
    assert any("#char=0,6>" in p and 'reads "Global", not the quote' in p for p in problems)


def test_build_and_validate_refuse_a_changed_text(
    cli_project: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from balkan_kg.errors import SpanError
    from balkan_kg.kg.build import build

    source = cli_project.source_text
    text = source.read_text(encoding="utf-8")
    at = text.index("Bosnia’s fragile stability")
    source.write_text(text[:at] + "B" + text[at:], encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SpanError, match="the spans do not match the source text"):
        build(out, layout=cli_project)
    assert not out.exists() or not any(out.iterdir())  # nothing published
    assert main(["validate"]) == 1
    assert "Bosnia’s fragile stability" in capsys.readouterr().err
