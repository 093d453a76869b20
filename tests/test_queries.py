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
RECOGNITION_PAGE = "https://en.wikipedia.org/wiki/International_recognition_of_Kosovo"

REQUIRED_QUERIES = (
    "members-since",
    "non-members-in-region",
    "stances-towards",
    "provenance",
    "facts-in-sentence",
)
"""Queries that other parts of the project call by name."""

# Sentence texts quoted below, as they stand in the source (note the typographic ’).
S3 = (
    "Seeking military advancement and protection from Russian influence, 3 out of the 6 "
    "Western Balkan countries managed to become full NATO allies in the past decades: "
    "Albania (2009), Montenegro (2017), and North Macedonia (2020)."
)
S16 = (
    "However, Kosovo\u2019s 2018 decision to transform the KSF into a fully armed force was "
    "met with scepticism from former NATO SG Stoltenberg, even if the US welcomed the "
    "move.[19]"
)


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

S3_MEMBERS = [
    ("bk:Albania", "bk:NATO", 2009),
    ("bk:Montenegro", "bk:NATO", 2017),
    ("bk:NorthMacedonia", "bk:NATO", 2020),
]
S4_MEMBERS = [("bk:Croatia", "bk:NATO", 2009), ("bk:Slovenia", "bk:NATO", 2004)]
S4_EU_MEMBERS = [("bk:Croatia", "bk:EU", None), ("bk:Slovenia", "bk:EU", None)]

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

PARTICIPATIONS = [
    ("bk:BosniaAndHerzegovina", "bk:PartnershipForPeace", None),
    ("bk:Serbia", "bk:PartnershipForPeace", None),
    ("bk:BosniaAndHerzegovina", "bk:TailoredPartnershipProgramme-BiH", None),
    ("bk:Serbia", "bk:TailoredPartnershipProgramme-Serbia", None),
    ("bk:BosniaAndHerzegovina", "bk:MembershipActionPlan-BiH", 2010),
]

KFOR_ROW = ("bk:KFOR", "bk:NATO", "bk:Kosovo", KFOR_PAGE, "bk:condition-instability-risks")
EUFOR_ROW = ("bk:EUFORAlthea", "bk:EU", "bk:BosniaAndHerzegovina", None, None)

SUPPORT_EUFOR = (
    "bk:NATO",
    "bk:EUFORAlthea",
    "bkg:MissionSupport",
    True,
    "bk:condition-bih-fragile-stability",
    None,
)
SUPPORT_KSF = (
    "bk:NATO",
    "bk:KosovoSecurityForce",
    "bkg:CapacityBuilding",
    None,
    None,
    "bk:relation-nato-kosovo-maintained",
)

# (stance, holder, kind, target, reason), one row per target and reason.
STANCE_SERBIA_NO_ASPIRATION = [
    (
        "bk:stance-serbia-no-aspiration",
        "bk:Serbia",
        "bkg:NoAspirationToJoin",
        "bk:NATO",
        "bk:condition-serbia-historical-sensitivities",
    ),
    (
        "bk:stance-serbia-no-aspiration",
        "bk:Serbia",
        "bkg:NoAspirationToJoin",
        "bk:NATO",
        "bk:condition-serbia-multi-vector-policy",
    ),
]
STANCE_SOCIETY = (
    "bk:stance-serbian-society-negative",
    "bk:SerbianSociety",
    "bkg:NegativeSentiment",
    "bk:NATO",
    None,
)
STANCE_KOSOVO_ASPIRATION = (
    "bk:stance-kosovo-aspiration",
    "bk:Kosovo",
    "bkg:AspirationToJoin",
    "bk:NATO",
    None,
)
STANCE_RUSSIA = (
    "bk:stance-russia-discredit",
    "bk:Russia",
    "bkg:Discrediting",
    "bk:Prospect-Serbia-EuroAtlantic",
    "bk:stance-serbian-society-negative",
)
UNFAVOURABLE_STANCES = [
    (
        "bk:stance-bosnian-serbs-resistance",
        "bk:BosnianSerbs",
        "bkg:Opposition",
        "bk:Prospect-BiH-NATO",
        None,
    ),
    *STANCE_SERBIA_NO_ASPIRATION,
    STANCE_SOCIETY,
    (
        "bk:stance-serbian-leaders-discredit",
        "bk:SerbianLocalLeaders",
        "bkg:Discrediting",
        "bk:Prospect-Serbia-EuroAtlantic",
        "bk:stance-serbian-society-negative",
    ),
    STANCE_RUSSIA,
    (
        "bk:stance-four-members-non-recognition",
        "bk:FourNonRecognisingNATOMembers",
        "bkg:NonRecognition",
        "bk:Kosovo",
        None,
    ),
    (
        "bk:stance-nato-unwilling-kosovo",
        "bk:NATO",
        "bkg:UnwillingnessToOfferMembership",
        "bk:Kosovo",
        "bk:stance-four-members-non-recognition",
    ),
    (
        "bk:stance-stoltenberg-scepticism",
        "bk:Stoltenberg",
        "bkg:Scepticism",
        "bk:KSFTransformationDecision2018",
        None,
    ),
]
STANCE_US_WELCOME = (
    "bk:stance-us-welcome",
    "bk:UnitedStates",
    "bkg:Welcome",
    "bk:KSFTransformationDecision2018",
    None,
)

# (effect, cause, direct): every "due to", "mean that", "provide an opening" and
# "Seeking ..." of the text, plus the one indirect chain S12 -> S11 (the historical
# sensitivities behind Serbia's stance are about the 1999 intervention).
ALL_CAUSES = [
    ("bk:membership-albania-nato", "bk:motivation-military-advancement", True),
    ("bk:membership-albania-nato", "bk:motivation-protection-from-russia", True),
    ("bk:membership-montenegro-nato", "bk:motivation-military-advancement", True),
    ("bk:membership-montenegro-nato", "bk:motivation-protection-from-russia", True),
    ("bk:membership-north-macedonia-nato", "bk:motivation-military-advancement", True),
    ("bk:membership-north-macedonia-nato", "bk:motivation-protection-from-russia", True),
    ("bk:assessment-montenegro-achievement", "bk:stance-montenegrin-opposition-ties", True),
    ("bk:condition-bih-steps-undermined", "bk:stance-bosnian-serbs-resistance", True),
    ("bk:support-nato-eufor-althea", "bk:condition-bih-fragile-stability", True),
    ("bk:relation-nato-serbia-contentious", "bk:NATOIntervention1999", True),
    ("bk:condition-serbia-historical-sensitivities", "bk:NATOIntervention1999", True),
    ("bk:stance-serbia-no-aspiration", "bk:condition-serbia-historical-sensitivities", True),
    ("bk:stance-serbia-no-aspiration", "bk:condition-serbia-multi-vector-policy", True),
    ("bk:stance-serbia-no-aspiration", "bk:NATOIntervention1999", False),
    ("bk:stance-serbian-leaders-discredit", "bk:stance-serbian-society-negative", True),
    ("bk:stance-russia-discredit", "bk:stance-serbian-society-negative", True),
    ("bk:stance-nato-unwilling-kosovo", "bk:stance-four-members-non-recognition", True),
    ("bk:assessment-kosovo-security-consumer", "bk:relation-kosovo-serbia-tensions", True),
    ("bk:deployment-kfor", "bk:condition-instability-risks", True),
    ("bk:strength-kfor-increase", "bk:condition-heightened-unrest", True),
]

# (relation, party, counterparty, quality)
RELATIONS = [
    ("bk:relation-nato-russia-standoff", "bk:NATO", "bk:Russia", "bkg:Standoff"),
    ("bk:relation-nato-kosovo-cooperation", "bk:NATO", "bk:Kosovo", "bkg:Cooperation"),
    (
        "bk:relation-nato-bih-cooperation",
        "bk:NATO",
        "bk:BosniaAndHerzegovina",
        "bkg:Cooperation",
    ),
    ("bk:relation-nato-serbia-cooperation", "bk:NATO", "bk:Serbia", "bkg:Cooperation"),
    ("bk:relation-nato-serbia-contentious", "bk:NATO", "bk:Serbia", "bkg:Contentious"),
    ("bk:relation-nato-kosovo-maintained", "bk:NATO", "bk:Kosovo", "bkg:Maintained"),
    ("bk:relation-kosovo-serbia-tensions", "bk:Kosovo", "bk:Serbia", "bkg:Tensions"),
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
        "bk:Stoltenberg",
        "bkg:Scepticism",
        16,
    ),
    (
        "bk:KSFTransformationDecision2018",
        "bk:Kosovo",
        2018,
        "bk:KosovoSecurityForce",
        "bk:UnitedStates",
        "bkg:Welcome",
        16,
    ),
]

INTERVENTION = ("bk:NATOIntervention1999", "bkg:MilitaryIntervention", 1999, "bk:NATO")
DECISION = ("bk:KSFTransformationDecision2018", "bkg:Decision", 2018, "bk:Kosovo")

ACCESSIONS_NATO = [
    ("bk:Slovenia", "bk:NATO", dt.date(2004, 3, 29), 2004, True),
    ("bk:Albania", "bk:NATO", dt.date(2009, 4, 1), 2009, True),
    ("bk:Croatia", "bk:NATO", dt.date(2009, 4, 1), 2009, True),
    ("bk:Montenegro", "bk:NATO", dt.date(2017, 6, 5), 2017, True),
    ("bk:NorthMacedonia", "bk:NATO", dt.date(2020, 3, 27), 2020, True),
]

# Facts per sentence, counted from what each sentence says (see data/facts.ttl header):
# S3: 3 memberships, 3 region inclusions, 2 motivations; S6: 3 cooperations,
# 3 non-memberships, 3 region inclusions; S7: 2 countries x 2 programmes; ...
FACTS_PER_SENTENCE = {
    1: 1,
    2: 1,
    3: 8,
    4: 4,
    5: 2,
    6: 9,
    7: 4,
    8: 1,
    9: 2,
    10: 3,
    11: 1,
    12: 3,
    13: 3,
    14: 3,
    15: 3,
    16: 3,
    17: 2,
    18: 4,
}
STANCES_PER_SENTENCE = {5: 1, 9: 1, 12: 1, 13: 3, 14: 3, 16: 2}

QUALIFIED_ASSESSMENTS = [
    ("bk:assessment-nato-upper-hand", "Objectively", None, None),
    ("bk:assessment-montenegro-achievement", "especially", None, None),
    ("bk:assessment-kosovo-security-consumer", "mostly", "for the time being", None),
]
QUALIFIED_FACTS = [
    *QUALIFIED_ASSESSMENTS,
    ("bk:membership-albania-nato", None, "in the past decades", None),
    ("bk:membership-montenegro-nato", None, "in the past decades", None),
    ("bk:membership-north-macedonia-nato", None, "in the past decades", None),
    ("bk:stance-montenegrin-opposition-ties", "significant", None, None),
    ("bk:condition-bih-steps-undermined", "In practice", None, None),
    ("bk:support-nato-eufor-althea", None, None, True),
    ("bk:relation-nato-serbia-contentious", None, None, True),
    ("bk:stance-serbian-society-negative", None, None, True),
    ("bk:stance-kosovo-aspiration", None, "in the long run", None),
    ("bk:stance-nato-unwilling-kosovo", None, None, True),
    ("bk:condition-instability-risks", None, None, True),
    ("bk:strength-kfor-increase", None, "over the past few years", None),
]

CASES: list[Case] = [
    # CQ1/CQ2 ------------------------------------------------------------------------
    case(
        "members-since",
        "org=bk:NATO",
        "state org startYear",
        S3_MEMBERS + S4_MEMBERS,
        "S3 lists Albania (2009), Montenegro (2017), North Macedonia (2020); S4 reads as "
        "Croatia (2009) and Slovenia (2004) joining NATO",
    ),
    case(
        "members-since",
        "org=bk:NATO asOf=2010",
        "state org startYear",
        [S3_MEMBERS[0], *S4_MEMBERS],
        "joined in or before 2010: Albania and Croatia 2009, Slovenia 2004",
    ),
    case(
        "members-since",
        "asOf=2017",
        "state org startYear",
        [S3_MEMBERS[0], S3_MEMBERS[1], *S4_MEMBERS],
        "EU memberships (S4) have no year, so asOf leaves them out",
    ),
    case(
        "members-since",
        "",
        "state org startYear",
        S3_MEMBERS + S4_MEMBERS + S4_EU_MEMBERS,
        "all memberships, the EU ones of S4 without a year",
        extra=True,
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
    # CQ6/CQ7 ------------------------------------------------------------------------
    case(
        "programme-participation",
        "state=bk:Serbia",
        "state programme since",
        [PARTICIPATIONS[1], PARTICIPATIONS[3]],
        "S7 'with the latter two' = BiH and Serbia",
    ),
    case(
        "programme-participation",
        "programme=bk:MembershipActionPlan-BiH",
        "state programme since purpose sentenceNumber",
        [(*PARTICIPATIONS[4], "bk:Prospect-BiH-NATO", 8)],
        "S8 'Since 2010, Bosnia and Herzegovina has a Membership Action Plan'",
    ),
    case("programme-participation", "org=bk:NATO", "state programme since", PARTICIPATIONS),
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
        "supporter supported kind ongoing reason relation",
        [SUPPORT_EUFOR, SUPPORT_KSF],
        "S10 support to EUFOR Althea due to Bosnia's fragile stability; S15 capacity "
        "building for the KSF, through which NATO maintains relations with Kosovo",
    ),
    case(
        "support",
        "supported=bk:KosovoSecurityForce",
        "supporter supported kind ongoing reason relation",
        [SUPPORT_KSF],
    ),
    case(
        "mission-strength",
        "mission=bk:KFOR",
        "change mission trend timeframe cause sentenceNumber",
        [
            (
                "bk:strength-kfor-increase",
                "bk:KFOR",
                "bkg:Increased",
                "over the past few years",
                "bk:condition-heightened-unrest",
                18,
            )
        ],
        "S18 'increased in strength over the past few years due to episodes of heightened unrest'",
    ),
    # CQ11-CQ13 ----------------------------------------------------------------------
    case(
        "stances-towards",
        "target=bk:NATO",
        "stance holder stanceKind target reason",
        [*STANCE_SERBIA_NO_ASPIRATION, STANCE_SOCIETY, STANCE_KOSOVO_ASPIRATION],
        "S12 Serbia does not aspire to join (two reasons), S13 negative NATO sentiments, "
        "S14 Kosovo hopes to join",
    ),
    case(
        "stances-towards",
        "holder=bk:Russia",
        "stance holder stanceKind target reason",
        [STANCE_RUSSIA],
        "S13 outside powers like Russia discredit Serbia's Euro-Atlantic integration",
    ),
    case(
        "stances-towards",
        "kind=bkg:Unfavourable",
        "stance holder stanceKind target reason",
        UNFAVOURABLE_STANCES,
    ),
    case(
        "stances-towards",
        "kind=bkg:Welcome",
        "stance holder stanceKind target reason",
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
        "causes",
        "cause=bk:NATOIntervention1999",
        "effect cause direct",
        [row for row in ALL_CAUSES if row[1] == "bk:NATOIntervention1999"],
        "S11 relations contentious due to the intervention; S12 sensitivities about it, "
        "and through them Serbia's stance",
    ),
    case(
        "causes",
        "effect=bk:stance-serbia-no-aspiration",
        "effect cause direct",
        [row for row in ALL_CAUSES if row[0] == "bk:stance-serbia-no-aspiration"],
    ),
    case(
        "causes",
        "effect=bk:stance-serbia-no-aspiration directOnly=true",
        "effect cause direct",
        [
            row
            for row in ALL_CAUSES
            if row[0] == "bk:stance-serbia-no-aspiration" and row[2] is True
        ],
    ),
    case("causes", "directOnly=false", "effect cause direct", ALL_CAUSES),
    # CQ14-CQ16 ----------------------------------------------------------------------
    case(
        "relations-between",
        "actor=bk:NATO other=bk:Serbia",
        "relation party counterparty quality",
        [RELATIONS[3], RELATIONS[4]],
        "S6 cooperation, S11 contentious",
    ),
    case(
        "relations-between",
        "actor=bk:Serbia",
        "relation party counterparty quality",
        [
            ("bk:relation-nato-serbia-cooperation", "bk:Serbia", "bk:NATO", "bkg:Cooperation"),
            ("bk:relation-nato-serbia-contentious", "bk:Serbia", "bk:NATO", "bkg:Contentious"),
            ("bk:relation-kosovo-serbia-tensions", "bk:Serbia", "bk:Kosovo", "bkg:Tensions"),
        ],
        "party is the actor asked about, whichever the text names first",
    ),
    case(
        "relations-between",
        "other=bk:Kosovo",
        "relation party counterparty quality",
        [
            RELATIONS[1],
            RELATIONS[5],
            ("bk:relation-kosovo-serbia-tensions", "bk:Serbia", "bk:Kosovo", "bkg:Tensions"),
        ],
    ),
    case(
        "relations-between",
        "",
        "relation party counterparty quality",
        RELATIONS,
        "each relation once, in the text's orientation",
        extra=True,
    ),
    case(
        "assessments",
        "subject=bk:Kosovo",
        "assessment subject kind scope concerns qualifier timeframe reason figure author "
        "sentenceNumber",
        [
            (
                "bk:assessment-kosovo-security-consumer",
                "bk:Kosovo",
                "bkg:SecurityConsumer",
                None,
                None,
                "mostly",
                "for the time being",
                "bk:relation-kosovo-serbia-tensions",
                None,
                "bk:report",
                17,
            )
        ],
        "S17 'for the time being, is mostly a security consumer due to its tensions with Serbia'",
    ),
    case(
        "assessments",
        "",
        "assessment subject kind scope concerns figure sentenceNumber",
        [
            (
                "bk:assessment-nato-upper-hand",
                "bk:NATO",
                "bkg:UpperHand",
                "bk:WesternBalkans",
                None,
                "Figure 7",
                2,
            ),
            (
                "bk:assessment-montenegro-achievement",
                "bk:Montenegro",
                "bkg:NotableAchievement",
                None,
                "bk:membership-montenegro-nato",
                None,
                5,
            ),
            (
                "bk:assessment-kosovo-security-consumer",
                "bk:Kosovo",
                "bkg:SecurityConsumer",
                None,
                None,
                None,
                17,
            ),
        ],
        "S2, S5 and S17 speak in the author's voice",
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
        "decision agent year about reactor reaction sentenceNumber",
        REACTIONS,
        "S16 scepticism from Stoltenberg, welcome from the US",
    ),
    case(
        "decisions-reactions",
        "agent=bk:Kosovo",
        "decision agent year about reactor reaction sentenceNumber",
        REACTIONS,
    ),
    case("events", "since=2000", "event kind year agent", [DECISION]),
    case("events", "until=2000", "event kind year agent", [INTERVENTION]),
    case("events", "since=1990 until=2020", "event kind year agent", [INTERVENTION, DECISION]),
    case(
        "events",
        "",
        "event kind year agent",
        [INTERVENTION, DECISION, ("bk:KosovoWar", "bkg:War", None, None)],
        "S11 names the Kosovo war without a year",
        extra=True,
    ),
    case(
        "groups",
        "state=bk:Serbia",
        "group within partOf memberCount",
        [
            ("bk:SerbianSociety", "bk:Serbia", None, None),
            ("bk:SerbianLocalLeaders", "bk:Serbia", None, None),
        ],
        "S13 Serbian society and local leaders",
    ),
    case(
        "groups",
        "",
        "group within partOf memberCount",
        [
            ("bk:MontenegrinOpposition", "bk:Montenegro", None, None),
            ("bk:BosnianSerbs", "bk:BosniaAndHerzegovina", None, None),
            ("bk:SerbianSociety", "bk:Serbia", None, None),
            ("bk:SerbianLocalLeaders", "bk:Serbia", None, None),
            ("bk:FourNonRecognisingNATOMembers", None, "bk:NATO", 4),
        ],
        "S14 'four of its members'",
        extra=True,
    ),
    case(
        "group-composition",
        "group=bk:FourNonRecognisingNATOMembers",
        "group member source",
        [
            ("bk:FourNonRecognisingNATOMembers", f"bk:{state}", RECOGNITION_PAGE)
            for state in ("Greece", "Romania", "Slovakia", "Spain")
        ],
        "external: the text does not name the four",
    ),
    case(
        "prospects",
        "prospect=bk:Prospect-BiH-NATO",
        "prospect fact role holder stanceKind sentenceNumber",
        [
            ("bk:Prospect-BiH-NATO", "bk:participation-bih-map", "bkg:purpose", None, None, 8),
            (
                "bk:Prospect-BiH-NATO",
                "bk:stance-bosnian-serbs-resistance",
                "bkg:target",
                "bk:BosnianSerbs",
                "bkg:Opposition",
                9,
            ),
            (
                "bk:Prospect-BiH-NATO",
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
        "prospect=bk:Prospect-Serbia-EuroAtlantic",
        "prospect fact role holder stanceKind sentenceNumber",
        [
            (
                "bk:Prospect-Serbia-EuroAtlantic",
                "bk:stance-serbian-leaders-discredit",
                "bkg:target",
                "bk:SerbianLocalLeaders",
                "bkg:Discrediting",
                13,
            ),
            (
                "bk:Prospect-Serbia-EuroAtlantic",
                "bk:stance-russia-discredit",
                "bkg:target",
                "bk:Russia",
                "bkg:Discrediting",
                13,
            ),
        ],
    ),
    case(
        "posts",
        "person=bk:Stoltenberg",
        "person post org former sentenceNumber",
        [("bk:Stoltenberg", "bk:NATOSecretaryGeneral", "bk:NATO", True, 16)],
        "S16 'former NATO SG Stoltenberg'",
    ),
    case(
        "armed-forces",
        "force=bk:KosovoSecurityForce",
        "force state via armament manning initialStage year",
        [
            (
                "bk:KosovoSecurityForce",
                "bk:Kosovo",
                "bk:profile-ksf-initial",
                "bkg:LightlyArmed",
                "bkg:Volunteer",
                True,
                None,
            ),
            (
                "bk:KosovoSecurityForce",
                "bk:Kosovo",
                "bk:KSFTransformationDecision2018",
                "bkg:FullyArmed",
                None,
                None,
                2018,
            ),
        ],
        "S15 'an initially light-armed volunteer force'; S16 the 2018 decision to make it "
        "a fully armed force",
    ),
    case(
        "qualified-facts",
        "kind=bkg:Assessment",
        "fact qualifier timeframe ongoing",
        QUALIFIED_ASSESSMENTS,
    ),
    case("qualified-facts", "kind=bkg:Fact", "fact qualifier timeframe ongoing", QUALIFIED_FACTS),
    # CQ4/CQ5 ------------------------------------------------------------------------
    case(
        "region-countries",
        "region=bk:WesternBalkans",
        "region statedCount state sentenceNumber",
        [
            ("bk:WesternBalkans", 6, "bk:Albania", 3),
            ("bk:WesternBalkans", 6, "bk:Montenegro", 3),
            ("bk:WesternBalkans", 6, "bk:NorthMacedonia", 3),
            ("bk:WesternBalkans", 6, "bk:Kosovo", 6),
            ("bk:WesternBalkans", 6, "bk:BosniaAndHerzegovina", 6),
            ("bk:WesternBalkans", 6, "bk:Serbia", 6),
        ],
        "S3 '3 out of the 6 Western Balkan countries' + S6 'the three non-member countries "
        "in the region'",
    ),
    case(
        "state-classes",
        "class=bkg:NATOMemberState",
        "class state",
        [("bkg:NATOMemberState", row[0]) for row in S3_MEMBERS + S4_MEMBERS],
    ),
    case(
        "state-classes",
        "class=bkg:WesternBalkanState",
        "class state",
        [("bkg:WesternBalkanState", row[0]) for row in WB_NOT_IN_EU],
    ),
    # CQ25-CQ29 ----------------------------------------------------------------------
    case(
        "provenance",
        "term=bk:membership-albania-nato",
        "fact sentence sentenceText quote begin end kind",
        [
            (
                "bk:membership-albania-nato",
                "bk:S3",
                S3,
                "managed to become full NATO allies in the past decades: Albania (2009)",
                288,
                358,
                "evidence",
            )
        ],
    ),
    case(
        "provenance",
        "term=bk:Stoltenberg",
        "fact sentence sentenceText quote begin end kind",
        [
            (
                "bk:stance-stoltenberg-scepticism",
                "bk:S16",
                S16,
                "Kosovo\u2019s 2018 decision to transform the KSF into a fully armed force "
                "was met with scepticism from former NATO SG Stoltenberg",
                1922,
                2046,
                "evidence",
            ),
            (
                "bk:post-stoltenberg-sg",
                "bk:S16",
                S16,
                "former NATO SG Stoltenberg",
                2020,
                2046,
                "evidence",
            ),
            (None, "bk:S16", S16, "Stoltenberg", 2035, 2046, "mention"),
        ],
        "two facts of S16 name Stoltenberg, who is mentioned once",
    ),
    case(
        "provenance",
        "term=bk:Albania",
        "fact sentence quote begin end kind",
        [
            (
                "bk:motivation-military-advancement",
                "bk:S3",
                "Seeking military advancement",
                180,
                208,
                "evidence",
            ),
            (
                "bk:motivation-protection-from-russia",
                "bk:S3",
                "Seeking military advancement and protection from Russian influence",
                180,
                246,
                "evidence",
            ),
            (
                "bk:region-albania",
                "bk:S3",
                "3 out of the 6 Western Balkan countries managed to become full NATO allies "
                "in the past decades: Albania",
                248,
                351,
                "evidence",
            ),
            (
                "bk:membership-albania-nato",
                "bk:S3",
                "managed to become full NATO allies in the past decades: Albania (2009)",
                288,
                358,
                "evidence",
            ),
            (None, "bk:S3", "Albania", 344, 351, "mention"),
        ],
        "S3 only; the external accession date and Wikidata link have no sentence",
    ),
    case(
        "facts-about",
        "entity=bk:Kosovo includeExternal=false",
        "fact role sentenceNumber source",
        [
            ("bk:relation-nato-kosovo-cooperation", "bkg:secondParty", 6, None),
            ("bk:nonmembership-kosovo-nato", "bkg:about", 6, None),
            ("bk:region-kosovo", "bkg:about", 6, None),
            ("bk:stance-kosovo-aspiration", "bkg:holder", 14, None),
            ("bk:stance-four-members-non-recognition", "bkg:target", 14, None),
            ("bk:stance-nato-unwilling-kosovo", "bkg:target", 14, None),
            ("bk:relation-nato-kosovo-maintained", "bkg:secondParty", 15, None),
            ("bk:relation-kosovo-serbia-tensions", "bkg:firstParty", 17, None),
            ("bk:assessment-kosovo-security-consumer", "bkg:about", 17, None),
        ],
        "S6, S14, S15, S17; S16 is about Kosovo's decision, not Kosovo",
    ),
    case(
        "facts-about",
        "entity=bk:UnitedStates",
        "fact role sentenceNumber source",
        [
            ("bk:stance-us-welcome", "bkg:holder", 16, None),
            ("bk:wikidata-UnitedStates", "bkg:about", None, "https://www.wikidata.org/wiki/Q30"),
        ],
    ),
    case(
        "facts-in-sentence",
        "number=14",
        "sentence sentenceNumber fact kind",
        [
            ("bk:S14", 14, "bk:stance-kosovo-aspiration", "bkg:Stance"),
            ("bk:S14", 14, "bk:stance-four-members-non-recognition", "bkg:Stance"),
            ("bk:S14", 14, "bk:stance-nato-unwilling-kosovo", "bkg:Stance"),
        ],
        "S14: Kosovo hopes to join, NATO unwilling, due to non-recognition by four members",
    ),
    case(
        "facts-in-sentence",
        "sentence=bk:S4",
        "sentence sentenceNumber fact kind",
        [
            ("bk:S4", 4, f"bk:membership-{state}-{org}", "bkg:Membership")
            for state in ("croatia", "slovenia")
            for org in ("nato", "eu")
        ],
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
        ],
        "'the move' refers back to the decision",
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
        "fact kind subject source",
        [
            (f"bk:accession-{slug}-nato", "bkg:AccessionDate", f"bk:{state}", NATO_MEMBERS_PAGE)
            for slug, state in (
                ("albania", "Albania"),
                ("croatia", "Croatia"),
                ("montenegro", "Montenegro"),
                ("north-macedonia", "NorthMacedonia"),
                ("slovenia", "Slovenia"),
            )
        ]
        + [
            (f"bk:accession-{slug}-eu", "bkg:AccessionDate", f"bk:{state}", EU_COUNTRIES_PAGE)
            for slug, state in (("croatia", "Croatia"), ("slovenia", "Slovenia"))
        ],
    ),
    case(
        "external-facts",
        "subject=bk:Kosovo",
        "fact kind subject source",
        [
            (
                "bk:wikidata-Kosovo",
                "bkg:IdentityLink",
                "bk:Kosovo",
                "https://www.wikidata.org/wiki/Q1246",
            )
        ],
        "the KFOR location fact is about KFOR, not Kosovo",
    ),
    case(
        "external-facts",
        "fact=bk:accession-albania-nato",
        "fact kind subject source",
        [
            (
                "bk:accession-albania-nato",
                "bkg:AccessionDate",
                "bk:Albania",
                NATO_MEMBERS_PAGE,
            )
        ],
        "one fact: Albania's exact NATO accession date, from NATO's list of members",
    ),
    case(
        "wikidata-links",
        "entity=bk:Kosovo",
        "entity wikidata source",
        [("bk:Kosovo", "wd:Q1246", "https://www.wikidata.org/wiki/Q1246")],
    ),
    case(
        "wikidata-links",
        "entity=bk:KFOR",
        "entity wikidata source",
        [],
        "KFOR is left unlinked on purpose",
    ),
    case(
        "accession-dates",
        "org=bk:NATO",
        "state org date textYear yearAgrees",
        ACCESSIONS_NATO,
        "every external date falls in the year the text gives",
    ),
    case(
        "accession-dates",
        "state=bk:Slovenia",
        "state org date textYear yearAgrees",
        [ACCESSIONS_NATO[0], ("bk:Slovenia", "bk:EU", dt.date(2004, 5, 1), None, None)],
        "S4 gives no year for the EU membership",
    ),
    case(
        "find-entity",
        "name=bih",
        "entity matched",
        [("bk:BosniaAndHerzegovina", "BiH")],
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
        expand("bk:Albania"),
        expand("bk:Croatia"),
        expand("bk:Slovenia"),
    }
    assert all(isinstance(row["startYear"], int) for row in rows)


def test_as_of_excludes_memberships_without_a_year(kg: KnowledgeGraph) -> None:
    rows = kg.query("members-since", org="bk:EU").rows
    assert len(rows) == 2 and all(row["startYear"] is None for row in rows)
    assert kg.query("members-since", org="bk:EU", asOf=2030).rows == []


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
    assert all(type(r["date"]) is dt.date and type(r["yearAgrees"]) is bool for r in dates)
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
        assert row["sentence"] is not None and row["kind"] in ("evidence", "mention")
        assert str(row["quote"]) in str(row["sentenceText"])


def test_external_fact_has_no_text_provenance(kg: KnowledgeGraph) -> None:
    assert kg.query("provenance", term="bk:accession-albania-nato").rows == []
    assert kg.query("provenance", term="bk:Greece").rows == []


def test_external_fact_provenance_is_its_source(kg: KnowledgeGraph) -> None:
    assert kg.external_sources("bk:accession-albania-nato") == [
        (expand("bk:accession-albania-nato"), NATO_MEMBERS_PAGE)
    ]
    assert kg.external_sources("bk:Greece") == [
        (expand("bk:wikidata-Greece"), "https://www.wikidata.org/wiki/Q41")
    ]
    assert kg.external_sources("bk:Stoltenberg") == []


def test_provenance_helper_uses_the_canned_query(kg: KnowledgeGraph) -> None:
    found = kg.provenance("bk:membership-north-macedonia-nato")
    assert [(p.sentence, p.quote, p.begin, p.end) for p in found] == [
        (expand("bk:S3"), "North Macedonia (2020)", 383, 405)
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
