"""Cross-report identity: the same enterprise, chain or project named in several reports of one place.

Reports of the same place link any equal name. Reports of related places (a district and its city,
two districts of one city, two places of one province) link only names of four characters or more:
a short name (长城, 北铜) in two different cities may well be two different companies.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kg.build.places import Place
from kg.groups import Groups

MIN_SHARED_NAME = 4  # characters a name needs before it can link reports of different places
RULE_LABELS = {"same place": "同一地区", "related places": "相关地区"}  # a link's rule, as the dataset says it


@dataclass(frozen=True, slots=True)  # a corpus at 16x holds 200,000 of them while it finds the clusters
class Entity:
    report: str
    kind: str  # "enterprise", "project" or "chain"
    iri: str
    names: tuple[str, ...]  # the name first, then its aliases
    mention: str  # the IRI of its first mention, the evidence of a link
    place: Place


@dataclass(frozen=True)
class Cluster:
    """Entities of several reports taken to be one thing: one node in the dataset, whatever their number."""
    kind: str
    members: tuple[Entity, ...]  # sorted by IRI
    names: tuple[str, ...]  # the names that matched: each is held by members of two reports or more
    related: bool  # whether reports of related places, not only of one place, were joined

    @property
    def key(self) -> str:
        # the first member's IRI: a cluster keeps its node while reports of other years join it
        return hashlib.sha1(f"{self.kind}|{self.members[0].iri}".encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        return RULE_LABELS["related places" if self.related else "same place"]


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


def clusters(entities: list[Entity]) -> list[Cluster]:
    """The entities the rules say are one, grouped, in a stable order; only groups that span two reports.

    Linear in the entities but for the places that share a name, which are compared pairwise: the rule is
    between places, so an entity joins its place's group of a name without being compared with each member.
    """
    by_iri = {entity.iri: entity for entity in entities}
    joined = Groups(by_iri)
    related: set[str] = set()

    by_name: dict[tuple[str, str], dict[Place, list[str]]] = {}
    for entity in entities:
        if entity.place.place is None:
            continue
        for name in entity.names:
            by_name.setdefault((entity.kind, name), {}).setdefault(entity.place, []).append(entity.iri)
    for (_, name), by_place in sorted(by_name.items()):
        places = sorted(by_place, key=lambda place: place.key)
        for place in places:
            first, *rest = sorted(by_place[place])
            for iri in rest:
                joined.join(first, iri)
        for i, here in enumerate(places):
            for there in places[i + 1:]:
                rule = relation(here, there)
                if rule == "same place" or (rule == "related places" and len(name) >= MIN_SHARED_NAME):
                    low = joined.join(by_place[here][0], by_place[there][0])
                    if rule == "related places":
                        related.add(low)
    related = {joined.root(iri) for iri in related}
    found = []
    for top, iris in joined.groups().items():
        members = [by_iri[iri] for iri in iris]
        reports: dict[str, set[str]] = {}
        for member in members:
            for name in member.names:
                reports.setdefault(name, set()).add(member.report)
        if len({member.report for member in members}) > 1:
            names = tuple(sorted(name for name, held in reports.items() if len(held) > 1))
            found.append(Cluster(members[0].kind, tuple(members), names, top in related))
    return found
