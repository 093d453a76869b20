"""The timeline: its rows read from the graph, and the SVG drawn from them.

The expected years are the source text's: S3 "Albania (2009), Montenegro (2017), and
North Macedonia (2020)", S4 "Croatia (2009) and Slovenia (2004)", S8 "Since 2010,
Bosnia and Herzegovina has a Membership Action Plan", S7 "a Partnership for Peace
programme ... with the latter two" (Bosnia and Herzegovina and Serbia, no year).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from balkan_kg.kg.build import build
from balkan_kg.kg.timeline import (
    QUERIES,
    Accession,
    Bar,
    canned_runner,
    make_timeline,
    timeline_bars,
    timeline_svg,
)
from balkan_kg.layout import Layout
from balkan_kg.query.catalog import list_queries
from balkan_kg.query.execute import execute
from balkan_kg.query.local import OxigraphEngine
from balkan_kg.rdfio.parse import read_triples

SVG = "{http://www.w3.org/2000/svg}"
BK = "https://w3id.org/balkan-kg/id/"


@pytest.fixture(scope="module")
def project_bars(tmp_path_factory: pytest.TempPathFactory) -> list[Bar]:
    from balkan_kg.layout import checkout_root

    root = checkout_root()
    if root is None:
        pytest.skip("no project checkout")
    layout = Layout(root)
    result = build(tmp_path_factory.mktemp("timeline-build"), layout=layout)
    engine = OxigraphEngine.from_files(result.query_files(True))
    catalogue = {q.name: q for q in list_queries(layout) if q.name in QUERIES}
    return timeline_bars(canned_runner(catalogue, lambda name: execute(engine, catalogue[name])))


def find(bars: list[Bar], state: str, target: str) -> Bar:
    found = [b for b in bars if b.state == BK + state and b.target == BK + target]
    assert len(found) == 1, f"{state} / {target}: {found}"
    return found[0]


@pytest.mark.parametrize(
    ("state", "year"),
    [("Albania", 2009), ("Montenegro", 2017), ("NorthMacedonia", 2020), ("Croatia", 2009),
     ("Slovenia", 2004)],
)  # fmt: skip
def test_nato_memberships_start_in_the_years_of_the_text(
    project_bars: list[Bar], state: str, year: int
) -> None:
    bar = find(project_bars, state, "NATO")
    assert bar.kind == "membership"
    assert bar.start == year
    assert bar.sentence in (3, 4)


def test_exact_accession_dates_sit_on_the_memberships_and_agree_with_the_years(
    project_bars: list[Bar],
) -> None:
    for state in ("Albania", "Montenegro", "NorthMacedonia", "Croatia", "Slovenia"):
        bar = find(project_bars, state, "NATO")
        assert [a.date.year for a in bar.accessions] == [bar.start]
        assert all(a.source and a.source.startswith("https://") for a in bar.accessions)
    # The EU memberships of S4 have no year in the text, only an external date.
    croatia_eu = find(project_bars, "Croatia", "EU")
    assert croatia_eu.start is None
    assert [a.date for a in croatia_eu.accessions] == [dt.date(2013, 7, 1)]


def test_bosnia_has_its_membership_action_plan_since_2010(project_bars: list[Bar]) -> None:
    plan = find(project_bars, "BosniaAndHerzegovina", "MembershipActionPlan-BiH")
    assert plan.kind == "programme"
    assert (plan.start, plan.sentence) == (2010, 8)


def test_bosnia_and_serbia_take_part_in_the_partnership_for_peace(
    project_bars: list[Bar],
) -> None:
    partners = {
        b.state_label: b.start for b in project_bars if b.target == BK + "PartnershipForPeace"
    }
    assert partners == {"Bosnia and Herzegovina": None, "Serbia": None}


def test_kosovo_has_no_row(project_bars: list[Bar]) -> None:
    assert not [b for b in project_bars if b.state == BK + "Kosovo"]


def test_rows_are_grouped_by_state_memberships_first(project_bars: list[Bar]) -> None:
    labels = [b.state_label for b in project_bars]
    assert labels == sorted(labels, key=str.casefold)
    bosnia = [b.kind for b in project_bars if b.state_label == "Bosnia and Herzegovina"]
    assert bosnia == sorted(bosnia)  # "membership" < "programme"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def test_the_picture_shows_every_row_with_its_year_and_links(project_bars: list[Bar]) -> None:
    svg = timeline_svg(project_bars, link=lambda iri: "/x/" + iri.rsplit("/", 1)[-1])
    root = parse(svg)
    shown = texts(root)
    for label in ("Albania", "Montenegro", "North Macedonia", "Croatia", "Slovenia", "Serbia"):
        assert label in shown
    for year in ("2004", "2009", "2010", "2017", "2020"):
        assert year in shown
    # A row of the text without a year; an external membership (no sentence) has none
    # either, but says "no year given".
    assert shown.count("year not stated in the text") == sum(
        1 for b in project_bars if b.start is None and b.sentence is not None
    )
    links = {a.get("href") for a in root.iter(SVG + "a")}
    assert "/x/Albania" in links and "/x/membership-albania-nato" in links
    tooltips = ["".join(t.itertext()) for a in root.iter(SVG + "a") for t in a.iter(SVG + "title")]
    assert any("Accession on 2009-04-01" in t for t in tooltips)


def test_the_same_rows_give_the_same_bytes(project_bars: list[Bar]) -> None:
    assert timeline_svg(project_bars) == timeline_svg(list(project_bars))


def test_text_from_the_graph_is_escaped() -> None:
    bar = Bar(
        "membership", BK + "X", "<script>alert(1)</script> & co", BK + 'O"rg', "Org <b>",
        BK + "f", 2001, 1, (Accession(dt.date(2001, 5, 1), BK + "a", "https://e/?a=1&b=<2>"),),
    )  # fmt: skip
    svg = timeline_svg([bar])
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # well-formed XML
    assert "<script>alert(1)</script> & co" in texts(root)


def test_an_empty_timeline_says_so() -> None:
    root = parse(timeline_svg([]))
    assert any("states no membership" in t for t in texts(root))


def test_queries_missing_from_the_catalogue_give_no_rows() -> None:
    assert timeline_bars(canned_runner({}, lambda name: pytest.fail(name))) == []


def test_the_build_writes_the_timeline_with_the_published_iris(
    real_layout: Layout, tmp_path: Path
) -> None:
    result = build(tmp_path / "out", layout=real_layout)
    written = result.path("timeline.svg").read_text(encoding="utf-8")
    root = parse(written)
    assert BK + "Albania" in {a.get("href") for a in root.iter(SVG + "a")}
    assert "timeline.svg" in result.manifest["outputs"]
    # Made from the built graphs alone: the same triples give the same file.
    from balkan_kg.kg.publish import Material

    merged = read_triples(result.path("merged.nt"))
    inferred = read_triples(result.path("inferred.nt"))
    assert make_timeline(Material(real_layout, merged, inferred, True)) == written


def test_a_project_without_the_queries_still_builds_a_timeline(
    mini: Layout, tmp_path: Path
) -> None:
    result = build(tmp_path / "out", layout=mini)
    root = parse(result.path("timeline.svg").read_text(encoding="utf-8"))
    assert any("states no membership" in t for t in texts(root))
