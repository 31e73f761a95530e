"""Places across reports: one place per real place, its level from its name's suffix, and each report's year before.

Reports name their place unevenly: 清苑区 with its city and province, without them, or as 保定市清苑区.
Records of one name are one place unless their province or their parent differ.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kg.build.mint import place_iri
from kg.vocab import GK

# one administrative unit of a place phrase, the longest suffix first: 保定市清苑区 is 保定市 + 清苑区
_UNIT = re.compile(r"[\u4e00-\u9fff]+?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|县|区|旗|州|盟)")
# the level a suffix gives, the longest suffix first: 自治区 is a province, 区 a district
_SUFFIXES = (("特别行政区", "province"), ("自治区", "province"), ("省", "province"), ("自治州", "city"),
             ("自治县", "county"), ("自治旗", "county"), ("州", "city"), ("盟", "city"), ("县", "county"),
             ("旗", "county"), ("区", "district"), ("市", "city"))
# a level's IRI
LEVELS = {"province": GK.Province, "city": GK.City, "county": GK.County, "district": GK.District}


@dataclass(frozen=True)
class Place:
    """A place as a report names it: its own name, the city it belongs to, its province (each may be unknown)."""
    place: str | None
    parent: str | None = None
    province: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Its names from the outermost in: the path of its IRI."""
        return tuple(name for name in (self.province, self.parent, self.place) if name)

    @property
    def key(self) -> tuple[str, str, str]:
        """An order of places: unknown parts sort first."""
        return self.place or "", self.parent or "", self.province or ""


def level(name: str, parent: str | None = None) -> str | None:
    """The administrative level a name's suffix gives; a 市 under a city is a county-level city.

    >>> level("河北省"), level("保定市"), level("涿州市", "保定市"), level("易县"), level("清苑区")
    ('province', 'city', 'county', 'county', 'district')
    """
    for suffix, found in _SUFFIXES:
        if name.endswith(suffix):
            if found == "city" and suffix == "市" and parent:
                return "county"
            return found
    return None


def split(name: Place) -> Place:
    """A place named with its city or province in one phrase (保定市清苑区), as its parts.

    >>> split(Place("保定市清苑区"))
    Place(place='清苑区', parent='保定市', province=None)
    """
    if name.place in (name.parent, name.province):  # a city that is its own province (上海市): no outer place
        name = Place(name.place, None if name.parent == name.place else name.parent,
                         None if name.province == name.place else name.province)
    units = _UNIT.findall(name.place)
    if len(units) < 2 or "".join(units) != name.place:
        return name
    place, parent, province = units[-1], name.parent, name.province
    for unit in reversed(units[:-1]):
        if level(unit) == "province":
            province = province or unit
        else:
            parent = parent or unit
    return Place(place, parent, province)


def _agrees(one: Place, other: Place) -> bool:
    """Same name, and no province or parent known on both sides that differs."""
    return one.place == other.place and all(
        None in (mine, theirs) or mine == theirs
        for mine, theirs in ((one.parent, other.parent), (one.province, other.province)))


def _merged(one: Place, other: Place) -> Place:
    return replace(one, parent=one.parent or other.parent, province=one.province or other.province)


def resolve(named: dict[str, Place]) -> dict[str, Place]:
    """Each report's place as the one place all records of it make.

    Records are taken the most fully named first; one joins the only place it agrees with. A record
    that agrees with two places (易县 with no province, when two provinces have one) stays apart.
    """
    records = {report: split(name) for report, name in named.items()}
    order = sorted(records, key=lambda report: (-len(records[report].names), records[report].key, report))
    clusters: list[Place] = []
    member: dict[str, int] = {}
    for report in order:
        record = records[report]
        fits = [index for index, cluster in enumerate(clusters) if _agrees(cluster, record)]
        if len(fits) == 1:
            clusters[fits[0]] = _merged(clusters[fits[0]], record)
            member[report] = fits[0]
        else:
            member[report] = len(clusters)
            clusters.append(record)
    return {report: clusters[member[report]] for report in sorted(records)}


def previous(reports: dict[str, tuple[Place, int | None]]) -> dict[str, str]:
    """Each report → the same place's report of the year before, where there is one (the first by name
    when a year has two)."""
    by_year: dict[tuple[Place, int], str] = {}
    for report in sorted(reports):
        place, year = reports[report]
        if year is not None:
            by_year.setdefault((place, year), report)
    return {report: by_year[(place, year - 1)] for report, (place, year) in sorted(reports.items())
            if year is not None and (place, year - 1) in by_year}


def place_triples(place: Place, base: str) -> list[tuple]:
    """A place, its city and its province: label, level, and the links outward."""
    province = place_iri(base, place.province) if place.province else None
    parent = place_iri(base, place.province, place.parent) if place.parent else None
    here = place_iri(base, *place.names)
    triples = []
    for iri, name, outer in ((province, place.province, None), (parent, place.parent, None),
                             (here, place.place, parent)):
        if iri is None:
            continue
        triples += [(iri, RDF.type, GK.Place), (iri, RDFS.label, Literal(name, lang="zh"))]
        if found := level(name, place.parent if iri == here else None):
            triples.append((iri, GK.level, LEVELS[found]))
        if outer is not None:
            triples.append((iri, GK.partOf, outer))
        if province is not None and iri != province:
            triples.append((iri, GK.province, province))
    return triples
