"""The README matches the data it describes: the table of what is in the graph, and the
list of readings of ambiguous sentences (each bk:reading-... resource of the graph is
listed with the words it reads, and nothing else is listed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from balkan_kg.namespaces import PREFIXES
from balkan_kg.rdfio.parse import parse_files

ROOT = Path(__file__).resolve().parents[2]
BKG = PREFIXES["bkg"]
NIF = PREFIXES["nif"]

# README row label -> the classes whose asserted instances the row counts, one group
# per comma-separated figure ("people, posts, groups | 1, 1, 5").
TEXT_ROWS: dict[str, list[list[str]]] = {
    "states": [["bkg:State"]],
    "organisations (NATO, EU)": [["bkg:Alliance", "bkg:Union"]],
    "region (Western Balkans)": [["bkg:Region"]],
    "programmes (PfP, 2 tailored, MAP)": [
        ["bkg:PartnershipProgramme", "bkg:TailoredPartnershipProgramme", "bkg:MembershipActionPlan"]
    ],
    "missions (KFOR, EUFOR Althea), armed force (KSF)": [["bkg:MilitaryMission", "bkg:ArmedForce"]],
    "people, posts, groups": [["bkg:Person"], ["bkg:Post"], ["bkg:Group"]],
    "events (1999 intervention, Kosovo war, 2018 decision, 5 accessions, the writing)": [
        ["bkg:MilitaryIntervention", "bkg:War", "bkg:Decision", "bkg:Accession", "bkg:Writing"]
    ],
    "prospects, phenomena": [
        ["bkg:MembershipProspect", "bkg:TiesProspect", "bkg:IntegrationProspect"],
        ["bkg:Phenomenon"],
    ],
    "the report, its section, figure and footnote": [
        ["bkg:Report", "bkg:Section", "bkg:Figure", "bkg:Footnote"]
    ],
    "memberships / non-memberships": [["bkg:Membership"], ["bkg:NonMembership"]],
    "region inclusions": [["bkg:RegionInclusion"]],
    "programme participations": [["bkg:ProgrammeParticipation"]],
    "bilateral relations": [["bkg:BilateralRelation"]],
    "stances": [["bkg:Stance"]],
    "assessments, conditions, motivations": [
        ["bkg:Assessment"],
        ["bkg:Condition"],
        ["bkg:Motivation"],
    ],
    "supports, deployments, strength changes": [
        ["bkg:Support"],
        ["bkg:MissionDeployment"],
        ["bkg:StrengthChange"],
    ],
    "post holdings, force profiles": [["bkg:PostHolding"], ["bkg:ForceProfile"]],
    "causal links (cause, explanation, enabling, ground, motive)": [["bkg:CausalLink"]],
    "affiliations, counts, event occurrences, opportunities, group compositions": [
        ["bkg:Affiliation"],
        ["bkg:Count"],
        ["bkg:EventOccurrence"],
        ["bkg:Opportunity"],
        ["bkg:GroupComposition"],
    ],
    "periods, qualifications, readings": [["bkg:Period"], ["bkg:Qualification"], ["bkg:Reading"]],
    "sentences / text spans": [["nif:Sentence"], ["nif:Phrase"]],
}
EXTERNAL_ROWS: dict[str, list[list[str]]] = {
    "identity links to Wikidata": [["bkg:IdentityLink"]],
    "exact accession dates": [["bkg:AccessionDate"]],
    "NATO memberships of the four non-recognising states": [["bkg:Membership"]],
    "the four non-recognising NATO members": [["bkg:GroupComposition"]],
    "KFOR's location": [["bkg:MissionDeployment"]],
    "Stoltenberg's term as Secretary General": [["bkg:PostHolding"]],
    "publication records (report, section, figure, footnote)": [["bkg:PublicationRecord"]],
    "the year of writing": [["bkg:EventOccurrence"]],
    "states named only there": [["bkg:State"]],
    "accessions named only there": [["bkg:Accession"]],
    "publisher": [["bkg:ResearchInstitute"]],
}


def _iri(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def _readme_table() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Parse the two-sided table under "What is in the graph" into label -> figures."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## What is in the graph", 1)[1].split("\n## ", 1)[0]
    left: dict[str, list[int]] = {}
    right: dict[str, list[int]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not re.match(r"^[\d ,/]+$", cells[1] or "x"):
            continue
        left[cells[0]] = [int(n) for n in re.findall(r"\d+", cells[1])]
        if cells[3]:
            right[cells[3]] = [int(n) for n in re.findall(r"\d+", cells[4])]
    return left, right


def _count(graph, classes: list[str]) -> int:
    return len({s for c in classes for s in graph.subjects(RDF.type, _iri(c))})


@pytest.fixture(scope="module")
def graphs():
    data = ROOT / "data"
    text = parse_files(sorted(data.glob("*.ttl")))
    external = parse_files(sorted((data / "external").glob("*.ttl")))
    return text, external


def test_readme_lists_every_row_this_test_knows():
    left, right = _readme_table()
    assert set(left) == set(TEXT_ROWS)
    assert set(right) == set(EXTERNAL_ROWS)


@pytest.mark.parametrize("label", sorted(TEXT_ROWS))
def test_readme_count_of_text_facts_matches_data(graphs, label):
    left, _ = _readme_table()
    actual = [_count(graphs[0], group) for group in TEXT_ROWS[label]]
    assert left[label] == actual, f"README row {label!r} says {left[label]}, data has {actual}"


@pytest.mark.parametrize("label", sorted(EXTERNAL_ROWS))
def test_readme_count_of_external_facts_matches_data(graphs, label):
    _, right = _readme_table()
    actual = [_count(graphs[1], group) for group in EXTERNAL_ROWS[label]]
    assert right[label] == actual, f"README row {label!r} says {right[label]}, data has {actual}"


READING_IRI = re.compile(r"`bk:(reading-[a-z0-9-]+)`")


def _readme_readings() -> dict[str, str]:
    """The readings listed under "Readings of ambiguous sentences": IRI local name -> bullet."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Readings of ambiguous sentences", 1)[1].split("\n## ", 1)[0]
    bullets: dict[str, str] = {}
    for bullet in re.split(r"\n\* ", section)[1:]:
        match = READING_IRI.match(bullet)
        if match:
            bullets[match.group(1)] = " ".join(bullet.split())
    return bullets


def _graph_readings(graph) -> dict[str, list[str]]:
    """Each bkg:Reading of the data with the quotes of the words it reads."""
    reading, read_of = _iri("bkg:Reading"), _iri("bkg:readingOf")
    anchor = URIRef(NIF + "anchorOf")
    return {
        str(r).removeprefix(PREFIXES["bk"]): [
            str(graph.value(s, anchor)) for s in graph.objects(r, read_of)
        ]
        for r in graph.subjects(RDF.type, reading)
    }


def test_readme_lists_exactly_the_readings_of_the_graph(graphs):
    listed = _readme_readings()
    in_graph = _graph_readings(graphs[0])
    assert in_graph, "the data has no readings"
    assert set(listed) == set(in_graph)


def test_readme_quotes_the_words_each_reading_reads(graphs):
    """Each bullet names the sentence and quotes (in double quotes) at least one of the
    words the reading reads, so the list and the graph describe the same reading."""
    listed = _readme_readings()
    for name, quotes in _graph_readings(graphs[0]).items():
        bullet = listed[name]
        sentence = re.search(r"reading-s(\d+)-", name).group(1)
        assert f"S{sentence} " in bullet, f"{name}: the README bullet does not name S{sentence}"
        assert any(f'"{quote}' in bullet or quote in bullet for quote in quotes), (
            f"{name}: the README bullet quotes none of {quotes}"
        )
