"""The kinds of fact, the statuses of a project and the kinds of measure: one table each, read by every module."""
from __future__ import annotations

from enum import Enum, StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the extractors read these tables, and stay free of rdflib: the IRIs are looked up when asked
    from rdflib import URIRef


class Kind(Enum):
    """A kind of fact a report yields, in the order the mapper, the tables and the pages list them.

    >>> from kg.vocab import GK
    >>> Kind.CHAIN.plural, Kind.CHAIN.label, Kind.CHAIN.iri == GK.IndustryChain
    ('chains', '产业链', True)
    >>> Kind.of("GlossaryTerm") is Kind.GLOSSARY
    True
    """
    ENTERPRISE = ("Enterprise", "enterprise", "enterprises", "企业", "enterprises", "ENT")
    CHAIN = ("IndustryChain", "chain", "chains", "产业链", "industry_chains", "CHN")
    PROJECT = ("Project", "project", "projects", "项目", "projects", "PRJ")
    GLOSSARY = ("GlossaryTerm", "term", "glossary terms", "名词解释", "glossary", None)
    INDICATOR = ("Indicator", "indicator", "indicators", "指标", "indicators", None)

    def __init__(self, cls: str, slug: str, plural: str, label: str, gold: str, tag: str | None):
        self.cls = cls  # the ontology class, and the name of the fact record (kg.build.facts) that maps to it
        self.slug = slug  # the IRI segment of its entities: {base}{report}/{slug}/{name}
        self.plural = plural  # as the CLI and the stats print it
        self.label = label  # as the site shows it
        self.gold = gold  # the list of a gold file (../shared/eval/gold) that holds it
        self.tag = tag  # the span model's label, for the kinds it marks

    @property
    def iri(self) -> URIRef:
        from kg.vocab import GK

        return GK[self.cls]

    @classmethod
    def of(cls, name: str) -> Kind:
        """The kind whose class (or fact record) is called `name`; KeyError for any other name."""
        for kind in cls:
            if kind.cls == name:
                return kind
        raise KeyError(name)


KINDS: tuple[Kind, ...] = tuple(Kind)
# the kinds that name things across reports (cross-report identity, the site's entity pages)
NAMED: tuple[Kind, ...] = (Kind.ENTERPRISE, Kind.PROJECT, Kind.CHAIN)


class Status(StrEnum):
    """A project's status, strongest first: two mentions of one project merge into the first of theirs."""
    COMPLETED = "completed"
    STARTED = "started"
    PLANNED = "planned"
    REPORTED = "reported"

    @property
    def iri(self) -> URIRef:
        from kg.vocab import GK

        return GK[self.value.capitalize()]


class Measure(StrEnum):
    """What an indicator's figure is: last year's outcome or this year's aim."""
    ACTUAL = "actual"
    TARGET = "target"

    @property
    def iri(self) -> URIRef:
        from kg.vocab import GK

        return GK[self.value.capitalize()]
