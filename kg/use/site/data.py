"""What the site shows: the built graphs in one store, and the look-ups, rows and entries the pages need.

Each report's entities and indicators, the rows of its charts and the entries of the search index."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

from kg.kinds import NAMED, Kind
from kg.use.graphs import graph_files, union_store
from kg.vocab import PREFIXES

# plain strings, so that IRIs read from the store compare equal to them
GK, SKOS, RDFS, DCT, NIF, SCHEMA, QB, OWL = (str(PREFIXES[prefix]) for prefix in
                                             ("gk", "skos", "rdfs", "dcterms", "nif", "schema", "qb", "owl"))
RDF_TYPE = str(RDF.type)

# the kinds with pages of their own, in the order the pages list them: the named kinds, then the glossary
SHOWN: tuple[Kind, ...] = (*NAMED, Kind.GLOSSARY)


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


class Data:
    """An in-memory store of everything to publish, with the few look-ups the pages need."""

    def __init__(self, source: Path):
        self.store = union_store(graph_files(Path(source)))
        self._types: dict[str, list[str]] = {}

    def objects(self, subject: str, predicate: str) -> list:
        quads = self.store.quads_for_pattern(node(subject), node(predicate), None, ox.DefaultGraph())
        return [quad.object for quad in quads]

    def value(self, subject: str, predicate: str) -> str | None:
        found = self.objects(subject, predicate)
        return min(obj.value for obj in found) if found else None

    def subjects(self, predicate: str, obj) -> list[str]:
        quads = self.store.quads_for_pattern(None, node(predicate), obj, ox.DefaultGraph())
        return sorted({quad.subject.value for quad in quads})

    def of_type(self, cls: str) -> list[str]:
        if cls not in self._types:
            self._types[cls] = self.subjects(RDF_TYPE, node(cls))
        return self._types[cls]

    def triples(self, subject: str) -> list[ox.Quad]:
        return sorted(self.store.quads_for_pattern(node(subject), None, None, ox.DefaultGraph()), key=str)

    def pointing_at(self, iri: str) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(None, None, node(iri), ox.DefaultGraph()))

    def label(self, iri: str) -> str:
        return (self.value(iri, SKOS + "prefLabel") or self.value(iri, RDFS + "label") or self.value(iri, DCT + "title")
                or iri.rsplit("/", 1)[-1])

    def own_quads(self, iri: str) -> list[ox.Quad]:
        """The entity's triples, those of its amounts and milestones, and those of its evidence."""
        seen, out = set(), []
        todo = [iri]
        while todo:
            subject = todo.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for quad in self.triples(subject):
                out.append(ox.Quad(quad.subject, quad.predicate, quad.object))
                obj = quad.object
                if isinstance(obj, ox.NamedNode) and (obj.value.startswith(iri + "/") or "#char=" in obj.value):
                    todo.append(obj.value)
        return sorted(set(out), key=str)


@dataclass
class Report:
    iri: str
    ident: str
    title: str
    meta: list[tuple[str, str]]
    entities: dict[Kind, list[str]] = field(default_factory=dict)  # kind → entity IRIs
    observations: list[str] = field(default_factory=list)


def reports(data: Data) -> list[Report]:
    out = []
    for iri in data.of_type(GK + "Report"):
        ident = data.value(iri, DCT + "identifier") or iri.rsplit("/", 1)[-1]
        place = data.value(iri, GK + "place")
        meta = [(key, value) for key, value in (
            ("地区", data.label(place) if place else None),
            ("年份", data.value(iri, GK + "year")),
            ("回顾年份", data.value(iri, GK + "reviewYear")),
            ("日期", data.value(iri, DCT + "date")),
            ("报告人", data.value(iri, GK + "speaker")),
            ("会议", data.value(iri, GK + "meeting")),
        ) if value]
        report = Report(iri, ident, data.value(iri, DCT + "title") or ident, meta)
        members = set(data.subjects(GK + "report", node(iri)))
        for kind in SHOWN:
            report.entities[kind] = sorted((entity for entity in data.of_type(GK + kind.cls) if entity in members),
                                           key=data.label)
        datasets = [member for member in members if member in set(data.of_type(QB + "DataSet"))]
        report.observations = sorted(obs for dataset in datasets for obs in data.subjects(QB + "dataSet", node(dataset)))
        out.append(report)
    return sorted(out, key=lambda report: report.ident)


def investment_by_chain(data: Data, report: Report) -> list[tuple[str, float]]:
    """The total investment of the report's projects, summed per industry chain."""
    by_chain: dict[str, float] = defaultdict(float)
    for project in report.entities[Kind.PROJECT]:
        amount = data.value(project, GK + "totalInvestment")
        value = data.value(amount, SCHEMA + "value") if amount else None
        chain = data.value(project, GK + "chain")
        if value:
            by_chain[data.label(chain) if chain else "未关联产业链的项目"] += float(value)
    return list(by_chain.items())


def milestones_by_month(data: Data, report: Report) -> list[tuple[str, int]]:
    """How many of the report's project milestones fall due in each month, in month order."""
    by_month: dict[str, int] = defaultdict(int)
    for project in report.entities[Kind.PROJECT]:
        for milestone in data.objects(project, GK + "milestone"):
            due = data.value(milestone.value, GK + "dueDate")
            if due:
                by_month[due[:7]] += 1
    return sorted(by_month.items())


@dataclass(frozen=True)
class ProjectRow:
    """A project as the report page lists it: its amount in yuan, its milestones due and its status."""
    iri: str
    amount: float | None
    due: tuple[tuple[str, str], ...]  # (due date, what is due), in date order
    status: str | None  # the IRI of its gk:ProjectStatus


def project_rows(data: Data, report: Report) -> list[ProjectRow]:
    rows = []
    for project in report.entities[Kind.PROJECT]:
        amount = data.value(project, GK + "totalInvestment")
        value = data.value(amount, SCHEMA + "value") if amount else None
        due = sorted((data.value(milestone.value, GK + "dueDate") or "", data.value(milestone.value, GK + "milestoneType")
                      or "") for milestone in data.objects(project, GK + "milestone"))
        rows.append(ProjectRow(project, float(value) if value else None,
                               tuple(pair for pair in due if pair[0]), data.value(project, GK + "status")))
    return rows


def search_entries(data: Data, shown: list[Report], pages: dict[str, str]) -> list[dict]:
    """One entry per entity page: name, aliases, kind, report, page, full pinyin and initials."""
    from pypinyin import Style, lazy_pinyin

    entries = []
    for report in shown:
        for kind, iris in report.entities.items():
            for iri in iris:
                name = data.label(iri)
                aliases = sorted(obj.value for obj in data.objects(iri, SKOS + "altLabel"))
                # short keys: the index ships with every site and is read by search.js
                entries.append({"n": name, "a": aliases, "k": kind.label, "r": report.ident, "u": pages[iri],
                                "p": " ".join("".join(lazy_pinyin(text)).lower() for text in [name, *aliases]),
                                "i": "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()})
    return sorted(entries, key=lambda entry: (entry["n"], entry["r"]))


@cache
def ontology():
    """ontology/govkg.ttl, parsed once for the labels of properties and for the ontology page."""
    from rdflib import Graph

    from kg.resources import ontology_file

    return Graph().parse(ontology_file("govkg.ttl"))


def ontology_labels() -> dict[str, str]:
    """The Chinese label of every ontology term, and of the borrowed terms the pages show."""
    from rdflib import URIRef

    labels = {}
    for subject, obj in ontology().subject_objects(URIRef(RDFS + "label")):
        if getattr(obj, "language", None) == "zh":
            labels[str(subject)] = str(obj)
    labels.update({SKOS + "altLabel": "别名", SKOS + "definition": "定义", SKOS + "notation": "编号",
                   SKOS + "inScheme": "所属词表", RDF_TYPE: "类型",
                   SCHEMA + "value": "数值（元）", SCHEMA + "currency": "币种"})
    return labels
