"""Synthetic balkan-kg data of any size, valid against ``ontology/shapes.ttl``.

A generated graph is a sequence of *reports*. Each report is what ``data/`` is for the
real excerpt: a NIF context whose text is made of generated sentences, one
``nif:Sentence`` per sentence with its offsets, evidence spans and entity mentions
(``nif:Phrase``) with the exact quoted text, one fact node per sentence (region
inclusion, membership, non-membership, programme participation, mission deployment,
stance, bilateral relation, support; in about the proportions of ``data/facts.ttl``),
the entities the sentences name (states, an organisation, a region, a programme, a
mission; each defined where it is first mentioned, so every entity is traced to a
span) and external facts (accession dates and Wikidata links, typed
``bkg:ExternalFact`` with a ``dct:source``). Memberships often name ``bk:NATO`` or
``bk:EU`` and region inclusions ``bk:WesternBalkans``, so the ontology's defined
classes (``bkg:NATOMemberState`` ...) have members to classify.

The output holds data only (no ontology), as ``data/*.ttl`` does, in N-Triples. The
same ``size`` and ``seed`` always give the same bytes. Generation stops at the first
sentence boundary at or after ``size`` triples, so the count is within a few triples
of the target.

Injected violations: ``violations`` facts or entities (default 10, fewer if the graph
is too small to hold them) are broken in one of three ways, each breaking exactly one
constraint of one shape: the period of a membership whose ``bkg:beginYear`` is an
``xsd:integer`` instead of an ``xsd:gYear`` (``shape:PeriodShape``), a state without
``rdfs:label`` (``shape:EntityShape``) and a bilateral relation whose quality is not
one of the allowed ones (``shape:BilateralRelationShape``). The broken nodes are
listed in the metadata written next to the data (``<file>.json``).

Usage::

    python -m bench.generate --size 10000 --seed 1 --out /tmp/g.nt
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from balkan_kg.rdfio.atomic import write_text_atomic

BK = "https://w3id.org/balkan-kg/id/"
BKG = "https://w3id.org/balkan-kg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT_SOURCE = "http://purl.org/dc/terms/source"
ITS_IDENT = "http://www.w3.org/2005/11/its/rdf#taIdentRef"
WD = "http://www.wikidata.org/entity/"
SHAPES = "https://w3id.org/balkan-kg/shapes#"

NATO, EU, WESTERN_BALKANS = BK + "NATO", BK + "EU", BK + "WesternBalkans"

STANCE_KINDS = (
    ("Favourable", "favours"),
    ("Unfavourable", "opposes"),
    ("Scepticism", "is sceptical of"),
    ("Welcome", "welcomes"),
    ("Recognition", "recognises"),
    ("NegativeSentiment", "has negative sentiments towards"),
)
RELATION_QUALITIES = ("Cooperation", "Maintained", "Contentious", "Tensions", "Standoff")
BAD_QUALITY = BKG + "Friendship"
"""Not one of the qualities allowed by shape:BilateralRelationShape."""

# Sentence kinds and their weights, close to the fact kinds of data/facts.ttl.
KINDS = (
    ("membership", 7),
    ("non_membership", 3),
    ("programme", 5),
    ("mission", 3),
    ("stance", 11),
    ("relation", 7),
    ("support", 2),
)
VIOLATION_KINDS = ("membership-year", "state-label", "relation-quality")
SYLLABLES = (
    "ar",
    "bel",
    "cor",
    "dan",
    "el",
    "fir",
    "gor",
    "hal",
    "is",
    "jor",
    "kel",
    "lun",
    "mor",
    "nav",
    "or",
    "pel",
    "ros",
    "sal",
    "tor",
    "ul",
    "var",
    "zen",
)


@dataclass
class Violation:
    """One injected violation: the node, the property and the shape it breaks."""

    kind: str
    focus: str
    path: str
    shape: str


@dataclass
class Generated:
    """A generated graph: N-Triples lines and the violations injected into it."""

    lines: list[str]
    violations: list[Violation] = field(default_factory=list)
    reports: int = 0

    @property
    def triples(self) -> int:
        """The number of triples (lines are unique)."""
        return len(self.lines)

    def text(self) -> str:
        """The N-Triples document."""
        return "".join(self.lines)


def _iri(value: str) -> str:
    return f"<{value}>"


def _literal(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class _Report:
    """One generated report (a NIF context) and everything stated in it."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.number = number
        self.rng = rng
        self.base = f"{BK}gen/r{number}/"
        self.context = self.base + "text"
        self.sentences: list[str] = []
        self.triples: list[tuple[str, str, str]] = []
        self.defined: set[str] = set()
        self.labels: dict[str, str] = {}
        self.offset = 0
        self.states = [self._state_name(i) for i in range(rng.randint(5, 9))]
        self.org = f"{self._word(2).capitalize()} Pact"
        self.region = f"{self._word(2).capitalize()} Basin"
        self.programme = f"{self._word(2).capitalize()} Partnership"
        self.mission = f"{self._word(1).upper()}FOR"
        self.memberships: list[str] = []
        self.org_status: set[tuple[str, str]] = set()
        self.relations: list[str] = []
        self.state_iris: list[str] = []

    def _word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def _state_name(self, index: int) -> str:
        return f"{self._word(2).capitalize()}ia {index + 1}"

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append((s, p, o))

    # -- entities, defined where first mentioned ------------------------------------

    def entity(self, kind: str, name: str) -> str:
        """The IRI of a report entity, with its class and label on first use."""
        shared = {"NATO": NATO, "the EU": EU, "the Western Balkans": WESTERN_BALKANS}
        if name in shared:
            return shared[name]
        iri = self.base + name.replace(" ", "")
        if iri not in self.defined:
            self.defined.add(iri)
            self.add(_iri(iri), _iri(RDF_TYPE), _iri(BKG + kind))
            self.add(_iri(iri), _iri(RDFS_LABEL), _literal(name, lang="en"))
            if kind == "State":
                self.state_iris.append(iri)
        return iri

    # -- sentences -------------------------------------------------------------------

    def sentence(self, kind: str) -> None:
        """Write one sentence of ``kind`` with its spans and its fact."""
        rng = self.rng
        state = rng.choice(self.states)
        other = rng.choice([s for s in self.states if s != state])
        org_name = rng.choice(["NATO", "NATO", "the EU", self.org])
        org_kind = "Alliance" if org_name == self.org else None
        extra: dict[str, str] = {}
        if kind in ("membership", "non_membership"):
            # A state is a member of an organisation or not, never both, and once.
            free = [
                (s, o)
                for s in self.states
                for o in ("NATO", "the EU", self.org)
                if (s, o) not in self.org_status
            ]
            if not free:
                kind = "stance"
            else:
                state, org_name = rng.choice(free)
                org_kind = "Alliance" if org_name == self.org else None
                self.org_status.add((state, org_name))
        if kind == "region":
            region = rng.choice(["the Western Balkans", "the Western Balkans", self.region])
            parts = [(state, "State"), " is one of the countries of ", (region, "Region"), "."]
            fact = ("RegionInclusion", f"{state} is in {region}")
            props = [("about", 0), ("region", 2)]
        elif kind == "membership":
            year = str(rng.randint(1949, 2024))
            extra["year"] = year
            parts = [(state, "State"), " joined ", (org_name, org_kind), f" in {year}."]
            fact = ("Membership", f"{state} is a member of {org_name} since {year}")
            props = [("member", 0), (ORG + "organization", 2)]
        elif kind == "non_membership":
            year = str(rng.randint(1949, 2024))
            extra["year"] = year
            parts = [(state, "State"), " is not a member of ", (org_name, org_kind), f" in {year}."]
            fact = ("NonMembership", f"{state} is not a member of {org_name}")
            props = [("about", 0), ("outsideOf", 2)]
        elif kind == "programme":
            parts = [
                (state, "State"),
                " takes part in the ",
                (self.programme, "PartnershipProgramme"),
                " with ",
                ("NATO", None),
                ".",
            ]
            fact = ("ProgrammeParticipation", f"{state} takes part in the {self.programme}")
            props = [("about", 0), ("programme", 2), ("counterpart", 4)]
        elif kind == "mission":
            parts = [
                ("NATO", None),
                " leads the ",
                (self.mission, "MilitaryMission"),
                " mission in ",
                (state, "State"),
                ".",
            ]
            fact = ("MissionDeployment", f"NATO leads {self.mission} in {state}")
            props = [("ledBy", 0), ("about", 2), ("deployedIn", 4)]
        elif kind == "stance":
            stance, verb = rng.choice(STANCE_KINDS)
            extra["stance"] = stance
            target = rng.choice([(other, "State"), (org_name, org_kind)])
            parts = [(state, "State"), f" {verb} ", target, "."]
            fact = ("Stance", f"{state} {verb} {target[0]}")
            props = [("holder", 0), ("target", 2)]
        elif kind == "relation":
            quality = rng.choice(RELATION_QUALITIES)
            extra["quality"] = quality
            parts = [
                "Relations between ",
                (state, "State"),
                " and ",
                (other, "State"),
                f" are marked by {quality.lower()}.",
            ]
            fact = ("BilateralRelation", f"{quality} between {state} and {other}")
            props = [("firstParty", 1), ("secondParty", 3)]
        else:  # support
            parts = [
                (org_name, org_kind),
                " supports the ",
                (self.mission, "MilitaryMission"),
                " mission.",
            ]
            fact = ("Support", f"{org_name} supports {self.mission}")
            props = [("about", 0), ("supported", 2)]
        self._write_sentence(parts, fact, props, extra)

    def _write_sentence(
        self,
        parts: list[str | tuple[str, str | None]],
        fact: tuple[str, str],
        props: list[tuple[str, int]],
        extra: dict[str, str],
    ) -> None:
        number = len(self.sentences) + 1
        sentence_iri = f"{self.base}S{number}"
        begin = self.offset + (1 if self.sentences else 0)
        text, cursor, mentions = "", begin, []
        for part in parts:
            if isinstance(part, tuple):
                name, kind = part
                iri = self.entity(kind or ("Union" if name == "the EU" else "Alliance"), name)
                mentions.append((cursor, cursor + len(name), name, iri))
                text += name
                cursor += len(name)
            else:
                text += part
                cursor += len(part)
        end = begin + len(text)
        self.sentences.append(text)
        self.offset = end
        s = _iri(sentence_iri)
        self.add(s, _iri(RDF_TYPE), _iri(NIF + "Sentence"))
        self.add(s, _iri(RDFS_LABEL), _literal(f"S{number}"))
        self.add(s, _iri(BKG + "sentenceNumber"), _literal(str(number), XSD + "positiveInteger"))
        self._string(s, begin, end, text)
        if number > 1:
            self.add(_iri(f"{self.base}S{number - 1}"), _iri(NIF + "nextSentence"), s)
        evidence = self._span(begin, end - 1, text[:-1], sentence_iri)
        entity_iris = []
        for m_begin, m_end, name, iri in mentions:
            span = self._span(m_begin, m_end, name, sentence_iri)
            self.add(_iri(span), _iri(ITS_IDENT), _iri(iri))
            entity_iris.append(iri)
        fact_kind, label = fact
        fact_iri = f"{self.base}fact{number}"
        f = _iri(fact_iri)
        self.add(f, _iri(RDF_TYPE), _iri(BKG + fact_kind))
        self.add(f, _iri(RDFS_LABEL), _literal(label, lang="en"))
        self.add(f, _iri(BKG + "statedIn"), s)
        self.add(f, _iri(BKG + "evidence"), _iri(evidence))
        part_index = [i for i, part in enumerate(parts) if isinstance(part, tuple)]
        for prop, position in props:
            iri = entity_iris[part_index.index(position)]
            predicate = prop if "://" in prop else BKG + prop
            self.add(f, _iri(predicate), _iri(iri))
        if fact_kind == "Membership":
            year = extra["year"]
            period = self._period(fact_iri, "memberDuring", year)
            self.memberships.append(period)
            if self.rng.random() < 0.5:
                self._accession(fact_iri, int(year))
        elif fact_kind == "NonMembership":
            self._period(fact_iri, "validDuring", extra["year"], end=True)
        elif fact_kind == "Stance":
            self.add(f, _iri(BKG + "stanceKind"), _iri(BKG + extra["stance"]))
        elif fact_kind == "BilateralRelation":
            self.add(f, _iri(BKG + "relationQuality"), _iri(BKG + extra["quality"]))
            self.relations.append(fact_iri)
        elif fact_kind == "Support":
            self.add(f, _iri(BKG + "supportKind"), _iri(BKG + "MissionSupport"))

    def _string(self, node: str, begin: int, end: int, text: str) -> None:
        nni = XSD + "nonNegativeInteger"
        self.add(node, _iri(NIF + "referenceContext"), _iri(self.context))
        self.add(node, _iri(NIF + "beginIndex"), _literal(str(begin), nni))
        self.add(node, _iri(NIF + "endIndex"), _literal(str(end), nni))
        self.add(node, _iri(NIF + "anchorOf"), _literal(text))

    def _span(self, begin: int, end: int, text: str, sentence: str) -> str:
        iri = f"{self.context}#char={begin},{end}"
        node = _iri(iri)
        self.add(node, _iri(RDF_TYPE), _iri(NIF + "Phrase"))
        self.add(node, _iri(NIF + "sentence"), _iri(sentence))
        self._string(node, begin, end, text)
        return iri

    def _period(self, fact: str, prop: str, year: str, end: bool = False) -> str:
        """The period of ``fact`` (``bkg:validDuring`` or ``bkg:memberDuring``): from
        ``year``, or only within ``year`` when ``end``."""
        period = f"{fact}-period"
        self.add(_iri(fact), _iri(BKG + prop), _iri(period))
        self.add(_iri(period), _iri(RDF_TYPE), _iri(BKG + "Period"))
        self.add(_iri(period), _iri(BKG + "beginYear"), _literal(year, XSD + "gYear"))
        if end:
            self.add(_iri(period), _iri(BKG + "endYear"), _literal(year, XSD + "gYear"))
        return period

    def _accession(self, membership: str, year: int) -> None:
        source = _iri(f"https://example.org/accessions/{year}")
        event = _iri(f"{membership}-accession")
        self.add(event, _iri(RDF_TYPE), _iri(BKG + "Accession"))
        self.add(event, _iri(RDFS_LABEL), _literal("accession", lang="en"))
        self.add(event, _iri(DCT_SOURCE), source)
        fact = _iri(f"{membership}-accession-date")
        self.add(fact, _iri(RDF_TYPE), _iri(BKG + "AccessionDate"))
        self.add(fact, _iri(RDF_TYPE), _iri(BKG + "ExternalFact"))
        self.add(fact, _iri(RDFS_LABEL), _literal("accession date", lang="en"))
        self.add(fact, _iri(BKG + "about"), event)
        self.add(fact, _iri(BKG + "startOf"), _iri(membership))
        day = f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        self.add(fact, _iri(BKG + "date"), _literal(day, XSD + "date"))
        self.add(fact, _iri(DCT_SOURCE), source)
        self.add(fact, _iri(BKG + "retrieved"), _literal("2026-12-06", XSD + "date"))

    def close(self) -> list[tuple[str, str, str]]:
        """The report's triples, with its context and identity links."""
        text = " ".join(self.sentences)
        c = _iri(self.context)
        nni = XSD + "nonNegativeInteger"
        self.add(c, _iri(RDF_TYPE), _iri(NIF + "Context"))
        self.add(c, _iri(RDFS_LABEL), _literal(f"generated report {self.number}", lang="en"))
        self.add(c, _iri(NIF + "beginIndex"), _literal("0", nni))
        self.add(c, _iri(NIF + "endIndex"), _literal(str(len(text)), nni))
        self.add(c, _iri(NIF + "isString"), _literal(text))
        for index, state in enumerate(self.state_iris[:3]):
            link = _iri(f"{state}-wikidata")
            qid = f"Q{900000 + self.number * 10 + index}"
            self.add(link, _iri(RDF_TYPE), _iri(BKG + "IdentityLink"))
            self.add(link, _iri(RDF_TYPE), _iri(BKG + "ExternalFact"))
            self.add(link, _iri(RDFS_LABEL), _literal(f"Wikidata item {qid}", lang="en"))
            self.add(link, _iri(BKG + "about"), _iri(state))
            self.add(link, _iri(BKG + "matchTarget"), _iri(WD + qid))
            self.add(link, _iri(DCT_SOURCE), _iri(f"https://www.wikidata.org/wiki/{qid}"))
            self.add(link, _iri(BKG + "retrieved"), _literal("2026-12-06", XSD + "date"))
        return self.triples


def _shared() -> list[tuple[str, str, str]]:
    """The entities every report may name: NATO, the EU and the Western Balkans."""
    triples = []
    for iri, kind, label in (
        (NATO, "Alliance", "NATO"),
        (EU, "Union", "European Union"),
        (WESTERN_BALKANS, "Region", "Western Balkans"),
    ):
        triples.append((_iri(iri), _iri(RDF_TYPE), _iri(BKG + kind)))
        triples.append((_iri(iri), _iri(RDFS_LABEL), _literal(label, lang="en")))
        triples.append((_iri(iri), _iri(DCT_SOURCE), _iri("https://example.org/shared")))
    return triples


def _kinds(rng: random.Random) -> Iterator[str]:
    names = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    while True:
        yield rng.choices(names, weights)[0]


def generate(size: int, seed: int = 0, violations: int | None = 10) -> Generated:
    """A graph of about ``size`` triples (at least ``size``), deterministic by ``seed``.

    ``violations`` (default 10; ``None`` or 0 for none) is how many violations to
    inject (see the module docstring); fewer are injected if the graph has too few
    memberships, states or relations to break.
    """
    rng = random.Random(seed)
    reports: list[_Report] = []
    count = len(_shared())
    kinds = _kinds(rng)
    while count < size:
        report = _Report(len(reports) + 1, rng)
        reports.append(report)
        before = 0
        plan = ["region"] * len(report.states)
        plan += [next(kinds) for _ in range(rng.randint(8, 20))]
        for kind in plan:
            report.sentence(kind)
            count += len(report.triples) - before
            before = len(report.triples)
            if count >= size:
                break
        report.close()
        count += len(report.triples) - before
    triples = _shared()
    for report in reports:
        triples.extend(report.triples)
    injected = _inject(triples, reports, violations or 0, rng)
    lines = list(dict.fromkeys(f"{s} {p} {o} .\n" for s, p, o in triples))
    return Generated(lines, injected, len(reports))


def _inject(
    triples: list[tuple[str, str, str]], reports: list[_Report], wanted: int, rng: random.Random
) -> list[Violation]:
    candidates = {
        "membership-year": [m for r in reports for m in r.memberships],
        "state-label": [s for r in reports for s in r.state_iris],
        "relation-quality": [x for r in reports for x in r.relations],
    }
    chosen: dict[str, list[str]] = {kind: [] for kind in VIOLATION_KINDS}
    for index in range(wanted):
        kind = VIOLATION_KINDS[index % len(VIOLATION_KINDS)]
        pool = [c for c in candidates[kind] if c not in chosen[kind]]
        if pool:
            chosen[kind].append(rng.choice(pool))
    targets = {(kind, _iri(node)) for kind, nodes in chosen.items() for node in nodes}
    year_p, label_p = _iri(BKG + "beginYear"), _iri(RDFS_LABEL)
    quality_p = _iri(BKG + "relationQuality")
    for i, (s, p, o) in enumerate(triples):
        if p == year_p and ("membership-year", s) in targets:
            year = o.split('"')[1]
            triples[i] = (s, p, _literal(year, XSD + "integer"))
        elif p == label_p and ("state-label", s) in targets:
            triples[i] = ("", "", "")
        elif p == quality_p and ("relation-quality", s) in targets:
            triples[i] = (s, p, _iri(BAD_QUALITY))
    triples[:] = [t for t in triples if t[0]]
    shapes = {
        "membership-year": (BKG + "beginYear", SHAPES + "PeriodShape"),
        "state-label": (RDFS_LABEL, SHAPES + "EntityShape"),
        "relation-quality": (BKG + "relationQuality", SHAPES + "BilateralRelationShape"),
    }
    return [
        Violation(kind, node, *shapes[kind])
        for kind in VIOLATION_KINDS
        for node in sorted(chosen[kind])
    ]


def write(generated: Generated, path: Path, size: int, seed: int) -> Path:
    """Write the N-Triples to ``path`` and the metadata to ``path`` + ``.json``.

    Both are written atomically, the metadata last: the benchmark reuses a graph only
    when both files exist, so an interrupted run never leaves a half-written graph.
    """
    write_text_atomic(path, generated.text())
    meta = {
        "size": size,
        "seed": seed,
        "triples": generated.triples,
        "reports": generated.reports,
        "violations": [v.__dict__ for v in generated.violations],
    }
    meta_path = path.with_name(path.name + ".json")
    write_text_atomic(meta_path, json.dumps(meta, indent=2) + "\n")
    return meta_path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.generate --size N [--seed S] --out FILE``."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--size", type=float, required=True, help="target triples, e.g. 1e5")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--violations", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    args = parser.parse_args(argv)
    size = int(args.size)
    generated = generate(size, args.seed, args.violations)
    write(generated, args.out, size, args.seed)
    print(f"{args.out}: {generated.triples} triples, {len(generated.violations)} violations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
