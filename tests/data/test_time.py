"""Time: who was, and was not, a member of NATO and the EU, and who held which post, in
every year from 2003 to 2025.

The expected answers below were written by reading the text and the external facts,
not by running the code:

- S3: Albania (2009), Montenegro (2017) and North Macedonia (2020) "managed to become
  full NATO allies"; S4: "the same holds true for EU members like Croatia (2009) and
  Slovenia (2004)" (NATO allies since those years, EU members at the time of writing).
  The year in brackets is when the membership began; before it the state was not yet a
  member.
- S6: Kosovo, BiH and Serbia are "the three non-member countries in the region": not
  NATO members at the time of writing. The text does not say since when, so the graph
  places these non-memberships in the year of writing only.
- External facts (data/external/): Greece (18 February 1952), Spain (30 May 1982),
  Romania and Slovakia (29 March 2004) are NATO members, the four that do not recognise
  Kosovo; Slovenia joined the EU on 1 May 2004 and Croatia on 1 July 2013 (the text
  gives no EU years); the report was written in 2025, its publication year.
- S16 calls Stoltenberg "former NATO SG": his holding of the post was over by the time
  of writing (2025). External: he was Secretary General from 1 October 2014 to
  1 October 2024.
- Nothing is said about the memberships of Russia or the United States, nor about EU
  membership of the six Western Balkan states: no answer for them is "not known".

"In year Y" means at some time during Y (a term ending on 1 October 2024 is held in
2024). Each year is asked once without a state or organisation, so the answer covers
every state and organisation named; it must equal the table exactly, on the reference
engine (rdflib) and on Oxigraph.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

import balkan_kg

if TYPE_CHECKING:
    from balkan_kg.api import KnowledgeGraph

BK = "https://w3id.org/balkan-kg/id/"
YEARS = range(2003, 2026)
WRITING_YEAR = 2025

# state, organisation, first year as a member, where that year comes from, the fact, and
# whether the fact itself is stated by the text or is external.
MEMBERSHIPS = [
    ("Albania", "NATO", 2009, "text", "membership-albania-nato", "text"),
    ("Montenegro", "NATO", 2017, "text", "membership-montenegro-nato", "text"),
    ("NorthMacedonia", "NATO", 2020, "text", "membership-north-macedonia-nato", "text"),
    ("Croatia", "NATO", 2009, "text", "membership-croatia-nato", "text"),
    ("Slovenia", "NATO", 2004, "text", "membership-slovenia-nato", "text"),
    ("Croatia", "EU", 2013, "external", "membership-croatia-eu", "text"),
    ("Slovenia", "EU", 2004, "external", "membership-slovenia-eu", "text"),
    ("Greece", "NATO", 1952, "external", "membership-greece-nato", "external"),
    ("Spain", "NATO", 1982, "external", "membership-spain-nato", "external"),
    ("Romania", "NATO", 2004, "external", "membership-romania-nato", "external"),
    ("Slovakia", "NATO", 2004, "external", "membership-slovakia-nato", "external"),
]

# Non-members at the time of writing (S6), with no year they began.
NON_MEMBERS_AT_WRITING = [
    ("Kosovo", "NATO", "nonmembership-kosovo-nato"),
    ("BosniaAndHerzegovina", "NATO", "nonmembership-bih-nato"),
    ("Serbia", "NATO", "nonmembership-serbia-nato"),
]

STATES_NAMED = {
    "Albania", "Montenegro", "NorthMacedonia", "Kosovo", "BosniaAndHerzegovina", "Serbia",
    "Croatia", "Slovenia", "Russia", "UnitedStates", "Greece", "Romania", "Slovakia",
    "Spain",
}  # fmt: skip
STATES_WITHOUT_ANSWER = {"Russia", "UnitedStates"}

# Stoltenberg's holdings of the post of NATO Secretary General: (first year, last year,
# fact, origin); None where the holding has no known year.
POST_HOLDINGS = [
    (2014, 2024, "post-stoltenberg-sg-term", "external"),
    (None, None, "post-stoltenberg-sg", "text"),  # "former" (S16): over by 2025
]

MembershipRow = tuple[str, str, int, str, str, str, int | None, str | None]


def expected_memberships(year: int) -> Counter[MembershipRow]:
    """(state, org, year, status, fact, origin, since, sinceOrigin) rows for ``year``."""
    rows: Counter[MembershipRow] = Counter()
    for state, org, since, since_origin, fact, origin in MEMBERSHIPS:
        status = "member" if year >= since else "non-member"
        rows[(state, org, year, status, fact, origin, since, since_origin)] += 1
    if year == WRITING_YEAR:
        for state, org, fact in NON_MEMBERS_AT_WRITING:
            rows[(state, org, year, "non-member", fact, "text", None, None)] += 1
    return rows


PostRow = tuple[str, str, int, str, str, str]


def expected_posts(year: int) -> Counter[PostRow]:
    """(person, post, year, status, fact, origin) rows for ``year``."""
    rows: Counter[PostRow] = Counter()
    for first, last, fact, origin in POST_HOLDINGS:
        if first is not None and last is not None:
            status = (
                "not yet holding" if year < first else "former holder" if year > last else "holding"
            )
        elif year == WRITING_YEAR:
            status = "former holder"
        else:
            continue
        rows[("Stoltenberg", "NATOSecretaryGeneral", year, status, fact, origin)] += 1
    return rows


def local(value: object) -> object:
    """An IRI of the project as its local name; anything else unchanged."""
    text = str(value)
    return text[len(BK) :] if text.startswith(BK) else value


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def kg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return balkan_kg.load(engine=request.param)


def membership_rows(kg: KnowledgeGraph, **params: object) -> Counter[MembershipRow]:
    result = kg.query("membership-as-of", **params)
    columns = ("state", "org", "year", "status", "fact", "origin", "since", "sinceOrigin")
    return Counter(
        tuple(local(row[c]) for c in columns)  # type: ignore[misc]
        for row in result.rows
    )


@pytest.mark.parametrize("year", YEARS)
def test_membership_as_of_every_year(kg: KnowledgeGraph, year: int) -> None:
    assert membership_rows(kg, year=year) == expected_memberships(year)


def test_membership_as_of_one_state_is_its_part_of_the_year(kg: KnowledgeGraph) -> None:
    """The state parameter keeps that state's rows, for every state named (asked for the
    year of writing, the one year in which every kind of row occurs)."""
    for state in sorted(STATES_NAMED):
        wanted = Counter(
            {r: n for r, n in expected_memberships(WRITING_YEAR).items() if r[0] == state}
        )
        assert membership_rows(kg, year=WRITING_YEAR, state=f"bk:{state}") == wanted, state
        if state in STATES_WITHOUT_ANSWER:
            assert not wanted  # no answer: "not known", never "non-member"


def test_membership_as_of_one_organisation(kg: KnowledgeGraph) -> None:
    for org in ("NATO", "EU"):
        wanted = Counter({row: n for row, n in expected_memberships(2010).items() if row[1] == org})
        assert membership_rows(kg, year=2010, org=f"bk:{org}") == wanted


def test_nothing_is_said_after_the_time_of_writing(kg: KnowledgeGraph) -> None:
    assert kg.query("membership-as-of", year=WRITING_YEAR + 1).rows == []
    assert kg.query("posts-as-of", year=WRITING_YEAR + 1).rows == []


def test_a_state_can_be_outside_then_inside(kg: KnowledgeGraph) -> None:
    """Montenegro: not a member in 2016, a member in 2017 (history, not inconsistency)."""
    before = membership_rows(kg, year=2016, state="bk:Montenegro", org="bk:NATO")
    after = membership_rows(kg, year=2017, state="bk:Montenegro", org="bk:NATO")
    assert [row[3] for row in before] == ["non-member"]
    assert [row[3] for row in after] == ["member"]


def post_rows(kg: KnowledgeGraph, **params: object) -> Counter[PostRow]:
    result = kg.query("posts-as-of", **params)
    columns = ("person", "post", "year", "status", "holding", "origin")
    return Counter(tuple(local(row[c]) for c in columns) for row in result.rows)  # type: ignore[misc]


@pytest.mark.parametrize("year", YEARS)
def test_posts_as_of_every_year(kg: KnowledgeGraph, year: int) -> None:
    assert post_rows(kg, year=year) == expected_posts(year)


def test_the_table_is_what_the_text_and_external_facts_say() -> None:
    """Spot checks of the table itself, each read straight from a sentence."""
    rows_2016 = {(r[0], r[1]): r[3] for r in expected_memberships(2016)}
    assert rows_2016[("Montenegro", "NATO")] == "non-member"  # joined 2017 (S3)
    assert rows_2016[("NorthMacedonia", "NATO")] == "non-member"  # joined 2020 (S3)
    assert rows_2016[("Albania", "NATO")] == "member"  # since 2009 (S3)
    assert ("Kosovo", "NATO") not in rows_2016  # S6 speaks of the time of writing only
    rows_2025 = {(r[0], r[1]): r[3] for r in expected_memberships(2025)}
    assert rows_2025[("Serbia", "NATO")] == "non-member"
    assert len(rows_2025) == len(MEMBERSHIPS) + len(NON_MEMBERS_AT_WRITING)
    assert {r[3] for r in expected_posts(2019)} == {"holding"}
