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


@cache
def _core_shapes() -> tuple[Graph, str]:
    """The shapes without their one SPARQL constraint (IC-12, a third of pySHACL's time on a report), and
    that constraint's message. A store without contexts: pySHACL reads the shapes graph a hundred
    thousand times a report, and the context bookkeeping of the default store costs a tenth of that."""
    full = shapes()
    sparql = set(full.objects(None, SH.sparql))
    message = next(str(full.value(node, SH.message)) for node in sparql)
    core = Graph(store="SimpleMemory")
    for prefix, namespace in full.namespaces():
        core.bind(prefix, namespace)
    for triple in full:
        if triple[1] != SH.sparql and triple[0] not in sparql:
            core.add(triple)
    return core, message


def validate(data: Graph, full: bool = True) -> list[Problem]:
    """The graph's violations of ontology/shapes.ttl; empty when it conforms.

    `full=False` is for graphs the mapper made: pySHACL checks every shape but IC-12 (no two observations
    with the same dimensions), and a scan in Python checks IC-12 with the same verdicts and message.
    `kg validate` checks everything with pySHACL, for graphs from anywhere.
    """
    from pyshacl import validate as shacl

    shapes_graph, message = (shapes(), "") if full else _core_shapes()
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
