"""The canned queries of ``queries/*.rq``: their headers, their syntax, and their answers.

Every example line of every query is run through the Python API (``kg.query``) and its
rows are compared, as a multiset over the columns that matter, with an answer derived by
reading the source text (``data/source/report-excerpt.txt``, sentences S1..S18) and the
modelling choices stated in the header of ``data/facts.ttl``. None of the expected
answers was produced by running the code. Values are written with project prefixes
(``bk:Albania``) and expanded to full IRIs by :func:`expand`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import balkan_kg
from balkan_kg import ParameterError
from balkan_kg.layout import default_layout
from balkan_kg.namespaces import PREFIXES as PROJECT_PREFIXES
from balkan_kg.query.catalog import CannedQuery, bind_canned, list_queries
from balkan_kg.query.text import prologue

if TYPE_CHECKING:
    from balkan_kg.api import KnowledgeGraph

PREFIXES = {
    "bk": "https://w3id.org/balkan-kg/id/",
    "bkg": "https://w3id.org/balkan-kg/ontology#",
    "wd": "http://www.wikidata.org/entity/",
}

NATO_MEMBERS_PAGE = "https://www.nato.int/cps/en/natohq/topics_52044.htm"
EU_COUNTRIES_PAGE = "https://european-union.europa.eu/principles-countries-history/eu-countries_en"
KFOR_PAGE = "https://jfcnaples.nato.int/kfor"
RECOGNITION_PAGE = (
    "https://www.euractiv.com/section/defence-and-security/news/"
    "kosovos-call-for-nato-membership-falls-on-deaf-ears/"
)
PUBLICATION_PAGE = (
    "https://www.clingendael.org/pub/2025/geopolitically-mapping-the-western-balkans/"
    "the-wb6-as-security-providers-and-consumers-for-nato/"
)
STOLTENBERG_START = "https://www.nato.int/cps/en/natohq/news_113404.htm"
STOLTENBERG_END = "https://www.dw.com/en/mark-rutte-takes-over-as-nato-chief/a-70371118"
RETRIEVED = dt.date(2026, 12, 6)

REQUIRED_QUERIES = (
    "members-since",
    "non-members-in-region",
    "stances-towards",
    "provenance",
    "facts-in-sentence",
    "external-facts",
    "membership-as-of",
    "readings",
)
"""Queries that other parts of the project (or its tests) call by name."""

SOURCE_TEXT = (
    Path(__file__).resolve().parents[2] / "data" / "source" / "report-excerpt.txt"
).read_text(encoding="utf-8")


def at(quote: str, after: str = "") -> tuple[str, int, int]:
    """``quote`` with its offsets in the source text, the first occurrence after ``after``
    (the words read in the text; the offsets are where the file has them)."""
    start = SOURCE_TEXT.index(after) if after else 0
    begin = SOURCE_TEXT.index(quote, start)
    return quote, begin, begin + len(quote)


class Text(str):
    """A string literal in an expected row even when it looks like an IRI (a web address
    given as a value, such as bkg:url)."""


def expand(value: object) -> object:
    """``bk:X``/``bkg:X``/``wd:X`` to the full IRI; any other value unchanged."""
    if isinstance(value, str):
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and "/" not in local:
            return PREFIXES[prefix] + local
    return value


@dataclass(frozen=True)
class Case:
    """One run of a canned query: its parameters, the columns compared, the rows expected.

    ``why`` says where the answer comes from in the text.
    """

    query: str
    params: dict[str, str]
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]
    why: str = ""
    extra: bool = field(default=False)

    @property
    def id(self) -> str:
        args = " ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.query}[{args}]"


def case(
    query: str,
    params: str,
    columns: str,
    rows: Sequence[tuple[object, ...]],
    why: str = "",
    extra: bool = False,
) -> Case:
    """Build a :class:`Case` from ``"k=v k=v"`` parameters and ``"a b c"`` columns."""
    parsed = dict(token.split("=", 1) for token in params.split())
    return Case(query, parsed, tuple(columns.split()), list(rows), why, extra)


# ---------------------------------------------------------------------------------------
# Expected answers. One Case per '# example:' line of each query (extra=True marks runs
# that are not example lines).
# ---------------------------------------------------------------------------------------

# (state, org, startYear, textYear, startDate, origin): S3 and S4 give the years; NATO's
# list of members gives the exact dates and the four states that do not recognise Kosovo
# (external memberships, no text year).
NATO_MEMBERS = [
    ("bk:Albania", "bk:NATO", 2009, 2009, dt.date(2009, 4, 1), "text"),
    ("bk:Montenegro", "bk:NATO", 2017, 2017, dt.date(2017, 6, 5), "text"),
    ("bk:NorthMacedonia", "bk:NATO", 2020, 2020, dt.date(2020, 3, 27), "text"),
    ("bk:Croatia", "bk:NATO", 2009, 2009, dt.date(2009, 4, 1), "text"),
    ("bk:Slovenia", "bk:NATO", 2004, 2004, dt.date(2004, 3, 29), "text"),
    ("bk:Greece", "bk:NATO", 1952, None, dt.date(1952, 2, 18), "external"),
    ("bk:Spain", "bk:NATO", 1982, None, dt.date(1982, 5, 30), "external"),
    ("bk:Romania", "bk:NATO", 2004, None, dt.date(2004, 3, 29), "external"),
    ("bk:Slovakia", "bk:NATO", 2004, None, dt.date(2004, 3, 29), "external"),
]
# S4 calls Croatia and Slovenia EU members without a year; the EU's list dates them.
EU_MEMBERS = [
    ("bk:Croatia", "bk:EU", 2013, None, dt.date(2013, 7, 1), "text"),
    ("bk:Slovenia", "bk:EU", 2004, None, dt.date(2004, 5, 1), "text"),
]

WB_NOT_IN_EU = [
    (state, "bk:EU", False)
    for state in (
        "bk:Albania",
        "bk:BosniaAndHerzegovina",
        "bk:Kosovo",
        "bk:Montenegro",
        "bk:NorthMacedonia",
        "bk:Serbia",
    )
]
WB_NOT_IN_NATO = [
    ("bk:BosniaAndHerzegovina", "bk:NATO", True),
    ("bk:Kosovo", "bk:NATO", True),
    ("bk:Serbia", "bk:NATO", True),
]

# (state, programme, org, since, ongoing): S7 (with "the latter two" = BiH and Serbia of
# S6) and S8 ("Since 2010 ... has").
PARTICIPATIONS = [
    ("bk:BosniaAndHerzegovina", "bk:PartnershipForPeace", "bk:NATO", None, False),
    ("bk:Serbia", "bk:PartnershipForPeace", "bk:NATO", None, False),
    ("bk:BosniaAndHerzegovina", "bk:TailoredPartnershipProgramme-BiH", "bk:NATO", None, False),
    ("bk:Serbia", "bk:TailoredPartnershipProgramme-Serbia", "bk:NATO", None, False),
    ("bk:BosniaAndHerzegovina", "bk:MembershipActionPlan-BiH", "bk:NATO", 2010, True),
]

KFOR_ROW = ("bk:KFOR", "bk:NATO", "bk:Kosovo", KFOR_PAGE, "bk:condition-instability-risks")
EUFOR_ROW = ("bk:EUFORAlthea", "bk:EU", "bk:BosniaAndHerzegovina", None, None)

SUPPORT_EUFOR = (
    "bk:support-nato-eufor-althea",
    "bk:NATO",
    "bk:EUFORAlthea",
    "bkg:MissionSupport",
    True,
    "bk:condition-bih-fragile-stability",
    None,
    10,
)
SUPPORT_KSF = (
    "bk:support-nato-ksf",
    "bk:NATO",
    "bk:KosovoSecurityForce",
    "bkg:CapacityBuilding",
    False,
    None,
    "bk:relation-nato-kosovo-maintained",
    15,
)

# (stance, holder, kind, target, reason, reasonKind), one row per reason.
STANCE_KOSOVO_ASPIRATION = (
    "bk:stance-kosovo-aspiration",
    "bk:Kosovo",
    "bkg:AspirationToJoin",
    "bk:Prospect-Kosovo-NATO",
    None,
    None,
)
STANCE_NATO_UNWILLING = (
    "bk:stance-nato-unwilling-kosovo",
    "bk:NATO",
    "bkg:UnwillingnessToOfferMembership",
    "bk:Prospect-Kosovo-NATO",
    "bk:stance-four-members-non-recognition",
    "bkg:Causation",
)
STANCE_SERBIA_NO_ASPIRATION = [
    (
        "bk:stance-serbia-no-aspiration",
        "bk:Serbia",
        "bkg:NoAspirationToJoin",
        "bk:Prospect-Serbia-NATO",
        reason,
        "bkg:Explanation",
    )
    for reason in (
        "bk:condition-serbia-historical-sensitivities",
        "bk:condition-serbia-multi-vector-policy",
    )
]
UNFAVOURABLE_STANCES = [
    (
        "bk:stance-bosnian-serbs-resistance",
        "bk:BosnianSerbs",
        "bkg:Opposition",
        "bk:Prospect-BiH-NATO",
        None,
        None,
    ),
    (
        "bk:stance-serbian-society-negative",
        "bk:SerbianSociety",
        "bkg:NegativeSentiment",
        "bk:NATO",
        None,
        None,
    ),
    (
        "bk:stance-four-members-non-recognition",
        "bk:FourNonRecognisingNATOMembers",
        "bkg:NonRecognition",
        "bk:Kosovo",
        None,
        None,
    ),
    STANCE_NATO_UNWILLING,
    (
        "bk:stance-stoltenberg-scepticism",
        "bk:Stoltenberg",
        "bkg:Scepticism",
        "bk:KSFTransformationDecision2018",
        None,
        None,
    ),
]
STANCE_US_WELCOME = (
    "bk:stance-us-welcome",
    "bk:UnitedStates",
    "bkg:Welcome",
    "bk:KSFTransformationDecision2018",
    None,
    None,
)

# (effect, cause, direct): every cause the text gives ("due to", "has undermined",
# "require"); none of them is the outcome of another cause, so every one is direct. The
# explanation of S12 ("mean that"), the opening of S13, the ground of S5 and the motives
# of S3 are not causes.
ALL_CAUSES = [
    ("bk:condition-bih-steps-undermined", "bk:stance-bosnian-serbs-resistance", True),
    ("bk:support-nato-eufor-althea", "bk:condition-bih-fragile-stability", True),
    ("bk:relation-nato-serbia-contentious", "bk:NATOIntervention1999", True),
    ("bk:stance-nato-unwilling-kosovo", "bk:stance-four-members-non-recognition", True),
    ("bk:assessment-kosovo-security-consumer", "bk:relation-kosovo-serbia-tensions", True),
    ("bk:deployment-kfor", "bk:condition-instability-risks", True),
    ("bk:strength-kfor-increase", "bk:condition-heightened-unrest", True),
]

# (link, kind, factor, outcome, cue, sentence number)
CAUSE_LINKS = [
    (
        "bk:link-s9-undermined",
        "bkg:Causation",
        "bk:stance-bosnian-serbs-resistance",
        "bk:condition-bih-steps-undermined",
        "has undermined",
        9,
    ),
    (
        "bk:link-s10-due-to",
        "bkg:Causation",
        "bk:condition-bih-fragile-stability",
        "bk:support-nato-eufor-althea",
        "Due to",
        10,
    ),
    (
        "bk:link-s11-due-to",
        "bkg:Causation",
        "bk:NATOIntervention1999",
        "bk:relation-nato-serbia-contentious",
        "due to",
        11,
    ),
    (
        "bk:link-s14-due-to",
        "bkg:Causation",
        "bk:stance-four-members-non-recognition",
        "bk:stance-nato-unwilling-kosovo",
        "due to",
        14,
    ),
    (
        "bk:link-s17-due-to",
        "bkg:Causation",
        "bk:relation-kosovo-serbia-tensions",
        "bk:assessment-kosovo-security-consumer",
        "due to",
        17,
    ),
    (
        "bk:link-s18-require",
        "bkg:Causation",
        "bk:condition-instability-risks",
        "bk:deployment-kfor",
        "require",
        18,
    ),
    (
        "bk:link-s18-due-to",
        "bkg:Causation",
        "bk:condition-heightened-unrest",
        "bk:strength-kfor-increase",
        "due to",
        18,
    ),
]
MOTIVE_LINKS = [
    ("bk:link-s3-seeking", "bkg:Motivating", motive, accession, "Seeking", 3)
    for motive in ("bk:motivation-military-advancement", "bk:motivation-protection-from-russia")
    for accession in (
        "bk:Accession-Albania-NATO",
        "bk:Accession-Montenegro-NATO",
        "bk:Accession-NorthMacedonia-NATO",
    )
]

# (relation, party, counterparty, quality, ongoing): ongoing for S11's "remain".
RELATIONS = [
    ("bk:relation-nato-russia-standoff", "bk:NATO", "bk:Russia", "bkg:Standoff", False),
    ("bk:relation-nato-kosovo-cooperation", "bk:NATO", "bk:Kosovo", "bkg:Cooperation", False),
    (
        "bk:relation-nato-bih-cooperation",
        "bk:NATO",
        "bk:BosniaAndHerzegovina",
        "bkg:Cooperation",
        False,
    ),
    ("bk:relation-nato-serbia-cooperation", "bk:NATO", "bk:Serbia", "bkg:Cooperation", False),
    ("bk:relation-nato-serbia-contentious", "bk:NATO", "bk:Serbia", "bkg:Contentious", True),
    ("bk:relation-nato-kosovo-maintained", "bk:NATO", "bk:Kosovo", "bkg:Maintained", False),
    ("bk:relation-kosovo-serbia-tensions", "bk:Kosovo", "bk:Serbia", "bkg:Tensions", False),
]

MOTIVATIONS = [
    (state, "bk:NATO", motivation, 3)
    for state in ("bk:Albania", "bk:Montenegro", "bk:NorthMacedonia")
    for motivation in ("bk:motivation-military-advancement", "bk:motivation-protection-from-russia")
]

REACTIONS = [
    (
        "bk:KSFTransformationDecision2018",
        "bk:Kosovo",
        2018,
        "bk:KosovoSecurityForce",
        reactor,
        reaction,
        2018,
        16,
    )
    for reactor, reaction in (
        ("bk:Stoltenberg", "bkg:Scepticism"),
        ("bk:UnitedStates", "bkg:Welcome"),
    )
]

# (event, kind, year, yearOrigin, agent): the text's years (S3, S4 in brackets, S11,
# S16); exact dates from outside for the accessions the text does not date; the year of
# writing from outside.
EVENTS_BEFORE_2000 = [
    ("bk:Accession-Greece-NATO", "bkg:Accession", 1952, "external", "bk:Greece"),
    ("bk:Accession-Spain-NATO", "bkg:Accession", 1982, "external", "bk:Spain"),
    ("bk:NATOIntervention1999", "bkg:MilitaryIntervention", 1999, "text", "bk:NATO"),
]
EVENTS_2000_TO_2020 = [
    ("bk:Accession-Romania-NATO", "bkg:Accession", 2004, "external", "bk:Romania"),
    ("bk:Accession-Slovakia-NATO", "bkg:Accession", 2004, "external", "bk:Slovakia"),
    ("bk:Accession-Slovenia-NATO", "bkg:Accession", 2004, "text", "bk:Slovenia"),
    ("bk:Accession-Slovenia-EU", "bkg:Accession", 2004, "external", "bk:Slovenia"),
    ("bk:Accession-Albania-NATO", "bkg:Accession", 2009, "text", "bk:Albania"),
    ("bk:Accession-Croatia-NATO", "bkg:Accession", 2009, "text", "bk:Croatia"),
    ("bk:Accession-Croatia-EU", "bkg:Accession", 2013, "external", "bk:Croatia"),
    ("bk:Accession-Montenegro-NATO", "bkg:Accession", 2017, "text", "bk:Montenegro"),
    ("bk:KSFTransformationDecision2018", "bkg:Decision", 2018, "text", "bk:Kosovo"),
    ("bk:Accession-NorthMacedonia-NATO", "bkg:Accession", 2020, "text", "bk:NorthMacedonia"),
]
REPORT_WRITING = ("bk:ReportWriting", "bkg:Writing", 2025, "external", None)

# Text facts per sentence, counted from what each sentence says (see data/facts.ttl):
# S3: a count of the region, 3 region inclusions, 3 memberships, 2 motivations, the
# motive link ("Seeking"); S5: the assessment, the opposition's affiliation and stance,
# the ground link ("where"); S6: 3 cooperations, 3 non-memberships, 3 region inclusions;
# S7: 2 countries x 2 programmes; S9: the Bosnian Serbs' affiliation, their resistance,
# the undermined steps and the link ("has undermined"); S10: fragile stability,
# EUFOR Althea's deployment, NATO's support and the link ("Due to"); S11: the relation,
# the intervention's occurrence, the link ("due to"); S12: 2 conditions, the stance, the
# link ("mean that"); S13: 2 affiliations (society, local leaders), outside powers with
# Russia as example, the sentiments, the opening, the link ("provide an opening");
# S14: the aspiration, the four members' affiliation and count, the non-recognition,
# NATO's unwillingness, the link ("due to"); S15: the relation, the support, the KSF's
# affiliation, its profile; S16: the decision's occurrence, 2 stances, the SG post's
# affiliation, the post holding; S17: tensions, the assessment, the link; S18: the
# risks, KFOR's deployment, the link ("require"), the unrest, the strength change, the
# link ("due to").
FACTS_PER_SENTENCE = {
    1: 1,
    2: 1,
    3: 10,
    4: 4,
    5: 4,
    6: 9,
    7: 4,
    8: 1,
    9: 4,
    10: 4,
    11: 3,
    12: 4,
    13: 6,
    14: 6,
    15: 4,
    16: 5,
    17: 3,
    18: 6,
}
STANCES_PER_SENTENCE = {5: 1, 9: 1, 12: 1, 13: 1, 14: 3, 16: 2}

# (fact, qualifier kind, words, sentence number)
ASSESSMENT_QUALIFIERS = [
    ("bk:assessment-nato-upper-hand", "bkg:Booster", "Objectively", 2),
    ("bk:assessment-montenegro-achievement", "bkg:Degree", "notable", 5),
    ("bk:assessment-montenegro-achievement", "bkg:Focus", "especially", 5),
    ("bk:assessment-kosovo-security-consumer", "bkg:Booster", "The fact remains that", 17),
    ("bk:assessment-kosovo-security-consumer", "bkg:TimeQualifier", "for the time being", 17),
    ("bk:assessment-kosovo-security-consumer", "bkg:Hedge", "mostly", 17),
]
TIME_QUALIFIERS = [
    *[
        (f"bk:membership-{slug}-nato", "bkg:TimeQualifier", "in the past decades", 3)
        for slug in ("albania", "montenegro", "north-macedonia")
    ],
    ("bk:participation-bih-map", "bkg:TimeQualifier", "Since 2010", 8),
    ("bk:support-nato-eufor-althea", "bkg:TimeQualifier", "continues", 10),
    ("bk:relation-nato-serbia-contentious", "bkg:TimeQualifier", "remain", 11),
    ("bk:stance-serbian-society-negative", "bkg:TimeQualifier", "continue", 13),
    ("bk:opportunity-discredit-serbia-integration", "bkg:TimeQualifier", "continue", 13),
    ("bk:stance-kosovo-aspiration", "bkg:TimeQualifier", "in the long run", 14),
    ("bk:stance-nato-unwilling-kosovo", "bkg:TimeQualifier", "has remained", 14),
    ("bk:profile-ksf-initial", "bkg:TimeQualifier", "initially", 15),
    ("bk:post-stoltenberg-sg", "bkg:TimeQualifier", "former", 16),
    ("bk:assessment-kosovo-security-consumer", "bkg:TimeQualifier", "for the time being", 17),
    ("bk:condition-instability-risks", "bkg:TimeQualifier", "continue", 18),
    ("bk:strength-kfor-increase", "bkg:TimeQualifier", "over the past few years", 18),
]
BOOSTERS = [
    ("bk:assessment-nato-upper-hand", "bkg:Booster", "Objectively", 2),
    ("bk:relation-nato-kosovo-maintained", "bkg:Booster", "does maintain", 15),
    ("bk:assessment-kosovo-security-consumer", "bkg:Booster", "The fact remains that", 17),
]

# (reading, words, sentence, antecedent, antecedent sentence, joins, facts following)
JOINING_READINGS = [
    ("bk:reading-s2-the-region", "the region", 2, "the Western Balkans", 1, True, 1),
    ("bk:reading-s4-same-holds-true", "The same holds true", 4,
     "managed to become full NATO allies", 3, True, 2),
    ("bk:reading-s5-this", "This", 5, "Montenegro (2017)", 3, True, 2),
    ("bk:reading-s6-the-region", "the region", 6, "the 6 Western Balkan countries", 3, True, 3),
    ("bk:reading-s7-it", "It", 7, "The Alliance", 6, True, 4),
    ("bk:reading-s7-latter-two", "the latter two", 7, "BiH", 6, True, 4),
    ("bk:reading-s7-latter-two", "the latter two", 7, "Serbia", 6, True, 4),
    ("bk:reading-s9-that-direction", "that direction", 9, "NATO membership", 8, True, 2),
    ("bk:reading-s12-such-sensitivities", "Such historical sensitivities", 12,
     "the 1999 NATO intervention to end the Kosovo war", 11, True, 1),
]  # fmt: skip
S13_READINGS = [
    ("bk:reading-s13-local-leaders", "local leaders", 13, None, None, False, 2),
    ("bk:reading-s13-outside-powers", "outside powers like Russia", 13, None, None, False, 2),
    ("bk:reading-s13-opening", "provide an opening", 13, None, None, False, 2),
    ("bk:reading-s13-euro-atlantic", "the country\u2019s Euro-Atlantic integration", 13,
     None, None, False, 1),
]  # fmt: skip

CASES: list[Case] = [
    # CQ1/CQ2 ------------------------------------------------------------------------
    case(
        "members-since",
        "org=bk:NATO",
        "state org startYear textYear startDate origin",
        NATO_MEMBERS,
        "S3 lists Albania (2009), Montenegro (2017), North Macedonia (2020); S4 reads as "
        "Croatia (2009) and Slovenia (2004) joining NATO; NATO's list gives the dates and "
        "the four that do not recognise Kosovo",
    ),
    case(
        "members-since",
        "org=bk:NATO asOf=2010",
        "state org startYear textYear startDate origin",
        [row for row in NATO_MEMBERS if row[2] <= 2010],
        "joined in or before 2010: Albania and Croatia 2009, Slovenia, Romania and "
        "Slovakia 2004, Spain 1982, Greece 1952",
    ),
    case(
        "members-since",
        "asOf=2017",
        "state org startYear textYear startDate origin",
        [row for row in NATO_MEMBERS + EU_MEMBERS if row[2] <= 2017],
        "the EU memberships of S4 are dated from outside: Croatia 2013, Slovenia 2004",
    ),
    # CQ2b: as of a year, members and non-members ---------------------------------------
    case(
        "membership-as-of",
        "year=2016 org=bk:NATO",
        "state org year status origin since",
        [
            ("bk:Albania", "bk:NATO", 2016, "member", "text", 2009),
            ("bk:Croatia", "bk:NATO", 2016, "member", "text", 2009),
            ("bk:Slovenia", "bk:NATO", 2016, "member", "text", 2004),
            ("bk:Greece", "bk:NATO", 2016, "member", "external", 1952),
            ("bk:Spain", "bk:NATO", 2016, "member", "external", 1982),
            ("bk:Romania", "bk:NATO", 2016, "member", "external", 2004),
            ("bk:Slovakia", "bk:NATO", 2016, "member", "external", 2004),
            ("bk:Montenegro", "bk:NATO", 2016, "non-member", "text", 2017),
            ("bk:NorthMacedonia", "bk:NATO", 2016, "non-member", "text", 2020),
        ],
        "Montenegro joined in 2017 and North Macedonia in 2020 (S3), so in 2016 they were "
        "not yet members; S6's three non-members are stated for the time of writing only",
    ),
    case(
        "membership-as-of",
        "year=2025 org=bk:NATO",
        "state org year status",
        [(row[0], "bk:NATO", 2025, "member") for row in NATO_MEMBERS]
        + [(state, "bk:NATO", 2025, "non-member") for state, _, _ in WB_NOT_IN_NATO],
        "2025, the year of writing: every member, and S6's three non-members",
    ),
    case(
        "membership-as-of",
        "year=2010 org=bk:EU",
        "state org year status origin since sinceOrigin",
        [
            ("bk:Croatia", "bk:EU", 2010, "non-member", "text", 2013, "external"),
            ("bk:Slovenia", "bk:EU", 2010, "member", "text", 2004, "external"),
        ],
        "S4 calls both EU members; the EU's list dates Croatia 2013, Slovenia 2004",
    ),
    case(
        "membership-as-of",
        "year=2017 state=bk:Montenegro",
        "state org year status since sinceOrigin",
        [("bk:Montenegro", "bk:NATO", 2017, "member", 2017, "text")],
        "S3 'Montenegro (2017)'",
    ),
    # CQ3 ----------------------------------------------------------------------------
    case(
        "non-members-in-region",
        "org=bk:NATO",
        "state org statedInText",
        WB_NOT_IN_NATO,
        "S6: 'the three non-member countries in the region: Kosovo, BiH, and Serbia'",
    ),
    case(
        "non-members-in-region",
        "region=bk:WesternBalkans org=bk:EU",
        "state org statedInText",
        WB_NOT_IN_EU,
        "no Western Balkan country is an EU member in the text, which never says so",
    ),
    case(
        "non-members-in-region",
        "region=bk:WesternBalkans",
        "state org statedInText",
        WB_NOT_IN_EU + WB_NOT_IN_NATO,
    ),
    # CQ4/CQ5 ------------------------------------------------------------------------
    case(
        "region-countries",
        "region=bk:WesternBalkans",
        "region statedCount state sentenceNumber",
        [
            ("bk:WesternBalkans", 6, state, number)
            for state, number in (
                ("bk:Albania", 3),
                ("bk:Montenegro", 3),
                ("bk:NorthMacedonia", 3),
                ("bk:Kosovo", 6),
                ("bk:BosniaAndHerzegovina", 6),
                ("bk:Serbia", 6),
            )
        ],
        "S3 'the 6 Western Balkan countries' with three of them; S6 the other three",
    ),
    case(
        "state-classes",
        "class=bkg:NATOMemberState",
        "class state",
        [("bkg:NATOMemberState", row[0]) for row in NATO_MEMBERS],
    ),
    case(
        "state-classes",
        "class=bkg:WesternBalkanState",
        "class state",
        [
            ("bkg:WesternBalkanState", state)
            for state in (
                "bk:Albania",
                "bk:Montenegro",
                "bk:NorthMacedonia",
                "bk:Kosovo",
                "bk:BosniaAndHerzegovina",
                "bk:Serbia",
            )
        ],
    ),
    # CQ6/CQ7 ------------------------------------------------------------------------
    case(
        "programme-participation",
        "state=bk:Serbia",
        "state programme org since ongoing",
        [PARTICIPATIONS[1], PARTICIPATIONS[3]],
        "S7 'with the latter two' = BiH and Serbia",
    ),
    case(
        "programme-participation",
        "programme=bk:MembershipActionPlan-BiH",
        "state programme org since ongoing purpose sentenceNumber",
        [(*PARTICIPATIONS[4], "bk:Prospect-BiH-NATO", 8)],
        "S8 'Since 2010, Bosnia and Herzegovina has a Membership Action Plan'",
    ),
    case(
        "programme-participation",
        "org=bk:NATO",
        "state programme org since ongoing",
        PARTICIPATIONS,
    ),
    case(
        "programmes",
        "org=bk:NATO",
        "programme kind org participants",
        [
            ("bk:PartnershipForPeace", "bkg:PartnershipProgramme", "bk:NATO", 2),
            (
                "bk:TailoredPartnershipProgramme-BiH",
                "bkg:TailoredPartnershipProgramme",
                "bk:NATO",
                1,
            ),
            (
                "bk:TailoredPartnershipProgramme-Serbia",
                "bkg:TailoredPartnershipProgramme",
                "bk:NATO",
                1,
            ),
            ("bk:MembershipActionPlan-BiH", "bkg:MembershipActionPlan", "bk:NATO", 1),
        ],
        "run by NATO, the counterpart of every participation (S7 'It' = the Alliance, S8)",
    ),
    # CQ8-CQ10 -----------------------------------------------------------------------
    case(
        "missions",
        "mission=bk:KFOR",
        "mission leader place placeSource reason",
        [KFOR_ROW],
        "S18: the NATO KFOR mission, required by instability risks; where it operates "
        "is an external fact",
    ),
    case(
        "missions",
        "leader=bk:EU",
        "mission leader place placeSource reason",
        [EUFOR_ROW],
        "S10: 'the EU's military EUFOR Althea mission in the country' (Bosnia)",
    ),
    case(
        "missions",
        "leader=bk:NATO",
        "mission leader place placeSource reason",
        [KFOR_ROW],
    ),
    case(
        "support",
        "supporter=bk:NATO",
        "support supporter supported kind ongoing reason relation sentenceNumber",
        [SUPPORT_EUFOR, SUPPORT_KSF],
        "S10 NATO 'continues' to support EUFOR Althea due to Bosnia's fragile stability; "
        "S15 capacity building for the KSF, through which NATO maintains relations with "
        "Kosovo",
    ),
    case(
        "support",
        "supported=bk:KosovoSecurityForce",
        "support supporter supported kind ongoing reason relation sentenceNumber",
        [SUPPORT_KSF],
    ),
    case(
        "mission-strength",
        "mission=bk:KFOR",
        "change mission trend timeWords untilWriting cause sentenceNumber",
        [
            (
                "bk:strength-kfor-increase",
                "bk:KFOR",
                "bkg:Increased",
                "over the past few years",
                True,
                "bk:condition-heightened-unrest",
                18,
            )
        ],
        "S18 'increased in strength over the past few years due to episodes of heightened "
        "unrest': a period up to the time of writing",
    ),
    # CQ11-CQ13 ----------------------------------------------------------------------
    case(
        "stances-towards",
        "target=bk:Prospect-Kosovo-NATO",
        "stance holder stanceKind target reason reasonKind",
        [STANCE_KOSOVO_ASPIRATION, STANCE_NATO_UNWILLING],
        "S14: Kosovo hopes to join, NATO is unwilling to offer it: both about Kosovo's "
        "NATO membership",
    ),
    case(
        "stances-towards",
        "holder=bk:Serbia",
        "stance holder stanceKind target reason reasonKind",
        STANCE_SERBIA_NO_ASPIRATION,
        "S12: Serbia does not aspire to join the Alliance, explained ('mean that') by two "
        "conditions",
    ),
    case(
        "stances-towards",
        "kind=bkg:Unfavourable",
        "stance holder stanceKind target reason reasonKind",
        UNFAVOURABLE_STANCES,
        "not S12's lack of aspiration (not favourable) and not S13's discrediting, which is "
        "only an opening",
    ),
    case(
        "stances-towards",
        "kind=bkg:Welcome",
        "stance holder stanceKind target reason reasonKind",
        [STANCE_US_WELCOME],
        "S16 'the US welcomed the move'",
    ),
    case(
        "stance-kinds",
        "polarity=bkg:Favourable",
        "kind broader stances",
        [
            ("bkg:AspirationToJoin", "bkg:Favourable", 1),
            ("bkg:Preference", "bkg:Favourable", 1),
            ("bkg:Recognition", "bkg:Favourable", 0),
            ("bkg:Welcome", "bkg:Favourable", 1),
        ],
    ),
    case(
        "stance-kinds",
        "polarity=bkg:NotFavourable",
        "kind broader stances",
        [("bkg:NoAspirationToJoin", "bkg:NotFavourable", 1)],
        "S12 'does not aspire': not favourable, not unfavourable",
    ),
    case(
        "causes",
        "cause=bk:NATOIntervention1999",
        "effect cause direct",
        [row for row in ALL_CAUSES if row[1] == "bk:NATOIntervention1999"],
        "S11 relations contentious due to the intervention; S12's sensitivities about it "
        "explain, they are not caused by it in the text",
    ),
    case(
        "causes",
        "effect=bk:stance-nato-unwilling-kosovo",
        "effect cause direct",
        [row for row in ALL_CAUSES if row[0] == "bk:stance-nato-unwilling-kosovo"],
        "S14 'due to the non-recognition by four of its members'",
    ),
    case(
        "causes",
        "effect=bk:stance-serbia-no-aspiration directOnly=true",
        "effect cause direct",
        [],
        "S12 gives an explanation ('mean that'), not a cause",
    ),
    case("causes", "directOnly=false", "effect cause direct", ALL_CAUSES),
    case(
        "causal-links",
        "kind=bkg:Causation",
        "link kind factor outcome cue sentenceNumber",
        CAUSE_LINKS,
    ),
    case(
        "causal-links",
        "outcome=bk:stance-serbia-no-aspiration",
        "link kind factor outcome cue sentenceNumber",
        [
            (
                "bk:link-s12-mean-that",
                "bkg:Explanation",
                factor,
                "bk:stance-serbia-no-aspiration",
                "mean that",
                12,
            )
            for factor in (
                "bk:condition-serbia-historical-sensitivities",
                "bk:condition-serbia-multi-vector-policy",
            )
        ],
    ),
    case(
        "causal-links",
        "kind=bkg:Motivating",
        "link kind factor outcome cue sentenceNumber",
        MOTIVE_LINKS,
        "S3 'Seeking military advancement and protection from Russian influence' for the "
        "three accessions of S3 only",
    ),
    case(
        "causal-links",
        "factor=bk:stance-serbian-society-negative",
        "link kind factor outcome cue sentenceNumber",
        [
            (
                "bk:link-s13-opening",
                "bkg:Enabling",
                "bk:stance-serbian-society-negative",
                "bk:opportunity-discredit-serbia-integration",
                "provide an opening",
                13,
            )
        ],
        "S13 the sentiments 'provide an opening': an enabling condition",
    ),
    # CQ14-CQ16 ----------------------------------------------------------------------
    case(
        "relations-between",
        "actor=bk:NATO other=bk:Serbia",
        "relation party counterparty quality ongoing",
        [RELATIONS[3], RELATIONS[4]],
        "S6 cooperation, S11 contentious ('remain')",
    ),
    case(
        "relations-between",
        "actor=bk:Serbia",
        "relation party counterparty quality ongoing",
        [
            (
                "bk:relation-nato-serbia-cooperation",
                "bk:Serbia",
                "bk:NATO",
                "bkg:Cooperation",
                False,
            ),
            (
                "bk:relation-nato-serbia-contentious",
                "bk:Serbia",
                "bk:NATO",
                "bkg:Contentious",
                True,
            ),
            ("bk:relation-kosovo-serbia-tensions", "bk:Serbia", "bk:Kosovo", "bkg:Tensions", False),
        ],
        "party is the actor asked about, whichever the text names first",
    ),
    case(
        "relations-between",
        "other=bk:Kosovo",
        "relation party counterparty quality ongoing",
        [
            RELATIONS[1],
            RELATIONS[5],
            ("bk:relation-kosovo-serbia-tensions", "bk:Serbia", "bk:Kosovo", "bkg:Tensions", False),
        ],
    ),
    case(
        "relations-between",
        "",
        "relation party counterparty quality ongoing",
        RELATIONS,
        "each relation once, in the text's orientation",
        extra=True,
    ),
    case(
        "assessments",
        "subject=bk:Kosovo",
        "assessment subject kind scope concerns cites author reason reasonKind sentenceNumber",
        [
            (
                "bk:assessment-kosovo-security-consumer",
                "bk:Kosovo",
                "bkg:SecurityConsumer",
                None,
                None,
                None,
                "bk:report",
                "bk:relation-kosovo-serbia-tensions",
                "bkg:Causation",
                17,
            )
        ],
        "S17 'is mostly a security consumer due to its tensions with Serbia'",
    ),
    case(
        "assessments",
        "",
        "assessment subject kind scope concerns cites reason reasonKind sentenceNumber",
        [
            (
                "bk:assessment-nato-upper-hand",
                "bk:NATO",
                "bkg:UpperHand",
                "bk:WesternBalkans",
                None,
                "bk:Figure7",
                None,
                None,
                2,
            ),
            (
                "bk:assessment-montenegro-achievement",
                "bk:Montenegro",
                "bkg:NotableAchievement",
                None,
                "bk:Accession-Montenegro-NATO",
                None,
                "bk:stance-montenegrin-opposition-ties",
                "bkg:Grounding",
                5,
            ),
            (
                "bk:assessment-kosovo-security-consumer",
                "bk:Kosovo",
                "bkg:SecurityConsumer",
                None,
                None,
                None,
                "bk:relation-kosovo-serbia-tensions",
                "bkg:Causation",
                17,
            ),
        ],
        "S2, S5 and S17 speak in the author's voice; S5's 'where ...' is the ground of the "
        "judgement, S2 cites Figure 7",
        extra=True,
    ),
    case(
        "membership-motivations",
        "org=bk:NATO",
        "state org motivation sentenceNumber",
        MOTIVATIONS,
        "S3 'Seeking military advancement and protection from Russian influence' applies "
        "to the three states of S3 only",
    ),
    case(
        "membership-motivations",
        "state=bk:Albania",
        "state org motivation sentenceNumber",
        MOTIVATIONS[:2],
    ),
    # CQ17-CQ24 ----------------------------------------------------------------------
    case(
        "decisions-reactions",
        "decision=bk:KSFTransformationDecision2018",
        "decision agent year about reactor reaction reactionYear sentenceNumber",
        REACTIONS,
        "S16 scepticism from Stoltenberg, welcome from the US, reactions to the 2018 decision",
    ),
    case(
        "decisions-reactions",
        "agent=bk:Kosovo",
        "decision agent year about reactor reaction reactionYear sentenceNumber",
        REACTIONS,
    ),
    case(
        "events",
        "since=2000",
        "event kind year yearOrigin agent",
        [*EVENTS_2000_TO_2020, REPORT_WRITING],
    ),
    case("events", "until=2000", "event kind year yearOrigin agent", EVENTS_BEFORE_2000),
    case(
        "events",
        "since=1990 until=2020",
        "event kind year yearOrigin agent",
        [EVENTS_BEFORE_2000[2], *EVENTS_2000_TO_2020],
    ),
    case(
        "events",
        "",
        "event kind year yearOrigin agent",
        [
            *EVENTS_BEFORE_2000,
            *EVENTS_2000_TO_2020,
            REPORT_WRITING,
            ("bk:KosovoWar", "bkg:War", None, None, None),
        ],
        "S11 names the Kosovo war without a year",
        extra=True,
    ),
    case(
        "groups",
        "state=bk:Serbia",
        "group belongsTo memberCount",
        [
            ("bk:SerbianSociety", "bk:Serbia", None),
            ("bk:SerbianLocalLeaders", "bk:Serbia", None),
        ],
        "S13 Serbian society and local leaders (read as leaders in Serbia)",
    ),
    case(
        "groups",
        "",
        "group belongsTo memberCount",
        [
            ("bk:MontenegrinOpposition", "bk:Montenegro", None),
            ("bk:BosnianSerbs", "bk:BosniaAndHerzegovina", None),
            ("bk:SerbianSociety", "bk:Serbia", None),
            ("bk:SerbianLocalLeaders", "bk:Serbia", None),
            ("bk:OutsidePowers", None, None),
            ("bk:FourNonRecognisingNATOMembers", "bk:NATO", 4),
        ],
        "S14 'four of its members'; S13's outside powers belong to no state",
        extra=True,
    ),
    case(
        "group-composition",
        "group=bk:FourNonRecognisingNATOMembers",
        "group member example origin source",
        [
            ("bk:FourNonRecognisingNATOMembers", f"bk:{state}", False, "external", RECOGNITION_PAGE)
            for state in ("Greece", "Romania", "Slovakia", "Spain")
        ],
        "external: the text does not name the four",
    ),
    case(
        "group-composition",
        "group=bk:OutsidePowers",
        "group member example origin sentenceNumber source",
        [("bk:OutsidePowers", "bk:Russia", True, "text", 13, None)],
        "S13 'outside powers like Russia': Russia is a named example, not the group",
    ),
    case(
        "prospects",
        "prospect=bk:Prospect-BiH-NATO",
        "prospect prospectKind fact role holder stanceKind sentenceNumber",
        [
            (
                "bk:Prospect-BiH-NATO",
                "bkg:MembershipProspect",
                "bk:participation-bih-map",
                "bkg:purpose",
                None,
                None,
                8,
            ),
            (
                "bk:Prospect-BiH-NATO",
                "bkg:MembershipProspect",
                "bk:stance-bosnian-serbs-resistance",
                "bkg:target",
                "bk:BosnianSerbs",
                "bkg:Opposition",
                9,
            ),
            (
                "bk:Prospect-BiH-NATO",
                "bkg:MembershipProspect",
                "bk:condition-bih-steps-undermined",
                "bkg:concerns",
                None,
                None,
                9,
            ),
        ],
        "S8 the MAP prepares for membership; S9 Bosnian Serb resistance undermines it",
    ),
    case(
        "prospects",
        "prospect=bk:Prospect-Kosovo-NATO",
        "prospect prospectKind fact role holder stanceKind sentenceNumber",
        [
            (
                "bk:Prospect-Kosovo-NATO",
                "bkg:MembershipProspect",
                "bk:stance-kosovo-aspiration",
                "bkg:target",
                "bk:Kosovo",
                "bkg:AspirationToJoin",
                14,
            ),
            (
                "bk:Prospect-Kosovo-NATO",
                "bkg:MembershipProspect",
                "bk:stance-nato-unwilling-kosovo",
                "bkg:target",
                "bk:NATO",
                "bkg:UnwillingnessToOfferMembership",
                14,
            ),
        ],
        "S14: both stances are about one prospect",
    ),
    case(
        "prospects",
        "prospect=bk:Prospect-Serbia-EuroAtlantic",
        "prospect prospectKind fact role holder stanceKind sentenceNumber",
        [
            (
                "bk:Prospect-Serbia-EuroAtlantic",
                "bkg:IntegrationProspect",
                "bk:opportunity-discredit-serbia-integration",
                "bkg:concerns",
                None,
                None,
                13,
            )
        ],
        "S13: an opening to discredit it, not a discrediting stance",
    ),
    case(
        "posts",
        "person=bk:Stoltenberg",
        "person post org beginDate endDate former origin source",
        [
            (
                "bk:Stoltenberg",
                "bk:NATOSecretaryGeneral",
                "bk:NATO",
                None,
                None,
                True,
                "text",
                None,
            ),
            *[
                (
                    "bk:Stoltenberg",
                    "bk:NATOSecretaryGeneral",
                    "bk:NATO",
                    dt.date(2014, 10, 1),
                    dt.date(2024, 10, 1),
                    False,
                    "external",
                    source,
                )
                for source in (STOLTENBERG_START, STOLTENBERG_END)
            ],
        ],
        "S16 'former NATO SG Stoltenberg'; his term from NATO's and DW's reports",
    ),
    case(
        "posts-as-of",
        "year=2018",
        "person post year status origin",
        [("bk:Stoltenberg", "bk:NATOSecretaryGeneral", 2018, "holding", "external")],
        "his term ran 2014-2024; the text's 'former' says nothing about 2018",
    ),
    case(
        "posts-as-of",
        "year=2025 person=bk:Stoltenberg",
        "person post year status origin",
        [
            ("bk:Stoltenberg", "bk:NATOSecretaryGeneral", 2025, "former holder", "text"),
            ("bk:Stoltenberg", "bk:NATOSecretaryGeneral", 2025, "former holder", "external"),
        ],
        "S16 'former' at the time of writing (2025); the term ended in 2024",
    ),
    case(
        "posts-as-of",
        "year=2010 post=bk:NATOSecretaryGeneral",
        "person post year status origin",
        [("bk:Stoltenberg", "bk:NATOSecretaryGeneral", 2010, "not yet holding", "external")],
    ),
    case(
        "armed-forces",
        "force=bk:KosovoSecurityForce",
        "force state via decision armament manning timeWords year",
        [
            (
                "bk:KosovoSecurityForce",
                "bk:Kosovo",
                "bk:profile-ksf-initial",
                None,
                "bkg:LightlyArmed",
                "bkg:Volunteer",
                "initially",
                None,
            ),
            (
                "bk:KosovoSecurityForce",
                "bk:Kosovo",
                "bk:occurrence-ksf-decision-2018",
                "bk:KSFTransformationDecision2018",
                "bkg:FullyArmed",
                None,
                None,
                2018,
            ),
        ],
        "S15 'an initially light-armed volunteer force'; S16 the 2018 decision to make it "
        "'a fully armed force'",
    ),
    case(
        "qualified-facts",
        "kind=bkg:Assessment",
        "fact qualifierKind words sentenceNumber",
        ASSESSMENT_QUALIFIERS,
    ),
    case(
        "qualified-facts",
        "qualifierKind=bkg:TimeQualifier",
        "fact qualifierKind words sentenceNumber",
        TIME_QUALIFIERS,
    ),
    case(
        "qualified-facts",
        "qualifierKind=bkg:Booster",
        "fact qualifierKind words sentenceNumber",
        BOOSTERS,
        "'Objectively', 'does maintain', 'The fact remains that'",
    ),
    # CQ25-CQ29 ----------------------------------------------------------------------
    case(
        "provenance",
        "term=bk:membership-albania-nato",
        "fact sentence quote begin end kind",
        [
            (
                "bk:membership-albania-nato",
                "bk:S3",
                *at("3 out of the 6 Western Balkan countries managed to become full NATO allies"),
                "evidence",
            ),
            ("bk:membership-albania-nato", "bk:S3", *at("in the past decades"), "qualifier"),
            ("bk:membership-albania-nato", "bk:S3", *at("Albania (2009)"), "evidence"),
        ],
        "S3: the becoming of full NATO allies, 'Albania (2009)', 'in the past decades'",
    ),
    case(
        "provenance",
        "term=bk:Stoltenberg",
        "fact sentence quote begin end kind",
        [
            (
                "bk:stance-stoltenberg-scepticism",
                "bk:S16",
                *at(
                    "Kosovo\u2019s 2018 decision to transform the KSF into a fully armed force "
                    "was met with scepticism from former NATO SG Stoltenberg"
                ),
                "evidence",
            ),
            ("bk:stance-stoltenberg-scepticism", "bk:S16", *at("[19]"), "evidence"),
            ("bk:post-stoltenberg-sg", "bk:S16", *at("former NATO SG Stoltenberg"), "evidence"),
            (None, "bk:S16", *at("Stoltenberg"), "mention"),
        ],
        "S16 names him once; his scepticism and his former post rest on S16",
    ),
    case(
        "provenance",
        "term=bk:Albania",
        "fact sentence quote begin end kind",
        [
            (
                "bk:region-albania",
                "bk:S3",
                *at("3 out of the 6 Western Balkan countries"),
                "evidence",
            ),
            ("bk:region-albania", "bk:S3", *at("Albania"), "evidence"),
            (
                "bk:membership-albania-nato",
                "bk:S3",
                *at("3 out of the 6 Western Balkan countries managed to become full NATO allies"),
                "evidence",
            ),
            ("bk:membership-albania-nato", "bk:S3", *at("Albania (2009)"), "evidence"),
            (
                "bk:motivation-military-advancement",
                "bk:S3",
                *at("Seeking military advancement"),
                "evidence",
            ),
            (
                "bk:motivation-military-advancement",
                "bk:S3",
                *at("3 out of the 6 Western Balkan countries"),
                "evidence",
            ),
            ("bk:motivation-protection-from-russia", "bk:S3", *at("Seeking"), "evidence"),
            (
                "bk:motivation-protection-from-russia",
                "bk:S3",
                *at("protection from Russian influence"),
                "evidence",
            ),
            (
                "bk:motivation-protection-from-russia",
                "bk:S3",
                *at("3 out of the 6 Western Balkan countries"),
                "evidence",
            ),
            (None, "bk:S3", *at("Albania"), "mention"),
        ],
        "S3 only; its NATO accession date and Wikidata link are external and not listed",
    ),
    case(
        "provenance",
        "term=bk:link-s12-mean-that",
        "fact sentence quote begin end kind",
        [
            (
                "bk:link-s12-mean-that",
                "bk:S12",
                *at(
                    "Such historical sensitivities and Serbia\u2019s multi-vector foreign policy "
                    "mean that the country does not aspire to join the Alliance"
                ),
                "evidence",
            ),
            ("bk:link-s12-mean-that", "bk:S12", *at("mean that"), "cue"),
        ],
        "S12: the whole explanation, and its cue 'mean that'",
    ),
    case(
        "facts-about",
        "entity=bk:Kosovo includeExternal=false",
        "fact role kind sentenceNumber source",
        [
            (
                "bk:relation-nato-kosovo-cooperation",
                "bkg:secondParty",
                "bkg:BilateralRelation",
                6,
                None,
            ),
            ("bk:nonmembership-kosovo-nato", "bkg:about", "bkg:NonMembership", 6, None),
            ("bk:region-kosovo", "bkg:about", "bkg:RegionInclusion", 6, None),
            ("bk:stance-kosovo-aspiration", "bkg:holder", "bkg:Stance", 14, None),
            ("bk:stance-four-members-non-recognition", "bkg:target", "bkg:Stance", 14, None),
            (
                "bk:relation-nato-kosovo-maintained",
                "bkg:secondParty",
                "bkg:BilateralRelation",
                15,
                None,
            ),
            (
                "bk:affiliation-kosovo-security-force",
                "bkg:affiliatedWith",
                "bkg:Affiliation",
                15,
                None,
            ),
            ("bk:occurrence-ksf-decision-2018", "bkg:agent", "bkg:EventOccurrence", 16, None),
            (
                "bk:relation-kosovo-serbia-tensions",
                "bkg:firstParty",
                "bkg:BilateralRelation",
                17,
                None,
            ),
            ("bk:assessment-kosovo-security-consumer", "bkg:about", "bkg:Assessment", 17, None),
        ],
        "S6, S14-S17 name Kosovo; its hope to join targets the prospect, not Kosovo itself",
    ),
    case(
        "facts-about",
        "entity=bk:UnitedStates",
        "fact role kind sentenceNumber source",
        [
            ("bk:stance-us-welcome", "bkg:holder", "bkg:Stance", 16, None),
            (
                "bk:wikidata-UnitedStates",
                "bkg:about",
                "bkg:IdentityLink",
                None,
                "https://www.wikidata.org/wiki/Q30",
            ),
        ],
    ),
    case(
        "facts-in-sentence",
        "number=14",
        "sentenceNumber fact kind",
        [
            (14, "bk:stance-kosovo-aspiration", "bkg:Stance"),
            (14, "bk:affiliation-four-members", "bkg:Affiliation"),
            (14, "bk:count-four-members", "bkg:Count"),
            (14, "bk:stance-four-members-non-recognition", "bkg:Stance"),
            (14, "bk:stance-nato-unwilling-kosovo", "bkg:Stance"),
            (14, "bk:link-s14-due-to", "bkg:CausalLink"),
        ],
    ),
    case(
        "facts-in-sentence",
        "sentence=bk:S4",
        "sentence fact kind",
        [
            ("bk:S4", f"bk:membership-{state}-{org}", "bkg:Membership")
            for state in ("croatia", "slovenia")
            for org in ("nato", "eu")
        ],
        "S4 read with S3: NATO allies since 2009 and 2004, and EU members",
    ),
    case(
        "entities-in-sentence",
        "number=16",
        "sentenceNumber entity quote",
        [
            (16, "bk:Kosovo", "Kosovo\u2019s"),
            (
                16,
                "bk:KSFTransformationDecision2018",
                "Kosovo\u2019s 2018 decision to transform the KSF into a fully armed force",
            ),
            (16, "bk:KosovoSecurityForce", "the KSF"),
            (16, "bk:NATO", "NATO"),
            (16, "bk:NATOSecretaryGeneral", "NATO SG"),
            (16, "bk:Stoltenberg", "Stoltenberg"),
            (16, "bk:UnitedStates", "the US"),
            (16, "bk:KSFTransformationDecision2018", "the move"),
            (16, "bk:Footnote19", "[19]"),
        ],
        "'the move' refers back to the decision; '[19]' is the report's footnote 19",
    ),
    case(
        "entities-in-sentence",
        "sentence=bk:S6",
        "sentence entity quote",
        [
            ("bk:S6", "bk:NATO", "The Alliance"),
            ("bk:S6", "bk:WesternBalkans", "the region"),
            ("bk:S6", "bk:Kosovo", "Kosovo"),
            ("bk:S6", "bk:BosniaAndHerzegovina", "BiH"),
            ("bk:S6", "bk:Serbia", "Serbia"),
        ],
    ),
    case(
        "sentence-coverage",
        "kind=bkg:Stance",
        "sentence sentenceNumber facts",
        [(f"bk:S{n}", n, STANCES_PER_SENTENCE.get(n, 0)) for n in range(1, 19)],
    ),
    case(
        "sentence-coverage",
        "kind=bkg:Fact",
        "sentence sentenceNumber facts",
        [(f"bk:S{n}", n, count) for n, count in FACTS_PER_SENTENCE.items()],
    ),
    case(
        "readings",
        "joinsSentences=true",
        "reading words sentenceNumber antecedent antecedentSentenceNumber joins facts",
        JOINING_READINGS,
        "the eight readings that join a sentence with an earlier one (S7's 'the latter two' "
        "refers back to two words)",
    ),
    case(
        "readings",
        "number=13",
        "reading words sentenceNumber antecedent antecedentSentenceNumber joins facts",
        S13_READINGS,
        "S13: local leaders, outside powers like Russia, an opening, Euro-Atlantic integration",
    ),
    # CQ30-CQ34 ----------------------------------------------------------------------
    case(
        "facts-by-kind",
        "kind=bkg:Membership includeExternal=false",
        "fact kind origin sentenceNumber source",
        [
            ("bk:membership-albania-nato", "bkg:Membership", "text", 3, None),
            ("bk:membership-montenegro-nato", "bkg:Membership", "text", 3, None),
            ("bk:membership-north-macedonia-nato", "bkg:Membership", "text", 3, None),
            ("bk:membership-croatia-nato", "bkg:Membership", "text", 4, None),
            ("bk:membership-slovenia-nato", "bkg:Membership", "text", 4, None),
            ("bk:membership-croatia-eu", "bkg:Membership", "text", 4, None),
            ("bk:membership-slovenia-eu", "bkg:Membership", "text", 4, None),
        ],
    ),
    case(
        "facts-by-kind",
        "kind=bkg:MissionDeployment",
        "fact kind origin sentenceNumber source",
        [
            ("bk:deployment-eufor-althea", "bkg:MissionDeployment", "text", 10, None),
            ("bk:deployment-kfor", "bkg:MissionDeployment", "text", 18, None),
            ("bk:deployment-kfor-location", "bkg:MissionDeployment", "external", None, KFOR_PAGE),
        ],
    ),
    case(
        "facts-by-kind",
        "kind=bkg:MissionDeployment includeExternal=false",
        "fact kind origin sentenceNumber source",
        [
            ("bk:deployment-eufor-althea", "bkg:MissionDeployment", "text", 10, None),
            ("bk:deployment-kfor", "bkg:MissionDeployment", "text", 18, None),
        ],
    ),
    case(
        "external-facts",
        "kind=bkg:AccessionDate",
        "fact kind subject source retrieved",
        [
            (f"bk:accession-{slug}", "bkg:AccessionDate", f"bk:Accession-{event}", page, RETRIEVED)
            for slug, event, page in (
                ("albania-nato", "Albania-NATO", NATO_MEMBERS_PAGE),
                ("croatia-nato", "Croatia-NATO", NATO_MEMBERS_PAGE),
                ("montenegro-nato", "Montenegro-NATO", NATO_MEMBERS_PAGE),
                ("north-macedonia-nato", "NorthMacedonia-NATO", NATO_MEMBERS_PAGE),
                ("slovenia-nato", "Slovenia-NATO", NATO_MEMBERS_PAGE),
                ("greece-nato", "Greece-NATO", NATO_MEMBERS_PAGE),
                ("spain-nato", "Spain-NATO", NATO_MEMBERS_PAGE),
                ("romania-nato", "Romania-NATO", NATO_MEMBERS_PAGE),
                ("slovakia-nato", "Slovakia-NATO", NATO_MEMBERS_PAGE),
                ("croatia-eu", "Croatia-EU", EU_COUNTRIES_PAGE),
                ("slovenia-eu", "Slovenia-EU", EU_COUNTRIES_PAGE),
            )
        ],
        "an accession date is about the accession, an event",
    ),
    case(
        "external-facts",
        "subject=bk:Kosovo",
        "fact kind subject source retrieved",
        [
            (
                "bk:wikidata-Kosovo",
                "bkg:IdentityLink",
                "bk:Kosovo",
                "https://www.wikidata.org/wiki/Q1246",
                RETRIEVED,
            )
        ],
        "the KFOR location fact is about KFOR, not Kosovo",
    ),
    case(
        "external-facts",
        "fact=bk:accession-albania-nato",
        "fact kind subject source retrieved",
        [
            (
                "bk:accession-albania-nato",
                "bkg:AccessionDate",
                "bk:Accession-Albania-NATO",
                NATO_MEMBERS_PAGE,
                RETRIEVED,
            )
        ],
        "one fact: the exact date of Albania's accession to NATO, from NATO's list of members",
    ),
    case(
        "publication",
        "document=bk:report",
        "document kind title publisher publicationYear partOf url excerpt source retrieved",
        [
            (
                "bk:report",
                "bkg:Report",
                "Geopolitically mapping the Western Balkans",
                "bk:Clingendael",
                2025,
                None,
                None,
                None,
                PUBLICATION_PAGE,
                RETRIEVED,
            )
        ],
        "the report, published by Clingendael in 2025",
    ),
    case(
        "publication",
        "document=bk:report-section",
        "document kind title publisher publicationYear partOf url excerpt source retrieved",
        [
            (
                "bk:report-section",
                "bkg:Section",
                "The WB6 as security providers and consumers for NATO",
                None,
                None,
                "bk:report",
                Text(PUBLICATION_PAGE),
                "bk:report-excerpt",
                PUBLICATION_PAGE,
                RETRIEVED,
            )
        ],
        "the section the excerpt is part of",
    ),
    case(
        "wikidata-links",
        "entity=bk:Kosovo",
        "entity wikidata wikidataLabel source",
        [("bk:Kosovo", "wd:Q1246", "Q1246", "https://www.wikidata.org/wiki/Q1246")],
    ),
    case(
        "wikidata-links",
        "entity=bk:KFOR",
        "entity wikidata wikidataLabel source",
        [],
        "KFOR is left unlinked on purpose",
    ),
    case(
        "accession-dates",
        "org=bk:NATO",
        "state org date textYear yearAgrees",
        [
            (state, org, date, text_year, None if text_year is None else True)
            for state, org, _, text_year, date, _ in NATO_MEMBERS
        ],
        "every external date falls in the year the text gives, where it gives one",
    ),
    case(
        "accession-dates",
        "state=bk:Slovenia",
        "state org date textYear yearAgrees",
        [
            ("bk:Slovenia", "bk:NATO", dt.date(2004, 3, 29), 2004, True),
            ("bk:Slovenia", "bk:EU", dt.date(2004, 5, 1), None, None),
        ],
        "S4 gives no year for the EU membership",
    ),
    case(
        "find-entity",
        "name=bih",
        "entity entityLabel matched",
        [("bk:BosniaAndHerzegovina", "Bosnia and Herzegovina", "BiH")],
        "S6 'BiH'",
    ),
    case(
        "find-entity",
        "name=Alliance",
        "entity matched",
        [("bk:NATO", "the Alliance")],
        "S6, S12, S14 'the Alliance'",
    ),
]


# ---------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The knowledge graph with external facts and reasoning, loaded once."""
    return balkan_kg.load()


@pytest.fixture(scope="session")
def source_text() -> str:
    """The source text that all offsets index into."""
    return default_layout().source_text.read_text(encoding="utf-8")


def queries() -> list[CannedQuery]:
    """The canned queries of the project."""
    return list_queries(default_layout())


def project(rows: list[dict[str, object]], columns: Sequence[str]) -> Counter[tuple[object, ...]]:
    """The multiset of ``rows`` restricted to ``columns`` (values typed, IRIs as str)."""
    return Counter(tuple((type(row[c]).__name__, _plain(row[c])) for c in columns) for row in rows)


def expected(case_: Case) -> Counter[tuple[object, ...]]:
    """The expected rows of ``case_`` in the form :func:`project` returns."""
    return Counter(tuple(_typed(expand(value)) for value in row) for row in case_.rows)


def _plain(value: object) -> object:
    return str(value) if isinstance(value, str) else value


def _typed(value: object) -> tuple[str, object]:
    # IRIs come back as balkan_kg.results.IRI; a bare str in the expectations stands for
    # an IRI when it is an absolute http(s) IRI and for a literal otherwise.
    if isinstance(value, Text):
        return ("str", str(value))
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return ("IRI", value)
    return (type(value).__name__, value)


def all_examples() -> Iterator[tuple[str, dict[str, str]]]:
    """Every (query name, example parameters) pair of the catalog."""
    for query in queries():
        for example in query.examples:
            yield query.name, example


# ---------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case_", CASES, ids=[c.id for c in CASES])
def test_query_answer_matches_reading_of_the_text(kg: KnowledgeGraph, case_: Case) -> None:
    result = kg.query(case_.query, **case_.params)
    missing = [c for c in case_.columns if c not in result.variables]
    assert not missing, f"{case_.query} does not return {missing}"
    assert project(result.rows, case_.columns) == expected(case_), case_.why


def test_every_example_of_every_query_has_an_expected_answer() -> None:
    covered = {(c.query, tuple(sorted(c.params.items()))) for c in CASES if not c.extra}
    uncovered = [
        (name, example)
        for name, example in all_examples()
        if (name, tuple(sorted(example.items()))) not in covered
    ]
    assert not uncovered, f"example lines without an expected answer: {uncovered}"
    names = {q.name for q in queries()}
    untested = names - {c.query for c in CASES}
    assert not untested, f"queries without an expected-answer test: {sorted(untested)}"


def test_every_case_is_an_example_line_or_marked_extra() -> None:
    examples = {(name, tuple(sorted(ex.items()))) for name, ex in all_examples()}
    stray = [
        c.id
        for c in CASES
        if not c.extra and (c.query, tuple(sorted(c.params.items()))) not in examples
    ]
    assert not stray, f"cases that match no '# example:' line: {stray}"


@pytest.mark.parametrize(
    ("name", "example"), list(all_examples()), ids=[f"{n}{e}" for n, e in all_examples()]
)
def test_every_iri_column_has_a_label_column_beside_it(
    kg: KnowledgeGraph, name: str, example: dict[str, str]
) -> None:
    """A reader sees a label next to every IRI: each column that holds an IRI in some row
    has a column <name>Label, bound wherever the IRI is."""
    result = kg.query(name, **example)
    for column in result.variables:
        iri_rows = [row for row in result.rows if type(row.get(column)).__name__ == "IRI"]
        if not iri_rows:
            continue
        label = f"{column}Label"
        assert label in result.variables, f"{name}: no {label} beside the IRI column {column}"
        unlabelled = [str(row[column]) for row in iri_rows if row.get(label) in (None, "")]
        assert not unlabelled, f"{name}: {column} without a {label}: {unlabelled}"


def test_queries_required_by_other_code_exist() -> None:
    names = {q.name for q in queries()}
    assert set(REQUIRED_QUERIES) <= names
    assert len(names) >= 27


# ---------------------------------------------------------------------------------------
# Typed parameters
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [2010, "2010"])
def test_year_parameter_is_bound_as_a_number(kg: KnowledgeGraph, as_of: object) -> None:
    rows = kg.query("members-since", org="bk:NATO", asOf=as_of).rows
    assert {row["state"] for row in rows} == {
        expand(state) for state, _, start, _, _, _ in NATO_MEMBERS if start <= 2010
    }
    assert all(isinstance(row["startYear"], int) for row in rows)


@pytest.fixture(scope="session")
def text_only_kg() -> KnowledgeGraph:
    """The knowledge graph without data/external/ (the text's facts only)."""
    return balkan_kg.load(include_external=False)


def test_as_of_excludes_memberships_without_a_year(text_only_kg: KnowledgeGraph) -> None:
    """From the text alone, S4's EU memberships have no year: asOf leaves them out."""
    rows = text_only_kg.query("members-since", org="bk:EU").rows
    assert len(rows) == 2 and all(row["startYear"] is None for row in rows)
    assert text_only_kg.query("members-since", org="bk:EU", asOf=2030).rows == []


def test_full_iri_and_prefixed_name_give_the_same_answer(kg: KnowledgeGraph) -> None:
    short = kg.query("non-members-in-region", org="bk:NATO").rows
    full = kg.query("non-members-in-region", org=expand("bk:NATO")).rows
    assert short == full and len(short) == 3


def test_boolean_parameter_accepts_python_bool(kg: KnowledgeGraph) -> None:
    text_only = kg.query("facts-by-kind", kind="bkg:MissionDeployment", includeExternal=False)
    everything = kg.query("facts-by-kind", kind="bkg:MissionDeployment", includeExternal=True)
    assert len(text_only) == 2 and len(everything) == 3


def test_wrong_typed_parameter_raises_parameter_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match=r"asOf.*members-since.*year"):
        kg.query("members-since", asOf="last year")
    with pytest.raises(ParameterError, match=r"org.*iri"):
        kg.query("members-since", org=42)
    with pytest.raises(ParameterError, match=r"includeExternal.*boolean"):
        kg.query("facts-by-kind", includeExternal="maybe")


def test_unknown_parameter_raises_parameter_error_naming_the_valid_ones(
    kg: KnowledgeGraph,
) -> None:
    with pytest.raises(ParameterError, match=r"unknown parameter 'country'.*org, asOf"):
        kg.query("members-since", country="bk:NATO")


def test_missing_required_parameter_raises_parameter_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match=r"provenance.*term"):
        kg.query("provenance")


# ---------------------------------------------------------------------------------------
# Value types and offsets
# ---------------------------------------------------------------------------------------


def test_result_values_have_python_types(kg: KnowledgeGraph) -> None:
    prov = kg.query("provenance", term="bk:Stoltenberg").rows
    assert all(type(r["begin"]) is int and type(r["end"]) is int for r in prov)
    dates = kg.query("accession-dates", org="bk:NATO").rows
    assert all(type(r["date"]) is dt.date for r in dates)
    assert all(type(r["yearAgrees"]) is bool for r in dates if r["textYear"] is not None)
    as_of = kg.query("membership-as-of", year=2016).rows
    assert as_of and all(type(r["since"]) is int and type(r["year"]) is int for r in as_of)
    members = kg.query("non-members-in-region", org="bk:NATO").rows
    assert all(type(r["statedInText"]) is bool for r in members)
    assert all(type(r["sentenceNumber"]) is int for r in kg.query("stances-towards").rows)


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("provenance", {"term": "bk:Albania"}),
        ("provenance", {"term": "bk:NATO"}),
        ("provenance", {"term": "bk:relation-nato-russia-standoff"}),
        ("entities-in-sentence", {}),
    ],
)
def test_quotes_are_the_source_text_at_their_offsets(
    kg: KnowledgeGraph, source_text: str, query: str, params: dict[str, str]
) -> None:
    rows = [r for r in kg.query(query, **params).rows if r["quote"] is not None]
    assert rows
    for row in rows:
        begin, end = row["begin"], row["end"]
        assert isinstance(begin, int) and isinstance(end, int)
        assert source_text[begin:end] == row["quote"]


def test_provenance_rows_all_have_a_sentence_containing_the_quote(kg: KnowledgeGraph) -> None:
    rows = kg.query("provenance", term="bk:NATO").rows
    assert rows
    for row in rows:
        assert row["sentence"] is not None
        assert row["kind"] in ("evidence", "mention", "cue", "qualifier")
        assert str(row["quote"]) in str(row["sentenceText"])


def test_external_fact_has_no_text_provenance(kg: KnowledgeGraph) -> None:
    assert kg.query("provenance", term="bk:accession-albania-nato").rows == []
    assert kg.query("provenance", term="bk:Greece").rows == []


def test_external_fact_provenance_is_its_source(kg: KnowledgeGraph) -> None:
    assert kg.external_sources("bk:accession-albania-nato") == [
        (expand("bk:accession-albania-nato"), NATO_MEMBERS_PAGE)
    ]
    assert sorted(kg.external_sources("bk:Greece")) == [
        (expand("bk:membership-greece-nato"), NATO_MEMBERS_PAGE),
        (expand("bk:wikidata-Greece"), "https://www.wikidata.org/wiki/Q41"),
    ]
    # The text gives no dates for his term; an external post holding does.
    assert sorted(kg.external_sources("bk:Stoltenberg")) == sorted(
        [
            (expand("bk:post-stoltenberg-sg-term"), STOLTENBERG_START),
            (expand("bk:post-stoltenberg-sg-term"), STOLTENBERG_END),
        ]
    )


def test_provenance_helper_uses_the_canned_query(kg: KnowledgeGraph) -> None:
    found = kg.provenance("bk:membership-north-macedonia-nato")
    s3 = expand("bk:S3")
    assert [(p.sentence, p.quote, p.begin, p.end) for p in found] == [
        (s3, *at("3 out of the 6 Western Balkan countries managed to become full NATO allies")),
        (s3, *at("in the past decades")),
        (s3, *at("North Macedonia (2020)")),
    ]


# ---------------------------------------------------------------------------------------
# Headers and syntax
# ---------------------------------------------------------------------------------------

_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def _body(query: CannedQuery) -> str:
    """The query text after the comment header, comments removed."""
    lines = query.text.splitlines()
    body = [line for line in lines if not line.lstrip().startswith("#")]
    return "\n".join(body)


@pytest.mark.parametrize("query", queries(), ids=lambda q: q.name)
def test_header_declares_title_description_and_used_params(query: CannedQuery) -> None:
    assert query.title.strip() and query.description.strip()
    assert query.examples, f"{query.name} has no '# example:' line"
    variables = set(_VARIABLE.findall(_body(query)))
    for param in query.params:
        assert param.name in variables, f"param {param.name} is not used in {query.name}"
    used_in_examples = {name for example in query.examples for name in example}
    assert {p.name for p in query.params} <= used_in_examples
    placeholders = [line for line in query.text.splitlines() if line.strip() == "#PARAMS"]
    assert len(placeholders) == (1 if query.params else 0)
    if query.params:
        where = query.text.index("WHERE")
        assert query.text.index("#PARAMS") > where, "#PARAMS must be inside the WHERE clause"


@pytest.mark.parametrize("query", queries(), ids=lambda q: q.name)
def test_select_query_has_order_by(query: CannedQuery) -> None:
    body = _body(query)
    assert re.search(r"\bSELECT\b", body)
    assert re.search(r"\bORDER\s+BY\b", body), f"{query.name} has no ORDER BY"
    assert "GROUP_CONCAT" not in body.upper()


def _texts(query: CannedQuery) -> list[str]:
    """The raw file text and the text bound with each example, prefixes declared."""
    texts = [query.text] + [bind_canned(query, example) for example in query.examples]
    return [prologue(PROJECT_PREFIXES, text) + text for text in texts]


@pytest.mark.parametrize("query", queries(), ids=lambda q: q.name)
def test_query_parses_with_rdflib(query: CannedQuery) -> None:
    from rdflib.plugins.sparql import prepareQuery

    for text in _texts(query):
        prepareQuery(text)


@pytest.mark.parametrize("query", queries(), ids=lambda q: q.name)
def test_query_parses_with_oxigraph(query: CannedQuery) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    for text in _texts(query):
        list(store.query(text))


def test_queries_directory_documents_every_query() -> None:
    readme = (default_layout().queries_dir / "README.md").read_text(encoding="utf-8")
    for query in queries():
        assert f"`{query.name}`" in readme, f"{query.name} is not in queries/README.md"
    assert re.search(r"\bCQ1\b", readme)


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
