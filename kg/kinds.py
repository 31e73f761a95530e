"""The kinds of fact, the statuses of a project and the kinds of measure: one table each, read by every module."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the extractors read these tables, and stay free of rdflib: the IRIs are looked up when asked
    from rdflib import URIRef


@dataclass(frozen=True)
class _Kind:
    cls: str  # the ontology class, and the name of the fact record (kg.build.facts) that maps to it
    slug: str  # the IRI segment of its entities: {base}{report}/{slug}/{name}
    plural: str  # as the CLI and the stats print it
    label: str  # as the site shows it
    gold: str  # the list of a gold file (../shared/eval/gold) that holds it
    tag: str | None = None  # the span model's label, for the kinds it marks


class Kind(Enum):
    """A kind of fact a report yields, in the order the mapper, the tables and the pages list them.

    >>> from kg.vocab import GK
    >>> Kind.CHAIN.plural, Kind.CHAIN.label, Kind.CHAIN.iri == GK.IndustryChain
    ('chains', '产业链', True)
    >>> Kind.of("GlossaryTerm") is Kind.GLOSSARY
    True
    """
    ENTERPRISE = _Kind("Enterprise", "enterprise", "enterprises", "企业", "enterprises", "ENT")
    CHAIN = _Kind("IndustryChain", "chain", "chains", "产业链", "industry_chains", "CHN")
    PROJECT = _Kind("Project", "project", "projects", "项目", "projects", "PRJ")
    GLOSSARY = _Kind("GlossaryTerm", "term", "glossary terms", "名词解释", "glossary")
    INDICATOR = _Kind("Indicator", "indicator", "indicators", "指标", "indicators")

    @property
    def cls(self) -> str:
        return self.value.cls

    @property
    def slug(self) -> str:
        return self.value.slug

    @property
    def plural(self) -> str:
        return self.value.plural

    @property
    def label(self) -> str:
        return self.value.label

    @property
    def gold(self) -> str:
        return self.value.gold

    @property
    def tag(self) -> str | None:
        return self.value.tag

    @property
    def iri(self) -> URIRef:
        from kg.vocab import GK

        return GK[self.value.cls]

    @classmethod
    def of(cls, name: str) -> Kind:
        """The kind whose class (or fact record) is called `name`; KeyError for any other name."""
        for kind in cls:
            if kind.value.cls == name:
                return kind
        raise KeyError(name)


KINDS: tuple[Kind, ...] = tuple(Kind)
# the kinds that name things across reports (identity links, the site's entity pages)
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
