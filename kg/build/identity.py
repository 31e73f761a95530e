"""Cross-report identity: the same enterprise, chain or project named in several reports of one place.

Reports of the same place link any equal name. Reports of related places (a district and its city,
two districts of one city, two places of one province) link only names of four characters or more:
a short name (长城, 北铜) in two different cities may well be two different companies.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations

from kg.build.places import Place

MIN_SHARED_NAME = 4  # characters a name needs before it can link reports of different places
RULE_LABELS = {"same place": "同一地区", "related places": "相关地区"}  # a link's rule, as the dataset says it


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
    first: Entity
    second: Entity
    name: str
    rule: str  # "same place" or "related places"

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{self.first.iri}|{self.second.iri}".encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]


def relation(here: Place, there: Place) -> str | None:
    """'same place', 'related places' or None."""
    if here.place is None or there.place is None:
        return None
    if (here.place, here.parent, here.province) == (there.place, there.parent, there.province):
        return "same place"
    if here.place == there.place and None in (here.parent, there.parent) and None in (here.province, there.province):
        return "same place"
    related = (here.parent and here.parent in (there.place, there.parent)) \
        or (there.parent and there.parent == here.place) or (here.province and here.province == there.province)
    return "related places" if related else None


def links(entities: list[Entity]) -> list[Link]:
    """Every pair of entities of different reports that the rules say are one, in a stable order."""
    by_name: dict[tuple[str, str], list[Entity]] = {}
    for entity in entities:
        for name in entity.names:
            by_name.setdefault((entity.kind, name), []).append(entity)
    found: dict[tuple[str, str], Link] = {}
    for (_, name), group in sorted(by_name.items()):
        for first, second in combinations(sorted(set(group), key=lambda entity: entity.iri), 2):
            if first.report == second.report or (first.iri, second.iri) in found:
                continue
            rule = relation(first.place, second.place)
            if rule == "same place" or (rule == "related places" and len(name) >= MIN_SHARED_NAME):
                found[(first.iri, second.iri)] = Link(first, second, name, rule)
    return [found[pair] for pair in sorted(found)]
