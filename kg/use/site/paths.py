"""Where each page of the site goes: file names made safe from IRIs, and links relative to the page they are on."""
from __future__ import annotations

import hashlib

from kg.use.site.data import Report

# file names are at most 255 bytes; a segment is kept well under that, with room for .html, .ttl, .jsonld
_SEGMENT = 160


def _short(segment: str) -> str:
    """The segment, or for one too long to be a file name, its start and a hash of the whole: still unique."""
    if len(segment) <= _SEGMENT:
        return segment
    return segment[:_SEGMENT - 9] + "-" + hashlib.sha1(segment.encode()).hexdigest()[:8]


def path_of(iri: str, report: Report) -> str:
    """Where an IRI's page goes: its path below the report's base, made safe as a relative path.

    Only letters, digits, '-' and '_' survive in a segment, and empty, '.' and '..' segments are
    dropped, so no IRI in a graph can make the site write outside its folder.
    """
    base = report.iri.rsplit("/", 1)[0] + "/"
    rest = iri[len(base):] if iri.startswith(base) else iri.rsplit("/", 1)[-1]
    segments = ["".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in part)
                for part in rest.split("/")]
    return "/".join(_short(seg) for seg in segments if seg.strip("_.")) or "_"


# the folders of the pages across reports; a report whose id is one of them gets its folder prefixed
PLACES, INDICATORS, NAMES = "places", "indicators", "names"
_RESERVED = {PLACES, INDICATORS, NAMES}


def _safe(part: str) -> str:
    return _short("".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in part))


def page_paths(reports: list[Report]) -> dict[str, str]:
    """Each report's and entity's IRI → the site path of its page (from the site root)."""
    pages = {}
    for report in reports:
        top = path_of(report.iri, report)
        prefix = "_" if top.split("/", 1)[0] in _RESERVED else ""
        pages[report.iri] = f"{prefix}{top}/index.html"
        for iris in report.entities.values():
            for iri in iris:
                pages[iri] = prefix + path_of(iri, report) + ".html"
    return pages


def shared_path(folder: str, iri: str, marker: str) -> str:
    """The page of a node shared by reports (a place, an indicator): its IRI's segments after `marker`.

    >>> shared_path("places", "https://w3id.org/govkg/place/he2-bei3-sheng3/bao3-ding4-shi4", "place")
    'places/he2-bei3-sheng3/bao3-ding4-shi4.html'
    """
    rest = iri.split(f"/{marker}/", 1)[1] if f"/{marker}/" in iri else iri.rsplit("/", 1)[-1]
    segments = [seg for seg in (_safe(part) for part in rest.split("/")) if seg.strip("_.")] or ["_"]
    return "/".join([folder, *segments]) + ".html"


def name_paths(folder: str, names: list[str]) -> dict[str, str]:
    """A page for each name (of a chain or an enterprise across reports): its pinyin with tones, and a
    hash of the name where two names read alike."""
    from kg.build.mint import slug

    out, taken = {}, set()
    for name in sorted(names):
        stem = _safe(slug(name, tones=True))
        if stem in taken:
            stem = _safe(f"{stem}-{hashlib.sha1(name.encode()).hexdigest()[:8]}")
        taken.add(stem)
        out[name] = f"{NAMES}/{folder}/{stem}.html"
    return out


def stem_of(page: str) -> str:
    """An entity page's path without .html: its Turtle and JSON-LD files are this with their own suffix."""
    return page[: -len(".html")]


def relative(here: str, target: str) -> str:
    """The link from the page at `here` to `target`, both paths from the site root."""
    return "../" * here.count("/") + target
