"""Cross-report identity: the same enterprise, chain or project named in several reports of one place.

Reports of the same place link any equal name. Reports of related places (a district and its city,
two districts of one city, two places of one province) link only names of four characters or more:
a short name (长城, 北铜) in two different cities may well be two different companies.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations

MIN_SHARED_NAME = 4  # characters a name needs before it can link reports of different places


@dataclass(frozen=True)
class Place:
    place: str | None
    parent: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Entity:
    report: str
    kind: str  # "enterprise", "project" or "chain"
    iri: str
    names: tuple[str, ...]  # the name first, then its aliases
    mention: str  # the IRI of its first mention, the evidence of a link
    place: Place


@dataclass(frozen=True)
class Link:
    a: Entity
    b: Entity
    name: str
    rule: str  # "same place" or "related places"

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{self.a.iri}|{self.b.iri}".encode()).hexdigest()[:16]


def relation(x: Place, y: Place) -> str | None:
    """'same place', 'related places' or None."""
    if x.place is None or y.place is None:
        return None
    if (x.place, x.parent, x.province) == (y.place, y.parent, y.province):
        return "same place"
    if x.place == y.place and None in (x.parent, y.parent) and None in (x.province, y.province):
        return "same place"
    related = (x.parent and x.parent in (y.place, y.parent)) or (y.parent and y.parent == x.place) \
        or (x.province and x.province == y.province)
    return "related places" if related else None


def links(entities: list[Entity]) -> list[Link]:
    """Every pair of entities of different reports that the rules say are one, in a stable order."""
    by_name: dict[tuple[str, str], list[Entity]] = {}
    for entity in entities:
        for name in entity.names:
            by_name.setdefault((entity.kind, name), []).append(entity)
    found: dict[tuple[str, str], Link] = {}
    for (_, name), group in sorted(by_name.items()):
        for a, b in combinations(sorted(set(group), key=lambda e: e.iri), 2):
            if a.report == b.report or (a.iri, b.iri) in found:
                continue
            rule = relation(a.place, b.place)
            if rule == "same place" or (rule == "related places" and len(name) >= MIN_SHARED_NAME):
                found[(a.iri, b.iri)] = Link(a, b, name, rule)
    return [found[k] for k in sorted(found)]
