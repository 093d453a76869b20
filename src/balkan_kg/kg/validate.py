"""SHACL validation with pyshacl or pyshacl-turbo, reported as plain Python values.

Two validators give the same report: ``pyshacl``, the reference, and ``fast``,
pyshacl-turbo (a SHACL engine in Rust with pyshacl's API and report vocabulary, about
15 times faster here). ``fast`` is the default when pyshacl-turbo is installed; the
differential tests (``tests/kg/test_validate.py``) check that both report the same
results (focus node, path, value, source shape, severity and message) on the project
data, on every bad-data file of ``tests/shapes/bad/`` and on generated graphs.

How the shapes see the class hierarchy
--------------------------------------
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` triples *in the data
graph*, and validation runs with ``inference="none"`` (no reasoning before checking:
the shapes judge what is asserted). The data graph handed to pyshacl is therefore a copy
of ``data`` plus only the ``rdfs:subClassOf`` triples between named classes of the
ontology. pyshacl's own ``ont_graph`` option was not used: it "inoculates" the data with
every class and property declaration of the ontology and deep-copies its
``owl:NamedIndividual`` nodes, so ontology terms become focus nodes of shapes such as
``sh:targetSubjectsOf rdfs:label`` and the report mixes ontology issues into data issues.
The subclass triples alone are enough for class-based targeting, cost one pass over the
ontology, and never put an ontology resource in the report.

How the data reaches pyshacl-turbo
----------------------------------
pyshacl-turbo copies its input into its own Rust dataset. Given an rdflib graph, it
first reads every triple through ``Graph.triples`` into a table of term records; given
the table itself (its ``Input`` of format ``"terms"``), it uses it as it is.
:func:`turbo_input` builds that table straight from ``data`` and the class hierarchy,
so the fast path neither copies ``data`` into a new rdflib graph (the reference path
does, for pyshacl) nor asks pyshacl-turbo to send the whole graph back afterwards
(``inplace=False``: the shapes have no rules, nothing would come back). At 10^6 triples
this takes the validation from 101 s to about a third of that; what remains is
pyshacl-turbo's own work (loading its dataset, targets, paths and the SPARQL
constraints).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..layout import Layout, default_layout
from ..namespaces import SH, shorten
from ..rdfio.bridge import new_graph, turbo_input
from ..rdfio.parse import parse_files

if TYPE_CHECKING:
    from rdflib import Graph, Namespace
    from rdflib.term import Node

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class ValidationResult(NamedTuple):
    """One ``sh:ValidationResult``.

    Terms are rdflib nodes; ``severity`` is ``"Violation"``, ``"Warning"`` or ``"Info"``.
    A complex property path (a blank node in the report) is given as a literal holding
    its SPARQL-like rendering, e.g. ``^org:member/org:organization``.
    """

    focus: Node | None
    path: Node | None
    value: Node | None
    severity: str
    message: str
    source_shape: Node | None


@dataclass
class ValidationReport:
    """Outcome of :func:`validate`.

    ``conforms`` is pyshacl's verdict (only violations make it false, warnings and infos
    do not); ``results`` are sorted by severity, focus node, path and message; ``text``
    has one line per result, ``"<Severity>: <focus> <path>: <message>"`` with IRIs as
    prefixed names, or ``"Conforms."`` when there are no results. ``validator`` names
    the validator that ran (``"fast"`` or ``"pyshacl"``).
    """

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    text: str = ""
    validator: str = "pyshacl"

    @property
    def violations(self) -> list[ValidationResult]:
        """The results whose severity is ``Violation``."""
        return [r for r in self.results if r.severity == "Violation"]


def class_hierarchy(ontology: Graph) -> Graph:
    """The ``rdfs:subClassOf`` triples of ``ontology`` whose both ends are IRIs."""
    from rdflib import RDFS, URIRef

    hierarchy = new_graph()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            hierarchy.add((sub, RDFS.subClassOf, sup))
    return hierarchy


VALIDATORS = ("fast", "pyshacl")
"""The validator names :func:`validate` accepts; the first is the default."""

DEFAULT_VALIDATOR = "fast"


def validator_function(validator: str = DEFAULT_VALIDATOR) -> tuple[str, Any]:
    """The name actually used and pyshacl's ``validate`` function, or pyshacl-turbo's.

    ``fast`` falls back to ``pyshacl`` when pyshacl-turbo is not installed. Raises
    :class:`ValueError` for an unknown name.
    """
    if validator not in VALIDATORS:
        raise ValueError(f"unknown validator {validator!r} (choose from {', '.join(VALIDATORS)})")
    if validator == "fast":
        try:
            from pyshacl_turbo import validate as turbo_validate
        except ImportError:
            pass
        else:
            return "fast", turbo_validate
    from pyshacl import validate as pyshacl_validate

    return "pyshacl", pyshacl_validate


def validate(
    data: Graph,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    layout: Layout | None = None,
    validator: str = DEFAULT_VALIDATOR,
) -> ValidationReport:
    """Validate ``data`` against SHACL ``shapes`` and return a :class:`ValidationReport`.

    ``shapes`` defaults to the project's ``ontology/shapes.ttl`` and ``ontology`` (used
    only for its class hierarchy, see the module docstring) to the project ontology,
    both found through ``layout``. ``validator`` is ``"fast"`` (pyshacl-turbo, the
    default) or ``"pyshacl"``. ``data`` is not modified. Raises
    :class:`~balkan_kg.errors.InputError` if a default file cannot be parsed and
    :class:`ValueError` for an unknown validator.
    """
    used, pyshacl_validate = validator_function(validator)

    layout = layout or default_layout()
    if shapes is None:
        shapes = parse_files([layout.shapes])
    if ontology is None and layout.ontology.is_file():
        ontology = parse_files(layout.ontology_files)

    hierarchy = class_hierarchy(ontology) if ontology is not None else new_graph()
    if used == "fast":
        # pyshacl-turbo reads the data as a table of terms; handing it that table built
        # straight from ``data`` and ``hierarchy`` skips copying ``data`` into a new rdflib
        # graph, and ``inplace=False`` skips sending the whole graph back (the shapes have
        # no rules, so nothing would come back).
        target: Any = turbo_input(data, hierarchy)
        inplace = False
    else:
        target = new_graph()
        target += data
        target += hierarchy
        inplace = True

    conforms, report_graph, _ = pyshacl_validate(
        target,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=inplace,
        allow_warnings=True,  # only violations make the data non-conforming
    )
    results = sorted(
        _results(report_graph),
        key=lambda r: (
            _SEVERITY_ORDER.get(r.severity, 9),
            _show(r.focus),
            _show(r.path),
            r.message,
        ),
    )
    return ValidationReport(bool(conforms), results, render(results), used)


def render(results: list[ValidationResult]) -> str:
    """The readable report: one line per result, or ``"Conforms."`` if there is none."""
    if not results:
        return "Conforms."
    lines = []
    for r in results:
        where = _show(r.focus)
        if r.path is not None:
            where += " " + _show(r.path)
        lines.append(f"{r.severity}: {where}: {r.message}")
    return "\n".join(lines)


def show_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL-like syntax (``^p``, ``p/q``, ``p|q``, ``p*``)."""
    from rdflib import RDF, BNode, URIRef
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return shorten(str(path))
    if not isinstance(path, BNode):
        return str(path)
    sh = _sh()
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(show_path(graph, p) for p in Collection(graph, path)) + ")"
    for predicate, template in (
        (sh.inversePath, "^{}"),
        (sh.zeroOrMorePath, "{}*"),
        (sh.oneOrMorePath, "{}+"),
        (sh.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(show_path(graph, inner))
    alternatives = graph.value(path, sh.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(show_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    return "_:" + str(path)


def _show(term: Node | None) -> str:
    """A report term as shown to people: IRIs as prefixed names, literals as their text."""
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _sh() -> Namespace:
    from rdflib import Namespace

    return Namespace(SH)


def _results(report: Graph) -> list[ValidationResult]:
    from rdflib import RDF, BNode, Literal

    sh = _sh()
    results = []
    for node in report.subjects(RDF.type, sh.ValidationResult):
        severity_iri = report.value(node, sh.resultSeverity)
        severity = str(severity_iri).rsplit("#", 1)[-1] if severity_iri else "Violation"
        messages = sorted(str(m) for m in report.objects(node, sh.resultMessage))
        component = report.value(node, sh.sourceConstraintComponent)
        if messages:
            message = "; ".join(messages)
        else:
            message = f"fails {shorten(str(component))}" if component else "fails a constraint"
        path = report.value(node, sh.resultPath)
        if isinstance(path, BNode):
            path = Literal(show_path(report, path))
        results.append(
            ValidationResult(
                focus=report.value(node, sh.focusNode),
                path=path,
                value=report.value(node, sh.value),
                severity=severity,
                message=message,
                source_shape=report.value(node, sh.sourceShape),
            )
        )
    return results
