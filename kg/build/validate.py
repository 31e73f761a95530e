"""SHACL validation with pyshacl, and problems a person can read.

Each problem says which entity, which property, what is wrong, and the sentence of the report it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH, SKOS

from kg.resources import ontology_file
from kg.vocab import GK, NIF


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


def validate(data: Graph) -> list[Problem]:
    """The graph's violations of ontology/shapes.ttl; empty when it conforms."""
    from pyshacl import validate as shacl

    conforms, results, _ = shacl(data, shacl_graph=shapes(), inference="none", advanced=False,
                                 allow_warnings=True)
    if conforms:
        return []
    problems = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        problems.append(Problem(
            focus=str(focus), label=_label(data, focus), path=_short(data, path),
            message=str(message or "violates a shape"), sentence=_sentence(data, focus)))
    return sorted(problems, key=lambda p: (p.focus, p.path, p.message))


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
