"""What the site shows, read from built graphs (a graph file or a corpus folder) into an in-memory store."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.serialize import graph_files, ox_format

GK = "https://w3id.org/govkg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA = "https://schema.org/"
QB = "http://purl.org/linked-data/cube#"

KINDS = (("Enterprise", "企业"), ("Project", "项目"), ("IndustryChain", "产业链"), ("GlossaryTerm", "名词解释"))



def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


class Data:
    """An in-memory store of everything to publish, with the few look-ups the pages need."""

    def __init__(self, source: Path):
        source = Path(source)
        self.store = ox.Store()
        self._types: dict[str, list[str]] = {}
        for path in graph_files(source):
            # every graph's triples in the default graph: the pages look across reports and the shared graph
            self.store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                              for q in ox.parse(path=str(path), format=ox_format(path)))

    def objects(self, subject: str, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(n(subject), n(predicate), None, ox.DefaultGraph())]

    def value(self, subject: str, predicate: str) -> str | None:
        found = self.objects(subject, predicate)
        return min(o.value for o in found) if found else None

    def subjects(self, predicate: str, obj) -> list[str]:
        return sorted({q.subject.value for q in self.store.quads_for_pattern(None, n(predicate), obj, ox.DefaultGraph())})

    def of_type(self, cls: str) -> list[str]:
        if cls not in self._types:
            self._types[cls] = self.subjects(RDF_TYPE.value, n(cls))
        return self._types[cls]

    def triples(self, subject: str) -> list[ox.Quad]:
        return sorted(self.store.quads_for_pattern(n(subject), None, None, ox.DefaultGraph()), key=str)

    def label(self, iri: str) -> str:
        return (self.value(iri, SKOS + "prefLabel") or self.value(iri, RDFS + "label") or self.value(iri, DCT + "title")
                or iri.rsplit("/", 1)[-1])


@dataclass
class Report:
    iri: str
    ident: str
    title: str
    meta: list[tuple[str, str]]
    entities: dict[str, list[str]] = field(default_factory=dict)  # kind → entity IRIs
    observations: list[str] = field(default_factory=list)


def reports(data: Data) -> list[Report]:
    out = []
    for iri in data.of_type(GK + "Report"):
        ident = data.value(iri, DCT + "identifier") or iri.rsplit("/", 1)[-1]
        place = data.value(iri, GK + "place")
        meta = [(k, v) for k, v in (
            ("地区", data.label(place) if place else None),
            ("年份", data.value(iri, GK + "year")),
            ("回顾年份", data.value(iri, GK + "reviewYear")),
            ("日期", data.value(iri, DCT + "date")),
            ("报告人", data.value(iri, GK + "speaker")),
            ("会议", data.value(iri, GK + "meeting")),
        ) if v]
        report = Report(iri, ident, data.value(iri, DCT + "title") or ident, meta)
        members = set(data.subjects(GK + "report", n(iri)))
        for cls, _ in KINDS:
            report.entities[cls] = sorted((e for e in data.of_type(GK + cls) if e in members), key=data.label)
        datasets = [d for d in members if d in set(data.of_type(QB + "DataSet"))]
        report.observations = sorted(o for d in datasets for o in data.subjects(QB + "dataSet", n(d)))
        out.append(report)
    return sorted(out, key=lambda r: r.ident)
