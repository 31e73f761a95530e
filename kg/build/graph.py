"""Facts to RDF: one graph per report, every IRI minted by `Minter`, provenance on every fact."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.build.facts import Amount, Enterprise, Fact, GlossaryTerm, IndustryChain, Indicator, Mention, Milestone, Project
from kg.build.lexicon import indicator_aliases
from kg.build.text import Document
from kg.vocab import DEFAULT_BASE, GK, NIF, PREFIXES, QB, SCHEMA

_STATUS = {"completed": GK.Completed, "started": GK.Started, "reported": GK.Reported, "planned": GK.Planned}
_KIND = {"actual": GK.Actual, "target": GK.Target}


@lru_cache(maxsize=65536)
def slug(text: str, limit: int = 48, tones: bool = False) -> str:
    """An ASCII, IRI-safe rendering of a name: pinyin for Chinese, lower-case ASCII kept.

    With `tones`, syllables carry tone numbers, for names shared across reports with no minter to
    tell homophones apart (山西 shan1-xi1, 陕西 shan3-xi1).
    """
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(text, style=Style.TONE3 if tones else Style.NORMAL, errors=lambda chars: [chars])
    out = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    if not out or len(out) > limit:
        out = (out[:limit].rstrip("-") + "-" if out else "x-") + hashlib.sha1(text.encode()).hexdigest()[:8]
    return out


class Minter:
    """The one IRI factory: deterministic, ASCII-safe, unique per report and kind.

    Names are minted in sorted order, so two names with the same pinyin always get the same IRIs.
    """

    def __init__(self, base: str, report_id: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.report = URIRef(self.base + report_id)
        self._taken: dict[str, str] = {}
        self._seen: dict[tuple[str, str], URIRef] = {}

    def mint(self, kind: str, name: str) -> URIRef:
        key = (kind, name)
        if key not in self._seen:
            path = f"{kind}/{slug(name)}"
            if path in self._taken and self._taken[path] != name:
                path += "-" + hashlib.sha1(name.encode()).hexdigest()[:8]
            self._taken[path] = name
            self._seen[key] = URIRef(f"{self.report}/{path}")
        return self._seen[key]

    def mention(self, start: int, end: int) -> URIRef:
        return URIRef(f"{self.report}#char={start},{end}")

    def indicator(self, concept: str) -> URIRef:
        """An indicator concept under the base, shared by every report."""
        return URIRef(f"{self.base}indicator/{slug(concept)}")

    def place(self, *names: str | None) -> URIRef:
        """A place under the base, not the report: the same city in two reports is one node."""
        return URIRef(f"{self.base}place/{'/'.join(slug(n, tones=True) for n in names if n)}")


def _decimal(value: Decimal) -> Literal:
    # canonical xsd:decimal lexical form with ASCII digits, written out ourselves
    text = format(value, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class _Builder:
    def __init__(self, doc: Document, base: str):
        self.doc = doc
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.m = Minter(base, slug_report(doc.name))

    def mention(self, mention: Mention) -> URIRef:
        node = self.m.mention(mention.start, mention.end)
        if (node, RDF.type, GK.Mention) in self.g:
            return node
        g = self.g
        g.add((node, RDF.type, GK.Mention))
        g.add((node, GK.report, self.m.report))
        g.add((node, NIF.beginIndex, Literal(str(mention.start), datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(str(mention.end), datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.anchorOf, Literal(mention.text)))
        sentence = self.doc.sentence_at(mention.start)
        if sentence.end > sentence.start and (sentence.start, sentence.end) != (mention.start, mention.end):
            g.add((node, GK.sentence, self.mention(self.doc.mention(sentence.start, sentence.end))))
        return node

    def evidence(self, node: URIRef, evidence) -> None:
        for mention in evidence:
            self.g.add((node, GK.evidence, self.mention(mention)))

    def labelled(self, node: URIRef, cls: URIRef, name: str, evidence) -> URIRef:
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, _zh(name)))
        g.add((node, RDFS.label, _zh(name)))
        g.add((node, GK.report, self.m.report))
        self.evidence(node, evidence)
        return node

    def amount(self, node: URIRef, amount: Amount) -> URIRef:
        g = self.g
        g.add((node, RDF.type, SCHEMA.MonetaryAmount))
        g.add((node, SCHEMA.value, _decimal(amount.yuan)))
        g.add((node, SCHEMA.currency, Literal("CNY")))
        g.add((node, GK.originalText, _zh(amount.text)))
        self.evidence(node, amount.evidence)
        return node

    def milestone(self, node: URIRef, milestone: Milestone) -> URIRef:
        g = self.g
        g.add((node, RDF.type, GK.Milestone))
        g.add((node, GK.milestoneType, _zh(milestone.verb)))
        g.add((node, GK.originalText, _zh(milestone.text)))
        if milestone.due:
            g.add((node, GK.dueDate, Literal(milestone.due.isoformat(), datatype=XSD.date)))
        self.evidence(node, milestone.evidence)
        return node

    def observation(self, fact: Indicator) -> URIRef:
        """One qb:Observation of the report's dataset, its indicator a concept shared by all reports."""
        g, report = self.g, self.m.report
        dataset = URIRef(f"{report}/indicators")
        if (dataset, RDF.type, QB.DataSet) not in g:
            g.add((dataset, RDF.type, QB.DataSet))
            g.add((dataset, QB.structure, GK.IndicatorStructure))
            g.add((dataset, RDFS.label, _zh(f"{self.doc.meta.place or self.doc.name}主要指标")))
            g.add((dataset, GK.report, report))
        concept = self.m.indicator(fact.concept)
        if (concept, RDF.type, GK.Indicator) not in g:
            g.add((concept, RDF.type, GK.Indicator))
            g.add((concept, SKOS.prefLabel, _zh(fact.concept)))
            g.add((concept, SKOS.inScheme, GK.Indicators))
            for other in indicator_aliases(fact.concept):
                g.add((concept, SKOS.altLabel, _zh(other)))
        node = URIRef(f"{dataset}/{slug(fact.concept)}/{fact.period}/{fact.kind}")
        g.add((node, RDF.type, QB.Observation))
        g.add((node, QB.dataSet, dataset))
        g.add((node, GK.refArea, self.area()))
        g.add((node, GK.refPeriod, Literal(str(fact.period), datatype=XSD.gYear)))
        g.add((node, GK.indicator, concept))
        g.add((node, GK.measureKind, _KIND[fact.kind]))
        g.add((node, GK.nameInReport, _zh(fact.name)))
        if fact.value is not None:
            g.add((node, GK.value, _decimal(fact.value)))
            g.add((node, GK.unit, _zh(fact.unit)))
        if fact.growth_pct is not None:
            g.add((node, GK.growthPct, _decimal(fact.growth_pct)))
        if fact.growth_pct_upper is not None:
            g.add((node, GK.growthPctUpper, _decimal(fact.growth_pct_upper)))
        if fact.qualifier:
            g.add((node, GK.qualifier, _zh(fact.qualifier)))
        if fact.rank:
            g.add((node, GK.rank, _zh(fact.rank)))
        self.evidence(node, fact.evidence)
        return node

    def confidence(self, node: URIRef, value: float | None) -> None:
        if value is not None:
            # three decimals written by us: a float's repr would differ across platforms in the last digit
            self.g.add((node, GK.confidence, Literal(f"{value:.3f}", datatype=XSD.decimal)))

    def area(self) -> URIRef:
        meta = self.doc.meta
        return self.m.place(meta.province, meta.parent, meta.place) if meta.place else self.m.report

    def report(self) -> None:
        g, meta, node = self.g, self.doc.meta, self.m.report
        g.add((node, RDF.type, GK.Report))
        title = f"{meta.place or ''}{meta.year or ''}年政府工作报告" if meta.year else "政府工作报告"
        g.add((node, DCTERMS.title, _zh(title)))
        g.add((node, DCTERMS.identifier, Literal(self.doc.name)))
        g.add((node, DCTERMS.language, Literal("zh")))
        if meta.year:
            g.add((node, GK.year, Literal(str(meta.year), datatype=XSD.gYear)))
        if meta.review_year:
            g.add((node, GK.reviewYear, Literal(str(meta.review_year), datatype=XSD.gYear)))
        if meta.date:
            g.add((node, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
        if meta.speaker:
            g.add((node, GK.speaker, _zh(meta.speaker)))
        if meta.meeting:
            g.add((node, GK.meeting, _zh(meta.meeting)))
        if meta.place:
            g.add((node, GK.place, self.area()))
            chain = [(name, self.m.place(*names)) for name, names in (
                (meta.province, (meta.province,)),
                (meta.parent, (meta.province, meta.parent)),
                (meta.place, (meta.province, meta.parent, meta.place)),
            ) if name]
            for name, iri in chain:
                g.add((iri, RDF.type, GK.Place))
                g.add((iri, RDFS.label, _zh(name)))
            for (_, inner), (name, outer) in zip(chain[1:], chain):
                g.add((inner, GK.province if name == meta.province else GK.partOf, outer))


def slug_report(name: str) -> str:
    """A report's id: its file name when that is ASCII already (houma-2024), else its pinyin."""
    ascii_name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return ascii_name if ascii_name and name.isascii() else slug(name, limit=64)


def to_graph(doc: Document, facts: list[Fact], base: str = DEFAULT_BASE) -> Graph:
    b = _Builder(doc, base)
    b.report()
    g, mint = b.g, b.m.mint
    order = {Enterprise: 0, IndustryChain: 1, Project: 2, GlossaryTerm: 3, Indicator: 4}
    facts = sorted(facts, key=lambda f: (order[type(f)], str(getattr(f, "name", None) or f.term),
                                         getattr(f, "period", 0), getattr(f, "kind", "")))
    for fact in facts:
        if isinstance(fact, Enterprise):
            node = b.labelled(mint("enterprise", fact.name), GK.Enterprise, fact.name, fact.evidence)
            for alias in fact.aliases:
                g.add((node, SKOS.altLabel, _zh(alias)))
            b.confidence(node, fact.confidence)
        elif isinstance(fact, IndustryChain):
            node = b.labelled(mint("chain", fact.name), GK.IndustryChain, fact.name, fact.evidence)
            b.confidence(node, fact.confidence)
            if fact.leader:
                leader = mint("enterprise", fact.leader)
                if (leader, RDF.type, GK.Enterprise) in g:
                    g.add((node, GK.leader, leader))
            if fact.output_target:
                g.add((node, GK.outputTarget, b.amount(URIRef(f"{node}/output-target"), fact.output_target)))
        elif isinstance(fact, Project):
            node = b.labelled(mint("project", fact.name), GK.Project, fact.name, fact.evidence)
            g.add((node, GK.status, _STATUS[fact.status]))
            b.confidence(node, fact.confidence)
            for alias in fact.aliases:
                g.add((node, SKOS.altLabel, _zh(alias)))
            if fact.investment:
                g.add((node, GK.totalInvestment, b.amount(URIRef(f"{node}/investment"), fact.investment)))
            for i, milestone in enumerate(fact.milestones, 1):
                g.add((node, GK.milestone, b.milestone(URIRef(f"{node}/milestone/{i}"), milestone)))
            if fact.enterprise and (mint("enterprise", fact.enterprise), RDF.type, GK.Enterprise) in g:
                g.add((node, GK.enterprise, mint("enterprise", fact.enterprise)))
            if fact.chain and (mint("chain", fact.chain), RDF.type, GK.IndustryChain) in g:
                g.add((node, GK.chain, mint("chain", fact.chain)))
        elif isinstance(fact, GlossaryTerm):
            scheme = URIRef(f"{b.m.report}/glossary")
            g.add((scheme, RDF.type, GK.Glossary))
            g.add((scheme, SKOS.prefLabel, _zh("名词解释")))
            g.add((scheme, GK.report, b.m.report))
            node = b.labelled(mint("term", fact.term), GK.GlossaryTerm, fact.term, fact.evidence)
            g.add((node, SKOS.inScheme, scheme))
            g.add((node, SKOS.notation, Literal(str(fact.number), datatype=XSD.integer)))
            g.add((node, SKOS.definition, _zh(fact.definition)))
            b.evidence(node, fact.definition_evidence)
            for use in fact.uses:
                g.add((node, GK.usedIn, b.mention(use)))
        elif isinstance(fact, Indicator):
            b.observation(fact)
    return g
