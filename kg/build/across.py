"""Across reports: each report's place resolved to one shared place, the report of the year before, and the ledger.

Read from the quads each report's build gave (its own graph and its places in the shared graph), so the
cache keeps nothing more; written as triples of the shared graph and as each report's quads, its place renamed.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.build.graph import decimal_literal
from kg.build.identity import Cluster
from kg.build.ledger import Figure, Pair, Promise, pairs, promises
from kg.build.mint import commitment_node, place_iri
from kg.build.places import Place, place_triples, previous, resolve
from kg.kinds import Measure
from kg.vocab import GK, QB

_KINDS = {str(measure.iri): measure.value for measure in Measure}
_TYPE = str(RDF.type)


@dataclass(slots=True)  # one per report, all held while the corpus's places and ledger are found
class Read:
    """What the corpus stage needs of one report, read from its quads."""
    name: str
    report: str
    year: int | None = None
    area: str | None = None  # the place IRI its build minted
    place: Place | None = None
    figures: list[Figure] = field(default_factory=list)
    due: dict[str, list[int]] = field(default_factory=dict)  # project → years of its due dates
    status: dict[str, str] = field(default_factory=dict)  # project → its status IRI


def _table(quads: list[ox.Quad]) -> dict[str, dict[str, list]]:
    """subject → predicate → objects (Oxigraph terms)."""
    table: dict[str, dict[str, list]] = {}
    for quad in quads:
        table.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, []).append(quad.object)
    return table


def _one(row: dict[str, list], predicate: URIRef) -> str | None:
    values = sorted(term.value for term in row.get(str(predicate), []))
    return values[0] if values else None


def _decimal(row: dict[str, list], predicate: URIRef) -> Decimal | None:
    value = _one(row, predicate)
    return None if value is None else Decimal(value)


def read(name: str, report: str, own: list[ox.Quad], shared: list[ox.Quad]) -> Read:
    """A report's year, place, figures and projects due, from its quads."""
    table, places = _table(own), _table(shared)
    found = Read(name, report)
    row = table.get(report, {})
    year = _one(row, GK.year)
    found.year = int(year) if year else None
    found.area = _one(row, GK.place)
    if found.area and found.area in places:
        label = _one(places[found.area], RDFS.label)
        parent = _one(places[found.area], GK.partOf)
        province = _one(places[found.area], GK.province) or (parent and _one(places.get(parent, {}), GK.province))
        names = [_one(places.get(iri, {}), RDFS.label) if iri else None for iri in (parent, province)]
        found.place = Place(label, *names) if label else None
    for subject, row in sorted(table.items()):
        types = {term.value for term in row.get(_TYPE, [])}
        if str(QB.Observation) in types:
            kind = _KINDS.get(_one(row, GK.measureKind) or "")
            period = _one(row, GK.refPeriod)
            if kind and period and _one(row, GK.indicator):
                found.figures.append(Figure(subject, _one(row, GK.indicator), int(period), kind,
                                            _decimal(row, GK.value), _one(row, GK.unit), _decimal(row, GK.growthPct),
                                            _one(row, GK.qualifier)))
        elif str(GK.Project) in types:
            found.status[subject] = _one(row, GK.status)
            dates = (_one(table.get(milestone.value, {}), GK.dueDate) for milestone in row.get(str(GK.milestone), []))
            found.due[subject] = sorted({int(date[:4]) for date in dates if date})
    return found


def record_of(found: Read) -> dict:
    """A Read as JSON, for the cache: what the corpus stage needs of a report without its quads."""
    return {"name": found.name, "report": found.report, "year": found.year, "area": found.area,
            "place": None if found.place is None else [found.place.place, found.place.parent, found.place.province],
            "figures": [[figure.iri, figure.indicator, figure.period, figure.kind, _text(figure.value), figure.unit,
                         _text(figure.growth), figure.qualifier] for figure in found.figures],
            "due": found.due, "status": found.status}


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def read_of(record: dict) -> Read:
    """The Read a cache record keeps."""
    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return Read(record["name"], record["report"], record["year"], record["area"],
                None if record["place"] is None else Place(*record["place"]),
                [Figure(iri, indicator, period, kind, number(value), unit, number(growth), qualifier)
                 for iri, indicator, period, kind, value, unit, growth, qualifier in record["figures"]],
                {project: list(years) for project, years in record["due"].items()},
                {project: sys.intern(status) for project, status in record["status"].items()})


def resolved(reads: list[Read]) -> dict[str, Place]:
    """Each report with a place → the one place of the corpus it is."""
    return resolve({found.name: found.place for found in reads if found.place})


def renamed(quads: list[ox.Quad], old: str | None, new: URIRef | None) -> list[ox.Quad]:
    """The quads with the node `old` replaced by `new`, wherever it stands."""
    if old is None or new is None:
        return quads
    before, after = ox.NamedNode(old), ox.NamedNode(str(new))
    return [ox.Quad(after if quad.subject == before else quad.subject, quad.predicate,
                    after if quad.object == before else quad.object, quad.graph_name) for quad in quads]


def _pair_triples(pair: Pair, area: URIRef, base: str) -> list[tuple]:
    node = commitment_node(base, pair.target.iri)
    return [(node, RDF.type, GK.Commitment), (node, GK.refArea, area),
            (node, GK.refPeriod, Literal(str(pair.target.period), datatype=XSD.gYear)),
            (node, GK.indicator, URIRef(pair.target.indicator)), (node, GK.target, URIRef(pair.target.iri)),
            (node, GK.outcome, URIRef(pair.actual.iri)), (node, GK.comparedOn, GK[pair.measure]),
            (node, GK.verdict, GK.Met if pair.met else GK.Missed),
            (node, GK.margin, decimal_literal(pair.margin))]


def _promise_triples(promise: Promise, area: URIRef, base: str) -> list[tuple]:
    node = commitment_node(base, promise.project)
    triples = [(node, RDF.type, GK.Commitment), (node, GK.refArea, area),
               (node, GK.refPeriod, Literal(str(promise.period), datatype=XSD.gYear)),
               (node, GK.promise, URIRef(promise.project)),
               (node, GK.outcomeStatus, URIRef(promise.status) if promise.status else GK.NotMentioned)]
    if promise.outcome:
        triples.append((node, GK.outcome, URIRef(promise.outcome)))
    return triples


def shared_triples(reads: list[Read], places: dict[str, Place], found: list[Cluster], base: str) -> list[tuple]:
    """The resolved places, each report's report of the year before, and the commitments."""
    by_name = {read.name: read for read in reads}
    triples = [triple for place in sorted(set(places.values()), key=lambda place: place.key) for triple in place_triples(place, base)]
    before = previous({name: (place, by_name[name].year) for name, place in places.items()})
    projects: dict[str, dict[int, str]] = {}  # report → project cluster → its project there
    for number, cluster in enumerate(found):
        if cluster.kind == "project":
            for member in cluster.members:
                projects.setdefault(member.report, {}).setdefault(number, member.iri)

    def same(earlier: str, later: str) -> dict[str, str]:
        """Each project of report `earlier` → the same project in report `later`."""
        there = projects.get(later, {})
        return {iri: there[number] for number, iri in projects.get(earlier, {}).items() if number in there}

    for name, earlier in sorted(before.items()):
        this, that = by_name[name], by_name[earlier]
        area = place_iri(base, *places[name].names)
        triples.append((URIRef(this.report), GK.previousReport, URIRef(that.report)))
        for pair in pairs(that.year, that.figures, this.figures):
            triples += _pair_triples(pair, area, base)
        for promise in promises(that.year, that.due, same(earlier, name), this.status):
            triples += _promise_triples(promise, area, base)
    return triples
