"""SHACL validation with pyshacl, and problems a person can read.

Each problem says which entity, which property, what is wrong, and the sentence of the report it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH, SKOS

from kg.resources import ontology_file
from kg.vocab import GK, NIF, QB


@dataclass(frozen=True)
class Problem:
    focus: str
    label: str
    path: str
    message: str
    sentence: str

    def __str__(self) -> str:
        where = f" — 「{self.sentence}」" if self.sentence else ""
        return f"{self.label or self.focus}: {self.path}: {self.message}{where}"


@cache
def shapes() -> Graph:
    graph = Graph()
    graph.parse(ontology_file("shapes.ttl"), format="turtle")
    return graph


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def hoisted(authored: Graph, keep=lambda triple: True) -> Graph:
    """The shapes with the same verdicts, each property shape of a node shape with targets given those
    targets itself (and the `keep` triples only). pySHACL checks a property shape held by `sh:property`
    once per focus node, building its constraints anew each time; given targets, it is checked once for
    all of them: a third of the time on a report. A result is the same, down to its source shape. A node
    shape that anything else refers to (sh:node, a list of sh:or) keeps its properties. A store without
    contexts: pySHACL reads the shapes graph a hundred thousand times a report, and the context
    bookkeeping of the default store costs a tenth of that."""
    out = Graph(store="SimpleMemory")
    for prefix, namespace in authored.namespaces():
        out.bind(prefix, namespace)
    moved = set()
    for shape in set(authored.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in authored.objects(shape, p)]
        if targets and (None, None, shape) not in authored and (shape, SH.deactivated, None) not in authored:
            for held in authored.objects(shape, SH.property):
                moved.add((shape, SH.property, held))
                for p, o in targets:
                    out.add((held, p, o))
    for triple in authored:
        if triple not in moved and keep(triple):
            out.add(triple)
    return out


@cache
def _checked_shapes(full: bool) -> tuple[Graph, str]:
    """The shapes pySHACL checks with (hoisted), and the message of the SPARQL constraint (IC-12) it
    leaves out unless `full`: IC-12 alone took a third of pySHACL's time on a report."""
    authored = shapes()
    sparql = set(authored.objects(None, SH.sparql))
    message = next(str(authored.value(node, SH.message)) for node in sparql)
    if full:
        return hoisted(authored), message
    return hoisted(authored, lambda triple: triple[1] != SH.sparql and triple[0] not in sparql), message


def warm() -> None:
    """Read and hoist the shapes a build checks with, once, before the workers fork."""
    _checked_shapes(False)


def validate(data: Graph, full: bool = True) -> list[Problem]:
    """The graph's violations of ontology/shapes.ttl; empty when it conforms.

    `full=False` is for graphs the mapper made: pySHACL checks every shape but IC-12 (no two observations
    with the same dimensions), and a scan in Python checks IC-12 with the same verdicts and message.
    `kg validate` checks everything with pySHACL, for graphs from anywhere.
    """
    from pyshacl import validate as shacl

    shapes_graph, message = _checked_shapes(full)
    conforms, results, _ = shacl(data, shacl_graph=shapes_graph, inference="none", advanced=False,
                                 allow_warnings=True)
    problems = [] if full else [Problem(str(dataset), _label(data, dataset), "(node)", message,
                                        _sentence(data, dataset)) for dataset in _repeated_observations(data)]
    if conforms:
        return sorted(problems, key=lambda p: (p.focus, p.path, p.message))
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        problems.append(Problem(
            focus=str(focus), label=_label(data, focus), path=_short(data, path),
            message=str(message or "violates a shape"), sentence=_sentence(data, focus)))
    return sorted(problems, key=lambda p: (p.focus, p.path, p.message))


def _repeated_observations(data: Graph) -> list:
    """IC-12: the datasets with two observations of the same area, period, indicator and kind (one entry for
    each observation beyond the first, as the SPARQL constraint reports one result per such pair)."""
    seen: set[tuple] = set()
    repeated = []
    for observation in sorted(set(data.subjects(QB.dataSet, None))):
        for dataset in data.objects(observation, QB.dataSet):
            keys = [(dataset, area, period, indicator, kind)
                    for area in data.objects(observation, GK.refArea)
                    for period in data.objects(observation, GK.refPeriod)
                    for indicator in data.objects(observation, GK.indicator)
                    for kind in data.objects(observation, GK.measureKind)]
            repeated.extend(dataset for key in keys if key in seen)
            seen.update(keys)
    return repeated


def _label(data: Graph, node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label, NIF.anchorOf):
        if (value := data.value(node, prop)) is not None:
            return str(value)
    return ""


def _short(data: Graph, path) -> str:
    if path is None:
        return "(node)"
    if isinstance(path, URIRef):
        return data.namespace_manager.normalizeUri(path)
    return str(path)


def _sentence(data: Graph, node) -> str:
    mention = node if (node, NIF.anchorOf, None) in data else data.value(node, GK.evidence)
    if mention is None:
        return ""
    sentence = data.value(mention, GK.sentence) or mention
    return str(data.value(sentence, NIF.anchorOf) or "")
