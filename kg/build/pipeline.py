"""One report from file to validated graph: load, extract, consolidate, map, validate."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.build.extract import extract_all
from kg.build.facts import Fact, consolidate
from kg.build.graph import to_graph
from kg.build.lexicon import wordlist
from kg.build.text import Document, load_document
from kg.build.validate import Problem, validate
from kg.vocab import DEFAULT_BASE


@dataclass
class Built:
    doc: Document
    facts: list[Fact]
    graph: Graph
    problems: list[Problem]


def facts_of(doc: Document, mode: str = "shipped", model: str | None = None) -> list[Fact]:
    return consolidate(extract_all(doc, mode, model), wordlist("enterprise_suffixes"))


def build_graph(path: Path, base: str = DEFAULT_BASE, mode: str = "shipped", model: str | None = None) -> Graph:
    """The graph of one report, unvalidated, with enterprises, projects and chains found the way `mode` says."""
    doc = load_document(path)
    return to_graph(doc, facts_of(doc, mode, model), base)


def build(path: Path, base: str = DEFAULT_BASE, check: bool = True, mode: str = "shipped") -> Built:
    doc = load_document(path)
    facts = facts_of(doc, mode)
    graph = to_graph(doc, facts, base)
    return Built(doc, facts, graph, validate(graph) if check else [])
