"""IRIs: the one factory (`Minter`) that names a report, its entities, its parts and its quoted spans."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import URIRef

from kg.build.facts import Fact, kind_of, name_of
from kg.kinds import KINDS, Kind, Measure


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


def slug_report(name: str) -> str:
    """A report's id: its file name when that is ASCII already (houma-2024), else its pinyin."""
    ascii_name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return ascii_name if ascii_name and name.isascii() else slug(name, limit=64)


def normal_base(base: str) -> str:
    """The base as IRIs are minted under: a base ending in neither / nor # gets a /."""
    return base if base.endswith(("/", "#")) else base + "/"


def shared_graph(base: str) -> URIRef:
    """The named graph of what a corpus's reports share: places, indicator concepts, things several reports name.

    >>> str(shared_graph("https://example.org"))
    'https://example.org/graph/shared'
    """
    return URIRef(f"{normal_base(base)}graph/shared")


def place_iri(base: str, *names: str | None) -> URIRef:
    """A place under the base, not a report, its path its names from the outermost in: one node for every
    report of the place.

    >>> str(place_iri("https://example.org", "河北省", None, "易县"))
    'https://example.org/place/he2-bei3-sheng3/yi4-xian4'
    """
    return URIRef(f"{normal_base(base)}place/{'/'.join(slug(name, tones=True) for name in names if name)}")


def commitment_node(base: str, promise: str) -> URIRef:
    """The commitment of a target or a promised project (`promise`, its IRI), held against the next report."""
    return URIRef(f"{normal_base(base)}commitment/{hashlib.sha1(promise.encode()).hexdigest()[:16]}")


def same_node(base: str, key: str) -> URIRef:
    """The node of one thing several reports name, whose members are each report's entity."""
    return URIRef(f"{normal_base(base)}same/{key}")


class Minter:
    """The one IRI factory: deterministic, ASCII-safe, unique per report and kind.

    Names are minted in sorted order, so two names with the same pinyin always get the same IRIs.

    >>> minter = Minter("https://example.org", "r")
    >>> minter.mint(Kind.CHAIN, "光伏产业链")
    rdflib.term.URIRef('https://example.org/r/chain/guang-fu-chan-ye-lian')
    >>> str(minter.part(minter.glossary, "x", 1)), str(minter.span(3, 7))
    ('https://example.org/r/glossary/x/1', 'https://example.org/r#char=3,7')
    """

    def __init__(self, base: str, report_id: str):
        self.base = normal_base(base)
        self.report = URIRef(self.base + report_id)
        self._taken: dict[str, str] = {}
        self._seen: dict[tuple[Kind, str], URIRef] = {}

    def mint(self, kind: Kind, name: str) -> URIRef:
        """The IRI of the entity of `kind` called `name` in this report."""
        key = (kind, name)
        if key not in self._seen:
            path = f"{kind.slug}/{slug(name)}"
            if path in self._taken and self._taken[path] != name:
                path += "-" + hashlib.sha1(name.encode()).hexdigest()[:8]
            self._taken[path] = name
            self._seen[key] = URIRef(f"{self.report}/{path}")
        return self._seen[key]

    def span(self, start: int, end: int) -> URIRef:
        """The characters start..end of the report, as an RFC 5147 fragment of its IRI."""
        return URIRef(f"{self.report}#char={start},{end}")

    @staticmethod
    def part(whole: URIRef, *path: str | int) -> URIRef:
        """A node that exists only as part of another (a project's investment, its second milestone)."""
        return URIRef("/".join((whole, *map(str, path))))

    @property
    def glossary(self) -> URIRef:
        """The report's glossary (名词解释), the scheme of its terms."""
        return self.part(self.report, "glossary")

    @property
    def dataset(self) -> URIRef:
        """The report's cube of indicators."""
        return self.part(self.report, "indicators")

    def observation(self, concept: str, period: int, measure: Measure) -> URIRef:
        """One figure of the report's cube: an indicator's actual or target for a year."""
        return self.part(self.dataset, slug(concept), period, measure)

    def indicator(self, concept: str) -> URIRef:
        """An indicator concept under the base, shared by every report."""
        return URIRef(f"{self.base}indicator/{slug(concept)}")

    def place(self, *names: str | None) -> URIRef:
        """A place under the base, not the report: the same city in two reports is one node."""
        return place_iri(self.base, *names)


def fact_order(fact: Fact) -> tuple:
    """Kinds in the table's order, then by name, period and measure: the order facts are minted and mapped in."""
    return KINDS.index(kind_of(fact)), str(name_of(fact)), getattr(fact, "period", 0), getattr(fact, "kind", "")


def minter_for(base: str, doc_name: str, facts: Iterable[Fact]) -> Minter:
    """A Minter that has minted every entity and term of `facts`, the names of one kind in sorted order.

    Two names with one pinyin are told apart by the order they are minted in; minting them all first
    makes an IRI the same whichever fact is mapped or linked first, and lets callers mint it again.
    """
    minter = Minter(base, slug_report(doc_name))
    for fact in sorted(facts, key=fact_order):
        if kind_of(fact) is not Kind.INDICATOR:
            minter.mint(kind_of(fact), name_of(fact))
    return minter
