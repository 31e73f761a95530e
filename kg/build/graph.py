"""Facts to RDF: one graph per report, one mapper per fact class, every IRI minted, provenance on every fact."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.build.document import Document
from kg.build.facts import (
    Amount,
    Enterprise,
    Evidence,
    Fact,
    GlossaryTerm,
    Indicator,
    IndustryChain,
    Mention,
    Milestone,
    Project,
    kind_of,
    name_of,
)

# Minter and slug_report stay importable from here for kg.build.corpus until the lead rewrites its imports
from kg.build.mint import fact_order, minter_for
from kg.build.places import Place, place_triples
from kg.kinds import KINDS, Kind, Measure, Status
from kg.vocab import DEFAULT_BASE, GK, NIF, PREFIXES, QB, SCHEMA


def decimal_literal(value: Decimal) -> Literal:
    """A number as a canonical xsd:decimal literal: ASCII digits with one point, written out ourselves."""
    text = format(value, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class _Mapper:
    """The graph of one report being written, with its minter and the names its facts may link to."""

    def __init__(self, doc: Document, facts: list[Fact], base: str):
        self.doc = doc
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.minter = minter_for(base, doc.name, facts)
        # a link is made only to a thing among the facts, whatever order the facts are mapped in
        self.names = {kind: {name_of(fact) for fact in facts if kind_of(fact) is kind} for kind in KINDS}
        self._quoted: set[URIRef] = set()

    def add(self, subject: URIRef, predicate: URIRef, value) -> None:
        self.graph.add((subject, predicate, value))

    def link(self, subject: URIRef, predicate: URIRef, kind: Kind, name: str | None) -> None:
        """subject --predicate--> the entity of `kind` called `name`, if the facts have one."""
        if name in self.names[kind]:
            self.add(subject, predicate, self.minter.mint(kind, name))

    def quote(self, span: Mention) -> URIRef:
        """The node of a quoted span of the report (described once), and of the sentence around it."""
        node = self.minter.span(span.start, span.end)
        if node in self._quoted:
            return node
        self._quoted.add(node)
        self.add(node, RDF.type, GK.Mention)
        self.add(node, GK.report, self.minter.report)
        self.add(node, NIF.beginIndex, Literal(str(span.start), datatype=XSD.nonNegativeInteger))
        self.add(node, NIF.endIndex, Literal(str(span.end), datatype=XSD.nonNegativeInteger))
        self.add(node, NIF.anchorOf, Literal(span.text))
        sentence = self.doc.sentence_at(span.start)
        if sentence.end > sentence.start and (sentence.start, sentence.end) != (span.start, span.end):
            self.add(node, GK.sentence, self.quote(self.doc.mention(sentence.start, sentence.end)))
        return node

    def cite(self, node: URIRef, evidence: Evidence, predicate: URIRef = GK.evidence) -> None:
        for span in evidence:
            self.add(node, predicate, self.quote(span))

    def entity(self, kind: Kind, name: str, evidence: Evidence) -> URIRef:
        """The labelled node of a named thing of the report."""
        node = self.minter.mint(kind, name)
        self.add(node, RDF.type, kind.iri)
        self.add(node, SKOS.prefLabel, _zh(name))
        self.add(node, RDFS.label, _zh(name))
        self.add(node, GK.report, self.minter.report)
        self.cite(node, evidence)
        return node

    def aliases(self, node: URIRef, aliases: Iterable[str]) -> None:
        for alias in aliases:
            self.add(node, SKOS.altLabel, _zh(alias))

    def confidence(self, node: URIRef, value: float | None) -> None:
        if value is not None:
            # three decimals written by us: a float's repr would differ across platforms in the last digit
            self.add(node, GK.confidence, Literal(f"{value:.3f}", datatype=XSD.decimal))

    def amount(self, node: URIRef, amount: Amount) -> URIRef:
        self.add(node, RDF.type, SCHEMA.MonetaryAmount)
        self.add(node, SCHEMA.value, decimal_literal(amount.yuan))
        self.add(node, SCHEMA.currency, Literal("CNY"))
        self.add(node, GK.originalText, _zh(amount.text))
        self.cite(node, amount.evidence)
        return node

    def milestone(self, node: URIRef, milestone: Milestone) -> URIRef:
        self.add(node, RDF.type, GK.Milestone)
        self.add(node, GK.milestoneType, _zh(milestone.verb))
        self.add(node, GK.originalText, _zh(milestone.text))
        if milestone.due:
            self.add(node, GK.dueDate, Literal(milestone.due.isoformat(), datatype=XSD.date))
        self.cite(node, milestone.evidence)
        return node

    def area(self) -> URIRef:
        meta = self.doc.meta
        return self.minter.place(meta.province, meta.parent, meta.place) if meta.place else self.minter.report


def _report(mapper: _Mapper) -> None:
    meta, node = mapper.doc.meta, mapper.minter.report
    mapper.add(node, RDF.type, GK.Report)
    title = f"{meta.place or ''}{meta.year or ''}年政府工作报告" if meta.year else "政府工作报告"
    mapper.add(node, DCTERMS.title, _zh(title))
    mapper.add(node, DCTERMS.identifier, Literal(mapper.doc.name))
    mapper.add(node, DCTERMS.language, Literal("zh"))
    if meta.year:
        mapper.add(node, GK.year, Literal(str(meta.year), datatype=XSD.gYear))
    if meta.review_year:
        mapper.add(node, GK.reviewYear, Literal(str(meta.review_year), datatype=XSD.gYear))
    if meta.date:
        mapper.add(node, DCTERMS.date, Literal(meta.date, datatype=XSD.date))
    if meta.speaker:
        mapper.add(node, GK.speaker, _zh(meta.speaker))
    if meta.meeting:
        mapper.add(node, GK.meeting, _zh(meta.meeting))
    if meta.place:
        mapper.add(node, GK.place, mapper.area())
        for triple in place_triples(Place(meta.place, meta.parent, meta.province), mapper.minter.base):
            mapper.add(*triple)


def _enterprise(mapper: _Mapper, fact: Enterprise) -> None:
    node = mapper.entity(Kind.ENTERPRISE, fact.name, fact.evidence)
    mapper.aliases(node, fact.aliases)
    mapper.confidence(node, fact.confidence)


def _chain(mapper: _Mapper, fact: IndustryChain) -> None:
    node = mapper.entity(Kind.CHAIN, fact.name, fact.evidence)
    mapper.confidence(node, fact.confidence)
    mapper.link(node, GK.leader, Kind.ENTERPRISE, fact.leader)
    if fact.output_target:
        mapper.add(node, GK.outputTarget, mapper.amount(mapper.minter.part(node, "output-target"), fact.output_target))


def _project(mapper: _Mapper, fact: Project) -> None:
    node = mapper.entity(Kind.PROJECT, fact.name, fact.evidence)
    mapper.add(node, GK.status, Status(fact.status).iri)
    mapper.confidence(node, fact.confidence)
    mapper.aliases(node, fact.aliases)
    if fact.investment:
        mapper.add(node, GK.totalInvestment, mapper.amount(mapper.minter.part(node, "investment"), fact.investment))
    for number, milestone in enumerate(fact.milestones, 1):
        mapper.add(node, GK.milestone, mapper.milestone(mapper.minter.part(node, "milestone", number), milestone))
    mapper.link(node, GK.enterprise, Kind.ENTERPRISE, fact.enterprise)
    mapper.link(node, GK.chain, Kind.CHAIN, fact.chain)


def _glossary_term(mapper: _Mapper, fact: GlossaryTerm) -> None:
    scheme = mapper.minter.glossary
    mapper.add(scheme, RDF.type, GK.Glossary)
    mapper.add(scheme, SKOS.prefLabel, _zh("名词解释"))
    mapper.add(scheme, GK.report, mapper.minter.report)
    node = mapper.entity(Kind.GLOSSARY, fact.term, fact.evidence)
    mapper.add(node, SKOS.inScheme, scheme)
    mapper.add(node, SKOS.notation, Literal(str(fact.number), datatype=XSD.integer))
    mapper.add(node, SKOS.definition, _zh(fact.definition))
    mapper.cite(node, fact.definition_evidence)
    mapper.cite(node, fact.uses, GK.usedIn)


def _indicator(mapper: _Mapper, fact: Indicator) -> None:
    """One qb:Observation of the report's dataset, its indicator a concept shared by all reports."""
    minter = mapper.minter
    dataset = minter.dataset
    mapper.add(dataset, RDF.type, QB.DataSet)
    mapper.add(dataset, QB.structure, GK.IndicatorStructure)
    mapper.add(dataset, RDFS.label, _zh(f"{mapper.doc.meta.place or mapper.doc.name}主要指标"))
    mapper.add(dataset, GK.report, minter.report)
    concept = minter.indicator(fact.concept)
    mapper.add(concept, RDF.type, GK.Indicator)
    mapper.add(concept, SKOS.prefLabel, _zh(fact.concept))
    mapper.add(concept, SKOS.inScheme, GK.Indicators)
    mapper.aliases(concept, fact.aliases)
    node = minter.observation(fact.concept, fact.period, fact.kind)
    mapper.add(node, RDF.type, QB.Observation)
    mapper.add(node, QB.dataSet, dataset)
    mapper.add(node, GK.refArea, mapper.area())
    mapper.add(node, GK.refPeriod, Literal(str(fact.period), datatype=XSD.gYear))
    mapper.add(node, GK.indicator, concept)
    mapper.add(node, GK.measureKind, Measure(fact.kind).iri)
    mapper.add(node, GK.nameInReport, _zh(fact.name))
    if fact.value is not None:
        mapper.add(node, GK.value, decimal_literal(fact.value))
        mapper.add(node, GK.unit, _zh(fact.unit))
    if fact.growth_pct is not None:
        mapper.add(node, GK.growthPct, decimal_literal(fact.growth_pct))
    if fact.growth_pct_upper is not None:
        mapper.add(node, GK.growthPctUpper, decimal_literal(fact.growth_pct_upper))
    if fact.qualifier:
        mapper.add(node, GK.qualifier, _zh(fact.qualifier))
    if fact.rank:
        mapper.add(node, GK.rank, _zh(fact.rank))
    mapper.cite(node, fact.evidence)


MAPPERS: dict[type, Callable[[_Mapper, Fact], None]] = {
    Enterprise: _enterprise, IndustryChain: _chain, Project: _project,
    GlossaryTerm: _glossary_term, Indicator: _indicator,
}


def to_graph(doc: Document, facts: list[Fact], base: str = DEFAULT_BASE) -> Graph:
    """The graph of a report: its metadata, then each fact by the mapper of its class."""
    mapper = _Mapper(doc, facts, base)
    _report(mapper)
    for fact in sorted(facts, key=fact_order):
        MAPPERS[type(fact)](mapper, fact)
    return mapper.graph
