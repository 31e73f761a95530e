"""One report from text to validated graph: read, extract, consolidate, map, check. Every caller builds through here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg.build.document import Document
from kg.build.extract import extract_all
from kg.build.facts import Fact, consolidate, kind_of
from kg.build.graph import to_graph
from kg.build.identity import Entity
from kg.build.lexicon import wordlist
from kg.build.mint import Minter, minter_for
from kg.build.places import Place
from kg.build.reading import load_document
from kg.build.validate import Problem, validate
from kg.kinds import NAMED
from kg.vocab import DEFAULT_BASE


@dataclass
class Built:
    """What building one report gives every caller: nothing needs to be asked of the graph again."""
    doc: Document
    facts: list[Fact]
    graph: Graph
    report: URIRef  # the report's IRI, which names its graph in a dataset
    entities: list[Entity]  # the named things other reports may name too, for cross-report identity
    problems: list[Problem]  # violations of the shapes; empty when unchecked


def facts_of(doc: Document, mode: str = "shipped", model: str | None = None) -> list[Fact]:
    return consolidate(extract_all(doc, mode, model), wordlist("enterprise_suffixes"))


def build(source: Path | Document, base: str = DEFAULT_BASE, check: bool = True, mode: str = "shipped",
          model: str | None = None) -> Built:
    """Build the report at `source` (a path, or a document already read) with enterprises, projects and
    chains found the way `mode` says; check it against the shapes unless `check` is false."""
    doc = source if isinstance(source, Document) else load_document(Path(source))
    facts = facts_of(doc, mode, model)
    graph = to_graph(doc, facts, base)
    minter = minter_for(base, doc.name, facts)
    return Built(doc, facts, graph, minter.report, _entities(doc, facts, minter), validate(graph, full=False) if check else [])


def build_graph(path: Path, base: str = DEFAULT_BASE, mode: str = "shipped", model: str | None = None) -> Graph:
    """The graph of one report, unchecked."""
    return build(path, base, check=False, mode=mode, model=model).graph


def _entities(doc: Document, facts: list[Fact], minter: Minter) -> list[Entity]:
    """The entities as the mapper writes them, from the facts: no need to ask the graph."""
    meta = doc.meta
    place = Place(meta.place, meta.parent, meta.province)
    entities = []
    for kind in NAMED:
        iris = {minter.mint(kind, fact.name): fact for fact in facts if kind_of(fact) is kind}
        for iri in sorted(iris):
            fact = iris[iri]
            names = (fact.name, *sorted(set(getattr(fact, "aliases", ()))))
            first = min(str(minter.span(span.start, span.end)) for span in fact.evidence)
            entities.append(Entity(doc.name, kind.slug, str(iri), names, first, place))
    return entities
