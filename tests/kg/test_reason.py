"""OWL 2 RL reasoning (``balkan_kg.kg.reason``): the inferences queries rely on, consistency.

Each inference test is named after the OWL 2 RL/RDF rule (W3C OWL 2 Profiles, section
4.3) that produces the triple, says in its docstring which canned query relies on it,
and asserts that the triple is *not* asserted but *is* in the inferred graph. Expected
triples come from reading the source text (data/source/report-excerpt.txt) and the
readings documented in the header of data/facts.ttl.

The closure is computed once per module for two inputs: the ontology with all data
("with-external") and the ontology with the text's data only ("text-only", no
data/external/). Text-based inferences must hold in both. The inferred graph is the full
owlrl closure minus the asserted triples minus what :func:`balkan_kg.kg.reason.is_noise`
drops, which is exactly what :func:`balkan_kg.kg.reason.infer` returns (checked on a small
graph below, so the big closure is computed only once).

Consistency is checked independently of :func:`balkan_kg.kg.reason.inconsistencies` (which
is checked as well), and mutation tests on small graphs (ontology plus a few triples)
show that each kind of inconsistency *is* detected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from balkan_kg.kg.reason import (
    DEFAULT_REASONER,
    OWLRL_ERROR_NS,
    REASONERS,
    closure,
    inconsistencies,
    infer,
    is_noise,
    reason,
)
from balkan_kg.layout import Layout
from balkan_kg.rdfio.parse import parse_files

REPO = Path(__file__).resolve().parents[2]
LAYOUT = Layout(REPO)

BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
BK = Namespace("https://w3id.org/balkan-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
WD = Namespace("http://www.wikidata.org/entity/")
ERR = Namespace(OWLRL_ERROR_NS)

PREFIXES = """\
@prefix bkg:  <https://w3id.org/balkan-kg/ontology#> .
@prefix bk:   <https://w3id.org/balkan-kg/id/> .
@prefix nif:  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix dct:  <http://purl.org/dc/terms/> .
"""

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Reasoned:
    """One reasoning run: what was asserted, the full closure, and the inferred triples."""

    name: str
    asserted: Graph
    full: Graph
    inferred: Graph


def reasoned(name: str, asserted: Graph) -> Reasoned:
    """Reason over ``asserted`` once; ``inferred`` is what ``infer(asserted)`` returns."""
    full = closure(asserted)
    inferred = Graph()
    for triple in full:
        if triple not in asserted and not is_noise(triple):
            inferred.add(triple)
    return Reasoned(name, asserted, full, inferred)


@pytest.fixture(scope="module", params=["with-external", "text-only"])
def kg(request: pytest.FixtureRequest) -> Reasoned:
    """The project reasoned over, with and without data/external/ (each computed once)."""
    include_external = request.param == "with-external"
    asserted = parse_files(LAYOUT.source_files(include_external=include_external))
    return reasoned(request.param, asserted)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The ontology alone, for the small graphs of the mutation tests."""
    return parse_files([LAYOUT.ontology])


def small_graph(ontology: Graph, turtle: str) -> Graph:
    """The ontology plus a few triples, small enough for owlrl to be quick."""
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    graph.parse(data=PREFIXES + turtle, format="turtle")
    return graph


def assert_inferred(kg: Reasoned, triple: Triple) -> None:
    """``triple`` is not asserted but is among the inferred triples."""
    shown = " ".join(term.n3(kg.full.namespace_manager) for term in triple)
    assert triple not in kg.asserted, f"{shown} is asserted, so this test proves nothing"
    assert triple in kg.inferred, f"{shown} was not inferred ({kg.name})"


# ---------------------------------------------------------------------------------------
# Named inferences
# ---------------------------------------------------------------------------------------


def test_prp_spo2_membership_chain_gives_org_memberOf(kg: Reasoned) -> None:
    """S3: Albania became a full NATO ally, a membership fact with bkg:member Albania and
    org:organization NATO. bkg:member is a sub-property of bkg:about (prp-spo1), whose
    inverse is bkg:subjectOf (prp-inv), so Albania bkg:subjectOf the fact; the chain
    bkg:subjectOf / org:organization gives Albania bkg:memberOf NATO (prp-spo2), and
    bkg:memberOf is a sub-property of org:memberOf (prp-spo1). Used by the query
    non-members-in-region (FILTER NOT EXISTS { ?state org:memberOf ?org })."""
    assert_inferred(kg, (BK.Albania, BKG.memberOf, BK.NATO))
    assert_inferred(kg, (BK.Albania, ORG.memberOf, BK.NATO))
    assert_inferred(kg, (BK.Slovenia, ORG.memberOf, BK.EU))


def test_prp_inv_subject_of_links_entity_to_fact(kg: Reasoned) -> None:
    """bkg:about owl:inverseOf bkg:subjectOf (prp-inv1): every fact about an entity is
    reachable from it. This is the first link of every shortcut chain; the provenance
    query finds the facts about an entity through the fact side instead."""
    assert_inferred(kg, (BK.Albania, BKG.subjectOf, BK["membership-albania-nato"]))
    assert_inferred(kg, (BK.Serbia, BKG.subjectOf, BK["stance-serbia-no-aspiration"]))


def test_prp_inv_has_member(kg: Reasoned) -> None:
    """bkg:memberOf owl:inverseOf bkg:hasMember (prp-inv1): from Montenegro bkg:memberOf
    NATO (S3) follows NATO bkg:hasMember Montenegro. No canned query uses it yet; it
    lets an ad hoc query start from the organisation."""
    assert_inferred(kg, (BK.NATO, BKG.hasMember, BK.Montenegro))


def test_prp_inv_has_participant(kg: Reasoned) -> None:
    """S7: Serbia takes part in the Partnership for Peace (chain bkg:subjectOf /
    bkg:programme, prp-spo2), and bkg:participatesIn owl:inverseOf bkg:hasParticipant
    (prp-inv1) gives the programme's side. Used by the query programmes (participant
    count via bkg:hasParticipant)."""
    assert_inferred(kg, (BK.Serbia, BKG.participatesIn, BK.PartnershipForPeace))
    assert_inferred(kg, (BK.PartnershipForPeace, BKG.hasParticipant, BK.Serbia))
    assert_inferred(
        kg, (BK["MembershipActionPlan-BiH"], BKG.hasParticipant, BK.BosniaAndHerzegovina)
    )


def test_prp_spo2_not_member_of(kg: Reasoned) -> None:
    """S6: Serbia is one of the three non-member countries. The chain bkg:subjectOf /
    bkg:outsideOf (prp-spo2) gives Serbia bkg:notMemberOf NATO. Used by the query
    non-members-in-region (its statedInText column)."""
    assert_inferred(kg, (BK.Serbia, BKG.notMemberOf, BK.NATO))
    assert_inferred(kg, (BK.Kosovo, BKG.notMemberOf, BK.NATO))


def test_prp_spo2_in_region(kg: Reasoned) -> None:
    """S6: Kosovo is one of the countries of the region (the Western Balkans). The chain
    bkg:subjectOf / bkg:region (prp-spo2) gives Kosovo bkg:inRegion bk:WesternBalkans.
    Used by the query non-members-in-region (?state bkg:inRegion ?region)."""
    assert_inferred(kg, (BK.Kosovo, BKG.inRegion, BK.WesternBalkans))
    assert_inferred(kg, (BK.Albania, BKG.inRegion, BK.WesternBalkans))


def test_prp_symp_relation_is_symmetric(kg: Reasoned) -> None:
    """S1: the NATO-Russia standoff is a relation fact with NATO as first and Russia as
    second party. The chain bkg:firstPartyOf / bkg:secondParty (prp-spo2, after prp-inv1
    for bkg:firstPartyOf) gives NATO bkg:hasRelationWith Russia, and because
    bkg:hasRelationWith is symmetric (prp-symp) also Russia bkg:hasRelationWith NATO.
    This is the symmetric reading the query relations-between documents (the query
    itself matches both orientations of the relation fact)."""
    assert_inferred(kg, (BK.NATO, BKG.hasRelationWith, BK.Russia))
    assert_inferred(kg, (BK.Russia, BKG.hasRelationWith, BK.NATO))
    assert_inferred(kg, (BK.Serbia, BKG.hasRelationWith, BK.Kosovo))


def test_prp_trp_mission_located_in_region(kg: Reasoned) -> None:
    """S10: EUFOR Althea is the EU's military mission in the country, Bosnia and
    Herzegovina; S6: Bosnia and Herzegovina is one of the region's countries. The chains
    give EUFOR Althea bkg:operatesIn Bosnia and Herzegovina and Bosnia and Herzegovina
    bkg:inRegion the Western Balkans; both are sub-properties of bkg:locatedIn (prp-spo1),
    which is transitive (prp-trp), so EUFOR Althea bkg:locatedIn the Western Balkans.
    No canned query uses bkg:locatedIn yet; it answers "which missions operate in the
    region" without a join over the region's countries."""
    assert_inferred(kg, (BK.EUFORAlthea, BKG.operatesIn, BK.BosniaAndHerzegovina))
    assert_inferred(kg, (BK.EUFORAlthea, BKG.locatedIn, BK.WesternBalkans))


def test_prp_spo2_mission_led_by(kg: Reasoned) -> None:
    """S18: KFOR is a NATO mission; S10: EUFOR Althea is the EU's mission. The chain
    bkg:subjectOf / bkg:ledBy (prp-spo2) gives bkg:missionLedBy, and its inverse
    bkg:leadsMission follows by prp-inv1. Used by the query missions
    (?mission bkg:missionLedBy ?leader)."""
    assert_inferred(kg, (BK.KFOR, BKG.missionLedBy, BK.NATO))
    assert_inferred(kg, (BK.EUFORAlthea, BKG.missionLedBy, BK.EU))
    assert_inferred(kg, (BK.NATO, BKG.leadsMission, BK.KFOR))


def test_prp_spo2_has_stance_towards(kg: Reasoned) -> None:
    """S12: Serbia does not aspire to join the Alliance, a stance directed at the prospect
    of Serbia's NATO membership. bkg:holder is a sub-property of bkg:about (prp-spo1), so
    Serbia bkg:subjectOf the stance (prp-inv1), and the chain bkg:subjectOf / bkg:target
    (prp-spo2) gives Serbia bkg:hasStanceTowards that prospect (S14: Kosovo towards its
    own). No canned query uses the shortcut (stances-towards reads the stance nodes)."""
    assert_inferred(kg, (BK.Serbia, BKG.hasStanceTowards, BK["Prospect-Serbia-NATO"]))
    assert_inferred(kg, (BK.Kosovo, BKG.hasStanceTowards, BK["Prospect-Kosovo-NATO"]))


def test_cls_hv_defined_class_nato_member_state(kg: Reasoned) -> None:
    """bkg:NATOMemberState is equivalent to State and (bkg:memberOf hasValue NATO). The
    states with a NATO membership fact get the restriction (cls-hv2), the intersection
    (cls-int1) and the class (cax-eqc). From S3 and S4 (read as NATO accession years):
    Albania, Montenegro, North Macedonia, Croatia and Slovenia; with the external facts
    also the four NATO members that do not recognise Kosovo (Greece, Romania, Slovakia,
    Spain). The three non-members of S6 are not members. Used by the query
    state-classes."""
    text_members = {BK.Albania, BK.Montenegro, BK.NorthMacedonia, BK.Croatia, BK.Slovenia}
    for state in text_members:
        assert_inferred(kg, (state, RDF.type, BKG.NATOMemberState))
    members = set(kg.full.subjects(RDF.type, BKG.NATOMemberState))
    if kg.name == "with-external":
        assert members == text_members | {BK.Greece, BK.Romania, BK.Slovakia, BK.Spain}
    else:
        assert members == text_members


def test_cls_hv_defined_classes_eu_member_and_western_balkan_state(kg: Reasoned) -> None:
    """S4 names Croatia and Slovenia as EU members: they, and only they, are
    bkg:EUMemberState. S3 and S6 name the six Western Balkan countries (Albania,
    Montenegro, North Macedonia; Kosovo, Bosnia and Herzegovina, Serbia): exactly they are
    bkg:WesternBalkanState (cls-hv2, cls-int1, cax-eqc). Used by the query state-classes."""
    assert_inferred(kg, (BK.Croatia, RDF.type, BKG.EUMemberState))
    assert set(kg.full.subjects(RDF.type, BKG.EUMemberState)) == {BK.Croatia, BK.Slovenia}
    assert_inferred(kg, (BK.Kosovo, RDF.type, BKG.WesternBalkanState))
    western_balkans = {
        BK.Albania,
        BK.Montenegro,
        BK.NorthMacedonia,
        BK.Kosovo,
        BK.BosniaAndHerzegovina,
        BK.Serbia,
    }
    assert set(kg.full.subjects(RDF.type, BKG.WesternBalkanState)) == western_balkans


def test_cax_sco_alliance_is_organisation(kg: Reasoned) -> None:
    """NATO is asserted to be a bkg:Alliance only. bkg:Alliance is a subclass of
    bkg:InternationalOrganisation, which is a subclass of org:Organization and bkg:Actor,
    itself a subclass of prov:Agent (cax-sco). Used by the query non-members-in-region
    (?org a bkg:InternationalOrganisation)."""
    for cls in (BKG.InternationalOrganisation, ORG.Organization, BKG.Actor, PROV.Agent):
        assert_inferred(kg, (BK.NATO, RDF.type, cls))


def test_cax_sco_membership_is_fact(kg: Reasoned) -> None:
    """Facts are asserted with their kind only (bkg:Membership, bkg:Stance ...); cax-sco
    makes them bkg:Fact (and a membership also org:Membership). Used by the query
    provenance (?term a bkg:Fact) and by facts-by-kind (?kind rdfs:subClassOf bkg:Fact)."""
    assert_inferred(kg, (BK["membership-albania-nato"], RDF.type, BKG.Fact))
    assert_inferred(kg, (BK["membership-albania-nato"], RDF.type, ORG.Membership))
    assert_inferred(kg, (BK.Stoltenberg, RDF.type, BKG.Entity))


def test_prp_spo1_statedIn_is_prov_wasDerivedFrom(kg: Reasoned) -> None:
    """bkg:statedIn (through bkg:restsOn) and bkg:evidence are sub-properties of
    prov:wasDerivedFrom (prp-spo1): the membership of Albania (S3) is derived from
    sentence S3 and from its evidence span "Albania (2009)", so PROV-aware tools see the
    provenance without knowing bkg:. No canned query uses the PROV form; the provenance
    query reads bkg:evidence directly."""
    fact = BK["membership-albania-nato"]
    assert_inferred(kg, (fact, PROV.wasDerivedFrom, BK.S3))
    span = URIRef("https://w3id.org/balkan-kg/id/report-excerpt#char=344,358")
    assert_inferred(kg, (fact, PROV.wasDerivedFrom, span))


def test_prp_spo2_rests_on_every_sentence_a_reading_joins(kg: Reasoned) -> None:
    """S7: "It has adopted a Partnership for Peace programme ... with the latter two",
    read with S6 ("The Alliance", "BiH, and Serbia"). Bosnia and Herzegovina's
    participation is stated in S7 and has S6's "BiH" among its evidence spans; the chain
    bkg:evidence / nif:sentence (prp-spo2) gives bkg:restsOn S7 and S6, so the fact cites
    every sentence it rests on. Used by the query readings and by provenance."""
    fact = BK["participation-bih-pfp"]
    assert_inferred(kg, (fact, BKG.restsOn, BK.S7))
    assert_inferred(kg, (fact, BKG.restsOn, BK.S6))


def test_cls_svf1_text_fact(kg: Reasoned) -> None:
    """The ontology states that a bkg:Fact with some bkg:statedIn value that is a
    nif:Sentence is a bkg:TextFact: cls-svf1 puts the fact in the restriction, cls-int1
    in the intersection, cax-sco in bkg:TextFact. The membership of Albania (S3) is
    therefore a text fact; external facts (no bkg:statedIn) are not. The facts-* queries
    exclude bkg:TextFact when they look for a fact's kind."""
    assert_inferred(kg, (BK["membership-albania-nato"], RDF.type, BKG.TextFact))
    external = set(kg.full.subjects(RDF.type, BKG.ExternalFact))
    assert not external & set(kg.full.subjects(RDF.type, BKG.TextFact))


def test_prp_spo2_causal_links_give_cause_and_explanation_shortcuts(kg: Reasoned) -> None:
    """S11: NATO-Serbia relations remain contentious "due to" the 1999 intervention, a
    causal link with bkg:cause; the chain bkg:outcomeOf / bkg:cause (prp-spo2) gives
    bkg:hasCause, a sub-property of bkg:hasUnderlyingCause (prp-spo1). S12: historical
    sensitivities and a multi-vector policy "mean that" Serbia does not aspire to join,
    a link with bkg:explanans: it gives bkg:explainedBy and no cause at all, so the
    transitive property never reads an explanation as a cause. Used by the queries
    causes and causal-links."""
    relation = BK["relation-nato-serbia-contentious"]
    assert_inferred(kg, (relation, BKG.hasCause, BK.NATOIntervention1999))
    assert_inferred(kg, (relation, BKG.hasUnderlyingCause, BK.NATOIntervention1999))
    stance = BK["stance-serbia-no-aspiration"]
    sensitivities = BK["condition-serbia-historical-sensitivities"]
    assert_inferred(kg, (stance, BKG.explainedBy, sensitivities))
    assert list(kg.full.objects(stance, BKG.hasUnderlyingCause)) == []
    assert list(kg.full.objects(stance, BKG.hasCause)) == []


def test_cls_svf1_cls_hv1_link_kind_from_the_factor_property(kg: Reasoned) -> None:
    """A causal link names its factor with the property of its kind; the ontology states
    that whatever has some bkg:cause (bkg:explanans ...) has the bkg:linkKind bkg:Causation
    (bkg:Explanation ...): cls-svf1 puts the link in the restriction, cax-sco in the
    hasValue restriction, cls-hv1 gives the value. Used by the query causal-links."""
    assert_inferred(kg, (BK["link-s11-due-to"], BKG.linkKind, BKG.Causation))
    assert_inferred(kg, (BK["link-s12-mean-that"], BKG.linkKind, BKG.Explanation))
    assert_inferred(kg, (BK["link-s13-opening"], BKG.linkKind, BKG.Enabling))
    assert_inferred(kg, (BK["link-s5-where"], BKG.linkKind, BKG.Grounding))
    assert_inferred(kg, (BK["link-s3-seeking"], BKG.linkKind, BKG.Motivating))


CAUSE_CHAIN = """
bk:a a bkg:Condition . bk:b a bkg:Condition . bk:c a bkg:Condition .
bk:link-1 a bkg:CausalLink ; bkg:cause bk:a ; bkg:outcome bk:b .
bk:link-2 a bkg:CausalLink ; bkg:cause bk:b ; bkg:outcome bk:c .
bk:link-3 a bkg:CausalLink ; bkg:explanans bk:c ; bkg:outcome bk:d .
bk:d a bkg:Condition .
"""
"""Two causes in a row (a causes b, b causes c) and an explanation after them (c explains
d). The text has no chain of causes: every cause it gives is direct."""


def test_prp_trp_underlying_cause_chains_causes_only(ontology: Graph) -> None:
    """bkg:hasUnderlyingCause is transitive (prp-trp): c has the underlying cause a through
    b. d is explained by c, which is not a cause, so d has no underlying cause."""
    full = closure(small_graph(ontology, CAUSE_CHAIN))
    assert (BK.c, BKG.hasUnderlyingCause, BK.a) in full
    assert (BK.c, BKG.hasCause, BK.a) not in full
    assert (BK.d, BKG.explainedBy, BK.c) in full
    assert list(full.objects(BK.d, BKG.hasUnderlyingCause)) == []


# ---------------------------------------------------------------------------------------
# External facts: present with them, absent without them
# ---------------------------------------------------------------------------------------


def test_prp_spo2_same_as_external_only_with_external_facts(kg: Reasoned) -> None:
    """The Wikidata links are external facts. With them, the chain bkg:subjectOf /
    bkg:matchTarget gives NATO bkg:sameAsExternal wd:Q7184 (prp-spo2) and so
    skos:exactMatch (prp-spo1), used by the query wikidata-links. Without them (text
    only) no identity shortcut is inferred at all, and no owl:sameAs ever is."""
    same_as_external = list(kg.full.triples((None, BKG.sameAsExternal, None)))
    if kg.name == "with-external":
        assert_inferred(kg, (BK.NATO, BKG.sameAsExternal, WD.Q7184))
        assert_inferred(kg, (BK.NATO, SKOS.exactMatch, WD.Q7184))
    else:
        assert same_as_external == []
        assert list(kg.full.triples((None, SKOS.exactMatch, None))) == []
    assert [(s, o) for s, o in kg.inferred.subject_objects(OWL.sameAs)] == []


def test_kfor_location_comes_only_from_external_facts(kg: Reasoned) -> None:
    """S18 does not say where KFOR operates; an external fact places it in Kosovo. With
    external facts KFOR bkg:locatedIn Kosovo and, transitively (prp-trp), the Western
    Balkans; from the text alone KFOR has no location at all."""
    if kg.name == "with-external":
        assert_inferred(kg, (BK.KFOR, BKG.locatedIn, BK.Kosovo))
        assert_inferred(kg, (BK.KFOR, BKG.locatedIn, BK.WesternBalkans))
    else:
        assert list(kg.full.objects(BK.KFOR, BKG.locatedIn)) == []
        assert list(kg.full.subjects(RDF.type, BKG.ExternalFact)) == []


def test_text_inferences_do_not_depend_on_external_facts(kg: Reasoned) -> None:
    """Dropping data/external/ removes only what rests on external facts: every
    membership shortcut inferred from the text is there in both loads, and the four
    external NATO memberships only with external facts."""
    members = set(kg.full.subject_objects(BKG.memberOf))
    from_text = {
        (BK.Albania, BK.NATO),
        (BK.Montenegro, BK.NATO),
        (BK.NorthMacedonia, BK.NATO),
        (BK.Croatia, BK.NATO),
        (BK.Slovenia, BK.NATO),
        (BK.Croatia, BK.EU),
        (BK.Slovenia, BK.EU),
    }
    external = {(state, BK.NATO) for state in (BK.Greece, BK.Romania, BK.Slovakia, BK.Spain)}
    assert members == (from_text | external if kg.name == "with-external" else from_text)


# ---------------------------------------------------------------------------------------
# Consistency
# ---------------------------------------------------------------------------------------


def rdf_list(graph: Graph, head: Node) -> list[Node]:
    """The members of the RDF list at ``head``."""
    return list(Collection(graph, head))


def find_inconsistencies(full: Graph) -> list[str]:
    """Inconsistencies in a closure, found without the package's own detector.

    Reported: members of owl:Nothing; owlrl's ``err:ErrorMessage`` texts; individuals of
    two classes declared disjoint (owl:disjointWith or one owl:AllDisjointClasses); pairs
    linked by two properties declared owl:propertyDisjointWith.
    """
    problems: set[str] = set()
    nm = full.namespace_manager
    for x in full.subjects(RDF.type, OWL.Nothing):
        problems.add(f"{x.n3(nm)} is a member of owl:Nothing")
    for message in full.subjects(RDF.type, ERR.ErrorMessage):
        for text in full.objects(message, ERR.error):
            problems.add(f"owlrl: {text}")
    pairs: set[tuple[Node, Node]] = set(full.subject_objects(OWL.disjointWith))
    for group in full.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in full.objects(group, OWL.members):
            classes = rdf_list(full, head)
            pairs |= {(a, b) for i, a in enumerate(classes) for b in classes[i + 1 :]}
    for a, b in pairs:
        for x in set(full.subjects(RDF.type, a)) & set(full.subjects(RDF.type, b)):
            if not isinstance(x, BNode):
                problems.add(f"{x.n3(nm)} is in disjoint classes {a.n3(nm)} and {b.n3(nm)}")
    for p, q in full.subject_objects(OWL.propertyDisjointWith):
        for s, o in full.subject_objects(p):
            if (s, q, o) in full:
                problems.add(f"{s.n3(nm)} {p.n3(nm)} and {q.n3(nm)} {o.n3(nm)}")
    return sorted(problems)


def test_closure_is_consistent(kg: Reasoned) -> None:
    """No owl:Nothing members, no owlrl error messages, no individual in two disjoint
    classes and no pair linked by two disjoint properties."""
    problems = find_inconsistencies(kg.full)
    assert not problems, f"{kg.name}:\n" + "\n".join(f"  {p}" for p in problems)


def test_package_reports_no_inconsistency(kg: Reasoned) -> None:
    """``balkan_kg.kg.reason.inconsistencies`` agrees that the project is consistent."""
    assert inconsistencies(kg.full) == []


def test_owlrl_wrote_no_error_messages(kg: Reasoned) -> None:
    """owlrl records each inconsistency it meets as an ``err:ErrorMessage`` resource."""
    messages = [str(t) for t in kg.full.objects(None, ERR.error)]
    assert not list(kg.full.subjects(RDF.type, ERR.ErrorMessage)), messages


def test_closure_has_no_owl_nothing_members(kg: Reasoned) -> None:
    """Nothing is inferred to be a member of the empty class."""
    assert list(kg.full.subjects(RDF.type, OWL.Nothing)) == []


# ---------------------------------------------------------------------------------------
# Inconsistencies are detected (small graphs)
# ---------------------------------------------------------------------------------------

CONSISTENT_BASE = """
bk:NATO a bkg:Alliance .
bk:Serbia a bkg:State .
bk:S6 a nif:Sentence .
bk:nonmembership-serbia-nato a bkg:NonMembership ;
    bkg:about bk:Serbia ; bkg:outsideOf bk:NATO ; bkg:statedIn bk:S6 .
"""
"""S6 in miniature: Serbia is not a member of NATO. Consistent on its own."""

INCONSISTENT = {
    "cax-adc-non-membership-typed-membership": (
        "bk:nonmembership-serbia-nato a bkg:Membership .",
        BK["nonmembership-serbia-nato"],
        "Disjoint classes",
    ),
    "cax-adc-alliance-typed-state": ("bk:NATO a bkg:State .", BK.NATO, "Disjoint classes"),
    "cax-dw-text-fact-typed-external": (
        """bk:nonmembership-serbia-nato a bkg:ExternalFact ;
               dct:source <https://example.org/elsewhere> .""",
        BK["nonmembership-serbia-nato"],
        "Disjoint classes",
    ),
}
"""Mutations of CONSISTENT_BASE: (extra Turtle, resource to blame, owlrl message text).

(a) cax-adc: a non-membership fact also typed a membership (the kinds of fact are one
owl:AllDisjointClasses); (b) cax-adc: NATO typed bkg:State while
bkg:Alliance is under bkg:InternationalOrganisation, listed with bkg:State in one
owl:AllDisjointClasses; (c) cax-dw: a fact stated in a sentence (hence bkg:TextFact by
cls-svf1) also typed bkg:ExternalFact, and the two are owl:disjointWith."""


def test_small_base_graph_is_consistent(ontology: Graph) -> None:
    """The graph the mutations start from is consistent, so what they add is to blame."""
    full = closure(small_graph(ontology, CONSISTENT_BASE))
    assert find_inconsistencies(full) == []
    assert inconsistencies(full) == []


@pytest.mark.parametrize(
    ("turtle", "blamed", "owlrl_text"), INCONSISTENT.values(), ids=INCONSISTENT.keys()
)
def test_inconsistency_is_detected(
    turtle: str, blamed: URIRef, owlrl_text: str, ontology: Graph
) -> None:
    """owlrl, this module's detector and the package all report the inconsistency and
    name the resource at fault (by full IRI or prefixed name)."""
    full = closure(small_graph(ontology, CONSISTENT_BASE + turtle))
    names = (str(blamed), blamed.n3(full.namespace_manager))

    def blames(message: str) -> bool:
        return any(name in message for name in names)

    errors = [str(t) for t in full.objects(None, ERR.error)]
    assert any(owlrl_text in e and blames(e) for e in errors), f"owlrl messages: {errors}"
    found = find_inconsistencies(full)
    assert any(blames(p) and not p.startswith("owlrl:") for p in found), found
    reported = inconsistencies(full)
    assert any(blames(message) for message in reported), reported


def test_infer_returns_closure_minus_asserted_minus_noise(ontology: Graph) -> None:
    """``infer`` is what the module fixture computes by hand: closure - asserted - noise.
    (Checked on a small graph so the project closure is computed only once.)"""
    graph = small_graph(ontology, CONSISTENT_BASE)
    by_hand = reasoned("small", graph).inferred
    assert set(infer(graph)) == set(by_hand)
    assert (BK.Serbia, BKG.notMemberOf, BK.NATO) in by_hand


# ---------------------------------------------------------------------------------------
# The module's functions on small graphs
# ---------------------------------------------------------------------------------------

EX = Namespace("http://example.org/")
RDFS_NS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD_NS = Namespace("http://www.w3.org/2001/XMLSchema#")


def turtle_graph(text: str) -> Graph:
    graph = Graph()
    graph.parse(
        data="@prefix ex: <http://example.org/> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + text,
        format="turtle",
    )
    return graph


SMALL = """
ex:B rdfs:subClassOf ex:A .
ex:p rdfs:domain ex:B ; owl:inverseOf ex:q .
ex:x ex:p ex:y .
"""


def test_reasoners_are_named_with_the_default_first() -> None:
    assert REASONERS == ("fast", "owlrl")
    assert REASONERS[0] == DEFAULT_REASONER


def test_an_unknown_reasoner_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reasoner 'hermit'"):
        reason(turtle_graph(SMALL), "hermit")


@pytest.mark.parametrize("reasoner", REASONERS)
def test_reason_returns_the_new_triples_and_leaves_the_graph_alone(reasoner: str) -> None:
    graph = turtle_graph(SMALL)
    before = set(graph)
    result = reason(graph, reasoner)
    assert set(graph) == before
    assert result.reasoner == reasoner and result.fallback is None
    assert result.inconsistencies == []
    assert set(result.inferred) == {
        (EX.x, RDF.type, EX.B),  # prp-dom
        (EX.x, RDF.type, EX.A),  # cax-sco
        (EX.y, EX.q, EX.x),  # prp-inv1
        (EX.p, RDFS_NS.domain, EX.A),  # scm-dom1
    }
    assert set(infer(graph, reasoner)) == set(result.inferred)


def test_closure_holds_the_asserted_triples_and_leaves_the_graph_alone() -> None:
    graph = turtle_graph(SMALL)
    before = set(graph)
    full = closure(graph)
    assert set(graph) == before
    assert before <= set(full)
    assert (EX.y, EX.q, EX.x) in full


def test_input_outside_the_fast_fragment_is_reasoned_by_owlrl_saying_why() -> None:
    graph = turtle_graph(SMALL + "ex:x owl:sameAs ex:z .\n")
    result = reason(graph, "fast")
    assert result.reasoner == "owlrl"
    assert result.fallback is not None and "sameAs" in result.fallback
    assert (EX.z, RDF.type, EX.A) in result.inferred  # eq-rep-s, then cax-sco


@pytest.mark.parametrize(
    "triple",
    [
        (Literal("x"), RDF.type, RDFS_NS.Literal),  # a literal as subject
        (BNode("r"), RDF.type, OWL.Restriction),  # a blank node as subject ...
        (EX.x, RDF.type, BNode("r")),  # ... or object
        (EX.x, OWL.sameAs, EX.x),  # reflexive
        (EX.A, OWL.equivalentClass, EX.A),
        (EX.p, OWL.equivalentProperty, EX.p),
        (EX.A, RDFS_NS.subClassOf, EX.A),
        (EX.p, RDFS_NS.subPropertyOf, EX.p),
        (EX.x, RDF.type, OWL.Thing),  # tautologies about owl:Thing
        (EX.A, RDFS_NS.subClassOf, OWL.Thing),
        (EX.p, RDFS_NS.domain, OWL.Thing),
        (EX.p, RDFS_NS.range, OWL.Thing),
        (RDF.type, RDF.type, RDF.Property),  # axiomatic: schema vocabulary as subject
        (RDFS_NS.label, RDF.type, OWL.AnnotationProperty),
        (OWL.Thing, RDF.type, OWL.Class),
        (XSD_NS.string, RDF.type, RDFS_NS.Datatype),
        (EX.x, ERR.error, Literal("owlrl says no")),  # owlrl's inconsistency report
        (EX.x, RDF.type, ERR.ErrorMessage),
    ],
    ids=lambda triple: " ".join(str(t).rsplit("/", 1)[-1] for t in triple),
)
def test_noise_is_recognised(triple: Triple) -> None:
    assert is_noise(triple)


@pytest.mark.parametrize(
    "triple",
    [
        (BK.Albania, BKG.memberOf, BK.NATO),
        (BK.Albania, RDF.type, BKG.State),
        (BK.Albania, BKG.hasRelationWith, BK.Albania),  # reflexive, but not of the list
        (EX.x, RDFS_NS.seeAlso, OWL.Thing),  # about owl:Thing, but not a tautology
        (EX.x, RDFS_NS.label, Literal("x")),
        (EX.A, RDFS_NS.subClassOf, EX.B),
    ],
    ids=lambda triple: " ".join(str(t).rsplit("/", 1)[-1] for t in triple),
)
def test_a_real_inference_is_not_noise(triple: Triple) -> None:
    assert not is_noise(triple)


def test_inconsistencies_name_the_clash_once_in_the_package_s_words() -> None:
    full = closure(
        turtle_graph(
            """
            ex:a owl:sameAs ex:b ; owl:differentFrom ex:b .
            ex:C owl:disjointWith ex:D .
            ex:c a ex:C , ex:D .
            ex:n a owl:Nothing .
            ex:g a owl:AllDifferent ; owl:distinctMembers ( ex:e ex:f ) .
            ex:e owl:sameAs ex:f .
            """
        )
    )
    messages = inconsistencies(full)
    assert messages == sorted(set(messages))
    assert (
        "<http://example.org/a> and <http://example.org/b> are owl:sameAs but declared different"
        in messages
    )
    assert (
        "<http://example.org/e> and <http://example.org/f> are owl:sameAs but declared different"
        in messages
    )
    assert (
        "<http://example.org/c> is a member of disjoint classes "
        "<http://example.org/C> and <http://example.org/D>"
    ) in messages
    assert "<http://example.org/n> is a member of owl:Nothing" in messages
    # owlrl's own reports of the same clashes are not repeated.
    assert not [m for m in messages if m.startswith("owlrl:")], messages


def test_other_owlrl_reports_are_passed_on() -> None:
    full = closure(turtle_graph("ex:p a owl:IrreflexiveProperty .\nex:a ex:p ex:a .\n"))
    messages = inconsistencies(full)
    assert len(messages) == 1 and messages[0].startswith("owlrl: "), messages
    assert "http://example.org/a" in messages[0] or "ex:a" in messages[0]


HISTORY = """
bk:Montenegro a bkg:State .
bk:nonmembership-montenegro-nato a bkg:NonMembership ;
    bkg:about bk:Montenegro ; bkg:outsideOf bk:NATO ; bkg:validDuring bk:period-1 .
bk:period-1 a bkg:Period ; bkg:beginYear "2006"^^xsd:gYear ; bkg:endYear "2016"^^xsd:gYear .
bk:membership-montenegro-nato a bkg:Membership ;
    bkg:member bk:Montenegro ; org:organization bk:NATO ; bkg:memberDuring bk:period-2 .
bk:period-2 a bkg:Period ; bkg:beginYear "2017"^^xsd:gYear .
"""
"""Montenegro outside NATO until 2016 and a member from 2017 (S3): a history, not a
contradiction."""


def test_member_in_one_year_and_non_member_in_another_is_consistent(ontology: Graph) -> None:
    """Version 0.1.0 declared bkg:NATOMemberState and bkg:NATONonMemberState disjoint, so
    "not a member in 2016, member in 2017" was inconsistent. Membership classes now mean
    "at some time": the state is in both, and the graph stays consistent (a member and
    non-member in the *same* year is found by ontology/checks/
    member-and-non-member-violation.rq, which compares the periods)."""
    graph = small_graph(ontology, "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + HISTORY)
    full = closure(graph)
    assert (BK.Montenegro, RDF.type, BKG.NATOMemberState) in full
    assert (BK.Montenegro, RDF.type, BKG.NATONonMemberState) in full
    assert find_inconsistencies(full) == []
    assert inconsistencies(full) == []
