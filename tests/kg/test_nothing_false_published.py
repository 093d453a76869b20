"""``build`` publishes nothing when the shapes or the reasoner find a problem (issue 12,
goal 3; the span checks are tested with the re-anchoring tool).

Each test copies the project (``ontology/``, ``data/``, ``queries/``) into a temporary
directory, changes one thing, builds it with :func:`balkan_kg.kg.build.build` into a
fresh directory and asserts that the build raises and wrote nothing there. The changes:

* a second begin year of a membership's period, through a sub-property of the
  functional ``bkg:beginYear`` (the issue's probe, made on ``bkg:startYear`` before
  years moved to periods: ``build`` exited 0 and ``members-since`` listed Albania and
  Croatia with 2009 and 2011), with both reasoners (the fast one hands such input to
  owlrl, so both report the same);
* what owlrl only writes as ``owl:sameAs``: a functional object property with two
  values, an inverse-functional property shared by two states, an asserted
  ``owl:sameAs`` between two states, and an irreflexive property used reflexively (an
  ``err:`` node), all four named in one build's error;
* ``"2009x"^^xsd:gYear`` as a start year, with both validators (pyshacl published it).

A build that worked before the change is not reused afterwards: its directory keeps
the old files unchanged, but :func:`~balkan_kg.kg.build.current_build` no longer returns
it, so no query reads them.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from balkan_kg.errors import InconsistencyError, ValidationError
from balkan_kg.kg.build import build, current_build
from balkan_kg.layout import Layout, checkout_root

PROBE = """
# A second begin year, through a sub-property of the functional bkg:beginYear.
bkg:joinedIn rdfs:subPropertyOf bkg:beginYear .
bk:period-membership-albania-nato bkg:joinedIn "2011"^^xsd:gYear .
bk:period-membership-croatia-nato bkg:joinedIn "2011"^^xsd:gYear .
"""

SAME_AS = """
# owlrl makes each of these an owl:sameAs, or an err: node, and reports nothing. The
# subjects are fact nodes: the shapes let an entity carry nothing but its identity.
bkg:soleLeader a owl:ObjectProperty , owl:FunctionalProperty .
bk:deployment-kfor bkg:soleLeader bk:NATO , bk:EU .
bkg:isoCode a owl:ObjectProperty , owl:InverseFunctionalProperty .
bk:membership-albania-nato bkg:isoCode bk:code-AL .
bk:membership-croatia-nato bkg:isoCode bk:code-AL .
bk:nonmembership-serbia-nato owl:sameAs bk:nonmembership-kosovo-nato .
bkg:neverSelf a owl:ObjectProperty , owl:IrreflexiveProperty .
bk:membership-slovenia-nato bkg:neverSelf bk:membership-slovenia-nato .
"""

PREFIXES = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture
def project(tmp_path: Path) -> Layout:
    """A copy of the project's curated files in ``tmp_path/project``."""
    root = checkout_root()
    if root is None:
        pytest.skip("not running from a checkout with ontology/balkan-kg.ttl")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(root / name, tmp_path / "project" / name)
    return Layout(tmp_path / "project")


def add_facts(layout: Layout, turtle: str) -> None:
    """Append ``turtle`` to ``data/facts.ttl`` (its prefixes are declared there)."""
    facts = layout.data_dir / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(PREFIXES + text + turtle, encoding="utf-8")


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.rglob("*")), sorted(out.rglob("*"))


def snapshot(out: Path) -> dict[str, str]:
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def test_a_second_value_of_a_functional_property_stops_the_build_with_owlrl(
    project: Layout, tmp_path: Path
) -> None:
    add_facts(project, PROBE)
    out = tmp_path / "out"
    with pytest.raises(InconsistencyError) as caught:
        build(out, layout=project, reasoner="owlrl")
    assert_probe_reported(caught.value.messages)
    assert_nothing_written(out)


def test_a_second_value_of_a_functional_property_stops_the_build_and_the_old_one_is_not_used(
    project: Layout, tmp_path: Path
) -> None:
    """With the default (fast) reasoner, over a build made before the change: the old
    files stay as they were, and are no longer taken for the current build."""
    out = tmp_path / "out"
    build(out, layout=project)
    before = snapshot(out)
    assert current_build(out, layout=project) is not None
    add_facts(project, PROBE)
    with pytest.raises(InconsistencyError) as caught:
        build(out, layout=project)
    assert_probe_reported(caught.value.messages)
    assert snapshot(out) == before
    assert current_build(out, layout=project) is None


def assert_probe_reported(messages: list[str]) -> None:
    for membership in ("albania", "croatia"):
        assert (
            f"bk:period-membership-{membership}-nato has two values of the functional property "
            'bkg:beginYear: "2009"^^xsd:gYear and "2011"^^xsd:gYear'
        ) in messages


def test_what_owlrl_only_writes_as_same_as_stops_the_build(project: Layout, tmp_path: Path) -> None:
    add_facts(project, SAME_AS)
    out = tmp_path / "out"
    with pytest.raises(InconsistencyError) as caught:
        build(out, layout=project)
    text = str(caught.value)
    assert (
        "bk:deployment-kfor has two values of the functional property bkg:soleLeader: "
        "bk:EU and bk:NATO" in text
    )
    assert (
        "bk:membership-albania-nato and bk:membership-croatia-nato share the value "
        "bk:code-AL of the inverse-functional property bkg:isoCode"
    ) in text
    assert (
        "bk:nonmembership-kosovo-nato and bk:nonmembership-serbia-nato are inferred to be "
        "the same (owl:sameAs)"
    ) in text
    assert "owlrl: Irreflexive property used on" in text and "neverSelf" in text
    assert_nothing_written(out)


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
def test_an_ill_typed_year_stops_the_build(project: Layout, tmp_path: Path, validator: str) -> None:
    facts = project.data_dir / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    old = 'bk:period-membership-albania-nato a bkg:Period ;\n    bkg:beginYear "2009"^^xsd:gYear'
    assert text.count(old) == 1
    facts.write_text(text.replace(old, old.replace('"2009"', '"2009x"')), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValidationError) as caught:
        build(out, layout=project, validator=validator)
    assert caught.value.report.validator == validator
    assert any(str(r.value) == "2009x" for r in caught.value.report.violations)
    assert_nothing_written(out)


def test_validate_reports_an_ill_typed_year_without_a_traceback(tmp_path: Path) -> None:
    """rdflib logs the literal it cannot read with a traceback; the command line shows
    only the report (run as a program: under pytest, logging goes to pytest)."""
    root = checkout_root()
    assert root is not None
    bad = tmp_path / "bad.ttl"
    good = root / "tests" / "shapes" / "good" / "period-begin-year-as-integer.ttl"
    bad.write_text(
        good.read_text(encoding="utf-8").replace('"2009"^^xsd:gYear', '"2009x"^^xsd:gYear'),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "balkan_kg", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Violation: bk:period-albania-nato bkg:beginYear" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout
